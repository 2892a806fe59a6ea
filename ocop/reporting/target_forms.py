"""Forms of the plan pages. They parse and present; every rule lives in `services` (whose
ValidationError messages are put back beside their fields with `add_service_errors`)."""

import datetime
import zipfile
from pathlib import Path

from django import forms
from django.utils.translation import gettext_lazy as _

from ocop.accounts import capabilities as caps
from ocop.core.forms import BoundedDateField, DataSelect, date_input
from ocop.core.tabular import parse_number
from ocop.geo.models import AdminUnit, Level, Scheme
from ocop.programme.models import Plan, TargetKind
from ocop.programme.selectors import provinces_in_scope
from ocop.programme.services import PRODUCER_TYPE_KINDS, STAR_KINDS
from ocop.registry.models import ProducerType
from ocop.rules.selectors import certified_stars


def star_choices() -> list[tuple[str, str]]:
    """The certified star levels of the rulebook; a callable, read per form."""
    return [("", "—"), *((str(n), _("%(stars)s sao") % {"stars": n}) for n in certified_stars())]


MAX_UPLOAD = 5 * 1024 * 1024


class NumberField(forms.CharField):
    """A number as people write it: "40", "40%", "2,5", "1.200"."""

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        try:
            return parse_number(text)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None


def _province_choices(user, capability):
    provinces = list(provinces_in_scope(user, capability))
    choices = [("", "—")] + [(str(p.pk), p.label) for p in provinces]
    return choices, {str(p.pk): p.scheme for p in provinces}


# --- Plans ---------------------------------------------------------------------------------------


class PlanFilterForm(forms.Form):
    unit = forms.ChoiceField(label=_("Tỉnh/thành phố"), required=False)
    year = forms.IntegerField(label=_("Năm"), required=False, min_value=2000, max_value=2100)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        choices, _schemes = _province_choices(user, caps.VIEW_REPORTS)
        self.fields["unit"].choices = [("", _("Tất cả"))] + choices[1:]

    def clean_unit(self):
        value = self.cleaned_data["unit"]
        return AdminUnit.objects.get(pk=value) if value else None


class PlanForm(forms.Form):
    """The unit is chosen in either scheme: the scheme, a province of the user's scope, and
    optionally the code of a commune (or of a legacy district) in that province."""

    name = forms.CharField(label=_("Tên kế hoạch"), max_length=255)
    scheme = forms.ChoiceField(
        label=_("Hệ thống đơn vị hành chính"), choices=Scheme.choices, initial=Scheme.CURRENT
    )
    province = forms.ChoiceField(label=_("Tỉnh/thành phố"))
    code = forms.CharField(
        label=_("Mã xã/phường hoặc huyện (không bắt buộc)"),
        required=False,
        max_length=5,
        help_text=_(
            "Để trống nếu là kế hoạch của tỉnh. Mã xã/phường 5 chữ số, hoặc mã huyện cũ 3 chữ số "
            "(hệ thống cũ)."
        ),
    )
    period_start = BoundedDateField(label=_("Từ ngày"), widget=date_input())
    period_end = BoundedDateField(label=_("Đến ngày"), widget=date_input())
    reference = forms.CharField(
        label=_("Văn bản"),
        required=False,
        max_length=200,
        help_text=_("Ví dụ: Kế hoạch số 123/KH-UBND ngày 15/03/2021"),
    )

    def __init__(self, *args, user, plan: Plan | None = None, **kwargs):
        if plan is not None and "initial" not in kwargs:
            unit = plan.unit
            kwargs["initial"] = {
                "name": plan.name,
                "scheme": unit.scheme,
                "province": str(unit.pk if unit.level == Level.PROVINCE else unit.province_id),
                "code": "" if unit.level == Level.PROVINCE else unit.code_str,
                "period_start": plan.period_start,
                "period_end": plan.period_end,
                "reference": plan.reference,
            }
        super().__init__(*args, **kwargs)
        choices, schemes = _province_choices(user, caps.EDIT_TARGETS)
        field = self.fields["province"]
        field.choices = choices
        field.widget = DataSelect(choices=choices, data_name="scheme", data_of=schemes)
        # Out-of-scope provinces are still recognised, so the view answers 403 rather than a
        # vague "invalid choice".
        field.valid_value = lambda value: True

    def clean(self):
        data = super().clean()
        scheme, province_pk = data.get("scheme"), data.get("province")
        if not scheme or not province_pk:
            return data
        province = AdminUnit.objects.filter(pk=province_pk, level=Level.PROVINCE).first()
        if province is None:
            self.add_error("province", _("Tỉnh/thành phố không hợp lệ."))
            return data
        if province.scheme != scheme:
            self.add_error(
                "province",
                _("%(province)s không thuộc hệ thống đã chọn (%(scheme)s).")
                % {"province": province.label, "scheme": Scheme(scheme).label},
            )
            return data
        code = (data.get("code") or "").strip()
        data["unit"] = province
        if code:
            unit = unit_by_code(province, code)
            if unit is None:
                self.add_error(
                    "code",
                    _("Không có xã/phường hoặc huyện mã %(code)s thuộc %(province)s.")
                    % {"code": code, "province": province.label},
                )
            else:
                data["unit"] = unit
        return data


