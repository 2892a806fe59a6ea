"""The rulebook as data: regimes (versions of the law), their thresholds and validity, and the
versioned product taxonomies. Code asks `regime_at(date)`; it never compares years itself."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Taxonomy(models.Model):
    code = models.SlugField(_("mã"), max_length=20, unique=True)
    name = models.CharField(_("tên"), max_length=200)

    class Meta:
        verbose_name = _("bộ phân nhóm sản phẩm")
        verbose_name_plural = _("bộ phân nhóm sản phẩm")

    def __str__(self) -> str:
        return self.name


class ProductGroup(models.Model):
    taxonomy = models.ForeignKey(Taxonomy, on_delete=models.CASCADE, related_name="groups")
    code = models.SlugField(_("mã"), max_length=30)
    name = models.CharField(_("tên"), max_length=200)
    # The group code (DOMAIN.md §5) statistics count this group under.
    stats_code = models.SlugField(_("mã thống kê"), max_length=30)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("nhóm sản phẩm")
        verbose_name_plural = _("nhóm sản phẩm")
        ordering = ["taxonomy", "sort_order"]
        constraints = [models.UniqueConstraint(fields=["taxonomy", "code"], name="rules_group_unique")]

    def __str__(self) -> str:
        return self.name


class ProductSet(models.Model):
    group = models.ForeignKey(ProductGroup, on_delete=models.CASCADE, related_name="sets")
    code = models.SlugField(_("mã"), max_length=40)
    name = models.CharField(_("tên"), max_length=200)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("bộ sản phẩm")
        verbose_name_plural = _("bộ sản phẩm")
        ordering = ["group__sort_order", "sort_order"]
        constraints = [models.UniqueConstraint(fields=["group", "code"], name="rules_set_unique")]

    def __str__(self) -> str:
        return self.name


class Regime(models.Model):
    """One version of the rulebook, in force between two dates."""

    code = models.SlugField(_("mã"), max_length=30, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    decision = models.CharField(_("văn bản"), max_length=60)
    valid_from = models.DateField(_("hiệu lực từ"))
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    taxonomy = models.ForeignKey(Taxonomy, on_delete=models.PROTECT, related_name="regimes")
    part_a_max = models.PositiveSmallIntegerField(null=True, blank=True)
    part_b_max = models.PositiveSmallIntegerField(null=True, blank=True)
    part_c_max = models.PositiveSmallIntegerField(null=True, blank=True)
    validity_months = models.PositiveSmallIntegerField(_("thời hạn giấy chứng nhận (tháng)"), default=36)
    notice_days = models.PositiveSmallIntegerField(_("thông báo trước khi hết hạn (ngày)"), default=30)
    # [[min score, stars], ...] from the highest band down.
    star_thresholds = models.JSONField(default=list)
    min_certified_stars = models.PositiveSmallIntegerField(default=3)
    # {"3": "district"|"province"|"central", ...}: who certifies each star level.
    certifiers = models.JSONField(default=dict)
    verified = models.BooleanField(_("đã kiểm chứng"), default=True)
    # Who screens dossiers before the province council: "commune" (since 06/07/2025) or "district".
    screening_level = models.CharField(_("cấp sàng lọc hồ sơ"), max_length=10, default="commune")
    # {"district": [3], "province": [4], "central": [5]}: which council scores which stars.
    scoring_councils = models.JSONField(default=dict)
    # A provincial score from which the product goes to the central round as potential 5★.
    forward_threshold = models.PositiveSmallIntegerField(_("điểm chuyển trung ương"), default=90)
    rounds_per_year = models.PositiveSmallIntegerField(_("số đợt tối thiểu mỗi năm"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("quy định (văn bản)")
        verbose_name_plural = _("quy định (văn bản)")
        ordering = ["valid_from"]

    def __str__(self) -> str:
        return self.name

    def stars_for(self, score) -> int:
        for minimum, stars in self.star_thresholds:
            if float(score) >= minimum:
                return int(stars)
        return 1

    def certifier_level(self, stars: int) -> str | None:
        return self.certifiers.get(str(stars))

    def certified_stars(self) -> list[int]:
        """The star levels that get a recognition decision and a certificate under this regime."""
        return sorted(int(stars) for stars in self.certifiers)

    def star_band(self, stars: int) -> tuple[float, float | None] | None:
        """(lowest score, score the next band starts at or None) of `stars` under this regime."""
        bands = sorted(self.star_thresholds, key=lambda band: -band[0])
        for position, (minimum, band_stars) in enumerate(bands):
            if int(band_stars) == int(stars):
                return float(minimum), (float(bands[position - 1][0]) if position else None)
        return None

    @property
    def max_local_stars(self) -> int:
        """The highest star a provincial (or district) decision gives under this regime."""
        local = [int(s) for s, level in self.certifiers.items() if level != "central"]
        return max(local, default=4)
