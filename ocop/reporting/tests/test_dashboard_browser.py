"""The dashboard in a real browser: figures, charts drawn without any script library, drill-down."""

import datetime

import pytest

from ocop.demo.generator import load_registry_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_province_officer_reads_the_figures_and_drills_down_to_a_district(page, login, can_tho_officer):
    load_registry_demo(scale="provinces", today=datetime.date(2026, 11, 23))
    login(can_tho_officer)

    page.goto(page.base_url + "/stats/?scheme=legacy&unit=94&as_of=2022-12-13")
    assert "Tỉnh Sóc Trăng (cũ)" in page.locator("h1").inner_text()
    stars = {s: page.locator(f"#fig-star-{s}").inner_text() for s in ("3", "4", "5")}
    total = int(page.locator("#fig-products").inner_text().replace(".", ""))
    assert total == sum(int(v.replace(".", "")) for v in stars.values()) and total > 0
    assert page.locator("section.card svg").count() >= 4  # the charts are inline SVG from the server
    assert stars["5"] == "1"

    district = page.locator("table.children a").first
    name = district.inner_text()
    with page.expect_navigation():
        district.click()
    assert name in page.locator("h1").inner_text()
    assert int(page.locator("#fig-products").inner_text().replace(".", "")) <= total

    response = page.goto(page.base_url + "/stats/?scheme=current&unit=80")
    assert response.status == 403
