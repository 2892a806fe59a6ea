"""Tables people keep in spreadsheets, read for the staged imports (product and producer lists,
plans and targets).

- Reading: the first data sheet of an .xlsx (openpyxl, read-only) or a .csv; empty rows left out;
  the header is found among the first rows and its cells matched to `Column`s by folded name (any
  case, diacritics optional, notes in brackets ignored).
- Problems: every problem is a `Problem` {row, column, value, message} in Vietnamese; a file that
  cannot be read at all raises `FileProblem`.
- Forgiving parsers of general values (numbers, dates): each returns the value or raises
  ValueError with a Vietnamese message. Domain values (stars, producer types, kinds) are parsed by
  the apps that own them.
"""

import csv
import datetime
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ocop.core import vntext

# --------------------------------------------------------------------------------------------
# Columns


@dataclass(frozen=True)
class Column:
    field: str
    label: str  # the header in our templates and exports
    aliases: tuple[str, ...] = ()  # other headers people write (any case, diacritics optional)
    required: bool = False  # the column must be in the file and the cell filled
    help: str = ""  # for the "Hướng dẫn" sheet
    accepted: str = ""
    example: Any = ""
    width: int = 18

    @property
    def names(self) -> set[str]:
        return {vntext.fold(self.label), *(vntext.fold(a) for a in self.aliases)}


# Headers that are known but carry nothing to import (row numbers, notes).
IGNORED_HEADERS = frozenset({"stt", "tt", "so thu tu", "ghi chu"})
# Sheets of our templates that are not data: the instructions and the lists of values.
SKIPPED_SHEETS = frozenset({"huong dan", "danh muc"})


# --------------------------------------------------------------------------------------------
# Problems


@dataclass
class Problem:
    row: int | None  # the Excel row number (the header's row for a missing column); 0/None: the file
    column: str  # the header as written in the file
    value: str
    message: str

    def to_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "value": self.value, "message": self.message}

    def describe(self) -> str:
        """ "Dòng 12, cột 'Số sao': '7' — Số sao phải từ 3 đến 5"; "Tệp — …" without a row."""
        where = f"Dòng {self.row}" if self.row else "Tệp"
        where += f", cột '{self.column}'" if self.column else ""
        value = f": '{self.value}'" if self.value != "" else ""
        return f"{where}{value} — {self.message}"


class FileProblem(Exception):
    """The file cannot be read at all (format, missing required columns); nothing was read."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


def display(value) -> str:
    """A cell as people read it: dates as dd/mm/yyyy (date-times keep a time that is not
    midnight), whole floats without ".0", text stripped."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.date() if not (value.hour or value.minute or value.second) else value
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


# --------------------------------------------------------------------------------------------
# Reading xlsx and csv


@dataclass
class Table:
    header_row: int
    headers: list[str]  # as written (displayed)
    rows: list[tuple[int, tuple]]  # (Excel row number, cell values), empty rows left out


@dataclass
class Mapping:
    """Which column of the file holds which field."""

    index: dict[str, int]  # field → position
    headers: dict[str, str]  # field → the header as written in the file
    unknown: list[str]  # headers matching no column and not ignored


def is_empty(values: Iterable) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def header_keys(value) -> tuple[str, str]:
    """A header cell folded, and folded without its notes in brackets or stars ("Huyện (cũ)",
    "Mã số thuế (nếu có)", "Tên kế hoạch *")."""
    if value is None:
        return "", ""
    text = display(value)
    return vntext.fold(text), vntext.fold(re.sub(r"\(.*?\)|\*", " ", text))


def _csv_value(text: str) -> str:
    # Our exports neutralise formulas with a leading apostrophe; read the value back as written.
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@\t\r":
        return text[1:]
    return text


