import datetime
import io
import json

import pytest
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from ocop.demo.generator import load_registry_demo

D = datetime.date


pytestmark = [pytest.mark.django_db]

LONG_AN_2024 = {
    "unit": "Long An",
    "scheme": "legacy",
    "as_of": "2024-12-31",
    "from": "2024-01-01",
    "to": "2024-12-31",
}


@pytest.fixture(scope="module")
def demo(module_db):
    """The seed provinces' registry, loaded once for the module and rolled back after it."""
    load_registry_demo(scale="provinces", today=D(2026, 11, 23))


@pytest.fixture
def api():
    return APIClient()


def as_user(api, user):
    api.force_authenticate(user)
    return api


# --- statistics --------------------------------------------------------------------------------


def test_long_an_2024_statistics_match_the_report(demo, api, tay_ninh_officer):
    response = as_user(api, tay_ninh_officer).get("/api/v1/stats/", LONG_AN_2024)
    assert response.status_code == 200
    body = response.json()
    assert body["unit"] == {"code": "80", "name": "Tỉnh Long An", "scheme": "legacy", "level": "province"}
    assert body["as_of"] == "2024-12-31"
    assert body["products"]["total"] == 235
    assert body["products"]["by_star"] == {"3": 186, "4": 49, "5": 0}
    recognitions = body["period"]["recognitions"]
    assert recognitions["total"] == 87
    assert recognitions["by_star"]["3"] == 78 and recognitions["by_star"]["4"] == 9


def test_the_api_returns_exactly_what_the_stats_command_prints(demo, api, central_officer):
    out = io.StringIO()
    call_command(
        "stats",
        unit="80",
        scheme="legacy",
        as_of="2024-12-31",
        date_from="2024-01-01",
        date_to="2024-12-31",
        format="json",
        stdout=out,
    )
    params = {**LONG_AN_2024, "unit": "80"}
    assert as_user(api, central_officer).get("/api/v1/stats/", params).json() == json.loads(out.getvalue())


def test_without_a_period_there_is_only_the_stock(demo, api, central_officer):
    body = as_user(api, central_officer).get("/api/v1/stats/", {"unit": "80", "scheme": "legacy"}).json()
    assert "period" not in body
    assert set(body) == {"unit", "as_of", "products", "producers", "activities"}
    assert body["activities"]["from"] == body["as_of"][:4] + "-01-01"


def test_the_country_and_a_region_need_national_scope(demo, api, central_officer, tay_ninh_officer):
    as_user(api, central_officer)
    country = api.get("/api/v1/stats/", {"as_of": "2024-12-31"})
    assert country.status_code == 200 and country.json()["unit"]["level"] == "country"
    region = api.get("/api/v1/stats/", {"unit": "dbscl", "scheme": "legacy", "as_of": "2024-12-31"})
    assert region.status_code == 200 and region.json()["unit"]["level"] == "region"
    assert region.json()["products"]["total"] >= 235
    as_user(api, tay_ninh_officer)
    assert api.get("/api/v1/stats/").status_code == 403
    assert api.get("/api/v1/stats/", {"unit": "dbscl"}).status_code == 403


@pytest.mark.parametrize(
    ("persona", "unit", "scheme"),
    [
        ("can_tho_officer", "Long An", "legacy"),
        ("can_tho_officer", "80", "current"),
        ("tay_ninh_officer", "Sóc Trăng", "legacy"),
        ("can_tho_commune_officer", "92", "current"),
    ],
)
def test_a_unit_outside_the_callers_scope_is_forbidden(demo, api, request, persona, unit, scheme):
    user = request.getfixturevalue(persona)
    response = as_user(api, user).get("/api/v1/stats/", {"unit": unit, "scheme": scheme})
    assert response.status_code == 403
    assert "ngoài phạm vi" in response.json()["detail"]


def test_users_without_reporting_rights_and_anonymous_callers_are_refused(demo, api, outsider, producer_user):
    anonymous = api.get("/api/v1/stats/")
    assert anonymous.status_code == 401 and "products" not in anonymous.json()
    for user in (outsider, producer_user):
        refused = as_user(api, user).get("/api/v1/stats/", {"unit": "80"})
        assert refused.status_code == 403 and refused.json() == {"detail": "Cần quyền xem báo cáo thống kê."}


