"""A producer's own area: their producer, products and certificates with what to do next — and
nothing of another producer."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from ocop.accounts.models import Role
from ocop.accounts.services import role_grant
from ocop.accounts.tests.factories import UserFactory
from ocop.certification.services import certificate_issue
from ocop.registry.tests.factories import ProducerFactory, ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_producer(can_tho):
    return ProducerFactory(province=can_tho, name="Hợp tác xã Bánh pía Vĩnh Châu", tax_code="0100233488")


@pytest.fixture
def other_producer(tay_ninh):
    return ProducerFactory(province=tay_ninh, name="Hợp tác xã Mãng cầu Bà Đen")


@pytest.fixture
def owner(own_producer):
    user = UserFactory(username="chu-the-vinh-chau", full_name="Võ Thị Kim Ngân")
    role_grant(actor=None, user=user, role=Role.PRODUCER, scope_obj=own_producer)
    return user


def issue(product, *, days_ago: int, number: str):
    return certificate_issue(
        actor="test",
        product=product,
        stars=4,
        decision_number=number,
        decision_date=timezone.localdate() - datetime.timedelta(days=days_ago),
    )


@pytest.fixture
def products(own_producer, other_producer):
    fresh = ProductFactory(producer=own_producer, name="Bánh pía sầu riêng")
    issue(fresh, days_ago=30, number="11/QĐ-UBND")
    ageing = ProductFactory(producer=own_producer, name="Bánh pía đậu xanh")
    # 36 months of validity: decided 36 months less ten days ago, it expires in about ten days.
    ageing_certificate = issue(ageing, days_ago=3 * 365 - 10, number="22/QĐ-UBND")
    new = ProductFactory(producer=own_producer, name="Lạp xưởng tươi")
    foreign = ProductFactory(producer=other_producer, name="Mãng cầu sấy dẻo")
    issue(foreign, days_ago=30, number="33/QĐ-UBND")
    return {
        "fresh": fresh,
        "ageing": ageing,
        "ageing_certificate": ageing_certificate,
        "new": new,
        "foreign": foreign,
    }


def test_a_producer_sees_their_own_products_with_expiry_dates_and_what_to_do_next(client, owner, products):
    client.force_login(owner)
    html = client.get(reverse("portal:my_producer")).text
    assert "Hợp tác xã Bánh pía Vĩnh Châu" in html
    assert "Bánh pía sầu riêng" in html and "Bánh pía đậu xanh" in html and "Lạp xưởng tươi" in html
    valid_until = products["ageing_certificate"].valid_until
    assert f"{valid_until:%d/%m/%Y}" in html
    assert "Nộp hồ sơ đánh giá lại" in html  # the expiring certificate's advice
    assert "Sản phẩm chưa được công nhận OCOP" in html  # the product without a certificate
    assert "Việc cần làm" in html


def test_a_producer_sees_nothing_of_another_producer(client, owner, products, other_producer):
    client.force_login(owner)
    html = client.get(reverse("portal:my_producer")).text
    assert "Mãng cầu" not in html
    assert client.get(reverse("portal:my_producer_detail", args=[other_producer.pk])).status_code == 404
    response = client.get(reverse("portal:my_product", args=[products["foreign"].pk]))
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.text


def test_a_producer_opens_their_products_certificate_history(client, owner, products):
    client.force_login(owner)
    html = client.get(reverse("portal:my_product", args=[products["ageing"].pk])).text
    assert "Bánh pía đậu xanh" in html
    assert "22/QĐ-UBND" in html
    assert "Sắp hết hạn" in html


def test_a_producer_role_not_yet_linked_to_a_producer_is_told_so_on_the_home_page(client, producer_user):
    client.force_login(producer_user)
    html = client.get(reverse("portal:home")).text
    assert "Chủ thể OCOP" in html and "Chưa gắn đối tượng" in html
    assert "chưa được gắn với chủ thể OCOP nào" in html
    assert reverse("portal:my_producer") not in html


def test_the_producers_home_page_shows_their_products_and_what_needs_doing(client, owner, products):
    client.force_login(owner)
    html = client.get(reverse("portal:home")).text
    assert "Chủ thể của tôi" in html
    assert reverse("portal:my_product", args=[products["ageing"].pk]) in html
    assert "Mãng cầu" not in html


def test_officials_cannot_open_the_producers_area(client, can_tho_officer):
    client.force_login(can_tho_officer)
    assert client.get(reverse("portal:my_producer")).status_code == 403


def test_a_producer_sees_its_sales_channels_and_where_to_keep_them(
    client, owner, own_producer, other_producer
):
    from ocop.activities import services

    services.channel_create(
        actor="test",
        producer=own_producer,
        kind="ecommerce",
        platform="shopee",
        listing_url="https://shopee.vn/banhpiavinhchau",
    )
    services.channel_create(actor="test", producer=other_producer, kind="modern_retail", retailer="WinMart")
    client.force_login(owner)
    html = client.get(reverse("portal:my_producer")).content.decode()
    section = html.split('id="channels-title"', 1)[1].split("</section>", 1)[0]
    assert "Sàn thương mại điện tử: " in section and 'href="https://shopee.vn/banhpiavinhchau"' in section
    assert "WinMart" not in section
    assert f'href="{reverse("activities:channels_create")}"' in section
    assert f'href="{reverse("activities:channels_list")}"' in section
