"""Producers, products and certificates over the API: scoped reads, writes through the services."""

import datetime

import pytest
from rest_framework.test import APIClient

from ocop.certification.models import Certificate
from ocop.certification.services import certificate_issue
from ocop.core.models import AuditEntry
from ocop.geo.models import AdminUnit
from ocop.registry.models import Producer, Product
from ocop.registry.tests.factories import ProducerFactory, ProductFactory
from ocop.rules.models import ProductGroup

pytestmark = pytest.mark.django_db

VALID_TAX_CODE = "0100233488"


def first_commune(province):
    return AdminUnit.objects.filter(scheme="current", level="commune", province=province).order_by("code")[0]


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def can_tho_producer(can_tho):
    return ProducerFactory(
        province=can_tho, commune=first_commune(can_tho), name="Hợp tác xã Bánh pía Vĩnh Châu"
    )


@pytest.fixture
def tay_ninh_producer(tay_ninh):
    return ProducerFactory(
        province=tay_ninh, commune=first_commune(tay_ninh), name="Hợp tác xã Mãng cầu Bà Đen"
    )


@pytest.fixture
def can_tho_product(can_tho_producer):
    return ProductFactory(producer=can_tho_producer, name="Bánh pía sầu riêng")


@pytest.fixture
def tay_ninh_product(tay_ninh_producer):
    return ProductFactory(producer=tay_ninh_producer, name="Mãng cầu sấy dẻo")


def as_user(api, user):
    api.force_authenticate(user)
    return api


def issue(product, stars=4):
    return certificate_issue(
        actor="test",
        product=product,
        stars=stars,
        decision_number=f"{product.pk}/QĐ-UBND",
        decision_date=datetime.date.today() - datetime.timedelta(days=30),
    )


def test_a_province_officer_lists_only_the_producers_of_their_province(
    api, can_tho_officer, can_tho_producer, tay_ninh_producer
):
    body = as_user(api, can_tho_officer).get("/api/v1/producers/").json()
    assert [row["name"] for row in body["results"]] == ["Hợp tác xã Bánh pía Vĩnh Châu"]
    assert body["results"][0]["province"] == "92"
    assert body["results"][0]["province_name"] == "Thành phố Cần Thơ"


def test_a_central_officer_lists_every_province_and_filters_by_one(
    api, central_officer, can_tho_producer, tay_ninh_producer
):
    as_user(api, central_officer)
    assert api.get("/api/v1/producers/").json()["count"] == 2
    only = api.get("/api/v1/producers/", {"province": "80"}).json()["results"]
    assert [row["name"] for row in only] == ["Hợp tác xã Mãng cầu Bà Đen"]


def test_a_producer_of_another_province_is_not_found(api, can_tho_officer, tay_ninh_producer):
    response = as_user(api, can_tho_officer).get(f"/api/v1/producers/{tay_ninh_producer.pk}/")
    assert response.status_code == 404
    assert tay_ninh_producer.name not in response.content.decode()


