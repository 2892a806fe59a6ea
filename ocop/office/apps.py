from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficeConfig(AppConfig):
    """The officials' pages on producers, products and certificates. An edge app: it is where the
    registry and certification meet on one page, so neither of them has to import the other's UI."""

    name = "ocop.office"
    label = "office"
    verbose_name = _("Nghiệp vụ của cán bộ")
