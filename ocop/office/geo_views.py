"""Pages about administrative units: the lists and unit pages any signed-in user may read, the
resolver form, and the officer workspace of one current province or commune (scoped).

They live in `office` (an edge app) because the workspace checks accounts' capabilities, and
`accounts` sits above `geo`. URL namespace: "geo"."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from ocop.accounts import capabilities as caps
from ocop.accounts.access import access
from ocop.accounts.permissions import require_capability
from ocop.geo import resolver, selectors
from ocop.geo.models import AdminUnit, Level, Region, Scheme
from ocop.office.geo_forms import ResolveForm

SEARCH_LIMIT = 100


def _scheme(request) -> str:
    scheme = request.GET.get("scheme")
    return scheme if scheme in Scheme.values else Scheme.CURRENT


@access(login=True)
@login_required
def province_list(request):
    scheme = _scheme(request)
    query = request.GET.get("q", "").strip()
    region = None
    if request.GET.get("region"):
        region = Region.objects.filter(code=request.GET["region"]).first()
    context = {
        "scheme": scheme,
        "schemes": Scheme.choices,
        "query": query,
        "region": region,
        "regions": selectors.regions(),
        "limit": SEARCH_LIMIT,
    }
    if query:
        units = list(selectors.search_units(query)[: SEARCH_LIMIT + 1])
        context["more"] = len(units) > SEARCH_LIMIT
        context["results"] = [
            {"unit": u, "counterparts": resolver.counterparts_of(u)[:6]} for u in units[:SEARCH_LIMIT]
        ]
    else:
        context["provinces"] = selectors.provinces(scheme, region=region)
    return render(request, "geo/province_list.html", context)


@access(login=True, example={"scheme": "legacy", "level": "province", "code": "94"})
@login_required
def unit_detail(request, scheme: str, level: str, code: str):
    unit = get_object_or_404(
        AdminUnit.objects.select_related("parent__parent", "region"),
        scheme=scheme,
        level=level,
        code=int(code),
    )
    return render(request, "geo/unit_detail.html", {"detail": selectors.unit_detail(unit), "unit": unit})


def _current_unit(code: str) -> AdminUnit:
    level = Level.PROVINCE if len(code) <= 2 else Level.COMMUNE
    unit = AdminUnit.objects.filter(scheme=Scheme.CURRENT, level=level, code=int(code)).first()
    if unit is None:
        raise Http404("Không có đơn vị hành chính với mã này.")
    return unit


@access(capability=caps.VIEW_UNIT_WORKSPACE, object="unit", kwargs={"code": "unit"})
@login_required
def workspace(request, code: str):
    unit = _current_unit(code)
    require_capability(request.user, caps.VIEW_UNIT_WORKSPACE, unit=unit)
    return render(request, "geo/workspace.html", {"unit": unit, "ws": selectors.unit_workspace(unit)})


@access(login=True)
@login_required
def resolve(request):
    form = ResolveForm(request.GET if "text" in request.GET else None)
    resolution = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        resolution = resolver.resolve(data["text"], province=data["province"] or None, date=data["date"])
    return render(request, "geo/resolve.html", {"form": form, "resolution": resolution})
