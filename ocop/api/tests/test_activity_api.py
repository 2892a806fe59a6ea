"""The activity endpoints: scoped lists with the unit filter in either scheme, channels written
through the services (a producer's account for itself only), and their place in the schema."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from rest_framework.test import APIClient

from conftest import legacy_province
from ocop.accounts.models import RoleAssignment
from ocop.activities import services
from ocop.activities.models import SalesChannel
from ocop.core.models import AuditEntry
from ocop.registry.tests.factories import ProducerFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def api():
    return APIClient()


def test_events_are_listed_in_scope_and_filtered_by_a_legacy_province(api, can_tho_officer, tay_ninh_officer):
    services.event_create(
        actor="test",
        legacy_province=legacy_province(94),
        name="Hội chợ Sóc Trăng",
        kind="fair",
        start_date=D(2024, 5, 2),
        location="in_province",
    )
    api.force_authenticate(can_tho_officer)
    names = [
        e["name"]
        for e in api.get("/api/v1/activities/events/", {"scheme": "legacy", "unit": 94}).json()["results"]
    ]
    assert names == ["Hội chợ Sóc Trăng"]
    assert api.get("/api/v1/activities/events/", {"scheme": "legacy", "unit": 93}).json()["count"] == 0
    assert api.get("/api/v1/activities/events/", {"year": 2025}).json()["count"] == 0
    api.force_authenticate(tay_ninh_officer)
    assert api.get("/api/v1/activities/events/").json()["count"] == 0


def test_a_producer_account_records_its_own_channel_and_no_one_elses(api, producer_user, can_tho):
    own, other = ProducerFactory(name="HTX A"), ProducerFactory(name="HTX B")
    RoleAssignment.objects.filter(user=producer_user).update(
        scope_type=ContentType.objects.get_for_model(own), scope_id=str(own.pk)
    )
    api.force_authenticate(producer_user)
    response = api.post(
        "/api/v1/activities/channels/",
        {"producer": own.pk, "kind": "ecommerce", "platform": "shopee", "listing_url": "https://tiki.vn/a"},
        format="json",
    )
    assert response.status_code == 400 and "shopee.vn" in response.json()["listing_url"][0]
    response = api.post(
        "/api/v1/activities/channels/",
        {"producer": own.pk, "kind": "ecommerce", "platform": "shopee", "listing_url": "https://shopee.vn/a"},
        format="json",
    )
    assert response.status_code == 201
    channel = SalesChannel.objects.get(producer=own)
    assert AuditEntry.objects.filter(action="activities.channel_create", object_id=str(channel.pk)).exists()
    response = api.post(
        "/api/v1/activities/channels/",
        {"producer": other.pk, "kind": "export", "country": "Nhật Bản"},
        format="json",
    )
    assert response.status_code == 400 and not SalesChannel.objects.filter(producer=other).exists()
    theirs = services.channel_create(actor="test", producer=other, kind="export", country="Úc")
    assert api.delete(f"/api/v1/activities/channels/{theirs.pk}/").status_code == 404
    assert (
        api.patch(
            f"/api/v1/activities/channels/{channel.pk}/", {"ended_on": "2026-01-31"}, format="json"
        ).status_code
        == 200
    )
    channel.refresh_from_db()
    assert channel.ended_on == D(2026, 1, 31)
    assert [c["id"] for c in api.get("/api/v1/activities/channels/").json()["results"]] == [channel.pk]
    # Recording an event is not for a producer.
    assert api.get("/api/v1/activities/events/").json()["count"] == 0


def test_the_activity_endpoints_are_in_the_schema(api):
    schema = api.get("/api/schema/", {"format": "json"}).json()
    for kind in (
        "channels",
        "points",
        "events",
        "classes",
        "funding",
        "support",
        "value-chains",
        "craft-villages",
        "commendations",
    ):
        assert f"/api/v1/activities/{kind}/" in schema["paths"]
    assert "post" in schema["paths"]["/api/v1/activities/channels/"]
