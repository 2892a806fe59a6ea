"""Every spreadsheet the system writes (.xlsx and .csv): exports, import templates, problem lists,
the narrative report's tables.

- One guard: `formula_like` says which text a spreadsheet would run as a formula (a product named
  `=HYPERLINK(...)` or `=1+1`); every writer here stores such text as text (a quote-prefixed
  string cell in .xlsx, a leading apostrophe in .csv, which our import reads back as written).
- Exporters are rows produced once (`columns`, an iterable of rows) and rendered by `render_csv`,
  `render_xlsx`; import templates by `render_template` (the header, example rows, drop-down
  lists, a "Hướng dẫn" sheet). `neutralise` makes a workbook built cell by cell safe before save;
  `workbook_bytes` neutralises and saves one (documents, a member's scoring sheet).
"""

import csv
import datetime
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def formula_like(value) -> bool:
    """The guard: text a spreadsheet application would take for a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_START)


def csv_cell(value) -> str:
    """A value as a CSV field: dates dd/mm/yyyy, decimal commas, formulas neutralised."""
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, float):
        return (str(int(value)) if value.is_integer() else str(value)).replace(".", ",")
    if formula_like(value):
        return "'" + value
    return str(value)


def _as_text(cell) -> None:
    cell.data_type = "s"
    cell.quotePrefix = True


def xlsx_cell(sheet, value):
    """A value for a write-only sheet's row: dates shown dd/mm/yyyy, formula-like text as text."""
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "DD/MM/YYYY"
        return cell
    if formula_like(value):
        cell = WriteOnlyCell(sheet, value=value)
        _as_text(cell)
        return cell
    return value


def neutralise(workbook) -> None:
    """Every formula-like text cell of a workbook built cell by cell becomes text (call before save)."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if formula_like(cell.value):
                    _as_text(cell)


def workbook_bytes(workbook) -> bytes:
    """A workbook built cell by cell, neutralised (the one guard) and saved as .xlsx bytes."""
    neutralise(workbook)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@dataclass(frozen=True)
class SheetColumn:
    label: str
    width: int = 18


def render_csv(columns: Sequence, rows: Iterable[Sequence]) -> bytes:
    """UTF-8 with BOM (Excel opens it as Unicode)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([csv_cell(c.label) for c in columns])
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def render_xlsx(columns: Sequence, rows: Iterable[Sequence], *, title: str, caption: str = "") -> bytes:
    """openpyxl write-only: an optional caption row, a bold header, widths, frozen header."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    for position, column in enumerate(columns, 1):
        sheet.column_dimensions[get_column_letter(position)].width = getattr(column, "width", 18)
    if caption:
        sheet.append([xlsx_cell(sheet, caption)])
    sheet.freeze_panes = "A3" if caption else "A2"
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=column.label)
        cell.font = Font(bold=True)
        if formula_like(column.label):
            _as_text(cell)
        header.append(cell)
    sheet.append(header)
    for row in rows:
        sheet.append([xlsx_cell(sheet, v) for v in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@dataclass
class Template:
    """An import template: `columns` (core.tabular.Column: label, required, help, accepted,
    example, width), example rows, drop-down lists by field, and the guide's notes and tables."""

    title: str  # the guide's heading
    sheet_title: str
    columns: Sequence
    examples: list[list] = field(default_factory=list)  # default: each column's example
    lists: dict[str, list[str]] = field(default_factory=dict)  # field → allowed values
    notes: list[str] = field(default_factory=list)
    extra_tables: list[tuple[list[str], list[list]]] = field(default_factory=list)  # (header, rows)


def render_template(template: Template) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    columns = list(template.columns)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = template.sheet_title
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="FDE9D9")
    sheet.append([c.label + (" (*)" if c.required else "") for c in columns])
    for position, column in enumerate(columns, 1):
        cell = sheet.cell(row=1, column=position)
        cell.font = bold
        if column.required:
            cell.fill = fill
        sheet.column_dimensions[get_column_letter(position)].width = max(column.width, len(column.label) + 6)
    for example in template.examples or [[c.example for c in columns]]:
        sheet.append(example)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, datetime.date):
                cell.number_format = "DD/MM/YYYY"
    sheet.freeze_panes = "A2"

    used = [c for c in columns if c.field in template.lists]
    if used:
        lists = workbook.create_sheet("Danh mục")
        for list_column, column in enumerate(used, 1):
            letter = get_column_letter(list_column)
            values = template.lists[column.field]
            lists.cell(row=1, column=list_column, value=column.label).font = bold
            for offset, value in enumerate(values, 2):
                lists.cell(row=offset, column=list_column, value=value)
            lists.column_dimensions[letter].width = 40
            # Not strict: people paste names without diacritics or codes, which the import accepts.
            validation = DataValidation(
                type="list",
                formula1=f"='Danh mục'!${letter}$2:${letter}${len(values) + 1}",
                allow_blank=True,
                showErrorMessage=False,
            )
            target = get_column_letter(columns.index(column) + 1)
            validation.add(f"{target}2:{target}5000")
            sheet.add_data_validation(validation)

    guide = workbook.create_sheet("Hướng dẫn")
    guide.append([template.title])
    guide["A1"].font = Font(bold=True, size=14)
    for note in template.notes:
        guide.append([note])
    tables = [
        (
            ["Cột", "Bắt buộc", "Mô tả", "Giá trị chấp nhận", "Ví dụ"],
            [
                [
                    c.label,
                    "Có" if c.required else "",
                    c.help,
                    c.accepted,
                    f"{c.example:%d/%m/%Y}" if isinstance(c.example, datetime.date) else c.example,
                ]
                for c in columns
            ],
        ),
        *template.extra_tables,
    ]
    first_table_row = guide.max_row + 2
    for header, rows in tables:
        guide.append([])
        guide.append(header)
        for cell in guide[guide.max_row]:
            cell.font = bold
        for row in rows:
            guide.append(row)
    for letter, width in zip("ABCDE", (24, 10, 70, 60, 26), strict=True):
        guide.column_dimensions[letter].width = width
    for row in guide.iter_rows(min_row=first_table_row):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    neutralise(workbook)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
