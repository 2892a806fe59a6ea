import datetime
import re

import pytest

from ocop.accounts.models import Role
from ocop.demo.generator import load_registry_demo
from ocop.geo.models import AdminUnit, Region
from ocop.programme.models import Plan, Target, TargetKind
from ocop.reporting.stats import ranking
from ocop.reporting.views import rank_sentence

D = datetime.date
DEMO_TODAY = D(2026, 11, 23)


pytestmark = [pytest.mark.django_db]


@pytest.fixture(scope="module")
def demo(module_db):
    """The seed provinces' registry, loaded once for the module and rolled back after it."""
    load_registry_demo(scale="provinces", today=DEMO_TODAY)


def person(role, unit, username):
    from ocop.accounts.tests.factories import RoleAssignmentFactory, UserFactory

    user = UserFactory(username=username)
    RoleAssignmentFactory(user=user, role=role, unit=unit)
    return user


def unit(scheme, level, code):
    return AdminUnit.objects.get(scheme=scheme, level=level, code=code)


def get(client, user, **params):
    client.force_login(user)
    return client.get("/stats/", params)


def figure(html, name):
    match = re.search(rf'id="fig-{name}">([^<]*)<', html)
    return match.group(1) if match else None


LONG_AN_2024 = {"scheme": "legacy", "unit": "80", "as_of": "2024-12-31"}


# --- who sees what ---------------------------------------------------------------------------------


def test_a_province_officer_lands_on_their_current_province(demo, client, tay_ninh_officer):
    response = get(client, tay_ninh_officer)
    assert response.status_code == 200
    assert response.context["place"].unit.label == "Tỉnh Tây Ninh"
    assert "Thống kê OCOP — Tỉnh Tây Ninh" in response.text


def test_central_officers_and_system_admins_land_on_the_country(demo, client, central_officer, system_admin):
    for user in (central_officer, system_admin):
        response = get(client, user)
        assert response.status_code == 200
        assert response.context["place"].label == "Toàn quốc"
        assert len(response.context["children"]) == 34


def test_a_commune_officer_lands_on_their_commune(demo, client, can_tho_commune_officer, can_tho_commune):
    response = get(client, can_tho_commune_officer)
    assert response.status_code == 200
    assert response.context["place"].unit == can_tho_commune


def test_a_province_officer_may_open_a_legacy_predecessor_of_their_province(demo, client, tay_ninh_officer):
    response = get(client, tay_ninh_officer, **LONG_AN_2024)
    assert response.status_code == 200
    assert response.context["place"].unit == unit("legacy", "province", 80)
    assert figure(response.text, "products") == "235"


@pytest.mark.parametrize(
    ("persona", "params"),
    [
        ("can_tho_officer", LONG_AN_2024),
        ("can_tho_officer", {"scheme": "current", "unit": "80"}),
        ("tay_ninh_officer", {"scheme": "legacy", "unit": "94"}),
        ("tay_ninh_officer", {"region": "dbscl"}),
        ("can_tho_commune_officer", {"scheme": "current", "unit": "92"}),
        ("outsider", {}),
        ("producer_user", {}),
    ],
)
def test_a_place_outside_the_users_reporting_scope_is_refused(demo, client, request, persona, params):
    user = request.getfixturevalue(persona)
    assert get(client, user, **params).status_code == 403


