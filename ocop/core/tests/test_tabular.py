"""The shared reading of spreadsheets and the general parsers of the staged imports."""

import datetime
from decimal import Decimal

import pytest
from openpyxl import Workbook

from ocop.core import tabular
from ocop.core.tabular import Column, FileProblem, Problem, map_headers, parse_date, parse_number, read_table

D = datetime.date
COLUMNS = [
    Column("name", "Tên sản phẩm", ("san pham",), required=True),
    Column("district", "Huyện", ("huyen cu",)),
    Column("stars", "Số sao", ("hang sao",), required=True),
]


def xlsx(path, rows, percent_cells=()):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for ref in percent_cells:
        sheet[ref].number_format = "0%"
    workbook.save(path)
    return path


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (45519, D(2024, 8, 15)),  # an Excel serial number (a date cell typed as a number)
        (45519.75, D(2024, 8, 15)),
        ("45519", D(2024, 8, 15)),
        ("15/08/2024", D(2024, 8, 15)),
        ("5/9/2025", D(2025, 9, 5)),
        ("2025-09-05", D(2025, 9, 5)),
        ("15/08/2024 10:30", D(2024, 8, 15)),
        (datetime.datetime(2023, 5, 12, 14, 0), D(2023, 5, 12)),
        (D(2023, 5, 12), D(2023, 5, 12)),
    ],
)
def test_dates_are_read_from_excel_cells_serials_and_the_ways_people_write_them(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize("value", ["hôm qua", "2021", 12, ""])
def test_a_bad_date_is_refused_with_a_vietnamese_message(value):
    with pytest.raises(ValueError, match=r"^Ngày không hợp lệ; dùng dd/mm/yyyy \(ví dụ 31/12/2025\)\.$"):
        parse_date(value)


def test_a_year_alone_is_a_date_only_when_years_are_accepted():
    assert parse_date("2021", years=True) == D(2021, 1, 1)
    assert parse_date(2025, years=True, end=True) == D(2025, 12, 31)
    with pytest.raises(ValueError, match="hoặc chỉ năm"):
        parse_date("năm 2025", years=True)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("85,5", Decimal("85.5")),
        (85.5, Decimal("85.5")),
        ("40%", Decimal("40")),
        (" 2,5 ", Decimal("2.5")),
        ("1.200", Decimal("1200")),
        ("1.200,5", Decimal("1200.5")),
    ],
)
def test_numbers_are_read_with_a_decimal_comma_or_point(value, expected):
    assert parse_number(value) == expected


def test_thousands_can_be_turned_off_and_non_numbers_are_refused():
    assert parse_number("85.500", thousands=False) == Decimal("85.5")
    with pytest.raises(ValueError, match="Phải là một số"):
        parse_number("abc")
    with pytest.raises(ValueError, match="^Điểm phải là một số.$"):
        parse_number(float("nan"), message="Điểm phải là một số.")


def test_empty_rows_are_left_out_and_the_header_is_found_below_a_title(tmp_path):
    path = xlsx(
        tmp_path / "list.xlsx",
        [
            ["Danh sách sản phẩm OCOP năm 2025"],
            [],
            ["STT", "TÊN SẢN PHẨM", "huyen (cu)", "so sao *", "Ghi chú", "Người nhập"],
            [1, "Gạo ST25", "Huyện Châu Thành", 4],
            [None, "  ", None],
            [2, "Mật ong", "", "5 sao"],
        ],
    )
    table = read_table(path, COLUMNS, name="list.xlsx")
    assert table.header_row == 3
    assert [(number, values[1]) for number, values in table.rows] == [(4, "Gạo ST25"), (6, "Mật ong")]
    mapping = map_headers(table, COLUMNS)
    assert mapping.index == {"name": 1, "district": 2, "stars": 3}
    assert mapping.headers["district"] == "huyen (cu)"
    assert mapping.unknown == ["Người nhập"]  # STT and Ghi chú are known and ignored


