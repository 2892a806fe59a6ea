"""Printable documents: the certificate (Giấy chứng nhận, A4 landscape) and sheets of QR stamps
(A4, N stamps with the short code under each). Both are self-contained HTML rendered by
WeasyPrint; the QR is inline SVG, so nothing is fetched while printing (closed networks)."""

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from ocop.public import stamps
from ocop.public.selectors import verdict

STAMP_COUNTS = (6, 12, 24, 40, 70)
DEFAULT_STAMPS = 24
# Columns × rows of a sheet for each count (A4 portrait, 190 × 277 mm inside 10 mm margins).
GRID = {6: (2, 3), 12: (3, 4), 24: (4, 6), 40: (5, 8), 70: (7, 10)}


def _no_fetch(url, *args, **kwargs):
    raise ValueError(f"Không tải tài nguyên ngoài khi in: {url}")


def _pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, url_fetcher=_no_fetch, base_url=".").write_pdf()


def qr_markup(certificate, scale: int = 4) -> str:
    return mark_safe(stamps.qr(certificate).svg_inline(scale=scale, border=2, omitsize=True))  # noqa: S308


def certificate_html(certificate) -> str:
    today = timezone.localdate()
    return render_to_string(
        "public/certificate_pdf.html",
        {
            "certificate": certificate,
            "product": certificate.product,
            "producer": certificate.product.producer,
            "verdict": verdict(certificate, today),
            "qr": qr_markup(certificate),
            "url": stamps.verification_url(certificate),
            "today": today,
            "star_range": range(certificate.stars),
        },
    )


def certificate_pdf(certificate) -> bytes:
    return _pdf(certificate_html(certificate))


def stamps_pdf(certificate, count: int = DEFAULT_STAMPS) -> bytes:
    count = count if count in STAMP_COUNTS else DEFAULT_STAMPS
    html = render_to_string(
        "public/stamps_pdf.html",
        {
            "certificate": certificate,
            "qr": qr_markup(certificate),
            "rows": [range(GRID[count][0])] * GRID[count][1],
            "cell_width": f"{190 / GRID[count][0]:.2f}mm",
            "cell_height": f"{276 / GRID[count][1]:.2f}mm",
            # The QR leaves room for the code under it (about 9 mm with the padding).
            "qr_size": f"{min(190 / GRID[count][0] - 4, 276 / GRID[count][1] - 11):.2f}mm",
        },
    )
    return _pdf(html)
