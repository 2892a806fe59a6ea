"""A corpus of broken, hostile and odd input files for the product-list import.

Each case writes one file into a folder and says what must come of it: a refusal of the whole
file (`"file"`), row problems (`"rows"`), or an import (`"import"`). Used by the corpus test and
by `bench/bench_broken_files.py`, which records each case's outcome, time and memory.
"""

import csv
import io
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ocop.imports.tests.import_helpers import HEADERS, product_row, write_csv, write_xlsx

COMMUNE = "Phường Cái Khế"  # of Cần Thơ, the helpers' default province


def good(**values) -> dict:
    return product_row(**{"Xã/Phường": COMMUNE, **values})


# --------------------------------------------------------------------------------------------
# A minimal .xlsx written by hand: exactly the cells asked for (openpyxl would pad or refuse).

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Danh sách" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _column(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _cell(ref: str, value) -> str:
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{_escape(str(value))}</t></is></c>'


def raw_xlsx(path: Path, rows, extra_cells: dict[str, object] | None = None, sheet_xml: str | None = None):
    """Rows of values from A1, then `extra_cells` {"XFD1048576": "x"} each in its own row."""
    if sheet_xml is None:
        parts = []
        for number, values in enumerate(rows, 1):
            cells = "".join(_cell(f"{_column(i)}{number}", v) for i, v in enumerate(values, 1) if v != "")
            parts.append(f'<row r="{number}">{cells}</row>')
        for ref, value in (extra_cells or {}).items():
            row = int("".join(ch for ch in ref if ch.isdigit()))
            parts.append(f'<row r="{row}">{_cell(ref, value)}</row>')
        sheet_xml = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f"<sheetData>{''.join(parts)}</sheetData></worksheet>"
        )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml)
    return path


def _rows(dicts: list[dict]) -> list[list]:
    return [HEADERS] + [[d.get(h, "") for h in HEADERS] for d in dicts]


# --------------------------------------------------------------------------------------------
# The cases


@dataclass(frozen=True)
class Case:
    name: str
    filename: str
    expect: str  # "file": the whole file refused; "rows": row problems; "import": imported
    build: Callable[[Path], None]
    web: bool = True  # also through the upload page (the biggest files are CLI only in tests)


def _write(data: bytes):
    return lambda path: path.write_bytes(data)


def _fake_zip(path: Path):
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")


def _truncated_xlsx(path: Path):
    full = path.with_suffix(".full")
    write_xlsx(full, [good()])
    path.write_bytes(full.read_bytes()[:1500])
    full.unlink()