def test_a_form_sheet_reads_every_row_with_its_excel_number_and_the_sheet_title(tmp_path):
    path = xlsx(tmp_path / "form.xlsx", [["Phiếu"], ["Số phiếu", 12], [], ["1.1", "Nguồn", 5.0]])
    sheet = tabular.read_sheet(path)
    assert sheet.name == "Sheet"
    assert sheet.rows == [(1, ("Phiếu", None, None)), (2, ("Số phiếu", 12, None)), (4, ("1.1", "Nguồn", 5))]
    with pytest.raises(FileProblem, match="Chỉ nhận tệp Excel"):
        tabular.read_sheet(path, name="form.csv")


def test_header_keys_are_folded_with_and_without_notes():
    assert tabular.header_keys("  Mã Số Thuế (nếu có) ") == ("ma so thue neu co", "ma so thue")
    assert tabular.header_keys("Tên kế hoạch *") == ("ten ke hoach", "ten ke hoach")
    assert tabular.header_keys(None) == ("", "")


def test_a_csv_reads_like_a_workbook(tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("Tên sản phẩm;Số sao\n;\nGạo ST25;4\n'=1+1;5\n", encoding="utf-8-sig")
    table = read_table(path, COLUMNS, name="list.csv")
    assert table.rows == [(3, ("Gạo ST25", "4")), (4, ("=1+1", "5"))]


def test_a_percentage_cell_reads_as_a_percentage_when_asked(tmp_path):
    path = xlsx(tmp_path / "plan.xlsx", [["Tên sản phẩm", "Số sao"], ["Gạo", 0.4]], percent_cells=["B2"])
    assert read_table(path, COLUMNS).rows == [(2, ("Gạo", 0.4))]
    assert read_table(path, COLUMNS, percentages=True).rows == [(2, ("Gạo", "40.0%"))]


def test_a_missing_required_column_or_an_unknown_format_refuses_the_file(tmp_path):
    path = xlsx(tmp_path / "list.xlsx", [["Tên sản phẩm", "Huyện"], ["Gạo", ""]])
    with pytest.raises(FileProblem) as caught:
        map_headers(read_table(path, COLUMNS), COLUMNS)
    assert [p.describe() for p in caught.value.problems] == [
        "Dòng 1, cột 'Số sao' — Thiếu cột bắt buộc “Số sao” ở dòng tiêu đề (dòng 1)."
    ]
    with pytest.raises(FileProblem, match="Chỉ nhận tệp Excel"):
        read_table(path, COLUMNS, name="list.ods")


def test_a_problem_describes_its_row_column_and_value():
    assert Problem(12, "Số sao", "7", "Số sao phải từ 3 đến 5").describe() == (
        "Dòng 12, cột 'Số sao': '7' — Số sao phải từ 3 đến 5"
    )
    assert (
        Problem(None, "", "", "Tệp không có dòng dữ liệu.").describe() == "Tệp — Tệp không có dòng dữ liệu."
    )
    assert tabular.display(datetime.datetime(2025, 8, 15)) == "15/08/2025"
    assert tabular.display(datetime.datetime(2025, 8, 15, 9, 30)) == "2025-08-15 09:30:00"
    assert tabular.display(4.0) == "4"


@pytest.mark.parametrize(
    "value, message",
    [
        ("31/02/2024", "Ngày 31/02/2024 không tồn tại: tháng 2 năm 2024 chỉ có 29 ngày."),
        ("31/02/2025", "Ngày 31/02/2025 không tồn tại: tháng 2 năm 2025 chỉ có 28 ngày."),
        ("2025/13/01", "Ngày 01/13/2025 không tồn tại: tháng phải từ 1 đến 12."),
        ("01/01/1800", "Ngày 01/01/1800 trước 01/01/1900: kiểm tra lại năm."),
        (datetime.date(1899, 12, 31), "Ngày 31/12/1899 trước 01/01/1900: kiểm tra lại năm."),
    ],
)
def test_a_day_that_does_not_exist_or_before_1900_is_named_as_such(value, message):
    with pytest.raises(ValueError) as caught:
        parse_date(value)
    assert str(caught.value) == message
