"""The officials' pages on activity records (issue 11), one description per kind of record.

Each `Page` names its model, its scoped selector, the capability to change it, its service
functions, the fields of its form and the columns of its list and export. The views in
`activity_views.py` are built from these descriptions, so every kind gets the same list with
filters in either scheme, form, deletion, xlsx/csv export and staged xlsx import.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django import forms
from django.db.models import Count, Q
from django.forms.models import fields_for_model
from django.utils.translation import gettext_lazy as _

from ocop.accounts import capabilities as caps
from ocop.accounts.permissions import units_in_scope
from ocop.activities import selectors, services
from ocop.activities.models import (
    ChannelKind,
    Commendation,
    CommendationRecipient,
    CraftVillage,
    EventKind,
    Funding,
    FundingSource,
    PointOfSale,
    PointStatus,
    SalesChannel,
    Support,
    SupportKind,
    TradeEvent,
    TrainingClass,
    ValueChain,
)
from ocop.core.forms import DataSelect, date_input
from ocop.geo.models import AdminUnit, Scheme
from ocop.office.registry_forms import UnitFilterForm
from ocop.registry.selectors import visible_producers, visible_products

LOCATION_FORM_FIELDS = ["province", "commune", "legacy_province"]


def _place(obj) -> str:
    current = ", ".join(u.name for u in (obj.commune, obj.province) if u)
    return f"{current} ({obj.legacy_province.label})" if obj.legacy_province_id else current


def _producer_place(obj) -> str:
    return _place(obj.producer)


def _date(value) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


def _period(obj) -> str:
    start, end = getattr(obj, "start_date", None), getattr(obj, "end_date", None)
    return _date(start) if start == end else f"{_date(start)}–{_date(end)}"


@dataclass
class Column:
    label: str
    value: Callable  # obj -> cell (text or number)


@dataclass
class Page:
    slug: str  # URL segment and url-name prefix
    title: str
    singular: str
    model: type
    visible: Callable  # selector(user, capability=...)
    edit_capability: str
    create: Callable
    update: Callable
    delete: Callable
    instance: str  # the service's keyword for the record
    fields: list[str]
    columns: list[Column]
    about_producer: bool = False  # placed by its producer (else by its own address)
    kind_field: str | None = None  # filtered by this choice field
    date_field: str | None = None  # filtered by year on this field
    search_field: str = "search_name"
    m2m: list[str] = field(default_factory=list)
    object_kind: str = ""  # the permission matrix's name for it
    # Counts the columns show, computed in the list's own query (not one query per row).
    counts: dict = field(default_factory=dict)

    @property
    def filter_prefix(self) -> str:
        return "producer__" if self.about_producer else ""

    def records(self, user, capability: str | None = None):
        """The records `user` may see (or change, with `capability`), with the columns' counts."""
        records = self.visible(user, capability) if capability else self.visible(user)
        if not self.counts:
            return records
        # A grouped query drops the model's default ordering: keep it, so pages stay stable.
        ordering = records.query.order_by or self.model._meta.ordering
        return records.annotate(**self.counts).order_by(*ordering, "pk")


PAGES: dict[str, Page] = {}


def page(p: Page) -> Page:
    PAGES[p.slug] = p
    return p


