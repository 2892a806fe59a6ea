"""Open data: the list of products with a valid certificate, as CSV and JSON.

Column names are stable (English snake_case, documented in docs/public.md): a re-user's script
must not break when the pages change. Every file states its licence and the date of extraction.
"""

import csv
import io

from django.conf import settings
from django.utils import timezone

from ocop.certification.selectors import status_q
from ocop.core.spreadsheets import formula_like
from ocop.public import stamps
from ocop.public.models import CatalogueEntry

COLUMNS = (
    "certificate_code",
    "certificate_number",
    "product_id",
    "product_name",
    "gtin",
    "group",
    "product_set",
    "stars",
    "decision_number",
    "decision_date",
    "issuer",
    "valid_from",
    "valid_until",
    "status",
    "producer_id",
    "producer_name",
    "producer_type",
    "province_code",
    "province_name",
    "verify_url",
)


def licence() -> str:
    return settings.OCOP_OPEN_DATA_LICENCE


def certified_rows(today=None):
    """One dict per product with a valid certificate on `today`, in Vietnamese order."""
    today = today or timezone.localdate()
    entries = (
        CatalogueEntry.objects.filter(status_q("valid", today))
        .select_related("certificate", "product", "product__producer", "certificate__province")
        .order_by("sort_key", "product_id")
    )
    base = stamps.public_base_url()
    for entry in entries.iterator(chunk_size=2000):
        certificate, product = entry.certificate, entry.product
        producer = product.producer
        yield {
            "certificate_code": certificate.public_code,
            "certificate_number": certificate.number,
            "product_id": product.pk,
            "product_name": product.name,
            "gtin": product.gtin,
            "group": certificate.group_code,
            "product_set": certificate.set_code,
            "stars": certificate.stars,
            "decision_number": certificate.decision_number,
            "decision_date": certificate.decision_date.isoformat(),
            "issuer": certificate.issuer_name,
            "valid_from": certificate.valid_from.isoformat(),
            "valid_until": certificate.valid_until.isoformat(),
            "status": certificate.status_on(today),
            "producer_id": producer.pk,
            "producer_name": producer.name,
            "producer_type": producer.producer_type,
            "province_code": certificate.province.code if certificate.province else None,
            "province_name": certificate.province.name if certificate.province else "",
            "verify_url": f"{base}/v/{certificate.public_code}/",
        }


def _cell(value) -> str:
    if value is None:
        return ""
    text = str(value)
    return "'" + text if formula_like(text) else text  # the one formula guard (core.spreadsheets)


def csv_lines(today=None):
    """The CSV, line by line (streamed): two comment lines (licence, extraction date), the header,
    the rows. UTF-8; the first line carries a BOM so spreadsheets read Vietnamese right."""
    today = today or timezone.localdate()
    out = io.StringIO()
    writer = csv.writer(out)

    def flush():
        value = out.getvalue()
        out.seek(0)
        out.truncate()
        return value

    yield "\ufeff# licence: " + licence() + "\n"
    yield f"# extracted: {today.isoformat()}\n"
    writer.writerow(COLUMNS)
    yield flush()
    for row in certified_rows(today):
        writer.writerow([_cell(row[c]) for c in COLUMNS])
        yield flush()


def json_document(today=None) -> dict:
    today = today or timezone.localdate()
    rows = list(certified_rows(today))
    return {
        "licence": licence(),
        "extracted": today.isoformat(),
        "columns": list(COLUMNS),
        "count": len(rows),
        "rows": rows,
    }
