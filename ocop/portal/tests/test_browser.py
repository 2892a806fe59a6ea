"""The main journeys in a real browser (Debian's Chromium driven by Playwright)."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_province_officer_signs_in_and_works_on_their_province_only(page, login, can_tho_officer):
    login(can_tho_officer)
    assert page.locator(".user-box, header").first.inner_text().count("Đăng xuất") == 1
    with page.expect_navigation():
        page.click("nav >> text=Đơn vị hành chính")
    page.fill("input[name=q]", "soc trang")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Tỉnh Sóc Trăng" in page.content()

    page.goto(page.base_url + "/geo/workspace/92/")
    assert "Thành phố Cần Thơ" in page.locator("h1").inner_text()
    assert "Tỉnh Sóc Trăng (cũ)" in page.content()
    assert page.locator("table tbody tr").count() > 50

    response = page.goto(page.base_url + "/geo/workspace/80/")
    assert response.status == 403


def test_a_wrong_password_keeps_the_username_and_says_why(page, can_tho_officer):
    page.goto(page.base_url + "/accounts/login/")
    page.fill("input[name=username]", can_tho_officer.username)
    page.fill("input[name=password]", "sai-mat-khau")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert page.input_value("input[name=username]") == can_tho_officer.username
    assert "không đúng" in page.content()


def test_the_language_switch_turns_the_interface_to_english_and_back(page, login, can_tho_officer):
    login(can_tho_officer)
    assert page.locator("html").get_attribute("lang") == "vi"
    with page.expect_navigation():
        page.click(".lang-switch button:has-text('EN')")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Log out" in page.content()
    with page.expect_navigation():
        page.click(".lang-switch button:has-text('VI')")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert "Đăng xuất" in page.content()


def test_the_unit_list_is_usable_on_a_phone(page, login, can_tho_officer):
    login(can_tho_officer)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(page.base_url + "/geo/?scheme=legacy")
    names = page.locator("table tbody tr td:first-child").all_inner_texts()
    assert "Yên Bái" in names[-1]
    # Nothing but the table itself may scroll sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1
