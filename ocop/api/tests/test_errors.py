"""A service's domain error reaches an API client as a 400 with the messages by field."""

import datetime

import pytest

from ocop.api.errors import exception_handler
from ocop.certification.errors import CertificationError
from ocop.certification.services import certificate_issue
from ocop.registry.tests.factories import ProductFactory


@pytest.mark.django_db
def test_a_certification_rule_refusal_is_a_400_with_the_message_beside_the_field():
    with pytest.raises(CertificationError) as error:
        certificate_issue(
            actor="test",
            product=ProductFactory(),
            stars=5,
            score=55,
            decision_number="1/QĐ",
            decision_date=datetime.date(2024, 3, 1),
        )
    response = exception_handler(error.value, {})
    assert response.status_code == 400
    assert response.data == {"score": ["Điểm 55 ứng với 3 sao theo 148/QĐ-TTg (5 sao cần điểm từ 90)."]}


def test_a_refusal_without_a_field_is_a_400_too():
    response = exception_handler(CertificationError("Sản phẩm vừa được ghi nhận một quyết định khác."), {})
    assert response.status_code == 400
    assert response.data == {"non_field_errors": ["Sản phẩm vừa được ghi nhận một quyết định khác."]}
