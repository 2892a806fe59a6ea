"""Reads for the public pages, the open data and the officials' view of QR scans.

Public reads need no scope: they show only what a certificate already makes public (product,
producer name and place, stars, decision). A certificate's status always comes from the
certification rules (`Certificate.status_on`, `status_q`); nothing here re-decides it.
"""

import datetime
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Count, Max
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from ocop.accounts import capabilities as caps
from ocop.certification.models import VALID_STATUSES, Certificate, Status, normalise_public_code
from ocop.certification.selectors import status_q, visible_certificates
from ocop.geo.models import AdminUnit
from ocop.public.catalogue import query_words, relevance, search_q
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


def catalogue_entries(query: CatalogueQuery, today: datetime.date | None = None):
    """Catalogue rows matching `query`, best first: by relevance when there is a text, else in
    Vietnamese order. Filters and status read the row's own copies (one table, no join); the page
    shown brings its certificate, product, producer and province by prefetch (a few queries)."""
    today = today or timezone.localdate()
    entries = CatalogueEntry.objects.filter(certificate__isnull=False)
    if not query.include_ended:
        entries = entries.filter(status_q("valid", today))
    if query.province is not None:
        entries = entries.filter(province=query.province)
    if query.stars:
        entries = entries.filter(stars=query.stars)
    if query.group:
        entries = entries.filter(group_code=query.group)
    if query.product_set:
        entries = entries.filter(set_code=query.product_set)
    if query.producer_type:
        entries = entries.filter(producer_type=query.producer_type)
    words = query_words(query.q)
    entries = entries.prefetch_related("certificate", "product__producer__province")
    if words:
        annotations, rank = relevance(words)
        return (
            entries.filter(search_q(words))
            .alias(**annotations)
            .annotate(rank=rank)
            .order_by("rank", "sort_key", "product_id")
        )
    return entries.order_by("sort_key", "product_id")


# Past this many matches the catalogue says "more than" instead of counting them all: a count
# of tens of thousands of rows costs more than the page itself and helps nobody.
COUNT_CAP = 1000


def capped_count(entries) -> int:
    """The number of matches, counted up to COUNT_CAP + 1 (more means "more than COUNT_CAP")."""
    return entries.order_by().values("pk")[: COUNT_CAP + 1].count()


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
    return list(dict.fromkeys(rows.values_list("product__name", flat=True)))


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
