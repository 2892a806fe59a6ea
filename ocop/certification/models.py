"""Recognitions (công nhận) and their certificates.

A certificate is identified in practice by its recognition decision (number, date, issuer). Its
status at any date follows from its dates and events — see `status_q` in selectors — so nothing
has to be recomputed when a day passes.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    NEW = "new", _("Công nhận mới")
    RENEWED = "renewed", _("Công nhận lại")
    UPGRADED = "upgraded", _("Nâng hạng")
    DOWNGRADED = "downgraded", _("Hạ hạng")


class IssuerLevel(models.TextChoices):
    DISTRICT = "district", _("Cấp huyện")
    PROVINCE = "province", _("Cấp tỉnh")
    CENTRAL = "central", _("Trung ương")


class Status(models.TextChoices):
    ACTIVE = "active", _("Còn hiệu lực")
    EXPIRING = "expiring", _("Sắp hết hạn")
    EXPIRED = "expired", _("Hết hạn")
    REVOKED = "revoked", _("Đã thu hồi")
    SUPERSEDED = "superseded", _("Đã được thay thế")


class RevocationGround(models.TextChoices):
    NOT_REEVALUATED = "not_reevaluated", _("Không đánh giá lại đúng hạn")
    MANDATORY_FAILED = "mandatory_failed", _("Không đạt tiêu chí bắt buộc khi đánh giá lại")
    FOOD_SAFETY = "food_safety", _("Vi phạm an toàn thực phẩm")
    NOT_AS_CERTIFIED = "not_as_certified", _("Không sản xuất đúng như khi được công nhận")
    NO_RECORDS = "no_records", _("Không có hồ sơ chất lượng, truy xuất nguồn gốc")
    STOPPED = "stopped", _("Chủ thể ngừng hoạt động")


# The dates a certificate's status on a day is computed from.
STATUS_DATES = ["valid_from", "valid_until", "revoked_on", "superseded_on"]


class Certificate(models.Model):
    product = models.ForeignKey(
        "registry.Product", on_delete=models.PROTECT, related_name="certificates", verbose_name=_("sản phẩm")
    )
    stars = models.PositiveSmallIntegerField(_("số sao"))
    score = models.DecimalField(_("điểm"), max_digits=5, decimal_places=2, null=True, blank=True)
    kind = models.CharField(_("hình thức"), max_length=12, choices=Kind.choices, default=Kind.NEW)
    regime = models.ForeignKey(
        "rules.Regime", on_delete=models.PROTECT, related_name="+", verbose_name=_("quy định")
    )
    decision_number = models.CharField(_("số quyết định"), max_length=60)
    decision_date = models.DateField(_("ngày quyết định"), db_index=True)
    issuer_name = models.CharField(_("cơ quan ban hành"), max_length=200, blank=True)
    issuer_level = models.CharField(_("cấp công nhận"), max_length=10, choices=IssuerLevel.choices)
    # The issuing unit as it was (a legacy district or province stays what it was).
    issuer_unit = models.ForeignKey(
        "geo.AdminUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("đơn vị ban hành"),
    )
    valid_from = models.DateField(_("hiệu lực từ"))
    valid_until = models.DateField(_("hiệu lực đến"), db_index=True)
    # First day of the notice window (valid_until − regime notice days).
    notice_from = models.DateField(_("bắt đầu thông báo"), db_index=True)
    # The next recognition of the same product (re-evaluation, upgrade …), which replaced this one.
    superseded_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="supersedes"
    )
    superseded_on = models.DateField(_("ngày được thay thế"), null=True, blank=True)
    revoked_on = models.DateField(_("ngày thu hồi"), null=True, blank=True)
    revocation_decision = models.CharField(_("số quyết định thu hồi"), max_length=60, blank=True)
    revocation_ground = models.CharField(
        _("lý do thu hồi"), max_length=20, choices=RevocationGround.choices, blank=True
    )
    revocation_note = models.TextField(_("ghi chú thu hồi"), blank=True)
    expiry_notice_sent_at = models.DateTimeField(_("đã thông báo hết hạn lúc"), null=True, blank=True)
    # Copied from the product and its producer so that statistics over a whole province or the
    # country read one table (DOMAIN.md §1: 600,000 certificates at 10× scale). Written only by
    # `ocop.certification.facts`, on every creation and on every save of a product or producer.
    producer = models.ForeignKey(
        "registry.Producer", null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    producer_type = models.CharField(max_length=12, blank=True, editable=False)
    group_code = models.SlugField(max_length=30, blank=True, editable=False)
    set_code = models.SlugField(max_length=40, blank=True, editable=False)
    province = models.ForeignKey(
        "geo.AdminUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    legacy_province = models.ForeignKey(
        "geo.AdminUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("giấy chứng nhận")
        verbose_name_plural = _("giấy chứng nhận")
        ordering = ["-decision_date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["product", "decision_number", "decision_date"], name="certification_unique_decision"
            ),
            models.CheckConstraint(
                condition=models.Q(stars__gte=1, stars__lte=5), name="certification_stars_1_5"
            ),
        ]
        # The last two serve statistics of every province at once (reporting.stats): on PostgreSQL
        # they cover the status dates, so the count reads the index alone, already in group order.
        indexes = [
            models.Index(fields=["valid_until", "revoked_on", "superseded_on"]),
            models.Index(
                fields=["province", "producer_type", "producer"],
                include=STATUS_DATES,
                name="cert_stats_province",
            ),
            models.Index(
                fields=["legacy_province", "producer_type", "producer"],
                include=STATUS_DATES,
                name="cert_stats_legacy_province",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product} — {self.stars}★ — QĐ {self.decision_number} ({self.decision_date:%d/%m/%Y})"

    def status_on(self, date) -> str:
        if self.revoked_on and self.revoked_on <= date:
            return Status.REVOKED
        if self.superseded_on and self.superseded_on <= date:
            return Status.SUPERSEDED
        if date > self.valid_until:
            return Status.EXPIRED
        if date >= self.notice_from:
            return Status.EXPIRING
        return Status.ACTIVE

    def get_status_display_on(self, date) -> str:
        return Status(self.status_on(date)).label
