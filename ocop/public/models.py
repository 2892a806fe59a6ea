"""The public side's own rows: the catalogue's search index and the QR scans.

Neither holds personal data: a scan keeps its time, the verdict it was shown, a device class and,
only when the visitor chose to tell it, a province.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CatalogueEntry(models.Model):
    """One row per product that ever had a certificate: folded text to search (product, producer
    and places in both schemes) and the product's latest certificate. Written only by
    `catalogue.catalogue_sync`."""

    product = models.OneToOneField(
        "registry.Product", on_delete=models.CASCADE, primary_key=True, related_name="catalogue_entry"
    )
    certificate = models.ForeignKey(
        "certification.Certificate", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    name_text = models.CharField(max_length=255)  # folded product name
    search_text = models.TextField()  # folded product name, producer name and places
    sort_key = models.CharField(max_length=800, db_index=True)
    # Copies of the latest certificate's stars and status dates (same names as on Certificate, so
    # certification's `status_q` filters this table) and of the product's filter columns.
    stars = models.PositiveSmallIntegerField(null=True)
    valid_from = models.DateField(null=True)
    valid_until = models.DateField(null=True)
    notice_from = models.DateField(null=True)
    revoked_on = models.DateField(null=True)
    superseded_on = models.DateField(null=True)
    province = models.ForeignKey("geo.AdminUnit", null=True, on_delete=models.SET_NULL, related_name="+")
    group_code = models.CharField(max_length=30, blank=True)
    set_code = models.CharField(max_length=40, blank=True)
    producer_type = models.CharField(max_length=12, blank=True)

    class Meta:
        verbose_name = _("mục danh mục công khai")
        verbose_name_plural = _("danh mục công khai")

    def __str__(self) -> str:
        return self.name_text


class DeviceClass(models.TextChoices):
    PHONE = "phone", _("Điện thoại")
    TABLET = "tablet", _("Máy tính bảng")
    DESKTOP = "desktop", _("Máy tính")
    OTHER = "other", _("Khác")


class ScanEvent(models.Model):
    """One opening of a verification page (a QR scan or a typed code)."""

    certificate = models.ForeignKey(
        "certification.Certificate",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("giấy chứng nhận"),
    )
    scanned_at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    # The certificate's status shown to the visitor (certification.models.Status).
    status = models.CharField(_("tình trạng khi quét"), max_length=12)
    device_class = models.CharField(_("thiết bị"), max_length=8, choices=DeviceClass.choices)
    province = models.ForeignKey(
        "geo.AdminUnit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("tỉnh/thành phố nơi quét"),
    )

    class Meta:
        verbose_name = _("lượt quét mã")
        verbose_name_plural = _("lượt quét mã")
        indexes = [models.Index(fields=["certificate", "scanned_at"])]

    def __str__(self) -> str:
        return f"{self.certificate_id} @ {self.scanned_at:%Y-%m-%d %H:%M}"
