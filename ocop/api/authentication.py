"""Token authentication with a lifetime (`API_TOKEN_TTL_HOURS`). Kept apart from the token views:
DRF imports this class while it builds `APIView`, so it must not import views."""

import datetime

from django.conf import settings
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication


def token_lifetime() -> datetime.timedelta:
    return datetime.timedelta(hours=settings.API_TOKEN_TTL_HOURS)


def expired(token) -> bool:
    return token.created < timezone.now() - token_lifetime()


class ExpiringTokenAuthentication(TokenAuthentication):
    """A token older than its lifetime is refused (401) and deleted."""

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if expired(token):
            token.delete()
            raise exceptions.AuthenticationFailed("Mã truy cập đã hết hạn. Vui lòng lấy mã mới.")
        return user, token
