"""Where to buy, on the public site: a product's and a producer's running sales channels (records of
`ocop.activities`) and the directory of points of sale and showrooms (điểm giới thiệu và bán sản
phẩm OCOP) with their address today and before 01/07/2025, operator and valid OCOP products."""

import datetime

import pytest
from django.utils import timezone

from conftest import current_province, legacy_province
from ocop.activities import services
from ocop.certification.services import certificate_revoke
from ocop.geo.models import AdminUnit
from ocop.public.tests.conftest import issue
from ocop.registry.tests.factories import ProducerFactory, ProductFactory

pytestmark = pytest.mark.django_db
D = datetime.date
DIRECTORY = "/diem-ban/"


@pytest.fixture
def channels(honey):
    """Mật ong rừng U Minh's producer sells on Shopee (the whole shop) and Lazada (this product's
    listing), in Co.opmart, exports to Japan; a listing that ended and a channel of another product
    of the same producer must not show on the honey's page."""
    producer, product = honey.product.producer, honey.product
    wax = ProductFactory(producer=producer, name="Sáp ong U Minh")
    issue(wax, stars=3, number="124/QĐ-UBND")
    made = {
        "shopee": services.channel_create(
            actor="t",
            producer=producer,
            kind="ecommerce",
            platform="shopee",
            listing_url="https://shopee.vn/ongumin",
        ),
        "lazada": services.channel_create(
            actor="t",
            producer=producer,
            product=product,
            kind="ecommerce",
            platform="lazada",
            listing_url="https://www.lazada.vn/products/mat-ong-u-minh-i1.html",
        ),
        "retail": services.channel_create(
            actor="t", producer=producer, product=product, kind="modern_retail", retailer="Co.opmart"
        ),
        "export": services.channel_create(actor="t", producer=producer, kind="export", country="Nhật Bản"),
        "website": services.channel_create(
            actor="t", producer=producer, kind="website", listing_url="https://www.ongmatuminh.vn/cua-hang"
        ),
        "ended": services.channel_create(
            actor="t",
            producer=producer,
            product=product,
            kind="ecommerce",
            platform="tiki",
            started_on=D(2022, 1, 1),
            ended_on=timezone.localdate() - datetime.timedelta(days=1),
        ),
        "wax": services.channel_create(
            actor="t", producer=producer, product=wax, kind="ecommerce", platform="voso"
        ),
    }
    return made


def test_the_product_page_lists_where_to_buy_it(client, honey, channels, django_assert_max_num_queries):
    with django_assert_max_num_queries(15):
        html = client.get(f"/san-pham/{honey.product.pk}/").content.decode()
    where = html.split("Nơi mua", 1)[1]
    assert "Sàn thương mại điện tử" in where
    assert '<a href="https://shopee.vn/ongumin" rel="nofollow noopener external">Shopee</a>' in where
    assert 'href="https://www.lazada.vn/products/mat-ong-u-minh-i1.html"' in where and ">Lazada</a>" in where
    assert "Co.opmart" in where and "Nhật Bản" in where
    assert '">ongmatuminh.vn</a>' in where
    # E-commerce before the website, modern retail and export, as the reports list them.
    assert (
        where.index("Shopee")
        < where.index("Lazada")
        < where.index("ongmatuminh.vn")
        < where.index("Co.opmart")
    )
    assert where.index("Co.opmart") < where.index("Nhật Bản")
    assert "Tiki" not in where  # ended yesterday
    assert "Voso" not in where  # a listing of the producer's other product
    assert f"{DIRECTORY}?tinh=96" in where
    assert "<script>" not in html


def test_the_producer_page_lists_its_channels_with_the_product_a_listing_names(client, honey, channels):
    html = client.get(f"/chu-the/{honey.product.producer.pk}/").content.decode()
    section = html.split("Kênh bán hàng", 1)[1]
    assert "Shopee" in section and "Voso" in section and "Nhật Bản" in section
    assert 'Lazada</a> <span class="small">(Mật ong rừng U Minh)</span>' in section
    assert 'Voso <span class="small">(Sáp ong U Minh)</span>' in section
    assert "Tiki" not in section


def test_a_product_without_channels_says_where_to_ask(client, honey):
    html = client.get(f"/san-pham/{honey.product.pk}/").content.decode()
    assert "Sàn thương mại điện tử" not in html
    assert "Các điểm giới thiệu và bán sản phẩm OCOP ở Tỉnh Cà Mau" in html
    html = client.get(f"/chu-the/{honey.product.producer.pk}/").content.decode()
    assert "Kênh bán hàng" not in html


