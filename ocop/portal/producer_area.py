"""What a producer sees of their own record: products, certificates and the next thing to do.

Reads start from `represented_producers`, so a producer reaches only the producers their role was
granted on. The advice per certificate status is data (one table), not branches in a template.
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from ocop.certification.models import Certificate, Status
from ocop.certification.selectors import history

NONE = "none"

# Status of the product's latest recognition → (tone, what to do). Placeholders: valid_until,
# notice_from, revoked_on, days_left, revocation_decision.
NEXT_STEPS = {
    NONE: (
        "info",
        _(
            "Sản phẩm chưa được công nhận OCOP. Liên hệ cán bộ OCOP cấp xã để đăng ký đánh giá, "
            "phân hạng sản phẩm."
        ),
    ),
    Status.ACTIVE: (
        "ok",
        _(
            "Giấy chứng nhận còn hiệu lực đến %(valid_until)s. Từ %(notice_from)s, chuẩn bị hồ sơ "
            "đánh giá lại để được công nhận lại trước khi hết hạn."
        ),
    ),
    Status.EXPIRING: (
        "warn",
        _(
            "Giấy chứng nhận hết hiệu lực ngày %(valid_until)s (còn %(days_left)s ngày). Nộp hồ sơ "
            "đánh giá lại qua cán bộ OCOP cấp xã ngay để không bị gián đoạn."
        ),
    ),
    Status.EXPIRED: (
        "err",
        _(
            "Giấy chứng nhận đã hết hiệu lực từ %(valid_until)s: sản phẩm không còn được dùng biểu "
            "trưng OCOP. Nộp hồ sơ đánh giá lại để được công nhận lại."
        ),
    ),
    Status.REVOKED: (
        "err",
        _(
            "Giấy chứng nhận đã bị thu hồi ngày %(revoked_on)s (quyết định %(revocation_decision)s). "
            "Ngừng sử dụng biểu trưng OCOP; liên hệ cán bộ OCOP cấp tỉnh nếu cần giải trình."
        ),
    ),
}


@dataclass
class ProductLine:
    product: object
    certificate: Certificate | None  # the latest recognition decided by today
    status: str
    tone: str
    next_step: str


def _date(value) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


def next_step(certificate: Certificate | None, today: datetime.date) -> tuple[str, str, str]:
    """(status, tone, advice) for a product whose latest recognition is `certificate`."""
    status = certificate.status_on(today) if certificate else NONE
    tone, message = NEXT_STEPS.get(status, NEXT_STEPS[NONE])
    params = {}
    if certificate:
        params = {
            "valid_until": _date(certificate.valid_until),
            "notice_from": _date(certificate.notice_from),
            "revoked_on": _date(certificate.revoked_on),
            "revocation_decision": certificate.revocation_decision or "—",
            "days_left": (certificate.valid_until - today).days,
        }
    return status, tone, str(message) % params if params else str(message)


def latest_certificate(product, today: datetime.date) -> Certificate | None:
    return product.certificates.filter(valid_from__lte=today).order_by("-decision_date", "-id").first()


def product_lines(producer, today: datetime.date) -> list[ProductLine]:
    lines = []
    for product in producer.products.select_related("group").order_by("sort_key", "id"):
        certificate = latest_certificate(product, today)
        status, tone, advice = next_step(certificate, today)
        lines.append(ProductLine(product, certificate, status, tone, advice))
    return lines


def product_history(product, today: datetime.date) -> list[Certificate]:
    certificates = list(history(product))
    for certificate in certificates:
        certificate.status = certificate.status_on(today)
    return certificates
