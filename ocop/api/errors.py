"""The API's answer to a service's domain error: a 400 with the messages by field.

Services raise Django's `ValidationError` or a subclass (`CertificationError` …) with Vietnamese,
translatable messages; REST framework only knows its own ValidationError and would answer 500."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

NON_FIELD_ERRORS = api_settings.NON_FIELD_ERRORS_KEY


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        # A message not about one field ("__all__" in Django) is REST framework's non_field_errors.
        detail = exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.messages}
        detail = {NON_FIELD_ERRORS if key == "__all__" else key: value for key, value in detail.items()}
        exc = exceptions.ValidationError(detail=detail)
    return drf_exception_handler(exc, context)