page(
    Page(
        slug="channels",
        title=_("Kênh bán hàng"),
        singular=_("kênh bán hàng"),
        model=SalesChannel,
        visible=selectors.visible_channels,
        edit_capability=caps.EDIT_SALES_CHANNELS,
        create=services.channel_create,
        update=services.channel_update,
        delete=services.channel_delete,
        instance="channel",
        fields=services.CHANNEL_FIELDS,
        columns=[
            Column(_("Chủ thể"), lambda o: o.producer.name),
            Column(_("Sản phẩm"), lambda o: o.product.name if o.product else _("Mọi sản phẩm")),
            Column(_("Loại kênh"), lambda o: o.get_kind_display()),
            Column(_("Sàn / hệ thống / nước"), lambda o: o.outlet),
            Column(_("Địa chỉ gian hàng"), lambda o: o.listing_url),
            Column(_("Từ ngày"), lambda o: _date(o.started_on)),
            Column(_("Đến ngày"), lambda o: _date(o.ended_on)),
            Column(_("Địa bàn"), _producer_place),
        ],
        about_producer=True,
        kind_field="kind",
        search_field="producer__search_name",
        object_kind="sales_channel",
    )
)
page(
    Page(
        slug="points",
        title=_("Điểm giới thiệu và bán sản phẩm"),
        singular=_("điểm bán"),
        model=PointOfSale,
        visible=selectors.visible_points_of_sale,
        edit_capability=caps.EDIT_ACTIVITIES,
        create=services.point_of_sale_create,
        update=services.point_of_sale_update,
        delete=services.point_of_sale_delete,
        instance="point",
        fields=[f for f in services.POINT_FIELDS if f not in ("legacy_district", "legacy_commune")],
        columns=[
            Column(_("Tên điểm bán"), lambda o: o.name),
            Column(_("Loại"), lambda o: o.get_kind_display()),
            Column(_("Địa chỉ"), lambda o: o.address),
            Column(_("Địa bàn"), _place),
            Column(_("Đơn vị vận hành"), lambda o: o.operator),
            Column(_("Ngày khai trương"), lambda o: _date(o.opened_on)),
            Column(_("Tình trạng"), lambda o: o.get_status_display()),
            Column(_("Số sản phẩm"), lambda o: o.product_count),
        ],
        kind_field="status",
        m2m=["products"],
        counts={"product_count": Count("products", distinct=True)},
        object_kind="point_of_sale",
    )
)
page(
    Page(
        slug="events",
        title=_("Sự kiện xúc tiến thương mại"),
        singular=_("sự kiện"),
        model=TradeEvent,
        visible=selectors.visible_events,
        edit_capability=caps.EDIT_ACTIVITIES,
        create=services.event_create,
        update=services.event_update,
        delete=services.event_delete,
        instance="event",
        fields=[f for f in services.EVENT_FIELDS if f not in ("legacy_district", "legacy_commune")],
        columns=[
            Column(_("Sự kiện"), lambda o: o.name),
            Column(_("Loại"), lambda o: o.get_kind_display()),
            Column(_("Thời gian"), _period),
            Column(_("Nơi tổ chức"), lambda o: o.get_location_display()),
            Column(
                _("Địa điểm"),
                lambda o: ", ".join(
                    x for x in (o.venue, o.host_province.label if o.host_province else "", o.country) if x
                ),
            ),
            Column(_("Đơn vị tổ chức"), lambda o: o.organiser),
            Column(_("Chủ thể tham gia"), lambda o: o.producer_count),
            Column(_("Doanh thu (triệu đồng)"), lambda o: float(o.revenue) if o.revenue is not None else ""),
            Column(_("Hợp đồng"), lambda o: o.contracts if o.contracts is not None else ""),
            Column(_("Tỉnh (đơn vị báo cáo)"), _place),
        ],
        kind_field="kind",
        date_field="start_date",
        m2m=["producers", "products"],
        counts={"producer_count": Count("producers", distinct=True)},
        object_kind="trade_event",
    )
)
page(
    Page(
        slug="classes",
        title=_("Lớp tập huấn"),
        singular=_("lớp tập huấn"),
        model=TrainingClass,
        visible=selectors.visible_classes,
        edit_capability=caps.EDIT_ACTIVITIES,
        create=services.training_class_create,
        update=services.training_class_update,
        delete=services.training_class_delete,
        instance="training",
        fields=[f for f in services.CLASS_FIELDS if f not in ("legacy_district", "legacy_commune")],
        columns=[
            Column(_("Chủ đề"), lambda o: o.topic),
            Column(_("Thời gian"), _period),
            Column(_("Địa điểm"), lambda o: o.venue),
            Column(_("Đơn vị tổ chức"), lambda o: o.organiser),
            Column(_("Giảng viên"), lambda o: o.trainers),
            Column(_("Chủ thể tham dự"), lambda o: o.producers_attended),
            Column(_("Cán bộ tham dự"), lambda o: o.officials_attended),
            Column(_("Địa bàn"), _place),
        ],
        date_field="start_date",
        object_kind="training_class",
        counts={
            "producers_attended": Count(
                "participants",
                filter=Q(participants__kind="producer", participants__attended=True),
                distinct=True,
            ),
            "officials_attended": Count(
                "participants",
                filter=Q(participants__kind="official", participants__attended=True),
                distinct=True,
            ),
        },
    )
)
page(
    Page(
        slug="funding",
        title=_("Huy động nguồn lực"),
        singular=_("nguồn lực"),
        model=Funding,
        visible=selectors.visible_funding,
        edit_capability=caps.EDIT_ACTIVITIES,
        create=services.funding_create,
        update=services.funding_update,
        delete=services.funding_delete,
        instance="funding",
        fields=[f for f in services.FUNDING_FIELDS if f not in ("legacy_district", "legacy_commune")],
        columns=[
            Column(_("Năm"), lambda o: o.year),
            Column(_("Nguồn vốn"), lambda o: o.get_source_display()),
            Column(_("Nội dung"), lambda o: o.purpose),
            Column(_("Số tiền (triệu đồng)"), lambda o: float(o.amount)),
            Column(_("Địa bàn"), _place),
        ],
        kind_field="source",
        search_field="purpose",
        object_kind="funding",
    )
)
page(
    Page(
        slug="support",
        title=_("Hỗ trợ chủ thể"),
        singular=_("hỗ trợ"),
        model=Support,
        visible=selectors.visible_supports,
        edit_capability=caps.EDIT_ACTIVITIES,
        create=services.support_create,
        update=services.support_update,
        delete=services.support_delete,
        instance="support",
        fields=services.SUPPORT_FIELDS,
        columns=[
            Column(_("Chủ thể"), lambda o: o.producer.name),
            Column(_("Sản phẩm"), lambda o: o.product.name if o.product else ""),
            Column(_("Nội dung hỗ trợ"), lambda o: o.get_kind_display()),
            Column(_("Chi tiết"), lambda o: o.detail),
            Column(_("Kinh phí (triệu đồng)"), lambda o: float(o.amount) if o.amount is not None else ""),
            Column(_("Nguồn vốn"), lambda o: o.get_source_display()),
            Column(_("Ngày"), lambda o: _date(o.date)),
            Column(_("Địa bàn"), _producer_place),
        ],
        about_producer=True,
        kind_field="kind",
        date_field="date",
        search_field="producer__search_name",
        object_kind="support",
    )
)
page(
    Page(
        slug="value-chains",
        title=_("Chuỗi giá trị"),
        singular=_("chuỗi giá trị"),
        model=ValueChain,
        visible=selectors.visible_value_chains,
        edit_capability=caps.EDIT_ACTIVITIES,
        create=services.value_chain_create,
        update=services.value_chain_update,
        delete=services.value_chain_delete,
        instance="chain",
        fields=services.VALUE_CHAIN_FIELDS,
        columns=[
            Column(_("Chủ thể"), lambda o: o.producer.name),
            Column(_("Chuỗi giá trị"), lambda o: o.name),
            Column(_("Kinh tế tuần hoàn"), lambda o: _("Có") if o.circular else _("Không")),
            Column(_("Vùng nguyên liệu"), lambda o: o.raw_material_area),
            Column(_("Đối tác"), lambda o: o.partners),
            Column(_("Từ ngày"), lambda o: _date(o.started_on)),
            Column(_("Địa bàn"), _producer_place),
        ],
        about_producer=True,
        search_field="producer__search_name",
        object_kind="value_chain",
    )
)
page(
    Page(
        slug="craft-villages",
        title=_("Làng nghề"),
        singular=_("làng nghề"),
        model=CraftVillage,
        visible=selectors.visible_craft_villages,
        edit_capability=caps.EDIT_ACTIVITIES,
        create=services.craft_village_create,
        update=services.craft_village_update,
        delete=services.craft_village_delete,
        instance="village",
        fields=[f for f in services.VILLAGE_FIELDS if f not in ("legacy_district", "legacy_commune")],
        columns=[
            Column(_("Làng nghề"), lambda o: o.name),
            Column(_("Nghề"), lambda o: o.craft),
            Column(_("Truyền thống"), lambda o: _("Có") if o.traditional else _("Không")),
            Column(_("Ngày công nhận"), lambda o: _date(o.recognised_on)),
            Column(_("Số sản phẩm"), lambda o: o.product_count),
            Column(_("Địa bàn"), _place),
        ],
        m2m=["products"],
        object_kind="craft_village",
        counts={"product_count": Count("products", distinct=True)},
    )
)
page(
    Page(
        slug="commendations",
        title=_("Khen thưởng"),
        singular=_("khen thưởng"),
        model=Commendation,
        visible=selectors.visible_commendations,
        edit_capability=caps.EDIT_ACTIVITIES,
        create=services.commendation_create,
        update=services.commendation_update,
        delete=services.commendation_delete,
        instance="commendation",
        fields=[f for f in services.COMMENDATION_FIELDS if f not in ("legacy_district", "legacy_commune")],
        columns=[
            Column(_("Tập thể / cá nhân"), lambda o: o.recipient),
            Column(_("Đối tượng"), lambda o: o.get_recipient_kind_display()),
            Column(_("Hình thức"), lambda o: o.form),
            Column(_("Cấp khen"), lambda o: o.issuer),
            Column(_("Số quyết định"), lambda o: o.decision),
            Column(_("Ngày"), lambda o: _date(o.date)),
            Column(_("Thành tích"), lambda o: o.reason),
            Column(_("Địa bàn"), _place),
        ],
        kind_field="recipient_kind",
        date_field="date",
        object_kind="commendation",
    )
)

