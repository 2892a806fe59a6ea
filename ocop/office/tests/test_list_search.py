"""The officials' lists find rows by what people type: producer names and places on the product
list, tax codes on the producer list, decision numbers on the certificate list; and the scheme
selector shows the scheme the list is in."""

import datetime

import pytest
from django.urls import reverse

from ocop.certification.services import certificate_issue
from ocop.geo.models import AdminUnit
from ocop.registry.tests.factories import ProducerFactory, ProductFactory

pytestmark = pytest.mark.django_db

TAX_CODE = "0100233488"


@pytest.fixture
def honey(can_tho):
    producer = ProducerFactory(
        province=can_tho,
        commune=AdminUnit.objects.filter(scheme="current", level="commune", province=can_tho).order_by(
            "code"
        )[0],
        name="Hợp tác xã Ong mật Vĩnh Châu",
        tax_code=TAX_CODE,
    )
    return ProductFactory(producer=producer, name="Mật ong hoa tràm")


@pytest.fixture
def other(can_tho):
    producer = ProducerFactory(
        province=can_tho,
        commune=AdminUnit.objects.filter(scheme="current", level="commune", province=can_tho).order_by(
            "-code"
        )[0],
        name="Cơ sở Bánh tráng Thuận Hưng",
        tax_code="",
    )
    return ProductFactory(producer=producer, name="Bánh tráng sữa")


def rows(response):
    return response.text.split("<tbody>", 1)[1].split("</tbody>", 1)[0] if "<tbody>" in response.text else ""


def test_the_product_list_finds_products_by_their_producers_name_without_diacritics(
    client, can_tho_officer, honey, other
):
    client.force_login(can_tho_officer)
    body = rows(client.get(reverse("registry:product_list"), {"q": "ong mat vinh chau"}))
    assert "Mật ong hoa tràm" in body
    assert "Bánh tráng sữa" not in body


def test_the_product_list_finds_products_by_their_producers_commune(client, can_tho_officer, honey, other):
    client.force_login(can_tho_officer)
    commune = other.producer.commune
    body = rows(client.get(reverse("registry:product_list"), {"q": commune.bare_name}))
    assert "Bánh tráng sữa" in body
    assert "Mật ong hoa tràm" not in body


def test_the_producer_list_finds_a_producer_by_tax_code_typed_with_spaces(
    client, can_tho_officer, honey, other
):
    client.force_login(can_tho_officer)
    body = rows(client.get(reverse("registry:producer_list"), {"q": "0100 233 488"}))
    assert "Ong mật Vĩnh Châu" in body
    assert "Bánh tráng Thuận Hưng" not in body


def test_the_certificate_list_finds_a_certificate_by_its_decision_number_typed_without_the_d_stroke(
    client, can_tho_officer, honey, other
):
    for product, number in ((honey, "1234/QĐ-UBND"), (other, "77/QĐ-UBND")):
        certificate_issue(
            actor="test",
            product=product,
            stars=4,
            decision_number=number,
            decision_date=datetime.date(2025, 9, 1),
        )
    client.force_login(can_tho_officer)
    body = rows(client.get(reverse("certification:certificate_list"), {"q": "1234/qd-ubnd"}))
    assert "Mật ong hoa tràm" in body
    assert "Bánh tráng sữa" not in body
    body = rows(client.get(reverse("certification:certificate_list"), {"q": "banh trang"}))
    assert "Bánh tráng sữa" in body and "Mật ong hoa tràm" not in body


@pytest.mark.parametrize(
    "url_name", ["registry:product_list", "registry:producer_list", "certification:certificate_list"]
)
def test_the_scheme_selector_shows_the_current_scheme_when_the_list_is_in_it(
    client, can_tho_officer, url_name
):
    client.force_login(can_tho_officer)
    for params in ({}, {"q": "mat ong"}):
        html = client.get(reverse(url_name), params).text
        select = html.split('name="scheme"', 1)[1].split("</select>", 1)[0]
        first_option = select.split("<option", 2)[1]
        assert 'value="current"' in first_option
        assert 'value="legacy" selected' not in select


def test_products_of_a_commune_created_at_the_reform_appear_under_its_legacy_province(
    client, tay_ninh_officer, tay_ninh
):
    """Xã Bến Cầu was formed in 2025 from communes of Tây Ninh (cũ) only: its producers count there."""
    ben_cau = AdminUnit.objects.get(scheme="current", level="commune", province=tay_ninh, bare_name="ben cau")
    legacy = {s.legacy.province for s in ben_cau.predecessions.select_related("legacy__province")}
    assert len(legacy) == 1 and legacy.pop().code == 72
    producer = ProducerFactory(province=tay_ninh, commune=ben_cau, name="Hợp tác xã Bến Cầu")
    ProductFactory(producer=producer, name="Bánh tráng phơi sương Bến Cầu")
    assert producer.legacy_province.code == 72
    client.force_login(tay_ninh_officer)
    body = rows(client.get(reverse("registry:product_list"), {"scheme": "legacy", "unit": "72"}))
    assert "Bánh tráng phơi sương Bến Cầu" in body
    body = rows(client.get(reverse("registry:product_list"), {"scheme": "legacy", "unit": "80"}))
    assert "Bánh tráng phơi sương Bến Cầu" not in body
