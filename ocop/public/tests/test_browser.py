"""The public journey on a phone (390 px wide) in a real browser, with an accessibility check
(axe-core, bundled in axe-playwright-python: nothing fetched from a CDN). Screenshots are kept
in test-artifacts/public/."""

from pathlib import Path

import pytest

from ocop.public.tests.conftest import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "public"
SERIOUS = {"serious", "critical"}


@pytest.fixture
def phone(_browser, live_server):
    context = _browser.new_context(
        locale="vi-VN", viewport={"width": 390, "height": 844}, user_agent=PHONE, device_scale_factor=2
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    page.base_url = live_server.url
    yield page
    context.close()


def accessibility_problems(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in SERIOUS
    ]


def snap(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_a_buyer_searches_mat_ong_ca_mau_opens_the_product_and_verifies_it(phone, honey):
    problems = {}
    phone.goto(phone.base_url + "/tra-cuu/")
    assert "Sản phẩm OCOP Việt Nam" in phone.locator("h1").inner_text()
    snap(phone, "1-home")
    problems["home"] = accessibility_problems(phone)

    phone.fill("input[name=q]", "mat ong ca mau")
    with phone.expect_navigation():
        phone.keyboard.press("Enter")
    assert "/san-pham/" in phone.url
    card = phone.locator(".card-title", has_text="Mật ong rừng U Minh")
    assert card.count() == 1
    snap(phone, "2-catalogue")
    problems["catalogue"] = accessibility_problems(phone)

    with phone.expect_navigation():
        card.click()
    assert phone.locator("h1").inner_text() == "Mật ong rừng U Minh"
    assert "4 sao" in phone.content()
    snap(phone, "3-product")
    problems["product"] = accessibility_problems(phone)

    with phone.expect_navigation():
        phone.click("text=Trang kiểm tra giấy chứng nhận")
    assert f"/v/{honey.public_code}/" in phone.url
    assert "Hợp lệ: sản phẩm OCOP 4 sao" in phone.locator("h1").inner_text()
    assert phone.evaluate("document.scripts.length") == 0
    snap(phone, "4-verification")
    problems["verification"] = accessibility_problems(phone)

    # The page fits the phone: nothing wider than the viewport.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert not any(problems.values()), problems


def test_suggestions_appear_while_typing(phone, honey):
    phone.goto(phone.base_url + "/san-pham/")
    phone.locator("input[name=q]").press_sequentially("mat on", delay=30)
    # (no wait_for_function: a string evaluated in the page is what the CSP forbids)
    phone.wait_for_selector("#q-suggestions option", state="attached")
    assert phone.locator("#q-suggestions option").first.get_attribute("value") == "Mật ong rừng U Minh"


def test_a_buyer_finds_a_point_of_sale_and_a_listing_on_a_phone(phone, honey, ca_mau):
    from ocop.activities import services

    producer = honey.product.producer
    services.channel_create(
        actor="t",
        producer=producer,
        kind="ecommerce",
        platform="shopee",
        listing_url="https://shopee.vn/ongumin",
    )
    services.point_of_sale_create(
        actor="t",
        province=ca_mau,
        name="Điểm giới thiệu và bán sản phẩm OCOP Cà Mau",
        address="Số 1 Trần Hưng Đạo",
        operator="Trung tâm Khuyến công và Xúc tiến thương mại",
        products=[honey.product],
    )
    phone.goto(phone.base_url + "/tra-cuu/")
    with phone.expect_navigation():
        phone.click("nav >> text=Điểm bán")
    phone.select_option("select[name=tinh]", "96")
    with phone.expect_navigation():
        phone.click("form.filters button")
    assert "tinh=96" in phone.url
    assert phone.locator("h2.card-title").all_inner_texts() == ["Điểm giới thiệu và bán sản phẩm OCOP Cà Mau"]
    snap(phone, "5-points")
    problems = {"points": accessibility_problems(phone)}
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    with phone.expect_navigation():
        phone.click("text=Mật ong rừng U Minh")
    assert phone.locator("a[href='https://shopee.vn/ongumin']").inner_text() == "Shopee"
    snap(phone, "6-product-where-to-buy")
    problems["product"] = accessibility_problems(phone)
    assert not any(problems.values()), problems
