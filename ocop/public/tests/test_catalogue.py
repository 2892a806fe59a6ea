"""The public catalogue: search without diacritics ranked by relevance, filters, and pages
that show stars only for valid certificates."""

import datetime

import pytest
from django.utils import timezone

from ocop.certification.models import Certificate
from ocop.certification.services import certificate_revoke
from ocop.geo.models import AdminUnit
from ocop.public.catalogue import RELATED, SHOWN, catalogue_sync
from ocop.public.models import CatalogueEntry
from ocop.public.selectors import CatalogueQuery, catalogue_entries
from ocop.public.tests.conftest import issue
from ocop.registry.tests.factories import ProducerFactory, ProductFactory

pytestmark = pytest.mark.django_db


def names(query):
    return [entry.product.name for entry in catalogue_entries(query)]


@pytest.fixture
def teas(can_tho):
    producer = ProducerFactory(name="Hộ kinh doanh Bảy Trạch", province=can_tho)
    products = [
        ProductFactory(name="Bánh Trạch Xuân", producer=producer),
        ProductFactory(name="Trà mãng cầu", producer=producer),
        ProductFactory(name="Mứt chùm ruột trà", producer=producer),
        ProductFactory(name="Ngũ cốc Tràng An", producer=producer),
        ProductFactory(name="Kẹo dừa Extra", producer=producer),
    ]
    for product in products:
        issue(product, stars=3)
    return products


def test_whole_words_and_word_prefixes_come_before_substrings(teas):
    found = names(CatalogueQuery(q="tra"))
    # "Trà" is the whole word; "Trạch" and "Tràng" start with it; "Extra" only contains it.
    assert found == [
        "Mứt chùm ruột trà",
        "Trà mãng cầu",
        "Bánh Trạch Xuân",
        "Ngũ cốc Tràng An",
        "Kẹo dừa Extra",
    ]


def test_search_matches_producer_names_and_places_without_diacritics(honey, teas):
    assert names(CatalogueQuery(q="mat ong ca mau")) == ["Mật ong rừng U Minh"]
    assert names(CatalogueQuery(q="ONG MAT u minh")) == ["Mật ong rừng U Minh"]
    assert "Trà mãng cầu" in names(CatalogueQuery(q="bay trach"))
    assert names(CatalogueQuery(q="mat ong can tho")) == []


def test_expired_and_revoked_products_leave_the_default_catalogue_but_stay_findable(honey, teas):
    revoked = Certificate.objects.get(product=teas[1])
    certificate_revoke(
        actor="test",
        certificate=revoked,
        decision_number="1/TH",
        revoked_on=timezone.localdate(),
        ground="stopped",
    )
    today = timezone.localdate()
    Certificate.objects.filter(pk=honey.pk).update(
        valid_until=today - datetime.timedelta(days=1), notice_from=today - datetime.timedelta(days=30)
    )
    catalogue_sync([honey.product_id])  # the update above bypassed the signals, as time passing does not
    default = names(CatalogueQuery())
    assert "Trà mãng cầu" not in default and "Mật ong rừng U Minh" not in default
    everything = names(CatalogueQuery(include_ended=True))
    assert "Trà mãng cầu" in everything and "Mật ong rừng U Minh" in everything


def test_filters_by_current_province_stars_group_and_producer_type(honey, teas, can_tho):
    ca_mau = AdminUnit.objects.get(scheme="current", level="province", code=96)
    assert names(CatalogueQuery(province=ca_mau)) == ["Mật ong rừng U Minh"]
    assert names(CatalogueQuery(stars=4)) == ["Mật ong rừng U Minh"]
    assert len(names(CatalogueQuery(stars=3, province=can_tho))) == 5
    assert names(CatalogueQuery(group="drink")) == []
    assert len(names(CatalogueQuery(producer_type="cooperative"))) == 6


def test_renaming_a_producer_updates_the_search_rows(honey):
    producer = honey.product.producer
    producer.name = "Công ty Ong Vàng"
    producer.save()
    assert "ong vang" in CatalogueEntry.objects.get(product=honey.product).search_text
    assert names(CatalogueQuery(q="ong vang")) == ["Mật ong rừng U Minh"]


