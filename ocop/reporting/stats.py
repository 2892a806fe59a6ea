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
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import ExtractYear
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_lazy

from ocop.activities.models import (
    MODERN_KINDS,
    ONLINE_KINDS,
    ChannelKind,
    Commendation,
    CommendationRecipient,
    CraftVillage,
    EventKind,
    EventLocation,
    Funding,
    FundingSource,
    ParticipantKind,
    Platform,
    PointOfSale,
    PointStatus,
    SalesChannel,
    Support,
    SupportKind,
    TradeEvent,
    TrainingClass,
    TrainingParticipant,
    ValueChain,
)
from ocop.activities.selectors import active_q
from ocop.certification.models import Certificate, Kind
from ocop.certification.selectors import status_q
from ocop.geo.models import AdminUnit, Region
from ocop.registry.models import Producer, ProducerType
from ocop.rules.models import ProductGroup
from ocop.rules.selectors import certified_stars, upper_stars_from

# A product has at most one valid certificate on any date: its recognitions form a chain in which
# each one is superseded by the next from that one's decision date (certification.services
# .relink_chain). So counting valid certificates counts products, without COUNT(DISTINCT).
GROUPS = ("food", "drink", "herbal", "handicraft", "ornamental", "tourism")
PRODUCER_TYPES = tuple(ProducerType.values)
KINDS = tuple(Kind.values)
# "Expiring within N days" on the dashboard and in the report (a reporting window, not the
# regime's notice period: that one decides when producers are notified).
EXPIRY_WINDOW_DAYS = 90


def star_keys() -> tuple[str, ...]:
    """The certified star levels as the keys of every "by_star" figure ("3", "4", "5")."""
    return tuple(str(stars) for stars in certified_stars())


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


def certificate_q(place: Place) -> Q:
    """Filter on Certificate for `place`: on the columns a certificate copies from its producer
    (current and legacy province) when they suffice, so a province, a region or the country is
    counted without joining products and producers; through the producer for smaller units."""
    if place.unit is None:
        if place.region is None:
            return Q()
        field = "province__region" if place.scheme == "current" else "legacy_province__region"
        return Q(**{field: place.region})
    if place.unit.level == "province":
        return Q(province=place.unit) if place.unit.scheme == "current" else Q(legacy_province=place.unit)
    return producer_q(place, "product__producer__")


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
    # Grouped queries on the certificate's own columns (no join for a province, region or the
    # country): a product has one group and set and a producer one type, so every breakdown and
    # total is a sum over these groups.
    certificates = Certificate.objects.filter(status_q("valid", as_of), certificate_q(place))
    by_star, by_group, by_set = _zeros(star_keys()), _zeros(GROUPS), {}
    for row in certificates.values("stars", "group_code", "set_code").annotate(n=Count("id")):
        star, group = str(row["stars"]), str(row["group_code"])
        by_star[star] = by_star.get(star, 0) + row["n"]
        by_group[group] = by_group.get(group, 0) + row["n"]
        code = row["set_code"] or "unknown"
        by_set[code] = by_set.get(code, 0) + row["n"]
    by_type, totals = _zeros(PRODUCER_TYPES), {"products": 0}
    for row in (
        certificates.values("producer_type")
        .annotate(products=Count("id"), producers=Count("producer", distinct=True))
        .order_by()
    ):
        kind = str(row["producer_type"])
        by_type[kind] = by_type.get(kind, 0) + row["producers"]
        totals["products"] += row["products"]
    # Producer flags are not copied: one pass over the producers that have a valid product.
    flags = Producer.objects.filter(pk__in=certificates.values("producer")).aggregate(
        smes=Count("pk", filter=Q(is_sme=True)),
        women=Count("pk", filter=Q(women_led=True)),
        minority=Count("pk", filter=Q(ethnic_minority_led=True)),
    )
    totals.update(flags)
    producers = sum(by_type.values())
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
    in_place = certificate_q(place)
    decided = Certificate.objects.filter(in_place, decision_date__gte=date_from, decision_date__lte=date_to)
    # Decisions by kind and stars in one grouped query; every breakdown is a sum over it.
    stars = star_keys()
    by_kind, by_star, by_kind_star = _zeros(KINDS), _zeros(stars), {}
    for row in decided.values("kind", "stars").annotate(n=Count("id")).order_by():
        kind, star = str(row["kind"]), str(row["stars"])
        by_kind[kind] = by_kind.get(kind, 0) + row["n"]
        by_star[star] = by_star.get(star, 0) + row["n"]
        by_kind_star.setdefault(kind, _zeros(stars))
        by_kind_star[kind][star] = by_kind_star[kind].get(star, 0) + row["n"]
    by_kind_star = {kind: by_kind_star[kind] for kind in KINDS if by_kind[kind]}
    producer = "producer"  # copied on the certificate
    producers = decided.aggregate(
        all=Count(producer, distinct=True),
        **{kind: Count(producer, distinct=True, filter=Q(kind=kind)) for kind in KINDS},
    )
    producers_by_kind = {kind: producers[kind] for kind in KINDS}
    # Cumulative: distinct products recognised in the period, at their latest stars in the period.
    # (The inner query needs no place filter: a product's certificates all share its producer.)
    latest_in_period = (
        Certificate.objects.filter(
            product=OuterRef("product"), decision_date__gte=date_from, decision_date__lte=date_to
        )
        .order_by("-decision_date", "-id")
        .values("id")[:1]
    )
    latest = decided.filter(id=Subquery(latest_in_period))
    cumulative_by_star = _count_by(latest, "stars", "product", stars)
    # Expired in the period: the validity ended inside it without a later recognition before then.
    expired = (
        Q(valid_until__gte=date_from, valid_until__lte=date_to)
        & (Q(superseded_on__isnull=True) | Q(superseded_on__gt=F("valid_until")))
        & (Q(revoked_on__isnull=True) | Q(revoked_on__gt=F("valid_until")))
    )
    revoked = Q(revoked_on__gte=date_from, revoked_on__lte=date_to)
    ended = (
        Certificate.objects.filter(in_place)
        .filter(revoked | expired)
        .aggregate(revocations=Count("id", filter=revoked), expiries=Count("id", filter=expired))
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
        "producers_recognised": producers["all"],
        "cumulative_products": {"total": sum(cumulative_by_star.values()), "by_star": cumulative_by_star},
        "revocations": ended["revocations"],
        "expiries": ended["expiries"],
    }


