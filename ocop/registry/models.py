"""Producers (chủ thể OCOP) and their products.

A producer's address is kept in the current scheme (province required, commune when known) and,
where the source gave it, in the legacy scheme too, so lists work in either scheme.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ocop.core import vntext


class ProducerType(models.TextChoices):
    COOPERATIVE = "cooperative", _("Hợp tác xã")
    COOP_GROUP = "coop_group", _("Tổ hợp tác")
    ENTERPRISE = "enterprise", _("Doanh nghiệp")
    HOUSEHOLD = "household", _("Hộ sản xuất kinh doanh")


class Producer(models.Model):
    name = models.CharField(_("tên chủ thể"), max_length=255)
    producer_type = models.CharField(_("loại hình chủ thể"), max_length=12, choices=ProducerType.choices)
    is_sme = models.BooleanField(_("doanh nghiệp nhỏ và vừa"), default=False)
    tax_code = models.CharField(_("mã số thuế / số ĐKKD"), max_length=20, blank=True, db_index=True)
    representative = models.CharField(_("người đại diện"), max_length=150, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    province = models.ForeignKey(
        "geo.AdminUnit",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"scheme": "current", "level": "province"},
        verbose_name=_("tỉnh/thành phố"),
    )
    commune = models.ForeignKey(
        "geo.AdminUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"scheme": "current", "level": "commune"},
        verbose_name=_("xã/phường"),
    )
    legacy_province = models.ForeignKey(
        "geo.AdminUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"scheme": "legacy", "level": "province"},
        verbose_name=_("tỉnh (cũ)"),
    )
    legacy_district = models.ForeignKey(
        "geo.AdminUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"scheme": "legacy", "level": "district"},
        verbose_name=_("huyện (cũ)"),
    )
    legacy_commune = models.ForeignKey(
        "geo.AdminUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"scheme": "legacy", "level": "commune"},
        verbose_name=_("xã (cũ)"),
    )
    women_led = models.BooleanField(_("do phụ nữ làm chủ"), default=False)
    ethnic_minority_led = models.BooleanField(_("do người dân tộc thiểu số làm chủ"), default=False)
    search_name = models.CharField(max_length=255, editable=False, db_index=True)
    sort_key = models.CharField(max_length=800, editable=False, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("chủ thể OCOP")
        verbose_name_plural = _("chủ thể OCOP")
        ordering = ["sort_key", "id"]
        indexes = [models.Index(fields=["province", "search_name"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.fill_derived()
        super().save(*args, **kwargs)

    def fill_derived(self) -> None:
        """Search and sort columns and the legacy address (also called by bulk imports and the
        demo, which bypass save())."""
        self.search_name = vntext.fold(self.name)
        self.sort_key = vntext.sort_key(self.name)
        self.fill_legacy_address()

    def fill_legacy_address(self) -> None:
        """A producer known only by its current commune gets the legacy commune, district and
        province the mapping gives without guessing, so legacy lists and statistics count it."""
        if (
            not self.commune_id
            or self.legacy_commune_id
            or self.legacy_district_id
            or self.legacy_province_id
        ):
            return
        from ocop.geo.resolver import legacy_address_of

        legacy = legacy_address_of(self.commune_id)
        self.legacy_commune_id = legacy.commune_id
        self.legacy_district_id = legacy.district_id
        self.legacy_province_id = legacy.province_id


class ProductStatus(models.TextChoices):
    ACTIVE = "active", _("Đang sản xuất")
    DISCONTINUED = "discontinued", _("Ngừng sản xuất")


class Product(models.Model):
    name = models.CharField(_("tên sản phẩm"), max_length=255)
    producer = models.ForeignKey(
        Producer, on_delete=models.PROTECT, related_name="products", verbose_name=_("chủ thể")
    )
    group = models.ForeignKey(
        "rules.ProductGroup",
        on_delete=models.PROTECT,
        related_name="products",
        verbose_name=_("nhóm sản phẩm"),
    )
    product_set = models.ForeignKey(
        "rules.ProductSet",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="products",
        verbose_name=_("bộ sản phẩm"),
    )
    description = models.TextField(_("mô tả"), blank=True)
    story = models.TextField(_("câu chuyện sản phẩm"), blank=True)
    raw_material_area = models.CharField(_("vùng nguyên liệu"), max_length=255, blank=True)
    packaging_notes = models.TextField(_("bao bì, nhãn mác"), blank=True)
    status = models.CharField(
        _("tình trạng"), max_length=12, choices=ProductStatus.choices, default=ProductStatus.ACTIVE
    )
    # GTIN-8/12/13/14 of the trade item (the barcode), stored as 14 digits; QR stamps of a
    # product with a GTIN carry a GS1 Digital Link (/01/<GTIN>).
    gtin = models.CharField(_("mã GTIN (mã vạch)"), max_length=14, blank=True, db_index=True)
    search_name = models.CharField(max_length=255, editable=False, db_index=True)
    sort_key = models.CharField(max_length=800, editable=False, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("sản phẩm")
        verbose_name_plural = _("sản phẩm")
        ordering = ["sort_key", "id"]
        # One product of a name per producer, names compared folded (case and diacritics aside):
        # enforced by the database, whatever path writes (form, API, import, demo).
        constraints = [
            models.UniqueConstraint(fields=["producer", "search_name"], name="registry_product_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.fill_derived()
        super().save(*args, **kwargs)

    def fill_derived(self) -> None:
        self.search_name, self.sort_key = self.derived(self.name)

    @staticmethod
    def derived(name: str) -> tuple[str, str]:
        """(search_name, sort_key) of a product called `name` (bulk imports write them as values)."""
        return vntext.fold(name), vntext.sort_key(name)


class ProductImage(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(_("ảnh"), upload_to="products/%Y/")
    caption = models.CharField(_("chú thích"), max_length=200, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ảnh sản phẩm")
        verbose_name_plural = _("ảnh sản phẩm")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.caption or self.image.name