def test_creating_a_producer_goes_through_the_service_and_its_audit(api, can_tho_officer, can_tho):
    commune = first_commune(can_tho)
    response = as_user(api, can_tho_officer).post(
        "/api/v1/producers/",
        {
            "name": "Hộ kinh doanh Mật ong Cù Lao Dung",
            "producer_type": "household",
            "commune": commune.code_str,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    producer = Producer.objects.get(pk=response.json()["id"])
    # The service completed the address from the commune, as it does for the page.
    assert producer.province == can_tho
    assert response.json()["province"] == "92"
    assert AuditEntry.objects.filter(action="registry.producer_create", object_id=str(producer.pk)).exists()


def test_a_refused_producer_is_a_400_with_the_services_messages_by_field(api, can_tho_officer, can_tho):
    response = as_user(api, can_tho_officer).post(
        "/api/v1/producers/",
        {"name": "Hợp tác xã A", "producer_type": "cooperative", "province": "92", "is_sme": True},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"is_sme": ["Chỉ doanh nghiệp mới được đánh dấu là doanh nghiệp nhỏ và vừa."]}
    assert not Producer.objects.filter(name="Hợp tác xã A").exists()


def test_a_province_officer_cannot_create_a_producer_in_another_province(api, can_tho_officer):
    response = as_user(api, can_tho_officer).post(
        "/api/v1/producers/",
        {"name": "Hợp tác xã B", "producer_type": "cooperative", "province": "80"},
        format="json",
    )
    assert response.status_code == 403
    assert not Producer.objects.filter(name="Hợp tác xã B").exists()


def test_a_commune_officer_reads_but_cannot_edit(api, can_tho_commune_officer, can_tho_producer):
    as_user(api, can_tho_commune_officer)
    assert api.get(f"/api/v1/producers/{can_tho_producer.pk}/").status_code == 200
    response = api.patch(f"/api/v1/producers/{can_tho_producer.pk}/", {"phone": "0909"}, format="json")
    assert response.status_code == 403
    can_tho_producer.refresh_from_db()
    assert can_tho_producer.phone != "0909"


def test_editing_a_producer_records_the_change(api, can_tho_officer, can_tho_producer):
    response = as_user(api, can_tho_officer).patch(
        f"/api/v1/producers/{can_tho_producer.pk}/", {"representative": "Trần Thị Mai"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["representative"] == "Trần Thị Mai"
    entry = AuditEntry.objects.get(action="registry.producer_update", object_id=str(can_tho_producer.pk))
    assert "Trần Thị Mai" in entry.details["representative"]


def test_moving_a_producer_to_another_province_is_refused(api, can_tho_officer, can_tho_producer):
    response = as_user(api, can_tho_officer).patch(
        f"/api/v1/producers/{can_tho_producer.pk}/", {"province": "80", "commune": None}, format="json"
    )
    assert response.status_code == 403
    can_tho_producer.refresh_from_db()
    assert can_tho_producer.province.code == 92


def test_products_carry_their_current_stars(api, can_tho_officer, can_tho_product, tay_ninh_product):
    issue(can_tho_product, stars=4)
    body = as_user(api, can_tho_officer).get("/api/v1/products/").json()
    assert [(row["name"], row["stars"], row["province"]) for row in body["results"]] == [
        ("Bánh pía sầu riêng", 4, "92")
    ]


def test_a_product_cannot_be_created_for_a_producer_out_of_scope(api, can_tho_officer, tay_ninh_producer):
    food = ProductGroup.objects.get(taxonomy__code="148", code="food")
    response = as_user(api, can_tho_officer).post(
        "/api/v1/products/",
        {"name": "Bánh tráng", "producer": tay_ninh_producer.pk, "group": food.pk},
        format="json",
    )
    # The producer is not one the officer may see: it reads as not existing.
    assert response.status_code == 400
    assert "producer" in response.json()
    assert not Product.objects.filter(name="Bánh tráng").exists()


def test_a_duplicate_product_name_is_refused_by_the_service(api, can_tho_officer, can_tho_product):
    response = as_user(api, can_tho_officer).post(
        "/api/v1/products/",
        {
            "name": "BANH PIA SAU RIENG",
            "producer": can_tho_product.producer_id,
            "group": can_tho_product.group_id,
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"name": ["Chủ thể này đã có sản phẩm cùng tên."]}


def test_issuing_and_revoking_a_certificate_through_the_api(api, can_tho_officer, can_tho_product):
    as_user(api, can_tho_officer)
    decision = (datetime.date.today() - datetime.timedelta(days=10)).isoformat()
    response = api.post(
        f"/api/v1/products/{can_tho_product.pk}/certificates/",
        {"stars": 4, "decision_number": "77/QĐ-UBND", "decision_date": decision},
        format="json",
    )
    assert response.status_code == 201, response.json()
    certificate = Certificate.objects.get(pk=response.json()["id"])
    assert (certificate.stars, certificate.kind, response.json()["status"]) == (4, "new", "active")
    revoked = api.post(
        f"/api/v1/certificates/{certificate.pk}/revoke/",
        {
            "decision_number": "90/QĐ-UBND",
            "revoked_on": datetime.date.today().isoformat(),
            "ground": "food_safety",
        },
        format="json",
    )
    assert revoked.status_code == 200
    assert revoked.json()["status"] == "revoked"
    again = api.post(
        f"/api/v1/certificates/{certificate.pk}/revoke/",
        {
            "decision_number": "91/QĐ-UBND",
            "revoked_on": datetime.date.today().isoformat(),
            "ground": "food_safety",
        },
        format="json",
    )
    assert again.status_code == 400
    assert again.json() == {"non_field_errors": ["Giấy chứng nhận này đã bị thu hồi."]}


def test_a_two_star_decision_is_refused_with_the_rulebook_message(api, can_tho_officer, can_tho_product):
    response = as_user(api, can_tho_officer).post(
        f"/api/v1/products/{can_tho_product.pk}/certificates/",
        {"stars": 2, "decision_number": "78/QĐ-UBND", "decision_date": datetime.date.today().isoformat()},
        format="json",
    )
    assert response.status_code == 400
    assert not Certificate.objects.filter(product=can_tho_product).exists()


def test_certificates_out_of_scope_are_neither_listed_nor_revocable(
    api, can_tho_officer, can_tho_product, tay_ninh_product
):
    mine, theirs = issue(can_tho_product), issue(tay_ninh_product)
    as_user(api, can_tho_officer)
    assert [row["id"] for row in api.get("/api/v1/certificates/").json()["results"]] == [mine.pk]
    response = api.post(
        f"/api/v1/certificates/{theirs.pk}/revoke/",
        {"decision_number": "1/QĐ", "revoked_on": datetime.date.today().isoformat(), "ground": "stopped"},
        format="json",
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_on is None


def test_the_registry_endpoints_are_in_the_schema_with_their_refusals(api):
    schema = api.get("/api/schema/", {"format": "json"}).json()
    post = schema["paths"]["/api/v1/producers/"]["post"]
    assert {"201", "400", "403"} <= set(post["responses"])
    assert "404" in schema["paths"]["/api/v1/certificates/{id}/revoke/"]["post"]["responses"]
    assert post["summary"] == "Tạo chủ thể (cùng quy tắc với trang tạo chủ thể)"
