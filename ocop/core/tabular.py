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

import calendar
import csv
import datetime
import io
import logging
import re
import unicodedata
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ocop.core import vntext

logger = logging.getLogger(__name__)

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


# --------------------------------------------------------------------------------------------
# Limits: no file may make a reader allocate without bound (a 5 KB .xlsx with one cell at
# XFD1048576 makes a dense reader allocate hundreds of GB). Settings `OCOP_IMPORT_*`.


@dataclass(frozen=True)
class Limits:
    rows: int = 50_000  # data rows of one sheet
    columns: int = 50
    file_bytes: int = 20 * 1024 * 1024
    unzipped_bytes: int = 200 * 1024 * 1024  # an .xlsx is a zip: its parts once decompressed
    cell_chars: int = 32_767  # Excel's own limit for a cell

    @classmethod
    def from_settings(cls) -> "Limits":
        from django.conf import settings

        return cls(
            rows=getattr(settings, "IMPORT_MAX_ROWS", cls.rows),
            columns=getattr(settings, "IMPORT_MAX_COLUMNS", cls.columns),
            file_bytes=getattr(settings, "IMPORT_MAX_FILE_BYTES", cls.file_bytes),
            unzipped_bytes=getattr(settings, "IMPORT_MAX_UNZIPPED_BYTES", cls.unzipped_bytes),
        )

    def describe(self) -> str:
        """The limits as the template's instructions say them."""
        return (
            f"Mỗi tệp tối đa {vn_int(self.rows)} dòng dữ liệu, {self.columns} cột và "
            f"{self.file_bytes // (1024 * 1024)} MB; mỗi ô tối đa {vn_int(self.cell_chars)} ký tự."
        )


# Rows above the header a sheet may carry (titles, notes) on top of the data rows.
HEADER_ALLOWANCE = 10


