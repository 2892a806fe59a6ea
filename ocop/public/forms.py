"""The public filter forms: they only parse the query string (catalogue, points of sale)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ocop.activities.models import PointKind
from ocop.geo.models import AdminUnit
from ocop.public.selectors import CatalogueQuery
from ocop.registry.models import ProducerType
from ocop.rules.models import ProductGroup, ProductSet

STAR_CHOICES = [("", _("Mọi hạng sao")), ("3", _("3 sao")), ("4", _("4 sao")), ("5", _("5 sao"))]


class CatalogueForm(forms.Form):
    q = forms.CharField(label=_("Tìm sản phẩm, chủ thể, địa phương"), required=False, max_length=120)
    tinh = forms.ModelChoiceField(
        label=_("Tỉnh/thành phố"),
        queryset=AdminUnit.objects.filter(scheme="current", level="province").order_by("sort_key"),
        to_field_name="code",
        required=False,
        empty_label=_("Cả nước"),
    )
    sao = forms.ChoiceField(label=_("Hạng sao"), choices=STAR_CHOICES, required=False)
    nhom = forms.ChoiceField(label=_("Nhóm sản phẩm"), required=False)
    bo = forms.ChoiceField(label=_("Bộ sản phẩm"), required=False)
    loai = forms.ChoiceField(
        label=_("Loại hình chủ thể"),
        choices=[("", _("Mọi loại hình"))] + list(ProducerType.choices),
        required=False,
    )
    tat_ca = forms.BooleanField(label=_("Gồm cả sản phẩm hết hạn hoặc bị thu hồi"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        groups = ProductGroup.objects.filter(taxonomy__code="148").order_by("sort_order", "id")
        self.fields["nhom"].choices = [("", _("Mọi nhóm"))] + [(g.stats_code, g.name) for g in groups]
        sets = ProductSet.objects.filter(group__taxonomy__code="148").order_by(
            "group__sort_order", "sort_order", "id"
        )
        self.fields["bo"].choices = [("", _("Mọi bộ sản phẩm"))] + [(s.code, s.name) for s in sets]

    def query(self) -> CatalogueQuery:
        data = self.cleaned_data
        return CatalogueQuery(
            q=data.get("q") or "",
            province=data.get("tinh"),
            stars=int(data["sao"]) if data.get("sao") else None,
            group=data.get("nhom") or "",
            product_set=data.get("bo") or "",
            producer_type=data.get("loai") or "",
            include_ended=bool(data.get("tat_ca")),
        )


class PointsForm(forms.Form):
    """The points-of-sale directory's filters (query string)."""

    tinh = forms.ModelChoiceField(
        label=_("Tỉnh/thành phố"),
        queryset=AdminUnit.objects.filter(scheme="current", level="province").order_by("sort_key"),
        to_field_name="code",
        required=False,
        empty_label=_("Cả nước"),
    )
    loai = forms.ChoiceField(
        label=_("Loại điểm"),
        choices=[("", _("Mọi loại"))] + list(PointKind.choices),
        required=False,
    )
