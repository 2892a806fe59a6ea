"""Reads for the public pages, the open data and the officials' view of QR scans.

Public reads need no scope: they show only what a certificate already makes public (product,
producer name and place, stars, decision). A certificate's status always comes from the
certification rules (`Certificate.status_on`, `status_q`); nothing here re-decides it.
"""

import datetime
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.core.paginator import Paginator
from django.db.models import Count, Max, Prefetch
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from ocop.accounts import capabilities as caps
from ocop.activities import selectors as activities
from ocop.activities.models import ChannelKind, Platform
from ocop.certification.models import VALID_STATUSES, Certificate, Status, normalise_public_code
from ocop.certification.selectors import status_q, visible_certificates
from ocop.geo.models import AdminUnit
from ocop.public.catalogue import COUNT_CAP, CatalogueFilter, Ranked
from ocop.public.models import CatalogueEntry, ScanEvent
from ocop.registry.models import Producer, Product

CERTIFICATE_RELATED = (
    "product__producer__province",
    "product__producer__commune",
    "product__producer__legacy_province",
    "product__producer__legacy_district",
    "product__producer__legacy_commune",
    "product__group",
    "product__product_set",
    "issuer_unit",
    "superseded_by",
)


def certificate_by_code(code: str) -> Certificate | None:
    """The certificate a public code opens (a typed code may use lower case and hyphens)."""
    return (
        Certificate.objects.select_related(*CERTIFICATE_RELATED)
        .filter(public_code=normalise_public_code(code))
        .first()
    )


def newest_certificate(product) -> Certificate | None:
    return product.certificates.order_by("-decision_date", "-id").first()


def newest_certificate_for_gtin(gtin: str) -> Certificate | None:
    """The newest certificate of the product with this GTIN (GS1 Digital Link without a code)."""
    gtin = gtin.strip().zfill(14)
    return (
        Certificate.objects.select_related(*CERTIFICATE_RELATED)
        .filter(product__gtin=gtin)
        .order_by("-decision_date", "-id")
        .first()
    )


@dataclass(frozen=True)
class Verdict:
    colour: str  # green / amber / red
    status: str  # certification.models.Status
    headline: str
    detail: str

    @property
    def shows_stars(self) -> bool:
        return self.status in VALID_STATUSES


def verdict(certificate: Certificate, today: datetime.date | None = None) -> Verdict:
    """The plain answer a buyer gets: green valid, amber expiring or superseded, red expired or
    revoked. Only a valid certificate lets the product show its stars."""
    today = today or timezone.localdate()
    status = certificate.status_on(today)
    stars = certificate.stars
    until = f"{certificate.valid_until:%d/%m/%Y}"
    if status == Status.ACTIVE:
        return Verdict(
            "green",
            status,
            _("Hợp lệ: sản phẩm OCOP %(stars)s sao") % {"stars": stars},
            _("Giấy chứng nhận còn hiệu lực đến ngày %(date)s.") % {"date": until},
        )
    if status == Status.EXPIRING:
        return Verdict(
            "amber",
            status,
            _("Còn hiệu lực, sắp hết hạn: OCOP %(stars)s sao") % {"stars": stars},
            _("Giấy chứng nhận hết hiệu lực ngày %(date)s; chủ thể cần được đánh giá lại.") % {"date": until},
        )
    if status == Status.PENDING:
        return Verdict(
            "amber",
            status,
            _("Chưa có hiệu lực"),
            _("Giấy chứng nhận có hiệu lực từ ngày %(date)s.")
            % {"date": f"{certificate.valid_from:%d/%m/%Y}"},
        )
    if status == Status.SUPERSEDED:
        return Verdict(
            "amber",
            status,
            _("Đã được thay thế bằng giấy chứng nhận mới"),
            _("Từ ngày %(date)s sản phẩm được công nhận theo quyết định mới; hãy xem giấy chứng nhận mới.")
            % {"date": f"{certificate.superseded_on:%d/%m/%Y}"},
        )
    if status == Status.REVOKED:
        return Verdict(
            "red",
            status,
            _("Không hợp lệ: giấy chứng nhận đã bị thu hồi"),
            _("Thu hồi ngày %(date)s theo quyết định %(decision)s. Sản phẩm không được dùng sao OCOP.")
            % {"date": f"{certificate.revoked_on:%d/%m/%Y}", "decision": certificate.revocation_decision},
        )
    return Verdict(
        "red",
        status,
        _("Không hợp lệ: giấy chứng nhận đã hết hạn"),
        _("Hết hiệu lực từ ngày %(date)s. Sản phẩm không còn được dùng sao OCOP.") % {"date": until},
    )


# --- Catalogue -------------------------------------------------------------------------------


