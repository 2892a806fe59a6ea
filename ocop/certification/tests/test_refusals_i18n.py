"""A recognition the rules refuse is refused in the language of the person recording it (the
certificate form shows these reasons beside the fields); the same Vietnamese as before otherwise."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from ocop.certification.services import certificate_issue
from ocop.registry.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def refused(**recognition) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        certificate_issue(actor="test", **recognition)
    return caught.value.message_dict


def test_a_two_star_recognition_is_refused_naming_the_regulation_in_the_active_language():
    recognition = {
        "product": ProductFactory(),
        "stars": 2,
        "decision_number": "123/QĐ-UBND",
        "decision_date": datetime.date(2023, 1, 10),
    }
    with translation.override("en"):
        assert refused(**recognition)["stars"] == [
            "Under 1048/QĐ-TTg, only products rated 3 stars or more can be recognised."
        ]
    with translation.override("vi"):
        assert refused(**recognition)["stars"] == [
            "Theo 1048/QĐ-TTg chỉ sản phẩm đạt từ 3 sao trở lên mới được công nhận."
        ]
