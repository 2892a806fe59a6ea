from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificationConfig(AppConfig):
    name = "ocop.certification"
    label = "certification"
    verbose_name = _("Công nhận và giấy chứng nhận")

    def ready(self):
        from django.db.models.signals import post_save

        from ocop.certification import facts

        # Certificates copy a few columns of their product and producer (see facts.py).
        post_save.connect(
            facts.on_product_saved, sender="registry.Product", dispatch_uid="cert_facts_product"
        )
        post_save.connect(
            facts.on_producer_saved, sender="registry.Producer", dispatch_uid="cert_facts_producer"
        )
