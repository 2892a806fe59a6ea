"""Producer and product pages over HTTP, with the shared personas."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import legacy_province
from ocop.certification.services import certificate_issue
from ocop.core.models import AuditEntry
from ocop.geo.models import AdminUnit
from ocop.registry.models import Producer, ProducerType, Product
from ocop.registry.tests.factories import ProducerFactory, ProductFactory
from ocop.rules.models import ProductGroup

pytestmark = pytest.mark.django_db

VALID_TAX_CODE = "0100233488"
INVALID_TAX_CODE = "0100233481"


def producer_in(province, **fields):
    commune = AdminUnit.objects.filter(scheme="current", level="commune", province=province).order_by("code")[
        0
    ]
    return ProducerFactory(province=province, commune=commune, **fields)


def issue(product, stars=4, number="15/QĐ-UBND", date=None):
    return certificate_issue(
        actor="test",
        product=product,
        stars=stars,
        decision_number=number,
        decision_date=date or timezone.localdate() - datetime.timedelta(days=30),
    )


@pytest.fixture
def can_tho_producer(can_tho):
    return producer_in(can_tho, name="Hợp tác xã Bánh pía Vĩnh Châu")


@pytest.fixture
def tay_ninh_producer(tay_ninh):
    return producer_in(tay_ninh, name="Hợp tác xã Mãng cầu Bà Đen")


@pytest.fixture
def can_tho_product(can_tho_producer):
    return ProductFactory(producer=can_tho_producer, name="Bánh pía sầu riêng")


def get(client, user, url, **params):
    if user is not None:
        client.force_login(user)
    return client.get(url, params)


# --- Producer list -------------------------------------------------------------------------------


def test_a_province_officer_sees_the_producers_of_their_province_only(
    client, can_tho_officer, can_tho_producer, tay_ninh_producer
):
    response = get(client, can_tho_officer, reverse("registry:producer_list"))
    assert response.status_code == 200
    assert "Bánh pía Vĩnh Châu" in response.text
    assert "Mãng cầu Bà Đen" not in response.text


def test_a_central_officer_sees_producers_of_every_province(
    client, central_officer, can_tho_producer, tay_ninh_producer
):
    response = get(client, central_officer, reverse("registry:producer_list"))
    assert "Bánh pía Vĩnh Châu" in response.text
    assert "Mãng cầu Bà Đen" in response.text


def test_a_commune_officer_sees_only_the_producers_of_their_commune(
    client, can_tho, can_tho_commune, can_tho_commune_officer
):
    ProducerFactory(province=can_tho, commune=can_tho_commune, name="Cơ sở Mắm cá linh")
    other_commune = (
        AdminUnit.objects.filter(scheme="current", level="commune", province=can_tho)
        .exclude(pk=can_tho_commune.pk)
        .first()
    )
    ProducerFactory(province=can_tho, commune=other_commune, name="Cơ sở Lạp xưởng")
    response = get(client, can_tho_commune_officer, reverse("registry:producer_list"))
    assert "Mắm cá linh" in response.text
    assert "Lạp xưởng" not in response.text


@pytest.mark.parametrize("persona", ["outsider", "council_member", "producer_user"])
def test_users_without_the_registry_capability_are_refused_the_lists(client, persona, request):
    client.force_login(request.getfixturevalue(persona))
    for name in ["registry:producer_list", "registry:product_list", "certification:certificate_list"]:
        assert client.get(reverse(name)).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in_from_every_registry_page(client, can_tho_product):
    urls = [
        reverse("registry:producer_list"),
        reverse("registry:producer_create"),
        reverse("registry:producer_detail", args=[can_tho_product.producer_id]),
        reverse("registry:producer_update", args=[can_tho_product.producer_id]),
        reverse("registry:product_list"),
        reverse("registry:product_create"),
        reverse("registry:product_detail", args=[can_tho_product.pk]),
        reverse("registry:product_update", args=[can_tho_product.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("accounts:login")), url


def test_searching_without_diacritics_finds_the_producer(client, can_tho_officer, can_tho):
    producer_in(can_tho, name="Cơ sở Bánh pía Tân Huê Viên")
    producer_in(can_tho, name="Hợp tác xã Gạo ST25")
    response = get(client, can_tho_officer, reverse("registry:producer_list"), q="banh pia")
    assert "Tân Huê Viên" in response.text
    assert "Gạo ST25" not in response.text
    assert 'value="banh pia"' in response.text


def test_a_producer_of_legacy_soc_trang_is_found_in_either_scheme(client, central_officer, can_tho, tay_ninh):
    producer_in(can_tho, name="Hợp tác xã Hành tím Vĩnh Châu", legacy_province=legacy_province(94))
    producer_in(tay_ninh, name="Hợp tác xã Thanh long Châu Thành")
    url = reverse("registry:producer_list")
    legacy = get(client, central_officer, url, scheme="legacy", unit="94")
    assert "Hành tím Vĩnh Châu" in legacy.text
    assert "Thanh long" not in legacy.text
    assert "Tỉnh Sóc Trăng (cũ)" in legacy.text
    current = get(client, None, url, scheme="current", unit="92")
    assert "Hành tím Vĩnh Châu" in current.text
    assert "Thanh long" not in current.text


def test_producers_are_listed_in_vietnamese_alphabetical_order(client, can_tho_officer, can_tho):
    for name in ["Cơ sở Yến sào", "Cơ sở Đường thốt nốt", "Cơ sở Bánh tét", "Cơ sở Bạc hà"]:
        producer_in(can_tho, name=name)
    text = get(client, can_tho_officer, reverse("registry:producer_list")).text
    positions = [text.index(n) for n in ["Bạc hà", "Bánh tét", "Đường thốt nốt", "Yến sào"]]
    assert positions == sorted(positions)


def test_the_producer_list_filters_by_type_and_women_led(client, can_tho_officer, can_tho):
    producer_in(
        can_tho, name="Doanh nghiệp Trà Phú Hữu", producer_type=ProducerType.ENTERPRISE, women_led=True
    )
    producer_in(can_tho, name="Hợp tác xã Cam Phong Điền")
    url = reverse("registry:producer_list")
    response = get(client, can_tho_officer, url, producer_type="enterprise", women="1")
    assert "Trà Phú Hữu" in response.text
    assert "Cam Phong Điền" not in response.text


def test_the_producer_list_counts_products_and_those_with_a_valid_certificate(
    client, can_tho_officer, can_tho_producer
):
    certified = ProductFactory(producer=can_tho_producer)
    ProductFactory(producer=can_tho_producer)
    issue(certified)
    response = get(client, can_tho_officer, reverse("registry:producer_list"))
    row = response.text.split("Bánh pía Vĩnh Châu", 1)[1].split("</tr>", 1)[0]
    assert '<td class="num" data-label="Sản phẩm">2</td>' in row
    assert '<td class="num" data-label="Còn hiệu lực">1</td>' in row


def test_the_producer_list_shows_50_a_page(client, can_tho_officer, can_tho):
    for n in range(52):
        producer_in(can_tho, name=f"Cơ sở số {n:02d}")
    first = get(client, can_tho_officer, reverse("registry:producer_list"))
    cell = '<td data-label="Tên chủ thể"><a href="/registry/producers/'
    assert first.text.count(cell) == 50
    second = client.get(reverse("registry:producer_list"), {"page": 2})
    assert second.text.count(cell) == 2


# --- Producer detail -----------------------------------------------------------------------------


def test_the_producer_page_shows_its_products_with_current_stars_and_history(
    client, can_tho_officer, can_tho_product
):
    issue(can_tho_product, stars=4)
    response = get(
        client, can_tho_officer, reverse("registry:producer_detail", args=[can_tho_product.producer_id])
    )
    assert response.status_code == 200
    assert "Bánh pía sầu riêng" in response.text
    assert "★★★★" in response.text
    assert "Lịch sử thao tác" in response.text
    assert "Sửa thông tin" in response.text


def test_a_producer_outside_the_officers_province_is_not_found(client, tay_ninh_officer, can_tho_producer):
    response = get(client, tay_ninh_officer, reverse("registry:producer_detail", args=[can_tho_producer.pk]))
    assert response.status_code == 404


def test_a_commune_officer_reads_a_producer_page_without_edit_buttons(
    client, can_tho_commune_officer, can_tho_producer
):
    response = get(
        client, can_tho_commune_officer, reverse("registry:producer_detail", args=[can_tho_producer.pk])
    )
    assert response.status_code == 200
    assert "Sửa thông tin" not in response.text


# --- Producer create and edit --------------------------------------------------------------------


def producer_post(can_tho, **overrides):
    commune = AdminUnit.objects.filter(scheme="current", level="commune", province=can_tho).order_by("code")[
        0
    ]
    data = {
        "name": "Hợp tác xã Dừa sáp Cầu Kè",
        "producer_type": "cooperative",
        "tax_code": VALID_TAX_CODE,
        "representative": "Trần Thị Mai",
        "phone": "0292 3812 345",
        "email": "",
        "address": "Ấp 3",
        "province": can_tho.pk,
        "commune": commune.pk,
        "legacy_province": legacy_province(94).pk,
        "legacy_district_code": "",
        "legacy_commune_code": "",
        "women_led": "on",
    }
    data.update(overrides)
    return data


def test_a_province_officer_creates_a_producer_and_the_creation_is_audited(client, can_tho_officer, can_tho):
    client.force_login(can_tho_officer)
    response = client.post(reverse("registry:producer_create"), producer_post(can_tho))
    producer = Producer.objects.get(name="Hợp tác xã Dừa sáp Cầu Kè")
    assert response.status_code == 302
    assert response.url == reverse("registry:producer_detail", args=[producer.pk])
    assert producer.women_led and producer.tax_code == VALID_TAX_CODE
    assert producer.legacy_province.code == 94
    assert AuditEntry.objects.filter(action="registry.producer_create", object_id=str(producer.pk)).exists()


def test_a_rejected_producer_keeps_what_was_typed_and_says_why(client, can_tho_officer, can_tho):
    client.force_login(can_tho_officer)
    response = client.post(
        reverse("registry:producer_create"), producer_post(can_tho, tax_code=INVALID_TAX_CODE)
    )
    assert response.status_code == 200
    assert f"Mã số thuế {INVALID_TAX_CODE} không hợp lệ" in response.text
    assert 'value="Hợp tác xã Dừa sáp Cầu Kè"' in response.text
    assert 'value="Trần Thị Mai"' in response.text
    assert not Producer.objects.filter(name="Hợp tác xã Dừa sáp Cầu Kè").exists()


def test_a_likely_duplicate_is_shown_and_can_be_created_anyway(client, can_tho_officer, can_tho):
    existing = producer_in(can_tho, name="Hợp tác xã Khác", tax_code=VALID_TAX_CODE)
    client.force_login(can_tho_officer)
    url = reverse("registry:producer_create")
    warned = client.post(url, producer_post(can_tho))
    assert warned.status_code == 200
    assert "Có thể trùng với chủ thể đã có" in warned.text
    assert reverse("registry:producer_detail", args=[existing.pk]) in warned.text
    assert "Vẫn tạo chủ thể mới" in warned.text
    assert Producer.objects.filter(tax_code=VALID_TAX_CODE).count() == 1
    forced = client.post(url, producer_post(can_tho, allow_duplicate="on"))
    assert forced.status_code == 302
    assert Producer.objects.filter(tax_code=VALID_TAX_CODE).count() == 2


def test_an_officer_cannot_create_a_producer_in_another_province(client, can_tho_officer, tay_ninh):
    client.force_login(can_tho_officer)
    data = producer_post(tay_ninh, legacy_province="")
    response = client.post(reverse("registry:producer_create"), data)
    assert response.status_code == 200
    assert not Producer.objects.filter(name="Hợp tác xã Dừa sáp Cầu Kè").exists()


def test_an_officer_edits_a_producer_through_the_service(client, can_tho_officer, can_tho_producer, can_tho):
    client.force_login(can_tho_officer)
    url = reverse("registry:producer_update", args=[can_tho_producer.pk])
    form = client.get(url)
    assert 'value="Hợp tác xã Bánh pía Vĩnh Châu"' in form.text
    data = producer_post(can_tho, name="Hợp tác xã Bánh pía Vĩnh Châu mới", tax_code="")
    response = client.post(url, data)
    assert response.status_code == 302
    can_tho_producer.refresh_from_db()
    assert can_tho_producer.name == "Hợp tác xã Bánh pía Vĩnh Châu mới"
    assert AuditEntry.objects.filter(
        action="registry.producer_update", object_id=str(can_tho_producer.pk)
    ).exists()


def test_a_rejected_edit_shows_the_service_error(client, can_tho_officer, can_tho_producer, can_tho):
    client.force_login(can_tho_officer)
    url = reverse("registry:producer_update", args=[can_tho_producer.pk])
    response = client.post(url, producer_post(can_tho, is_sme="on"))
    assert response.status_code == 200
    assert "Chỉ doanh nghiệp mới được đánh dấu" in response.text
    can_tho_producer.refresh_from_db()
    assert can_tho_producer.name == "Hợp tác xã Bánh pía Vĩnh Châu"


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("can_tho_officer", 200),
        ("system_admin", 200),
        ("central_officer", 403),
        ("can_tho_commune_officer", 403),
        ("tay_ninh_officer", 404),
        ("outsider", 403),
    ],
)
def test_who_may_open_the_producer_edit_page(client, request, can_tho_producer, persona, expected):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("registry:producer_update", args=[can_tho_producer.pk])).status_code == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("can_tho_officer", 200),
        ("central_officer", 403),
        ("can_tho_commune_officer", 403),
        ("council_member", 403),
        ("outsider", 403),
    ],
)
def test_who_may_open_the_create_pages(client, request, persona, expected):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("registry:producer_create")).status_code == expected
    assert client.get(reverse("registry:product_create")).status_code == expected


# --- Products ------------------------------------------------------------------------------------


def test_the_product_list_is_scoped_and_searchable_without_diacritics(
    client, can_tho_officer, can_tho_producer, tay_ninh_producer
):
    ProductFactory(producer=can_tho_producer, name="Bánh pía đậu xanh")
    ProductFactory(producer=can_tho_producer, name="Kẹo dừa")
    ProductFactory(producer=tay_ninh_producer, name="Bánh pía Tây Ninh")
    response = get(client, can_tho_officer, reverse("registry:product_list"), q="banh pia dau xanh")
    assert "Bánh pía đậu xanh" in response.text
    assert "Kẹo dừa" not in response.text
    assert "Bánh pía Tây Ninh" not in response.text
    # The search also reads the producer's name: the candy of the "Bánh pía" cooperative is found.
    response = get(client, can_tho_officer, reverse("registry:product_list"), q="banh pia")
    assert "Kẹo dừa" in response.text
    assert "Bánh pía Tây Ninh" not in response.text


def test_the_product_list_filters_by_current_stars_and_certificate_status(
    client, can_tho_officer, can_tho_producer
):
    four = ProductFactory(producer=can_tho_producer, name="Mật ong U Minh")
    three = ProductFactory(producer=can_tho_producer, name="Khô cá lóc")
    ProductFactory(producer=can_tho_producer, name="Nước mắm Cần Thơ")
    issue(four, stars=4)
    issue(three, stars=3)
    url = reverse("registry:product_list")
    client.force_login(can_tho_officer)
    by_stars = client.get(url, {"stars": "4"})
    assert "Mật ong U Minh" in by_stars.text and "Khô cá lóc" not in by_stars.text
    active = client.get(url, {"status": "active"})
    assert "Mật ong U Minh" in active.text and "Khô cá lóc" in active.text
    assert "Nước mắm Cần Thơ" not in active.text
    assert "★★★★" in by_stars.text and "Còn hiệu lực" in by_stars.text


def test_the_product_list_filters_by_group_and_links_the_exports_with_the_same_filters(
    client, can_tho_officer, can_tho_producer
):
    drink = ProductGroup.objects.get(taxonomy__code="148", code="drink")
    ProductFactory(producer=can_tho_producer, name="Rượu nếp Phong Điền", group=drink)
    ProductFactory(producer=can_tho_producer, name="Bánh tráng")
    response = get(client, can_tho_officer, reverse("registry:product_list"), group="drink", q="ruou")
    assert "Rượu nếp Phong Điền" in response.text and "Bánh tráng" not in response.text
    assert "/imports/export/products.xlsx?group=drink&amp;q=ruou" in response.text
    assert "/imports/export/products.csv?group=drink&amp;q=ruou" in response.text


def test_the_product_page_shows_current_stars_and_certificate_history(
    client, can_tho_officer, can_tho_product
):
    today = timezone.localdate()
    issue(can_tho_product, stars=3, number="1/QĐ-UBND", date=today.replace(year=today.year - 2))
    issue(can_tho_product, stars=4, number="2/QĐ-UBND")
    response = get(client, can_tho_officer, reverse("registry:product_detail", args=[can_tho_product.pk]))
    assert response.status_code == 200
    assert "Nâng hạng" in response.text and "Công nhận mới" in response.text
    assert "Đã được thay thế" in response.text
    assert "Ghi nhận quyết định công nhận" in response.text
    assert "Lịch sử thao tác" in response.text


def test_an_officer_creates_and_edits_a_product(client, can_tho_officer, can_tho_producer):
    client.force_login(can_tho_officer)
    food = ProductGroup.objects.get(taxonomy__code="148", code="food")
    data = {"name": "Bánh pía môn", "producer": can_tho_producer.pk, "group": food.pk, "status": "active"}
    response = client.post(reverse("registry:product_create"), data)
    product = Product.objects.get(name="Bánh pía môn")
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="registry.product_create", object_id=str(product.pk)).exists()
    response = client.post(
        reverse("registry:product_update", args=[product.pk]), {**data, "name": "Bánh pía môn trứng"}
    )
    assert response.status_code == 302
    product.refresh_from_db()
    assert product.name == "Bánh pía môn trứng"


def test_a_second_product_with_the_same_name_is_refused_with_the_service_message(
    client, can_tho_officer, can_tho_product
):
    client.force_login(can_tho_officer)
    data = {
        "name": "banh pia sau rieng",
        "producer": can_tho_product.producer_id,
        "group": can_tho_product.group_id,
    }
    data["status"] = "active"
    response = client.post(reverse("registry:product_create"), data)
    assert response.status_code == 200
    assert "Chủ thể này đã có sản phẩm cùng tên." in response.text
    assert 'value="banh pia sau rieng"' in response.text


@pytest.mark.parametrize(
    ("persona", "detail", "edit"),
    [
        ("can_tho_officer", 200, 200),
        ("central_officer", 200, 403),
        ("can_tho_commune_officer", 200, 403),
        ("tay_ninh_officer", 404, 404),
        ("outsider", 403, 403),
    ],
)
def test_who_may_read_and_edit_a_product(client, request, can_tho, can_tho_commune, persona, detail, edit):
    product = ProductFactory(producer=ProducerFactory(province=can_tho, commune=can_tho_commune))
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("registry:product_detail", args=[product.pk])).status_code == detail
    assert client.get(reverse("registry:product_update", args=[product.pk])).status_code == edit


def test_a_system_administrator_browses_producers_products_and_certificates_in_the_admin(
    client, system_admin, can_tho_product
):
    issue(can_tho_product)
    client.force_login(system_admin)
    assert can_tho_product.producer.name in client.get(reverse("admin:registry_producer_changelist")).text
    assert can_tho_product.name in client.get(reverse("admin:registry_product_changelist")).text
    change = client.get(reverse("admin:registry_product_change", args=[can_tho_product.pk]))
    assert change.status_code == 200 and can_tho_product.name in change.text
    certificate = can_tho_product.certificates.get()
    certificates = client.get(reverse("admin:certification_certificate_changelist"))
    assert certificate.decision_number in certificates.text
    assert client.get(reverse("admin:registry_producer_add")).status_code == 403
