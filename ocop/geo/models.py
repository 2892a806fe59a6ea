"""Vietnam's administrative units in both schemes, before and after the 2025 reform.

Official codes are reused with new meanings (legacy 80 = Long An, current 80 = Tây Ninh), so a
unit is always identified by (scheme, level, code), never by its code alone.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ocop.core import vntext


class Scheme(models.TextChoices):
    LEGACY = "legacy", _("Trước 01/07/2025 (63 tỉnh)")
    CURRENT = "current", _("Từ 01/07/2025 (34 tỉnh)")


class Level(models.TextChoices):
    PROVINCE = "province", _("Tỉnh/Thành phố")
    DISTRICT = "district", _("Quận/Huyện")
    COMMUNE = "commune", _("Xã/Phường")


CODE_WIDTH = {Level.PROVINCE: 2, Level.DISTRICT: 3, Level.COMMUNE: 5}


class Region(models.Model):
    """A socio-economic region (vùng kinh tế - xã hội); membership differs by scheme."""

    code = models.SlugField(_("mã"), max_length=20, unique=True)
    name = models.CharField(_("tên"), max_length=120)
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("vùng kinh tế - xã hội")
        verbose_name_plural = _("vùng kinh tế - xã hội")
        ordering = ["sort_order"]

    def __str__(self) -> str:
        return self.name


class AdminUnitQuerySet(models.QuerySet):
    def provinces(self):
        return self.filter(level=Level.PROVINCE)

    def communes(self):
        return self.filter(level=Level.COMMUNE)

    def in_scheme(self, scheme: str):
        return self.filter(scheme=scheme)

    def search(self, text: str):
        """Units whose name contains the text, ignoring case and diacritics."""
        folded = vntext.fold(text)
        return self.filter(search_name__contains=folded) if folded else self

    def vn_ordered(self):
        return self.order_by("sort_key", "code")


class AdminUnit(models.Model):
    scheme = models.CharField(_("hệ thống"), max_length=8, choices=Scheme.choices)
    level = models.CharField(_("cấp"), max_length=8, choices=Level.choices)
    code = models.PositiveIntegerField(_("mã"))
    name = models.CharField(_("tên đầy đủ"), max_length=120)  # "Tỉnh Cà Mau"
    short_name = models.CharField(_("tên"), max_length=100)  # "Cà Mau"
    unit_type = models.CharField(_("loại"), max_length=30)  # "tỉnh", "huyện", "xã", "đặc khu" …
    codename = models.CharField(max_length=120, blank=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
        verbose_name=_("thuộc"),
    )
    # Province of a district or commune (denormalised: scoping filters on it constantly).
    province = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("tỉnh/thành phố"),
    )
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="units", verbose_name=_("vùng")
    )
    search_name = models.CharField(max_length=160, editable=False, db_index=True)  # folded full name
    bare_name = models.CharField(max_length=120, editable=False, db_index=True)  # folded short name
    sort_key = models.CharField(max_length=400, editable=False, db_index=True)

    objects = AdminUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["sort_key", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "level", "code"], name="geo_unit_unique_scheme_level_code"
            )
        ]
        indexes = [models.Index(fields=["scheme", "level", "bare_name"])]

    def __str__(self) -> str:
        return self.label

    def save(self, *args, **kwargs):
        self.search_name = vntext.fold(self.name)
        self.bare_name = vntext.fold(self.short_name)
        self.sort_key = vntext.sort_key(self.short_name)
        super().save(*args, **kwargs)

    @property
    def label(self) -> str:
        """Display name; legacy units say so: "Sóc Trăng (cũ)"."""
        if self.scheme == Scheme.LEGACY:
            return f"{self.name} (cũ)"
        return self.name

    @property
    def code_str(self) -> str:
        return f"{self.code:0{CODE_WIDTH[self.level]}d}"

    @property
    def is_legacy(self) -> bool:
        return self.scheme == Scheme.LEGACY


class UnitSuccession(models.Model):
    """Legacy unit → current unit(s) it became on 01/07/2025.

    A legacy commune split across several current communes has several rows and is ambiguous:
    which one a given address belongs to must be decided by a person.
    """

    legacy = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, related_name="successions")
    current = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, related_name="predecessions")
    # Only part of the legacy unit went to this current unit.
    partial = models.BooleanField(default=False)
    # For a province split between several: the one that received most of its communes.
    primary = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("chuyển đổi đơn vị hành chính")
        verbose_name_plural = _("chuyển đổi đơn vị hành chính")
        constraints = [models.UniqueConstraint(fields=["legacy", "current"], name="geo_succession_unique")]

    def __str__(self) -> str:
        return f"{self.legacy} → {self.current}"
