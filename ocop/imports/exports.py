"""Exports of the product list: one row per product with its latest certificate and its status on a
date, in the columns the import reads back (an exported file re-imports with no changes).

Every export starts from a queryset the caller has already scoped (`export_products_for` scopes
with the registry selectors). Cells that a spreadsheet would run as a formula are neutralised.
"""

import csv
import datetime
import io
from collections.abc import Iterator

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from ocop.accounts import capabilities as caps
from ocop.certification.models import Certificate, IssuerLevel, Kind, Status
from ocop.certification.selectors import status_q
from ocop.core.tabular import DATE_FORMATS_HELP, Column
from ocop.geo.models import AdminUnit, Scheme
from ocop.geo.resolver import REFORM_DATE
from ocop.imports.imports import PRODUCT_COLUMNS
from ocop.registry import selectors as registry
from ocop.registry.models import ProducerType

STATUS_NONE = "Chưa công nhận"
COLUMNS: list[Column] = [
    Column("index", "STT", width=6),
    *PRODUCT_COLUMNS,
    Column("status", "Tình trạng", width=16),
]
DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")
STATUSES = {*Status.values, "valid"}


def _latest_certificate():
    return Subquery(
        Certificate.objects.filter(product=OuterRef("pk")).order_by("-decision_date", "-id").values("pk")[:1]
    )


def filter_products(queryset, filters, on: datetime.date | None = None):
    """The product-list filters: q, scheme + unit (province code in that scheme), group, stars
    (of the latest certificate), status (of the latest certificate on `on`), producer_type."""
    on = on or timezone.localdate()
    get = filters.get
    queryset = registry.search_products(queryset, get("q") or "")
    if get("unit"):
        scheme = get("scheme") if get("scheme") in Scheme.values else Scheme.CURRENT
        try:
            unit = AdminUnit.objects.get(scheme=scheme, level="province", code=int(get("unit")))
        except (AdminUnit.DoesNotExist, ValueError):
            return queryset.none()
        queryset = registry.filter_by_unit(queryset, unit, "producer__")
    if get("group"):
        queryset = queryset.filter(group__stats_code=get("group"))
    if get("producer_type") in ProducerType.values:
        queryset = queryset.filter(producer__producer_type=get("producer_type"))
    if get("stars") or get("status") in STATUSES:
        queryset = queryset.annotate(latest_certificate=_latest_certificate())
    if get("stars"):
        try:
            stars = int(get("stars"))
        except ValueError:
            return queryset.none()
        queryset = queryset.filter(
            latest_certificate__in=Certificate.objects.filter(stars=stars).values("pk")
        )
    if get("status") in STATUSES:
        queryset = queryset.filter(
            latest_certificate__in=Certificate.objects.filter(status_q(get("status"), on)).values("pk")
        )
    return queryset.distinct()


def export_products_for(user, filters, on: datetime.date | None = None):
    """The products `user` may see, filtered like the product list."""
    return filter_products(registry.visible_products(user, caps.VIEW_REGISTRY), filters, on)


def _place(producer, certificate) -> tuple[str, str, str]:
    """(commune, district, province) in the scheme the recognition was made in when known, so
    the import resolves the same place again."""
    legacy = producer.legacy_commune_id and (
        producer.commune_id is None or (certificate and certificate.decision_date < REFORM_DATE)
    )
    if legacy:
        return (
            producer.legacy_commune.name,
            producer.legacy_district.name if producer.legacy_district_id else "",
            (producer.legacy_province or producer.province).name,
        )
    return (producer.commune.name if producer.commune_id else "", "", producer.province.name)


