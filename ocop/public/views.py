"""The public site: no login, Vietnamese first, mobile first. Thin views over `selectors`;
the only write is recording a scan (`services`). Printable documents for officials and
producers are at the end (signed in, scoped)."""

import contextlib

from django.contrib.auth.decorators import login_required
from django.contrib.sitemaps.views import sitemap
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from ocop.accounts import capabilities as caps
from ocop.accounts.access import access
from ocop.activities import selectors as activities
from ocop.certification.models import Status, normalise_public_code
from ocop.certification.selectors import visible_certificates
from ocop.geo.models import AdminUnit
from ocop.public import documents, selectors, services, stamps
from ocop.public.forms import CatalogueForm, PointsForm
from ocop.public.sitemaps import SITEMAPS
from ocop.registry.models import ProducerType
from ocop.reporting import stats

PAGE_SIZE = 20
POINTS_ON_PRODUCT = 10
SCAN_SIGNING_SALT = "ocop.public.scan"


def _national_figures(today):
    """Key national figures from the one statistics service (never counted here)."""
    figures = stats.stock(stats.Place(scheme="current"), today)
    return {
        "products": figures["products"]["total"],
        "producers": figures["producers"]["total"],
        "by_star": figures["products"]["by_star"],
    }


@access(public=True)
def home(request):
    today = timezone.localdate()
    return render(
        request,
        "public/home.html",
        {
            "figures": _national_figures(today),
            "today": today,
            "provinces": selectors.current_provinces(),
            "form": CatalogueForm(),
        },
    )


@access(public=True)
def catalogue(request):
    form = CatalogueForm(request.GET or None)
    query = form.query() if form.is_bound and form.is_valid() else selectors.CatalogueQuery()
    today = timezone.localdate()
    entries = selectors.catalogue_entries(query, today)
    page = selectors.CappedPaginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    for entry in page.object_list:
        entry.verdict = selectors.verdict(entry.certificate, today)
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "public/catalogue.html",
        {"form": form, "page": page, "querystring": params.urlencode(), "query": query, "today": today},
    )


@access(public=True)
def suggest(request):
    names = selectors.suggestions(request.GET.get("q", ""))
    response = JsonResponse({"suggestions": names})
    response["Cache-Control"] = "public, max-age=300"
    return response


@access(public=True, kwargs={"pk": "product"})
def product(request, pk: int):
    item = selectors.public_product(pk)
    if item is None:
        raise Http404
    today = timezone.localdate()
    certificate = selectors.newest_certificate(item)
    others = selectors.producer_entries(item.producer).exclude(product=item)[:6]
    return render(
        request,
        "public/product.html",
        {
            "product": item,
            "producer": item.producer,
            "certificate": certificate,
            "verdict": selectors.verdict(certificate, today),
            "images": list(item.images.all()[:6]),
            "others": others,
            "channel_groups": selectors.where_to_buy(activities.channels_for_product(item, today)),
            "points": list(selectors.points_carrying(item, today)[:POINTS_ON_PRODUCT]),
            "today": today,
        },
    )


@access(public=True, kwargs={"pk": "producer"})
def producer(request, pk: int):
    item = selectors.public_producer(pk)
    if item is None:
        raise Http404
    today = timezone.localdate()
    entries = list(selectors.producer_entries(item))
    for entry in entries:
        entry.verdict = selectors.verdict(entry.certificate, today)
    return render(
        request,
        "public/producer.html",
        {
            "producer": item,
            "entries": entries,
            "channel_groups": selectors.where_to_buy(activities.channels_for_producer(item, today)),
            "today": today,
        },
    )


@access(public=True, example={"code": 92})
def province(request, code: int):
    unit = AdminUnit.objects.filter(scheme="current", level="province", code=code).first()
    if unit is None:
        raise Http404
    today = timezone.localdate()
    figures = stats.stock(stats.Place(scheme="current", unit=unit), today)
    entries = selectors.catalogue_entries(selectors.CatalogueQuery(province=unit), today)
    page = selectors.CappedPaginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    for entry in page.object_list:
        entry.verdict = selectors.verdict(entry.certificate, today)
    predecessors = AdminUnit.objects.filter(
        scheme="legacy", level="province", successions__current=unit
    ).distinct()
    return render(
        request,
        "public/province.html",
        {
            "unit": unit,
            "figures": figures,
            "points_count": selectors.points_of_sale(province=unit, today=today).count(),
            "page": page,
            "querystring": "",
            "predecessors": predecessors,
            "today": today,
            "producer_types": ProducerType,
        },
    )


@access(public=True)
def points(request):
    """The directory of points of sale and showrooms (điểm giới thiệu và bán sản phẩm OCOP)."""
    form = PointsForm(request.GET or None)
    province, kind = None, ""
    if form.is_bound and form.is_valid():
        province, kind = form.cleaned_data.get("tinh"), form.cleaned_data.get("loai") or ""
    today = timezone.localdate()
    listing = selectors.points_of_sale(province=province, kind=kind, today=today)
    page = Paginator(listing, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.with_public_operators(page.object_list)
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "public/points.html",
        {"form": form, "page": page, "querystring": params.urlencode(), "province": province, "today": today},
    )


@access(public=True, kwargs={"pk": "point_of_sale"})
def point(request, pk: int):
    """One point of sale or showroom: what the directory shows of it, and the valid OCOP products it
    carries. A closed point answers 410 with a page saying so (a buyer following an old link learns
    it has closed and finds the province's open points); a planned one is not public (404)."""
    today = timezone.localdate()
    item = selectors.point_of_sale(pk, today)
    if item is None:
        raise Http404
    (item,) = selectors.with_public_operators([item])
    return render(
        request,
        "public/point.html",
        {"point": item, "today": today},
        status=410 if item.is_closed else 200,
    )