@dataclass
class CatalogueQuery:
    q: str = ""
    province: AdminUnit | None = None
    stars: int | None = None
    group: str = ""  # ProductGroup.stats_code
    product_set: str = ""  # ProductSet.code
    producer_type: str = ""
    include_ended: bool = False  # expired and revoked too (the default catalogue hides them)


def catalogue_entries(query: CatalogueQuery, today: datetime.date | None = None) -> Ranked:
    """Catalogue rows matching `query`, best first: by relevance when there is a text, else in
    Vietnamese order (`catalogue.Ranked`: count it, then slice it). Filters and status read the
    row's own copies (one table, no join); a slice brings its rows' certificate, product, producer
    and province in the same query."""
    today = today or timezone.localdate()
    where = CatalogueFilter(
        valid_on=None if query.include_ended else today,
        stars=query.stars,
        province_id=query.province.pk if query.province is not None else None,
        group=query.group,
        product_set=query.product_set,
        producer_type=query.producer_type,
    )
    return Ranked(where, query.q)


# Past COUNT_CAP matches (catalogue.py) the catalogue says "more than" instead of counting them
# all: a count of tens of thousands of rows costs more than the page itself and helps nobody.


def capped_count(entries: Ranked) -> int:
    """The number of matches, counted up to COUNT_CAP + 1 (more means "more than COUNT_CAP")."""
    return entries.capped_count(COUNT_CAP)


class CappedPaginator(Paginator):
    """A paginator whose count stops at COUNT_CAP + 1: pages past the cap are not offered."""

    @cached_property
    def matches(self) -> int:
        return capped_count(self.object_list)

    @cached_property
    def count(self) -> int:
        return min(self.matches, COUNT_CAP)

    @cached_property
    def capped(self) -> bool:
        return self.matches > COUNT_CAP


def suggestions(text: str, limit: int = 8) -> list[str]:
    """Product names for the search box while typing (valid certificates only)."""
    if len(text.strip()) < 2:
        return []
    rows = catalogue_entries(CatalogueQuery(q=text))[:limit]
    return list(dict.fromkeys(entry.product.name for entry in rows))


def public_product(pk: int) -> Product | None:
    """A product the public may see: one that has (or had) a certificate."""
    return (
        Product.objects.filter(pk=pk, certificates__isnull=False)
        .select_related(
            "producer__province",
            "producer__commune",
            "producer__legacy_province",
            "producer__legacy_district",
            "producer__legacy_commune",
            "group",
            "product_set",
        )
        .distinct()
        .first()
    )


def public_producer(pk: int) -> Producer | None:
    return (
        Producer.objects.filter(pk=pk, products__certificates__isnull=False)
        .select_related("province", "commune", "legacy_province", "legacy_district", "legacy_commune")
        .distinct()
        .first()
    )


def producer_entries(producer, today=None):
    """The producer's products in the catalogue, valid ones first."""
    return (
        CatalogueEntry.objects.filter(product__producer=producer, certificate__isnull=False)
        .select_related("certificate", "product")
        .order_by("sort_key", "product_id")
    )


def current_provinces():
    return AdminUnit.objects.filter(scheme="current", level="province").order_by("sort_key")


# --- Where to buy: sales channels and points of sale (records of ocop.activities) ----------------


@dataclass(frozen=True)
class Outlet:
    name: str  # the platform, the retailer, the country, or the website's host
    url: str  # the listing address, or ""
    product: Product | None  # the one product the channel names (None: all the producer's products)


@dataclass(frozen=True)
class ChannelGroup:
    kind: str  # ChannelKind
    label: str
    outlets: list[Outlet]


def where_to_buy(channels) -> list[ChannelGroup]:
    """Running channels (`activities.channels_for_product` / `channels_for_producer`) grouped by
    kind — e-commerce, own website, modern retail, export — platforms in the order reports name
    them; the same outlet and address once."""
    kinds, platforms = list(ChannelKind.values), list(Platform.values)

    def order(channel):
        platform = platforms.index(channel.platform) if channel.platform in platforms else len(platforms)
        return kinds.index(channel.kind), platform, (channel.outlet or "").casefold(), channel.pk

    groups: dict[str, list[Outlet]] = {}
    seen = set()
    for channel in sorted(channels, key=order):
        name = channel.outlet or ""
        if channel.kind == ChannelKind.WEBSITE and channel.listing_url:
            host = urlsplit(channel.listing_url).hostname or channel.listing_url
            name = host.removeprefix("www.")
        product = channel.product if channel.product_id else None
        key = (channel.kind, name, channel.listing_url, product.pk if product else None)
        if not name or key in seen:
            continue
        seen.add(key)
        groups.setdefault(channel.kind, []).append(Outlet(name, channel.listing_url, product))
    return [ChannelGroup(kind, str(ChannelKind(kind).label), outlets) for kind, outlets in groups.items()]


