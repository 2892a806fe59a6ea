"""Documents of the evaluation: the blank scoring sheet (xlsx, PDF), the council's score summary
(biên bản tổng hợp điểm, xlsx and PDF) and the recognition decision with its annex (docx).

Rows come from one producer per document (`sheet_rows`, `summary_rows`); the renderers only lay
them out. Cells that a spreadsheet would run as a formula are stored as text
(`ocop.core.spreadsheets.workbook_bytes`)."""

import io

from django.template.loader import render_to_string

from ocop.core.spreadsheets import workbook_bytes
from ocop.evaluation.models import DossierState, RubricMode, ScoreState

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_LINE = "Độc lập - Tự do - Hạnh phúc"


def _no_fetch(url, *args, **kwargs):
    raise ValueError(f"Không tải tài nguyên ngoài khi in: {url}")


def _pdf(template: str, context: dict) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template, {"motto": MOTTO, "motto_line": MOTTO_LINE, **context})
    return HTML(string=html, url_fetcher=_no_fetch, base_url=".").write_pdf()


def _xlsx(title: str, header: list, rows, widths: dict | None = None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([])
    sheet.append(header)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(list(row))
    for column, width in (widths or {}).items():
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=4):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    return workbook_bytes(workbook)  # the one formula guard (ocop.core.spreadsheets)


# ----------------------------------------------------------------- blank sheet


def sheet_rows(rubric):
    """[part/group/criterion/option rows]: (số, nội dung, điểm tối đa / điểm mức, chấm)."""
    rows = []
    for part in rubric.parts.all():
        rows.append((f"Phần {part.code}", part.name.upper(), part.max_points, ""))
        if rubric.mode == RubricMode.PART_TOTALS:
            continue
        group = None
        for criterion in rubric.criteria.filter(part=part).prefetch_related("options"):
            if criterion.group_number != group:
                group = criterion.group_number
                rows.append((group, criterion.group_name, "", ""))
            label = criterion.name + (f" — {criterion.knockout}" if criterion.knockout else "")
            rows.append((criterion.number, label, criterion.max_points, ""))
            for option in criterion.options.all():
                rows.append(("", f"☐ {option.text}", option.points, ""))
    for knockout in rubric.sheet_knockouts:
        rows.append(("", f"☐ Bị loại: {knockout['text']}", "", ""))
    rows.append(("", "TỔNG ĐIỂM", rubric.total_max, ""))
    return rows


def blank_sheet_xlsx(rubric) -> bytes:
    return _xlsx(
        f"Phiếu chấm {rubric.code}"[:31],
        ["Số", f"{rubric.name} ({rubric.regime.decision})", "Điểm", "Điểm chấm"],
        sheet_rows(rubric),
        widths={"A": 9, "B": 90, "C": 8, "D": 12},
    )


def blank_sheet_pdf(rubric) -> bytes:
    return _pdf("evaluation/pdf_sheet.html", {"rubric": rubric, "rows": sheet_rows(rubric)})


# ----------------------------------------------------------------- score summary


def summary_rows(round_):
    """One row per closed dossier: product, producer, each member's total, average, stars, notes."""
    dossiers = (
        round_.dossiers.filter(
            state__in=[DossierState.SCORED, DossierState.RECOGNISED, DossierState.NOT_RECOGNISED]
        )
        .select_related("product", "producer")
        .prefetch_related("scores__member")
        .order_by("-score", "product__name")
    )
    rows = []
    for index, dossier in enumerate(dossiers, start=1):
        totals = [f"{s.member}: {s.total}" for s in dossier.scores.all() if s.state == ScoreState.SUBMITTED]
        notes = list(dossier.result_reasons)
        for outlier in dossier.part_scores.get("outliers", []):
            notes.append(f"{outlier['member']} lệch {outlier['gap']} điểm so với trung bình")
        if dossier.potential_five_star:
            notes.append("Tiềm năng 5 sao")
        rows.append(
            [
                index,
                dossier.product.name,
                dossier.producer.name,
                "; ".join(totals),
                float(dossier.score) if dossier.score is not None else "",
                dossier.stars or "",
                " ".join(notes),
            ]
        )
    return rows


SUMMARY_HEADER = [
    "TT",
    "Sản phẩm",
    "Chủ thể",
    "Điểm của thành viên",
    "Điểm trung bình",
    "Hạng sao",
    "Ghi chú",
]


def summary_xlsx(round_) -> bytes:
    return _xlsx(
        f"Biên bản tổng hợp điểm — {round_.name}",
        SUMMARY_HEADER,
        summary_rows(round_),
        widths={"B": 35, "C": 30, "D": 50, "G": 50},
    )


def summary_pdf(round_) -> bytes:
    return _pdf(
        "evaluation/pdf_summary.html",
        {
            "round": round_,
            "header": SUMMARY_HEADER,
            "rows": summary_rows(round_),
            "councils": round_.councils.all(),
        },
    )


# ----------------------------------------------------------------- decision


def decision_document(decision) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = Document()
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading.add_run(f"{decision.issuer_name.upper()}\n").bold = True
    heading.add_run(f"{MOTTO}\n{MOTTO_LINE}").bold = True
    document.add_paragraph(f"Số: {decision.number}", style=None)
    document.add_paragraph(f"Ngày {decision.date:%d} tháng {decision.date:%m} năm {decision.date:%Y}")
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run("QUYẾT ĐỊNH\nVề việc công nhận sản phẩm đạt chuẩn OCOP").bold = True
    recognised = list(
        decision.dossiers.filter(state=DossierState.RECOGNISED).select_related(
            "product", "producer", "certificate"
        )
    )
    document.add_paragraph(
        f"Điều 1. Công nhận {len(recognised)} sản phẩm đạt chuẩn OCOP ({decision.round.name}) "
        "(chi tiết tại Phụ lục kèm theo)."
    )
    document.add_paragraph(
        "Điều 2. Giấy chứng nhận sản phẩm OCOP có giá trị 36 tháng kể từ ngày ký quyết định."
    )
    document.add_paragraph("Điều 3. Quyết định có hiệu lực kể từ ngày ký.")
    signature = document.add_paragraph()
    signature.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    signature.add_run(f"{decision.signer}").bold = True
    document.add_page_break()
    annex = document.add_paragraph()
    annex.alignment = WD_ALIGN_PARAGRAPH.CENTER
    annex.add_run(
        f"PHỤ LỤC\nDanh sách sản phẩm được công nhận (kèm theo Quyết định số {decision.number})"
    ).bold = True
    table = document.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells, ["TT", "Tên sản phẩm", "Chủ thể", "Điểm", "Hạng sao"], strict=True
    ):
        cell.text = text
    for index, dossier in enumerate(recognised, start=1):
        row = table.add_row().cells
        row[0].text = str(index)
        row[1].text = dossier.product.name
        row[2].text = dossier.producer.name
        row[3].text = f"{dossier.score}".replace(".", ",")
        row[4].text = f"{dossier.certificate.stars} sao"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
