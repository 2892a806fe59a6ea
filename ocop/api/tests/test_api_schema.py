"""The OpenAPI schema says what the API really answers."""

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        return APIClient().get("/api/schema/", {"format": "json"}).json()


def test_parent_province_and_region_of_a_unit_can_be_null(schema):
    unit = schema["components"]["schemas"]["Unit"]["properties"]
    assert all(unit[name].get("nullable") for name in ("parent", "province", "region"))


def test_the_unit_endpoints_declare_their_refusals(schema):
    paths = schema["paths"]
    assert "404" in paths["/api/v1/units/{scheme}/{level}/{code}/"]["get"]["responses"]
    assert "400" in paths["/api/v1/units/resolve/"]["get"]["responses"]
    assert "400" in paths["/api/v1/units/"]["get"]["responses"]


def test_the_schema_generates_without_a_warning(tmp_path):
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    assert "/api/v1/imports/{id}/confirm/" in (tmp_path / "schema.yaml").read_text(encoding="utf-8")