CHOICES = {
    "channels": ChannelKind.choices,
    "points": PointStatus.choices,
    "events": EventKind.choices,
    "funding": FundingSource.choices,
    "support": SupportKind.choices,
    "commendations": CommendationRecipient.choices,
}


# --- Forms ---------------------------------------------------------------------------------------


class ActivityFilterForm(UnitFilterForm):
    """The office lists' unit filter (either scheme) with the kind of record and the year."""

    kind = forms.ChoiceField(label=_("Loại"), required=False)
    year = forms.IntegerField(label=_("Năm"), required=False, min_value=2018, max_value=2100)

    def __init__(self, data=None, *, user, page: Page, **kwargs):
        self.page = page
        super().__init__(data, user=user, **kwargs)
        if page.slug in CHOICES:
            self.fields["kind"].choices = [("", _("Tất cả")), *CHOICES[page.slug]]
            self.fields["kind"].label = page.model._meta.get_field(page.kind_field).verbose_name.capitalize()
        else:
            del self.fields["kind"]
        if not (page.date_field or page.slug == "funding"):
            del self.fields["year"]

    def provinces_of(self, scheme):
        provinces = AdminUnit.objects.provinces().in_scheme(scheme)
        return units_in_scope(self.user, caps.VIEW_ACTIVITIES, provinces).vn_ordered()

    def apply(self, queryset):
        data = self.cleaned_data
        queryset = self.filter_unit(queryset, self.page.filter_prefix)
        if data.get("kind"):
            queryset = queryset.filter(**{self.page.kind_field: data["kind"]})
        if data.get("year"):
            field = "year" if self.page.slug == "funding" else f"{self.page.date_field}__year"
            queryset = queryset.filter(**{field: data["year"]})
        if self.page.search_field == "purpose" and data.get("q"):
            queryset = queryset.filter(purpose__icontains=data["q"].strip())
        elif folded := self.folded_q():
            queryset = queryset.filter(**{f"{self.page.search_field}__contains": folded})
        return queryset


