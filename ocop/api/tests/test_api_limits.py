"""Limits that keep one caller from taking the server: page size, throttles, token lifetime."""

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_a_list_page_is_cut_to_the_maximum_limit(api, settings):
    settings.API_MAX_LIMIT = 500
    body = api.get("/api/v1/units/", {"limit": 100000}).json()
    assert body["count"] > 13000
    assert len(body["results"]) == 500
