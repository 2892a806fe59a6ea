import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from conftest import PASSWORD
from ocop.certification.models import Certificate
from ocop.geo.models import AdminUnit
from ocop.imports.models import ImportBatch
from ocop.imports.tests.import_helpers import product_row, write_xlsx
from ocop.registry.models import Product

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def inline_tasks(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def commune(can_tho):
    return AdminUnit.objects.filter(
        scheme="current", level="commune", province=can_tho, name="Phường Cái Khế"
    ).get()


def upload(client, path, kind="products", keep_valid=False):
    with open(path, "rb") as handle:
        data = {"kind": kind, "file": handle}
        if keep_valid:
            data["keep_valid"] = "on"
        return client.post(reverse("imports:new"), data)


# ------------------------------------------------------------------------------------------
# CLI


def test_the_cli_imports_a_valid_list_and_prints_the_counts(tmp_path, commune):
    path = write_xlsx(tmp_path / "list.xlsx", [product_row(**{"Xã/Phường": commune.name})])
    out = io.StringIO()
    call_command("import_products", str(path), stdout=out)
    assert "Giấy chứng nhận tạo mới: 1" in out.getvalue()
    assert Certificate.objects.count() == 1


def test_the_cli_lists_errors_in_vietnamese_and_exits_non_zero_writing_nothing(tmp_path, commune):
    rows = [
        product_row(**{"Xã/Phường": commune.name}),
        product_row(**{"Xã/Phường": commune.name, "Số sao": "7", "Tên sản phẩm": "Khác"}),
    ]
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 dòng bị loại"):
        call_command("import_products", str(write_xlsx(tmp_path / "list.xlsx", rows)), stdout=out)
    assert "Dòng 3, cột 'Số sao': '7' — Số sao phải từ 3 đến 5" in out.getvalue()
    assert not Product.objects.exists()


def test_the_cli_keep_valid_imports_the_good_rows_but_still_exits_non_zero(tmp_path, commune):
    rows = [
        product_row(**{"Xã/Phường": commune.name}),
        product_row(**{"Số sao": "7", "Tên sản phẩm": "Khác"}),
    ]
    with pytest.raises(CommandError):
        call_command(
            "import_products",
            str(write_xlsx(tmp_path / "l.xlsx", rows)),
            "--keep-valid",
            stdout=io.StringIO(),
        )
    assert Product.objects.count() == 1


def test_the_cli_dry_run_writes_nothing(tmp_path, commune):
    path = write_xlsx(tmp_path / "list.xlsx", [product_row(**{"Xã/Phường": commune.name})])
    out = io.StringIO()
    call_command("import_products", str(path), "--dry-run", stdout=out)
    assert "không ghi gì" in out.getvalue() and not Product.objects.exists()


def test_the_cli_reports_a_missing_column(tmp_path):
    path = write_xlsx(tmp_path / "list.xlsx", [product_row()], headers=["Tên sản phẩm", "Số sao"])
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_products", str(path), stdout=io.StringIO(), stderr=err)
    assert "Thiếu cột bắt buộc “Tên chủ thể”" in err.getvalue()


def test_the_producer_cli_imports_a_producer_list(tmp_path, commune):
    from ocop.imports.imports import PRODUCER_COLUMNS

    headers = [c.label for c in PRODUCER_COLUMNS]
    row = {
        "Tên chủ thể": "HTX Bưởi Năm Roi",
        "Loại hình chủ thể": "HTX",
        "Xã/Phường": commune.name,
        "Tỉnh/Thành phố": "TP. Cần Thơ",
    }
    out = io.StringIO()
    call_command("import_producers", str(write_xlsx(tmp_path / "p.xlsx", [row], headers=headers)), stdout=out)
    assert "Chủ thể tạo mới: 1" in out.getvalue()


# ------------------------------------------------------------------------------------------
# Pages


def test_a_province_officer_uploads_previews_and_confirms_a_list(client, can_tho_officer, tmp_path, commune):
    client.login(username=can_tho_officer.username, password=PASSWORD)
    path = write_xlsx(tmp_path / "list.xlsx", [product_row(**{"Xã/Phường": commune.name})])

    response = upload(client, path)
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response.url == reverse("imports:detail", args=[batch.pk])
    assert batch.state == ImportBatch.State.VALIDATED and batch.error_rows == 0

    page = client.get(response.url)
    assert "Xác nhận nhập" in page.content.decode() and "Gạo thơm ST25" in page.content.decode()
    assert not Product.objects.exists()
    progress = client.get(reverse("imports:progress", args=[batch.pk])).json()
    assert progress["done"] and progress["percent"] == 100

    response = client.post(reverse("imports:confirm", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.state == ImportBatch.State.IMPORTED and batch.result["counts"]["certificates_created"] == 1
    assert Certificate.objects.count() == 1
    assert "Kết quả nhập" in client.get(response.url).content.decode()
    assert batch.original_name in client.get(reverse("imports:list")).content.decode()


def test_a_row_in_tay_ninh_uploaded_by_the_can_tho_officer_is_rejected_as_out_of_scope(
    client, can_tho_officer, tmp_path
):
    client.login(username=can_tho_officer.username, password=PASSWORD)
    tay_ninh_commune = AdminUnit.objects.filter(
        scheme="current", level="commune", province__code=80
    ).order_by("code")[0]
    row = product_row(**{"Xã/Phường": tay_ninh_commune.name, "Tỉnh/Thành phố": "Tây Ninh"})
    response = upload(client, write_xlsx(tmp_path / "list.xlsx", [row]))
    batch = ImportBatch.objects.get()
    assert batch.error_rows == 1
    assert "ngoài phạm vi quản lý của bạn" in client.get(response.url).content.decode()
    client.post(reverse("imports:confirm", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.state == ImportBatch.State.VALIDATED and not Product.objects.exists()


def test_a_file_with_a_missing_column_fails_with_the_reason(client, can_tho_officer, tmp_path):
    client.login(username=can_tho_officer.username, password=PASSWORD)
    response = upload(
        client, write_xlsx(tmp_path / "list.xlsx", [product_row()], headers=["Tên sản phẩm", "Số sao"])
    )
    assert ImportBatch.objects.get().state == ImportBatch.State.FAILED
    assert "Thiếu cột bắt buộc" in client.get(response.url).content.decode()


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("list.pdf", b"%PDF", "không đúng định dạng"),
        ("list.xlsx", b"", "rỗng"),
        ("list.xlsx", b"not a zip", "hỏng"),
    ],
)
def test_a_rejected_upload_keeps_the_choices_and_says_why(client, can_tho_officer, name, content, reason):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.login(username=can_tho_officer.username, password=PASSWORD)
    response = client.post(
        reverse("imports:new"),
        {"kind": "producers", "keep_valid": "on", "file": SimpleUploadedFile(name, content)},
    )
    html = response.content.decode()
    assert response.status_code == 200 and reason in html
    assert re.search(r'<option value="producers"[^>]*selected', html)
    assert re.search(r'name="keep_valid"[^>]*checked', html)
    assert not ImportBatch.objects.exists()


def test_an_outsider_gets_403_and_anonymous_is_sent_to_login(client, outsider):
    for name, args in [("imports:list", []), ("imports:new", []), ("imports:template", ["products"])]:
        response = client.get(reverse(name, args=args))
        assert response.status_code == 302 and "/accounts/login/" in response.url
    client.login(username=outsider.username, password=PASSWORD)
    for name, args in [("imports:list", []), ("imports:new", []), ("imports:template", ["products"])]:
        assert client.get(reverse(name, args=args)).status_code == 403


def test_another_officers_batch_is_not_found(client, can_tho_officer, tay_ninh_officer, tmp_path, commune):
    client.login(username=can_tho_officer.username, password=PASSWORD)
    upload(client, write_xlsx(tmp_path / "list.xlsx", [product_row(**{"Xã/Phường": commune.name})]))
    batch = ImportBatch.objects.get()
    client.login(username=tay_ninh_officer.username, password=PASSWORD)
    assert client.get(reverse("imports:detail", args=[batch.pk])).status_code == 404


@pytest.mark.parametrize("kind", ["products", "producers"])
def test_the_templates_have_a_header_an_example_lists_and_instructions(client, can_tho_officer, kind):
    client.login(username=can_tho_officer.username, password=PASSWORD)
    response = client.get(reverse("imports:template", args=[kind]))
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Danh sách", "Danh mục", "Hướng dẫn"]
    sheet = workbook["Danh sách"]
    assert sheet["A1"].value.startswith("Tên") and sheet.max_row == 2
    assert sheet.data_validations.dataValidation
    assert "Ngày" in " ".join(str(c.value) for c in workbook["Hướng dẫn"]["A"] if c.value)
