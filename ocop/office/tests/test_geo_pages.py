import pytest
from django.urls import reverse

from ocop.geo.models import AdminUnit

pytestmark = pytest.mark.django_db

LEGACY_ORDER = ["Bạc Liêu", "Bắc Giang", "Bắc Kạn", "Bắc Ninh", "Bến Tre", "Bình Dương"]


def page(client, user, url):
    if user is not None:
        client.force_login(user)
    return client.get(url)


def get_html(client, user, url):
    return page(client, user, url).content.decode()


def test_the_province_list_needs_a_signed_in_user(client):
    response = client.get(reverse("geo:province_list"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_the_current_province_list_shows_34_provinces_with_region_and_commune_count(client, outsider):
    response = page(client, outsider, reverse("geo:province_list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('href="/geo/current/province/') == 34
    assert "Đồng bằng sông Cửu Long" in html
    assert "Thành phố Cần Thơ" in html


def test_the_legacy_province_list_is_in_vietnamese_alphabetical_order(client, outsider):
    html = page(client, outsider, reverse("geo:province_list") + "?scheme=legacy").content.decode()
    positions = [html.index(f"{name} (cũ)") for name in LEGACY_ORDER]
    assert positions == sorted(positions)
    units = list(AdminUnit.objects.filter(scheme="legacy", level="province"))
    where = {u.short_name: html.index(f"{u.name} (cũ)") for u in units}
    da_nang = where["Đà Nẵng"]
    # Code-point order would put Đ after Y; Vietnamese puts it right after D.
    assert all(where[n] < da_nang for n in where if n[0] in "ABCD")
    assert all(where[n] > da_nang for n in where if n[0] in "EGHKLMNPQSTVY")
    assert where["Yên Bái"] == max(where.values())


def test_the_province_list_can_be_filtered_by_region(client, outsider):
    url = reverse("geo:province_list") + "?scheme=legacy&region=dbscl"
    html = page(client, outsider, url).content.decode()
    assert "Tỉnh Cà Mau (cũ)" in html
    assert "Tỉnh Cao Bằng (cũ)" not in html


def test_searching_dak_lak_without_diacritics_finds_dak_lak_with_its_counterpart(client, outsider):
    html = page(client, outsider, reverse("geo:province_list") + "?q=dak+lak").content.decode()
    assert "Tỉnh Đắk Lắk (cũ)" in html
    assert "Tỉnh Đắk Lắk" in html
    assert "Tỉnh Phú Yên (cũ)" in html  # predecessor of the current Đắk Lắk


def test_the_unit_page_of_a_legacy_province_shows_its_successor(client, outsider):
    url = reverse("geo:unit_detail", args=["legacy", "province", "94"])
    html = page(client, outsider, url).content.decode()
    assert "Tỉnh Sóc Trăng (cũ)" in html
    assert "Thành phố Cần Thơ" in html
    assert "Thành phố Sóc Trăng (cũ)" in html  # a district, as a child
    assert "Lịch sử thao tác" in html


def test_the_unit_page_of_a_split_province_shows_the_split_badge(client, outsider):
    html = get_html(client, outsider, reverse("geo:unit_detail", args=["legacy", "province", "82"]))
    assert "chia tách" in html
    assert "Tỉnh Đồng Tháp" in html and "Tỉnh Tây Ninh" in html


def test_the_unit_page_of_a_current_province_lists_its_legacy_predecessors(client, outsider):
    html = get_html(client, outsider, reverse("geo:unit_detail", args=["current", "province", "92"]))
    assert "Tỉnh Sóc Trăng (cũ)" in html and "Tỉnh Hậu Giang (cũ)" in html


def test_an_unknown_unit_page_is_404(client, outsider):
    url = reverse("geo:unit_detail", args=["current", "province", "99"])
    assert page(client, outsider, url).status_code == 404


def test_the_resolve_page_answers_the_question(client, outsider):
    html = page(client, outsider, reverse("geo:resolve") + "?text=soc+trang").content.decode()
    assert "Tỉnh Sóc Trăng (cũ, mã 94) → nay thuộc Thành phố Cần Thơ (mã 92)" in html


def test_a_rejected_resolve_form_keeps_what_the_user_typed(client, outsider):
    html = get_html(client, outsider, reverse("geo:resolve") + "?text=Ph%C6%B0%E1%BB%9Dng+1&date=31-02-2024")
    assert "Ngày không hợp lệ" in html
    assert 'value="Phường 1"' in html
    assert 'value="31-02-2024"' in html


# The officer workspace: who may open which unit's page.

WORKSPACE_CASES = [
    ("system_admin", "can_tho", 200),
    ("central_officer", "tay_ninh", 200),
    ("can_tho_officer", "can_tho", 200),
    ("can_tho_officer", "can_tho_commune", 200),
    ("can_tho_officer", "tay_ninh", 403),
    ("can_tho_officer", "tay_ninh_commune", 403),
    ("tay_ninh_officer", "can_tho", 403),
    ("can_tho_commune_officer", "can_tho_commune", 200),
    ("can_tho_commune_officer", "can_tho", 403),
    ("can_tho_commune_officer", "tay_ninh_commune", 403),
    ("council_member", "can_tho", 403),
    ("producer_user", "can_tho", 403),
    ("outsider", "can_tho", 403),
]


@pytest.mark.parametrize(("persona", "unit", "status"), WORKSPACE_CASES)
def test_the_workspace_is_open_only_to_officers_in_scope(client, request, persona, unit, status):
    user = request.getfixturevalue(persona)
    target = request.getfixturevalue(unit)
    response = page(client, user, reverse("geo:workspace", args=[target.code_str]))
    assert response.status_code == status


def test_another_can_tho_commune_is_out_of_a_commune_officers_scope(client, can_tho_commune_officer, can_tho):
    other = (
        AdminUnit.objects.filter(scheme="current", level="commune", province=can_tho).order_by("code").last()
    )
    response = page(client, can_tho_commune_officer, reverse("geo:workspace", args=[other.code_str]))
    assert response.status_code == 403


def test_a_can_tho_officer_sees_can_tho_communes_and_their_predecessors(client, can_tho_officer, can_tho):
    html = page(client, can_tho_officer, reverse("geo:workspace", args=["92"])).content.decode()
    communes = AdminUnit.objects.filter(scheme="current", level="commune", province=can_tho)
    assert all(c.name in html for c in communes)
    assert "Tỉnh Sóc Trăng (cũ)" in html and "Tỉnh Hậu Giang (cũ)" in html
    assert "Phường 1" in html  # a legacy ward of Sóc Trăng, shown as a predecessor


def test_the_workspace_of_a_missing_unit_is_404(client, system_admin):
    assert page(client, system_admin, reverse("geo:workspace", args=["99"])).status_code == 404
    assert page(client, system_admin, reverse("geo:workspace", args=["99999"])).status_code == 404


def test_the_workspace_sends_an_anonymous_visitor_to_sign_in(client, can_tho):
    response = client.get(reverse("geo:workspace", args=["92"]))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
