"""API v1 statistics: the statistics service and the ranking of provinces, as the CLI gives them.

`GET /api/v1/stats/` returns exactly `statistics()` (the JSON of `ocop stats --format json`);
`GET /api/v1/stats/ranking/` the provinces of a scheme ranked on a metric. Both need VIEW_REPORTS;
statistics of a unit need it on that unit, of a region or the country national scope.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import permissions, serializers
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from ocop.accounts import capabilities as caps
from ocop.accounts.access import access
from ocop.accounts.permissions import has_capability
from ocop.core.forms import date_bounds_error
from ocop.geo.models import Region
from ocop.reporting.places import PlaceError, may_view, place_from_text
from ocop.reporting.stats import METRICS, ranking, statistics

SCHEMES = ("current", "legacy")


class HasViewReports(permissions.BasePermission):
    message = "Cần quyền xem báo cáo thống kê."

    def has_permission(self, request, view):
        return has_capability(request.user, caps.VIEW_REPORTS)


def _date(params, name: str) -> datetime.date | None:
    raw = params.get(name)
    if not raw:
        return None
    try:
        value = datetime.date.fromisoformat(raw)
    except ValueError:
        raise ValidationError(
            {name: _("Ngày không hợp lệ '%(date)s', cần dạng YYYY-MM-DD.") % {"date": raw}}
        ) from None
    if message := date_bounds_error(value):
        raise ValidationError({name: message})
    return value


def _scheme(params) -> str:
    scheme = params.get("scheme") or "current"
    if scheme not in SCHEMES:
        raise ValidationError(
            {"scheme": "Hệ thống địa giới phải là 'current' (hiện hành) hoặc 'legacy' (cũ)."}
        )
    return scheme


SCHEME_PARAM = OpenApiParameter(
    "scheme", str, enum=SCHEMES, description="Địa giới: current (từ 01/07/2025, mặc định) hoặc legacy (cũ)"
)
AS_OF_PARAM = OpenApiParameter(
    "as_of", OpenApiTypes.DATE, description="Ngày tính sản phẩm còn hiệu lực (YYYY-MM-DD, mặc định hôm nay)"
)
LONG_AN_2024 = {
    "unit": {"code": "80", "name": "Tỉnh Long An", "scheme": "legacy", "level": "province"},
    "as_of": "2024-12-31",
    "products": {
        "total": 235,
        "by_star": {"3": 186, "4": 49, "5": 0},
        "by_group": {"food": 182, "drink": 30, "herbal": 8, "handicraft": 11, "ornamental": 4, "tourism": 0},
        "by_product_set": {
            "bottled_water": 4,
            "other_alcohol": 3,
            "soft_drink": 9,
            "white_liquor": 14,
            "coffee_cocoa": 7,
            "fast_food": 11,
            "fresh_animal": 13,
            "fresh_produce": 15,
            "herbal_tea": 7,
            "honey_farm": 12,
            "processed_cereals": 28,
            "processed_fruit_veg": 22,
            "processed_meat_fish": 22,
            "rice_cereals": 15,
            "sauces": 20,
            "spices": 4,
            "tea": 6,
            "household_decor": 8,
            "textiles": 3,
            "essential_oils": 1,
            "functional_medicine": 4,
            "herbal_cosmetics": 3,
            "flowers": 2,
            "ornamental_plants": 2,
        },
    },
    "producers": {
        "total": 108,
        "by_type": {"cooperative": 15, "coop_group": 0, "enterprise": 24, "household": 69},
        "share_by_type_pct": {"cooperative": 13.9, "coop_group": 0.0, "enterprise": 22.2, "household": 63.9},
        "sme": 22,
        "women_led": 32,
        "ethnic_minority_led": 3,
    },
    "period": {
        "from": "2024-01-01",
        "to": "2024-12-31",
        "recognitions": {
            "total": 87,
            "new": 79,
            "renewed": 6,
            "upgraded": 2,
            "downgraded": 0,
            "by_star": {"3": 78, "4": 9, "5": 0},
            "by_kind_and_star": {
                "new": {"3": 72, "4": 7, "5": 0},
                "renewed": {"3": 6, "4": 0, "5": 0},
                "upgraded": {"3": 0, "4": 2, "5": 0},
            },
            "producers_by_kind": {"new": 58, "renewed": 6, "upgraded": 2, "downgraded": 0},
        },
        "producers_recognised": 61,
        "cumulative_products": {"total": 87, "by_star": {"3": 78, "4": 9, "5": 0}},
        "revocations": 0,
        "expiries": 4,
    },
}


# The schema is generated without a database (`check --deploy`), so it names the metrics without
# their labels: the upper-stars label reads the rulebook.
METRICS_DESCRIPTION = _(
    "products: số sản phẩm OCOP còn hiệu lực; products_4plus: số sản phẩm ở các hạng sao trên hạng "
    "khởi điểm của quy định; producers: số chủ thể có sản phẩm OCOP"
)


@access(capability=caps.VIEW_REPORTS, object="unit", query={"unit": "unit"})
class StatsView(APIView):
    """Statistics of one place: products valid at `as_of` by star, group, product set; producers
    by type with shares; with `from` and `to`, the recognitions, revocations and expiries of the
    period and the products recognised in it (cumulative). Definitions: docs/statistics.md."""

    permission_classes = [permissions.IsAuthenticated, HasViewReports]

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "unit",
                str,
                description="Tên hoặc mã đơn vị (2 chữ số tỉnh, 3 huyện cũ, 5 xã), mã/tên vùng; "
                "để trống là toàn quốc",
            ),
            SCHEME_PARAM,
            AS_OF_PARAM,
            OpenApiParameter("from", OpenApiTypes.DATE, description="Đầu kỳ (cần cả `to`)"),
            OpenApiParameter("to", OpenApiTypes.DATE, description="Cuối kỳ (cần cả `from`)"),
        ],
        responses={
            200: OpenApiResponse(
                OpenApiTypes.OBJECT,
                description="Kết quả của statistics(), như `ocop stats --format json`",
                examples=[OpenApiExample("Long An (cũ), 2024 (rút gọn)", value=LONG_AN_2024)],
            ),
            400: OpenApiResponse(description="Ngày sai, đơn vị không rõ hoặc thiếu from/to"),
            403: OpenApiResponse(description="Đơn vị ngoài phạm vi được xem báo cáo"),
        },
    )
    def get(self, request):
        params = request.query_params
        as_of = _date(params, "as_of") or timezone.localdate()
        date_from, date_to = _date(params, "from"), _date(params, "to")
        if bool(date_from) != bool(date_to):
            raise ValidationError({"from": _("Cần cả 'from' và 'to' để thống kê theo kỳ.")})
        if date_from and date_to and date_from > date_to:
            raise ValidationError({"from": _("'from' phải trước hoặc bằng 'to'.")})
        try:
            place = place_from_text(params.get("unit", ""), _scheme(params), legacy_option="scheme=legacy")
        except PlaceError as error:
            raise ValidationError({"unit": str(error)}) from None
        if not may_view(request.user, place):
            raise PermissionDenied(
                _("%(place)s ngoài phạm vi được xem báo cáo của bạn.") % {"place": place.label}
            )
        return Response(statistics(place, as_of=as_of, date_from=date_from, date_to=date_to))


class RankingRowSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    value = serializers.IntegerField()


@access(capability=caps.VIEW_REPORTS)
class RankingView(APIView):
    """Provinces of a scheme, in the country or one region, ranked on a metric at a date (ties
    share a rank). Public figures: any holder of VIEW_REPORTS may read the whole table."""

    permission_classes = [permissions.IsAuthenticated, HasViewReports]

    @extend_schema(
        parameters=[
            SCHEME_PARAM,
            OpenApiParameter("region", str, description="Mã vùng (dbscl, dnb, …); để trống là cả nước"),
            OpenApiParameter(
                "metric",
                str,
                enum=list(METRICS),
                description=METRICS_DESCRIPTION,
            ),
            AS_OF_PARAM,
        ],
        responses={200: RankingRowSerializer(many=True), 400: OpenApiResponse(description="Tham số sai")},
    )
    def get(self, request):
        params = request.query_params
        scheme = _scheme(params)
        as_of = _date(params, "as_of") or timezone.localdate()
        metric = params.get("metric") or "products"
        if metric not in METRICS:
            raise ValidationError(
                {"metric": _("Chỉ số phải là một trong: %(metrics)s.") % {"metrics": ", ".join(METRICS)}}
            )
        region = None
        if code := params.get("region"):
            region = Region.objects.filter(code=code).first()
            if region is None:
                codes = ", ".join(Region.objects.order_by("sort_order").values_list("code", flat=True))
                raise ValidationError(
                    {
                        "region": _("Không có vùng mã '%(code)s'. Các vùng: %(codes)s.")
                        % {"code": code, "codes": codes}
                    }
                )
        rows = ranking(scheme=scheme, as_of=as_of, region=region, metric=metric)
        return Response(
            [
                {
                    "rank": row["rank"],
                    "code": row["unit"].code_str,
                    "name": row["unit"].name,
                    "value": row["value"],
                }
                for row in rows
            ]
        )
