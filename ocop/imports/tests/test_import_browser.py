"""The import journey in a real browser, with the real database-backed task queue and worker."""

import pytest
from django.core.management import call_command

from ocop.geo.models import AdminUnit
from ocop.imports.tests.import_helpers import product_row, write_xlsx
from ocop.registry.models import Product

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def run_worker_once():
    """What `ocop db_worker` does in production, for the tasks queued so far."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def test_an_officer_uploads_a_list_sees_every_problem_fixes_it_and_imports(
    page, login, can_tho_officer, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    commune = AdminUnit.objects.filter(scheme="current", level="commune", province__code=92).order_by("code")[
        0
    ]
    good = product_row(**{"Xã/Phường": commune.name, "Tên sản phẩm": "Bánh pía Kim Sa"})
    bad = product_row(**{"Xã/Phường": commune.name, "Tên sản phẩm": "Mắm ba khía", "Số sao": 7})
    login(can_tho_officer)

    page.goto(page.base_url + "/imports/new/")
    page.set_input_files("input[type=file]", str(write_xlsx(tmp_path / "danh-sach.xlsx", [good, bad])))
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    run_worker_once()
    page.wait_for_selector("#problems", timeout=20000)  # the page polls, then shows the preview
    problems = page.locator("#problems tbody tr").all_inner_texts()
    assert len(problems) == 1 and "Số sao" in problems[0] and "7" in problems[0]
    with page.expect_navigation():
        page.click("form[action$='/confirm/'] button[type=submit]")
    assert "dòng lỗi" in page.locator(".messages").inner_text()
    assert not Product.objects.exists()  # all-or-nothing: one bad row, nothing written

    page.goto(page.base_url + "/imports/new/")
    fixed = {**bad, "Số sao": 3}
    page.set_input_files(
        "input[type=file]", str(write_xlsx(tmp_path / "danh-sach-da-sua.xlsx", [good, fixed]))
    )
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    run_worker_once()
    page.wait_for_selector("form[action$='/confirm/']", timeout=20000)
    with page.expect_navigation():
        page.click("form[action$='/confirm/'] button[type=submit]")
    run_worker_once()
    page.wait_for_selector("text=Kết quả nhập", timeout=20000)
    assert set(Product.objects.values_list("name", flat=True)) == {"Bánh pía Kim Sa", "Mắm ba khía"}

    page.goto(page.base_url + "/registry/products/?q=banh+pia")
    assert "Bánh pía Kim Sa" in page.locator("table").inner_text()
