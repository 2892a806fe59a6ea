"""Public API and open data: no login, rate-limited, stable columns, licence and extraction date."""

import csv
import io

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone

from ocop.certification.services import certificate_revoke
from ocop.public.opendata import COLUMNS

pytestmark = pytest.mark.django_db


def test_products_search_without_login_gives_stars_only_for_valid_certificates(client, honey):
    data = client.get("/api/v1/public/products/", {"q": "mat ong ca mau"}).json()
    [row] = data["results"]
    assert row["name"] == "Mật ong rừng U Minh" and row["stars"] == 4 and row["status"] == "active"
    assert row["certificate_code"] == honey.public_code and row["province_code"] == 96
    certificate_revoke(
        actor="t", certificate=honey, decision_number="1", revoked_on=timezone.localdate(), ground="stopped"
    )
    assert client.get("/api/v1/public/products/", {"q": "mat ong"}).json()["results"] == []
    [row] = client.get("/api/v1/public/products/", {"q": "mat ong", "include_ended": "1"}).json()["results"]
    assert row["stars"] is None and row["status"] == "revoked"


def test_producers_with_a_valid_product(client, honey):
    [row] = client.get("/api/v1/public/producers/", {"q": "ong mat"}).json()["results"]
    assert row["name"] == "Hợp tác xã Ong mật U Minh" and row["province_code"] == 96


def test_a_certificate_by_its_public_code_with_the_verdict(client, honey):
    data = client.get(f"/api/v1/public/certificates/{honey.short_code.lower()}/").json()
    assert data["code"] == honey.public_code and data["number"] == honey.number
    assert data["verdict"]["colour"] == "green" and data["stars"] == 4
    assert client.get("/api/v1/public/certificates/NOPE/").status_code == 404


def test_the_certified_list_as_csv_has_licence_date_and_stable_columns(client, honey):
    response = client.get("/api/v1/public/certified.csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0].startswith("# licence: CC BY 4.0")
    assert lines[1] == f"# extracted: {timezone.localdate().isoformat()}"
    rows = list(csv.DictReader(io.StringIO("\n".join(lines[2:]))))
    assert tuple(rows[0].keys()) == COLUMNS
    assert rows[0]["certificate_code"] == honey.public_code and rows[0]["stars"] == "4"


def test_the_certified_list_as_json(client, honey):
    data = client.get("/api/v1/public/certified.json").json()
    assert data["licence"].startswith("CC BY 4.0") and data["extracted"] == timezone.localdate().isoformat()
    assert data["columns"] == list(COLUMNS) and data["count"] == 1
    assert data["rows"][0]["product_name"] == "Mật ong rừng U Minh"


@override_settings(
    REST_FRAMEWORK={
        **__import__("django.conf").conf.settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"public": "3/min"},
    }
)
def test_the_public_api_is_rate_limited(client, honey):
    from rest_framework.settings import api_settings
    from rest_framework.throttling import ScopedRateThrottle

    cache.clear()
    api_settings.reload()
    ScopedRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
    try:
        codes = [client.get("/api/v1/public/producers/").status_code for _ in range(4)]
        assert codes == [200, 200, 200, 429]
    finally:
        cache.clear()
        api_settings.reload()
        ScopedRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES


def test_the_public_endpoints_are_in_the_openapi_schema(client, central_officer):
    client.force_login(central_officer)
    schema = client.get("/api/schema/", {"format": "json"}).json()
    for path in (
        "/api/v1/public/products/",
        "/api/v1/public/producers/",
        "/api/v1/public/certificates/{code}/",
        "/api/v1/public/certified.csv",
    ):
        assert path in schema["paths"]
