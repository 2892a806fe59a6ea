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
        # A catalogue filtered by stars or province is read in Vietnamese order within it.
        indexes = [
            models.Index(fields=["stars", "sort_key"], name="public_cat_stars_order"),
            models.Index(fields=["province", "sort_key"], name="public_cat_province_order"),
        ]

    def __str__(self) -> str:
        return self.name_text


class CatalogueWord(models.Model):
    """Every word (folded, space-separated token) of the catalogue's texts. A search first finds
    the words that equal, start with or contain each query word here (a few thousand short rows),
    then, on PostgreSQL, the entries holding those words through the array indexes of migration
    0004. Written only by `catalogue.catalogue_sync`; a word no entry uses any more is harmless
    (it matches nothing) and goes at the next full rebuild."""

    word = models.TextField(primary_key=True)

    class Meta:
        verbose_name = _("từ trong danh mục công khai")
        verbose_name_plural = _("từ trong danh mục công khai")

    def __str__(self) -> str:
        return self.word


class CatalogueNameWord(models.Model):
    """A word of an entry's name, with the entry's sort key and copies of its status dates, stars
    and province. On PostgreSQL an index keyed (word, sort_key, entry) and holding those copies
    (migration 0004) lists the valid entries whose name holds a word in Vietnamese order, from
    the index alone: a search reads the first 20 without sorting or visiting thousands
    (catalogue.py). Written only by `catalogue.catalogue_sync`."""

    pk = models.CompositePrimaryKey("entry", "word")
    entry = models.ForeignKey(CatalogueEntry, on_delete=models.CASCADE, related_name="+", db_index=False)
    word = models.TextField()
    sort_key = models.CharField(max_length=800)  # the entry's
    # The entry's copies (same names, so `status_q` and the filters apply here too).
    stars = models.PositiveSmallIntegerField(null=True)
    valid_from = models.DateField(null=True)
    valid_until = models.DateField(null=True)
    notice_from = models.DateField(null=True)
    revoked_on = models.DateField(null=True)
    superseded_on = models.DateField(null=True)
    province = models.ForeignKey(
        "geo.AdminUnit", null=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )

    class Meta:
        verbose_name = _("từ trong tên sản phẩm")
        verbose_name_plural = _("từ trong tên sản phẩm")

    def __str__(self) -> str:
        return f"{self.word} · {self.entry_id}"


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
