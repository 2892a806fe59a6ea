"""Forms of the certification pages: list filters, recording a recognition, revoking.

They only parse input; `certificate_issue` and `certificate_revoke` hold the rules, and their
Vietnamese messages are shown on the form by `add_service_errors`.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ocop.certification.models import IssuerLevel, Kind, RevocationGround, Status
from ocop.certification.selectors import search_certificates
from ocop.core.forms import DATE_FORMATS, date_input
from ocop.office.registry_forms import UnitFilterForm, star_choices
from ocop.rules.selectors import certified_stars

ALL = ("", _("Tất cả"))


class CertificateFilterForm(UnitFilterForm):
    stars = forms.ChoiceField(label=_("Số sao"), choices=star_choices, required=False)
    kind = forms.ChoiceField(label=_("Hình thức"), choices=[ALL, *Kind.choices], required=False)
    status = forms.ChoiceField(
        label=_("Tình trạng"),
        choices=[ALL, *Status.choices, ("valid", _("Còn hiệu lực (kể cả sắp hết hạn)"))],
        required=False,
    )
    on = forms.DateField(
        label=_("Tình trạng vào ngày"), required=False, input_formats=DATE_FORMATS, widget=date_input()
    )
    year = forms.IntegerField(label=_("Năm quyết định"), required=False, min_value=2000, max_value=2100)
    issuer_level = forms.ChoiceField(
        label=_("Cấp công nhận"), choices=[ALL, *IssuerLevel.choices], required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].label = _("Sản phẩm, chủ thể, địa bàn hoặc số quyết định")

    def status_date(self):
        return (
            self.cleaned_data.get("on") if self.is_bound and self.is_valid() else None
        ) or timezone.localdate()

    def apply(self, queryset, status_q):
        data = self.cleaned_data
        on = self.status_date()
        queryset = self.filter_unit(queryset, "product__producer__")
        if data.get("stars"):
            queryset = queryset.filter(stars=int(data["stars"]))
        if data.get("kind"):
            queryset = queryset.filter(kind=data["kind"])
        if data.get("status"):
            queryset = queryset.filter(status_q(data["status"], on))
        if data.get("year"):
            queryset = queryset.filter(decision_date__year=data["year"])
        if data.get("issuer_level"):
            queryset = queryset.filter(issuer_level=data["issuer_level"])
        return search_certificates(queryset, data.get("q"))


class IssueForm(forms.Form):
    stars = forms.TypedChoiceField(
        label=_("Số sao"), coerce=int, choices=lambda: [("", "—"), *((n, "★" * n) for n in certified_stars())]
    )
    score = forms.DecimalField(
        label=_("Điểm"), required=False, max_digits=5, decimal_places=2, help_text=_("Điểm bình quân 0–100.")
    )
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=60)
    decision_date = forms.DateField(
        label=_("Ngày quyết định"), input_formats=DATE_FORMATS, widget=date_input()
    )
    issuer_name = forms.CharField(
        label=_("Cơ quan ban hành"), max_length=200, required=False, help_text=_("Ví dụ: UBND tỉnh Cần Thơ.")
    )
    issuer_level = forms.ChoiceField(
        label=_("Cấp công nhận"),
        required=False,
        choices=[("", _("Theo quy định tại ngày quyết định")), *IssuerLevel.choices],
    )
    kind = forms.ChoiceField(
        label=_("Hình thức"),
        required=False,
        choices=[("", _("Tự xác định theo lần công nhận trước")), *Kind.choices],
    )

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["kind"] = data["kind"] or None
        data["issuer_level"] = data["issuer_level"] or None
        return data


class RevokeForm(forms.Form):
    decision_number = forms.CharField(label=_("Số quyết định thu hồi"), max_length=60)
    revoked_on = forms.DateField(label=_("Ngày thu hồi"), input_formats=DATE_FORMATS, widget=date_input())
    ground = forms.ChoiceField(label=_("Lý do thu hồi"), choices=[("", "—"), *RevocationGround.choices])
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