def product_rows(queryset, on: datetime.date | None = None) -> Iterator[list]:
    """Rows of values (dates as dates, numbers as numbers) in `COLUMNS` order."""
    on = on or timezone.localdate()
    queryset = (
        queryset.select_related(
            "producer__province",
            "producer__commune",
            "producer__legacy_province",
            "producer__legacy_district",
            "producer__legacy_commune",
            "group",
            "product_set",
        )
        .annotate(latest_certificate_id=_latest_certificate())
        .order_by("producer__province__sort_key", "sort_key", "pk")
    )
    index = 0
    chunk: list = []

    def flush(products):
        nonlocal index
        ids = [p.latest_certificate_id for p in products if p.latest_certificate_id]
        certificates = Certificate.objects.in_bulk(ids)
        for product in products:
            index += 1
            yield _row(index, product, certificates.get(product.latest_certificate_id), on)

    for product in queryset.iterator(chunk_size=2000):
        chunk.append(product)
        if len(chunk) == 2000:
            yield from flush(chunk)
            chunk = []
    yield from flush(chunk)


def _row(index: int, product, certificate, on) -> list:
    producer = product.producer
    commune, district, province = _place(producer, certificate)
    values = {
        "index": index,
        "product_name": product.name,
        "group": product.group.name,
        "product_set": product.product_set.name if product.product_set_id else "",
        "producer_name": producer.name,
        "producer_type": str(ProducerType(producer.producer_type).label),
        "tax_code": producer.tax_code,
        "address": producer.address,
        "commune": commune,
        "district": district,
        "province": province,
        "status": STATUS_NONE,
    }
    if certificate:
        values |= {
            "stars": certificate.stars,
            "score": float(certificate.score) if certificate.score is not None else None,
            "decision_number": certificate.decision_number,
            "decision_date": certificate.decision_date,
            "issuer_level": str(IssuerLevel(certificate.issuer_level).label),
            "kind": str(Kind(certificate.kind).label),
            "valid_until": certificate.valid_until,
            "status": str(certificate.get_status_display_on(on)),
        }
    return [values.get(column.field) for column in COLUMNS]


def _dangerous(value) -> bool:
    return isinstance(value, str) and value.startswith(DANGEROUS_START)


