"""QR stamps and printed certificates: a stamp from the PDF sheet, read by a real decoder, opens
the verification page, which tells the truth before and after revocation and after expiry."""

import datetime
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.test import override_settings
from django.utils import timezone

from ocop.accounts.models import Role
from ocop.accounts.tests.factories import RoleAssignmentFactory
from ocop.certification.models import Certificate
from ocop.certification.services import certificate_revoke
from ocop.public import stamps

pytestmark = pytest.mark.django_db
needs_poppler = pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils (pdftoppm) missing")


def decode_pdf(pdf: bytes) -> list[str]:
    """Render the first page at 150 dpi and read every QR code on it with zxing-cpp."""
    import zxingcpp
    from PIL import Image

    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "sheet.pdf"
        source.write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", str(source), str(Path(folder) / "page")],
            check=True,
        )
        image = Image.open(next(Path(folder).glob("page*.png")))
        return [
            result.text
            for result in zxingcpp.read_barcodes(image)
            if result.format == zxingcpp.BarcodeFormat.QRCode
        ]


def verdict_of(client, url: str) -> tuple[str, str]:
    """(colour, headline) of the verification page a scanned URL opens."""
    parts = urlsplit(url)
    html = client.get(
        parts.path + (f"?{parts.query}" if parts.query else ""), HTTP_USER_AGENT="Mozilla/5.0 (iPhone) Mobile"
    ).content.decode()
    colour = html.split('class="verdict verdict-')[1].split('"')[0]
    headline = html.split('<h1 id="verdict-title">')[1].split("</h1>")[0]
    return colour, headline


def verdict_class(client, url: str) -> str:
    return verdict_of(client, url)[0]


@pytest.fixture
def officer(can_tho_officer):
    return can_tho_officer


@pytest.fixture
def honey_can_tho(honey, can_tho):
    producer = honey.product.producer
    producer.province = can_tho
    producer.commune = None
    producer.save()
    return Certificate.objects.get(pk=honey.pk)


@needs_poppler
@override_settings(OCOP_PUBLIC_DOMAIN="ocop.example.vn")
def test_a_stamp_from_the_pdf_sheet_opens_the_verification_page_green_then_red_on_expiry_and_revocation(
    client, officer, honey_can_tho
):
    certificate = honey_can_tho
    client.force_login(officer)
    response = client.get(f"/v/{certificate.public_code}/tem-qr.pdf?n=24")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    texts = decode_pdf(response.content)
    assert len(texts) >= 20  # the whole sheet is readable (24 stamps)
    url = texts[0]
    assert url == f"https://ocop.example.vn/v/{certificate.public_code}/"
    assert set(texts) == {url}  # every stamp of the sheet is the same certificate
    client.logout()
    assert verdict_of(client, url) == ("green", "Hợp lệ: sản phẩm OCOP 4 sao")

    # Time passes beyond the validity: the same stamp now says the certificate expired.
    today = timezone.localdate()
    valid = {"valid_until": certificate.valid_until, "notice_from": certificate.notice_from}
    Certificate.objects.filter(pk=certificate.pk).update(
        valid_until=today - datetime.timedelta(days=1), notice_from=today - datetime.timedelta(days=31)
    )
    assert verdict_of(client, url) == ("red", "Không hợp lệ: giấy chứng nhận đã hết hạn")

    # Back within its validity, then revoked: it says so.
    Certificate.objects.filter(pk=certificate.pk).update(**valid)
    assert verdict_class(client, url) == "green"
    certificate_revoke(
        actor="test",
        certificate=Certificate.objects.get(pk=certificate.pk),
        decision_number="5/QĐ-TH",
        revoked_on=today,
        ground="stopped",
    )
    assert verdict_of(client, url) == ("red", "Không hợp lệ: giấy chứng nhận đã bị thu hồi")


@needs_poppler
def test_a_printed_certificate_carries_a_readable_qr_and_the_expiry_turns_it_red(
    client, officer, honey_can_tho
):
    certificate = honey_can_tho
    client.force_login(officer)
    response = client.get(f"/v/{certificate.public_code}/giay-chung-nhan.pdf")
    assert response.status_code == 200
    [url] = decode_pdf(response.content)
    assert url.endswith(f"/v/{certificate.public_code}/")
    assert verdict_class(client, url) == "green"
    today = timezone.localdate()
    Certificate.objects.filter(pk=certificate.pk).update(
        valid_until=today - datetime.timedelta(days=1), notice_from=today - datetime.timedelta(days=31)
    )
    assert verdict_class(client, url) == "red"


def test_a_product_with_a_gtin_gets_a_gs1_digital_link_that_still_names_the_certificate(client, honey):
    product = honey.product
    product.gtin = "08934588012228"
    product.save()
    honey.refresh_from_db()
    url = stamps.verification_url(honey)
    assert urlsplit(url).path == "/01/08934588012228"
    assert urlsplit(url).query == f"v={honey.public_code}"
    assert verdict_class(client, url) == "green"
    assert verdict_class(client, "https://x/01/8934588012228") == "green"  # GTIN-13 without the code


def test_qr_images_are_served_as_png_and_svg(client, honey):
    png = client.get(f"/v/{honey.public_code}/qr.png")
    svg = client.get(f"/v/{honey.public_code}/qr.svg")
    assert png["Content-Type"] == "image/png" and png.content.startswith(b"\x89PNG")
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content


def test_the_qr_png_decodes_to_the_https_verification_url(client, honey):
    import io

    import zxingcpp
    from PIL import Image

    image = Image.open(io.BytesIO(client.get(f"/v/{honey.public_code}/qr.png").content))
    [result] = zxingcpp.read_barcodes(image)
    assert result.text.startswith("https://") and result.text.endswith(f"/v/{honey.public_code}/")


def test_printing_needs_the_certificates_province_or_its_producer(client, honey, tay_ninh_officer, ca_mau):
    from django.contrib.contenttypes.models import ContentType

    from ocop.accounts.tests.factories import UserFactory

    ca_mau_officer = UserFactory(username="tinh-ca-mau")
    RoleAssignmentFactory(user=ca_mau_officer, role=Role.PROVINCE_OFFICER, unit=ca_mau)
    producer_user = UserFactory(username="chu-the-ong-mat")
    url = f"/v/{honey.public_code}/giay-chung-nhan.pdf"
    assert client.get(url).status_code == 302  # anonymous → login
    client.force_login(tay_ninh_officer)
    assert client.get(url).status_code == 404
    client.force_login(producer_user)
    assert client.get(url).status_code == 404
    producer = honey.product.producer
    RoleAssignmentFactory(
        user=producer_user,
        role=Role.PRODUCER,
        scope_type=ContentType.objects.get_for_model(producer),
        scope_id=str(producer.pk),
    )
    assert client.get(url).status_code == 200
    client.force_login(ca_mau_officer)
    response = client.get(f"/v/{honey.public_code}/tem-qr.pdf?n=6")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