def carried_products(today: datetime.date):
    """Products a point of sale shows the public: those whose certificate is valid `today` (read
    from the catalogue row, with its stars)."""
    return (
        Product.objects.filter(catalogue_entry__certificate__isnull=False)
        .filter(status_q("valid", today, "catalogue_entry__"))
        .select_related("catalogue_entry")
        .order_by("sort_key", "id")
    )


def points_of_sale(province: AdminUnit | None = None, kind: str = "", today: datetime.date | None = None):
    """The public directory: points of sale and showrooms open `today` (which are open is decided by
    `activities.public_points_of_sale`), optionally in one current province and of one kind, with
    their place in both schemes, their operator and the valid OCOP products they carry (`carried`)."""
    today = today or timezone.localdate()
    points = activities.public_points_of_sale(today)
    if province is not None:
        points = points.filter(province=province)
    if kind:
        points = points.filter(kind=kind)
    return (
        points.select_related("operator_producer")
        .prefetch_related(None)
        .prefetch_related(Prefetch("products", queryset=carried_products(today), to_attr="carried"))
    )


def point_of_sale(pk: int, today: datetime.date | None = None):
    """One point of sale for its public page and the public API, read as the directory reads it: an
    open point (`points_of_sale`, with `carried`) has `is_closed` False; a closed one
    (`activities.closed_points_of_sale`) has `is_closed` True and carries nothing. None for a
    planned point, one not opened yet, or no such point."""
    today = today or timezone.localdate()
    point = points_of_sale(today=today).filter(pk=pk).first()
    if point is not None:
        point.is_closed = False
        return point
    point = activities.closed_points_of_sale(today).select_related("operator_producer").filter(pk=pk).first()
    if point is not None:
        point.is_closed, point.carried = True, []
    return point


def with_public_operators(points):
    """Mark each point's `operator_is_public`: its operator is a registry producer with a public
    page (one query for all of them)."""
    points = list(points)
    public = public_producer_ids(point.operator_producer_id for point in points)
    for point in points:
        point.operator_is_public = point.operator_producer_id in public
    return points


def points_carrying(product, today: datetime.date | None = None):
    """Open points of sale that carry `product`, for its public page."""
    return activities.public_points_of_sale(today).filter(products=product).prefetch_related(None)


def public_producer_ids(ids) -> set[int]:
    """Of these producers, those with a public page (a product that has or had a certificate)."""
    ids = {pk for pk in ids if pk}
    if not ids:
        return set()
    return set(
        Producer.objects.filter(pk__in=ids, products__certificates__isnull=False)
        .values_list("pk", flat=True)
        .distinct()
    )


# --- Scans seen by officials -----------------------------------------------------------------


@dataclass(frozen=True)
class Anomaly:
    certificate: Certificate
    kind: str  # "many_provinces" / "ended_still_scanned"
    scans: int
    provinces: int
    last_scan: datetime.datetime

    @property
    def label(self) -> str:
        if self.kind == "many_provinces":
            return _("Quét ở %(n)s tỉnh/thành phố khác nhau trong một ngày") % {"n": self.provinces}
        return _("Giấy chứng nhận đã hết hạn hoặc bị thu hồi nhưng vẫn được quét")


def scan_anomalies(user, days: int = 30, limit: int = 20) -> list[Anomaly]:
    """QR codes of the user's scope that look misused in the last `days`: one code scanned in
    several provinces on the same day (a copied stamp), or a code scanned while its certificate
    was expired or revoked (stamps still on the shelves)."""
    since = timezone.now() - datetime.timedelta(days=days)
    certificates = visible_certificates(user, caps.VIEW_REGISTRY)
    scans = ScanEvent.objects.filter(scanned_at__gte=since, certificate__in=certificates.values("pk"))
    copied = (
        scans.filter(province__isnull=False)
        .annotate(day=TruncDate("scanned_at"))
        .values("certificate", "day")
        .annotate(provinces=Count("province", distinct=True), n=Count("id"), last=Max("scanned_at"))
        .filter(provinces__gte=2)
        .order_by("-provinces", "-day")[:limit]
    )
    ended = (
        scans.filter(status__in=[Status.EXPIRED, Status.REVOKED])
        .values("certificate")
        .annotate(n=Count("id"), provinces=Count("province", distinct=True), last=Max("scanned_at"))
        .order_by("-n")[:limit]
    )
    rows = [("many_provinces", row) for row in copied] + [("ended_still_scanned", row) for row in ended]
    by_id = Certificate.objects.select_related("product").in_bulk([row["certificate"] for _, row in rows])
    return [
        Anomaly(by_id[row["certificate"]], kind, row["n"], row["provinces"], row["last"])
        for kind, row in rows
        if row["certificate"] in by_id
    ]
