"""Evaluation: scoring sheets (rubrics) as data, rounds, councils, dossiers and scores.

A rubric is one regime × product set sheet, loaded from a YAML file (docs/evaluation.md) and
never edited in place: loading a changed sheet creates a new version, so every dossier keeps the
sheet it was frozen with.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ocop.evaluation.storage import private_storage


class RubricMode(models.TextChoices):
    CRITERIA = "criteria", _("Chấm theo từng tiêu chí")
    PART_TOTALS = "part_totals", _("Chấm theo tổng điểm phần A, B, C")


class Rubric(models.Model):
    regime = models.ForeignKey(
        "rules.Regime", on_delete=models.PROTECT, related_name="rubrics", verbose_name=_("quy định")
    )
    product_set = models.ForeignKey(
        "rules.ProductSet", on_delete=models.PROTECT, related_name="rubrics", verbose_name=_("bộ sản phẩm")
    )
    code = models.SlugField(_("mã phiếu"), max_length=80)
    version = models.PositiveSmallIntegerField(_("phiên bản"), default=1)
    name = models.CharField(_("tên phiếu"), max_length=255)
    mode = models.CharField(_("cách chấm"), max_length=12, choices=RubricMode.choices)
    source = models.TextField(_("nguồn"), blank=True)
    # The file as loaded (YAML): what the sheet was, word for word, for the record and exports.
    text = models.TextField(_("nội dung tệp"))
    checksum = models.CharField(max_length=64, editable=False)
    # The sheet a new dossier of this regime and set gets; older versions stay for frozen dossiers.
    is_current = models.BooleanField(_("đang áp dụng"), default=True)
    # Knock-outs that apply to the whole sheet (part-totals sheets): [{"code", "text"}].
    sheet_knockouts = models.JSONField(default=list, blank=True)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("phiếu chấm điểm")
        verbose_name_plural = _("phiếu chấm điểm")
        ordering = ["regime__valid_from", "product_set__group__sort_order", "product_set__sort_order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="evaluation_rubric_version_unique"),
        ]
        indexes = [models.Index(fields=["regime", "product_set", "is_current"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.regime.decision}, v{self.version})"

    @property
    def total_max(self) -> int:
        return sum(part.max_points for part in self.parts.all())


class RubricPart(models.Model):
    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="parts")
    code = models.CharField(_("phần"), max_length=2)
    name = models.CharField(_("tên phần"), max_length=200)
    max_points = models.PositiveSmallIntegerField(_("điểm tối đa"))

    class Meta:
        ordering = ["rubric", "code"]
        constraints = [models.UniqueConstraint(fields=["rubric", "code"], name="evaluation_part_unique")]

    def __str__(self) -> str:
        return f"{self.code}. {self.name} ({self.max_points})"


class Criterion(models.Model):
    """A numbered criterion (1.1) or sub-criterion (6.1.1). Only leaves carry options and are
    scored; a parent's maximum is the sum of its children's."""

    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="criteria")
    part = models.ForeignKey(RubricPart, on_delete=models.CASCADE, related_name="criteria")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    group_number = models.CharField(_("nhóm tiêu chí"), max_length=10)
    group_name = models.CharField(_("tên nhóm tiêu chí"), max_length=200)
    number = models.CharField(_("số"), max_length=20)
    name = models.CharField(_("tên tiêu chí"), max_length=500, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    # "Bị loại nếu …": a member who finds this true disqualifies the product (from any star).
    knockout = models.TextField(_("điều kiện loại"), blank=True)
    # Mandatory criterion: {"3": 1, "4": 2} = at least this many points (council average) for 3★, 4★.
    minimum = models.JSONField(_("điểm tối thiểu theo hạng sao"), default=dict, blank=True)
    max_points = models.PositiveSmallIntegerField(_("điểm tối đa"))
    is_leaf = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["rubric", "position"]
        constraints = [
            models.UniqueConstraint(fields=["rubric", "number"], name="evaluation_criterion_unique")
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}".strip()


class Option(models.Model):
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.TextField(_("mức đánh giá"))
    points = models.PositiveSmallIntegerField(_("điểm"))

    class Meta:
        ordering = ["criterion", "position"]

    def __str__(self) -> str:
        return f"{self.text} ({self.points})"


class Level(models.TextChoices):
    COMMUNE = "commune", _("Cấp xã")
    DISTRICT = "district", _("Cấp huyện")
    PROVINCE = "province", _("Cấp tỉnh")
    CENTRAL = "central", _("Trung ương")


class Round(models.Model):
    """An evaluation round (đợt đánh giá): a province's round of a year, or a central round for 5★."""

    name = models.CharField(_("tên đợt"), max_length=200)
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices, default=Level.PROVINCE)
    province = models.ForeignKey(
        "geo.AdminUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("tỉnh/thành phố"),
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    registration_opens = models.DateField(_("nhận hồ sơ từ"))
    registration_closes = models.DateField(_("nhận hồ sơ đến"))
    scoring_opens = models.DateField(_("chấm điểm từ"))
    scoring_closes = models.DateField(_("chấm điểm đến"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("đợt đánh giá")
        verbose_name_plural = _("đợt đánh giá")
        ordering = ["-year", "-registration_opens", "id"]

    def __str__(self) -> str:
        return self.name


class Council(models.Model):
    """The council (hội đồng đánh giá, phân hạng) of a round."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="councils")
    name = models.CharField(_("tên hội đồng"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("hội đồng")
        verbose_name_plural = _("hội đồng")
        ordering = ["round", "id"]

    def __str__(self) -> str:
        return self.name


class CouncilRole(models.TextChoices):
    CHAIR = "chair", _("Chủ tịch")
    SECRETARY = "secretary", _("Thư ký")
    MEMBER = "member", _("Thành viên")
    ADVISOR = "advisor", _("Tổ tư vấn")


class CouncilMember(models.Model):
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="council_seats")
    role = models.CharField(_("vai trò"), max_length=10, choices=CouncilRole.choices)

    class Meta:
        verbose_name = _("thành viên hội đồng")
        verbose_name_plural = _("thành viên hội đồng")
        constraints = [models.UniqueConstraint(fields=["council", "user"], name="evaluation_member_unique")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}"

    @property
    def scores(self) -> bool:
        """Chair, secretary and members score; the advisory team does not."""
        return self.role != CouncilRole.ADVISOR


class DossierKind(models.TextChoices):
    NEW = "new", _("Đánh giá lần đầu")
    UPGRADE = "upgrade", _("Nâng hạng")
    REEVALUATION = "reevaluation", _("Đánh giá lại")


class DossierState(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã nộp, chờ sàng lọc")
    RETURNED = "returned", _("Trả lại để bổ sung")
    SCREENED = "screened", _("Đã sàng lọc, chờ kiểm tra hồ sơ")
    ACCEPTED = "accepted", _("Hồ sơ đầy đủ, chờ hội đồng")
    SCORING = "scoring", _("Hội đồng đang chấm")
    SCORED = "scored", _("Đã chấm xong, chờ quyết định")
    RECOGNISED = "recognised", _("Đã được công nhận")
    NOT_RECOGNISED = "not_recognised", _("Không được công nhận")
    WITHDRAWN = "withdrawn", _("Đã rút")


class Decision(models.Model):
    """A recognition decision (quyết định công nhận): number, date, signer, and the dossiers it
    decides. Certificates are issued from it through the certification services."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="decisions")
    number = models.CharField(_("số quyết định"), max_length=60)
    date = models.DateField(_("ngày quyết định"))
    signer = models.CharField(_("người ký"), max_length=150)
    issuer_name = models.CharField(_("cơ quan ban hành"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("quyết định công nhận")
        verbose_name_plural = _("quyết định công nhận")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"QĐ {self.number} ({self.date:%d/%m/%Y})"


class Dossier(models.Model):
    """A product's dossier (hồ sơ) in a round. Its state changes only through the transition
    services (`ocop.evaluation.workflow`). The regime and sheet are frozen on submission."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="dossiers")
    product = models.ForeignKey("registry.Product", on_delete=models.PROTECT, related_name="dossiers")
    producer = models.ForeignKey("registry.Producer", on_delete=models.PROTECT, related_name="dossiers")
    # The producer's units, copied for scoped lists (a commune sees its commune's dossiers).
    province = models.ForeignKey("geo.AdminUnit", on_delete=models.PROTECT, related_name="+")
    commune = models.ForeignKey(
        "geo.AdminUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(
        _("loại đăng ký"), max_length=12, choices=DossierKind.choices, default=DossierKind.NEW
    )
    state = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=DossierState.choices,
        default=DossierState.DRAFT,
        db_index=True,
    )
    rubric_code = models.SlugField(_("mã phiếu chấm chọn"), max_length=80, blank=True)
    regime = models.ForeignKey(
        "rules.Regime", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rubric = models.ForeignKey(
        Rubric, null=True, blank=True, on_delete=models.PROTECT, related_name="dossiers"
    )
    submitted_on = models.DateField(_("ngày nộp"), null=True, blank=True, db_index=True)
    # Registration form (phiếu đăng ký) and producer's answers.
    registration = models.JSONField(_("phiếu đăng ký"), default=dict, blank=True)
    self_assessment = models.JSONField(_("tự đánh giá"), default=dict, blank=True)
    samples = models.TextField(_("mẫu sản phẩm"), blank=True)
    # Screening (commune since 06/07/2025; district before).
    screening_level = models.CharField(max_length=10, blank=True)
    local_origin = models.BooleanField(_("nguồn gốc tại địa phương"), null=True)
    local_labour = models.BooleanField(_("sử dụng lao động địa phương"), null=True)
    idea_origin = models.BooleanField(_("ý tưởng sản phẩm của địa phương"), null=True)
    local_identity = models.BooleanField(_("mang bản sắc địa phương"), null=True)
    screening_note = models.TextField(_("ý kiến sàng lọc"), blank=True)
    last_comment = models.TextField(_("yêu cầu/nhận xét gần nhất"), blank=True)
    council = models.ForeignKey(
        Council, null=True, blank=True, on_delete=models.PROTECT, related_name="dossiers"
    )
    # Result (computed when the chair closes the product).
    score = models.DecimalField(_("điểm"), max_digits=5, decimal_places=2, null=True, blank=True)
    part_scores = models.JSONField(default=dict, blank=True)
    stars = models.PositiveSmallIntegerField(_("số sao"), null=True, blank=True)
    result_reasons = models.JSONField(_("lý do"), default=list, blank=True)
    potential_five_star = models.BooleanField(_("tiềm năng 5 sao"), default=False)
    origin = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="central_dossier"
    )
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="dossiers"
    )
    certificate = models.ForeignKey(
        "certification.Certificate", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("hồ sơ đánh giá")
        verbose_name_plural = _("hồ sơ đánh giá")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["round", "state"]), models.Index(fields=["province", "submitted_on"])]

    def __str__(self) -> str:
        return f"{self.product} — {self.round}"


class ScoreState(models.TextChoices):
    DRAFT = "draft", _("Đang chấm")
    SUBMITTED = "submitted", _("Đã nộp")
    RECUSED = "recused", _("Không chấm (xung đột lợi ích)")


class Score(models.Model):
    """One member's sheet for one dossier. Blind: others see it only once they submitted theirs."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="scores")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="scores")
    state = models.CharField(max_length=10, choices=ScoreState.choices, default=ScoreState.DRAFT)
    no_conflict = models.BooleanField(_("cam kết không xung đột lợi ích"), default=False)
    conflict_note = models.TextField(_("xung đột lợi ích"), blank=True)
    part_a = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    part_b = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    part_c = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    total = models.DecimalField(_("tổng điểm"), max_digits=5, decimal_places=2, null=True, blank=True)
    # Knock-outs the member found true: criterion numbers or sheet knock-out codes.
    knockouts = models.JSONField(default=list, blank=True)
    comment = models.TextField(_("nhận xét chung"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reopened = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("phiếu chấm của thành viên")
        verbose_name_plural = _("phiếu chấm của thành viên")
        constraints = [models.UniqueConstraint(fields=["dossier", "member"], name="evaluation_score_unique")]

    def __str__(self) -> str:
        return f"{self.member} — {self.dossier}"


class ScoreLine(models.Model):
    score = models.ForeignKey(Score, on_delete=models.CASCADE, related_name="lines")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    option = models.ForeignKey(Option, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    points = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["score", "criterion"], name="evaluation_line_unique")]

    def __str__(self) -> str:
        return f"{self.criterion.number}: {self.points}"


class Evidence(models.Model):
    """A document the producer attaches to a criterion, stored privately and served only through
    a permission check."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="evidence")
    criterion_number = models.CharField(_("tiêu chí"), max_length=20, blank=True)
    title = models.CharField(_("tên tài liệu"), max_length=255)
    file = models.FileField(upload_to="evidence/%Y/%m/", storage=private_storage)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tài liệu minh chứng")
        verbose_name_plural = _("tài liệu minh chứng")
        ordering = ["criterion_number", "id"]

    def __str__(self) -> str:
        return self.title


class SignupState(models.TextChoices):
    PENDING = "pending", _("Chờ duyệt")
    APPROVED = "approved", _("Đã duyệt")
    REJECTED = "rejected", _("Từ chối")


class ProducerSignup(models.Model):
    """A producer's request for an account: checked by an official, who links it to the registry's
    producer (or records a new one); several people may act for one producer."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="producer_signup"
    )
    producer_name = models.CharField(_("tên chủ thể"), max_length=255)
    producer_type = models.CharField(_("loại hình chủ thể"), max_length=12)
    tax_code = models.CharField(_("mã số thuế / số ĐKKD"), max_length=20, db_index=True)
    province = models.ForeignKey("geo.AdminUnit", on_delete=models.PROTECT, related_name="+")
    commune = models.ForeignKey(
        "geo.AdminUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    contact_name = models.CharField(_("người liên hệ"), max_length=150)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    state = models.CharField(max_length=10, choices=SignupState.choices, default=SignupState.PENDING)
    producer = models.ForeignKey(
        "registry.Producer", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("ghi chú"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("đăng ký tài khoản chủ thể")
        verbose_name_plural = _("đăng ký tài khoản chủ thể")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.producer_name} ({self.tax_code})"


class ProducerInvitation(models.Model):
    """An official's invitation, by e-mail, to act for a producer of their unit: a signed link,
    valid until `expires_at`, with which the invitee sets a password; the account then holds the
    producer role on that producer. Used once."""

    producer = models.ForeignKey(
        "registry.Producer", on_delete=models.PROTECT, related_name="+", verbose_name=_("chủ thể")
    )
    email = models.EmailField(_("thư điện tử"))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("hết hạn lúc"))
    accepted_at = models.DateTimeField(_("nhận lời mời lúc"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("lời mời chủ thể")
        verbose_name_plural = _("lời mời chủ thể")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.email} → {self.producer}"
