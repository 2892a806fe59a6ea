"""What provinces do around their OCOP products (issue 11): sales channels, points of sale, trade
promotion events, training, funding, support to producers, value chains, craft villages and
commendations.

Records that belong to a place (points of sale, events, classes, funding, craft villages,
commendations) carry the same address columns as a producer — current province and commune, legacy
province, district and commune — filled by the registry's `complete_address`, so every list and
statistic works in either scheme with the registry's own filters. Records about a producer (sales
channels, support, value chains) are placed by their producer's address.

Amounts are in triệu đồng (millions of dong), as the reports write them ("5.400 triệu đồng").
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ocop.core import vntext
from ocop.registry.models import Producer

AMOUNT = {"max_digits": 14, "decimal_places": 2}


class Located(models.Model):
    """A place in both schemes, with the registry's column names (see `complete_address`)."""

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
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    @property
    def unit(self):
        """The narrowest current unit (for permission checks)."""
        return self.commune or self.province

    def fill_legacy_address(self) -> None:
        """The registry's rule for a producer's address, on the same columns (called by
        `registry.services.complete_address`)."""
        Producer.fill_legacy_address(self)


# --- 1. Sales channels ---------------------------------------------------------------------------


class ChannelKind(models.TextChoices):
    ECOMMERCE = "ecommerce", _("Sàn thương mại điện tử")
    WEBSITE = "website", _("Website, cửa hàng trực tuyến riêng")
    MODERN_RETAIL = "modern_retail", _("Kênh bán lẻ hiện đại (siêu thị, cửa hàng tiện lợi)")
    EXPORT = "export", _("Xuất khẩu")


# Which kinds count as online and as modern channels (DOMAIN §7, the plans of Cà Mau and Long An:
# "kênh bán hàng hiện đại (hệ thống siêu thị, cửa hàng tiện lợi, sàn giao dịch thương mại điện tử…)").
ONLINE_KINDS = frozenset({ChannelKind.ECOMMERCE, ChannelKind.WEBSITE})
MODERN_KINDS = frozenset({ChannelKind.ECOMMERCE, ChannelKind.WEBSITE, ChannelKind.MODERN_RETAIL})


class Platform(models.TextChoices):
    # The order is the order reports name them in.
    SHOPEE = "shopee", "Shopee"
    LAZADA = "lazada", "Lazada"
    TIKI = "tiki", "Tiki"
    TIKTOK = "tiktok", "TikTok Shop"
    SENDO = "sendo", "Sendo"
    SAN_247 = "247", "24/7"
    POSTMART = "postmart", "Post Mart"
    VOSO = "voso", "Voso"
    OTHER = "other", _("Sàn khác")


# Hosts a listing on each platform lives on (a listing URL elsewhere is refused); platforms not
# named here accept any http(s) address.
PLATFORM_HOSTS = {
    Platform.SHOPEE: ("shopee.vn",),
    Platform.LAZADA: ("lazada.vn",),
    Platform.TIKI: ("tiki.vn",),
    Platform.TIKTOK: ("tiktok.com",),
    Platform.SENDO: ("sendo.vn",),
    Platform.POSTMART: ("postmart.vn",),
    Platform.VOSO: ("voso.vn",),
}


