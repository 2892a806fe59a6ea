"""Writers that lay a `narrative.Report` out as a Vietnamese administrative document.

Layout follows Nghị định 30/2020/NĐ-CP (công tác văn thư): A4, Times New Roman 13–14 pt, margins
top/bottom 2 cm, left 3 cm, right 2 cm; the issuing body on the left and the national motto on
the right of a borderless header table; place and date in italics; "BÁO CÁO" and its summary in
bold; sections numbered I., II.; justified paragraphs; "Nơi nhận:" and the signature at the end.
"""

import datetime
import io

from django.template.loader import render_to_string

from ocop.core import spreadsheets
from ocop.reporting.narrative import Report, cell_text, is_number

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_LINE = "Độc lập - Tự do - Hạnh phúc"
FONT = "Times New Roman"
NUMBER_ROW = "Số:        /BC-VPĐP"

FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


# --- docx --------------------------------------------------------------------------------------


def _font(run, *, size=None, bold=None, italic=None, underline=None):
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = FONT
    # Word takes Vietnamese letters from the "cs"/"eastAsia" slots too; set them all.
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(slot), FONT)
    if size:
        run.font.size = Pt(size)
    if bold is not None:
        run.bold = bold
    if italic is not None:
        run.italic = italic
    if underline is not None:
        run.underline = underline
    return run


def _paragraph(
    container,
    text="",
    *,
    align=None,
    size=13,
    bold=False,
    italic=False,
    underline=False,
    indent=None,
    after=0,
    before=0,
):
    from docx.shared import Cm, Pt

    paragraph = container.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.space_after, fmt.space_before = Pt(after), Pt(before)
    if indent:
        fmt.first_line_indent = Cm(indent)
    if text:
        _font(paragraph.add_run(text), size=size, bold=bold, italic=italic, underline=underline)
    return paragraph


def _cell_paragraph(cell, text, **options):
    """Write into a table cell, reusing the empty paragraph a new cell comes with."""
    first = cell.paragraphs[0]
    if not first.text and not first.runs:
        from docx.shared import Pt

        if options.get("align") is not None:
            first.alignment = options["align"]
        first.paragraph_format.space_after = Pt(options.get("after", 0))
        _font(
            first.add_run(text),
            size=options.get("size", 13),
            bold=options.get("bold", False),
            italic=options.get("italic", False),
            underline=options.get("underline", False),
        )
        return first
    return _paragraph(cell, text, **options)


def _no_borders(table):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _widths(table, widths_cm):
    from docx.shared import Cm

    table.autofit = False
    # LibreOffice reads the grid, Word the cells: set both.
    for column, width in zip(table.columns, widths_cm, strict=False):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=False):
            cell.width = Cm(width)


def write_docx(report: Report, path_or_stream) -> None:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    center, justify, right = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.RIGHT
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(13)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia", FONT
    )
    properties = document.core_properties
    properties.title = f"{report.title} {report.subtitle}"
    properties.language = "vi-VN"

    header = document.add_table(rows=2, cols=2)
    _no_borders(header)
    _widths(header, (6, 10))
    issuer, office = report.issuer
    left, right_cell = header.cell(0, 0), header.cell(0, 1)
    _cell_paragraph(left, issuer, align=center, size=13)
    _cell_paragraph(left, office, align=center, size=13, bold=True)
    _cell_paragraph(right_cell, MOTTO, align=center, size=12, bold=True)
    _cell_paragraph(right_cell, MOTTO_LINE, align=center, size=13, bold=True, underline=True)
    _cell_paragraph(header.cell(1, 0), NUMBER_ROW, align=center, size=13, after=0)
    _cell_paragraph(header.cell(1, 1), report.place_and_date, align=center, size=13, italic=True)
    for cell in (header.cell(1, 0), header.cell(1, 1)):
        cell.paragraphs[0].paragraph_format.space_before = Pt(6)

    _paragraph(document, report.title, align=center, size=14, bold=True, before=18)
    _paragraph(document, report.subtitle, align=center, size=14, bold=True, after=18)

    for heading, paragraphs in report.numbered_sections:
        _paragraph(document, heading, align=justify, size=13, bold=True, before=6, after=6, indent=1)
        for text in paragraphs:
            _paragraph(document, text, align=justify, size=13, indent=1, after=6)

    if report.tables:
        _paragraph(document, "PHỤ LỤC SỐ LIỆU", align=center, size=13, bold=True, before=12, after=6)
    for title, header_row, rows in report.tables:
        _paragraph(document, title, align=center, size=13, bold=True, before=6, after=6)
        table = document.add_table(rows=1 + len(rows), cols=len(header_row))
        table.style = document.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for col, text in enumerate(header_row):
            _cell_paragraph(table.cell(0, col), text, align=center, size=12, bold=True)
        for r, row in enumerate(rows, start=1):
            is_total = str(row[0]) == "Tổng cộng"
            for col, value in enumerate(row):
                align = right if is_number(value) else (center if isinstance(value, datetime.date) else None)
                _cell_paragraph(table.cell(r, col), cell_text(value), align=align, size=12, bold=is_total)

    signature = document.add_table(rows=1, cols=2)
    _no_borders(signature)
    _widths(signature, (8, 8))
    left, right_cell = signature.cell(0, 0), signature.cell(0, 1)
    _cell_paragraph(left, "Nơi nhận:", size=12, bold=True, italic=True)
    for i, recipient in enumerate(report.recipients):
        last = i == len(report.recipients) - 1
        _cell_paragraph(left, f"- {recipient}{'.' if last else ';'}", size=11)
    _cell_paragraph(right_cell, report.signer, align=center, size=13, bold=True)
    _cell_paragraph(right_cell, "(Ký, ghi rõ họ tên, đóng dấu)", align=center, size=13, italic=True)
    left.paragraphs[0].paragraph_format.space_before = Pt(12)
    right_cell.paragraphs[0].paragraph_format.space_before = Pt(12)

    document.save(path_or_stream)


