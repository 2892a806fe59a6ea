"""One point of sale on the public site (/diem-ban/<pk>/) and the public API of points of sale
(/api/v1/public/points-of-sale/): the same open points as the directory, the same valid OCOP
products with their stars, the address today and before 01/07/2025, and what a closed point says."""

import datetime
import re

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
API = "/api/v1/public/points-of-sale/"


def page(pk):
    return f"/diem-ban/{pk}/"


@pytest.fixture
def shelf(honey):
    """Products on a shelf in Cà Mau: the honey (4 stars, valid), a product whose certificate
    expired, one whose certificate was revoked today, one never certified."""
    producer = honey.product.producer
    expired = ProductFactory(producer=producer, name="Khô cá sặc hết hạn")
    issue(expired, stars=5, number="50/QĐ-UBND", date=timezone.localdate() - datetime.timedelta(days=4 * 366))
    revoked = ProductFactory(producer=producer, name="Mắm cá lóc đã thu hồi")
    certificate_revoke(
        actor="t",
        certificate=issue(revoked, stars=3, number="125/QĐ-UBND"),
        decision_number="9/TH",
        revoked_on=timezone.localdate(),
        ground="stopped",
    )
    never = ProductFactory(producer=producer, name="Sản phẩm chưa chứng nhận")
    return {"honey": honey.product, "expired": expired, "revoked": revoked, "never": never}


@pytest.fixture
def points(honey, ca_mau, shelf):
    """In Cà Mau: a point recorded under Bạc Liêu (merged into Cà Mau on 01/07/2025) run by the honey
    cooperative, carrying the whole shelf; a showroom run by a producer without a public page; a
    point closed in 2022, one whose closing date was yesterday, a planned one. In Cần Thơ: one."""
    bac_lieu = legacy_province(95)
    district = AdminUnit.objects.filter(scheme="legacy", level="district", parent=bac_lieu).order_by("code")[
        0
    ]
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
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
            products=list(shelf.values()),
        ),
        "showroom": services.point_of_sale_create(
            actor="t",
            province=ca_mau,
            name="Trung tâm trưng bày sản phẩm OCOP Cà Mau",
            kind="showroom",
            operator_producer=ProducerFactory(name="Công ty chưa có sản phẩm OCOP", province=ca_mau),
            opened_on=D(2024, 1, 2),
        ),
        "closed": services.point_of_sale_create(
            actor="t",
            province=ca_mau,
            name="Quầy OCOP đã đóng",
            address="Số 9 Lý Thường Kiệt",
            status="closed",
            opened_on=D(2020, 1, 1),
            closed_on=D(2022, 1, 1),
            phone="0290 111 222",
            products=[shelf["honey"]],
        ),
        "ended": services.point_of_sale_create(
            actor="t",
            province=ca_mau,
            name="Quầy OCOP đóng hôm qua",
            opened_on=D(2021, 1, 1),
            closed_on=yesterday,
            products=[shelf["honey"]],
        ),
        "planned": services.point_of_sale_create(
            actor="t", province=ca_mau, name="Điểm OCOP đang xây dựng", status="planned"
        ),
        "can_tho": services.point_of_sale_create(
            actor="t", province=current_province(92), name="Điểm bán OCOP Ninh Kiều", opened_on=D(2022, 3, 1)
        ),
    }
    return made, district


def products_on(html: str) -> dict[int, str]:
    """Product id → the stars text beside it, in the page's list of products carried."""
    return {
        int(pk): stars
        for pk, stars in re.findall(
            r'<a href="/san-pham/(\d+)/">[^<]*</a> <span class="stars"><span aria-hidden="true">★+</span> '
            r"(\d sao)</span>",
            html,
        )
    }


