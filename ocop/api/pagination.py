"""Lists are paged: `?limit=` up to API_MAX_LIMIT rows (setting), `?offset=`."""

from django.conf import settings
from rest_framework.pagination import LimitOffsetPagination


class Pagination(LimitOffsetPagination):
    default_limit = 50

    @property
    def max_limit(self):
        return settings.API_MAX_LIMIT
