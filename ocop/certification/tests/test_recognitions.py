"""The one validator of recognitions, the one writer, statuses from one definition, no deletes."""

import contextlib
import datetime
from decimal import Decimal

import pytest
from django.contrib import admin
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ocop.certification.errors import CertificationError
from ocop.certification.models import Certificate, CertificateDeletionRefused, Kind, Status, status_q
from ocop.certification.recognitions import Recognition, certificate_problems
from ocop.certification.services import certificate_issue, certificate_revoke, certificates_issue_bulk
from ocop.core.models import AuditEntry
from ocop.geo.models import AdminUnit
from ocop.registry.tests.factories import ProducerFactory, ProductFactory
from ocop.rules.models import Regime

pytestmark = pytest.mark.django_db
D = datetime.date


MARCH_2024 = D(2024, 3, 1)


def issue(product, stars=4, number="12/QĐ-UBND", date=MARCH_2024, **extra):
    return certificate_issue(
        actor="test", product=product, stars=stars, decision_number=number, decision_date=date, **extra
    )


def errors_of(call) -> dict:
    with pytest.raises(CertificationError) as error:
        call()
    return error.value.message_dict


@pytest.fixture
def long_an_product():
    """A producer in a commune of legacy Long An (district Bến Lức), now Tây Ninh."""
    legacy_province = AdminUnit.objects.get(scheme="legacy", level="province", code=80)
    district = AdminUnit.objects.filter(scheme="legacy", level="district", parent=legacy_province).first()
    current = AdminUnit.objects.get(scheme="current", level="province", code=80)
    producer = ProducerFactory(
        province=current,
        commune=None,
        legacy_province=legacy_province,
        legacy_district=district,
    )
    return ProductFactory(producer=producer)


# --- The validator's rules --------------------------------------------------------------------


def test_a_score_outside_the_band_of_the_stars_is_refused_beside_the_score():
    errors = errors_of(lambda: issue(ProductFactory(), stars=5, score=Decimal("55")))
    assert errors == {"score": ["Điểm 55 ứng với 3 sao theo 148/QĐ-TTg (5 sao cần điểm từ 90)."]}
    assert not Certificate.objects.exists()


def test_a_score_inside_the_band_is_kept():
    certificate = issue(ProductFactory(), stars=4, score=Decimal("89.99"))
    assert certificate.score == Decimal("89.99")


def test_stars_the_regime_does_not_certify_are_refused_by_the_rulebook():
    regime = Regime.objects.get(code="148-1489-2025")
    regime.certifiers = {"4": "province", "5": "central"}
    regime.save()
    errors = errors_of(lambda: issue(ProductFactory(), stars=3, date=D(2025, 9, 1)))
    assert errors["stars"] == ["Theo 1489/QĐ-TTg chỉ sản phẩm đạt từ 4 sao trở lên mới được công nhận."]


def test_the_issuing_unit_is_worked_out_from_the_producers_province(long_an_product):
    producer = long_an_product.producer
    before = issue(long_an_product, stars=4, number="1/QĐ", date=D(2024, 3, 1))
    assert (before.issuer_level, before.issuer_unit) == ("province", producer.legacy_province)
    district = issue(ProductFactory(producer=producer), stars=3, number="2/QĐ", date=D(2024, 3, 1))
    assert (district.issuer_level, district.issuer_unit) == ("district", producer.legacy_district)
    after = issue(long_an_product, stars=4, number="3/QĐ", date=D(2025, 9, 1))
    assert (after.issuer_level, after.issuer_unit) == ("province", producer.province)
    central = issue(long_an_product, stars=5, number="4/QĐ", date=D(2025, 10, 1))
    assert (central.issuer_level, central.issuer_unit) == ("central", None)


def test_a_district_level_after_the_reform_is_the_province(long_an_product):
    # 148 still in force on 03/07/2025 (district 3★), but districts were abolished on 01/07/2025.
    certificate = issue(long_an_product, stars=3, date=D(2025, 7, 3))
    assert (certificate.issuer_level, certificate.issuer_unit) == (
        "province",
        long_an_product.producer.province,
    )


def test_an_issuing_level_or_unit_the_regime_does_not_give_is_refused(long_an_product):
    errors = errors_of(lambda: issue(long_an_product, stars=5, issuer_level="province"))
    assert errors["issuer_level"] == ["Theo 148/QĐ-TTg, sản phẩm 5 sao do trung ương công nhận."]
    other = AdminUnit.objects.get(scheme="current", level="province", code=92)
    errors = errors_of(lambda: issue(long_an_product, stars=4, date=D(2025, 9, 1), issuer_unit=other))
    assert "issuer_unit" in errors


def test_two_decisions_on_the_same_day_for_a_product_are_refused():
    product = ProductFactory()
    issue(product, number="1/QĐ")
    errors = errors_of(lambda: issue(product, number="2/QĐ"))
    assert errors == {"decision_date": ["Sản phẩm đã có quyết định công nhận 1/QĐ cùng ngày 01/03/2024."]}


