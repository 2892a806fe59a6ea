"""Repeated failed sign-ins lock the account and the address, with a Vietnamese message."""

import pytest
from django.urls import reverse

from conftest import PASSWORD

pytestmark = pytest.mark.django_db


def fail(client, username, address="203.0.113.7", times=1):
    for _ in range(times):
        response = client.post(
            reverse("accounts:login"), {"username": username, "password": "sai-mat-khau"}, REMOTE_ADDR=address
        )
    return response


def sign_in(client, user, address="203.0.113.7"):
    return client.post(
        reverse("accounts:login"), {"username": user.username, "password": PASSWORD}, REMOTE_ADDR=address
    )


def test_five_failures_lock_the_account_even_with_the_right_password(client, can_tho_officer, settings):
    settings.AXES_FAILURE_LIMIT = 5
    assert fail(client, can_tho_officer.username, times=4).status_code == 200
    locked = fail(client, can_tho_officer.username)
    assert locked.status_code == 429
    assert "Đăng nhập sai quá nhiều lần" in locked.content.decode()
    # The right password from another address is refused too: the account is locked.
    response = sign_in(client, can_tho_officer, address="198.51.100.9")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_failures_from_one_address_lock_that_address_for_every_account(
    client, can_tho_officer, central_officer
):
    for name in ("a", "b", "c", "d", "e"):
        fail(client, f"khong-co-{name}", address="192.0.2.50")
    assert sign_in(client, central_officer, address="192.0.2.50").status_code == 429
    # Another address is not locked, and this account had no failures.
    assert sign_in(client, central_officer, address="192.0.2.51").status_code == 302


def test_a_success_before_the_limit_resets_the_count(client, can_tho_officer):
    fail(client, can_tho_officer.username, times=4)
    assert sign_in(client, can_tho_officer).status_code == 302
    client.logout()
    assert fail(client, can_tho_officer.username, times=4).status_code == 200


def test_the_api_token_endpoint_is_locked_too(client, can_tho_officer):
    for _ in range(5):
        client.post("/api/v1/auth/token/", {"username": can_tho_officer.username, "password": "sai"})
    response = client.post(
        "/api/v1/auth/token/", {"username": can_tho_officer.username, "password": PASSWORD}
    )
    assert response.status_code == 429
    assert "Đăng nhập sai quá nhiều lần" in response.json()["detail"]
