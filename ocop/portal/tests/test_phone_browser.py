"""The officials' pages on a 390 px phone in a real browser: chart labels legible, list rows
readable as cards with their key values on screen, filters folded behind a <details>."""

import datetime

import pytest

from ocop.demo.generator import load_registry_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}

# Size each chart text is drawn at on screen: its font size times the SVG's scale.
RENDERED_SIZES = """
() => Array.from(document.querySelectorAll("svg.chart text")).map(t => ({
  text: t.textContent,
  px: parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a,
}))
"""


@pytest.fixture
def phone(_browser, live_server):
    context = _browser.new_context(locale="vi-VN", viewport=PHONE, device_scale_factor=1)
    page = context.new_page()
    page.set_default_timeout(15000)
    page.base_url = live_server.url
    yield page
    context.close()


def sign_in(page, user):
    from conftest import PASSWORD

    page.goto(page.base_url + "/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("main form button[type=submit]")


def on_screen(page, locator) -> bool:
    box = locator.bounding_box()
    return (
        box is not None and box["width"] > 0 and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    )


def test_on_a_phone_chart_labels_are_at_least_11_px_and_list_rows_show_their_key_values(
    phone, can_tho_officer
):
    load_registry_demo(scale="provinces", today=datetime.date(2026, 11, 23))
    sign_in(phone, can_tho_officer)

    phone.goto(phone.base_url + "/stats/")
    sizes = phone.evaluate(RENDERED_SIZES)
    assert len(sizes) > 20  # four charts with their labels and figures
    too_small = [s for s in sizes if s["px"] < 11]
    assert not too_small, too_small[:5]

    phone.goto(phone.base_url + "/registry/products/")
    first = phone.locator("table.product-list tbody tr").first
    for label in ("Sản phẩm", "Chủ thể", "Hạng hiện tại", "Giấy chứng nhận", "Hiệu lực đến"):
        cell = first.locator(f'td[data-label="{label}"]')
        assert cell.is_visible() and on_screen(phone, cell), label
    assert first.locator('td[data-label="Hiệu lực đến"]').inner_text().strip()[-4:].isdigit()
    # The page does not scroll sideways.
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # Filters other than the search box are folded on a phone and open with one tap.
    group = phone.locator("select[name=group]")
    assert not group.is_visible()
    phone.locator("details.filter-more > summary").click()
    assert group.is_visible()


def test_on_a_phone_the_filter_fold_works_without_javascript(_browser, live_server, can_tho_officer):
    context = _browser.new_context(locale="vi-VN", viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.base_url = live_server.url
    try:
        sign_in(page, can_tho_officer)
        page.goto(page.base_url + "/registry/producers/?producer_type=cooperative")
        # A filter in use keeps the fold open and says how many are set.
        assert page.locator("details.filter-more").get_attribute("open") is not None
        assert "1 bộ lọc đang dùng" in page.locator("details.filter-more > summary").inner_text()
        page.goto(page.base_url + "/registry/producers/")
        assert not page.locator("select[name=producer_type]").is_visible()
        page.locator("details.filter-more > summary").click()
        assert page.locator("select[name=producer_type]").is_visible()
    finally:
        context.close()