def test_a_stated_kind_must_agree_with_the_previous_recognition():
    product = ProductFactory()
    issue(product, stars=4, number="1/QĐ", date=D(2022, 3, 1))
    errors = errors_of(lambda: issue(product, stars=3, number="2/QĐ", kind=Kind.UPGRADED))
    assert errors["kind"] == [
        "Hình thức “Nâng hạng” không khớp: lần công nhận trước (quyết định 1/QĐ) được 4 sao."
    ]
    assert issue(product, stars=3, number="2/QĐ", kind=Kind.DOWNGRADED).kind == Kind.DOWNGRADED


def test_an_older_decision_may_not_contradict_the_kind_of_the_next_one():
    product = ProductFactory()
    issue(product, stars=4, number="2/QĐ", date=D(2024, 3, 1), kind=Kind.UPGRADED)
    errors = errors_of(lambda: issue(product, stars=5, number="1/QĐ", date=D(2022, 3, 1)))
    assert "Quyết định sau (2/QĐ, Nâng hạng 4 sao)" in errors["decision_date"][0]
    assert issue(product, stars=3, number="1/QĐ", date=D(2022, 3, 1)).kind == Kind.NEW


def test_a_decision_before_the_revocation_of_the_previous_certificate_is_refused():
    product = ProductFactory()
    first = issue(product, stars=3, number="1/QĐ", date=D(2021, 3, 1))
    certificate_revoke(
        actor="test",
        certificate=first,
        decision_number="5/QĐ-TH",
        revoked_on=D(2023, 1, 5),
        ground="food_safety",
    )
    errors = errors_of(lambda: issue(product, stars=3, number="2/QĐ", date=D(2022, 6, 1)))
    assert "bị thu hồi ngày 05/01/2023" in errors["decision_date"][0]
    assert issue(product, stars=3, number="2/QĐ", date=D(2023, 6, 1)).kind == Kind.RENEWED


# --- The bulk writer --------------------------------------------------------------------------


def test_the_bulk_writer_checks_each_recognition_and_writes_nothing_when_one_is_refused():
    product, other = ProductFactory(), ProductFactory()
    recognitions = [
        Recognition(product=product, stars=3, decision_number="1/QĐ", decision_date=D(2021, 3, 1)),
        Recognition(product=other, stars=5, decision_number="2/QĐ", decision_date=D(2024, 3, 1), score=55),
    ]
    with pytest.raises(CertificationError) as error:
        certificates_issue_bulk(actor="test", recognitions=recognitions)
    assert list(error.value.errors_by_index) == [1] and "score" in error.value.errors_by_index[1]
    assert not Certificate.objects.exists()


def test_the_bulk_writer_chains_kinds_and_links_like_the_single_writer():
    product = ProductFactory()
    written = certificates_issue_bulk(
        actor="test",
        recognitions=[
            Recognition(product=product, stars=4, decision_number="3/QĐ", decision_date=D(2024, 5, 1)),
            Recognition(product=product, stars=3, decision_number="1/QĐ", decision_date=D(2021, 3, 1)),
            Recognition(product=product.pk, stars=4, decision_number="9/QĐ", decision_date=D(2024, 5, 1)),
        ],
        skip_invalid=True,
    )
    assert [c.decision_number for c in written] == ["3/QĐ", "1/QĐ"]
    older, newer = Certificate.objects.order_by("decision_date")
    assert (older.kind, newer.kind) == (Kind.NEW, Kind.UPGRADED)
    assert (older.superseded_by, older.superseded_on) == (newer, newer.decision_date)
    assert newer.province_id == product.producer.province_id  # copied columns synced
    entry = AuditEntry.objects.get(action="certification.certificates_issue_bulk")
    assert entry.details["certificates"] == 2 and entry.details["refused"] == 1


recognition_st = st.fixed_dictionaries(
    {
        "product": st.integers(0, 2),
        "stars": st.integers(1, 5),
        "scored": st.booleans(),
        "date": st.dates(D(2018, 1, 1), D(2026, 6, 30)),
        "kind": st.sampled_from([None, None, *Kind.values]),
    }
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(recognition_st, max_size=8), st.booleans())
def test_whatever_the_single_or_bulk_writer_records_the_validator_accepts(items, bulk):
    with transaction.atomic():
        products = [ProductFactory(), ProductFactory(), ProductFactory()]
        recognitions = [
            Recognition(
                product=products[item["product"]],
                stars=item["stars"],
                decision_number=f"{n}/QĐ",
                decision_date=item["date"],
                score=Decimal(40 + 10 * item["stars"]) if item["scored"] else None,
                kind=item["kind"],
            )
            for n, item in enumerate(items)
        ]
        if bulk:
            certificates_issue_bulk(actor="test", recognitions=recognitions, skip_invalid=True)
        else:
            for rec in recognitions:
                with contextlib.suppress(CertificationError):
                    issue(
                        rec.product,
                        rec.stars,
                        rec.decision_number,
                        rec.decision_date,
                        score=rec.score,
                        kind=rec.kind,
                    )
        for certificate in Certificate.objects.filter(product__in=products):
            assert certificate_problems(certificate) == [], certificate
        transaction.set_rollback(True)


