"""The registry's refusals are said in the language the person is using: English when the
interface is English, the same Vietnamese as before otherwise (tax code, producer and product
fields, the duplicate-producer rule, the SME rule)."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from ocop.registry.services import normalise_tax_code, producer_create, product_create

pytestmark = pytest.mark.django_db

BAD_CHECK_DIGIT = "0100109105"


def refusal(call, **kwargs) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        call(**kwargs)
    return caught.value.message_dict


def test_a_tax_code_with_a_wrong_check_digit_is_refused_in_the_active_language():
    with translation.override("en"):
        with pytest.raises(ValidationError) as caught:
            normalise_tax_code(BAD_CHECK_DIGIT)
        assert caught.value.messages == [f"Tax code {BAD_CHECK_DIGIT} is not valid (wrong check digit)."]
    with translation.override("vi"):
        with pytest.raises(ValidationError) as caught:
            normalise_tax_code(BAD_CHECK_DIGIT)
        assert caught.value.messages == [f"Mã số thuế {BAD_CHECK_DIGIT} không hợp lệ (sai chữ số kiểm tra)."]


def test_a_cooperative_marked_sme_with_a_bad_tax_code_is_refused_field_by_field_in_the_active_language(
    can_tho,
):
    producer = {
        "actor": "test",
        "name": "HTX Gạo Thới Lai",
        "producer_type": "cooperative",
        "is_sme": True,
        "tax_code": "12",
        "province": can_tho,
    }
    with translation.override("en"):
        errors = refusal(producer_create, **producer)
        assert errors["is_sme"] == ["Only an enterprise may be marked as a small or medium-sized enterprise."]
        assert errors["tax_code"] == ["Tax code / business registration number 12 is not valid."]
    with translation.override("vi"):
        errors = refusal(producer_create, **producer)
        assert errors["is_sme"] == ["Chỉ doanh nghiệp mới được đánh dấu là doanh nghiệp nhỏ và vừa."]
        assert errors["tax_code"] == ["Mã số thuế / số ĐKKD 12 không hợp lệ."]


def test_a_likely_duplicate_producer_is_refused_naming_it_and_the_reason_in_the_active_language(can_tho):
    producer = {
        "actor": "test",
        "name": "HTX Gạo Thới Lai",
        "producer_type": "cooperative",
        "province": can_tho,
    }
    producer_create(**producer)
    with translation.override("en"):
        assert refusal(producer_create, **producer)["name"] == [
            "Possibly the same as an existing producer: HTX Gạo Thới Lai "
            "(same name in the same province/city (commune/ward not known))."
        ]
    with translation.override("vi"):
        assert refusal(producer_create, **producer)["name"] == [
            "Có thể trùng với chủ thể đã có: HTX Gạo Thới Lai "
            "(trùng tên trong cùng tỉnh/thành phố (chưa rõ xã/phường))."
        ]


def test_a_product_without_a_name_and_with_a_bad_gtin_is_refused_in_the_active_language(can_tho):
    producer = producer_create(
        actor="test", name="HTX Gạo Thới Lai", producer_type="cooperative", province=can_tho
    )
    product = {"actor": "test", "name": " ", "producer": producer, "gtin": "123"}
    with translation.override("en"):
        assert refusal(product_create, **product) == {
            "gtin": ["GTIN 123 is not valid (8, 12, 13 or 14 digits, with a correct check digit)."],
            "name": ["Enter the product's name."],
        }
    with translation.override("vi"):
        assert refusal(product_create, **product) == {
            "gtin": ["Mã GTIN 123 không hợp lệ (8, 12, 13 hoặc 14 chữ số, đúng chữ số kiểm tra)."],
            "name": ["Cần nhập tên sản phẩm."],
        }
