"""Statistics pages for officials: the dashboard of one place and the ranking of provinces.

Both read through the statistics service (`ocop.reporting.stats`), the same one the API and the
`ocop stats` command call. The dashboard is scoped: a unit outside the user's VIEW_REPORTS scope is
a 403, and the country or a region needs national scope. Rankings across provinces are public
figures, readable by anyone holding VIEW_REPORTS.
"""

import datetime
from dataclasses import dataclass

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ocop.accounts import capabilities as caps
from ocop.accounts.access import access
from ocop.accounts.permissions import (
    Scope,
    capability_required,
    has_capability,
    scope_for,
    units_in_scope,
)
from ocop.certification.models import Kind
from ocop.core.forms import BoundedDateField
from ocop.geo.models import CODE_WIDTH, AdminUnit, Level, Region, Scheme
from ocop.geo.resolver import counterparts_of
from ocop.programme.models import PERCENT_KINDS
from ocop.registry.models import ProducerType
from ocop.reporting import charts
from ocop.reporting.places import may_view
from ocop.reporting.progress import plan_progress, plans_for
from ocop.reporting.stats import (
    EXPIRY_WINDOW_DAYS,
    METRICS,
    Place,
    expiring_certificates,
    group_names,
    ranking,
    recognitions_by_year,
    statistics,
    stock_by_child,
)

EXPIRY_ROWS = 20
CHART_YEARS = 6
LEVEL_BY_WIDTH = {width: level for level, width in CODE_WIDTH.items()}


