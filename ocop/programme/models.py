"""Plans (kế hoạch) of a unit for a period, holding targets (chỉ tiêu) of the kinds provinces set.

A target's achieved value is computed from the registry or the activity records wherever they know
it (see `ocop.reporting.progress`); the others carry a value entered by an officer, with its source.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TargetKind(models.TextChoices):
    # Computed from the registry.
    PRODUCTS_TOTAL = "products_total", _("Số sản phẩm OCOP từ 3 sao (còn hiệu lực)")
    PRODUCTS_STARS = "products_stars", _("Số sản phẩm OCOP theo hạng sao (còn hiệu lực)")
    PRODUCTS_RECOGNISED = "products_recognised", _("Số sản phẩm được công nhận trong giai đoạn (lũy kế)")
    RECOGNITIONS_TOTAL = "recognitions_total", _("Số lượt công nhận trong kỳ")
    RECOGNITIONS_NEW = "recognitions_new", _("Số sản phẩm công nhận mới trong kỳ")
    RECOGNITIONS_RENEWED = "recognitions_renewed", _("Số sản phẩm công nhận lại trong kỳ")
    RECOGNITIONS_UPGRADED = "recognitions_upgraded", _("Số sản phẩm nâng hạng trong kỳ")
    PRODUCER_TYPE_SHARE = "producer_type_share", _("Tỷ lệ chủ thể theo loại hình (%)")
    SME_SHARE = "sme_share", _("Tỷ lệ chủ thể là doanh nghiệp nhỏ và vừa (%)")
    RERATED_SHARE = "rerated_share", _("Tỷ lệ sản phẩm được củng cố, nâng hạng, đánh giá lại (%)")
    # Computed from the activity records (ocop.activities).
    ONLINE_CHANNEL_SHARE = "online_channel_share", _("Tỷ lệ chủ thể OCOP bán hàng trực tuyến (%)")
    MODERN_CHANNEL_SHARE = "modern_channel_share", _("Tỷ lệ chủ thể OCOP tham gia kênh bán hàng hiện đại (%)")
    POINTS_OF_SALE = "points_of_sale", _("Số điểm giới thiệu và bán sản phẩm OCOP")
    CRAFT_VILLAGES_SHARE = "craft_villages_share", _("Tỷ lệ làng nghề có sản phẩm OCOP (%)")
    VALUE_CHAIN_SHARE = "value_chain_share", _("Tỷ lệ chủ thể OCOP tham gia chuỗi giá trị (%)")
    CIRCULAR_CHAIN_SHARE = (
        "circular_chain_share",
        _("Tỷ lệ chủ thể OCOP xây dựng chuỗi giá trị theo hướng kinh tế tuần hoàn (%)"),
    )
    OFFICIALS_TRAINED = "officials_trained", _("Số cán bộ được tập huấn")
    PRODUCERS_TRAINED_SHARE = "producers_trained_share", _("Tỷ lệ chủ thể OCOP được tập huấn (%)")
    FUNDING_TOTAL = "funding_total", _("Nguồn lực huy động (triệu đồng)")
    # Entered by an officer (the system does not know the number of officials to train).
    OFFICIALS_TRAINED_SHARE = "officials_trained_share", _("Tỷ lệ cán bộ OCOP được tập huấn (%)")
    OTHER = "other", _("Chỉ tiêu khác (nhập kết quả)")


# Kinds computed from the activity records (the rest of COMPUTED_KINDS come from the registry).
ACTIVITY_KINDS = frozenset(
    {
        TargetKind.ONLINE_CHANNEL_SHARE,
        TargetKind.MODERN_CHANNEL_SHARE,
        TargetKind.POINTS_OF_SALE,
        TargetKind.CRAFT_VILLAGES_SHARE,
        TargetKind.VALUE_CHAIN_SHARE,
        TargetKind.CIRCULAR_CHAIN_SHARE,
        TargetKind.OFFICIALS_TRAINED,
        TargetKind.PRODUCERS_TRAINED_SHARE,
        TargetKind.FUNDING_TOTAL,
    }
)


COMPUTED_KINDS = frozenset(
    {
        TargetKind.PRODUCTS_TOTAL,
        TargetKind.PRODUCTS_STARS,
        TargetKind.PRODUCTS_RECOGNISED,
        TargetKind.RECOGNITIONS_TOTAL,
        TargetKind.RECOGNITIONS_NEW,
        TargetKind.RECOGNITIONS_RENEWED,
        TargetKind.RECOGNITIONS_UPGRADED,
        TargetKind.PRODUCER_TYPE_SHARE,
        TargetKind.SME_SHARE,
        TargetKind.RERATED_SHARE,
        *ACTIVITY_KINDS,
    }
)
PERCENT_KINDS = frozenset(
    {
        TargetKind.PRODUCER_TYPE_SHARE,
        TargetKind.SME_SHARE,
        TargetKind.RERATED_SHARE,
        TargetKind.ONLINE_CHANNEL_SHARE,
        TargetKind.MODERN_CHANNEL_SHARE,
        TargetKind.OFFICIALS_TRAINED_SHARE,
        TargetKind.CRAFT_VILLAGES_SHARE,
        TargetKind.VALUE_CHAIN_SHARE,
        TargetKind.CIRCULAR_CHAIN_SHARE,
        TargetKind.PRODUCERS_TRAINED_SHARE,
    }
)


class Plan(models.Model):
    name = models.CharField(_("tên kế hoạch"), max_length=255)
    # The unit the plan is for, in the scheme it was written in ("Long An (cũ)" for a 2024 plan).
    unit = models.ForeignKey(
        "geo.AdminUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị")
    )
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    reference = models.CharField(_("văn bản"), max_length=200, blank=True)  # "Kế hoạch số 123/KH-UBND"
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kế hoạch")
        verbose_name_plural = _("kế hoạch")
        ordering = ["-period_end", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.period_start:%d/%m/%Y}–{self.period_end:%d/%m/%Y})"


class Target(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets")
    kind = models.CharField(_("loại chỉ tiêu"), max_length=30, choices=TargetKind.choices)
    description = models.CharField(_("nội dung chỉ tiêu"), max_length=500)  # as written in the plan
    target_value = models.DecimalField(_("giá trị chỉ tiêu"), max_digits=12, decimal_places=2)
    stars = models.PositiveSmallIntegerField(_("hạng sao"), null=True, blank=True)
    producer_type = models.CharField(_("loại hình chủ thể"), max_length=12, blank=True)
    manual_value = models.DecimalField(
        _("kết quả nhập tay"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    manual_source = models.CharField(_("nguồn số liệu nhập tay"), max_length=255, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["plan", "position", "id"]

    def __str__(self) -> str:
        return self.description

    @property
    def computed(self) -> bool:
        return self.kind in COMPUTED_KINDS

    @property
    def is_percent(self) -> bool:
        return self.kind in PERCENT_KINDS