# --- pdf ---------------------------------------------------------------------------------------


def _no_fetch(url, *args, **kwargs):
    # The report is self-contained; nothing may be fetched (closed networks, no surprises).
    raise ValueError(f"Không tải tài nguyên ngoài khi in báo cáo: {url}")


def report_html(report: Report) -> str:
    return render_to_string(
        "reporting/report_pdf.html",
        {"report": report, "motto": MOTTO, "motto_line": MOTTO_LINE, "number_row": NUMBER_ROW},
    )


def write_pdf(report: Report, path_or_stream) -> None:
    from weasyprint import HTML

    HTML(string=report_html(report), url_fetcher=_no_fetch, base_url=".").write_pdf(path_or_stream)


# --- xlsx --------------------------------------------------------------------------------------


def _sheet_title(title: str) -> str:
    # "Bảng 3. Chủ thể …" → "Bảng 3"; Excel allows 31 characters and no []:*?/\ .
    return title.split(".")[0][:31]


def write_xlsx(report: Report, path_or_stream) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, header, rows in report.tables:
        sheet = workbook.create_sheet(_sheet_title(title))
        sheet.append([title])
        sheet["A1"].font = Font(bold=True, size=12)
        sheet.append([f"{report.place.label} — số liệu đến ngày {report.as_of:%d/%m/%Y}"])
        sheet.append(header)
        for cell in sheet[3]:
            cell.font = bold
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        for row in rows:
            sheet.append(list(row))
            current = sheet.max_row
            for cell in sheet[current]:
                if isinstance(cell.value, datetime.date):
                    cell.number_format = "DD/MM/YYYY"
                elif isinstance(cell.value, float):
                    cell.number_format = "0.0"
                elif isinstance(cell.value, int):
                    cell.number_format = "#,##0"
            if str(row[0]) == "Tổng cộng":
                for cell in sheet[current]:
                    cell.font = bold
        for col, name in enumerate(header, start=1):
            longest = max([len(str(name)), *(len(str(row[col - 1])) for row in rows if col - 1 < len(row))])
            sheet.column_dimensions[get_column_letter(col)].width = min(60, max(10, longest + 2))
        sheet.freeze_panes = "A4"

    text = workbook.create_sheet("Nội dung")
    text.column_dimensions["A"].width = 120
    text.append([report.title])
    text.append([report.subtitle])
    text.append([report.place_and_date])
    for cell in ("A1", "A2"):
        text[cell].font = bold
    for heading, paragraphs in report.numbered_sections:
        text.append([])
        text.append([heading])
        text.cell(row=text.max_row, column=1).font = bold
        for paragraph in paragraphs:
            text.append([paragraph])
            text.cell(row=text.max_row, column=1).alignment = Alignment(wrap_text=True, vertical="top")
    workbook.properties.title = f"{report.title} {report.subtitle}"
    # Names typed by people (products, producers) become cells: "=1+1" must stay text.
    spreadsheets.neutralise(workbook)
    workbook.save(path_or_stream)


WRITERS = {"docx": write_docx, "pdf": write_pdf, "xlsx": write_xlsx}


def render(report: Report, fmt: str) -> bytes:
    """The document in `fmt` (docx, pdf, xlsx) as bytes."""
    if fmt not in WRITERS:
        raise ValueError(f"Định dạng không hỗ trợ: {fmt!r} (chọn docx, pdf hoặc xlsx).")
    buffer = io.BytesIO()
    WRITERS[fmt](report, buffer)
    return buffer.getvalue()