def _read_csv(data: bytes) -> list[tuple[int, tuple]]:
    for encoding in ("utf-8-sig", "cp1258"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1258 decodes nearly anything
        raise FileProblem([Problem(0, "", "", "Không đọc được tệp CSV: cần mã hoá UTF-8.")])
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    rows = ((number, tuple(_csv_value(v) for v in values)) for number, values in enumerate(reader, 1))
    return [(number, values) for number, values in rows if not is_empty(values)]


def _percent_values(cells) -> tuple:
    """Cell values, a number in a cell formatted as a percentage (0.4 shown as 40%) as "40%"."""
    values = []
    for cell in cells:
        value = getattr(cell, "value", None)
        number = isinstance(value, int | float) and not isinstance(value, bool)
        if number and "%" in (getattr(cell, "number_format", "") or ""):
            value = f"{Decimal(str(value)) * 100}%"
        values.append(value)
    return tuple(values)


def _calamine_value(value):
    """Cells as openpyxl gives them: whole numbers as int (a tax code typed as a number keeps its
    digits), empty cells as None."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if value == "":
        return None
    return value


def _read_xlsx_values(source) -> list[tuple[int, tuple]]:
    """Cell values with python-calamine (Rust): some 20 times faster than openpyxl on large lists.
    Rows are numbered from A1, as Excel numbers them, so problems point at the right row."""
    from python_calamine import CalamineWorkbook

    try:
        if isinstance(source, str | Path):
            workbook = CalamineWorkbook.from_path(str(source))
        else:
            if hasattr(source, "seek"):
                source.seek(0)
            workbook = CalamineWorkbook.from_filelike(source)
        names = [name for name in workbook.sheet_names if vntext.fold(name) not in SKIPPED_SHEETS]
        sheet = workbook.get_sheet_by_name((names or workbook.sheet_names)[0])
        rows = sheet.to_python(skip_empty_area=False)
    except Exception as error:  # calamine raises its own error types for every unreadable file
        raise FileProblem([Problem(0, "", "", f"Không đọc được tệp Excel (.xlsx): {error}")]) from None
    numbered = ((number, tuple(map(_calamine_value, values))) for number, values in enumerate(rows, 1))
    return [(number, values) for number, values in numbered if not is_empty(values)]


def _read_xlsx(source, percentages: bool) -> list[tuple[int, tuple]]:
    if not percentages:
        return _read_xlsx_values(source)
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as error:
        raise FileProblem([Problem(0, "", "", f"Không đọc được tệp Excel (.xlsx): {error}")]) from None
    try:
        sheets = [ws for ws in workbook.worksheets if vntext.fold(ws.title) not in SKIPPED_SHEETS]
        sheet = (sheets or workbook.worksheets)[0]
        # Cell by cell, for the number formats: slower, used for small files (plans).
        rows = (_percent_values(cells) for cells in sheet.iter_rows())
        return [(number, values) for number, values in enumerate(rows, 1) if not is_empty(values)]
    finally:
        workbook.close()


def read_table(source, columns: list[Column], *, name: str | None = None, percentages: bool = False) -> Table:
    """The non-empty rows of the first data sheet of a workbook (or of a csv), below the header:
    the first of the first ten rows that names at least two of `columns`.

    `name` is the file's name, for its format (.xlsx, .xlsm or .csv); without it the source is read
    as a workbook. `percentages`: read a number in a cell formatted as a percentage as "40%"
    rather than 0.4 (reads every cell's format, which is slower)."""
    suffix = Path(name).suffix.lower() if name is not None else ".xlsx"
    if suffix == ".csv":
        data = source.read() if hasattr(source, "read") else Path(source).read_bytes()
        rows = _read_csv(data)
    elif suffix in (".xlsx", ".xlsm"):
        rows = _read_xlsx(source, percentages)
    else:
        raise FileProblem([Problem(0, "", name, "Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv).")])
    if not rows:
        raise FileProblem([Problem(0, "", "", "Tệp không có dữ liệu.")])
    known = set().union(*(c.names for c in columns))
    header_at = 0
    for index, (_n, values) in enumerate(rows[:10]):
        if sum(1 for v in values if not known.isdisjoint(header_keys(v))) >= 2:
            header_at = index
            break
    header_row, header = rows[header_at]
    return Table(header_row, [display(h) for h in header], rows[header_at + 1 :])


def map_headers(table: Table, columns: list[Column], ignored: Iterable[str] = IGNORED_HEADERS) -> Mapping:
    """Each column's position in the table; raises FileProblem when a required column is missing.
    A header matches the first column not yet found that names it, with or without its notes."""
    index, headers, unknown = {}, {}, []
    for position, header in enumerate(table.headers):
        key, bare = header_keys(header)
        if not key:
            continue
        for column in columns:
            if (key in column.names or bare in column.names) and column.field not in index:
                index[column.field], headers[column.field] = position, header
                break
        else:
            if key not in ignored:
                unknown.append(header)
    missing = [c for c in columns if c.required and c.field not in index]
    if missing:
        raise FileProblem(
            [
                Problem(
                    table.header_row,
                    c.label,
                    "",
                    f"Thiếu cột bắt buộc “{c.label}” ở dòng tiêu đề (dòng {table.header_row}).",
                )
                for c in missing
            ]
        )
    return Mapping(index, headers, unknown)


# --------------------------------------------------------------------------------------------
# Forgiving value parsers: each returns the value or raises ValueError with a Vietnamese message

NUMBER_MESSAGE = "Phải là một số (ví dụ 40; 40%; 2,5)."
DATE_FORMATS_HELP = "Ô ngày của Excel, hoặc dd/mm/yyyy, d/m/yyyy, yyyy-mm-dd"


def parse_number(value, *, message: str = NUMBER_MESSAGE, thousands: bool = True) -> Decimal:
    """40 / 85.5 / "40%" / "2,5" / "85,5" / "1.200" (Vietnamese thousands) / "1.200,5" → Decimal.

    `thousands=False` where values never reach a thousand (scores): "85.500" is then 85.5, not
    85500. `message` is the error for text that is not a number."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        number = Decimal(str(value))
    else:
        text = display(value).replace(" ", "").replace("\u00a0", "").rstrip("%")
        if "," in text and "." in text:
            text = text.replace(".", "").replace(",", ".")
        elif "," in text:
            text = text.replace(",", ".")
        elif thousands and re.fullmatch(r"\d{1,3}(\.\d{3})+", text):
            text = text.replace(".", "")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueError(message) from None
    if not number.is_finite():
        raise ValueError(message)
    return number


_DATE_PATTERNS = [
    (re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$"), ("d", "m", "y")),
    (re.compile(r"^(\d{4})[/.\-](\d{1,2})[/.\-](\d{1,2})$"), ("y", "m", "d")),
]
_YEAR = re.compile(r"(19|20)\d\d")
_DATE_MESSAGE = "Ngày không hợp lệ; dùng dd/mm/yyyy (ví dụ 31/12/2025)."
_DATE_OR_YEAR_MESSAGE = "Ngày không hợp lệ; dùng dd/mm/yyyy (ví dụ 31/12/2025) hoặc chỉ năm (2025)."


def parse_date(value, *, years: bool = False, end: bool = False) -> datetime.date:
    """An Excel date (a date cell or its serial number), dd/mm/yyyy, d/m/yyyy or yyyy-mm-dd (any
    time after it ignored). With `years`, a year alone too: its first day, or with `end` its last."""
    message = _DATE_OR_YEAR_MESSAGE if years else _DATE_MESSAGE
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = display(value).split(" ")[0].split("T")[0]
    if years and _YEAR.fullmatch(text):
        return datetime.date(int(text), 12, 31) if end else datetime.date(int(text), 1, 1)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _excel_serial(value, message)
    if text.isdigit() and len(text) == 5:
        return _excel_serial(int(text), message)
    for pattern, order in _DATE_PATTERNS:
        found = pattern.match(text)
        if found:
            parts = dict(zip(order, map(int, found.groups()), strict=True))
            try:
                return datetime.date(parts["y"], parts["m"], parts["d"])
            except ValueError:
                break
    raise ValueError(message)


def _excel_serial(number, message: str) -> datetime.date:
    from openpyxl.utils.datetime import from_excel

    if not (20000 <= number <= 80000):  # 1954 … 2119
        raise ValueError(message)
    return from_excel(number).date()
