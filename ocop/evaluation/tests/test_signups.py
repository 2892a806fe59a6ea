"""Producer accounts: sign-up with a checked tax code, approval by the province, link to the registry."""

import pytest
from django.core.exceptions import PermissionDenied

from ocop.evaluation.errors import EvaluationError
from ocop.evaluation.models import SignupState
from ocop.evaluation.selectors import producers_of
from ocop.evaluation.signups import signup_approve, signup_request
from ocop.registry.tests.factories import ProducerFactory

pytestmark = pytest.mark.django_db


def request_for(province, tax_code="0100109106", username="htx-mat-ong"):
    return signup_request(
        username=username,
        password="matkhau-dai-8",
        email="htx@example.vn",
        contact_name="Lê Thị Mai",
        phone="0912",
        producer_name="HTX Mật ong U Minh",
        producer_type="cooperative",
        tax_code=tax_code,
        province=province,
    )


def test_a_wrong_tax_code_check_digit_is_refused(can_tho):
    with pytest.raises(EvaluationError, match="sai chữ số kiểm tra"):
        request_for(can_tho, tax_code="0100109107")


def test_the_province_approves_and_the_account_acts_for_the_registry_producer_with_that_tax_code(
    can_tho, can_tho_officer, tay_ninh_officer
):
    producer = ProducerFactory(province=can_tho, tax_code="0100109106")
    signup = request_for(can_tho)
    assert list(producers_of(signup.user)) == []
    with pytest.raises(PermissionDenied):
        signup_approve(actor=tay_ninh_officer, signup=signup)
    signup = signup_approve(actor=can_tho_officer, signup=signup)
    assert signup.state == SignupState.APPROVED and signup.producer == producer
    assert list(producers_of(signup.user)) == [producer]
    second = request_for(can_tho, username="nguoi-thu-hai")
    signup_approve(actor=can_tho_officer, signup=second)
    assert list(producers_of(second.user)) == [producer]  # several people act for one producer


def test_the_signup_pages(client, can_tho, can_tho_officer):
    response = client.post(
        "/evaluation/signup/",
        {
            "producer_name": "HTX Lúa gạo",
            "producer_type": "cooperative",
            "tax_code": "0100109106",
            "province": can_tho.pk,
            "contact_name": "Anh Ba",
            "username": "htx-lua",
            "password": "12345678abc",
        },
    )
    assert "Đã gửi yêu cầu" in response.content.decode()
    client.force_login(can_tho_officer)
    assert "HTX Lúa gạo" in client.get("/evaluation/signups/").content.decode()
    from ocop.evaluation.models import ProducerSignup

    signup = ProducerSignup.objects.get()
    client.post("/evaluation/signups/", {"signup": signup.pk, "action": "approve"})
    signup.refresh_from_db()
    assert signup.state == SignupState.APPROVED and signup.producer.name == "HTX Lúa gạo"
