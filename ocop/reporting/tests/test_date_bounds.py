"""Dates far outside the programme are refused with a message, not a server error."""

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

MESSAGE = "Ngày phải trong khoảng 01/01/1900"


@pytest.mark.parametrize("as_of", ["9999-12-31", "0001-01-01"])
def test_the_dashboard_refuses_a_date_out_of_range(client, central_officer, as_of):
    client.force_login(central_officer)
    response = client.get("/stats/", {"as_of": as_of})
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()


@pytest.mark.parametrize("as_of", ["9999-12-31", "0001-01-01"])
def test_the_ranking_refuses_a_date_out_of_range(client, central_officer, as_of):
    client.force_login(central_officer)
    response = client.get("/stats/ranking/", {"as_of": as_of})
    assert response.status_code == 200


def test_the_report_refuses_a_date_out_of_range(client, can_tho_officer):
    client.force_login(can_tho_officer)
    response = client.get(
        "/reports/", {"scheme": "current", "unit": "92", "from": "2024-01-01", "to": "9999-12-31"}
    )
    assert response.status_code == 400
    assert MESSAGE in response.content.decode()


def test_the_statistics_api_refuses_a_date_out_of_range(central_officer):
    api = APIClient()
    api.force_authenticate(central_officer)
    response = api.get("/api/v1/stats/", {"as_of": "9999-12-31"})
    assert response.status_code == 400
    assert MESSAGE in str(response.json()["as_of"])
