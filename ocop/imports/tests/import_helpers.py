"""Real xlsx/csv files for the import tests, made with openpyxl."""

import csv
import datetime

from openpyxl import Workbook
from stdnum.vn import mst

from ocop.imports.imports import PRODUCT_COLUMNS

HEADERS = [c.label for c in PRODUCT_COLUMNS]


def tax_code(n: int) -> str:
    """A valid 10-digit tax code."""
    while True:
        base = f"01{n + 1000:07d}"
        if mst.is_valid(base + mst.calc_check_digit(base)):
            return base + mst.calc_check_digit(base)
        n += 100000


def product_row(**values) -> dict:
    row = {
        "Tên sản phẩm": "Gạo thơm ST25",
        "Nhóm sản phẩm": "Thực phẩm",
        "Bộ sản phẩm": "Gạo, ngũ cốc",
        "Tên chủ thể": "Hợp tác xã Nông nghiệp Tân Lập",
        "Loại hình chủ thể": "HTX",
        "Mã số thuế": "",
        "Địa chỉ": "Ấp 3",
        "Xã/Phường": "",
        "Huyện": "",
        "Tỉnh/Thành phố": "Cần Thơ",
        "Số sao": 4,
        "Điểm": "",
        "Số quyết định": "1234/QĐ-UBND",
        "Ngày quyết định": "15/08/2025",
        "Cấp công nhận": "",
        "Hình thức": "",
        "Ngày hết hạn": "",
    }
    row.update(values)
    return row


def write_xlsx(path, rows: list[dict], headers: list[str] | None = None, stt: bool = True):
    headers = headers or HEADERS
    workbook = Workbook()
    sheet = workbook.active
    sheet.append((["STT"] if stt else []) + headers)
    for number, row in enumerate(rows, 1):
        sheet.append(([number] if stt else []) + [row.get(h, "") for h in headers])
    workbook.save(path)
    return path


def write_csv(path, rows: list[dict], headers: list[str] | None = None, delimiter=","):
    headers = headers or HEADERS
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(headers)
        for row in rows:
            writer.writerow([row.get(h, "") for h in headers])
    return path


def date(text: str) -> datetime.date:
    day, month, year = map(int, text.split("/"))
    return datetime.date(year, month, day)