class ActivityForm(forms.Form):
    """The fields of one kind of record, limited to what the user may change; the service decides."""

    def __init__(self, *args, user, page: Page, **kwargs):
        super().__init__(*args, **kwargs)
        self.page = page
        self.fields = fields_for_model(page.model, fields=[*page.fields, *page.m2m])
        capability = page.edit_capability
        for form_field in self.fields.values():
            if isinstance(form_field.widget, forms.DateInput) or isinstance(form_field, forms.DateField):
                form_field.widget = date_input()
        if "producer" in self.fields:
            if page.slug == "channels":
                producers = selectors.channel_producers(user)
            else:
                producers = visible_producers(user, capability)
            self.fields["producer"].queryset = producers.order_by("sort_key", "id")
            self.fields["producer"].required = page.slug != "commendations"
        if "operator_producer" in self.fields:
            self.fields["operator_producer"].queryset = visible_producers(user, capability).order_by(
                "sort_key"
            )
        products = visible_products(user, capability).order_by("producer__sort_key", "sort_key")
        for name in ("product", "products"):
            if name in self.fields:
                self.fields[name].queryset = products
        if "producers" in self.fields:
            self.fields["producers"].queryset = visible_producers(user, capability).order_by("sort_key")
        if "province" in self.fields:
            provinces = units_in_scope(
                user, capability, AdminUnit.objects.provinces().in_scheme(Scheme.CURRENT)
            ).vn_ordered()
            communes = (
                AdminUnit.objects.communes()
                .in_scheme(Scheme.CURRENT)
                .filter(province__in=provinces)
                .order_by("province__sort_key", "sort_key", "code")
            )
            self.fields["province"].queryset = provinces
            self.fields["province"].required = False
            self.fields["province"].help_text = _("Hoặc chọn tỉnh (cũ) cho hoạt động trước 01/07/2025.")
            if not self.is_bound and len(provinces) == 1:
                self.initial.setdefault("province", provinces[0].pk)
            self.fields["commune"].queryset = communes
            self.fields["commune"].widget = DataSelect(
                data_name="province", data_of={c.pk: c.province_id for c in communes}
            )
            self.fields["commune"].widget.choices = self.fields["commune"].choices
            self.fields["legacy_province"].queryset = units_in_scope(
                user, capability, AdminUnit.objects.provinces().in_scheme(Scheme.LEGACY)
            ).vn_ordered()
        if "host_province" in self.fields:
            self.fields["host_province"].queryset = AdminUnit.objects.provinces().order_by(
                "scheme", "sort_key"
            )

    @classmethod
    def initial_for(cls, obj, page: Page) -> dict:
        initial = {}
        for name in page.fields:
            model_field = page.model._meta.get_field(name)
            initial[name] = getattr(obj, model_field.attname)
        for name in page.m2m:
            initial[name] = list(getattr(obj, name).values_list("pk", flat=True))
        return initial

    def service_fields(self) -> dict:
        return dict(self.cleaned_data)
