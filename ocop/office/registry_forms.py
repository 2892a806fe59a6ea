"""Forms of the registry pages. They parse and present; every rule lives in the services.

Create and edit forms are plain forms (not ModelForms) so that nothing touches the model instance
before the service sees it: the service validates, saves and writes the audit entry, and its
ValidationError messages are put back on the form with `add_service_errors`.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import fields_for_model
from django.utils.translation import gettext_lazy as _

from ocop.accounts import capabilities as caps
from ocop.accounts.permissions import units_in_scope
from ocop.core import vntext
from ocop.core.forms import DataSelect
from ocop.geo.models import AdminUnit, Level, Scheme
from ocop.registry.models import Producer, ProducerType, Product
from ocop.registry.selectors import filter_by_unit, search_producers, search_products, visible_producers
from ocop.registry.services import PRODUCER_FIELDS
from ocop.rules.selectors import certified_stars, groups, product_sets

YES_NO = [("", _("Tất cả")), ("1", _("Có")), ("0", _("Không"))]


# --- Filters -------------------------------------------------------------------------------------


class UnitFilterForm(forms.Form):
    """Unit in either scheme: scheme + province code of that scheme + optional commune or
    (legacy) district code. Parameter names match the exports: scheme, unit, area."""

    # The list is in the current scheme unless asked otherwise, so the selector offers it first
    # and shows it when the request names no scheme.
    scheme = forms.ChoiceField(
        label=_("Hệ thống đơn vị"),
        choices=sorted(Scheme.choices, key=lambda choice: choice[0] != Scheme.CURRENT),
        required=False,
        initial=Scheme.CURRENT,
    )
    unit = forms.ChoiceField(label=_("Tỉnh/thành phố"), required=False)
    area = forms.CharField(
        label=_("Mã xã/phường (hoặc huyện cũ)"),
        required=False,
        max_length=5,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 6}),
    )
    q = forms.CharField(
        label=_("Tìm (không cần dấu)"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )

    def __init__(self, data=None, *, user, **kwargs):
        super().__init__(data, **kwargs)
        self.user = user
        scheme = (data or {}).get("scheme") or Scheme.CURRENT
        self.chosen_scheme = scheme if scheme in Scheme.values else Scheme.CURRENT
        self.fields["unit"].choices = [("", _("Tất cả"))] + [
            (str(u.code), u.label) for u in self.provinces_of(self.chosen_scheme)
        ]
        # Every province of both schemes, for the small script that swaps the list.
        self.province_options = {
            scheme: [(str(u.code), u.label) for u in self.provinces_of(scheme)] for scheme in Scheme.values
        }

    def provinces_of(self, scheme):
        provinces = AdminUnit.objects.provinces().in_scheme(scheme)
        return units_in_scope(self.user, caps.VIEW_REGISTRY, provinces).vn_ordered()

    def clean(self):
        cleaned = super().clean()
        cleaned["scheme"] = self.chosen_scheme
        return cleaned

    def chosen_unit(self) -> AdminUnit | None:
        """The narrowest unit asked for (commune/district inside the province when given)."""
        data = self.cleaned_data
        if not data.get("unit"):
            return None
        scheme = data["scheme"]
        province = AdminUnit.objects.filter(
            scheme=scheme, level=Level.PROVINCE, code=int(data["unit"])
        ).first()
        area = (data.get("area") or "").strip()
        if province and area.isdigit():
            level = Level.DISTRICT if scheme == Scheme.LEGACY and len(area) <= 3 else Level.COMMUNE
            found = AdminUnit.objects.filter(
                scheme=scheme, level=level, code=int(area), province=province
            ).first()
            if found:
                return found
        return province

    def filter_unit(self, queryset, prefix: str = ""):
        unit = self.chosen_unit()
        return filter_by_unit(queryset, unit, prefix) if unit else queryset

    @property
    def folded_in_use(self) -> int:
        """How many filters besides the search box the request sets (the page opens their fold)."""
        if not self.is_bound:
            return 0
        used = [name for name in self.fields if name != "q" and self.data.get(name)]
        return len([name for name in used if not (name == "scheme" and self.data[name] == Scheme.CURRENT)])

    def folded_q(self) -> str:
        return vntext.fold(self.cleaned_data.get("q"))


class ProducerFilterForm(UnitFilterForm):
    producer_type = forms.ChoiceField(
        label=_("Loại hình chủ thể"), choices=[("", _("Tất cả")), *ProducerType.choices], required=False
    )
    sme = forms.ChoiceField(label=_("Doanh nghiệp nhỏ và vừa"), choices=YES_NO, required=False)
    women = forms.ChoiceField(label=_("Phụ nữ làm chủ"), choices=YES_NO, required=False)
    ethnic = forms.ChoiceField(label=_("Người dân tộc thiểu số làm chủ"), choices=YES_NO, required=False)

    FLAGS = {"sme": "is_sme", "women": "women_led", "ethnic": "ethnic_minority_led"}

    def apply(self, queryset):
        data = self.cleaned_data
        queryset = self.filter_unit(queryset)
        if data.get("producer_type"):
            queryset = queryset.filter(producer_type=data["producer_type"])
        for param, field in self.FLAGS.items():
            if data.get(param) in ("0", "1"):
                queryset = queryset.filter(**{field: data[param] == "1"})
        return search_producers(queryset, data.get("q"))


def star_choices() -> list[tuple[str, str]]:
    """Every certified star level (from the rulebook), after "all"; a callable, read per form."""
    return [("", _("Tất cả")), *((str(n), "★" * n) for n in certified_stars())]


class ProductFilterForm(UnitFilterForm):
    """Product filters; parameter names are those the product exports accept."""

    group = forms.ChoiceField(label=_("Nhóm sản phẩm"), required=False)
    product_set = forms.ChoiceField(label=_("Bộ sản phẩm"), required=False)
    stars = forms.ChoiceField(label=_("Số sao hiện tại"), choices=star_choices, required=False)
    status = forms.ChoiceField(label=_("Tình trạng giấy chứng nhận"), required=False)
    producer_type = forms.ChoiceField(
        label=_("Loại hình chủ thể"), choices=[("", _("Tất cả")), *ProducerType.choices], required=False
    )

    def __init__(self, data=None, *, user, status_choices, **kwargs):
        super().__init__(data, user=user, **kwargs)
        self.fields["group"].choices = [("", _("Tất cả"))] + [(g.code, g.name) for g in groups("148")]
        self.fields["product_set"].choices = [("", _("Tất cả"))] + [
            (s.code, f"{s.group.name} — {s.name}") for s in product_sets("148")
        ]
        self.fields["status"].choices = [("", _("Tất cả")), *status_choices]

    def apply(self, queryset):
        """Filters on the product and its producer; stars and status are applied by the view,
        which knows the certificates."""
        data = self.cleaned_data
        queryset = self.filter_unit(queryset, "producer__")
        if data.get("group"):
            # stats_code puts products of older taxonomies under the same group code.
            queryset = queryset.filter(group__stats_code=data["group"])
        if data.get("product_set"):
            queryset = queryset.filter(product_set__code=data["product_set"])
        if data.get("producer_type"):
            queryset = queryset.filter(producer__producer_type=data["producer_type"])
        return search_products(queryset, data.get("q"))


# --- Create and edit -----------------------------------------------------------------------------

# The service's fields; the legacy district and commune are typed as codes (fields below).
PRODUCER_FORM_FIELDS = [f for f in PRODUCER_FIELDS if f not in ("legacy_district", "legacy_commune")]


class ProducerForm(forms.Form):
    """Producer data. Province limited to where the user may edit; communes of those provinces."""

    legacy_district_code = forms.CharField(
        label=_("Mã huyện (cũ)"), required=False, max_length=3, help_text=_("Ba chữ số, ví dụ 941.")
    )
    legacy_commune_code = forms.CharField(
        label=_("Mã xã (cũ)"), required=False, max_length=5, help_text=_("Năm chữ số.")
    )
    allow_duplicate = forms.BooleanField(label=_("Vẫn tạo chủ thể mới"), required=False)

    def __init__(self, *args, user, show_allow_duplicate: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        fields = fields_for_model(Producer, fields=PRODUCER_FORM_FIELDS)
        extra = dict(self.fields)
        # The legacy codes go beside the legacy province, the duplicate checkbox last.
        ordered = PRODUCER_FORM_FIELDS[: PRODUCER_FORM_FIELDS.index("legacy_province") + 1]
        ordered += ["legacy_district_code", "legacy_commune_code"]
        ordered += [name for name in PRODUCER_FORM_FIELDS if name not in ordered]
        self.fields = {name: fields.get(name) or extra[name] for name in [*ordered, "allow_duplicate"]}
        provinces = units_in_scope(
            user, caps.EDIT_REGISTRY, AdminUnit.objects.provinces().in_scheme(Scheme.CURRENT)
        ).vn_ordered()
        communes = (
            AdminUnit.objects.communes()
            .in_scheme(Scheme.CURRENT)
            .filter(province__in=provinces)
            .select_related("province")
            .order_by("province__sort_key", "sort_key", "code")
        )
        legacy_provinces = units_in_scope(
            user, caps.EDIT_REGISTRY, AdminUnit.objects.provinces().in_scheme(Scheme.LEGACY)
        ).vn_ordered()
        self.fields["province"].queryset = provinces
        if not self.is_bound and len(provinces) == 1:
            self.initial.setdefault("province", provinces[0].pk)
        self.fields["province"].empty_label = _("— Chọn tỉnh/thành phố —")
        self.fields["commune"].queryset = communes
        self.fields["commune"].widget = DataSelect(
            data_name="province", data_of={c.pk: c.province_id for c in communes}
        )
        self.fields["commune"].widget.choices = self.fields["commune"].choices
        self.fields["legacy_province"].queryset = legacy_provinces
        self.fields["tax_code"].help_text = _("10 chữ số (hoặc 13 với mã chi nhánh); hộ kinh doanh: số ĐKKD.")
        if not show_allow_duplicate:
            del self.fields["allow_duplicate"]

    @classmethod
    def initial_for(cls, producer: Producer) -> dict:
        initial = {name: getattr(producer, name) for name in PRODUCER_FORM_FIELDS}
        for name in ("province", "commune", "legacy_province"):
            initial[name] = getattr(producer, f"{name}_id")
        initial["legacy_district_code"] = (
            producer.legacy_district.code_str if producer.legacy_district else ""
        )
        initial["legacy_commune_code"] = producer.legacy_commune.code_str if producer.legacy_commune else ""
        return initial

    def _legacy_unit(self, field: str, level: str):
        code = (self.cleaned_data.get(field) or "").strip()
        if not code:
            return None
        unit = None
        if code.isdigit():
            unit = AdminUnit.objects.filter(scheme=Scheme.LEGACY, level=level, code=int(code)).first()
        if unit is None:
            raise ValidationError(_("Không có đơn vị (cũ) với mã %(code)s."), params={"code": code})
        return unit

    def clean_legacy_district_code(self):
        return self._legacy_unit("legacy_district_code", Level.DISTRICT)

    def clean_legacy_commune_code(self):
        return self._legacy_unit("legacy_commune_code", Level.COMMUNE)

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["legacy_district"] = data.pop("legacy_district_code", None)
        data["legacy_commune"] = data.pop("legacy_commune_code", None)
        data.pop("allow_duplicate", None)
        return data


PRODUCT_FORM_FIELDS = [
    "name",
    "producer",
    "group",
    "product_set",
    "description",
    "story",
    "raw_material_area",
    "packaging_notes",
    "status",
    "gtin",
]


class ProductForm(forms.Form):
    """Product data. Producers limited to those the user may edit; groups and sets of 148."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = fields_for_model(Product, fields=PRODUCT_FORM_FIELDS)
        self.fields["producer"].queryset = visible_producers(user, caps.EDIT_REGISTRY).order_by(
            "sort_key", "id"
        )
        self.fields["group"].queryset = groups("148")
        sets = product_sets("148")
        self.fields["product_set"].queryset = sets
        self.fields["product_set"].widget = DataSelect(
            data_name="group", data_of={s.pk: s.group_id for s in sets}
        )
        self.fields["product_set"].widget.choices = self.fields["product_set"].choices

    @classmethod
    def initial_for(cls, product: Product) -> dict:
        initial = {name: getattr(product, name) for name in PRODUCT_FORM_FIELDS}
        for name in ("producer", "group", "product_set"):
            initial[name] = getattr(product, f"{name}_id")
        return initial
