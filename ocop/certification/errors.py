"""The domain error of certification: a recognition or certificate that breaks a rule.

Services raise it with translatable messages, keyed by the field they concern where there is one;
forms show it beside the fields (`ocop.core.forms.add_service_errors`) and the API as a 400.
"""

from django.core.exceptions import ValidationError


class CertificationError(ValidationError):
    """A certification rule refused the write. `errors_by_index` (bulk writes) maps the position
    of each refused recognition to its errors."""

    def __init__(self, message, code=None, params=None, errors_by_index=None):
        super().__init__(message, code, params)
        self.errors_by_index = errors_by_index or {}
