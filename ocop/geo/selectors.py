"""Reads of administrative units for pages, exports and the API.

Units themselves are public knowledge: any signed-in user may list and search them. The officer
workspace of one unit is scoped: its view checks VIEW_UNIT_WORKSPACE on the unit before calling
`unit_workspace`.
"""

from dataclasses import dataclass, field

from django.db.models import Case, Count, IntegerField, OuterRef, Prefetch, Subquery, Value, When
from django.db.models.functions import Coalesce

from ocop.geo import resolver
from ocop.geo.models import AdminUnit, Level, Region, Scheme, UnitSuccession

_LEVEL_ORDER = Case(
    When(level=Level.PROVINCE, then=Value(0)),
    When(level=Level.DISTRICT, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def _commune_count():
    communes = (
        AdminUnit.objects.filter(province=OuterRef("pk"), level=Level.COMMUNE)
        .order_by()
        .values("province")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(communes, output_field=IntegerField()), 0)


def provinces(scheme: str = Scheme.CURRENT, region: Region | None = None):
    """Provinces of one scheme in Vietnamese alphabetical order, each with `commune_count`."""
    queryset = (
        AdminUnit.objects.provinces()
        .in_scheme(scheme)
        .select_related("region")
        .annotate(commune_count=_commune_count())
    )
    if region is not None:
        queryset = queryset.filter(region=region)
    return queryset.vn_ordered()


def region_provinces(region: Region, scheme: str = Scheme.CURRENT):
    """Provinces of a socio-economic region in one scheme (membership differs by scheme)."""
    return provinces(scheme, region=region)


def regions():
    return Region.objects.order_by("sort_order")


def search_units(text: str, scheme: str | None = None, level: str | None = None):
    """Units whose full name contains `text`, ignoring case and diacritics; provinces first, then
    districts, then communes, each in Vietnamese order."""
    queryset = AdminUnit.objects.search(text).select_related("parent", "province")
    if scheme:
        queryset = queryset.filter(scheme=scheme)
    if level:
        queryset = queryset.filter(level=level)
    return queryset.annotate(level_order=_LEVEL_ORDER).order_by("level_order", "sort_key", "scheme", "code")


@dataclass
class UnitDetail:
    unit: AdminUnit
    ancestors: list[AdminUnit]
    region: Region | None
    children: list[AdminUnit]
    successors: list[resolver.Counterpart] = field(default_factory=list)
    predecessors: list[resolver.Counterpart] = field(default_factory=list)

    @property
    def split(self) -> bool:
        """A legacy unit whose territory went to several current units of its level."""
        level = Level.PROVINCE if self.unit.level == Level.DISTRICT else self.unit.level
        return len({c.unit.pk for c in self.successors if c.unit.level == level}) > 1


def unit_detail(unit: AdminUnit) -> UnitDetail:
    """Everything the unit page shows: parents, region, children in Vietnamese order and the
    mapping to the other scheme (successors of a legacy unit, predecessors of a current one)."""
    ancestors = []
    parent = unit.parent
    while parent is not None:
        ancestors.append(parent)
        parent = parent.parent
    province = ancestors[-1] if ancestors else unit
    children = list(unit.children.annotate(child_count=Count("children")).vn_ordered())
    counterparts = resolver.counterparts_of(unit)
    return UnitDetail(
        unit=unit,
        ancestors=ancestors,
        region=province.region,
        children=children,
        successors=counterparts if unit.is_legacy else [],
        predecessors=[] if unit.is_legacy else counterparts,
    )


@dataclass
class Workspace:
    unit: AdminUnit
    communes: list[AdminUnit]  # each with `.legacy_units`: its legacy predecessors
    legacy_provinces: list[resolver.Counterpart]

    @property
    def legacy_commune_count(self) -> int:
        return sum(len(c.legacy_units) for c in self.communes)


def unit_workspace(unit: AdminUnit) -> Workspace:
    """The officer page of a current province or commune: its communes, each with the legacy
    communes it was formed from, and the legacy provinces merged into it. The caller checks the
    user's capability on `unit`."""
    if unit.level == Level.PROVINCE:
        communes = AdminUnit.objects.filter(scheme=Scheme.CURRENT, level=Level.COMMUNE, province=unit)
    else:
        communes = AdminUnit.objects.filter(pk=unit.pk)
    legacy = UnitSuccession.objects.select_related("legacy__parent").order_by("legacy__sort_key")
    communes = list(communes.prefetch_related(Prefetch("predecessions", queryset=legacy)).vn_ordered())
    for commune in communes:
        commune.legacy_units = [s.legacy for s in commune.predecessions.all()]
        commune.split_from = [s.legacy for s in commune.predecessions.all() if s.partial]
    province = unit if unit.level == Level.PROVINCE else unit.province
    legacy_provinces = resolver.counterparts_of(province) if province else []
    return Workspace(unit=unit, communes=communes, legacy_provinces=legacy_provinces)
