from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RulesConfig(AppConfig):
    name = "ocop.rules"
    label = "rules"
    verbose_name = _("Bộ tiêu chí và quy định")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from ocop.rules.models import Regime
        from ocop.rules.selectors import clear_cache

        def regimes_changed(**kwargs):
            clear_cache()

        post_save.connect(regimes_changed, sender=Regime, weak=False, dispatch_uid="rules-regime-save")
        post_delete.connect(regimes_changed, sender=Regime, weak=False, dispatch_uid="rules-regime-delete")
