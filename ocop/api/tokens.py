"""API tokens that expire (`API_TOKEN_TTL_HOURS`) and end with the password or a sign-out.

A token older than its lifetime is refused and deleted; asking for a token again gives a new one.
Changing the password, signing out (the page or `POST /api/v1/auth/logout/`) deletes the user's
token, so a leaked token stops working when its owner reacts.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_out
from django.db.models.signals import pre_save
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import permissions, serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from ocop.accounts.access import access
from ocop.accounts.lockout import lockout_response
from ocop.api.authentication import expired, token_lifetime

TokenAnswer = inline_serializer(
    "TokenAnswer",
    {
        "token": serializers.CharField(help_text="Gửi trong tiêu đề `Authorization: Token …`"),
        "expires": serializers.DateTimeField(help_text="Thời điểm mã hết hạn"),
    },
)


@access(public=True)
class ObtainToken(ObtainAuthToken):
    """Lấy mã truy cập API bằng tên đăng nhập và mật khẩu. Đăng nhập sai nhiều lần sẽ tạm bị khóa."""

    throttle_scope = "login"

    @extend_schema(summary="Lấy mã truy cập", responses={200: TokenAnswer})
    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        valid = serializer.is_valid()
        # django-axes marks the request it saw, DRF's wrapper, not the one its middleware sees.
        if getattr(request, "axes_locked_out", False):
            return lockout_response(request._request)
        if not valid:
            raise ValidationError(serializer.errors)
        user = serializer.validated_data["user"]
        token = Token.objects.filter(user=user).first()
        if token is not None and expired(token):
            token.delete()
            token = None
        token = token or Token.objects.create(user=user)
        return Response({"token": token.key, "expires": token.created + token_lifetime()})


@access(login=True)
class RevokeToken(APIView):
    """Đăng xuất khỏi API: xóa mã truy cập của bạn."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(summary="Xóa mã truy cập (đăng xuất)", request=None, responses={204: None})
    def post(self, request):
        Token.objects.filter(user=request.user).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


def _delete_tokens_on_logout(sender, request, user, **kwargs):
    if user is not None:
        Token.objects.filter(user=user).delete()


def _delete_tokens_on_password_change(sender, instance, update_fields=None, **kwargs):
    if instance.pk is None or (update_fields is not None and "password" not in update_fields):
        return
    old = sender.objects.filter(pk=instance.pk).values_list("password", flat=True).first()
    if old is not None and old != instance.password:
        Token.objects.filter(user_id=instance.pk).delete()


def connect() -> None:
    user_logged_out.connect(_delete_tokens_on_logout, dispatch_uid="ocop.api.tokens.logout")
    pre_save.connect(
        _delete_tokens_on_password_change, sender=get_user_model(), dispatch_uid="ocop.api.tokens.password"
    )