def statistics(
    place: Place,
    *,
    as_of: datetime.date,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> dict:
    """Everything a report needs for one place: stock at `as_of`, with a period the flows, and the
    activities of the period (without one, of the year up to `as_of`)."""
    result = {"unit": place.as_dict(), "as_of": as_of.isoformat(), **stock(place, as_of)}
    if date_from and date_to:
        result["period"] = flows(place, date_from, date_to)
        result["period"]["registrations"] = registrations(place, date_from, date_to)
    result["activities"] = activity_stats(
        place,
        as_of=as_of,
        date_from=date_from or datetime.date(as_of.year, 1, 1),
        date_to=date_to or as_of,
    )
    return result


def registrations(place: Place, date_from: datetime.date, date_to: datetime.date) -> dict:
    """Dossiers submitted in the period to a provincial round (forwards to the central round are
    not new registrations): by kind and producer type, how many passed (recognised) or failed (not
    recognised), and the average council score of those scored."""
    from django.db.models import Avg

    from ocop.evaluation.models import Dossier, DossierKind, DossierState, Level

    submitted = Dossier.objects.filter(
        producer_q(place, "producer__"),
        round__level=Level.PROVINCE,
        submitted_on__gte=date_from,
        submitted_on__lte=date_to,
    )
    figures = submitted.aggregate(
        total=Count("id"),
        producers=Count("producer", distinct=True),
        passed=Count("id", filter=Q(state=DossierState.RECOGNISED)),
        failed=Count("id", filter=Q(state=DossierState.NOT_RECOGNISED)),
        average=Avg("score"),
        **{kind: Count("id", filter=Q(kind=kind)) for kind in DossierKind.values},
    )
    by_type = _zeros(PRODUCER_TYPES)
    for row in submitted.values("producer__producer_type").annotate(n=Count("id")).order_by():
        by_type[str(row["producer__producer_type"])] = row["n"]
    average = figures["average"]
    return {
        "total": figures["total"],
        "producers": figures["producers"],
        "new": figures[DossierKind.NEW],
        "upgrade": figures[DossierKind.UPGRADE],
        "reevaluation": figures[DossierKind.REEVALUATION],
        "by_producer_type": by_type,
        "passed": figures["passed"],
        "failed": figures["failed"],
        "average_score": round(float(average), 2) if average is not None else None,
    }


def group_names(taxonomy: str = "148") -> dict[str, str]:
    return dict(ProductGroup.objects.filter(taxonomy__code=taxonomy).values_list("code", "name"))


def _upper_stars_label() -> str:
    return gettext("Số sản phẩm từ %(stars)s sao") % {"stars": upper_stars_from()}


METRICS = {
    "products": gettext_lazy("Số sản phẩm OCOP còn hiệu lực"),
    "products_4plus": lazy(_upper_stars_label, str)(),
    "producers": gettext_lazy("Số chủ thể có sản phẩm OCOP"),
}


def ranking(
    *, scheme: str, as_of: datetime.date, region: Region | None = None, metric: str = "products"
) -> list:
    """Provinces of a scheme (inside a region, or the whole country) ranked on a metric at a date.

    Ties share a rank ("đồng hạng"); provinces with nothing still appear, at the bottom.
    """
    if metric not in METRICS:
        raise ValueError(f"unknown metric {metric!r}")
    counts = counts_by_unit(PRODUCER_UNIT_FIELD[(scheme, "province")], as_of)
    values = {unit_id: figures[metric] for unit_id, figures in counts.items()}
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


# --- many places in one query (dashboard drill-down, rankings) -------------------------------------

PRODUCER_UNIT_FIELD = {
    ("current", "province"): "province",
    ("current", "commune"): "commune",
    ("legacy", "province"): "legacy_province",
    ("legacy", "district"): "legacy_district",
    ("legacy", "commune"): "legacy_commune",
}


def counts_by_unit(field: str, as_of: datetime.date, where: Q | None = None) -> dict:
    """{unit id (or None): {"products", "products_4plus", "producers"}} at `as_of`, grouped on the
    producer's `field` ("province", "legacy_district" …) in one query."""
    certificates = Certificate.objects.filter(status_q("valid", as_of))
    if where is not None:
        certificates = certificates.filter(where)
    # Provinces are copied on the certificate; smaller units are read through the producer.
    group = field if field in ("province", "legacy_province") else f"product__producer__{field}"
    rows = (
        certificates.values(group)
        .annotate(
            products=Count("id"),
            products_4plus=Count("id", filter=Q(stars__gte=upper_stars_from())),
            producers=Count("producer", distinct=True),
        )
        .order_by()
    )
    return {
        row[group]: {key: row[key] for key in ("products", "products_4plus", "producers")} for row in rows
    }


def child_units(place: Place):
    """The units one level below `place`: provinces of the country or a region, communes of a
    current province, districts of a legacy province, communes of a legacy district."""
    units = AdminUnit.objects.filter(scheme=place.scheme)
    if place.unit is None:
        units = units.filter(level="province")
        return units.filter(region=place.region) if place.region else units
    unit = place.unit
    if unit.level == "province":
        level = "commune" if unit.scheme == "current" else "district"
        return units.filter(level=level, parent=unit)
    if unit.level == "district":
        return units.filter(level="commune", parent=unit)
    return units.none()


def stock_by_child(place: Place, as_of: datetime.date) -> list[dict]:
    """[{"unit", "products", "products_4plus", "producers"}] for each child unit of `place`, in
    Vietnamese order, from one grouped query; producers placed in no child (a legacy commune split
    across several current ones) come last with "unit": None."""
    children = list(child_units(place).order_by("sort_key", "code"))
    if not children:
        return []
    field = PRODUCER_UNIT_FIELD[(place.scheme, children[0].level)]
    counts = counts_by_unit(field, as_of, certificate_q(place))
    empty = {"products": 0, "products_4plus": 0, "producers": 0}
    rows = [{"unit": unit, **counts.get(unit.pk, empty)} for unit in children]
    if counts.get(None):
        rows.append({"unit": None, **counts[None]})
    return rows


def recognitions_by_year(
    place: Place, first_year: int, last_year: int, until: datetime.date | None = None
) -> dict:
    """{year: {kind: n}} for decisions taken in [first_year, last_year] (and not after `until`),
    from one grouped query."""
    end = datetime.date(last_year, 12, 31)
    decided = Certificate.objects.filter(
        certificate_q(place),
        decision_date__gte=datetime.date(first_year, 1, 1),
        decision_date__lte=min(end, until) if until else end,
    )
    years = {year: _zeros(KINDS) for year in range(first_year, last_year + 1)}
    rows = (
        decided.annotate(year=ExtractYear("decision_date"))
        .values("year", "kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rows:
        years[row["year"]][row["kind"]] = row["n"]
    return years


def expiring_certificates(place: Place, as_of: datetime.date, days: int = EXPIRY_WINDOW_DAYS):
    """Certificates of `place` valid on `as_of` whose validity ends within `days` after it, the
    soonest first, then in Vietnamese order of the product (dashboard and report alike)."""
    return (
        Certificate.objects.filter(
            status_q("valid", as_of),
            certificate_q(place),
            valid_until__lte=as_of + datetime.timedelta(days=days),
        )
        .select_related("product", "product__producer")
        .order_by("valid_until", "product__sort_key", "id")
    )


# --- activities (issue 11): channels, points of sale, events, training, funding, support ---------


def _money(value) -> float:
    return float(value or 0)


def activity_stats(
    place: Place, *, as_of: datetime.date, date_from: datetime.date, date_to: datetime.date
) -> dict:
    """The `activities` block: what the province did for its OCOP producers.

    - channels, value chains: running on `as_of`; shares are of the OCOP producers (with a valid
      certificate on `as_of`) of the place — the denominator of the plans' "≥ 40 % of producers on
      modern channels";
    - points of sale: open on `as_of`, by child unit;
    - events, classes, support, commendations: in the period (by start date / date); funding: the
      years the period touches;
    - craft villages: those with a product holding a valid certificate on `as_of`.

    A fixed number of queries (13) whatever the number of records: one grouped query or small
    aggregate per block, totals summed from the groups. Whether a producer is an OCOP producer is asked of the
    database (EXISTS a valid certificate, by `status_q`), never of a set of ids held in Python.
    """

    valid = Certificate.objects.filter(status_q("valid", as_of), certificate_q(place))
    total = valid.aggregate(n=Count("producer", distinct=True))["n"]
    # Whether a row's producer is an OCOP producer of the place: one index lookup per row.
    ocop = Exists(valid.filter(producer=OuterRef("producer")))

    def share(inside: int) -> dict:
        return {"producers": inside, "share_pct": share_pct(inside, total)}

    def producers_where(condition: Q | None = None) -> Count:
        return Count("producer", distinct=True, filter=condition)

    # Sales channels running on as_of, in the order they were recorded, each flagged in SQL.
    channels = SalesChannel.objects.filter(producer_q(place, "producer__")).filter(active_q(as_of))
    by_kind: dict[str, set] = {kind: set() for kind in ChannelKind.values}
    by_platform: dict[str, set] = {}
    with_channels: set[int] = set()
    listings = 0
    # OCOP producers on e-commerce platforms, in the order their listings were recorded, each with
    # the products its listings name (none when it lists its whole shop).
    sellers: dict[int, dict] = {}
    platforms: set[str] = set()
    known = [str(Platform(code).label) for code in Platform.values if code != Platform.OTHER]
    # Its commune (in the place's scheme) tells apart producers of the same name.
    commune = "producer__legacy_commune__name" if place.scheme == "legacy" else "producer__commune__name"
    rows = (
        channels.annotate(ocop=ocop)
        .order_by("id")
        .values_list(
            "kind", "platform", "producer", "ocop", "producer__name", commune, "product__name", "retailer"
        )
    )
    for kind, platform, producer, is_ocop, name, where, product, retailer in rows:
        listings += 1
        with_channels.add(producer)
        if platform:
            by_platform.setdefault(platform, set()).add(producer)
        if not is_ocop:
            continue
        by_kind[kind].add(producer)
        if kind != ChannelKind.ECOMMERCE:
            continue
        platforms.add(retailer if platform == Platform.OTHER else str(Platform(platform).label))
        seller = sellers.setdefault(
            producer, {"producer": name, "commune": where or "", "products": [], "whole_shop": False}
        )
        if product is None:
            seller["whole_shop"] = True
        elif product not in seller["products"]:
            seller["products"].append(product)
    online = set().union(*(by_kind[kind] for kind in ONLINE_KINDS))
    modern = set().union(*(by_kind[kind] for kind in MODERN_KINDS))
    channel_block = {
        "ocop_producers": total,
        "listings": listings,
        "producers_with_channels": len(with_channels),
        "by_kind": {kind: share(len(ids)) for kind, ids in by_kind.items()},
        "online": share(len(online)),
        "modern": share(len(modern)),
        "by_platform": {code: len(by_platform[code]) for code in Platform.values if code in by_platform},
        # Platform names in the order reports give them (Shopee, Lazada, …), then others by name.
        "ecommerce_platforms": [label for label in known if label in platforms]
        + sorted(p for p in platforms if p not in known),
        "ecommerce_sellers": [
            {
                "producer": s["producer"],
                "commune": s["commune"],
                "products": [] if s["whole_shop"] else s["products"],
            }
            for s in sellers.values()
        ],
    }

    # Points of sale open on as_of: total, by kind and by child unit from one grouped query.
    points = PointOfSale.objects.filter(producer_q(place), status=PointStatus.ACTIVE).filter(
        active_q(as_of, "opened_on", "closed_on")
    )
    children = list(child_units(place).order_by("sort_key", "code"))
    field = PRODUCER_UNIT_FIELD[(place.scheme, children[0].level)] if children else None
    point_total, by_point_kind, by_child = 0, {}, {}
    for row in points.values("kind", *([field] if field else [])).annotate(n=Count("id")).order_by():
        point_total += row["n"]
        by_point_kind[row["kind"]] = by_point_kind.get(row["kind"], 0) + row["n"]
        if field:
            by_child[row[field]] = by_child.get(row[field], 0) + row["n"]
    by_unit = [
        {"code": unit.code_str, "name": unit.name, "points": by_child[unit.pk]}
        for unit in children
        if by_child.get(unit.pk)
    ]
    point_block = {
        "total": point_total,
        "by_kind": by_point_kind,
        "by_unit": by_unit,
        "units_with_points": len(by_unit),
        "child_units": len(children),
    }

    # Trade promotion events started in the period.
    events = TradeEvent.objects.filter(producer_q(place), start_date__gte=date_from, start_date__lte=date_to)
    # One row per location and kind (a handful): totals are sums over them (sums of decimals,
    # exact), and few expressions keep the query cheap to build as well as to run.
    by_location, by_event_kind = _zeros(EventLocation.values), {}
    event_total, revenue, contracts = 0, Decimal(0), 0
    for row in (
        events.values("location", "kind")
        .annotate(n=Count("id"), revenue=Sum("revenue"), contracts=Sum("contracts"))
        .order_by()
    ):
        event_total += row["n"]
        by_location[row["location"]] = by_location.get(row["location"], 0) + row["n"]
        by_event_kind[row["kind"]] = by_event_kind.get(row["kind"], 0) + row["n"]
        revenue += row["revenue"] or 0
        contracts += row["contracts"] or 0
    participations = TradeEvent.producers.through.objects.filter(tradeevent__in=events).aggregate(
        n=Count("id"), producers=producers_where()
    )
    event_block = {
        "total": event_total,
        "by_location": by_location,
        "by_kind": {kind: by_event_kind[kind] for kind in EventKind.values if kind in by_event_kind},
        "producer_participations": participations["n"],
        "producers": participations["producers"],
        "revenue_million": _money(revenue),
        "contracts": int(contracts),
    }

    # Training classes started in the period; their attended participants in one pass, each
    # producer flagged in SQL as an OCOP producer or not.
    classes = TrainingClass.objects.filter(
        producer_q(place), start_date__gte=date_from, start_date__lte=date_to
    )
    by_organiser: dict[str, dict] = {}
    for organiser, class_count in (
        classes.values_list("organiser").annotate(n=Count("id")).order_by("organiser")
    ):
        by_organiser[organiser] = {
            "classes": class_count,
            "producer_participations": 0,
            "ocop_participations": 0,
        }
    participants = (
        TrainingParticipant.objects.filter(
            training_class__in=classes,
            attended=True,
            kind__in=[ParticipantKind.PRODUCER, ParticipantKind.OFFICIAL],
        )
        .annotate(ocop=ocop)
        .values_list("kind", "training_class__organiser", "producer", "ocop", "name", "organisation")
        .order_by()
    )
    trained, ocop_trained, officials = set(), set(), set()
    producer_participations = ocop_participations = official_participations = 0
    for kind, organiser, producer, is_ocop, name, organisation in participants:
        if kind == ParticipantKind.OFFICIAL:
            official_participations += 1
            officials.add((name.strip().lower(), organisation.strip().lower()))
            continue
        entry = by_organiser[organiser]
        entry["producer_participations"] += 1
        producer_participations += 1
        trained.add(producer)
        if is_ocop:
            entry["ocop_participations"] += 1
            ocop_participations += 1
            ocop_trained.add(producer)
    training_block = {
        "classes": sum(entry["classes"] for entry in by_organiser.values()),
        "producer_participations": producer_participations,
        "ocop_producer_participations": ocop_participations,
        "official_participations": official_participations,
        "producers_trained": len(trained),
        "officials_trained": len(officials),
        "ocop_producers_trained": share(len(ocop_trained)),
        "by_organiser": by_organiser,
    }

    # Funding of the years the period touches.
    funding = Funding.objects.filter(producer_q(place), year__gte=date_from.year, year__lte=date_to.year)
    by_source = {source: 0.0 for source in FundingSource.values}
    for source, amount in funding.values_list("source").annotate(total=Sum("amount")).order_by():
        by_source[source] = _money(amount)
    funding_block = {
        "years": [date_from.year, date_to.year],
        "total_million": round(sum(by_source.values()), 2),
        "by_source_million": by_source,
    }

    # Support given in the period.
    supports = Support.objects.filter(producer_q(place, "producer__"), date__gte=date_from, date__lte=date_to)
    # One row per kind and producer supported: counts, amounts (exact decimal sums) and producers.
    supported, by_support_kind = set(), {}
    for kind, producer, n, amount in (
        supports.values_list("kind", "producer").annotate(n=Count("id"), total=Sum("amount")).order_by()
    ):
        supported.add(producer)
        entry = by_support_kind.setdefault(kind, {"count": 0, "amount": Decimal(0)})
        entry["count"] += n
        entry["amount"] += amount or 0
    by_support = {
        kind: {"count": entry["count"], "amount_million": _money(entry["amount"])}
        for kind in SupportKind.values
        if (entry := by_support_kind.get(kind))
    }
    support_block = {
        "total": sum(entry["count"] for entry in by_support_kind.values()),
        "producers": len(supported),
        "amount_million": round(sum(v["amount_million"] for v in by_support.values()), 2),
        "by_kind": by_support,
    }

    # Value chains running on as_of; craft villages with an OCOP product on as_of.
    chains = ValueChain.objects.filter(producer_q(place, "producer__")).filter(active_q(as_of))
    chain_counts = chains.aggregate(
        producers=producers_where(Q(ocop)), circular=producers_where(Q(ocop, circular=True))
    )
    villages = CraftVillage.objects.filter(producer_q(place))
    certified = Certificate.objects.filter(status_q("valid", as_of), product__craft_villages=OuterRef("pk"))
    village_counts = villages.aggregate(total=Count("id"), with_ocop=Count("id", filter=Q(Exists(certified))))
    with_ocop, village_total = village_counts["with_ocop"], village_counts["total"]

    # Commendations in the period: totals and by issuer from one grouped query.
    commendations = Commendation.objects.filter(producer_q(place), date__gte=date_from, date__lte=date_to)
    by_recipient = _zeros(CommendationRecipient.values)
    by_issuer = {}
    for issuer, form, kind, n in (
        commendations.values_list("issuer", "form", "recipient_kind")
        .annotate(n=Count("id"))
        .order_by("issuer", "form")
    ):
        entry = by_issuer.setdefault(
            (issuer, form), {"issuer": issuer, "form": form, **_zeros(CommendationRecipient.values)}
        )
        entry[kind] += n
        by_recipient[kind] = by_recipient.get(kind, 0) + n
    return {
        "from": date_from.isoformat(),
        "to": date_to.isoformat(),
        "channels": channel_block,
        "points_of_sale": point_block,
        "events": event_block,
        "training": training_block,
        "funding": funding_block,
        "support": support_block,
        "value_chains": {**share(chain_counts["producers"]), "circular": share(chain_counts["circular"])},
        "craft_villages": {
            "total": village_total,
            "with_ocop_product": with_ocop,
            "share_pct": share_pct(with_ocop, village_total),
        },
        "commendations": {
            "total": sum(by_recipient.values()),
            **{kind: by_recipient[kind] for kind in CommendationRecipient.values},
            "by_issuer": list(by_issuer.values()),
        },
    }
