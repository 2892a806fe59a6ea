"""Acceptance: complete rounds from the producer's submission to the certificate in the registry
and the statistics, and the edge cases of the workflow."""

import datetime
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from ocop.accounts.models import Role
from ocop.certification.models import Kind, Status
from ocop.certification.services import certificate_issue
from ocop.core.models import Notice
from ocop.evaluation import services
from ocop.evaluation.errors import EvaluationError
from ocop.evaluation.models import DossierKind, DossierState, Level, Option, Score, ScoreState
from ocop.evaluation.tests.builders import (
    D,
    assigned_dossier,
    council_of_five,
    load_honey_sheet,
    officer,
    parts_for,
    producer_with_account,
    product_of,
    province_round,
    score_all,
    submitted_dossier,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(can_tho, can_tho_commune):
    return {
        "province": officer(Role.PROVINCE_OFFICER, can_tho, "tinh-ct"),
        "commune": officer(Role.COMMUNE_OFFICER, can_tho_commune, "xa-ct"),
        "central": officer(Role.CENTRAL_OFFICER, None, "trung-uong"),
    }


def test_a_honey_dossier_scored_72_4_on_the_1048_sheet_becomes_an_active_4_star_certificate(
    client, can_tho, people
):
    honey_sheet = load_honey_sheet()
    producer, producer_user = producer_with_account(can_tho, commune=None)
    producer.commune = people["commune"].role_assignments.get().unit
    producer.save()
    product = product_of(producer, name="Mật ong hoa nhãn Cù lao Dung")
    round_ = province_round(people["province"], can_tho, 2021, D(2021, 3, 1), D(2021, 6, 30))
    council, members = council_of_five(people["province"], round_)

    dossier = submitted_dossier(producer_user, round_, product, D(2021, 4, 2), rubric_code="1048-mat-ong")
    assert dossier.state == DossierState.SUBMITTED
    assert dossier.regime.code == "1048-2019" and dossier.rubric == honey_sheet
    # The regime of 2021 had the district screen; districts are gone, the province records it.
    assert dossier.screening_level == Level.DISTRICT
    assigned_dossier(
        dossier, screener=people["province"], province_officer=people["province"], council=council
    )
    score_all(dossier, members, [72, 73, 72, 73, 72])
    services.dossier_close(actor=members[0], dossier=dossier)
    dossier.refresh_from_db()
    assert dossier.score == Decimal("72.40") and dossier.stars == 4 and dossier.state == DossierState.SCORED

    services.decision_issue(
        actor=people["province"],
        round_=round_,
        number="1234/QĐ-UBND",
        date=D(2021, 10, 15),
        signer="Phó Chủ tịch UBND tỉnh",
        issuer_name="UBND tỉnh Sóc Trăng",
        dossiers=[dossier],
    )
    dossier.refresh_from_db()
    certificate = dossier.certificate
    assert dossier.state == DossierState.RECOGNISED
    assert (certificate.stars, certificate.kind, certificate.score) == (4, Kind.NEW, Decimal("72.40"))
    assert certificate.regime.code == "1048-2019" and certificate.issuer_level == "province"
    assert certificate.status_on(D(2022, 6, 30)) == Status.ACTIVE
    assert product.certificates.get() == certificate
    # The registry's statistics count it among the 4★ products of the province at that date.
    from ocop.reporting.stats import Place, statistics

    stats = statistics(
        Place(scheme="current", unit=can_tho),
        as_of=D(2022, 6, 30),
        date_from=D(2021, 1, 1),
        date_to=D(2021, 12, 31),
    )
    assert stats["products"]["by_star"]["4"] == 1 and stats["period"]["recognitions"]["new"] == 1
    assert Notice.objects.filter(recipient=producer_user, title__contains="Kết quả đánh giá").exists()
    # The same figures from `ocop stats`, and the certificate in the registry's pages.
    out = StringIO()
    call_command(
        "stats",
        "--unit", can_tho.name, "--as-of", "2022-06-30", "--from", "2021-01-01", "--to", "2021-12-31",
        "--format", "json", stdout=out,
    )  # fmt: skip
    figures = json.loads(out.getvalue())
    assert figures["products"]["total"] == 1 and figures["products"]["by_star"]["4"] == 1
    assert figures["period"]["registrations"]["passed"] == 1
    assert figures["period"]["registrations"]["average_score"] == 72.4
    client.force_login(people["province"])
    page = client.get(f"/certification/{certificate.pk}/").content.decode()
    assert "Quyết định 1234/QĐ-UBND" in page and "★★★★<" in page and "Mật ong hoa nhãn Cù lao Dung" in page
    product_page = client.get(f"/registry/products/{product.pk}/").content.decode()
    assert "1234/QĐ-UBND" in product_page


def test_a_product_at_91_is_certified_4_star_by_the_province_then_5_star_by_the_ministry(can_tho, people):
    producer, producer_user = producer_with_account(can_tho)
    product = product_of(producer, name="Trà mãng cầu Hậu Giang")
    today = datetime.date.today()
    round_ = province_round(
        people["province"], can_tho, today.year, today - datetime.timedelta(days=30), today
    )
    council, members = council_of_five(people["province"], round_)
    dossier = submitted_dossier(producer_user, round_, product, today)
    assert dossier.regime.code == "148-1489-2025" and dossier.rubric.mode == "part_totals"
    assert dossier.screening_level == Level.COMMUNE
    people["commune"].role_assignments.update(unit=producer.commune)
    assigned_dossier(
        dossier, screener=people["commune"], province_officer=people["province"], council=council
    )
    score_all(dossier, members, [91, 90, 92, 91, 91])
    services.dossier_close(actor=members[0], dossier=dossier)
    dossier.refresh_from_db()
    assert dossier.score == Decimal("91.00") and dossier.stars == 5 and dossier.potential_five_star
    services.decision_issue(
        actor=people["province"],
        round_=round_,
        number="88/QĐ-UBND",
        date=today - datetime.timedelta(days=20),  # one decision per product and day
        signer="Chủ tịch UBND thành phố",
        issuer_name="UBND thành phố Cần Thơ",
        dossiers=[dossier],
    )
    dossier.refresh_from_db()
    assert dossier.certificate.stars == 4 and dossier.potential_five_star

    central_round = services.round_create(
        actor=people["central"],
        name=f"Đánh giá sản phẩm 5 sao {today.year}",
        year=today.year,
        level=Level.CENTRAL,
        registration_opens=today - datetime.timedelta(days=10),
        registration_closes=today,
        scoring_opens=today - datetime.timedelta(days=10),
        scoring_closes=today + datetime.timedelta(days=30),
    )
    national_council, national_members = council_of_five(people["central"], central_round, prefix="tw")
    central = services.dossier_forward(actor=people["central"], dossier=dossier, central_round=central_round)
    assert central.state == DossierState.ACCEPTED and central.rubric == dossier.rubric
    services.dossier_assign(actor=people["central"], dossier=central, council=national_council)
    score_all(central, national_members, [92, 93, 91, 92, 92])
    services.dossier_close(actor=national_members[0], dossier=central)
    services.decision_issue(
        actor=people["central"],
        round_=central_round,
        number="456/QĐ-BNNMT",
        date=today,
        signer="Bộ trưởng",
        issuer_name="Bộ Nông nghiệp và Môi trường",
        dossiers=[central],
    )
    central.refresh_from_db()
    five = central.certificate
    assert (five.stars, five.kind, five.issuer_level) == (5, Kind.UPGRADED, "central")
    old = dossier.certificate
    old.refresh_from_db()
    assert old.superseded_by == five
    dossier.refresh_from_db()
    assert not dossier.potential_five_star


def test_a_member_cannot_edit_a_submitted_sheet_until_the_chair_reopens_it(can_tho, people):
    producer, producer_user = producer_with_account(can_tho)
    today = datetime.date.today()
    round_ = province_round(
        people["province"], can_tho, today.year, today - datetime.timedelta(days=3), today
    )
    council, members = council_of_five(people["province"], round_)
    dossier = submitted_dossier(producer_user, round_, product_of(producer), today)
    people["commune"].role_assignments.update(unit=producer.commune)
    assigned_dossier(
        dossier, screener=people["commune"], province_officer=people["province"], council=council
    )
    score = Score.objects.get(dossier=dossier, member=members[2])
    services.score_save(actor=members[2], score=score, parts=parts_for(60), no_conflict=True, submit=True)
    with pytest.raises(EvaluationError, match="không sửa được"):
        services.score_save(actor=members[2], score=score, parts=parts_for(80), no_conflict=True)
    with pytest.raises(PermissionDenied):  # another member may not reopen
        services.score_reopen(actor=members[3], score=score, reason="xem lại")
    services.score_reopen(actor=members[0], score=score, reason="Nhầm điểm phần C")
    services.score_save(actor=members[2], score=score, parts=parts_for(65), no_conflict=True, submit=True)
    score.refresh_from_db()
    assert score.total == Decimal("65.00") and score.reopened == 1 and score.state == ScoreState.SUBMITTED
    from ocop.core.models import AuditEntry

    assert AuditEntry.objects.filter(
        action="evaluation.score_reopen", details__reason="Nhầm điểm phần C"
    ).exists()


def test_a_knock_out_confirmed_by_the_council_at_75_points_gives_no_certificate_and_tells_the_producer_why(
    client, can_tho, people
):
    load_honey_sheet()
    producer, producer_user = producer_with_account(can_tho)
    product = product_of(producer)
    round_ = province_round(people["province"], can_tho, 2021, D(2021, 3, 1), D(2021, 6, 30))
    council, members = council_of_five(people["province"], round_)
    dossier = submitted_dossier(producer_user, round_, product, D(2021, 4, 2), rubric_code="1048-mat-ong")
    assigned_dossier(
        dossier, screener=people["province"], province_officer=people["province"], council=council
    )
    score_all(dossier, members, [75, 75, 75, 75, 75], knockouts_by=(0, 1, 2))
    services.dossier_close(actor=members[0], dossier=dossier)
    services.decision_issue(
        actor=people["province"],
        round_=round_,
        number="99/QĐ-UBND",
        date=D(2021, 10, 1),
        signer="Phó Chủ tịch",
        issuer_name="UBND tỉnh",
        dossiers=[dossier],
    )
    dossier.refresh_from_db()
    assert dossier.score == Decimal("75.00") and dossier.stars == 0
    assert dossier.state == DossierState.NOT_RECOGNISED and dossier.certificate is None
    assert not product.certificates.exists()
    assert "Bị loại theo tiêu chí 1.1" in dossier.result_reasons[0]
    notice = Notice.objects.filter(recipient=producer_user, title__contains="Kết quả").get()
    assert "nguyên liệu nhập khẩu" in notice.body
    client.force_login(producer_user)
    page = client.get(f"/evaluation/my/{dossier.pk}/").content.decode()
    assert "Không được công nhận" in page and "Bị loại theo tiêu chí 1.1" in page
    assert "(3/5 thành viên xác nhận)" in page


def test_a_re_evaluation_at_3_stars_supersedes_the_4_star_certificate_as_a_downgrade(can_tho, people):
    producer, producer_user = producer_with_account(can_tho)
    product = product_of(producer)
    old = certificate_issue(
        actor=people["province"],
        product=product,
        stars=4,
        decision_number="10/QĐ-UBND",
        decision_date=D(2023, 9, 1),
    )
    today = datetime.date.today()
    round_ = province_round(
        people["province"], can_tho, today.year, today - datetime.timedelta(days=3), today
    )
    council, members = council_of_five(people["province"], round_)
    dossier = submitted_dossier(producer_user, round_, product, today, kind=DossierKind.REEVALUATION)
    people["commune"].role_assignments.update(unit=producer.commune)
    assigned_dossier(
        dossier, screener=people["commune"], province_officer=people["province"], council=council
    )
    score_all(dossier, members, [62, 60, 64, 61, 63])
    services.dossier_close(actor=members[0], dossier=dossier)
    services.decision_issue(
        actor=people["province"],
        round_=round_,
        number="77/QĐ-UBND",
        date=today,
        signer="Phó Chủ tịch",
        issuer_name="UBND thành phố Cần Thơ",
        dossiers=[dossier],
    )
    dossier.refresh_from_db()
    new = dossier.certificate
    old.refresh_from_db()
    assert (new.stars, new.kind) == (3, Kind.DOWNGRADED)
    assert old.superseded_by == new and old.status_on(today) == Status.SUPERSEDED


def test_registration_and_submission_after_the_window_are_refused(can_tho, people):
    producer, producer_user = producer_with_account(can_tho)
    product = product_of(producer)
    round_ = province_round(people["province"], can_tho, 2026, D(2026, 3, 1), D(2026, 4, 30))
    with pytest.raises(EvaluationError, match="không trong thời hạn"):
        services.dossier_create(actor=producer_user, round_=round_, product=product, on=D(2026, 5, 2))
    dossier = services.dossier_create(actor=producer_user, round_=round_, product=product, on=D(2026, 4, 29))
    services.dossier_update(actor=producer_user, dossier=dossier, registration={"contact": "Chị Lan"})
    with pytest.raises(EvaluationError, match="hết hạn nộp hồ sơ"):
        services.dossier_submit(actor=producer_user, dossier=dossier, on=D(2026, 5, 1))
    dossier.refresh_from_db()
    assert dossier.state == DossierState.DRAFT and dossier.submitted_on is None


def test_dossiers_under_148_before_and_after_6_july_2025_follow_the_rules_of_their_day(can_tho, people):
    producer, producer_user = producer_with_account(can_tho)
    people["commune"].role_assignments.update(unit=producer.commune)
    round_ = province_round(people["province"], can_tho, 2025, D(2025, 5, 1), D(2025, 8, 31))
    council, members = council_of_five(people["province"], round_)
    before = submitted_dossier(producer_user, round_, product_of(producer, name="Bánh pía"), D(2025, 6, 20))
    after = submitted_dossier(producer_user, round_, product_of(producer, name="Kẹo dừa"), D(2025, 7, 10))
    assert (before.regime.code, before.screening_level) == ("148-2023", Level.DISTRICT)
    assert (after.regime.code, after.screening_level) == ("148-1489-2025", Level.COMMUNE)
    # Before: the district screened (recorded by the province); the commune officer may not.
    with pytest.raises(PermissionDenied):
        services.dossier_screen(
            actor=people["commune"],
            dossier=before,
            forward=True,
            note="",
            local_origin=True,
            local_labour=True,
            idea_origin=True,
            local_identity=True,
        )
    assigned_dossier(
        before, screener=people["province"], province_officer=people["province"], council=council
    )
    assigned_dossier(after, screener=people["commune"], province_officer=people["province"], council=council)
    for dossier in (before, after):
        score_all(dossier, members, [60, 61, 59, 60, 60])
        services.dossier_close(actor=members[0], dossier=dossier)
    # Each is decided under the rules of its day: before 06/07/2025 the district certified 3★.
    services.decision_issue(
        actor=people["province"], round_=round_, number="5/QĐ-UBND", date=D(2025, 6, 30),
        signer="Chủ tịch UBND huyện", issuer_name="UBND huyện", dossiers=[before],
    )  # fmt: skip
    services.decision_issue(
        actor=people["province"], round_=round_, number="6/QĐ-UBND", date=D(2025, 10, 1),
        signer="Phó Chủ tịch", issuer_name="UBND thành phố", dossiers=[after],
    )  # fmt: skip
    before.refresh_from_db()
    after.refresh_from_db()
    # 148/2023: 3★ certified by the district; 148 amended by 1489: by the province.
    assert (before.certificate.stars, before.certificate.issuer_level) == (3, "district")
    assert (after.certificate.stars, after.certificate.issuer_level) == (3, "province")


def test_registrations_of_the_period_appear_in_the_statistics_and_the_report_sentence(can_tho, people):
    from ocop.reporting.narrative import registration_paragraphs
    from ocop.reporting.stats import Place, statistics

    producer, producer_user = producer_with_account(can_tho)
    people["commune"].role_assignments.update(unit=producer.commune)
    today = datetime.date.today()
    round_ = province_round(
        people["province"], can_tho, today.year, today - datetime.timedelta(days=3), today
    )
    council, members = council_of_five(people["province"], round_)
    passed = submitted_dossier(producer_user, round_, product_of(producer, name="Bánh tét"), today)
    failed = submitted_dossier(producer_user, round_, product_of(producer, name="Kẹo"), today)
    submitted_dossier(producer_user, round_, product_of(producer, name="Nem"), today)
    for dossier, totals in ((passed, [70, 72, 74, 71, 73]), (failed, [40, 42, 44, 41, 43])):
        assigned_dossier(
            dossier, screener=people["commune"], province_officer=people["province"], council=council
        )
        score_all(dossier, members, totals)
        services.dossier_close(actor=members[0], dossier=dossier)
    services.decision_issue(
        actor=people["province"],
        round_=round_,
        number="3/QĐ-UBND",
        date=today,
        signer="Phó Chủ tịch",
        issuer_name="UBND",
        dossiers=[passed, failed],
    )
    result = statistics(
        Place(scheme="current", unit=can_tho),
        as_of=today,
        date_from=datetime.date(today.year, 1, 1),
        date_to=today,
    )
    registered = result["period"]["registrations"]
    assert registered["total"] == 3 and registered["new"] == 3 and registered["producers"] == 1
    assert (registered["passed"], registered["failed"]) == (1, 1)
    assert registered["average_score"] == 57.0
    assert registered["by_producer_type"]["cooperative"] == 3
    sentence = registration_paragraphs(result["period"], datetime.date(today.year, 1, 1), today)[0]
    assert (
        "có 1 chủ thể đăng ký 3 sản phẩm tham gia đánh giá, phân hạng sản phẩm OCOP (3 sản phẩm đăng ký mới)"
        in sentence
    )
    assert "1 sản phẩm đạt, 1 sản phẩm chưa đạt; điểm bình quân 57,0 điểm" in sentence


def mandatory_sheet():
    """A 1048 sheet whose criterion 1.1 is mandatory: 5 points (council average) for 3★ and 4★."""
    from ocop.evaluation.rubric_format import dump_rubric
    from ocop.evaluation.rubrics import rubric_load

    def criterion(number, name, points, **extra):
        return {
            "number": number,
            "name": name,
            "options": [{"text": f"Mức {p} điểm", "points": p} for p in points],
            **extra,
        }

    spec = {
        "format": "ocop-rubric/1",
        "regime": "1048-2019",
        "product_set": "processed_food",
        "code": "1048-bat-buoc",
        "name": "Phiếu có tiêu chí bắt buộc",
        "parts": [
            {
                "code": "A",
                "name": "Sản phẩm và sức mạnh cộng đồng",
                "max": 35,
                "groups": [
                    {
                        "number": "1",
                        "name": "Tổ chức sản xuất",
                        "criteria": [
                            criterion("1.1", "Nguồn nguyên liệu", [0, 5, 10], minimum={3: 5, 4: 5}),
                            criterion("1.2", "Sử dụng lao động địa phương", [0, 25]),
                        ],
                    }
                ],
            },
            {
                "code": "B",
                "name": "Khả năng tiếp thị",
                "max": 25,
                "groups": [
                    {"number": "4", "name": "Tiếp thị", "criteria": [criterion("4.1", "Kênh", [0, 25])]}
                ],
            },
            {
                "code": "C",
                "name": "Chất lượng sản phẩm",
                "max": 40,
                "groups": [
                    {
                        "number": "6",
                        "name": "Chất lượng",
                        "criteria": [criterion("6.1", "Cảm quan", [0, 25, 40])],
                    }
                ],
            },
        ],
    }
    result = rubric_load(actor="test", text=dump_rubric(spec))
    assert result.loaded, result.problems
    return result.rubric


def test_a_mandatory_criterion_failed_at_75_points_gives_no_certificate_and_tells_the_producer_why(
    client, can_tho, people
):
    rubric = mandatory_sheet()
    option = {(o.criterion.number, o.points): o.pk for o in Option.objects.filter(criterion__rubric=rubric)}
    producer, producer_user = producer_with_account(can_tho)
    product = product_of(producer, name="Bánh pía sầu riêng")
    round_ = province_round(people["province"], can_tho, 2021, D(2021, 3, 1), D(2021, 6, 30))
    council, members = council_of_five(people["province"], round_)
    dossier = submitted_dossier(producer_user, round_, product, D(2021, 4, 2), rubric_code="1048-bat-buoc")
    assigned_dossier(
        dossier, screener=people["province"], province_officer=people["province"], council=council
    )
    # 75 points on every sheet (0 + 25 + 25 + 25), with the mandatory criterion at 0 points.
    picks = {"1.1": option[("1.1", 0)], "1.2": option[("1.2", 25)], "4.1": option[("4.1", 25)]}
    picks["6.1"] = option[("6.1", 25)]
    for member in members:
        services.score_save(
            actor=member,
            score=Score.objects.get(dossier=dossier, member=member),
            choices=picks,
            no_conflict=True,
            submit=True,
        )
    services.dossier_close(actor=members[0], dossier=dossier)
    dossier.refresh_from_db()
    assert dossier.score == Decimal("75.00") and dossier.part_scores["band"] == 4 and dossier.stars == 2
    services.decision_issue(
        actor=people["province"],
        round_=round_,
        number="101/QĐ-UBND",
        date=D(2021, 10, 1),
        signer="Phó Chủ tịch",
        issuer_name="UBND tỉnh",
        dossiers=[dossier],
    )
    dossier.refresh_from_db()
    assert dossier.state == DossierState.NOT_RECOGNISED and not product.certificates.exists()
    reason = "Tiêu chí bắt buộc 1.1 Nguồn nguyên liệu: trung bình 0.00 điểm, hạng 4 sao cần tối thiểu 5."
    assert reason in dossier.result_reasons
    notice = Notice.objects.filter(recipient=producer_user, title__contains="Kết quả").get()
    assert notice.body.startswith("Không được công nhận.") and reason in notice.body
    client.force_login(producer_user)
    page = client.get(f"/evaluation/my/{dossier.pk}/").content.decode()
    assert reason in page and "hạng 3 sao cần tối thiểu 5" in page


def test_a_member_more_than_15_points_from_the_mean_is_flagged_in_the_result_and_the_summary(
    client, can_tho, people
):
    import io

    from openpyxl import load_workbook

    producer, producer_user = producer_with_account(can_tho)
    people["commune"].role_assignments.update(unit=producer.commune)
    today = datetime.date.today()
    round_ = province_round(
        people["province"], can_tho, today.year, today - datetime.timedelta(days=3), today
    )
    council, members = council_of_five(people["province"], round_)
    dossier = submitted_dossier(producer_user, round_, product_of(producer, name="Trà mãng cầu"), today)
    assigned_dossier(
        dossier, screener=people["commune"], province_officer=people["province"], council=council
    )
    score_all(dossier, members, [60, 62, 61, 63, 85])  # mean 66.2: the last is 18.8 above it
    services.dossier_close(actor=members[0], dossier=dossier)
    dossier.refresh_from_db()
    assert dossier.part_scores["outliers"] == [{"member": str(members[4]), "total": "85.00", "gap": "18.80"}]
    assert dossier.score == Decimal("66.20") and dossier.stars == 3  # flagged, not excluded
    client.force_login(people["province"])
    page = client.get(f"/evaluation/dossiers/{dossier.pk}/").content.decode()
    assert f"{members[4]}: 85.00" in page and "lệch" in page and "18.80" in page
    summary = client.get(f"/evaluation/rounds/{round_.pk}/summary.xlsx").content
    notes = list(load_workbook(io.BytesIO(summary)).active.values)[3][6]
    assert f"{members[4]} lệch 18.80 điểm so với trung bình" in notes


def test_a_member_declares_a_conflict_of_interest_and_the_council_closes_without_their_sheet(
    client, can_tho, people
):
    from ocop.core.models import AuditEntry

    producer, producer_user = producer_with_account(can_tho)
    people["commune"].role_assignments.update(unit=producer.commune)
    today = datetime.date.today()
    round_ = province_round(
        people["province"], can_tho, today.year, today - datetime.timedelta(days=3), today
    )
    council, members = council_of_five(people["province"], round_)
    dossier = submitted_dossier(producer_user, round_, product_of(producer), today)
    assigned_dossier(
        dossier, screener=people["commune"], province_officer=people["province"], council=council
    )
    sheet = Score.objects.get(dossier=dossier, member=members[4])
    # Submitting needs the no-conflict declaration.
    with pytest.raises(EvaluationError, match="cam kết không có xung đột lợi ích"):
        services.score_save(actor=members[4], score=sheet, parts=parts_for(70), submit=True)
    client.force_login(members[4])
    refused = client.post(f"/evaluation/scores/{sheet.pk}/", {"action": "recuse"}, follow=True)
    assert "Hãy nêu xung đột lợi ích." in refused.content.decode()
    client.post(
        f"/evaluation/scores/{sheet.pk}/",
        {"action": "recuse", "conflict_note": "Tôi là thành viên hợp tác xã này"},
    )
    sheet.refresh_from_db()
    assert sheet.state == ScoreState.RECUSED and sheet.conflict_note == "Tôi là thành viên hợp tác xã này"
    assert AuditEntry.objects.filter(
        action="evaluation.score_recuse", details__note="Tôi là thành viên hợp tác xã này"
    ).exists()
    with pytest.raises(EvaluationError, match="xung đột lợi ích"):
        services.score_save(actor=members[4], score=sheet, parts=parts_for(90), no_conflict=True)
    score_all(dossier, members[:4], [70, 72, 71, 73])
    services.dossier_close(actor=members[0], dossier=dossier)
    dossier.refresh_from_db()
    assert dossier.part_scores["members"] == 4 and dossier.score == Decimal("71.50")
    client.force_login(people["province"])
    page = client.get(f"/evaluation/dossiers/{dossier.pk}/").content.decode()
    assert "Không chấm (xung đột lợi ích)" in page and "Tôi là thành viên hợp tác xã này" in page
