from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RulesConfig(AppConfig):
    name = "ocop.rules"
    label = "rules"
    verbose_name = _("Bộ tiêu chí và quy định")
