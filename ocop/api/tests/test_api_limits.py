"""Limits that keep one caller from taking the server: page size, throttles, token lifetime."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_a_list_page_is_cut_to_the_maximum_limit(api, settings):
    settings.API_MAX_LIMIT = 500
    body = api.get("/api/v1/units/", {"limit": 100000}).json()
    assert body["count"] > 13000
    assert len(body["results"]) == 500


def test_anonymous_callers_are_throttled(api, settings):
    from rest_framework.throttling import AnonRateThrottle

    original = AnonRateThrottle.THROTTLE_RATES
    AnonRateThrottle.THROTTLE_RATES = {**original, "anon": "3/min"}
    try:
        answers = [api.get("/api/v1/regions/").status_code for _ in range(4)]
    finally:
        AnonRateThrottle.THROTTLE_RATES = original
    assert answers == [200, 200, 200, 429]


def test_signed_in_callers_have_their_own_budget(api, can_tho_officer):
    from rest_framework.throttling import UserRateThrottle

    original = UserRateThrottle.THROTTLE_RATES
    UserRateThrottle.THROTTLE_RATES = {**original, "user": "2/min"}
    try:
        api.force_authenticate(can_tho_officer)
        answers = [api.get("/api/v1/me/").status_code for _ in range(3)]
    finally:
        UserRateThrottle.THROTTLE_RATES = original
    assert answers == [200, 200, 429]


def token_for(api, user):
    response = api.post("/api/v1/auth/token/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 200
    return response.json()["token"]


def test_a_token_expires_after_its_lifetime(api, can_tho_officer, settings):
    settings.API_TOKEN_TTL_HOURS = 24
    key = token_for(api, can_tho_officer)
    Token.objects.filter(key=key).update(created=timezone.now() - datetime.timedelta(hours=25))
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = api.get("/api/v1/me/")
    assert response.status_code == 401
    assert response.json()["detail"] == "Mã truy cập đã hết hạn. Vui lòng lấy mã mới."
    api.credentials()
    assert token_for(api, can_tho_officer) != key


def test_changing_the_password_ends_the_token(api, client, can_tho_officer):
    key = token_for(api, can_tho_officer)
    client.force_login(can_tho_officer)
    new = "mat-khau-moi-2026-an-toan"
    response = client.post(
        "/accounts/password/", {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/me/").status_code == 401


def test_signing_out_ends_the_token(api, client, can_tho_officer):
    key = token_for(api, can_tho_officer)
    client.force_login(can_tho_officer)
    client.post("/accounts/logout/")
    assert not Token.objects.filter(key=key).exists()
    second = token_for(api, can_tho_officer)
    api.credentials(HTTP_AUTHORIZATION=f"Token {second}")
    assert api.post("/api/v1/auth/logout/").status_code == 204
    assert api.get("/api/v1/me/").status_code == 401
