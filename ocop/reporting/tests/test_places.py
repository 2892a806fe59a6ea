"""Which place a user may see: one rule (`places.may_view`) for the dashboard, the report page
and the statistics API, so the three answer alike for every persona and place."""

import pytest
from django.urls import reverse

from conftest import current_province, legacy_province
from ocop.geo.models import Region
from ocop.reporting.places import may_view
from ocop.reporting.stats import Place

pytestmark = pytest.mark.django_db


@pytest.fixture
def places():
    mekong = Region.objects.get(code="dbscl")
    return {
        "Tây Ninh": Place(scheme="current", unit=current_province(80)),
        "Long An (cũ)": Place(scheme="legacy", unit=legacy_province(80)),
        "Cần Thơ": Place(scheme="current", unit=current_province(92)),
        "Sóc Trăng (cũ)": Place(scheme="legacy", unit=legacy_province(94)),
        "ĐBSCL": Place(scheme="current", region=mekong),
        "Toàn quốc": Place(scheme="current"),
    }


def visible(user, places) -> set[str]:
    return {name for name, place in places.items() if may_view(user, place)}


def test_a_province_officer_sees_their_province_and_the_legacy_provinces_merged_into_it(
    tay_ninh_officer, places
):
    assert visible(tay_ninh_officer, places) == {"Tây Ninh", "Long An (cũ)"}


def test_the_central_office_sees_every_place_regions_and_the_country(central_officer, places):
    assert visible(central_officer, places) == set(places)


def test_someone_without_a_role_sees_no_place(outsider, places):
    assert visible(outsider, places) == set()


def _dashboard(client, place):
    params = {"scheme": place.scheme}
    if place.unit:
        params["unit"] = place.unit.code_str
    elif place.region:
        params["region"] = place.region.code
    return client.get(reverse("reporting:dashboard"), params)


def _report(client, place):
    unit = place.unit.code_str if place.unit else (f"vung-{place.region.code}" if place.region else "VN")
    params = {"scheme": place.scheme, "unit": unit, "from": "2025-01-01", "to": "2025-12-31"}
    return client.get(reverse("reports:report"), params)


def _api(client, place):
    unit = place.unit.code_str if place.unit else (place.region.code if place.region else "")
    return client.get("/api/v1/stats/", {"scheme": place.scheme, "unit": unit})


@pytest.mark.parametrize("page", [_dashboard, _report, _api], ids=["dashboard", "report", "api"])
def test_the_dashboard_the_report_and_the_api_refuse_exactly_the_places_the_rule_refuses(
    client, tay_ninh_officer, places, page
):
    client.force_login(tay_ninh_officer)
    if page is _dashboard:  # the dashboard has no "country" parameter: without one it shows home
        assert _dashboard(client, places.pop("Toàn quốc")).context["place"] == places["Tây Ninh"]
    answers = {name: page(client, place).status_code for name, place in places.items()}
    assert {name for name, status in answers.items() if status == 200} == {"Tây Ninh", "Long An (cũ)"}
    refused = {"Cần Thơ", "Sóc Trăng (cũ)", "ĐBSCL", "Toàn quốc"} & set(places)
    assert {name for name, status in answers.items() if status == 403} == refused