def write_csv(queryset, on=None) -> bytes:
    """UTF-8 with BOM (Excel opens it as Unicode); formulas neutralised with a leading apostrophe."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([c.label for c in COLUMNS])
    for row in product_rows(queryset, on):
        writer.writerow([_csv_cell(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, float):
        return (str(int(value)) if value.is_integer() else str(value)).replace(".", ",")
    if _dangerous(value):
        return "'" + value
    return str(value)


def write_xlsx(queryset, on=None) -> bytes:
    """openpyxl write-only: bold header, column widths, real dates shown dd/mm/yyyy, text that
    looks like a formula stored as text."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Danh sách sản phẩm OCOP")
    for position, column in enumerate(COLUMNS, 1):
        sheet.column_dimensions[get_column_letter(position)].width = column.width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for column in COLUMNS:
        cell = WriteOnlyCell(sheet, value=column.label)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in product_rows(queryset, on):
        cells = []
        for value in row:
            if isinstance(value, datetime.date):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = "DD/MM/YYYY"
            elif _dangerous(value):
                cell = WriteOnlyCell(sheet, value=value)
                cell.data_type = "s"
                cell.quotePrefix = True
            else:
                cell = value
            cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def problems_xlsx(problems: list[dict], *, title: str = "") -> bytes:
    """Every problem of a batch: row, column, value, reason (the page shows the first few hundred)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Lỗi")
    for letter, width in zip("ABCD", (8, 24, 40, 90), strict=True):
        sheet.column_dimensions[letter].width = width
    if title:
        sheet.append([_safe(sheet, f"Tệp: {title}")])
    header = []
    for label in ("Dòng", "Cột", "Giá trị", "Lý do"):
        cell = WriteOnlyCell(sheet, value=label)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for problem in problems:
        sheet.append(
            [problem.get("row") or ""]
            + [_safe(sheet, problem.get(key, "")) for key in ("column", "value", "message")]
        )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _safe(sheet, value):
    from openpyxl.cell import WriteOnlyCell

    if not _dangerous(value):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell


# --------------------------------------------------------------------------------------------
# Blank templates to fill in


def template_xlsx(kind: str) -> bytes:
    """A template for `kind` ("products" or "producers"): the header, one example row, drop-down
    lists where the values are fixed, a "Danh mục" sheet with the lists and a "Hướng dẫn" sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from ocop.imports.imports import COLUMNS as IMPORT_COLUMNS
    from ocop.rules.selectors import certified_stars, groups, product_sets

    columns = IMPORT_COLUMNS[kind]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách"
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="FDE9D9")
    sheet.append([c.label + (" (*)" if c.required else "") for c in columns])
    for position, column in enumerate(columns, 1):
        cell = sheet.cell(row=1, column=position)
        cell.font = bold
        if column.required:
            cell.fill = fill
        sheet.column_dimensions[get_column_letter(position)].width = max(column.width, len(column.label) + 6)
    sheet.append([c.example for c in columns])
    for position, column in enumerate(columns, 1):
        if isinstance(column.example, datetime.date):
            sheet.cell(row=2, column=position).number_format = "DD/MM/YYYY"
    sheet.freeze_panes = "A2"

    lists = workbook.create_sheet("Danh mục")
    choices = {
        "group": [g.name for g in groups()],
        "product_set": [s.name for s in product_sets()],
        "producer_type": [str(label) for _value, label in ProducerType.choices],
        "kind": [str(label) for _value, label in Kind.choices],
        "issuer_level": [str(label) for _value, label in IssuerLevel.choices],
        "stars": [str(stars) for stars in certified_stars()],
        "is_sme": ["x"],
        "women_led": ["x"],
        "ethnic_minority_led": ["x"],
    }
    used = [c for c in columns if c.field in choices]
    for list_column, column in enumerate(used, 1):
        letter = get_column_letter(list_column)
        lists.cell(row=1, column=list_column, value=column.label).font = bold
        for offset, value in enumerate(choices[column.field], 2):
            lists.cell(row=offset, column=list_column, value=value)
        lists.column_dimensions[letter].width = 40
        end = len(choices[column.field]) + 1
        # Not strict: people paste names without diacritics or codes, which the import accepts.
        validation = DataValidation(
            type="list",
            formula1=f"='Danh mục'!${letter}$2:${letter}${end}",
            allow_blank=True,
            showErrorMessage=False,
        )
        target = get_column_letter(columns.index(column) + 1)
        validation.add(f"{target}2:{target}5000")
        sheet.add_data_validation(validation)

    guide = workbook.create_sheet("Hướng dẫn")
    title = "Danh sách sản phẩm OCOP" if kind == "products" else "Danh sách chủ thể OCOP"
    guide.append([f"Hướng dẫn điền {title.lower()}"])
    guide["A1"].font = Font(bold=True, size=14)
    notes = [
        "Điền mỗi dòng một "
        + ("sản phẩm được công nhận (một quyết định)." if kind == "products" else "chủ thể."),
        "Giữ nguyên dòng tiêu đề; cột có dấu (*) là bắt buộc. Có thể thêm cột STT; cột lạ sẽ bị bỏ qua.",
        "Dòng 2 là ví dụ: xoá hoặc ghi đè trước khi nhập.",
        "Tên có thể viết có hoặc không có dấu, hoa hay thường đều được.",
        f"Ngày: {DATE_FORMATS_HELP}.",
        "Địa chỉ: dùng địa giới hiện hành (34 tỉnh, không có cấp huyện) hoặc địa giới cũ (63 tỉnh, "
        "ghi cả Huyện) nếu quyết định trước 01/07/2025.",
        "Hệ thống kiểm tra tất cả các dòng và liệt kê mọi lỗi trước khi nhập; nhập lại cùng một tệp "
        "không tạo dữ liệu trùng.",
    ]
    for note in notes:
        guide.append([note])
    guide.append([])
    guide.append(["Cột", "Bắt buộc", "Mô tả", "Giá trị chấp nhận", "Ví dụ"])
    header_row = guide.max_row
    for cell in guide[header_row]:
        cell.font = bold
    for column in columns:
        example = column.example
        if isinstance(example, datetime.date):
            example = f"{example:%d/%m/%Y}"
        guide.append([column.label, "Có" if column.required else "", column.help, column.accepted, example])
    for letter, width in zip("ABCDE", (24, 10, 70, 60, 26), strict=True):
        guide.column_dimensions[letter].width = width
    for row in guide.iter_rows(min_row=header_row + 1):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