def test_anonymous_visitors_are_sent_to_the_login_page(demo, client):
    response = client.get("/stats/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_an_unknown_unit_code_is_not_found(demo, client, central_officer):
    assert get(client, central_officer, scheme="legacy", unit="999").status_code == 404


# --- figures and charts -------------------------------------------------------------------------


def test_long_an_at_the_end_of_2024_shows_the_reported_figures(demo, client, tay_ninh_officer):
    html = get(client, tay_ninh_officer, **LONG_AN_2024).text
    assert "Thống kê OCOP — Tỉnh Long An (cũ)" in html
    assert figure(html, "products") == "235"
    assert figure(html, "star-3") == "186"
    assert figure(html, "star-4") == "49"
    assert figure(html, "star-5") == "0"


def test_charts_are_inline_svg_with_titles_and_the_numbers_printed(demo, client, tay_ninh_officer):
    response = get(client, tay_ninh_officer, **LONG_AN_2024)
    svgs = re.findall(r"<svg .*?</svg>", response.text, flags=re.S)
    assert len(svgs) == 4
    for svg in svgs:
        assert 'role="img"' in svg and "<title" in svg and "aria-labelledby" in svg
    stars = svgs[0]
    assert "hạng sao" in stars
    assert ">186<" in stars and ">49<" in stars
    assert "<script" not in response.text.split("<main", 1)[1]
    assert "cdn" not in response.text.lower()
    years = response.context["charts"]["years_table"]
    assert [year for year, _, _ in years] == [2019, 2020, 2021, 2022, 2023, 2024]
    total_2024 = years[-1][2]
    assert total_2024 == 87
    assert f">{total_2024}<" in svgs[3]


def test_producer_type_chart_prints_each_share_with_one_decimal(demo, client, tay_ninh_officer):
    response = get(client, tay_ninh_officer, **LONG_AN_2024)
    producers = response.context["result"]["producers"]
    share = producers["share_by_type_pct"]["cooperative"]
    assert f"({share:.1f}%)".replace(".", ",") in str(response.context["charts"]["types"])


def test_certificates_expiring_in_the_next_90_days_are_counted_and_listed(demo, client, central_officer):
    response = get(client, central_officer, scheme="legacy", unit="80", as_of=DEMO_TODAY.isoformat())
    count, rows = response.context["expiring_count"], response.context["expiring"]
    assert count > 0 and len(rows) == min(count, 20)
    assert all(DEMO_TODAY <= row.valid_until <= DEMO_TODAY + datetime.timedelta(days=90) for row in rows)
    assert f"/certification/{rows[0].pk}/" in response.text


def test_target_progress_bars_for_the_units_plans(demo, client, tay_ninh_officer):
    plan = Plan.objects.create(
        name="Kế hoạch OCOP năm 2024",
        unit=unit("legacy", "province", 80),
        period_start=D(2024, 1, 1),
        period_end=D(2024, 12, 31),
    )
    Target.objects.create(
        plan=plan,
        kind=TargetKind.PRODUCTS_TOTAL,
        target_value=200,
        description="200 sản phẩm OCOP còn hiệu lực",
    )
    html = get(client, tay_ninh_officer, **LONG_AN_2024).text
    assert "Kế hoạch OCOP năm 2024" in html
    assert "200 sản phẩm OCOP còn hiệu lực" in html
    assert '<span style="width: 100.0%">' in html
    assert "Đạt" in html


# --- drill-down and scheme switch ---------------------------------------------------------------


def test_a_legacy_province_drills_down_to_its_districts_with_counts(demo, client, tay_ninh_officer):
    response = get(client, tay_ninh_officer, **LONG_AN_2024)
    rows = response.context["children"]
    districts = [row for row in rows if row["unit"] is not None]
    assert {row["unit"].level for row in districts} == {"district"}
    assert districts == sorted(districts, key=lambda row: row["unit"].sort_key)
    assert sum(row["products"] for row in rows) == 235
    busiest = max(districts, key=lambda row: row["products"])
    assert f"unit={busiest['unit'].code_str}" in busiest["url"]
    assert busiest["unit"].label in response.text


def test_drilling_into_a_legacy_district_lists_its_communes(demo, client, tay_ninh_officer):
    first = get(client, tay_ninh_officer, **LONG_AN_2024).context["children"]
    district = max((row for row in first if row["unit"]), key=lambda row: row["products"])
    response = get(
        client, tay_ninh_officer, scheme="legacy", unit=district["unit"].code_str, as_of="2024-12-31"
    )
    assert response.status_code == 200
    communes = response.context["children"]
    assert {row["unit"].level for row in communes} == {"commune"}
    assert sum(row["products"] for row in communes) == district["products"]


def test_the_drill_down_counts_come_from_one_grouped_query(
    demo, client, tay_ninh_officer, django_assert_max_num_queries
):
    from ocop.reporting.stats import Place, stock_by_child

    place = Place(scheme="current", unit=unit("current", "province", 80))
    with django_assert_max_num_queries(2):
        rows = stock_by_child(place, DEMO_TODAY)
    assert {row["unit"].level for row in rows if row["unit"]} == {"commune"}


def test_a_current_province_drills_down_to_its_communes(demo, client, can_tho_officer):
    response = get(client, can_tho_officer, as_of=DEMO_TODAY.isoformat())
    rows = response.context["children"]
    assert {row["unit"].level for row in rows if row["unit"]} == {"commune"}
    assert sum(row["products"] for row in rows) == response.context["result"]["products"]["total"]
    assert "/stats/?scheme=current&amp;unit=" in response.text


def test_the_country_lists_provinces_of_the_chosen_scheme_and_a_region_narrows_them(
    demo, client, central_officer
):
    legacy = get(client, central_officer, scheme="legacy", as_of="2024-12-31").context["children"]
    assert len(legacy) == 63
    long_an = next(row for row in legacy if row["unit"].code == 80)
    assert long_an["products"] == 235
    region = get(client, central_officer, scheme="legacy", region="dbscl", as_of="2024-12-31")
    assert len(region.context["children"]) == 13
    assert region.context["place"].label == "Đồng bằng sông Cửu Long (cũ)"


def test_switching_legacy_long_an_to_the_current_scheme_notes_that_tay_ninh_is_larger(
    demo, client, tay_ninh_officer
):
    response = get(client, tay_ninh_officer, **LONG_AN_2024)
    switch = response.context["switch"]
    assert switch[0]["label"] == "Tỉnh Tây Ninh"
    assert "scheme=current" in switch[0]["url"] and "unit=80" in switch[0]["url"]
    assert "rộng hơn" in switch[0]["note"] and "Tỉnh Tây Ninh (cũ)" in switch[0]["note"]
    assert "rộng hơn" in response.text


def test_switching_current_tay_ninh_to_the_legacy_scheme_offers_its_predecessors(
    demo, client, tay_ninh_officer
):
    response = get(client, tay_ninh_officer)
    labels = [item["label"] for item in response.context["switch"]]
    assert labels[:2] == ["Tỉnh Long An (cũ)", "Tỉnh Tây Ninh (cũ)"]
    legacy = get(client, tay_ninh_officer, scheme="legacy")
    assert legacy.context["place"].unit.label == "Tỉnh Long An (cũ)"


def test_cao_bang_is_the_same_province_in_both_schemes(demo, client):
    officer = person(Role.PROVINCE_OFFICER, unit("current", "province", 4), "tinh-cao-bang")
    switch = get(client, officer).context["switch"]
    assert [(item["label"], item["note"]) for item in switch] == [("Tỉnh Cao Bằng (cũ)", "")]


# --- ranking ------------------------------------------------------------------------------------


def test_the_ranking_orders_provinces_and_highlights_the_users_own(demo, client):
    officer = person(Role.PROVINCE_OFFICER, unit("current", "province", 96), "tinh-ca-mau")
    client.force_login(officer)
    response = client.get("/stats/ranking/", {"scheme": "legacy", "region": "dbscl", "as_of": "2024-12-31"})
    assert response.status_code == 200
    rows = response.context["rows"]
    assert len(rows) == 13
    assert [row["value"] for row in rows] == sorted((row["value"] for row in rows), reverse=True)
    assert {row["unit"].short_name for row in rows if row["own"]} == {"Cà Mau", "Bạc Liêu"}
    assert response.text.count('class="own"') == 2


def test_the_ranking_says_where_the_users_province_stands_in_its_region(demo, client):
    officer = person(Role.PROVINCE_OFFICER, unit("current", "province", 96), "tinh-ca-mau")
    client.force_login(officer)
    response = client.get("/stats/ranking/", {"scheme": "legacy", "region": "dbscl", "as_of": "2024-12-31"})
    rows = ranking(scheme="legacy", region=Region.objects.get(code="dbscl"), as_of=D(2024, 12, 31))
    ca_mau = next(row for row in rows if row["unit"].code == 96)
    expected = (
        f"Tỉnh Cà Mau (cũ) đứng thứ {ca_mau['rank']}/13 khu vực Đồng bằng sông Cửu Long "
        "về số sản phẩm OCOP còn hiệu lực"
    )
    assert expected in response.text


def test_a_rank_sentence_for_the_country_and_a_tie():
    class Unit:
        label = "Tỉnh Cà Mau (cũ)"

    rows = [{"unit": Unit, "rank": 11, "value": 5}, {"unit": Unit, "rank": 11, "value": 5}, {"rank": 13}]
    assert rank_sentence(rows[0], rows, None, "products_4plus") == (
        "Tỉnh Cà Mau (cũ) đứng thứ 11/3 cả nước về số sản phẩm từ 4 sao (đồng hạng)"
    )


def test_the_ranking_starts_on_the_region_of_the_users_province(demo, client, can_tho_officer):
    client.force_login(can_tho_officer)
    response = client.get("/stats/ranking/")
    assert response.context["region"].code == "dbscl"
    assert (
        len(response.context["rows"])
        == Region.objects.get(code="dbscl").units.filter(scheme="current", level="province").count()
    )
    assert "Thành phố Cần Thơ đứng thứ" in response.text


def test_rankings_are_readable_by_any_reporting_official_but_not_outsiders(
    demo, client, can_tho_commune_officer, central_officer, outsider
):
    for user in (can_tho_commune_officer, central_officer):
        client.force_login(user)
        response = client.get("/stats/ranking/", {"scheme": "current", "region": ""})
        assert response.status_code == 200
        assert len(response.context["rows"]) == 34
        assert response.context["rows"][0]["unit"].name == "Thành phố Cần Thơ"
    client.force_login(outsider)
    assert client.get("/stats/ranking/").status_code == 403
    client.logout()
    assert client.get("/stats/ranking/").status_code == 302
