"""The evaluation app's domain error: services raise it with a Vietnamese message; forms and the
API show it (a field error or a 400), never a server error."""

from django.core.exceptions import ValidationError


class EvaluationError(ValidationError):
    pass
