import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from ocop.accounts.models import Role
from ocop.accounts.tests.factories import RoleAssignmentFactory, UserFactory
from ocop.certification.models import Kind, Status
from ocop.certification.selectors import current_certificate, status_q
from ocop.certification.services import certificate_issue, certificate_revoke, notify_expiring
from ocop.core.models import AuditEntry, Notice
from ocop.registry.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db
D = datetime.date


JAN_10_2023 = D(2023, 1, 10)


def issue(product, stars=3, number="123/QĐ-UBND", date=JAN_10_2023, **extra):
    return certificate_issue(
        actor="test", product=product, stars=stars, decision_number=number, decision_date=date, **extra
    )


def test_a_certificate_is_valid_36_months_and_expiring_in_the_last_30_days():
    certificate = issue(ProductFactory())
    assert certificate.valid_until == D(2026, 1, 10)
    assert certificate.status_on(D(2025, 12, 10)) == Status.ACTIVE
    assert certificate.status_on(D(2025, 12, 11)) == Status.EXPIRING
    assert certificate.status_on(D(2026, 1, 10)) == Status.EXPIRING
    assert certificate.status_on(D(2026, 1, 11)) == Status.EXPIRED


def test_status_filters_agree_with_the_status_of_each_certificate():
    certificate = issue(ProductFactory())
    model = type(certificate)
    for day, expected in [
        (D(2025, 12, 10), Status.ACTIVE),
        (D(2025, 12, 11), Status.EXPIRING),
        (D(2026, 1, 11), Status.EXPIRED),
    ]:
        found = {status for status in Status.values if model.objects.filter(status_q(status, day)).exists()}
        assert found == {expected}


def test_the_regime_in_force_on_the_decision_date_is_frozen_on_the_certificate():
    product = ProductFactory()
    old = issue(product, date=D(2022, 5, 1), number="1/QĐ")
    new = issue(product, date=D(2025, 8, 1), number="2/QĐ")
    assert old.regime.code == "1048-2019"
    assert new.regime.code == "148-1489-2025"


def test_a_district_issued_3_star_under_148_keeps_its_district_level():
    certificate = issue(ProductFactory(), date=D(2024, 3, 1))
    assert certificate.issuer_level == "district"


def test_products_below_3_stars_get_no_certificate():
    with pytest.raises(ValidationError) as error:
        issue(ProductFactory(), stars=2)
    assert "từ 3 sao" in str(error.value)


def test_the_same_decision_cannot_be_recorded_twice_for_a_product():
    product = ProductFactory()
    issue(product)
    with pytest.raises(ValidationError, match="đã có giấy chứng nhận"):
        issue(product)


def test_a_re_evaluation_supersedes_the_previous_certificate_and_sets_the_kind():
    product = ProductFactory()
    first = issue(product, stars=3, number="1/QĐ", date=D(2021, 3, 1))
    second = issue(product, stars=4, number="2/QĐ", date=D(2024, 2, 1))
    third = issue(product, stars=4, number="3/QĐ", date=D(2025, 9, 1))
    first.refresh_from_db()
    second.refresh_from_db()
    assert [first.kind, second.kind, third.kind] == [Kind.NEW, Kind.UPGRADED, Kind.RENEWED]
    assert first.superseded_by == second and second.superseded_by == third
    assert first.status_on(D(2024, 2, 1)) == Status.SUPERSEDED
    assert current_certificate(product, on=D(2025, 10, 1)) == third


def test_a_lower_score_on_re_evaluation_downgrades():
    product = ProductFactory()
    issue(product, stars=4, number="1/QĐ", date=D(2021, 3, 1))
    assert issue(product, stars=3, number="2/QĐ", date=D(2024, 3, 1)).kind == Kind.DOWNGRADED


def test_an_older_decision_recorded_later_slots_into_the_chain():
    product = ProductFactory()
    latest = issue(product, stars=4, number="2/QĐ", date=D(2024, 3, 1))
    older = issue(product, stars=3, number="1/QĐ", date=D(2021, 3, 1))
    older.refresh_from_db()
    assert older.superseded_by == latest
    assert latest.kind == Kind.NEW  # recorded first, it was new as far as the system knew


def test_revocation_ends_validity_and_is_audited():
    product = ProductFactory()
    certificate = issue(product, date=D(2024, 3, 1))
    certificate_revoke(
        actor="test",
        certificate=certificate,
        decision_number="9/QĐ-TH",
        revoked_on=D(2025, 1, 5),
        ground="food_safety",
    )
    certificate.refresh_from_db()
    assert certificate.status_on(D(2025, 1, 4)) == Status.ACTIVE
    assert certificate.status_on(D(2025, 1, 5)) == Status.REVOKED
    assert current_certificate(product, on=D(2025, 2, 1)) is None
    assert (
        AuditEntry.objects.for_object(certificate).filter(action="certification.certificate_revoke").exists()
    )


def test_revocation_needs_a_known_ground_and_a_date_after_the_decision():
    certificate = issue(ProductFactory(), date=D(2024, 3, 1))
    with pytest.raises(ValidationError) as error:
        certificate_revoke(
            actor="test", certificate=certificate, decision_number="", revoked_on=D(2024, 1, 1), ground="whim"
        )
    messages = " ".join(error.value.messages)
    assert "Lý do thu hồi" in messages and "số quyết định" in messages and "trước ngày" in messages


def test_the_expiry_notice_goes_to_producer_and_province_once(can_tho):
    product = ProductFactory()
    producer_user = UserFactory(email="chuthe@example.vn")
    from django.contrib.contenttypes.models import ContentType

    RoleAssignmentFactory(
        user=producer_user,
        role=Role.PRODUCER,
        scope_type=ContentType.objects.get_for_model(product.producer),
        scope_id=str(product.producer.pk),
    )
    officer = UserFactory(email="sonn@cantho.gov.vn")
    RoleAssignmentFactory(user=officer, role=Role.PROVINCE_OFFICER, unit=can_tho)
    issue(product)

    assert notify_expiring(today=D(2025, 12, 10)) == 0
    assert notify_expiring(today=D(2025, 12, 11)) == 1
    assert notify_expiring(today=D(2025, 12, 12)) == 0
    assert len(mail.outbox) == 1
    assert set(mail.outbox[0].to) == {"chuthe@example.vn", "sonn@cantho.gov.vn", product.producer.email}
    assert "10/01/2026" in mail.outbox[0].body
    assert set(Notice.objects.values_list("recipient__email", flat=True)) == {
        "chuthe@example.vn",
        "sonn@cantho.gov.vn",
    }
