"""API v1 of the activity records (issue 11): a read-only list and detail of every kind, scoped as
the pages are, with the filters `scheme` + `unit` (province code of that scheme) and `year`; sales
channels also created, changed and deleted through the same services as the pages (a producer's
account maintains its own)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, permissions, serializers
from rest_framework.exceptions import ValidationError

from ocop.accounts import capabilities as caps
from ocop.accounts.access import access
from ocop.accounts.permissions import has_capability
from ocop.activities import selectors, services
from ocop.activities.models import (
    Commendation,
    CraftVillage,
    Funding,
    PointOfSale,
    SalesChannel,
    Support,
    TradeEvent,
    TrainingClass,
    ValueChain,
)
from ocop.geo.models import AdminUnit, Scheme
from ocop.registry.selectors import filter_by_unit

PLACE = ["province", "commune", "legacy_province", "legacy_district", "legacy_commune"]


class HasCapability(permissions.BasePermission):
    """Reading needs `activities.view`; writing needs the view's `write_capability`."""

    message = "Không có quyền với dữ liệu hoạt động này."

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return has_capability(request.user, caps.VIEW_ACTIVITIES)
        return has_capability(request.user, getattr(view, "write_capability", caps.EDIT_ACTIVITIES))


def serializer_for(model, fields, m2m=()):
    meta = type("Meta", (), {"model": model, "fields": ["id", *fields, *m2m], "read_only_fields": ["id"]})
    return type(f"{model.__name__}Serializer", (serializers.ModelSerializer,), {"Meta": meta})


SERIALIZERS = {
    "channels": serializer_for(SalesChannel, services.CHANNEL_FIELDS),
    "points": serializer_for(PointOfSale, services.POINT_FIELDS, ["products"]),
    "events": serializer_for(TradeEvent, services.EVENT_FIELDS, ["producers", "products"]),
    "classes": serializer_for(TrainingClass, services.CLASS_FIELDS),
    "funding": serializer_for(Funding, services.FUNDING_FIELDS),
    "support": serializer_for(Support, services.SUPPORT_FIELDS),
    "value-chains": serializer_for(ValueChain, services.VALUE_CHAIN_FIELDS),
    "craft-villages": serializer_for(CraftVillage, services.VILLAGE_FIELDS, ["products"]),
    "commendations": serializer_for(Commendation, services.COMMENDATION_FIELDS),
}
SELECTORS = {
    "channels": selectors.visible_channels,
    "points": selectors.visible_points_of_sale,
    "events": selectors.visible_events,
    "classes": selectors.visible_classes,
    "funding": selectors.visible_funding,
    "support": selectors.visible_supports,
    "value-chains": selectors.visible_value_chains,
    "craft-villages": selectors.visible_craft_villages,
    "commendations": selectors.visible_commendations,
}
ABOUT_PRODUCER = {"channels", "support", "value-chains"}
YEAR_FIELD = {"events": "start_date__year", "classes": "start_date__year", "funding": "year"}
YEAR_FIELD |= {"support": "date__year", "commendations": "date__year"}
FILTERS = [
    OpenApiParameter(
        "scheme", str, enum=Scheme.values, description="Hệ thống đơn vị của `unit` (mặc định current)"
    ),
    OpenApiParameter("unit", int, description="Mã tỉnh/thành phố trong hệ thống `scheme`"),
    OpenApiParameter("year", int, description="Năm (sự kiện, lớp tập huấn, nguồn lực, hỗ trợ, khen thưởng)"),
]


class ActivityMixin:
    kind = ""
    permission_classes = [permissions.IsAuthenticated, HasCapability]

    def get_serializer_class(self):
        return SERIALIZERS[self.kind]

    def get_queryset(self):
        queryset = SELECTORS[self.kind](self.request.user)
        params = self.request.query_params
        if params.get("unit"):
            scheme = params.get("scheme") if params.get("scheme") in Scheme.values else Scheme.CURRENT
            unit = AdminUnit.objects.filter(scheme=scheme, level="province", code=params["unit"]).first()
            if unit is None or not str(params["unit"]).isdigit():
                return queryset.none()
            queryset = filter_by_unit(queryset, unit, "producer__" if self.kind in ABOUT_PRODUCER else "")
        if params.get("year") and self.kind in YEAR_FIELD and str(params["year"]).isdigit():
            queryset = queryset.filter(**{YEAR_FIELD[self.kind]: int(params["year"])})
        return queryset.order_by("id")