def test_the_point_page_shows_addresses_operator_and_only_valid_products_with_stars(
    client, honey, shelf, points, django_assert_max_num_queries
):
    made, district = points
    point = made["bac_lieu"]
    # More products carried: the page's queries do not grow with them.
    for n in range(6):
        product = ProductFactory(
            name=f"Khô cá bổi {n}", producer=ProducerFactory(province=current_province(96))
        )
        issue(product, stars=3, number=f"{200 + n}/QĐ-UBND")
        point.products.add(product)
    with django_assert_max_num_queries(15):
        response = client.get(page(point.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Điểm giới thiệu và bán sản phẩm OCOP Bạc Liêu</h1>" in html
    assert "Điểm giới thiệu và bán sản phẩm OCOP</span>" in html  # the kind
    assert "<dd>Đang hoạt động</dd>" in html
    assert "Số 1 Trần Phú" in html and '<a href="/tinh/96/">Tỉnh Cà Mau</a>' in html
    assert f"Trước 01/07/2025: {district.name}, Tỉnh Bạc Liêu" in html
    assert f'<a href="/chu-the/{honey.product.producer.pk}/">Hợp tác xã Ong mật U Minh</a>' in html
    assert 'href="tel:0291 3822 999"' in html and "19/05/2023" in html
    carried = products_on(html)
    assert carried[shelf["honey"].pk] == "4 sao"
    assert len(carried) == 7
    for gone in ("expired", "revoked", "never"):
        assert shelf[gone].pk not in carried
        assert shelf[gone].name not in html
    assert "<title>Điểm giới thiệu và bán sản phẩm OCOP Bạc Liêu — Tỉnh Cà Mau · OCOP</title>" in html
    assert '<meta property="og:title" content="Điểm giới thiệu và bán sản phẩm OCOP Bạc Liêu">' in html
    assert '<meta property="og:url" content="http://testserver/diem-ban/' in html
    assert "7 sản phẩm OCOP bày bán" in html  # in the description
    assert 'name="robots"' not in html
    assert "<script>" not in html


def test_an_operator_without_a_public_page_is_named_not_linked(client, points):
    made, _ = points
    html = client.get(page(made["showroom"].pk)).content.decode()
    assert "Công ty chưa có sản phẩm OCOP" in html
    assert "/chu-the/" not in html
    assert "Chưa có sản phẩm OCOP còn hiệu lực" in html


def test_a_closed_point_says_it_has_closed_and_a_planned_one_is_not_found(client, points):
    made, _ = points
    response = client.get(page(made["closed"].pk))
    assert response.status_code == 410
    html = response.content.decode()
    assert "Điểm này đã ngừng hoạt động" in html and "Ngừng hoạt động từ ngày 01/01/2022." in html
    assert "Số 9 Lý Thường Kiệt" in html
    assert "Mật ong rừng U Minh" not in html and "0290 111 222" not in html
    assert '<a href="/diem-ban/?tinh=96">' in html  # the province's open points instead
    assert '<meta name="robots" content="noindex">' in html
    # Closed yesterday: closed today, as the directory says.
    response = client.get(page(made["ended"].pk))
    assert response.status_code == 410 and "Mật ong rừng U Minh" not in response.content.decode()
    for missing in (made["planned"].pk, 999999):
        response = client.get(page(missing))
        assert response.status_code == 404
        assert "Không tìm thấy trang" in response.content.decode()


def test_the_directory_the_product_page_and_the_sitemap_link_the_point_pages(client, honey, points):
    made, _ = points
    html = client.get("/diem-ban/", {"tinh": 96}).content.decode()
    assert (
        f'<a href="/diem-ban/{made["bac_lieu"].pk}/">Điểm giới thiệu và bán sản phẩm OCOP Bạc Liêu</a>'
        in html
    )
    html = client.get(f"/san-pham/{honey.product.pk}/").content.decode()
    where = html.split("Nơi mua", 1)[1]
    assert (
        f'<a href="/diem-ban/{made["bac_lieu"].pk}/">Điểm giới thiệu và bán sản phẩm OCOP Bạc Liêu</a>'
        in where
    )
    assert "Quầy OCOP đã đóng" not in where
    xml = client.get("/sitemap.xml").content.decode()
    for open_point in ("bac_lieu", "showroom", "can_tho"):
        assert f"/diem-ban/{made[open_point].pk}/</loc>" in xml
    for hidden in ("closed", "ended", "planned"):
        assert f"/diem-ban/{made[hidden].pk}/</loc>" not in xml


# --- The API --------------------------------------------------------------------------------------


def directory_ids(client, **params) -> list[int]:
    html = client.get("/diem-ban/", params).content.decode()
    return [int(pk) for pk in re.findall(r'<li class="card" id="diem-(\d+)">', html)]


def api_ids(client, **params) -> list[int]:
    response = client.get(API, params)
    assert response.status_code == 200
    return [row["id"] for row in response.json()["results"]]


def test_the_api_lists_the_directory_s_points_with_its_filters(client, points):
    made, _ = points
    assert api_ids(client) == directory_ids(client)
    assert set(api_ids(client)) == {made["bac_lieu"].pk, made["showroom"].pk, made["can_tho"].pk}
    assert api_ids(client, province=96) == directory_ids(client, tinh=96)
    assert set(api_ids(client, province=96)) == {made["bac_lieu"].pk, made["showroom"].pk}
    assert api_ids(client, province=92) == [made["can_tho"].pk]
    assert api_ids(client, province=96, kind="showroom") == [made["showroom"].pk]
    assert api_ids(client, kind="shop") == []
    body = client.get(API, {"limit": 1}).json()
    assert body["count"] == 3 and len(body["results"]) == 1 and body["next"]
    for bad, field in (
        ({"province": 12345}, "province"),
        ({"province": "x"}, "province"),
        ({"kind": "kiosk"}, "kind"),
    ):
        response = client.get(API, bad)
        assert response.status_code == 400 and field in response.json()


def test_the_api_gives_a_point_with_the_products_and_stars_of_its_page(client, honey, shelf, points):
    made, district = points
    point = made["bac_lieu"]
    body = client.get(f"{API}{point.pk}/").json()
    assert body["name"] == "Điểm giới thiệu và bán sản phẩm OCOP Bạc Liêu"
    assert body["kind"] == "point" and body["url"] == page(point.pk)
    assert body["address"] == "Số 1 Trần Phú"
    assert body["province"] == {"code": 96, "name": "Tỉnh Cà Mau"}
    assert body["former_province"] == {"code": 95, "name": "Tỉnh Bạc Liêu"}
    assert body["former_district"] == {"code": district.code, "name": district.name}
    producer = honey.product.producer
    assert body["operator_producer"] == {
        "id": producer.pk,
        "name": "Hợp tác xã Ong mật U Minh",
        "url": f"/chu-the/{producer.pk}/",
    }
    assert body["opened_on"] == "2023-05-19" and body["phone"] == "0291 3822 999"
    on_page = products_on(client.get(page(point.pk)).content.decode())
    assert {row["id"]: f"{row['stars']} sao" for row in body["products"]} == on_page
    assert body["products"] == [
        {
            "id": shelf["honey"].pk,
            "name": "Mật ong rừng U Minh",
            "stars": 4,
            "url": f"/san-pham/{shelf['honey'].pk}/",
        }
    ]
    # The list gives the same point with the same products.
    (listed,) = [row for row in client.get(API, {"province": 96}).json()["results"] if row["id"] == point.pk]
    assert listed == body
    # A producer without a public page is named, not identified.
    body = client.get(f"{API}{made['showroom'].pk}/").json()
    assert body["operator_producer"] == {"id": None, "name": "Công ty chưa có sản phẩm OCOP", "url": None}


def test_the_api_answers_410_for_a_closed_point_and_404_for_others(client, points):
    made, _ = points
    response = client.get(f"{API}{made['closed'].pk}/")
    assert response.status_code == 410
    assert response.json() == {"detail": "Điểm bán này đã ngừng hoạt động.", "closed_on": "2022-01-01"}
    for missing in (made["planned"].pk, 999999):
        response = client.get(f"{API}{missing}/")
        assert response.status_code == 404
        assert response["Content-Type"].startswith("application/json")
        assert response.json() == {"detail": "Không tìm thấy điểm bán này."}


def test_the_points_endpoints_are_in_the_openapi_schema(client, central_officer):
    client.force_login(central_officer)
    schema = client.get("/api/schema/", {"format": "json"}).json()
    listing = schema["paths"]["/api/v1/public/points-of-sale/"]["get"]
    assert {p["name"] for p in listing["parameters"]} >= {"province", "kind", "limit", "offset"}
    assert "/api/v1/public/points-of-sale/{id}/" in schema["paths"] or (
        "/api/v1/public/points-of-sale/{pk}/" in schema["paths"]
    )
    point = schema["components"]["schemas"]["PublicPoint"]["properties"]
    assert {"name", "kind", "province", "former_province", "operator_producer", "products"} <= set(point)
    product = schema["components"]["schemas"]["PublicCarriedProduct"]["properties"]
    assert product["stars"]["type"] == "integer"


def test_the_point_page_and_the_api_read_in_english(client, points):
    made, _ = points
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(page(made["bac_lieu"].pk)).content.decode()
    assert "OCOP products on sale" in html and "4 stars" in html
    html = client.get(page(made["closed"].pk)).content.decode()
    assert "This point has closed" in html and "Closed since 01/01/2022." in html
    response = client.get(f"{API}{made['closed'].pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()["detail"] == "This point of sale has closed."
    response = client.get(API, {"kind": "kiosk"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.json() == {"kind": ["The kind of point must be one of: point, showroom, shop."]}
