"""Officials see QR codes that look misused: scanned in several provinces on one day, or still
scanned after the certificate expired or was revoked."""

import pytest
from django.utils import timezone

from ocop.certification.services import certificate_revoke
from ocop.public.models import ScanEvent
from ocop.public.selectors import scan_anomalies
from ocop.public.tests.conftest import PHONE, issue
from ocop.registry.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def can_tho_certificate(can_tho):
    return issue(ProductFactory(name="Bánh pía Vũng Thơm"), stars=3)


def scan(certificate, province=None, status="active"):
    return ScanEvent.objects.create(
        certificate=certificate, status=status, device_class="phone", province=province
    )


def test_a_code_scanned_in_several_provinces_in_a_day_shows_on_its_provinces_certificate_list(
    client, can_tho_certificate, can_tho, tay_ninh, can_tho_officer, tay_ninh_officer
):
    scan(can_tho_certificate, can_tho)
    scan(can_tho_certificate, tay_ninh)
    [anomaly] = scan_anomalies(can_tho_officer)
    assert anomaly.kind == "many_provinces" and anomaly.provinces == 2
    assert scan_anomalies(tay_ninh_officer) == []  # another province's certificate
    client.force_login(can_tho_officer)
    html = client.get("/certification/").content.decode()
    assert "Dấu hiệu bất thường khi quét tem QR" in html and "Quét ở 2 tỉnh/thành phố khác nhau" in html
    assert can_tho_certificate.short_code in html


def test_a_revoked_code_still_being_scanned_is_flagged(client, can_tho_certificate, can_tho_officer):
    certificate_revoke(
        actor="test",
        certificate=can_tho_certificate,
        decision_number="3/TH",
        revoked_on=timezone.localdate(),
        ground="stopped",
    )
    client.get(f"/v/{can_tho_certificate.public_code}/", HTTP_USER_AGENT=PHONE)
    [anomaly] = scan_anomalies(can_tho_officer)
    assert anomaly.kind == "ended_still_scanned" and anomaly.scans == 1


def test_ordinary_scans_raise_nothing(can_tho_certificate, can_tho, can_tho_officer):
    scan(can_tho_certificate, can_tho)
    scan(can_tho_certificate, can_tho)
    assert scan_anomalies(can_tho_officer) == []


def test_the_certificate_page_links_to_the_printable_certificate_and_stamps(
    client, can_tho_certificate, can_tho_officer
):
    client.force_login(can_tho_officer)
    html = client.get(f"/certification/{can_tho_certificate.pk}/").content.decode()
    assert f"/v/{can_tho_certificate.public_code}/giay-chung-nhan.pdf" in html
    assert f"/v/{can_tho_certificate.public_code}/tem-qr.pdf?n=24" in html
    assert can_tho_certificate.number in html