def _list_view(kind: str):
    name = kind.replace("-", " ").title().replace(" ", "")

    @access(capability=caps.VIEW_ACTIVITIES)
    @extend_schema_view(get=extend_schema(parameters=FILTERS, tags=["activities"]))
    class View(ActivityMixin, generics.ListAPIView):
        __doc__ = f"Danh sách {kind} trong phạm vi của người gọi (chỉ đọc)."

    View.kind = kind
    View.__name__ = View.__qualname__ = f"{name}List"
    return View


def _detail_view(kind: str, object_kind: str):
    name = kind.replace("-", " ").title().replace(" ", "")

    @access(capability=caps.VIEW_ACTIVITIES, object=object_kind)
    @extend_schema_view(get=extend_schema(tags=["activities"]))
    class View(ActivityMixin, generics.RetrieveAPIView):
        __doc__ = f"Một bản ghi {kind} (404 ngoài phạm vi)."

    View.kind = kind
    View.__name__ = View.__qualname__ = f"{name}Detail"
    return View


OBJECT_KINDS = {
    "points": "point_of_sale",
    "events": "trade_event",
    "classes": "training_class",
    "funding": "funding",
    "support": "support",
    "value-chains": "value_chain",
    "craft-villages": "craft_village",
    "commendations": "commendation",
}
LIST_VIEWS = {kind: _list_view(kind) for kind in OBJECT_KINDS}
DETAIL_VIEWS = {kind: _detail_view(kind, object_kind) for kind, object_kind in OBJECT_KINDS.items()}


def _service_errors(error: DjangoValidationError):
    raise ValidationError(error.message_dict if hasattr(error, "error_dict") else {"detail": error.messages})


@access(capability=caps.VIEW_ACTIVITIES)
@extend_schema_view(
    get=extend_schema(parameters=FILTERS, tags=["activities"]), post=extend_schema(tags=["activities"])
)
class ChannelList(ActivityMixin, generics.ListCreateAPIView):
    """Sales channels in the caller's scope; POST records one (officials in their province, a
    producer's account for itself) through `channel_create`."""

    kind = "channels"
    write_capability = caps.EDIT_SALES_CHANNELS

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        producer = data.get("producer")
        if (
            producer is None
            or not selectors.channel_producers(self.request.user).filter(pk=producer.pk).exists()
        ):
            raise ValidationError({"producer": [_("Không được ghi kênh bán hàng cho chủ thể này.")]})
        try:
            serializer.instance = services.channel_create(actor=self.request.user, **data)
        except DjangoValidationError as error:
            _service_errors(error)


@access(capability=caps.VIEW_ACTIVITIES, object="sales_channel")
@extend_schema_view(
    get=extend_schema(tags=["activities"]),
    put=extend_schema(tags=["activities"]),
    patch=extend_schema(tags=["activities"]),
    delete=extend_schema(tags=["activities"]),
)
class ChannelDetail(ActivityMixin, generics.RetrieveUpdateDestroyAPIView):
    """One sales channel; changed or deleted through the services by whoever may edit it."""

    kind = "channels"
    write_capability = caps.EDIT_SALES_CHANNELS

    def get_queryset(self):
        if self.request.method in permissions.SAFE_METHODS:
            return super().get_queryset()
        return selectors.editable_channels(self.request.user)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        if (
            "producer" in data
            and not selectors.channel_producers(self.request.user).filter(pk=data["producer"].pk).exists()
        ):
            raise ValidationError({"producer": [_("Không được ghi kênh bán hàng cho chủ thể này.")]})
        try:
            services.channel_update(actor=self.request.user, channel=serializer.instance, **data)
        except DjangoValidationError as error:
            _service_errors(error)

    def perform_destroy(self, instance):
        services.channel_delete(actor=self.request.user, channel=instance)
