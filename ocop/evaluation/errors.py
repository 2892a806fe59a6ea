"""The evaluation app's domain error: services raise it with a message translated when raised
(gettext, in the active language); forms and the API show it (a field error or a 400), never a
server error."""

from django.core.exceptions import ValidationError


class EvaluationError(ValidationError):
    pass
