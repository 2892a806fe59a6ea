"""What a QR stamp holds and how it is drawn (segno).

The QR holds an https URL on the configured public domain (`OCOP_PUBLIC_DOMAIN`):
`https://<domain>/v/<code>`, or, for a product with a GTIN, a GS1 Digital Link
`https://<domain>/01/<GTIN-14>?v=<code>` that still names the certificate, so the stamp checks
that certificate and a GS1 reader finds the trade item.
"""

import io

import segno
from django.conf import settings
from django.urls import reverse


def public_base_url() -> str:
    return f"https://{settings.OCOP_PUBLIC_DOMAIN}"


def verification_url(certificate) -> str:
    product = certificate.product
    if product.gtin:
        path = reverse("public:digital_link", kwargs={"gtin": product.gtin})
        return f"{public_base_url()}{path}?v={certificate.public_code}"
    return public_base_url() + reverse("public:verify", kwargs={"code": certificate.public_code})


def qr(certificate) -> segno.QRCode:
    # Level M survives a scratched or folded stamp; the URL fits a version 4–5 symbol.
    return segno.make_qr(verification_url(certificate), error="m")


def qr_png(certificate, scale: int = 8) -> bytes:
    out = io.BytesIO()
    qr(certificate).save(out, kind="png", scale=scale, border=4)
    return out.getvalue()


def qr_svg(certificate, scale: int = 8) -> bytes:
    out = io.BytesIO()
    qr(certificate).save(out, kind="svg", scale=scale, border=4, xmldecl=False, title=certificate.public_code)
    return out.getvalue()


def qr_svg_data_uri(certificate) -> str:
    return qr(certificate).svg_data_uri(scale=4, border=2)