def vn_int(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def column_letter(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _column_number(letters: bytes) -> int:
    number = 0
    for char in letters:
        number = number * 26 + char - 64
    return number


def _file_problem(message: str, value: str = "") -> FileProblem:
    return FileProblem([Problem(0, "", value, message)])


def _too_many_rows(last_row: int, limits: Limits, sheet: str = "") -> FileProblem:
    where = f"Trang tính “{sheet}”" if sheet else "Tệp"
    return _file_problem(
        f"{where} có dữ liệu ở dòng {vn_int(last_row)}; mỗi lần nhập tối đa {vn_int(limits.rows)} dòng. "
        "Hãy chia nhỏ tệp, hoặc xoá các dòng thừa ở cuối trang tính."
    )


def _too_many_columns(last_column: int, limits: Limits, sheet: str = "") -> FileProblem:
    where = f"Trang tính “{sheet}”" if sheet else "Tệp"
    return _file_problem(
        f"{where} có dữ liệu đến cột {column_letter(last_column)} (cột thứ {vn_int(last_column)}); "
        f"tối đa {limits.columns} cột. Hãy xoá các cột thừa bên phải bảng."
    )


def _read_csv(data: bytes, limits: Limits) -> list[tuple[int, tuple]]:
    if b"\x00" in data:
        raise _file_problem(
            "Tệp CSV chứa ký tự rỗng (NUL): có thể không phải tệp văn bản. Hãy lưu lại dưới dạng CSV."
        )
    for encoding in ("utf-8-sig", "cp1258"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise _file_problem("Không đọc được tệp CSV: cần mã hoá UTF-8 (hoặc Windows-1258).")
    # Windows-1258 writes Vietnamese with combining marks; store and compare it composed.
    text = unicodedata.normalize("NFC", text)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    csv.field_size_limit(limits.cell_chars)
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    rows = []
    last = limits.rows + HEADER_ALLOWANCE
    number = 0
    try:
        for number, values in enumerate(reader, 1):
            if len(values) > limits.columns and not is_empty(values[limits.columns :]):
                raise _too_many_columns(len(values), limits)
            values = tuple(_csv_value(v) for v in values[: limits.columns])
            if is_empty(values):
                continue
            if number > last:
                raise _too_many_rows(sum(1 for _ in reader) + number, limits)
            rows.append((number, values))
    except csv.Error as error:
        line = number + 1
        if "field larger" in str(error):
            message = f"Dòng {line} có ô dài hơn {vn_int(limits.cell_chars)} ký tự."
        else:
            message = f"Tệp CSV hỏng ở dòng {line}: kiểm tra dấu ngoặc kép và dấu phân cách."
        raise _file_problem(message) from None
    return rows


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


NOT_XLSX = (
    "Tệp không phải tệp Excel .xlsx hợp lệ (có thể là tệp .xls cũ, trang HTML đổi tên hoặc tệp hỏng). "
    "Hãy mở bằng Excel và lưu lại dưới dạng “Excel Workbook (.xlsx)”."
)
_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PACKAGE_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# Cells, their column letters; rows, their numbers.
_CELL_REF = re.compile(rb"<(?:\w+:)?c\s[^>]*?\br=\"([A-Z]{1,3})\d")
_CELL_REF_FIRST = re.compile(rb"<c r=\"([A-Z]{1,3})\d")
_CELL_TAG = re.compile(rb"<(?:\w+:)?c[\s>]")
_ROW_REF = re.compile(rb"<(?:\w+:)?row\s[^>]*?\br=\"(\d{1,9})\"")
_ROW_OR_CELL = re.compile(rb"<(?:\w+:)?(row|c)[\s>/]")


def _xml_part(archive: zipfile.ZipFile, name: str, limit: int = 5 * 1024 * 1024):
    import xml.etree.ElementTree as ET  # expat: no external entities, entity expansion bounded

    info = archive.getinfo(name)
    if info.file_size > limit:
        raise _file_problem(NOT_XLSX)
    return ET.fromstring(archive.read(info))


def _data_sheet(archive: zipfile.ZipFile) -> tuple[str, str]:
    """(name, part path) of the first sheet that is not instructions or a list of values."""
    workbook = _xml_part(archive, "xl/workbook.xml")
    rels = _xml_part(archive, "xl/_rels/workbook.xml.rels")
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels.iter(f"{_PACKAGE_REL_NS}Relationship")}
    sheets = []
    for sheet in workbook.iter(f"{_MAIN_NS}sheet"):
        target = targets.get(sheet.get(f"{_REL_NS}id"), "")
        path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        sheets.append((sheet.get("name", ""), path))
    data = [s for s in sheets if vntext.fold(s[0]) not in SKIPPED_SHEETS] or sheets
    if not data:
        raise _file_problem("Tệp Excel không có trang tính nào.")
    return data[0]


def _sheet_extent(stream, sheet: str, limits: Limits) -> None:
    """Scan a sheet's XML as it decompresses (no parse tree) and refuse one whose cells reach past
    the row or column limit, before any reader builds the dense table."""
    last_row_allowed = limits.rows + HEADER_ALLOWANCE
    last_column, last_row, tail = 0, 0, b""
    while True:
        chunk = stream.read(1 << 20)
        if not chunk and not tail:
            break
        data = tail + chunk
        cut = data.rfind(b">") + 1 if chunk else len(data)
        data, tail = data[:cut], data[cut:]
        if not data:
            continue
        letters = _CELL_REF_FIRST.findall(data)
        if len(letters) != len(_CELL_TAG.findall(data)):  # attributes in another order, or no r
            letters = _CELL_REF.findall(data)
            last_column = max(last_column, _cells_per_row(data))
        if letters:
            last_column = max(last_column, max(_column_number(c) for c in set(letters)))
        rows = _ROW_REF.findall(data)
        last_row = max([last_row, *map(int, rows)]) if rows else last_row + data.count(b"<row")
        if last_column > limits.columns:
            raise _too_many_columns(last_column, limits, sheet)
        if last_row > last_row_allowed:
            raise _too_many_rows(last_row, limits, sheet)
        if not chunk:
            break


def _cells_per_row(data: bytes) -> int:
    """The most cells in one row of this piece (cells without a reference sit one after another)."""
    most = count = 0
    for found in _ROW_OR_CELL.finditer(data):
        if found.group(1) == b"row":
            count = 0
        else:
            count += 1
            most = max(most, count)
    return most


def _open_workbook(source, limits: Limits) -> tuple[zipfile.ZipFile, str]:
    """The zip, checked: a workbook, parts of bounded size, a data sheet within the limits."""
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise _file_problem(NOT_XLSX) from None
    try:
        infos = archive.infolist()
        if "xl/workbook.xml" not in archive.namelist():
            raise _file_problem(NOT_XLSX)
        if sum(info.file_size for info in infos) > limits.unzipped_bytes:
            raise _file_problem(
                f"Tệp Excel khi giải nén lớn hơn {limits.unzipped_bytes // (1024 * 1024)} MB: "
                "hãy chia nhỏ tệp hoặc xoá các trang tính, hình ảnh không cần thiết."
            )
        name, part = _data_sheet(archive)
        with archive.open(part) as stream:
            _sheet_extent(stream, name, limits)
    except FileProblem:
        archive.close()
        raise
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, SyntaxError):
        # A part missing, a corrupt or encrypted member, XML that does not parse.
        archive.close()
        raise _file_problem(NOT_XLSX) from None
    return archive, name


def _rewind(source):
    if hasattr(source, "seek"):
        source.seek(0)
    return source


def _read_xlsx_values(source, sheet_name: str, limits: Limits) -> list[tuple[int, tuple]]:
    """Cell values with python-calamine (Rust): some 20 times faster than openpyxl on large lists.
    Rows are numbered from A1, as Excel numbers them, so problems point at the right row. The
    sheet's extent was checked before (`_open_workbook`), so the dense table it builds is bounded."""
    from python_calamine import CalamineWorkbook

    try:
        if isinstance(source, str | Path):
            workbook = CalamineWorkbook.from_path(str(source))
        else:
            workbook = CalamineWorkbook.from_filelike(_rewind(source))
        rows = workbook.get_sheet_by_name(sheet_name).to_python(skip_empty_area=False)
    except Exception:  # calamine raises its own error types (in English) for unreadable files
        logger.info("calamine could not read a workbook", exc_info=True)
        raise _file_problem(NOT_XLSX) from None
    seen: dict[str, str] = {}  # a list repeats its places, types, groups…: keep one string of each

    def cell(value):
        value = _calamine_value(value)
        return seen.setdefault(value, value) if type(value) is str else value

    numbered = ((n, tuple(map(cell, values[: limits.columns]))) for n, values in enumerate(rows, 1))
    return [(number, values) for number, values in numbered if not is_empty(values)]


def _read_xlsx(source, percentages: bool, limits: Limits) -> list[tuple[int, tuple]]:
    archive, sheet_name = _open_workbook(_rewind(source), limits)
    archive.close()
    if not percentages:
        return _read_xlsx_values(source, sheet_name, limits)
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(_rewind(source), read_only=True, data_only=True)
    except Exception:
        logger.info("openpyxl could not read a workbook", exc_info=True)
        raise _file_problem(NOT_XLSX) from None
    try:
        sheet = workbook[sheet_name]
        # Cell by cell, for the number formats: slower, used for small files (plans). Bounded by
        # the limits, whatever size the sheet declares.
        max_row, max_col = limits.rows + HEADER_ALLOWANCE, limits.columns
        cells = sheet.iter_rows(
            max_row=min(sheet.max_row or max_row, max_row), max_col=min(sheet.max_column or max_col, max_col)
        )
        rows = (_percent_values(row) for row in cells)
        return [(number, values) for number, values in enumerate(rows, 1) if not is_empty(values)]
    except Exception:
        logger.info("openpyxl could not read a sheet", exc_info=True)
        raise _file_problem(NOT_XLSX) from None
    finally:
        workbook.close()


def _size(source) -> int:
    if isinstance(source, str | Path):
        return Path(source).stat().st_size
    if hasattr(source, "size") and isinstance(source.size, int):
        return source.size
    position = source.tell()
    size = source.seek(0, io.SEEK_END)
    source.seek(position)
    return size


def _checked_suffix(source, name: str | None, limits: Limits, accepted: tuple[str, ...]) -> str:
    """The file's format from its name (a workbook without one), refused when not accepted, empty
    or above the size limit."""
    suffix = Path(name).suffix.lower() if name is not None else ".xlsx"
    if suffix not in accepted:
        message = (
            "Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv)."
            if ".csv" in accepted
            else "Chỉ nhận tệp Excel (.xlsx)."
        )
        raise FileProblem([Problem(0, "", name, message)])
    size = _size(source)
    if size == 0:
        raise _file_problem("Tệp rỗng (0 byte).")
    if size > limits.file_bytes:
        raise _file_problem(f"Tệp lớn hơn {limits.file_bytes // (1024 * 1024)} MB: hãy chia nhỏ tệp.")
    return suffix


@dataclass
class Sheet:
    name: str  # the sheet's title as written in the workbook
    rows: list[tuple[int, tuple]]  # (Excel row number, cell values from column A), empty rows left out


def read_sheet(source, *, name: str | None = None, limits: Limits | None = None) -> Sheet:
    """Every non-empty row of the first data sheet of an .xlsx, numbered as Excel numbers them,
    with the sheet's title: for forms we lay out ourselves (a member's scoring sheet) rather than
    lists under a header. Same checks and limits as `read_table`; raises FileProblem."""
    limits = limits or Limits.from_settings()
    _checked_suffix(source, name, limits, (".xlsx", ".xlsm"))
    archive, sheet_name = _open_workbook(_rewind(source), limits)
    archive.close()
    return Sheet(sheet_name, _read_xlsx_values(source, sheet_name, limits))


def read_table(
    source,
    columns: list[Column],
    *,
    name: str | None = None,
    percentages: bool = False,
    limits: Limits | None = None,
) -> Table:
    """The non-empty rows of the first data sheet of a workbook (or of a csv), below the header:
    the first of the first ten rows that names at least two of `columns`.

    `name` is the file's name, for its format (.xlsx, .xlsm or .csv); without it the source is read
    as a workbook. `percentages`: read a number in a cell formatted as a percentage as "40%"
    rather than 0.4 (reads every cell's format, which is slower). Whatever the file, this either
    returns or raises FileProblem with a Vietnamese message, within `limits` (settings)."""
    limits = limits or Limits.from_settings()
    suffix = _checked_suffix(source, name, limits, (".csv", ".xlsx", ".xlsm"))
    if suffix == ".csv":
        data = _rewind(source).read() if hasattr(source, "read") else Path(source).read_bytes()
        rows = _read_csv(data, limits)
    else:
        rows = _read_xlsx(source, percentages, limits)
    if not rows:
        raise _file_problem("Tệp không có dữ liệu.")
    known = set().union(*(c.names for c in columns))
    header_at = 0
    for index, (_n, values) in enumerate(rows[:HEADER_ALLOWANCE]):
        if sum(1 for v in values if not known.isdisjoint(header_keys(v))) >= 2:
            header_at = index
            break
    header_row, header = rows[header_at]
    data = rows[header_at + 1 :]
    if len(data) > limits.rows:
        raise _too_many_rows(data[-1][0], limits)
    return Table(header_row, [display(h) for h in header], data)


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


MIN_DATE = datetime.date(1900, 1, 1)


def check_date_range(date: datetime.date) -> datetime.date:
    """Dates before 01/01/1900 are typing mistakes in this domain (forms and imports alike)."""
    if date < MIN_DATE:
        raise ValueError(
            f"Ngày {date.day:02d}/{date.month:02d}/{date.year} trước 01/01/1900: kiểm tra lại năm."
        )
    return date


def _calendar_date(year: int, month: int, day: int) -> datetime.date:
    """A date from its parts, or ValueError saying which part does not exist."""
    written = f"{day:02d}/{month:02d}/{year}"
    if not 1 <= month <= 12:
        raise ValueError(f"Ngày {written} không tồn tại: tháng phải từ 1 đến 12.")
    if year < 1:
        raise ValueError(f"Ngày {written} không tồn tại: năm không hợp lệ.")
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise ValueError(f"Ngày {written} không tồn tại: tháng {month} năm {year} chỉ có {days} ngày.")
    return datetime.date(year, month, day)


def parse_date(value, *, years: bool = False, end: bool = False) -> datetime.date:
    """An Excel date (a date cell or its serial number), dd/mm/yyyy, d/m/yyyy or yyyy-mm-dd (any
    time after it ignored). With `years`, a year alone too: its first day, or with `end` its last.
    A well-written day that does not exist (31/02/2024) says so; dates before 1900 are refused."""
    message = _DATE_OR_YEAR_MESSAGE if years else _DATE_MESSAGE
    if isinstance(value, datetime.datetime):
        return check_date_range(value.date())
    if isinstance(value, datetime.date):
        return check_date_range(value)
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
            return check_date_range(_calendar_date(parts["y"], parts["m"], parts["d"]))
    raise ValueError(message)


def _excel_serial(number, message: str) -> datetime.date:
    from openpyxl.utils.datetime import from_excel

    if not (20000 <= number <= 80000):  # 1954 … 2119
        raise ValueError(message)
    return from_excel(number).date()