class DashboardForm(forms.Form):
    scheme = forms.ChoiceField(label=gettext_lazy("Địa giới"), choices=Scheme.choices, required=False)
    unit = forms.RegexField(label=gettext_lazy("Mã đơn vị"), regex=r"^\d{2,5}$", required=False)
    region = forms.ModelChoiceField(
        label=gettext_lazy("Vùng"),
        queryset=Region.objects.order_by("sort_order"),
        to_field_name="code",
        required=False,
        empty_label=gettext_lazy("Toàn quốc"),
    )
    as_of = BoundedDateField(
        label=gettext_lazy("Số liệu đến ngày"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class RankingForm(forms.Form):
    scheme = forms.ChoiceField(label=gettext_lazy("Địa giới"), choices=Scheme.choices, required=False)
    region = forms.ModelChoiceField(
        label=gettext_lazy("Phạm vi"),
        queryset=Region.objects.order_by("sort_order"),
        to_field_name="code",
        required=False,
        empty_label=gettext_lazy("Cả nước"),
    )
    metric = forms.ChoiceField(label=gettext_lazy("Chỉ số"), choices=list(METRICS.items()), required=False)
    as_of = BoundedDateField(
        label=gettext_lazy("Số liệu đến ngày"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def _cleaned(form) -> dict:
    """The valid fields of a bound form (an invalid field falls back to its default)."""
    form.is_valid()
    return {name: form.cleaned_data.get(name) for name in form.fields if name not in form.errors}


def unit_by_code(scheme: str, code: str) -> AdminUnit:
    level = LEVEL_BY_WIDTH.get(len(code))
    unit = AdminUnit.objects.filter(scheme=scheme, level=level, code=int(code)).first() if level else None
    if unit is None:
        raise Http404(_("Không có đơn vị mã %(code)s trong hệ thống địa giới này.") % {"code": code})
    return unit


def home_unit(scope: Scope) -> AdminUnit | None:
    """Where an officer lands: their (first) current province, else their commune."""
    ids = sorted(scope.province_ids) or sorted(scope.commune_ids)
    return AdminUnit.objects.filter(pk__in=ids).order_by("code").first() if ids else None


@dataclass
class Counterpart:
    """A unit of the other scheme matching a unit, with a note when they differ in extent."""

    unit: AdminUnit
    note: str = ""


def counterparts(unit: AdminUnit) -> list[Counterpart]:
    """The resolver's counterparts (`geo.resolver.counterparts_of`), with a note on extent.
    Legacy → the current units it became (primary first; a legacy district offers the current
    provinces its communes went to); current → the legacy units it was made of."""
    matches = counterparts_of(unit)
    if unit.scheme == Scheme.CURRENT:
        many = len(matches) > 1
        return [Counterpart(m.unit, _("một phần") if many and m.partial else "") for m in matches]
    if unit.level == Level.DISTRICT:
        matches = [m for m in matches if m.unit.level == Level.PROVINCE]
    result = []
    for match in matches:
        names = {"old": unit.label, "new": match.unit.label}
        if match.partial:
            note = _("Chỉ một phần %(old)s thuộc %(new)s.") % names
        elif unit.level == Level.DISTRICT:
            note = ""
        elif others := [c.unit for c in counterparts_of(match.unit) if c.unit.pk != unit.pk]:
            names["others"] = ", ".join(u.label for u in sorted(others, key=lambda u: u.code))
            note = _("%(new)s rộng hơn %(old)s: gồm cả %(others)s.") % names
        else:
            note = ""
        result.append(Counterpart(match.unit, note))
    return result


def _dashboard_url(scheme: str, unit: AdminUnit | None = None, region=None, as_of=None) -> str:
    params = {"scheme": scheme}
    if unit is not None:
        params["unit"] = unit.code_str
    elif region is not None:
        params["region"] = region.code
    if as_of is not None:
        params["as_of"] = as_of.isoformat()
    return reverse("reporting:dashboard") + "?" + urlencode(params)


def _place_for_request(user, scope: Scope, data: dict) -> Place:
    """The place the dashboard shows: the one asked for if in scope, else the user's home."""
    scheme = data.get("scheme") or Scheme.CURRENT
    if data.get("unit") or data.get("region"):
        if data.get("unit"):
            place = Place(scheme=scheme, unit=unit_by_code(scheme, data["unit"]))
        else:
            place = Place(scheme=scheme, region=data["region"])
        if not may_view(user, place):
            raise PermissionDenied
        return place
    if scope.national:
        return Place(scheme=scheme)
    unit = home_unit(scope)
    if unit is None:
        raise PermissionDenied
    if scheme == Scheme.LEGACY:
        match = next(iter(counterparts(unit)), None)
        if match is None:
            raise Http404(_("Đơn vị này không có đơn vị tương ứng trong địa giới cũ."))
        unit = match.unit
    return Place(scheme=scheme, unit=unit)


def _breadcrumbs(user, scope: Scope, place: Place, as_of) -> list[dict]:
    """Links up the hierarchy (country, region, province, district), as far as the user may go."""
    crumbs = []
    unit = place.unit
    if scope.national:
        crumbs.append({"label": _("Toàn quốc"), "url": _dashboard_url(place.scheme, as_of=as_of)})
        region = (unit.province or unit).region if unit is not None else None
        if region is not None:
            crumbs.append(
                {"label": region.name, "url": _dashboard_url(place.scheme, region=region, as_of=as_of)}
            )
    ancestors = []
    parent = unit.parent if unit is not None else None
    while parent is not None:
        ancestors.insert(0, parent)
        parent = parent.parent
    for ancestor in ancestors:
        if has_capability(user, caps.VIEW_REPORTS, unit=ancestor):
            crumbs.append(
                {"label": ancestor.label, "url": _dashboard_url(place.scheme, ancestor, as_of=as_of)}
            )
    return crumbs


def _expiring(place: Place, as_of: datetime.date):
    certificates = expiring_certificates(place, as_of)
    until = as_of + datetime.timedelta(days=EXPIRY_WINDOW_DAYS)
    return certificates.count(), list(certificates[:EXPIRY_ROWS]), until


def _charts(place: Place, result: dict, as_of: datetime.date) -> dict:
    products, producers = result["products"], result["producers"]
    stars = [charts.Bar(f"{star} sao", products["by_star"][star]) for star in products["by_star"]]
    names = group_names()
    groups = [charts.Bar(names.get(code, code), n) for code, n in products["by_group"].items()]
    types = [
        charts.Bar(
            str(ProducerType(kind).label),
            n,
            f"({producers['share_by_type_pct'][kind]:.1f}%)".replace(".", ","),
        )
        for kind, n in producers["by_type"].items()
    ]
    first = as_of.year - CHART_YEARS + 1
    years = recognitions_by_year(place, first, as_of.year, until=as_of)
    series = [
        (str(Kind(kind).label), [years[year][kind] for year in years])
        for kind in Kind.values
        if any(years[year][kind] for year in years) or kind != Kind.DOWNGRADED
    ]
    return {
        "stars": charts.bar_chart(_("Sản phẩm OCOP còn hiệu lực theo hạng sao"), stars),
        "groups": charts.hbar_chart(_("Sản phẩm OCOP còn hiệu lực theo nhóm sản phẩm"), groups),
        "types": charts.hbar_chart(
            _("Chủ thể có sản phẩm OCOP theo loại hình"), types, color=charts.PALETTE[1]
        ),
        "years": charts.stacked_bar_chart(
            _("Lượt công nhận theo năm và hình thức, %(first)s–%(last)s")
            % {"first": first, "last": as_of.year},
            [str(year) for year in years],
            series,
        ),
        "years_table": [(year, counts, sum(counts.values())) for year, counts in years.items()],
    }


@access(capability=caps.VIEW_REPORTS)
@capability_required(caps.VIEW_REPORTS)
def dashboard(request):
    user = request.user
    scope = scope_for(user, caps.VIEW_REPORTS)
    form = DashboardForm(request.GET or None)
    data = _cleaned(form) if form.is_bound else {}
    place = _place_for_request(user, scope, data)
    today = timezone.localdate()
    as_of = data.get("as_of") or today
    year_start = datetime.date(as_of.year, 1, 1)
    result = statistics(place, as_of=as_of, date_from=year_start, date_to=as_of)

    children = stock_by_child(place, as_of)
    child_units = [row["unit"] for row in children if row["unit"] is not None]
    allowed = set(
        units_in_scope(
            user, caps.VIEW_REPORTS, AdminUnit.objects.filter(pk__in=[u.pk for u in child_units])
        ).values_list("pk", flat=True)
    )
    for row in children:
        unit = row["unit"]
        row["url"] = _dashboard_url(place.scheme, unit, as_of=as_of) if unit and unit.pk in allowed else ""

    switch = []
    other = Scheme.CURRENT if place.scheme == Scheme.LEGACY else Scheme.LEGACY
    if place.unit is not None:
        for match in counterparts(place.unit):
            if has_capability(user, caps.VIEW_REPORTS, unit=match.unit):
                switch.append(
                    {
                        "label": match.unit.label,
                        "note": match.note,
                        "url": _dashboard_url(other, match.unit, as_of=as_of),
                    }
                )
    elif scope.national:
        switch.append(
            {
                "label": _("Toàn quốc"),
                "note": "",
                "url": _dashboard_url(other, region=place.region, as_of=as_of),
            }
        )

    progress = []
    if place.unit is not None:
        for plan in plans_for(place.unit, on=as_of)[:3]:
            targets = plan_progress(plan, as_of=as_of)
            for target in targets:
                target.decimals = 1 if target.target.kind in PERCENT_KINDS else 0
            progress.append({"plan": plan, "targets": targets})

    expiring_count, expiring, expiring_until = _expiring(place, as_of)
    form_initial = DashboardForm(
        initial={
            "scheme": place.scheme,
            "region": place.region,
            "as_of": as_of,
            "unit": place.unit and place.unit.code_str,
        }
    )
    return render(
        request,
        "reporting/dashboard.html",
        {
            "form": form if form.is_bound and form.errors else form_initial,
            "place": place,
            "as_of": as_of,
            "year": as_of.year,
            "result": result,
            "period": result["period"],
            "charts": _charts(place, result, as_of),
            "children": children,
            "child_level": child_units[0].get_level_display() if child_units else "",
            "switch": switch,
            "other_scheme": Scheme(other).label,
            "progress": progress,
            "expiring_count": expiring_count,
            "expiring": expiring,
            "expiring_until": expiring_until,
            "expiry_days": EXPIRY_WINDOW_DAYS,
            "national": scope.national,
            "regions": Region.objects.order_by("sort_order"),
            "breadcrumbs": _breadcrumbs(user, scope, place, as_of),
            "ranking_url": reverse("reporting:ranking") + "?" + urlencode({"scheme": place.scheme}),
        },
    )


# --- ranking ----------------------------------------------------------------------------------------


def own_provinces(scope: Scope, scheme: str) -> set[int]:
    """Provinces of `scheme` that are the user's own: their current province (or their commune's),
    or in the legacy scheme the provinces that became mainly part of it."""
    if scope.national:
        return set()
    current = set(scope.province_ids) | set(
        AdminUnit.objects.filter(pk__in=scope.commune_ids).values_list("province_id", flat=True)
    )
    if scheme == Scheme.CURRENT:
        return current
    legacy = set(
        AdminUnit.objects.filter(
            scheme=Scheme.LEGACY,
            level="province",
            successions__current_id__in=current,
            successions__primary=True,
        ).values_list("pk", flat=True)
    )
    if scope.commune_ids:
        legacy |= set(
            AdminUnit.objects.filter(
                scheme=Scheme.LEGACY, level="commune", successions__current_id__in=scope.commune_ids
            ).values_list("province_id", flat=True)
        )
    return legacy


def rank_sentence(row: dict, rows: list[dict], region: Region | None, metric: str) -> str:
    """ "Tỉnh Cà Mau (cũ) đứng thứ 11/13 khu vực Đồng bằng sông Cửu Long về số sản phẩm OCOP còn hiệu lực"."""
    label = METRICS[metric]
    area = _("khu vực %(region)s") % {"region": region.name} if region else _("cả nước")
    tied = sum(1 for other in rows if other["rank"] == row["rank"]) > 1
    return _("%(unit)s đứng thứ %(rank)s/%(count)s %(area)s về %(metric)s%(tie)s") % {
        "unit": row["unit"].label,
        "rank": row["rank"],
        "count": len(rows),
        "area": area,
        "metric": label[0].lower() + label[1:],
        "tie": _(" (đồng hạng)") if tied else "",
    }


@access(capability=caps.VIEW_REPORTS)
@capability_required(caps.VIEW_REPORTS)
def ranking_page(request):
    scope = scope_for(request.user, caps.VIEW_REPORTS)
    form = RankingForm(request.GET or None)
    data = _cleaned(form) if form.is_bound else {}
    scheme = data.get("scheme") or Scheme.CURRENT
    metric = data.get("metric") or "products"
    as_of = data.get("as_of") or timezone.localdate()
    own = own_provinces(scope, scheme)
    if "region" in request.GET:
        region = data.get("region")
    else:  # first visit: the region of the user's own province
        region = (
            AdminUnit.objects.filter(pk__in=own)
            .exclude(region=None)
            .order_by("code")
            .values_list("region", flat=True)
            .first()
        )
        region = Region.objects.filter(pk=region).first() if region else None
    rows = ranking(scheme=scheme, as_of=as_of, region=region, metric=metric)
    sentences = []
    for row in rows:
        row["own"] = row["unit"].pk in own
        # A province's own figures and the national view link to the dashboard; others are in scope
        # of someone else (a legacy province merged into the user's may still be, via its successor).
        row["url"] = _dashboard_url(scheme, row["unit"], as_of=as_of) if scope.national or row["own"] else ""
        if row["own"]:
            sentences.append(rank_sentence(row, rows, region, metric))
    shown = RankingForm(initial={"scheme": scheme, "region": region, "metric": metric, "as_of": as_of})
    return render(
        request,
        "reporting/ranking.html",
        {
            "form": form if form.is_bound and form.errors else shown,
            "rows": rows,
            "sentences": sentences,
            "scheme": scheme,
            "region": region,
            "metric": metric,
            "metric_label": METRICS[metric],
            "as_of": as_of,
        },
    )
