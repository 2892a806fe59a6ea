"""No file the system writes holds a formula: names people typed (`=1+1`, `=HYPERLINK(...)`)
stay text in every export, template, problem list and the narrative report's .xlsx."""

import csv
import datetime
import io

import pytest
from openpyxl import load_workbook

from ocop.certification.services import certificate_issue
from ocop.core.spreadsheets import FORMULA_START, formula_like
from ocop.imports import exports
from ocop.programme.imports import template_xlsx as plan_template
from ocop.registry.models import Product
from ocop.registry.tests.factories import ProducerFactory, ProductFactory
from ocop.reporting.documents import render
from ocop.reporting.narrative import build_report
from ocop.reporting.places import place_from_text

HOSTILE = ['=HYPERLINK("http://example.com/x","Bấm vào đây")', "=1+1", "+84 909", "-2", "@SUM(A1)"]


def cells(workbook_bytes: bytes):
    workbook = load_workbook(io.BytesIO(workbook_bytes))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            yield from row


def assert_no_formula(workbook_bytes: bytes) -> list:
    values = []
    for cell in cells(workbook_bytes):
        assert cell.data_type != "f", (cell.coordinate, cell.value)
        values.append(cell.value)
    return values


@pytest.fixture
def hostile_products(can_tho, db):
    producer = ProducerFactory(name="=1+1", province=can_tho)
    today = datetime.date.today()
    for n, name in enumerate(HOSTILE):
        product = ProductFactory(producer=producer, name=name)
        certificate_issue(
            actor="test",
            product=product,
            stars=3,
            decision_number=f"=2+{n}",
            # Expiring within the report's window, so the report's table lists it.
            decision_date=today - datetime.timedelta(days=3 * 365 - 20),
        )
    return Product.objects.all()


def test_the_guard_knows_what_a_spreadsheet_would_run():
    assert all(formula_like(text) for text in HOSTILE)
    assert not formula_like("Gạo = ngon") and not formula_like(5) and not formula_like(None)
    assert "=" in FORMULA_START


def test_product_exports_keep_hostile_names_as_text(hostile_products):
    values = assert_no_formula(exports.write_xlsx(hostile_products))
    assert set(HOSTILE) <= set(values)
    rows = list(csv.reader(io.StringIO(exports.write_csv(hostile_products).decode("utf-8-sig"))))
    for row in rows:
        for field in row:
            assert not field.startswith(FORMULA_START), field
    assert any(field == "'=1+1" for row in rows for field in row)


def test_templates_and_problem_lists_hold_no_formula(db):
    for content in (exports.template_xlsx("products"), exports.template_xlsx("producers"), plan_template()):
        assert_no_formula(content)
    problems = [{"row": 2, "column": "=A1", "value": value, "message": "=x"} for value in HOSTILE]
    values = assert_no_formula(exports.problems_xlsx(problems, title="=evil.xlsx"))
    assert set(HOSTILE) <= set(values)


def test_the_narrative_report_xlsx_keeps_product_names_as_text(hostile_products):
    place = place_from_text("Cần Thơ", "current")
    today = datetime.date.today()
    report = build_report(place, date_from=datetime.date(today.year, 1, 1), date_to=today)
    values = assert_no_formula(render(report, "xlsx"))
    assert "=1+1" in values and HOSTILE[0] in values
