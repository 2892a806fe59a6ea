"""Exports of the product list: one row per product with its latest certificate and its status on a
date, in the columns the import reads back (an exported file re-imports with no changes).

Every export starts from a queryset the caller has already scoped (`export_products_for` scopes
with the registry selectors). Cells that a spreadsheet would run as a formula are neutralised.
"""

import datetime
from collections.abc import Iterator

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from ocop.accounts import capabilities as caps
from ocop.certification.models import Certificate, IssuerLevel, Kind, Status
from ocop.certification.selectors import status_q
from ocop.core import spreadsheets
from ocop.core.tabular import DATE_FORMATS_HELP, Column, Limits
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


def write_csv(queryset, on=None) -> bytes:
    """The product list as .csv (rows produced once by `product_rows`, rendered by core.spreadsheets)."""
    return spreadsheets.render_csv(COLUMNS, product_rows(queryset, on))


def write_xlsx(queryset, on=None) -> bytes:
    """The product list as .xlsx: bold header, widths, real dates shown dd/mm/yyyy."""
    return spreadsheets.render_xlsx(COLUMNS, product_rows(queryset, on), title="Danh sách sản phẩm OCOP")


PROBLEM_COLUMNS = [
    spreadsheets.SheetColumn("Dòng", 8),
    spreadsheets.SheetColumn("Cột", 24),
    spreadsheets.SheetColumn("Giá trị", 40),
    spreadsheets.SheetColumn("Lý do", 90),
]


def problems_xlsx(problems: list[dict], *, title: str = "") -> bytes:
    """Every problem of a batch: row, column, value, reason (the page shows the first few hundred)."""
    rows = (
        [p.get("row") or "", p.get("column", ""), p.get("value", ""), p.get("message", "")] for p in problems
    )
    return spreadsheets.render_xlsx(
        PROBLEM_COLUMNS, rows, title="Lỗi", caption=f"Tệp: {title}" if title else ""
    )


# --------------------------------------------------------------------------------------------
# Blank templates to fill in


def template_xlsx(kind: str) -> bytes:
    """A template for `kind` ("products" or "producers"): the header, one example row, drop-down
    lists where the values are fixed, a "Danh mục" sheet with the lists and a "Hướng dẫn" sheet
    that also states the limits of one file."""
    from ocop.imports.imports import COLUMNS as IMPORT_COLUMNS
    from ocop.rules.selectors import groups, product_sets

    title = "Danh sách sản phẩm OCOP" if kind == "products" else "Danh sách chủ thể OCOP"
    notes = [
        "Điền mỗi dòng một "
        + ("sản phẩm được công nhận (một quyết định)." if kind == "products" else "chủ thể."),
        "Giữ nguyên dòng tiêu đề; cột có dấu (*) là bắt buộc. Có thể thêm cột STT; cột lạ sẽ bị bỏ qua.",
        "Dòng 2 là ví dụ: xoá hoặc ghi đè trước khi nhập.",
        "Tên có thể viết có hoặc không có dấu, hoa hay thường đều được.",
        f"Ngày: {DATE_FORMATS_HELP}; từ 01/01/1900.",
        "Địa chỉ: dùng địa giới hiện hành (34 tỉnh, không có cấp huyện) hoặc địa giới cũ (63 tỉnh, "
        "ghi cả Huyện) nếu quyết định trước 01/07/2025.",
        "Hệ thống kiểm tra tất cả các dòng và liệt kê mọi lỗi trước khi nhập; nhập lại cùng một tệp "
        "không tạo dữ liệu trùng.",
        "Giới hạn: " + Limits.from_settings().describe() + " Mỗi giá trị không dài hơn độ dài của trường "
        "(ví dụ tên sản phẩm, tên chủ thể, địa chỉ: 255 ký tự; số quyết định: 60 ký tự).",
    ]
    lists = {
        "group": [g.name for g in groups()],
        "product_set": [s.name for s in product_sets()],
        "producer_type": [str(label) for _value, label in ProducerType.choices],
        "kind": [str(label) for _value, label in Kind.choices],
        "issuer_level": [str(label) for _value, label in IssuerLevel.choices],
        "stars": ["3", "4", "5"],
        "is_sme": ["x"],
        "women_led": ["x"],
        "ethnic_minority_led": ["x"],
    }
    return spreadsheets.render_template(
        spreadsheets.Template(
            title=f"Hướng dẫn điền {title.lower()}",
            sheet_title="Danh sách",
            columns=IMPORT_COLUMNS[kind],
            lists=lists,
            notes=notes,
        )
    )
