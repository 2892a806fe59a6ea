"""Verification page /v/<code>: the verdict a buyer gets, and the scan it records."""

import datetime

import pytest
from django.utils import timezone

from ocop.certification.models import PUBLIC_CODE_ALPHABET, Certificate
from ocop.certification.services import certificate_revoke
from ocop.public.models import ScanEvent
from ocop.public.tests.conftest import PHONE, issue

pytestmark = pytest.mark.django_db


def test_every_certificate_gets_a_distinct_random_public_code_of_unambiguous_letters(honey):
    other = issue(honey.product, stars=5, number="200/QĐ-UBND", date=timezone.localdate())
    for certificate in (honey, other):
        assert len(certificate.public_code) == 12
        assert set(certificate.public_code) <= set(PUBLIC_CODE_ALPHABET)
        assert not set(certificate.public_code) & set("ILOU")
    assert honey.public_code != other.public_code
    assert honey.number == f"OCOP-{honey.decision_date:%Y}-{honey.pk:07d}"


def test_a_valid_certificate_is_green_with_its_stars_decision_and_issuer(client_phone, honey):
    response = client_phone.get(f"/v/{honey.public_code}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "verdict-green" in html
    assert "Hợp lệ: sản phẩm OCOP 4 sao" in html
    assert "Mật ong rừng U Minh" in html and "Hợp tác xã Ong mật U Minh" in html
    assert "123/QĐ-UBND" in html and "UBND tỉnh Cà Mau" in html
    assert honey.number in html
    assert "<script" not in html
    assert len(response.content) <= 50 * 1024


def test_the_page_after_revocation_is_red_and_says_so(client_phone, honey):
    certificate_revoke(
        actor="test",
        certificate=honey,
        decision_number="9/QĐ-TH",
        revoked_on=timezone.localdate(),
        ground="food_safety",
    )
    html = client_phone.get(f"/v/{honey.public_code}/").content.decode()
    assert "verdict-red" in html
    assert "đã bị thu hồi" in html and "9/QĐ-TH" in html
    assert "4 sao</span>" not in html  # no stars shown for a revoked certificate


def test_an_expired_certificate_is_red(client_phone, honey):
    Certificate.objects.filter(pk=honey.pk).update(
        valid_until=timezone.localdate() - datetime.timedelta(days=1),
        notice_from=timezone.localdate() - datetime.timedelta(days=31),
    )
    html = client_phone.get(f"/v/{honey.public_code}/").content.decode()
    assert "verdict-red" in html and "đã hết hạn" in html


def test_an_expiring_or_superseded_certificate_is_amber_and_points_to_the_new_one(client_phone, honey):
    newer = issue(honey.product, stars=5, number="300/QĐ-TTg", date=timezone.localdate())
    html = client_phone.get(f"/v/{honey.public_code}/").content.decode()
    assert "verdict-amber" in html and "thay thế" in html
    assert f"/v/{newer.public_code}/" in html


def test_a_typed_code_in_lower_case_with_hyphens_finds_the_certificate(client_phone, honey):
    typed = honey.short_code.lower()
    response = client_phone.get("/v/", {"code": typed})
    assert response.status_code == 302 and response["Location"] == f"/v/{honey.public_code}/"


def test_an_unknown_code_is_a_404_with_the_lookup_form(client_phone, honey):
    response = client_phone.get("/v/ZZZZZZZZZZZZ/")
    assert response.status_code == 404
    assert "Không tìm thấy mã" in response.content.decode()


def test_each_scan_is_recorded_without_personal_data_and_robots_are_not_scans(client, honey):
    client.get(f"/v/{honey.public_code}/", HTTP_USER_AGENT=PHONE)
    client.get(f"/v/{honey.public_code}/", HTTP_USER_AGENT="facebookexternalhit/1.1")
    scans = list(ScanEvent.objects.all())
    assert len(scans) == 1
    assert scans[0].device_class == "phone" and scans[0].status == "active" and scans[0].province is None
    assert {f.name for f in ScanEvent._meta.fields} == {
        "id",
        "certificate",
        "scanned_at",
        "status",
        "device_class",
        "province",
    }


def test_the_visitor_may_tell_the_province_once_and_that_is_not_another_scan(client_phone, honey, ca_mau):
    html = client_phone.get(f"/v/{honey.public_code}/").content.decode()
    token = html.split('name="scan" value="')[1].split('"')[0]
    response = client_phone.post(
        f"/v/{honey.public_code}/noi-quet/", {"scan": token, "province": ca_mau.code}
    )
    assert response.status_code == 302
    client_phone.get(response["Location"])
    assert ScanEvent.objects.count() == 1
    assert ScanEvent.objects.get().province == ca_mau
    client_phone.post(f"/v/{honey.public_code}/noi-quet/", {"scan": token, "province": 92})
    assert ScanEvent.objects.get().province == ca_mau


def test_a_forged_scan_token_changes_nothing(client_phone, honey, ca_mau):
    client_phone.get(f"/v/{honey.public_code}/")
    response = client_phone.post(f"/v/{honey.public_code}/noi-quet/", {"scan": "1", "province": ca_mau.code})
    assert response.status_code == 302
    assert ScanEvent.objects.get().province is None


def test_the_verification_page_needs_few_queries(client_phone, honey, django_assert_max_num_queries):
    with django_assert_max_num_queries(15):
        client_phone.get(f"/v/{honey.public_code}/")
