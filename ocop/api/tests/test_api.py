import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def names(response):
    return [row["short_name"] for row in response.json()["results"]]


def test_legacy_provinces_come_in_vietnamese_alphabetical_order(api):
    response = api.get("/api/v1/units/", {"scheme": "legacy", "level": "province", "limit": 100})
    assert response.status_code == 200
    order = names(response)
    assert len(order) == 63
    assert (
        order.index("Bạc Liêu") < order.index("Bắc Giang") < order.index("Bắc Kạn") < order.index("Bắc Ninh")
    )
    assert order.index("Bắc Ninh") < order.index("Bến Tre") < order.index("Bình Dương")
    # Đ is its own letter after D: Đà Nẵng follows Cần Thơ and precedes Gia Lai, not after Yên Bái.
    assert order.index("Cần Thơ") < order.index("Đà Nẵng") < order.index("Đồng Tháp") < order.index("Gia Lai")
    assert order[-1] == "Yên Bái"


def test_current_scheme_has_34_provinces(api):
    response = api.get("/api/v1/units/", {"scheme": "current", "level": "province", "limit": 100})
    assert response.json()["count"] == 34


def test_search_ignores_diacritics_and_case(api):
    response = api.get("/api/v1/units/", {"q": "DAK LAK", "level": "province"})
    assert {(row["scheme"], row["name"]) for row in response.json()["results"]} == {
        ("legacy", "Tỉnh Đắk Lắk"),
        ("current", "Tỉnh Đắk Lắk"),
    }


def test_unit_detail_gives_the_mapping_to_the_current_scheme(api):
    response = api.get("/api/v1/units/legacy/province/94/")
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Tỉnh Sóc Trăng"
    assert body["code"] == "94"
    assert body["region"]["name"] == "Đồng bằng sông Cửu Long"
    assert [s["unit"]["name"] for s in body["successors"]] == ["Thành phố Cần Thơ"]
    assert body["ambiguous"] is False


def test_current_unit_lists_the_legacy_provinces_it_came_from(api):
    body = api.get("/api/v1/units/current/province/92/").json()
    assert sorted(p["unit"]["short_name"] for p in body["predecessors"]) == [
        "Cần Thơ",
        "Hậu Giang",
        "Sóc Trăng",
    ]


def test_codes_are_reused_so_a_unit_is_named_by_scheme_and_code(api):
    legacy = api.get("/api/v1/units/legacy/province/80/").json()
    current = api.get("/api/v1/units/current/province/80/").json()
    assert legacy["name"] == "Tỉnh Long An"
    assert current["name"] == "Tỉnh Tây Ninh"


def test_unknown_unit_is_a_404_not_a_crash(api):
    assert api.get("/api/v1/units/legacy/province/99/").status_code == 404
    assert api.get("/api/v1/units/nonsense/province/1/").status_code == 404


def test_in_scope_filter_keeps_only_the_officers_units(api, can_tho_officer):
    api.force_authenticate(can_tho_officer)
    response = api.get("/api/v1/units/", {"in_scope": "true", "level": "province"})
    assert {row["short_name"] for row in response.json()["results"]} == {"Cần Thơ", "Sóc Trăng", "Hậu Giang"}


def test_in_scope_filter_gives_an_outsider_nothing(api, outsider):
    api.force_authenticate(outsider)
    assert api.get("/api/v1/units/", {"in_scope": "true"}).json()["count"] == 0


def test_token_authentication_gives_the_users_roles(api, can_tho_officer):
    token = Token.objects.create(user=can_tho_officer)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    body = api.get("/api/v1/me/").json()
    assert body["username"] == "tinh-can-tho"
    assert body["roles"][0]["role"] == "province_officer"
    assert body["roles"][0]["unit"]["name"] == "Thành phố Cần Thơ"


def test_obtaining_a_token_with_the_password(api, can_tho_officer):
    response = api.post("/api/v1/auth/token/", {"username": "tinh-can-tho", "password": "matkhau-ocop-2026"})
    assert response.status_code == 200
    assert Token.objects.get(user=can_tho_officer).key == response.json()["token"]


def test_me_requires_authentication(api):
    assert api.get("/api/v1/me/").status_code in (401, 403)


def test_regions_are_the_six_socio_economic_regions(api):
    body = api.get("/api/v1/regions/").json()
    assert len(body) == 6
    assert "Đồng bằng sông Cửu Long" in [r["name"] for r in body]


def test_resolve_endpoint_maps_a_legacy_name_to_the_current_province(api):
    body = api.get("/api/v1/units/resolve/", {"q": "soc trang"}).json()
    assert body["status"] == "resolved"
    assert "Cần Thơ" in str(body)


def test_resolve_endpoint_rejects_a_bad_date_clearly(api):
    response = api.get("/api/v1/units/resolve/", {"q": "soc trang", "date": "31/12/2024"})
    assert response.status_code == 400
    assert "YYYY-MM-DD" in response.json()["date"]


def test_schema_and_docs_are_served_without_any_cdn(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/units/" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "swagger-ui" in html
    assert "cdn" not in html.lower() and "unpkg" not in html.lower() and "jsdelivr" not in html.lower()
