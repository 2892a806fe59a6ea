"""Recognitions (công nhận) and their certificates.

A certificate is identified in practice by its recognition decision (number, date, issuer). Its
status at any date follows from its dates and events — `STATUS_RULES` below, read in Python by
`Certificate.status_on` and in SQL by `status_q` — so nothing has to be recomputed when a day passes.
Certificates are never deleted (model, queryset, admin; on PostgreSQL a trigger too).
"""

import datetime
import operator
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# Public codes: Crockford's base32 (no I, L, O, U), so a code read aloud or typed from a stamp
# is unambiguous; 12 random characters (60 bits) cannot be guessed or enumerated.
PUBLIC_CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
PUBLIC_CODE_LENGTH = 12


# Random bytes read modulo 32 through a table (256 = 8 × 32: every character equally likely).
_BYTE_TO_CODE = (PUBLIC_CODE_ALPHABET * 8).encode()


def new_public_code() -> str:
    return secrets.token_bytes(PUBLIC_CODE_LENGTH).translate(_BYTE_TO_CODE).decode()


def normalise_public_code(text: str) -> str:
    """What a person typed or a scanner read → the stored form (upper case, no separators,
    the letters Crockford's alphabet leaves out read as the digits they look like)."""
    text = (text or "").upper().replace("-", "").replace(" ", "")
    return text.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))


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
    PENDING = "pending", _("Chưa có hiệu lực")
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

# The one definition of a certificate's status on a day: the first rule that holds gives it, and
# ACTIVE when none does. Each rule is "<date field> <comparison> day"; a missing (null) date never
# holds. `Certificate.status_on` (Python) and `status_q` (SQL) are both derived from this table.
STATUS_RULES: tuple[tuple[str, str, str], ...] = (
    (Status.PENDING, "valid_from", "gt"),  # not decided yet on that day
    (Status.REVOKED, "revoked_on", "lte"),
    (Status.SUPERSEDED, "superseded_on", "lte"),  # a later recognition was decided
    (Status.EXPIRED, "valid_until", "lt"),
    (Status.EXPIRING, "notice_from", "lte"),
)
# The statuses in which the product may use its stars.
VALID_STATUSES = (Status.ACTIVE, Status.EXPIRING)
_PY = {"gt": operator.gt, "lte": operator.le, "lt": operator.lt}
_COMPLEMENT = {"gt": "lte", "lte": "gt", "lt": "gte"}
_NULLABLE = {"revoked_on", "superseded_on"}


def _holds(field: str, lookup: str, on, prefix: str) -> Q:
    return Q(**{f"{prefix}{field}__{lookup}": on})


def _fails(field: str, lookup: str, on, prefix: str) -> Q:
    q = Q(**{f"{prefix}{field}__{_COMPLEMENT[lookup]}": on})
    return q | Q(**{f"{prefix}{field}__isnull": True}) if field in _NULLABLE else q


def status_q(status: str, on: datetime.date, prefix: str = "") -> Q:
    """Filter for certificates in `status` on date `on` ("valid" = active or expiring), derived
    from `STATUS_RULES` like `Certificate.status_on`. `prefix` reaches certificates by a relation."""
    q = Q()
    for rule_status, field, lookup in STATUS_RULES:
        if status == "valid" and rule_status == Status.EXPIRING:
            return q
        if rule_status == status:
            return q & _holds(field, lookup, on, prefix)
        q &= _fails(field, lookup, on, prefix)
    if status == Status.ACTIVE:
        return q
    raise ValueError(f"unknown status {status!r}")


class CertificateQuerySet(models.QuerySet):
    def delete(self):
        raise CertificateDeletionRefused()


class CertificateDeletionRefused(Exception):
    """Certificates are records of decisions: they end by revocation, supersession or expiry."""

    def __init__(self):
        super().__init__("Giấy chứng nhận không thể bị xoá; hãy thu hồi nếu cần.")


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
    # Printed on the certificate and its QR stamps; opens the public verification page.
    public_code = models.CharField(
        _("mã tra cứu"), max_length=16, unique=True, default=new_public_code, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("giấy chứng nhận")
        verbose_name_plural = _("giấy chứng nhận")
        ordering = ["-decision_date", "-id"]
        constraints = [
            # One recognition of a product per day: with the chain (each certificate ends when the
            # next is decided) this keeps at most one valid certificate per product on any day. On
            # PostgreSQL an exclusion constraint (migration 0006) also refuses overlapping validity.
            models.UniqueConstraint(
                fields=["product", "decision_date"], name="certification_one_decision_a_day"
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

    @property
    def number(self) -> str:
        """The certificate number printed on it: year of the decision and a serial."""
        return f"OCOP-{self.decision_date:%Y}-{self.pk:07d}" if self.pk else ""

    @property
    def short_code(self) -> str:
        """The public code as printed under a stamp, in groups of four."""
        code = self.public_code
        return "-".join(code[i : i + 4] for i in range(0, len(code), 4))

    def status_on(self, date) -> str:
        """The status on `date` by `STATUS_RULES` (the same rules `status_q` filters by)."""
        for status, field, lookup in STATUS_RULES:
            value = getattr(self, field)
            if value is not None and _PY[lookup](value, date):
                return status
        return Status.ACTIVE

    def delete(self, *args, **kwargs):
        raise CertificateDeletionRefused()

    def get_status_display_on(self, date) -> str:
        return Status(self.status_on(date)).label
