"""The report page for officials: choose a unit (either scheme), a period and a date; read the
paragraphs and tables on screen; download them as .docx, .pdf or .xlsx.

Needs VIEW_REPORTS on the unit; a region or the whole country needs it nationally (403 otherwise).
"""

import datetime
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ocop.accounts import capabilities as caps
from ocop.accounts.access import access
from ocop.accounts.permissions import capability_required, scope_for, units_in_scope
from ocop.core.forms import BoundedDateField
from ocop.geo.models import AdminUnit, Level, Region, Scheme
from ocop.reporting.documents import FORMATS
from ocop.reporting.documents import render as render_document
from ocop.reporting.narrative import build_report
from ocop.reporting.places import may_view
from ocop.reporting.stats import Place

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
COUNTRY = "VN"
REGION_PREFIX = "vung-"


def date_field(label, required=True):
    return BoundedDateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class ReportForm(forms.Form):
    """Parameter names match the other unit filters (scheme, unit, area) and the CLI (from, to, as_of)."""

    scheme = forms.ChoiceField(label=_("Hệ thống đơn vị"), choices=Scheme.choices)
    # A select whose options depend on the scheme; any existing code is accepted here and the
    # permission check decides (an officer typing another province gets 403, not "invalid choice").
    unit = forms.CharField(label=_("Tỉnh/thành phố, vùng"), widget=forms.Select)
    area = forms.CharField(
        label=_("Mã xã/phường (hoặc huyện cũ)"),
        required=False,
        max_length=5,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 6}),
    )
    date_from = date_field(_("Từ ngày"))
    date_to = date_field(_("Đến ngày"))
    as_of = date_field(_("Số liệu tính đến ngày"), required=False)

    def __init__(self, data=None, *, user, **kwargs):
        super().__init__(data, **kwargs)
        self.user = user
        self.fields["from"] = self.fields.pop("date_from")
        self.fields["to"] = self.fields.pop("date_to")
        self.fields["as_of"] = self.fields.pop("as_of")
        self.fields["as_of"].help_text = _("Để trống: ngày cuối kỳ.")
        scheme = (data or {}).get("scheme") or Scheme.CURRENT
        self.chosen_scheme = scheme if scheme in Scheme.values else Scheme.CURRENT
        self.national = scope_for(user, caps.VIEW_REPORTS).national
        self.province_options = {s: self.options_of(s) for s in Scheme.values}
        self.fields["unit"].widget.choices = [("", _("— Chọn —")), *self.province_options[self.chosen_scheme]]

    def options_of(self, scheme: str) -> list[tuple[str, str]]:
        options = []
        if self.national:
            options.append((COUNTRY, "Toàn quốc"))
            options += [(f"{REGION_PREFIX}{r.code}", f"Vùng {r.name}") for r in Region.objects.all()]
        provinces = units_in_scope(
            self.user, caps.VIEW_REPORTS, AdminUnit.objects.provinces().in_scheme(scheme)
        )
        options += [(f"{u.code:02d}", u.label) for u in provinces.vn_ordered()]
        return options

    def clean_unit(self):
        value = self.cleaned_data["unit"].strip()
        scheme = self.data.get("scheme")
        if value == COUNTRY or (
            value.startswith(REGION_PREFIX)
            and Region.objects.filter(code=value.removeprefix(REGION_PREFIX)).exists()
        ):
            return value
        if (
            value.isdigit()
            and scheme in Scheme.values
            and AdminUnit.objects.filter(scheme=scheme, level=Level.PROVINCE, code=int(value)).exists()
        ):
            return value
        raise forms.ValidationError(_("Chọn một tỉnh/thành phố, vùng hoặc toàn quốc."))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("from"), cleaned.get("to")
        if start and end and start > end:
            self.add_error("to", _("Ngày cuối kỳ phải sau hoặc bằng ngày đầu kỳ."))
        area = (cleaned.get("area") or "").strip()
        unit = cleaned.get("unit") or ""
        if area and not area.isdigit():
            self.add_error("area", _("Mã đơn vị chỉ gồm chữ số."))
        elif area and unit.isdigit() and self.area_unit(cleaned["scheme"], unit, area) is None:
            self.add_error(
                "area",
                _("Không có xã/phường (hoặc huyện cũ) mã %(code)s trong tỉnh đã chọn.") % {"code": area},
            )
        return cleaned

    @staticmethod
    def area_unit(scheme: str, province_code: str, area: str) -> AdminUnit | None:
        level = Level.DISTRICT if scheme == Scheme.LEGACY and len(area) <= 3 else Level.COMMUNE
        return AdminUnit.objects.filter(
            scheme=scheme,
            level=level,
            code=int(area),
            province__code=int(province_code),
            province__scheme=scheme,
        ).first()

    def place(self) -> Place:
        data = self.cleaned_data
        scheme, unit = data["scheme"], data["unit"]
        if unit == COUNTRY:
            return Place(scheme=scheme)
        if unit.startswith(REGION_PREFIX):
            return Place(scheme=scheme, region=Region.objects.get(code=unit.removeprefix(REGION_PREFIX)))
        if area := (data.get("area") or "").strip():
            return Place(scheme=scheme, unit=self.area_unit(scheme, unit, area))
        province = AdminUnit.objects.get(scheme=scheme, level=Level.PROVINCE, code=int(unit))
        return Place(scheme=scheme, unit=province)


def _initial(user) -> dict:
    today = timezone.localdate()
    return {"scheme": Scheme.CURRENT, "from": datetime.date(today.year, 1, 1), "to": today}


def _report_from(request):
    """(form, report): the report when the form is valid and the user may see the place."""
    if "unit" not in request.GET:
        return ReportForm(user=request.user, initial=_initial(request.user)), None
    form = ReportForm(request.GET, user=request.user)
    if not form.is_valid():
        return form, None
    place = form.place()
    if not may_view(request.user, place):
        raise PermissionDenied
    data = form.cleaned_data
    return form, build_report(place, date_from=data["from"], date_to=data["to"], as_of=data.get("as_of"))


@access(capability=caps.VIEW_REPORTS)
@capability_required(caps.VIEW_REPORTS)
def report_page(request):
    form, report = _report_from(request)
    downloads = []
    if report is not None:
        params = {k: v for k, v in request.GET.items() if k != "format"}
        downloads = [(fmt, "?" + urlencode({**params, "format": fmt})) for fmt in FORMATS]
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request,
        "reporting/report.html",
        {"form": form, "report": report, "downloads": downloads},
        status=status,
    )


@access(capability=caps.VIEW_REPORTS)
@capability_required(caps.VIEW_REPORTS)
def report_download(request):
    fmt = request.GET.get("format", "")
    form, report = _report_from(request)
    if report is None or fmt not in FORMATS:
        if report is not None:
            form.add_error(None, _("Định dạng tải về phải là docx, pdf hoặc xlsx."))
        return render(request, "reporting/report.html", {"form": form, "report": None}, status=400)
    response = HttpResponse(render_document(report, fmt), content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{report.filename_stem}.{fmt}"'
    return response
