"""The API's answer to a service's domain error: a 400 with the messages by field.

Services raise Django's `ValidationError` or a subclass (`CertificationError` …) with Vietnamese,
translatable messages; REST framework only knows its own ValidationError and would answer 500."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(detail=detail)
    return drf_exception_handler(exc, context)