def test_the_catalogue_page_lists_results_with_stars_and_paginates(
    client, honey, teas, django_assert_max_num_queries
):
    with django_assert_max_num_queries(15):
        response = client.get("/san-pham/", {"q": "mat ong ca mau"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Mật ong rừng U Minh" in html and "4 sao" in html
    assert "Trà mãng cầu" not in html
    assert 'src="/static/public/suggest.js"' in html and "<script>" not in html


def test_a_page_read_tier_by_tier_stays_within_15_queries(
    client, honey, teas, monkeypatch, django_assert_max_num_queries
):
    # With many matches a page is read one rank tier after another (catalogue.py); the worst case,
    # every tier queried and the rest ranked at the end, still fits the budget of a public page.
    from ocop.public import catalogue

    monkeypatch.setattr(catalogue, "COUNT_CAP", 0)
    with django_assert_max_num_queries(15):
        response = client.get("/san-pham/", {"q": "tra ho kinh doanh bay tra", "page": 1})
    html = response.content.decode()
    assert "Trà mãng cầu" in html and "Kẹo dừa Extra" in html


def test_a_full_page_loads_nothing_row_by_row(client, can_tho, django_assert_max_num_queries):
    producer = ProducerFactory(name="Hợp tác xã Chè Tân Cương", province=can_tho)
    for index in range(22):
        issue(ProductFactory(name=f"Chè búp {index}", producer=producer), stars=4)
    with django_assert_max_num_queries(15):
        html = client.get("/san-pham/", {"q": "che"}).content.decode()
    assert html.count('class="card-title"') == 20 and "4 sao" in html
    with django_assert_max_num_queries(15):
        data = client.get("/api/v1/public/products/", {"q": "che", "limit": 20}).json()
    assert len(data["results"]) == 20 and data["results"][0]["stars"] == 4
    assert data["results"][0]["province_name"] == "Thành phố Cần Thơ"


def test_a_searched_page_holds_the_objects_select_related_gives(can_tho, django_assert_num_queries):
    producer = ProducerFactory(name="Hợp tác xã Chè Tân Cương", province=can_tho)
    for index in range(3):
        issue(ProductFactory(name=f"Chè búp {index}", producer=producer), stars=4)
    page = catalogue_entries(CatalogueQuery(q="che"))[:20]
    expected = CatalogueEntry.objects.select_related(*RELATED).only(*SHOWN).in_bulk([e.pk for e in page])

    def loaded(instance, parent=None):
        """Its loaded values, state and linked objects, as a page's reader meets them (the link
        back to `parent` by its pk)."""
        if instance is None:
            return None
        values = {name: value for name, value in vars(instance).items() if name != "_state"}
        linked = {
            name: other.pk if other is parent else loaded(other, instance)
            for name, other in instance._state.fields_cache.items()
        }
        state = instance._state
        return type(instance), values, state.adding, state.db, linked, instance.get_deferred_fields()

    assert len(page) == 3
    for entry in page:
        assert loaded(entry) == loaded(expected[entry.pk])
    with django_assert_num_queries(0):
        shown = [
            (e.product.name, e.product.producer.name, e.product.producer.province.name, e.certificate.stars)
            for e in page
        ]
    assert shown[0][1:] == ("Hợp tác xã Chè Tân Cương", "Thành phố Cần Thơ", 4)


def test_suggestions_while_typing_return_product_names(client, honey, teas):
    data = client.get("/san-pham/goi-y/", {"q": "mat on"}).json()
    assert data["suggestions"] == ["Mật ong rừng U Minh"]


def test_the_product_page_shows_certificate_producer_place_and_story(
    client, honey, django_assert_max_num_queries
):
    product = honey.product
    with django_assert_max_num_queries(15):
        response = client.get(f"/san-pham/{product.pk}/")
    html = response.content.decode()
    assert honey.number in html and "123/QĐ-UBND" in html and "UBND tỉnh Cà Mau" in html
    assert f"{honey.valid_until:%d/%m/%Y}" in html
    assert "Hợp tác xã Ong mật U Minh" in html and "Cà Mau" in html
    assert "Ong khai thác tự nhiên." in html
    assert 'property="og:title" content="Mật ong rừng U Minh"' in html
    assert f"/v/{honey.public_code}/" in html


def test_a_revoked_product_page_says_so_plainly_without_stars(client, honey):
    certificate_revoke(
        actor="test",
        certificate=honey,
        decision_number="2/TH",
        revoked_on=timezone.localdate(),
        ground="food_safety",
    )
    html = client.get(f"/san-pham/{honey.product.pk}/").content.decode()
    assert "đã bị thu hồi" in html and "Không có sao hợp lệ" in html


def test_a_product_never_certified_is_not_public(client):
    product = ProductFactory()
    assert client.get(f"/san-pham/{product.pk}/").status_code == 404


def test_producer_and_province_pages(client, honey, django_assert_max_num_queries):
    producer = honey.product.producer
    with django_assert_max_num_queries(15):
        html = client.get(f"/chu-the/{producer.pk}/").content.decode()
    assert "Hợp tác xã Ong mật U Minh" in html and "Mật ong rừng U Minh" in html
    with django_assert_max_num_queries(15):
        html = client.get("/tinh/96/").content.decode()
    assert "Mật ong rừng U Minh" in html
    assert "Bạc Liêu" in html  # merged into Cà Mau on 01/07/2025


def test_the_home_page_shows_national_figures_from_the_statistics_service(
    client, honey, teas, django_assert_max_num_queries
):
    with django_assert_max_num_queries(15):
        html = client.get("/tra-cuu/").content.decode()
    assert "<strong>6</strong> sản phẩm OCOP còn hiệu lực" in html


def test_more_than_a_thousand_matches_are_announced_without_counting_them_all(client, honey, monkeypatch):
    from ocop.public import selectors

    monkeypatch.setattr(selectors, "COUNT_CAP", 0)
    html = client.get("/san-pham/").content.decode()
    assert "Hơn 0 sản phẩm" in html


def test_the_sitemap_lists_valid_products_and_producers(client, honey):
    xml = client.get("/sitemap.xml").content.decode()
    assert f"/san-pham/{honey.product.pk}/" in xml
    assert f"/chu-the/{honey.product.producer.pk}/" in xml
    assert "/tinh/96/" in xml