@access(public=True)
def lookup(request):
    """The code typed by hand (from a stamp or a certificate)."""
    code = request.GET.get("code", "").strip()
    if code:
        certificate = selectors.certificate_by_code(code)
        if certificate is not None:
            return redirect("public:verify", code=certificate.public_code)
    return render(
        request, "public/lookup.html", {"code": code, "not_found": bool(code)}, status=404 if code else 200
    )


@access(public=True, kwargs={"code": "certificate_code"})
def verify(request, code: str):
    certificate = selectors.certificate_by_code(code)
    if certificate is None:
        return render(request, "public/lookup.html", {"code": code, "not_found": True}, status=404)
    if code != certificate.public_code:
        return redirect("public:verify", code=certificate.public_code)
    return _verification(request, certificate)


@access(public=True, kwargs={"gtin": "gtin"})
def digital_link(request, gtin: str):
    """GS1 Digital Link: /01/<GTIN>?v=<code> verifies that certificate; without a code, the
    product's newest certificate."""
    code = request.GET.get("v", "")
    certificate = selectors.certificate_by_code(code) if code else None
    if certificate is None or certificate.product.gtin != gtin.zfill(14):
        certificate = selectors.newest_certificate_for_gtin(gtin)
    if certificate is None:
        raise Http404
    return _verification(request, certificate)


def _verification(request, certificate):
    today = timezone.localdate()
    result = selectors.verdict(certificate, today)
    scan = None
    if not request.GET.get("gui"):  # the page after telling the place is not another scan
        scan = services.scan_record(
            certificate=certificate, status=result.status, user_agent=request.headers.get("User-Agent", "")
        )
    newest = None
    if result.status == Status.SUPERSEDED:
        newest = selectors.newest_certificate(certificate.product)
    return render(
        request,
        "public/verify.html",
        {
            "certificate": certificate,
            "product": certificate.product,
            "producer": certificate.product.producer,
            "verdict": result,
            "newest": newest,
            "today": today,
            "scan_token": signing.dumps(scan.pk, salt=SCAN_SIGNING_SALT) if scan else "",
            "provinces": selectors.current_provinces() if scan else (),
            "star_range": range(certificate.stars),
        },
    )


@access(public=True, kwargs={"code": "certificate_code"})
@csrf_exempt  # no session, no cookie: the signed scan id is the only thing the form can touch
@require_POST
def verify_place(request, code: str):
    """The visitor says, optionally, in which province they scanned (coarse, no personal data)."""
    try:
        scan_id = signing.loads(request.POST.get("scan", ""), salt=SCAN_SIGNING_SALT, max_age=3600)
    except signing.BadSignature:  # nothing to record; back to the page
        return redirect("public:verify", code=code)
    unit = AdminUnit.objects.filter(
        scheme="current", level="province", code=request.POST.get("province") or 0
    ).first()
    with contextlib.suppress(ValidationError):  # already told, or not a province: nothing to do
        services.scan_set_place(scan_id=scan_id, province=unit)
    return redirect(reverse("public:verify", kwargs={"code": code}) + "?gui=1")


@access(public=True, kwargs={"code": "certificate_code"})
def qr_png(request, code: str):
    certificate = _certificate_or_404(code)
    return _image(stamps.qr_png(certificate, scale=_scale(request)), "image/png")


@access(public=True, kwargs={"code": "certificate_code"})
def qr_svg(request, code: str):
    certificate = _certificate_or_404(code)
    return _image(stamps.qr_svg(certificate, scale=_scale(request)), "image/svg+xml")


def _scale(request) -> int:
    try:
        return max(2, min(int(request.GET.get("scale", 8)), 40))
    except ValueError:
        return 8


def _image(content: bytes, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Cache-Control"] = "public, max-age=86400"
    return response


def _certificate_or_404(code: str):
    certificate = selectors.certificate_by_code(code)
    if certificate is None:
        raise Http404
    return certificate


# --- Printable documents: officials of the certificate's province and its producer ----------------


def _printable_certificate(user, code: str):
    """A certificate the user may print: officials who see it, or its producer's representative."""
    officials = visible_certificates(user, caps.VIEW_REGISTRY)
    producers = visible_certificates(user, caps.MANAGE_OWN_PRODUCER)
    code = normalise_public_code(code)
    certificate = (officials.filter(public_code=code) | producers.filter(public_code=code)).first()
    if certificate is None:
        raise Http404
    return certificate


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@access(
    capability=caps.VIEW_REGISTRY,
    also=(caps.MANAGE_OWN_PRODUCER,),
    object="certificate_code",
    kwargs={"code": "certificate_code"},
    note="officials who see the certificate, and its producer's account",
)
@login_required
def certificate_pdf(request, code: str):
    certificate = _printable_certificate(request.user, code)
    return _pdf(documents.certificate_pdf(certificate), f"giay-chung-nhan-{certificate.public_code}.pdf")


@access(
    capability=caps.VIEW_REGISTRY,
    also=(caps.MANAGE_OWN_PRODUCER,),
    object="certificate_code",
    kwargs={"code": "certificate_code"},
    note="officials who see the certificate, and its producer's account",
)
@login_required
def stamps_pdf(request, code: str):
    certificate = _printable_certificate(request.user, code)
    try:
        count = int(request.GET.get("n", documents.DEFAULT_STAMPS))
    except ValueError:
        count = documents.DEFAULT_STAMPS
    return _pdf(documents.stamps_pdf(certificate, count), f"tem-qr-{certificate.public_code}.pdf")


@access(public=True)
def sitemap_xml(request):
    return sitemap(request, sitemaps=SITEMAPS)