def unit_by_code(province: AdminUnit, code: str) -> AdminUnit | None:
    """The commune (5 digits) or district (legacy, up to 3 digits) of this code in `province`."""
    if not code.isdigit():
        return None
    units = AdminUnit.objects.filter(scheme=province.scheme, code=int(code), province=province)
    levels = [Level.COMMUNE] if len(code) >= 4 else [Level.DISTRICT, Level.COMMUNE]
    for level in levels:
        unit = units.filter(level=level).first()
        if unit is not None:
            return unit
    return None


class DeleteForm(forms.Form):
    confirm = forms.BooleanField(label=_("Xóa cả các chỉ tiêu của kế hoạch"), required=False)


# --- Targets -------------------------------------------------------------------------------------


class TargetForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại chỉ tiêu"), choices=[("", "—"), *TargetKind.choices])
    description = forms.CharField(
        label=_("Nội dung chỉ tiêu"),
        max_length=500,
        help_text=_("Như ghi trong kế hoạch, ví dụ: 10 sản phẩm 4 sao đến hết 2025"),
    )
    target_value = NumberField(label=_("Giá trị chỉ tiêu"), help_text=_("Số hoặc tỷ lệ %: 10; 40%; 2,5"))
    stars = forms.ChoiceField(label=_("Hạng sao"), choices=star_choices, required=False)
    producer_type = forms.ChoiceField(
        label=_("Loại hình chủ thể"), choices=[("", "—"), *ProducerType.choices], required=False
    )

    star_kinds = sorted(STAR_KINDS)
    producer_type_kinds = sorted(PRODUCER_TYPE_KINDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stars"].widget.attrs["data-for-kinds"] = " ".join(self.star_kinds)
        self.fields["producer_type"].widget.attrs["data-for-kinds"] = " ".join(self.producer_type_kinds)
        self.fields["kind"].widget.attrs["data-kind-select"] = "1"

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "description": data["description"],
            "target_value": data["target_value"],
            "stars": int(data["stars"]) if data.get("stars") else None,
            "producer_type": data.get("producer_type") or "",
        }


class ManualValueForm(forms.Form):
    manual_value = NumberField(label=_("Kết quả đạt được"), required=False)
    manual_source = forms.CharField(label=_("Nguồn số liệu"), max_length=255, required=False)


class AsOfForm(forms.Form):
    as_of = BoundedDateField(label=_("Tính đến ngày"), widget=date_input())

    def date(self, default: datetime.date) -> datetime.date:
        return self.cleaned_data["as_of"] if self.is_bound and self.is_valid() else default


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp Excel (.xlsx)"), help_text=_("Theo mẫu; tối đa 5 MB."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in (".xlsx", ".xlsm"):
            raise forms.ValidationError(_("Chỉ nhận tệp Excel (.xlsx)."))
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("Tệp lớn hơn 5 MB."))
        upload.seek(0)
        if not zipfile.is_zipfile(upload):
            raise forms.ValidationError(_("Không đọc được tệp: tệp hỏng hoặc không phải .xlsx."))
        upload.seek(0)
        return upload