@pytest.fixture
def points(honey, ca_mau):
    """In Cà Mau: a point recorded under Bạc Liêu (merged into Cà Mau on 01/07/2025) run by the honey
    cooperative, carrying the honey and a product whose certificate was revoked; a showroom; a closed
    and a planned point. In Cần Thơ: one point."""
    bac_lieu = legacy_province(95)
    district = AdminUnit.objects.filter(scheme="legacy", level="district", parent=bac_lieu).order_by("code")[
        0
    ]
    revoked = ProductFactory(producer=honey.product.producer, name="Mắm cá lóc đã thu hồi")
    certificate_revoke(
        actor="t",
        certificate=issue(revoked, stars=3, number="125/QĐ-UBND"),
        decision_number="9/TH",
        revoked_on=timezone.localdate(),
        ground="stopped",
    )
    never = ProductFactory(producer=honey.product.producer, name="Sản phẩm chưa chứng nhận")
    made = {
        "bac_lieu": services.point_of_sale_create(
            actor="t",
            legacy_province=bac_lieu,
            legacy_district=district,
            name="Điểm giới thiệu và bán sản phẩm OCOP Bạc Liêu",
            address="Số 1 Trần Phú",
            operator="Hợp tác xã Ong mật U Minh",
            operator_producer=honey.product.producer,
            opened_on=D(2023, 5, 19),
            phone="0291 3822 999",
            products=[honey.product, revoked, never],
        ),
        "showroom": services.point_of_sale_create(
            actor="t",
            province=ca_mau,
            name="Trung tâm trưng bày sản phẩm OCOP Cà Mau",
            kind="showroom",
            operator="Sở Nông nghiệp và Môi trường",
            opened_on=D(2024, 1, 2),
        ),
        "closed": services.point_of_sale_create(
            actor="t",
            province=ca_mau,
            name="Quầy OCOP đã đóng",
            status="closed",
            opened_on=D(2020, 1, 1),
            closed_on=D(2022, 1, 1),
        ),
        "planned": services.point_of_sale_create(
            actor="t", province=ca_mau, name="Điểm OCOP đang xây dựng", status="planned"
        ),
        "can_tho": services.point_of_sale_create(
            actor="t", province=current_province(92), name="Điểm bán OCOP Ninh Kiều", opened_on=D(2022, 3, 1)
        ),
    }
    return made, district


def test_the_directory_lists_open_points_with_address_operator_and_products(
    client, honey, points, django_assert_max_num_queries
):
    made, district = points
    # More points with products carried: the page's queries do not grow with them.
    for n in range(6):
        product = ProductFactory(
            name=f"Khô cá bổi {n}", producer=ProducerFactory(province=current_province(96))
        )
        issue(product, stars=3, number=f"{200 + n}/QĐ-UBND")
        services.point_of_sale_create(
            actor="t",
            province=current_province(96),
            name=f"Cửa hàng đặc sản {n}",
            kind="shop",
            operator_producer=product.producer,
            products=[product],
        )
    with django_assert_max_num_queries(15):
        response = client.get(DIRECTORY, {"tinh": 96})
    html = response.content.decode()
    card = html.split(f'id="diem-{made["bac_lieu"].pk}"', 1)[1].split("</li>\n", 1)[0]
    assert "Điểm giới thiệu và bán sản phẩm OCOP Bạc Liêu" in html
    assert "Số 1 Trần Phú" in card and '<a href="/tinh/96/">Tỉnh Cà Mau</a>' in card
    assert f"Trước 01/07/2025: {district.name}, Tỉnh Bạc Liêu" in card
    assert f'<a href="/chu-the/{honey.product.producer.pk}/">Hợp tác xã Ong mật U Minh</a>' in card
    assert 'href="tel:0291 3822 999"' in card and "19/05/2023" in card
    assert f'<a href="/san-pham/{honey.product.pk}/">Mật ong rừng U Minh</a>' in card and "4 sao" in card
    assert "Mắm cá lóc đã thu hồi" not in card and "Sản phẩm chưa chứng nhận" not in card
    assert "Trung tâm trưng bày sản phẩm OCOP Cà Mau" in html and "Sở Nông nghiệp và Môi trường" in html
    assert "Trung tâm, phòng trưng bày sản phẩm OCOP" in html
    assert "Khô cá bổi 5" in html
    assert "Quầy OCOP đã đóng" not in html and "Điểm OCOP đang xây dựng" not in html
    assert "Điểm bán OCOP Ninh Kiều" not in html
    assert "8 điểm đang hoạt động" in html
    assert "<h1>Điểm giới thiệu và bán sản phẩm OCOP ở Tỉnh Cà Mau</h1>" in html
    assert "<script>" not in html


def test_the_directory_filters_by_province_and_kind(client, points):
    html = client.get(DIRECTORY).content.decode()
    assert "Điểm bán OCOP Ninh Kiều" in html and "Trung tâm trưng bày sản phẩm OCOP Cà Mau" in html
    html = client.get(DIRECTORY, {"tinh": 92}).content.decode()
    assert "Điểm bán OCOP Ninh Kiều" in html and "Trung tâm trưng bày sản phẩm OCOP Cà Mau" not in html
    html = client.get(DIRECTORY, {"tinh": 96, "loai": "showroom"}).content.decode()
    assert "Trung tâm trưng bày sản phẩm OCOP Cà Mau" in html
    assert "Điểm giới thiệu và bán sản phẩm OCOP Bạc Liêu" not in html
    assert "1 điểm đang hoạt động" in html


def test_the_product_page_names_the_points_that_carry_it(client, honey, points):
    html = client.get(f"/san-pham/{honey.product.pk}/").content.decode()
    where = html.split("Nơi mua", 1)[1]
    assert "Điểm giới thiệu và bán sản phẩm OCOP Bạc Liêu" in where and "Số 1 Trần Phú" in where
    assert "Trung tâm trưng bày sản phẩm OCOP Cà Mau" not in where  # does not carry the honey


def test_the_directory_is_in_the_navigation_the_province_page_and_the_sitemap(client, points):
    html = client.get("/tra-cuu/").content.decode()
    assert f'<a href="{DIRECTORY}">Điểm bán</a>' in html
    html = client.get("/tinh/96/").content.decode()
    assert f'<a href="{DIRECTORY}?tinh=96">2 điểm giới thiệu và bán sản phẩm OCOP</a>' in html
    xml = client.get("/sitemap.xml").content.decode()
    assert f"{DIRECTORY}</loc>" in xml
    assert f"{DIRECTORY}?tinh=96</loc>" in xml and f"{DIRECTORY}?tinh=92</loc>" in xml
    assert f"{DIRECTORY}?tinh=80</loc>" not in xml