# --- Status: one definition -----------------------------------------------------------------


def test_a_certificate_decided_later_is_not_yet_in_force_on_an_earlier_day():
    certificate = issue(ProductFactory(), date=D(2024, 3, 1))
    assert certificate.status_on(D(2020, 1, 1)) == Status.PENDING
    assert Status.PENDING.label == "Chưa có hiệu lực"
    assert list(Certificate.objects.filter(status_q(Status.PENDING, D(2020, 1, 1)))) == [certificate]
    assert not Certificate.objects.filter(status_q("valid", D(2020, 1, 1))).exists()


maybe_day = st.one_of(st.none(), st.dates(D(2019, 1, 1), D(2030, 12, 31)))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.dates(D(2019, 1, 1), D(2027, 12, 31)),
    st.integers(30, 1200),
    st.integers(0, 60),
    maybe_day,
    maybe_day,
    st.lists(st.dates(D(2018, 1, 1), D(2032, 12, 31)), min_size=1, max_size=6),
)
def test_the_python_and_sql_status_agree_on_any_certificate_and_day(
    valid_from, days, notice_days, revoked_on, superseded_on, days_to_ask
):
    with transaction.atomic():
        product = ProductFactory()
        valid_until = valid_from + datetime.timedelta(days=days)
        certificate = Certificate.objects.create(
            product=product,
            stars=3,
            regime=Regime.objects.first(),
            decision_number="1/QĐ",
            decision_date=valid_from,
            issuer_level="province",
            valid_from=valid_from,
            valid_until=valid_until,
            notice_from=valid_until - datetime.timedelta(days=notice_days),
            revoked_on=revoked_on,
            superseded_on=superseded_on,
        )
        for day in days_to_ask:
            in_sql = [
                status
                for status in Status.values
                if Certificate.objects.filter(status_q(status, day), pk=certificate.pk).exists()
            ]
            assert in_sql == [certificate.status_on(day)]
            valid = Certificate.objects.filter(status_q("valid", day), pk=certificate.pk).exists()
            assert valid == (certificate.status_on(day) in (Status.ACTIVE, Status.EXPIRING))
        transaction.set_rollback(True)


def test_the_certificate_list_on_a_past_date_labels_later_decisions_not_yet_in_force(client, central_officer):
    issue(ProductFactory(name="Trà mãng cầu"), date=D(2024, 3, 1))
    client.force_login(central_officer)
    page = client.get("/certification/", {"on": "2020-01-01"}).text
    assert "Trà mãng cầu" in page
    assert '<span class="badge">Chưa có hiệu lực</span>' in page and 'badge-ok">Còn hiệu lực' not in page


# --- Certificates are never deleted ------------------------------------------------------------


def test_no_path_deletes_a_certificate(rf, admin_user):
    certificate = issue(ProductFactory())
    with pytest.raises(CertificateDeletionRefused):
        certificate.delete()
    with pytest.raises(CertificateDeletionRefused):
        Certificate.objects.filter(pk=certificate.pk).delete()
    model_admin = admin.site._registry[Certificate]
    request = rf.get("/admin/")
    request.user = admin_user
    assert not model_admin.has_delete_permission(request, certificate)
    assert "delete_selected" not in model_admin.get_actions(request)
    assert Certificate.objects.filter(pk=certificate.pk).exists()


postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="database triggers exist on PostgreSQL only (set DATABASE_URL)"
)


@postgresql_only
def test_the_database_refuses_to_delete_a_certificate():
    certificate = issue(ProductFactory())
    with (
        pytest.raises(Exception, match="cannot be deleted"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM certification_certificate WHERE id = %s", [certificate.pk])
    assert Certificate.objects.filter(pk=certificate.pk).exists()


@postgresql_only
def test_the_database_keeps_the_audit_log_append_only(django_user_model):
    user = django_user_model.objects.create_user("ghi-nhat-ky")
    entry = (
        issue(ProductFactory()) and AuditEntry.objects.filter(action="certification.certificate_new").get()
    )
    for sql in (
        "UPDATE core_auditentry SET action = 'x' WHERE id = %s",
        "DELETE FROM core_auditentry WHERE id = %s",
    ):
        with (
            pytest.raises(Exception, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).action == "certification.certificate_new"
    # Deleting a user only clears the link to it; the entry keeps the name.
    from ocop.core.audit import audit_log

    kept = audit_log(actor=user, action="core.test")
    user.delete()
    kept = AuditEntry.objects.get(pk=kept.pk)
    assert kept.actor_id is None and kept.actor_name == "ghi-nhat-ky"


@postgresql_only
def test_the_database_refuses_two_certificates_of_a_product_valid_on_the_same_day():
    product = ProductFactory()
    first = issue(product, date=D(2023, 3, 1))
    second = issue(product, number="2/QĐ", date=D(2024, 3, 1))
    with pytest.raises(Exception, match="certification_one_valid_a_day"), transaction.atomic():
        Certificate.objects.filter(pk=first.pk).update(superseded_on=None, superseded_by=None)
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS certification_one_valid_a_day IMMEDIATE")
    assert second.pk
