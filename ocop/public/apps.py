from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    name = "ocop.public"
    label = "public"
    verbose_name = _("Trang công khai và tra cứu QR")

    def ready(self):
        from django.db.models.signals import post_save

        from ocop.certification.signals import certificates_recorded
        from ocop.public import catalogue

        # The catalogue's search rows follow every save of what they are made of (catalogue.py).
        for sender, uid in (
            ("registry.Product", "public_catalogue_product"),
            ("registry.Producer", "public_catalogue_producer"),
            ("certification.Certificate", "public_catalogue_certificate"),
            ("imports.ImportBatch", "public_catalogue_import"),
        ):
            post_save.connect(catalogue.on_saved, sender=sender, dispatch_uid=uid)
        # Certificates are written in bulk (no post_save): certification says which products.
        certificates_recorded.connect(
            catalogue.on_certificates_recorded, dispatch_uid="public_catalogue_bulk"
        )
