import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from conftest import PASSWORD
from ocop.certification.models import Certificate
from ocop.certification.services import certificate_issue
from ocop.geo.models import AdminUnit
from ocop.imports import exports, imports
from ocop.imports.tests.import_helpers import product_row, write_xlsx
from ocop.registry.models import Product
from ocop.registry.tests.factories import ProducerFactory, ProductFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def recognise(product, stars=4, number="10/QĐ-UBND", date=None):
    date = date or D(2025, 9, 1)
    return certificate_issue(
        actor="test", product=product, stars=stars, decision_number=number, decision_date=date
    )


@pytest.fixture
def two_provinces(can_tho, tay_ninh):
    in_can_tho = ProductFactory(name="Bánh pía Sóc Trăng")
    in_tay_ninh = ProductFactory(
        name="Bánh tráng phơi sương",
        producer=ProducerFactory(
            province=tay_ninh,
            commune=AdminUnit.objects.filter(scheme="current", level="commune", province=tay_ninh).order_by(
                "code"
            )[0],
        ),
    )
    recognise(in_can_tho, stars=3, number="1/QĐ", date=D(2024, 1, 5))
    recognise(in_can_tho, stars=4, number="2/QĐ", date=D(2025, 9, 1))
    recognise(in_tay_ninh)
    return in_can_tho, in_tay_ninh


def xlsx_rows(content: bytes) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return list(sheet.iter_rows(values_only=True))


def test_an_xlsx_export_has_only_the_rows_the_user_may_see_with_the_latest_certificate(
    client, can_tho_officer, two_provinces
):
    client.login(username=can_tho_officer.username, password=PASSWORD)
    response = client.get(reverse("imports:export_xlsx"))
    assert response.status_code == 200
    header, *rows = xlsx_rows(response.content)
    assert header[:2] == ("STT", "Tên sản phẩm") and header[-1] == "Tình trạng"
    assert [r[1] for r in rows] == ["Bánh pía Sóc Trăng"]
    row = dict(zip(header, rows[0], strict=True))
    assert row["Số sao"] == 4 and row["Số quyết định"] == "2/QĐ"
    assert row["Ngày quyết định"] == datetime.datetime(2025, 9, 1)
    assert row["Tình trạng"] in ("Còn hiệu lực", "Sắp hết hạn")


def test_export_filters_follow_the_product_list(client, central_officer, two_provinces):
    client.login(username=central_officer.username, password=PASSWORD)

    def names(**params):
        _header, *rows = xlsx_rows(client.get(reverse("imports:export_xlsx"), params).content)
        return {r[1] for r in rows}

    assert names() == {"Bánh pía Sóc Trăng", "Bánh tráng phơi sương"}
    assert names(scheme="current", unit="80") == {"Bánh tráng phơi sương"}
    assert names(q="banh pia") == {"Bánh pía Sóc Trăng"}
    assert names(stars="3") == set()
    assert names(stars="4", status="valid", group="food") == {"Bánh pía Sóc Trăng", "Bánh tráng phơi sương"}
    assert names(status="expired") == set()


def test_an_outsider_cannot_export_and_anonymous_is_sent_to_login(client, outsider):
    assert client.get(reverse("imports:export_csv")).status_code == 302
    client.login(username=outsider.username, password=PASSWORD)
    assert client.get(reverse("imports:export_csv")).status_code == 403


def test_csv_is_utf8_with_bom_and_formula_injection_is_neutralised(client, central_officer, can_tho):
    product = ProductFactory(name='=HYPERLINK("http://evil")', producer=ProducerFactory(name="@SUM(A1)"))
    recognise(product)
    client.login(username=central_officer.username, password=PASSWORD)
    content = client.get(reverse("imports:export_csv")).content
    assert content.startswith("\ufeff".encode())
    header, row = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    values = dict(zip(header, row, strict=True))
    assert values["Tên sản phẩm"] == '\'=HYPERLINK("http://evil")'
    assert values["Tên chủ thể"] == "'@SUM(A1)"
    assert values["Ngày quyết định"] == "01/09/2025"


def test_xlsx_writes_formula_like_text_as_text(central_officer, can_tho):
    product = ProductFactory(name="=1+1")
    recognise(product)
    content = exports.write_xlsx(Product.objects.all())
    cell = load_workbook(io.BytesIO(content)).worksheets[0]["B2"]
    assert cell.value == "=1+1" and cell.data_type == "s"


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_an_exported_list_re_imports_with_no_changes(tmp_path, can_tho, fmt):
    communes = AdminUnit.objects.filter(
        scheme="current", level="commune", province=can_tho, name="Phường Cái Khế"
    )
    rows = [
        product_row(**{"Xã/Phường": communes[0].name, "Tên sản phẩm": "Gạo ST25", "Điểm": "75,5"}),
        product_row(
            **{
                "Tên sản phẩm": "Bánh pía",
                "Tên chủ thể": "Cơ sở Tân Huê Viên",
                "Loại hình chủ thể": "Cơ sở",
                "Xã/Phường": "Xã An Hiệp",
                "Huyện": "Huyện Châu Thành",
                "Tỉnh/Thành phố": "Sóc Trăng",
                "Ngày quyết định": "12/05/2023",
                "Số sao": 3,
            }
        ),
        product_row(
            **{
                "Tên sản phẩm": "Rượu",
                "Tên chủ thể": "-HTX Lạ",
                "Xã/Phường": "Xã Thái Trị",
                "Huyện": "Huyện Vĩnh Hưng",
                "Tỉnh/Thành phố": "Long An",
                "Ngày quyết định": "01/03/2024",
                "Nhóm sản phẩm": "Đồ uống",
                "Bộ sản phẩm": "Rượu trắng",
            }
        ),
    ]
    plan, counts = imports.import_file(write_xlsx(tmp_path / "in.xlsx", rows), kind="products", actor="test")
    assert plan.errors == [] and counts["certificates_created"] == 3

    queryset = Product.objects.all()
    path = tmp_path / f"out.{fmt}"
    path.write_bytes(exports.write_xlsx(queryset) if fmt == "xlsx" else exports.write_csv(queryset))
    plan, again = imports.import_file(path, kind="products", actor="test")

    assert plan.errors == [], [p.describe() for p in plan.errors]
    assert plan.unknown_columns == []
    assert again["producers_created"] == again["products_created"] == again["certificates_created"] == 0
    assert again["certificates_unchanged"] == 3
    assert Certificate.objects.count() == 3