def _many_rows_csv(count: int):
    def build(path: Path):
        row = [good().get(h, "") for h in HEADERS]
        with open(path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(HEADERS)
            for n in range(count):
                writer.writerow([f"{row[0]} {n}", *row[1:]])

    return build


def _many_rows_xlsx(count: int):
    def build(path: Path):
        values = [good().get(h, "") for h in HEADERS]
        head = "".join(_cell(f"{_column(i)}1", v) for i, v in enumerate(HEADERS, 1))
        body = io.StringIO()
        for number in range(2, count + 2):
            cells = "".join(
                _cell(f"{_column(i)}{number}", f"{v} {number}" if i == 1 else v)
                for i, v in enumerate(values, 1)
                if v != ""
            )
            body.write(f'<row r="{number}">{cells}</row>')
        raw_xlsx(
            path,
            [],
            sheet_xml=(
                '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                f'<row r="1">{head}</row>{body.getvalue()}</sheetData></worksheet>'
            ),
        )

    return build


def _zip_bomb(path: Path):
    # 250 MB of XML once decompressed (spaces compress ~1000:1).
    filler = " " * (250 * 1024 * 1024)
    raw_xlsx(
        path,
        [],
        sheet_xml='<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{filler}</sheetData></worksheet>",
    )


def _formulas(path: Path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    sheet.append([good().get(h, "") for h in HEADERS])
    sheet["A2"] = "=1+1"
    sheet["K2"] = "=2+2"
    workbook.save(path)


def _cp1258(path: Path):
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(HEADERS)
    writer.writerow([good(**{"Tên sản phẩm": "Nước mắm Phú Quốc"}).get(h, "") for h in HEADERS])
    path.write_bytes(to_cp1258(text.getvalue()))


def to_cp1258(text: str) -> bytes:
    """Windows-1258: â ê ô ơ ư ă đ precomposed, tone marks as combining characters."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            base, *marks = unicodedata.normalize("NFD", char)
            for mark in marks:  # the mark cp1258 has precomposed (â ê ô ơ ư ă), the others combining
                combined = unicodedata.normalize("NFC", base + mark)
                if len(combined) == 1 and combined.encode("cp1258", "ignore"):
                    base, marks = combined, [m for m in marks if m != mark]
                    break
            out += (base + "".join(marks)).encode("cp1258")
    return bytes(out)


def _html(path: Path):
    page = "<html><body><table><tr><td>Tên sản phẩm</td></tr></table></body></html>"
    path.write_text(page, encoding="utf-8")


CASES = [
    Case("empty .xlsx (0 bytes)", "empty.xlsx", "file", _write(b"")),
    Case("empty .csv (0 bytes)", "empty.csv", "file", _write(b"")),
    Case("text named .xlsx", "not.xlsx", "file", _write("Tên sản phẩm, Số sao\n".encode())),
    Case("zip that is not a workbook", "fake.xlsx", "file", _fake_zip),
    Case("truncated .xlsx", "truncated.xlsx", "file", _truncated_xlsx),
    Case("HTML named .xlsx", "page.xlsx", "file", _html),
    Case("HTML named .csv", "page.csv", "file", _html),
    Case(
        "wrong headers",
        "headers.xlsx",
        "file",
        lambda p: raw_xlsx(p, [["Cột A", "Cột B", "Cột C"], ["1", "2", "3"]]),
    ),
    Case(
        "one cell at XFD1048576 (sparse, 5 KB)",
        "sparse-corner.xlsx",
        "file",
        lambda p: raw_xlsx(p, _rows([good()]), {"XFD1048576": "x"}),
    ),
    Case(
        "one cell in the last row (A1048576)",
        "sparse-last-row.xlsx",
        "file",
        lambda p: raw_xlsx(p, _rows([good()]), {"A1048576": "x"}),
    ),
    Case(
        "one cell in the last column (XFD3)",
        "sparse-last-column.xlsx",
        "file",
        lambda p: raw_xlsx(p, _rows([good()]), {"XFD3": "x"}),
    ),
    Case("300,000 rows (.csv)", "many.csv", "file", _many_rows_csv(300_000), web=False),
    Case("300,000 rows (.xlsx)", "many.xlsx", "file", _many_rows_xlsx(300_000), web=False),
    Case("zip bomb (250 MB of XML)", "bomb.xlsx", "file", _zip_bomb, web=False),
    Case("formulas", "formulas.xlsx", "rows", _formulas),
    Case(
        "HTML and script in cells",
        "html-cells.xlsx",
        "import",
        lambda p: raw_xlsx(p, _rows([good(**{"Tên sản phẩm": "<script>alert(1)</script> Gạo <b>ST25</b>"})])),
    ),
    Case(
        "emoji in names",
        "emoji.xlsx",
        "import",
        lambda p: raw_xlsx(
            p, _rows([good(**{"Tên sản phẩm": "Gạo 🌾 ST25 ⭐", "Tên chủ thể": "HTX 🐝 Mật ong"})])
        ),
    ),
    Case(
        "5,000-character name and address",
        "long-names.xlsx",
        "rows",
        lambda p: raw_xlsx(p, _rows([good(**{"Tên sản phẩm": "Gạo " * 1250, "Địa chỉ": "Ấp " * 1700})])),
    ),
    Case(
        "5,000-character decision number",
        "long-decision.xlsx",
        "rows",
        lambda p: raw_xlsx(p, _rows([good(**{"Số quyết định": "1" * 5000})])),
    ),
    Case(
        "200 KB field (.csv)",
        "long-field.csv",
        "file",
        lambda p: write_csv(p, [good(**{"Tên sản phẩm": "x" * 200_000})]),
    ),
    Case(
        "impossible dates (31/02/2024, 01/01/1800, 99/99/9999)",
        "dates.xlsx",
        "rows",
        lambda p: raw_xlsx(
            p,
            _rows(
                [
                    good(**{"Ngày quyết định": "31/02/2024"}),
                    good(**{"Ngày quyết định": "01/01/1800", "Tên sản phẩm": "B"}),
                    good(**{"Ngày quyết định": "99/99/9999", "Tên sản phẩm": "C"}),
                ]
            ),
        ),
    ),
    Case("Windows-1258 .csv", "cp1258.csv", "import", _cp1258),
    Case("semicolon .csv", "semicolon.csv", "import", lambda p: write_csv(p, [good()], delimiter=";")),
    Case(
        "NUL bytes (.csv)",
        "nul.csv",
        "file",
        lambda p: p.write_bytes(("Tên sản phẩm,Số sao\nGạo\x00,4\n").encode()),
    ),
    Case(
        "binary noise named .csv",
        "noise.csv",
        "file",
        lambda p: p.write_bytes(bytes(range(256)) * 40),
    ),
]
