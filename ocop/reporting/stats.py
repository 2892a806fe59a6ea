"""The one statistics service (DOMAIN.md §7). Dashboard, API, CLI and every export call it.

Definitions:
- **stock** at a date: products with a valid certificate (active or expiring) on that date, each
  counted once at that certificate's stars;
- **producers**: distinct producers with at least one counted product, by type and share;
- **flow** in a period: recognitions decided in the period by kind and stars, the distinct
  producers recognised, revocations and expiries;
- **cumulative** in a period: distinct products recognised in the period, at their latest stars
  in the period.

A place is a unit of either scheme (its producers are those whose address in that scheme lies in
it), a region of a scheme, or the whole country.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, OuterRef, Q, Subquery

from ocop.certification.models import Certificate, Kind
from ocop.certification.selectors import status_q
from ocop.geo.models import AdminUnit, Region
from ocop.registry.models import ProducerType
from ocop.rules.models import ProductGroup

STARS = ("3", "4", "5")
GROUPS = ("food", "drink", "herbal", "handicraft", "ornamental", "tourism")
PRODUCER_TYPES = tuple(ProducerType.values)
KINDS = tuple(Kind.values)


@dataclass(frozen=True)
class Place:
    """Where statistics are counted: one unit, one region of a scheme, or the whole country."""

    scheme: str
    unit: AdminUnit | None = None
    region: Region | None = None

    @property
    def code(self) -> str:
        if self.unit:
            return self.unit.code_str
        return self.region.code if self.region else "VN"

    @property
    def name(self) -> str:
        if self.unit:
            return self.unit.name
        return self.region.name if self.region else "Toàn quốc"

    @property
    def label(self) -> str:
        if self.unit:
            return self.unit.label
        suffix = " (cũ)" if self.scheme == "legacy" else ""
        return (self.region.name + suffix) if self.region else "Toàn quốc"

    def as_dict(self) -> dict:
        kind = self.unit.level if self.unit else ("region" if self.region else "country")
        return {"code": self.code, "name": self.name, "scheme": self.scheme, "level": kind}


def producer_q(place: Place, prefix: str = "") -> Q:
    """Filter on Producer (or, with a prefix such as "product__producer__", on a related model)."""
    p = prefix
    if place.unit is not None:
        unit = place.unit
        if unit.scheme == "current":
            field = "province" if unit.level == "province" else "commune"
        else:
            field = {
                "province": "legacy_province",
                "district": "legacy_district",
                "commune": "legacy_commune",
            }[unit.level]
        return Q(**{f"{p}{field}": unit})
    if place.region is not None:
        field = "province__region" if place.scheme == "current" else "legacy_province__region"
        return Q(**{f"{p}{field}": place.region})
    return Q()


def _zeros(keys) -> dict:
    return {key: 0 for key in keys}


def _count_by(queryset, field: str, distinct: str, keys) -> dict:
    counts = _zeros(keys)
    for row in queryset.values(field).annotate(n=Count(distinct, distinct=True)).order_by():
        counts[str(row[field])] = counts.get(str(row[field]), 0) + row["n"]
    return counts


def share_pct(part: int, total: int) -> float:
    return round(100.0 * part / total, 1) if total else 0.0


def stock(place: Place, as_of: datetime.date) -> dict:
    certificates = Certificate.objects.filter(
        status_q("valid", as_of), producer_q(place, "product__producer__")
    )
    by_star = _count_by(certificates, "stars", "product", STARS)
    by_group = _count_by(certificates, "product__group__stats_code", "product", GROUPS)
    by_set = {
        row["product__product_set__code"] or "unknown": row["n"]
        for row in certificates.values("product__product_set__code")
        .annotate(n=Count("product", distinct=True))
        .order_by()
    }
    by_type = _count_by(certificates, "product__producer__producer_type", "product__producer", PRODUCER_TYPES)
    totals = certificates.aggregate(
        products=Count("product", distinct=True),
        producers=Count("product__producer", distinct=True),
        smes=Count("product__producer", distinct=True, filter=Q(product__producer__is_sme=True)),
        women=Count("product__producer", distinct=True, filter=Q(product__producer__women_led=True)),
        minority=Count(
            "product__producer", distinct=True, filter=Q(product__producer__ethnic_minority_led=True)
        ),
    )
    producers = totals["producers"]
    return {
        "products": {
            "total": totals["products"],
            "by_star": by_star,
            "by_group": by_group,
            "by_product_set": by_set,
        },
        "producers": {
            "total": producers,
            "by_type": by_type,
            "share_by_type_pct": {key: share_pct(n, producers) for key, n in by_type.items()},
            "sme": totals["smes"],
            "women_led": totals["women"],
            "ethnic_minority_led": totals["minority"],
        },
    }


def flows(place: Place, date_from: datetime.date, date_to: datetime.date) -> dict:
    in_place = producer_q(place, "product__producer__")
    decided = Certificate.objects.filter(in_place, decision_date__gte=date_from, decision_date__lte=date_to)
    by_kind = _count_by(decided, "kind", "id", KINDS)
    by_star = _count_by(decided, "stars", "id", STARS)
    by_kind_star = {
        kind: _count_by(decided.filter(kind=kind), "stars", "id", STARS) for kind in KINDS if by_kind[kind]
    }
    producers_by_kind = _count_by(decided, "kind", "product__producer", KINDS)
    # Cumulative: distinct products recognised in the period, at their latest stars in the period.
    latest_in_period = (
        decided.filter(product=OuterRef("product")).order_by("-decision_date", "-id").values("id")[:1]
    )
    latest = decided.filter(id=Subquery(latest_in_period))
    cumulative_by_star = _count_by(latest, "stars", "product", STARS)
    revoked = Certificate.objects.filter(in_place, revoked_on__gte=date_from, revoked_on__lte=date_to)
    # Expired in the period: the validity ended inside it without a later recognition before then.
    expired = Certificate.objects.filter(
        in_place, valid_until__gte=date_from, valid_until__lte=date_to
    ).filter(
        Q(superseded_on__isnull=True) | Q(superseded_on__gt=F("valid_until")),
        Q(revoked_on__isnull=True) | Q(revoked_on__gt=F("valid_until")),
    )
    return {
        "from": date_from.isoformat(),
        "to": date_to.isoformat(),
        "recognitions": {
            "total": sum(by_kind.values()),
            **by_kind,
            "by_star": by_star,
            "by_kind_and_star": by_kind_star,
            "producers_by_kind": producers_by_kind,
        },
        "producers_recognised": decided.aggregate(n=Count("product__producer", distinct=True))["n"],
        "cumulative_products": {"total": sum(cumulative_by_star.values()), "by_star": cumulative_by_star},
        "revocations": revoked.count(),
        "expiries": expired.count(),
    }


def statistics(
    place: Place,
    *,
    as_of: datetime.date,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> dict:
    """Everything a report needs for one place: stock at `as_of` and, with a period, the flows."""
    result = {"unit": place.as_dict(), "as_of": as_of.isoformat(), **stock(place, as_of)}
    if date_from and date_to:
        result["period"] = flows(place, date_from, date_to)
    return result


def group_names(taxonomy: str = "148") -> dict[str, str]:
    return dict(ProductGroup.objects.filter(taxonomy__code=taxonomy).values_list("code", "name"))


METRICS = {
    "products": "Số sản phẩm OCOP còn hiệu lực",
    "products_4plus": "Số sản phẩm từ 4 sao",
    "producers": "Số chủ thể có sản phẩm OCOP",
}


def ranking(
    *, scheme: str, as_of: datetime.date, region: Region | None = None, metric: str = "products"
) -> list:
    """Provinces of a scheme (inside a region, or the whole country) ranked on a metric at a date.

    Ties share a rank ("đồng hạng"); provinces with nothing still appear, at the bottom.
    """
    if metric not in METRICS:
        raise ValueError(f"unknown metric {metric!r}")
    field = "product__producer__province" if scheme == "current" else "product__producer__legacy_province"
    certificates = Certificate.objects.filter(status_q("valid", as_of))
    if metric == "products_4plus":
        certificates = certificates.filter(stars__gte=4)
    distinct = "product__producer" if metric == "producers" else "product"
    values = dict(certificates.values_list(field).annotate(n=Count(distinct, distinct=True)).order_by())
    provinces = AdminUnit.objects.filter(scheme=scheme, level="province")
    if region is not None:
        provinces = provinces.filter(region=region)
    rows = sorted(
        ({"unit": unit, "value": values.get(unit.pk, 0)} for unit in provinces),
        key=lambda row: (-row["value"], row["unit"].sort_key),
    )
    previous, rank = None, 0
    for position, row in enumerate(rows, start=1):
        if row["value"] != previous:
            rank, previous = position, row["value"]
        row["rank"] = rank
    return rows
