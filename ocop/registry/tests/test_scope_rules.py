"""The registry service keeps an editor inside their scope and tells them nothing outside it."""

import pytest
from django.core.exceptions import ValidationError

from conftest import legacy_province
from ocop.geo.models import AdminUnit
from ocop.registry.models import Producer
from ocop.registry.services import producer_create, producer_update
from ocop.registry.tests.factories import ProducerFactory

pytestmark = pytest.mark.django_db

TAX_CODE = "0100233488"


def legacy_district_of(province_code: int) -> AdminUnit:
    return AdminUnit.objects.filter(
        scheme="legacy", level="district", province=legacy_province(province_code)
    ).order_by("code")[0]


def legacy_commune_of(district: AdminUnit) -> AdminUnit:
    return AdminUnit.objects.filter(scheme="legacy", level="commune", parent=district).order_by("code")[0]


def test_a_legacy_district_of_another_province_is_refused(can_tho, can_tho_officer):
    long_an_district = legacy_district_of(80)  # Long An (cũ) is now Tây Ninh
    with pytest.raises(ValidationError) as error:
        producer_create(
            actor=can_tho_officer,
            name="HTX Sai Huyện",
            producer_type="cooperative",
            province=can_tho,
            legacy_district=long_an_district,
        )
    assert "legacy_district" in error.value.message_dict
    assert not Producer.objects.filter(name="HTX Sai Huyện").exists()


def test_a_province_officer_cannot_move_a_producer_to_another_provinces_legacy_commune(
    can_tho, can_tho_officer
):
    producer = ProducerFactory(province=can_tho)
    district = legacy_district_of(80)
    with pytest.raises(ValidationError) as error:
        producer_update(
            actor=can_tho_officer,
            producer=producer,
            legacy_district=district,
            legacy_commune=legacy_commune_of(district),
        )
    assert {"legacy_district", "legacy_commune"} <= set(error.value.message_dict)
    producer.refresh_from_db()
    assert producer.legacy_district_id != district.pk


def test_a_legacy_commune_must_lie_in_the_chosen_legacy_district(can_tho):
    soc_trang = legacy_district_of(94)
    other = AdminUnit.objects.filter(
        scheme="legacy", level="district", province=legacy_province(94)
    ).order_by("-code")[0]
    with pytest.raises(ValidationError) as error:
        producer_create(
            actor="test",
            name="HTX Lệch Xã",
            producer_type="cooperative",
            province=can_tho,
            legacy_district=soc_trang,
            legacy_commune=legacy_commune_of(other),
        )
    assert error.value.message_dict["legacy_commune"] == ["Xã cũ không thuộc huyện cũ đã chọn."]


def test_legacy_units_that_became_the_province_are_accepted(can_tho, can_tho_officer):
    district = legacy_district_of(94)  # Sóc Trăng (cũ) is now part of Cần Thơ
    producer = producer_create(
        actor=can_tho_officer,
        name="HTX Đúng Huyện",
        producer_type="cooperative",
        province=can_tho,
        legacy_district=district,
        legacy_commune=legacy_commune_of(district),
    )
    assert producer.legacy_province == legacy_province(94)


def test_a_tax_code_registered_in_another_province_is_reported_without_its_name(
    can_tho, tay_ninh, can_tho_officer
):
    ProducerFactory(name="Công ty TNHH Bí Mật", tax_code=TAX_CODE, province=tay_ninh)
    with pytest.raises(ValidationError) as error:
        producer_create(
            actor=can_tho_officer,
            name="Công ty Mới",
            producer_type="enterprise",
            tax_code=TAX_CODE,
            province=can_tho,
        )
    message = error.value.message_dict["name"][0]
    assert "Bí Mật" not in message and "Tây Ninh" not in message
    assert "một chủ thể ngoài phạm vi của bạn (trùng mã số thuế 0100233488)" in message


def test_the_create_page_does_not_show_the_other_provinces_producer(
    client, can_tho, tay_ninh, can_tho_officer
):
    ProducerFactory(name="Công ty TNHH Bí Mật", tax_code=TAX_CODE, province=tay_ninh)
    client.force_login(can_tho_officer)
    response = client.post(
        "/registry/producers/new/",
        {"name": "Công ty Mới", "producer_type": "enterprise", "tax_code": TAX_CODE, "province": can_tho.pk},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "ngoài phạm vi của bạn" in page
    assert "Bí Mật" not in page and "Tây Ninh" not in page.split("<main")[1].split('name="province"')[0]
    assert not Producer.objects.filter(name="Công ty Mới").exists()