class SalesChannel(models.Model):
    producer = models.ForeignKey(
        "registry.Producer",
        on_delete=models.CASCADE,
        related_name="sales_channels",
        verbose_name=_("chủ thể"),
    )
    product = models.ForeignKey(
        "registry.Product",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="sales_channels",
        verbose_name=_("sản phẩm"),
        help_text=_("Để trống khi kênh bán mọi sản phẩm của chủ thể."),
    )
    kind = models.CharField(_("loại kênh"), max_length=16, choices=ChannelKind.choices)
    platform = models.CharField(
        _("sàn thương mại điện tử"), max_length=10, choices=Platform.choices, blank=True
    )
    retailer = models.CharField(_("hệ thống bán lẻ / đối tác"), max_length=200, blank=True)
    country = models.CharField(_("nước xuất khẩu"), max_length=100, blank=True)
    listing_url = models.URLField(_("địa chỉ gian hàng (URL)"), max_length=500, blank=True)
    started_on = models.DateField(_("từ ngày"), null=True, blank=True)
    ended_on = models.DateField(_("đến ngày"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kênh bán hàng")
        verbose_name_plural = _("kênh bán hàng")
        ordering = ["producer__sort_key", "id"]
        indexes = [models.Index(fields=["kind", "producer"])]

    def __str__(self) -> str:
        return f"{self.producer} — {self.outlet}"

    @property
    def outlet(self) -> str:
        """Where it sells: the platform, the retailer or the country."""
        if self.kind == ChannelKind.ECOMMERCE:
            return self.get_platform_display() if self.platform != Platform.OTHER else self.retailer
        if self.kind == ChannelKind.MODERN_RETAIL:
            return self.retailer
        if self.kind == ChannelKind.EXPORT:
            return self.country
        return self.listing_url or self.retailer


# --- 2. Points of sale ---------------------------------------------------------------------------


class PointKind(models.TextChoices):
    POINT = "point", _("Điểm giới thiệu và bán sản phẩm OCOP")
    SHOWROOM = "showroom", _("Trung tâm, phòng trưng bày sản phẩm OCOP")
    SHOP = "shop", _("Cửa hàng đặc sản, điểm mua sắm")


class PointStatus(models.TextChoices):
    PLANNED = "planned", _("Đang xây dựng")
    ACTIVE = "active", _("Đang hoạt động")
    CLOSED = "closed", _("Ngừng hoạt động")


class PointOfSale(Located):
    name = models.CharField(_("tên điểm bán"), max_length=255)
    kind = models.CharField(_("loại"), max_length=10, choices=PointKind.choices, default=PointKind.POINT)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    operator = models.CharField(_("đơn vị vận hành"), max_length=255, blank=True)
    operator_producer = models.ForeignKey(
        "registry.Producer",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="points_of_sale",
        verbose_name=_("chủ thể vận hành"),
    )
    opened_on = models.DateField(_("ngày khai trương"), null=True, blank=True)
    closed_on = models.DateField(_("ngày ngừng hoạt động"), null=True, blank=True)
    status = models.CharField(
        _("tình trạng"), max_length=10, choices=PointStatus.choices, default=PointStatus.ACTIVE
    )
    products = models.ManyToManyField(
        "registry.Product", blank=True, related_name="points_of_sale", verbose_name=_("sản phẩm bày bán")
    )
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    search_name = models.CharField(max_length=255, editable=False, db_index=True)

    class Meta:
        verbose_name = _("điểm giới thiệu và bán sản phẩm")
        verbose_name_plural = _("điểm giới thiệu và bán sản phẩm")
        ordering = ["-opened_on", "name", "id"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.search_name = vntext.fold(self.name)
        super().save(*args, **kwargs)


# --- 3. Trade promotion events -------------------------------------------------------------------


class EventKind(models.TextChoices):
    FAIR = "fair", _("Hội chợ")
    EXHIBITION = "exhibition", _("Triển lãm")
    WEEK = "week", _("Tuần lễ, ngày hội")
    MARKET = "market", _("Phiên chợ OCOP")
    CONFERENCE = "conference", _("Hội nghị kết nối cung cầu")
    OTHER = "other", _("Sự kiện khác")


class EventLocation(models.TextChoices):
    IN_PROVINCE = "in_province", _("Trong tỉnh")
    OTHER_PROVINCE = "other_province", _("Tỉnh, thành phố khác")
    ABROAD = "abroad", _("Nước ngoài")


class TradeEvent(Located):
    """An event the province organised or took part in; its place columns are the province whose
    activity it is, `location` says where it was held."""

    name = models.CharField(_("tên sự kiện"), max_length=255)
    kind = models.CharField(_("loại sự kiện"), max_length=12, choices=EventKind.choices)
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"))
    location = models.CharField(_("nơi tổ chức"), max_length=16, choices=EventLocation.choices)
    venue = models.CharField(_("địa điểm"), max_length=255, blank=True)
    host_province = models.ForeignKey(
        "geo.AdminUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": "province"},
        verbose_name=_("tỉnh, thành phố nơi tổ chức"),
    )
    country = models.CharField(_("quốc gia"), max_length=100, blank=True)
    organiser = models.CharField(_("đơn vị tổ chức"), max_length=255, blank=True)
    producers = models.ManyToManyField(
        "registry.Producer", blank=True, related_name="trade_events", verbose_name=_("chủ thể tham gia")
    )
    products = models.ManyToManyField(
        "registry.Product", blank=True, related_name="trade_events", verbose_name=_("sản phẩm tham gia")
    )
    booths = models.PositiveIntegerField(_("số gian hàng"), null=True, blank=True)
    revenue = models.DecimalField(_("doanh thu (triệu đồng)"), null=True, blank=True, **AMOUNT)
    contracts = models.PositiveIntegerField(_("số hợp đồng, biên bản ghi nhớ"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    search_name = models.CharField(max_length=255, editable=False, db_index=True)

    class Meta:
        verbose_name = _("sự kiện xúc tiến thương mại")
        verbose_name_plural = _("sự kiện xúc tiến thương mại")
        ordering = ["-start_date", "id"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.search_name = vntext.fold(self.name)
        super().save(*args, **kwargs)


# --- 4. Training ---------------------------------------------------------------------------------


class TrainingClass(Located):
    topic = models.CharField(_("chủ đề"), max_length=255)
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"))
    venue = models.CharField(_("địa điểm"), max_length=255, blank=True)
    organiser = models.CharField(_("đơn vị tổ chức"), max_length=255)
    trainers = models.CharField(_("giảng viên, báo cáo viên"), max_length=500, blank=True)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    search_name = models.CharField(max_length=255, editable=False, db_index=True)

    class Meta:
        verbose_name = _("lớp tập huấn")
        verbose_name_plural = _("lớp tập huấn")
        ordering = ["-start_date", "id"]

    def __str__(self) -> str:
        return f"{self.topic} ({self.start_date:%d/%m/%Y})"

    def save(self, *args, **kwargs):
        self.search_name = vntext.fold(self.topic)
        super().save(*args, **kwargs)


class ParticipantKind(models.TextChoices):
    PRODUCER = "producer", _("Chủ thể OCOP")
    OFFICIAL = "official", _("Cán bộ")


class TrainingParticipant(models.Model):
    training_class = models.ForeignKey(
        TrainingClass, on_delete=models.CASCADE, related_name="participants", verbose_name=_("lớp tập huấn")
    )
    kind = models.CharField(_("đối tượng"), max_length=10, choices=ParticipantKind.choices)
    producer = models.ForeignKey(
        "registry.Producer",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="trainings",
        verbose_name=_("chủ thể"),
    )
    name = models.CharField(_("họ tên học viên"), max_length=150, blank=True)
    organisation = models.CharField(_("đơn vị công tác"), max_length=255, blank=True)
    attended = models.BooleanField(_("có tham dự"), default=True)

    class Meta:
        verbose_name = _("học viên")
        verbose_name_plural = _("học viên")
        ordering = ["training_class", "kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["training_class", "producer"],
                condition=models.Q(producer__isnull=False),
                name="one_registration_per_producer_and_class",
            )
        ]

    def __str__(self) -> str:
        return self.name or str(self.producer)


# --- 5. Funding ----------------------------------------------------------------------------------


class FundingSource(models.TextChoices):
    CENTRAL = "central", _("Ngân sách trung ương")
    LOCAL = "local", _("Ngân sách địa phương")
    CREDIT = "credit", _("Vốn tín dụng")
    PRODUCERS = "producers", _("Vốn của chủ thể")
    OTHER = "other", _("Nguồn khác")


class Funding(Located):
    year = models.PositiveSmallIntegerField(_("năm"))
    source = models.CharField(_("nguồn vốn"), max_length=10, choices=FundingSource.choices)
    purpose = models.CharField(_("nội dung sử dụng"), max_length=500, blank=True)
    amount = models.DecimalField(_("số tiền (triệu đồng)"), **AMOUNT)

    class Meta:
        verbose_name = _("nguồn lực huy động")
        verbose_name_plural = _("nguồn lực huy động")
        ordering = ["-year", "source", "id"]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.year}: {self.amount} triệu đồng"


# --- 6. Support, value chains, craft villages ----------------------------------------------------


class SupportKind(models.TextChoices):
    PACKAGING = "packaging", _("Thiết kế bao bì, nhãn mác")
    LOGO = "logo", _("Thiết kế logo, nhận diện thương hiệu")
    TRACEABILITY = "traceability", _("Tem truy xuất nguồn gốc")
    IP = "ip", _("Đăng ký sở hữu trí tuệ, nhãn hiệu")
    EQUIPMENT = "equipment", _("Máy móc, trang thiết bị")
    VIETGAP = "vietgap", _("Chứng nhận VietGAP")
    ORGANIC = "organic", _("Chứng nhận hữu cơ")
    ISO = "iso", _("Chứng nhận ISO")
    HACCP = "haccp", _("Chứng nhận HACCP")
    QUALITY_OTHER = "quality_other", _("Chứng nhận chất lượng khác")
    TRAINING = "training", _("Đào tạo, tư vấn")
    PROMOTION = "promotion", _("Xúc tiến thương mại, quảng bá")
    OTHER = "other", _("Hỗ trợ khác")


class Support(models.Model):
    producer = models.ForeignKey(
        "registry.Producer", on_delete=models.CASCADE, related_name="supports", verbose_name=_("chủ thể")
    )
    product = models.ForeignKey(
        "registry.Product",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="supports",
        verbose_name=_("sản phẩm"),
    )
    kind = models.CharField(_("nội dung hỗ trợ"), max_length=14, choices=SupportKind.choices)
    detail = models.CharField(_("chi tiết"), max_length=500, blank=True)
    amount = models.DecimalField(_("kinh phí (triệu đồng)"), null=True, blank=True, **AMOUNT)
    source = models.CharField(_("nguồn vốn"), max_length=10, choices=FundingSource.choices, blank=True)
    date = models.DateField(_("ngày hỗ trợ"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("hỗ trợ chủ thể")
        verbose_name_plural = _("hỗ trợ chủ thể")
        ordering = ["-date", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.producer}"


class ValueChain(models.Model):
    """A producer's part in a value chain (chuỗi giá trị), circular-economy ones marked."""

    producer = models.ForeignKey(
        "registry.Producer", on_delete=models.CASCADE, related_name="value_chains", verbose_name=_("chủ thể")
    )
    name = models.CharField(_("chuỗi giá trị"), max_length=255)
    circular = models.BooleanField(_("theo hướng kinh tế tuần hoàn"), default=False)
    raw_material_area = models.CharField(_("vùng nguyên liệu"), max_length=255, blank=True)
    partners = models.CharField(_("đối tác liên kết"), max_length=500, blank=True)
    started_on = models.DateField(_("từ ngày"), null=True, blank=True)
    ended_on = models.DateField(_("đến ngày"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("chuỗi giá trị")
        verbose_name_plural = _("chuỗi giá trị")
        ordering = ["producer__sort_key", "id"]

    def __str__(self) -> str:
        return f"{self.name} — {self.producer}"


class CraftVillage(Located):
    """A craft village (làng nghề); it has an OCOP product when one of its products holds a valid
    certificate (computed by the statistics, not entered)."""

    name = models.CharField(_("tên làng nghề"), max_length=255)
    traditional = models.BooleanField(_("làng nghề truyền thống"), default=True)
    recognised_on = models.DateField(_("ngày công nhận"), null=True, blank=True)
    craft = models.CharField(_("nghề"), max_length=255, blank=True)
    products = models.ManyToManyField(
        "registry.Product",
        blank=True,
        related_name="craft_villages",
        verbose_name=_("sản phẩm của làng nghề"),
    )
    search_name = models.CharField(max_length=255, editable=False, db_index=True)

    class Meta:
        verbose_name = _("làng nghề")
        verbose_name_plural = _("làng nghề")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.search_name = vntext.fold(self.name)
        super().save(*args, **kwargs)


# --- 7. Commendations ----------------------------------------------------------------------------


class CommendationRecipient(models.TextChoices):
    COLLECTIVE = "collective", _("Tập thể")
    INDIVIDUAL = "individual", _("Cá nhân")


class Commendation(Located):
    recipient = models.CharField(_("tập thể / cá nhân được khen"), max_length=255)
    recipient_kind = models.CharField(_("đối tượng"), max_length=10, choices=CommendationRecipient.choices)
    producer = models.ForeignKey(
        "registry.Producer",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="commendations",
        verbose_name=_("chủ thể (nếu là chủ thể OCOP)"),
    )
    form = models.CharField(_("hình thức khen thưởng"), max_length=150)  # "Bằng khen", "Giấy khen"
    issuer = models.CharField(_("cấp khen"), max_length=255)  # "Chủ tịch UBND tỉnh"
    decision = models.CharField(_("số quyết định"), max_length=100, blank=True)
    date = models.DateField(_("ngày quyết định"))
    reason = models.CharField(_("thành tích"), max_length=500, blank=True)
    search_name = models.CharField(max_length=255, editable=False, db_index=True)

    class Meta:
        verbose_name = _("khen thưởng")
        verbose_name_plural = _("khen thưởng")
        ordering = ["-date", "id"]

    def __str__(self) -> str:
        return f"{self.recipient} ({self.form})"

    def save(self, *args, **kwargs):
        self.search_name = vntext.fold(self.recipient)
        super().save(*args, **kwargs)
