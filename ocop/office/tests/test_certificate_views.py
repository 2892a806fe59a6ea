"""Certificate pages over HTTP: the list, one certificate, recording and revoking decisions."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from ocop.certification.models import Certificate, Status
from ocop.certification.services import certificate_issue
from ocop.core.models import AuditEntry
from ocop.registry.tests.factories import ProducerFactory, ProductFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def issue(product, stars=4, number="15/QĐ-UBND", date=None):
    return certificate_issue(
        actor="test",
        product=product,
        stars=stars,
        decision_number=number,
        decision_date=date or TODAY - datetime.timedelta(days=60),
    )


@pytest.fixture
def can_tho_product(can_tho):
    return ProductFactory(producer=ProducerFactory(province=can_tho), name="Bánh pía sầu riêng")


@pytest.fixture
def tay_ninh_product(tay_ninh):
    return ProductFactory(producer=ProducerFactory(province=tay_ninh), name="Muối tôm Tây Ninh")


@pytest.fixture
def can_tho_certificate(can_tho_product):
    return issue(can_tho_product)


def test_the_certificate_detail_url_name_takes_the_certificate_pk():
    assert reverse("certification:certificate_detail", args=[7]) == "/certification/7/"


def test_the_certificate_list_is_scoped_to_the_officers_province(
    client, can_tho_officer, can_tho_product, tay_ninh_product
):
    issue(can_tho_product)
    issue(tay_ninh_product)
    client.force_login(can_tho_officer)
    response = client.get(reverse("certification:certificate_list"))
    assert response.status_code == 200
    assert "Bánh pía sầu riêng" in response.text
    assert "Muối tôm Tây Ninh" not in response.text


def test_the_certificate_list_filters_by_status_on_a_date_and_by_year(
    client, central_officer, can_tho_product, tay_ninh_product
):
    issue(can_tho_product, date=datetime.date(2021, 3, 1), number="1/QĐ")
    issue(tay_ninh_product, number="2/QĐ")
    client.force_login(central_officer)
    url = reverse("certification:certificate_list")
    expired_today = client.get(url, {"status": "expired"})
    assert "Bánh pía sầu riêng" in expired_today.text and "Muối tôm" not in expired_today.text
    active_in_2022 = client.get(url, {"status": "active", "on": "2022-06-30"})
    assert "Bánh pía sầu riêng" in active_in_2022.text and "Muối tôm" not in active_in_2022.text
    assert "30/06/2022" in active_in_2022.text
    by_year = client.get(url, {"year": "2021", "q": "banh pia"})
    assert "Bánh pía sầu riêng" in by_year.text and "Muối tôm" not in by_year.text


def test_the_certificate_list_filters_by_unit_in_the_legacy_scheme(
    client, central_officer, can_tho, tay_ninh
):
    from conftest import legacy_province

    soc_trang = ProducerFactory(province=can_tho, legacy_province=legacy_province(94))
    issue(ProductFactory(producer=soc_trang, name="Hành tím Vĩnh Châu"))
    issue(ProductFactory(producer=ProducerFactory(province=can_tho), name="Gạo Cờ Đỏ"))
    client.force_login(central_officer)
    response = client.get(reverse("certification:certificate_list"), {"scheme": "legacy", "unit": "94"})
    assert "Hành tím Vĩnh Châu" in response.text and "Gạo Cờ Đỏ" not in response.text


def test_the_certificate_page_shows_the_chain_and_status(client, can_tho_officer, can_tho_product):
    first = issue(can_tho_product, stars=3, number="1/QĐ-UBND", date=TODAY.replace(year=TODAY.year - 2))
    second = issue(can_tho_product, stars=4, number="2/QĐ-UBND")
    client.force_login(can_tho_officer)
    old = client.get(reverse("certification:certificate_detail", args=[first.pk]))
    assert old.status_code == 200
    assert "Đã được thay thế" in old.text
    assert reverse("certification:certificate_detail", args=[second.pk]) in old.text
    assert "Thu hồi</a>" not in old.text
    new = client.get(reverse("certification:certificate_detail", args=[second.pk]))
    assert reverse("certification:certificate_detail", args=[first.pk]) in new.text
    assert reverse("certification:certificate_revoke", args=[second.pk]) in new.text
    assert "Lịch sử thao tác" in new.text


@pytest.mark.parametrize(
    ("persona", "status", "revoke_button"),
    [
        ("can_tho_officer", 200, True),
        ("central_officer", 200, True),
        # The factory's producer lies in the commune officer's commune: readable, not revocable.
        ("can_tho_commune_officer", 200, False),
        ("tay_ninh_officer", 404, False),
        ("outsider", 403, False),
    ],
)
def test_who_may_read_a_certificate_and_see_the_revoke_button(
    client, request, can_tho_certificate, persona, status, revoke_button
):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("certification:certificate_detail", args=[can_tho_certificate.pk]))
    assert response.status_code == status
    revoke_url = reverse("certification:certificate_revoke", args=[can_tho_certificate.pk])
    assert (revoke_url in response.text) is revoke_button


# --- Issue ---------------------------------------------------------------------------------------


def issue_post(**overrides):
    data = {
        "stars": "4",
        "score": "78,5",
        "decision_number": "245/QĐ-UBND",
        "decision_date": (TODAY - datetime.timedelta(days=10)).isoformat(),
        "issuer_name": "UBND thành phố Cần Thơ",
        "issuer_level": "",
        "kind": "",
    }
    data.update(overrides)
    return data


def test_an_officer_records_a_recognition_and_the_product_page_shows_the_stars(
    client, can_tho_officer, can_tho_product
):
    client.force_login(can_tho_officer)
    response = client.post(
        reverse("certification:certificate_issue", args=[can_tho_product.pk]), issue_post(score="78.5")
    )
    assert response.status_code == 302
    assert response.url == reverse("registry:product_detail", args=[can_tho_product.pk])
    certificate = Certificate.objects.get(product=can_tho_product)
    assert certificate.stars == 4 and certificate.kind == "new"
    page = client.get(response.url)
    assert "★★★★" in page.text
    assert "245/QĐ-UBND" in page.text
    assert AuditEntry.objects.filter(action="certification.certificate_new").exists()


def test_the_decision_form_offers_only_the_stars_the_regime_certifies(
    client, can_tho_officer, can_tho_product
):
    client.force_login(can_tho_officer)
    url = reverse("certification:certificate_issue", args=[can_tho_product.pk])
    page = client.get(url).text
    assert '<option value="3">★★★</option>' in page and '<option value="5">★★★★★</option>' in page
    assert '<option value="2">' not in page and '<option value="1">' not in page
    response = client.post(url, issue_post(stars="2", score=""))
    assert response.status_code == 200
    assert 'value="245/QĐ-UBND"' in response.text
    assert not Certificate.objects.exists()


def test_a_score_outside_the_star_band_is_shown_beside_the_score(client, can_tho_officer, can_tho_product):
    client.force_login(can_tho_officer)
    url = reverse("certification:certificate_issue", args=[can_tho_product.pk])
    response = client.post(url, issue_post(stars="5", score="55"))
    assert response.status_code == 200
    assert "Điểm 55 ứng với 3 sao" in response.text and "5 sao cần điểm từ 90" in response.text
    assert not Certificate.objects.exists()


def test_a_decision_dated_in_the_future_is_refused(client, can_tho_officer, can_tho_product):
    client.force_login(can_tho_officer)
    tomorrow = (TODAY + datetime.timedelta(days=1)).isoformat()
    response = client.post(
        reverse("certification:certificate_issue", args=[can_tho_product.pk]),
        issue_post(decision_date=tomorrow, score=""),
    )
    assert "Ngày quyết định không được sau ngày hôm nay." in response.text
    assert not Certificate.objects.exists()


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("can_tho_officer", 200),
        ("central_officer", 200),
        ("tay_ninh_officer", 403),
        ("can_tho_commune_officer", 403),
        ("producer_user", 403),
        ("outsider", 403),
    ],
)
def test_who_may_record_a_recognition(client, request, can_tho_product, persona, expected):
    client.force_login(request.getfixturevalue(persona))
    url = reverse("certification:certificate_issue", args=[can_tho_product.pk])
    assert client.get(url).status_code == expected
    if expected == 403:
        assert client.post(url, issue_post(score="")).status_code == 403
        assert not Certificate.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in_from_every_certificate_page(client, can_tho_certificate):
    for url in [
        reverse("certification:certificate_list"),
        reverse("certification:certificate_detail", args=[can_tho_certificate.pk]),
        reverse("certification:certificate_issue", args=[can_tho_certificate.product_id]),
        reverse("certification:certificate_revoke", args=[can_tho_certificate.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("accounts:login")), url


# --- Revoke --------------------------------------------------------------------------------------


def revoke_post(**overrides):
    data = {
        "decision_number": "99/QĐ-UBND",
        "revoked_on": TODAY.isoformat(),
        "ground": "food_safety",
        "note": "Vi phạm an toàn thực phẩm tháng 5.",
    }
    data.update(overrides)
    return data


def test_an_officer_revokes_a_certificate_and_it_reads_revoked(client, can_tho_officer, can_tho_certificate):
    client.force_login(can_tho_officer)
    url = reverse("certification:certificate_revoke", args=[can_tho_certificate.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, revoke_post())
    assert response.status_code == 302
    can_tho_certificate.refresh_from_db()
    assert can_tho_certificate.status_on(TODAY) == Status.REVOKED
    page = client.get(response.url)
    assert "Đã thu hồi" in page.text
    assert "Vi phạm an toàn thực phẩm" in page.text
    assert url not in page.text
    assert AuditEntry.objects.filter(action="certification.certificate_revoke").exists()


def test_revoking_twice_is_refused_with_the_reason(client, can_tho_officer, can_tho_certificate):
    client.force_login(can_tho_officer)
    url = reverse("certification:certificate_revoke", args=[can_tho_certificate.pk])
    client.post(url, revoke_post())
    response = client.post(url, revoke_post(decision_number="100/QĐ-UBND"))
    assert response.status_code == 200
    assert "Giấy chứng nhận này đã bị thu hồi." in response.text


def test_a_revocation_dated_before_the_decision_is_refused(client, can_tho_officer, can_tho_certificate):
    client.force_login(can_tho_officer)
    url = reverse("certification:certificate_revoke", args=[can_tho_certificate.pk])
    response = client.post(url, revoke_post(revoked_on="2020-01-01"))
    assert "Ngày thu hồi không được trước ngày quyết định công nhận." in response.text
    can_tho_certificate.refresh_from_db()
    assert can_tho_certificate.revoked_on is None


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("can_tho_officer", 200),
        ("central_officer", 200),
        ("tay_ninh_officer", 403),
        ("can_tho_commune_officer", 403),
        ("council_member", 403),
        ("outsider", 403),
    ],
)
def test_who_may_revoke_a_certificate(client, request, can_tho_certificate, persona, expected):
    client.force_login(request.getfixturevalue(persona))
    url = reverse("certification:certificate_revoke", args=[can_tho_certificate.pk])
    assert client.get(url).status_code == expected
    if expected == 403:
        assert client.post(url, revoke_post()).status_code == 403
        can_tho_certificate.refresh_from_db()
        assert can_tho_certificate.revoked_on is None