@pytest.mark.parametrize(
    ("params", "field", "words"),
    [
        ({"unit": "80", "as_of": "31/12/2024"}, "as_of", "Ngày không hợp lệ"),
        ({"unit": "80", "from": "2024-01-01"}, "from", "Cần cả"),
        ({"unit": "80", "to": "2024-12-31"}, "from", "Cần cả"),
        ({"unit": "80", "from": "2024-12-31", "to": "2024-01-01"}, "from", "trước"),
        ({"unit": "80", "from": "2024-13-01", "to": "2024-12-31"}, "from", "Ngày không hợp lệ"),
        ({"unit": "Long An", "scheme": "current"}, "unit", "Tây Ninh"),
        ({"unit": "Xứ Sở Thần Tiên"}, "unit", ""),
        ({"unit": "999", "scheme": "legacy"}, "unit", "Không có đơn vị mã 999"),
        ({"unit": "80", "scheme": "old"}, "scheme", "current"),
    ],
)
def test_bad_parameters_get_a_400_with_a_vietnamese_message(demo, api, central_officer, params, field, words):
    response = as_user(api, central_officer).get("/api/v1/stats/", params)
    assert response.status_code == 400
    assert words in response.json()[field]


def test_an_ambiguous_unit_name_is_a_400_listing_the_candidates(demo, api, central_officer):
    response = as_user(api, central_officer).get("/api/v1/stats/", {"unit": "Phường 1", "scheme": "legacy"})
    assert response.status_code == 400
    assert "Phường 1" in response.json()["unit"]


def test_token_authentication_works(demo, central_officer):
    token = Token.objects.create(user=central_officer)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = client.get("/api/v1/stats/", {"unit": "04", "as_of": "2024-06-30"})
    assert response.json()["unit"]["name"] == "Tỉnh Cao Bằng"
    assert response.json()["products"]["total"] == 144


# --- ranking -----------------------------------------------------------------------------------


def test_ranking_of_mekong_delta_provinces_in_the_legacy_scheme(demo, api, can_tho_commune_officer):
    response = as_user(api, can_tho_commune_officer).get(
        "/api/v1/stats/ranking/", {"scheme": "legacy", "region": "dbscl", "as_of": "2024-12-31"}
    )
    assert response.status_code == 200
    rows = response.json()
    assert len(rows) == 13
    assert set(rows[0]) == {"rank", "code", "name", "value"}
    assert [row["value"] for row in rows] == sorted((row["value"] for row in rows), reverse=True)
    long_an = next(row for row in rows if row["code"] == "80")
    assert long_an["name"] == "Tỉnh Long An" and long_an["value"] == 235
    assert rows[0]["rank"] == 1


def test_ranking_of_the_country_in_the_current_scheme_by_producers(demo, api, central_officer):
    rows = (
        as_user(api, central_officer)
        .get("/api/v1/stats/ranking/", {"metric": "producers", "as_of": "2026-11-23"})
        .json()
    )
    assert len(rows) == 34
    assert [(row["rank"], row["code"], row["value"]) for row in rows[:5]] == [
        (1, "92", 142),
        (2, "80", 109),
        (3, "96", 104),
        (4, "04", 82),
        (5, "82", 18),
    ]
    # The 29 provinces without a demo registry tie at the bottom, in Vietnamese order.
    assert {(row["rank"], row["value"]) for row in rows[5:]} == {(6, 0)}
    assert rows[5]["name"] == "Tỉnh An Giang"


@pytest.mark.parametrize(
    ("params", "field"),
    [({"metric": "money"}, "metric"), ({"region": "atlantis"}, "region"), ({"as_of": "hôm qua"}, "as_of")],
)
def test_ranking_rejects_bad_parameters(demo, api, central_officer, params, field):
    response = as_user(api, central_officer).get("/api/v1/stats/ranking/", params)
    assert response.status_code == 400
    assert field in response.json()


def test_ranking_needs_reporting_rights(demo, api, outsider):
    assert api.get("/api/v1/stats/ranking/").status_code in (401, 403)
    assert as_user(api, outsider).get("/api/v1/stats/ranking/").status_code == 403


def test_both_endpoints_are_documented_in_the_schema(demo, api, central_officer):
    schema = as_user(api, central_officer).get("/api/schema/", {"format": "json"}).json()
    stats = next(op for url, op in schema["paths"].items() if url.endswith("/v1/stats/"))["get"]
    assert {p["name"] for p in stats["parameters"]} >= {"unit", "scheme", "as_of", "from", "to"}
    ranking = next(op for url, op in schema["paths"].items() if url.endswith("/v1/stats/ranking/"))["get"]
    assert {p["name"] for p in ranking["parameters"]} >= {"scheme", "region", "metric", "as_of"}
