"""Evaluation: scoring sheets (rubrics) as data, rounds, councils, dossiers and scores.

A rubric is one regime × product set sheet, loaded from a YAML file (docs/evaluation.md) and
never edited in place: loading a changed sheet creates a new version, so every dossier keeps the
sheet it was frozen with.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
