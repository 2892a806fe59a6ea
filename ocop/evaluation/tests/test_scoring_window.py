"""Sheets are written only inside the round's scoring window: before it opens and after it closes
saving, submitting and uploading are refused and the sheet stays as it was; after the window only
a sheet the chair explicitly reopened may be corrected."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ocop.accounts.models import Role
from ocop.evaluation import services
from ocop.evaluation.errors import EvaluationError
from ocop.evaluation.models import Round, Score, ScoreState
from ocop.evaluation.tests.builders import (
    D,
    assigned_dossier,
    choices_for,
    council_of_five,
    load_honey_sheet,
    officer,
    producer_with_account,
    product_of,
    province_round,
    submitted_dossier,
)
from ocop.evaluation.tests.test_offline_sheets import being_scored, download, edited, filled_to, upload

pytestmark = pytest.mark.django_db
CLOSED = "Đã hết thời gian chấm điểm của đợt (chấm đến 29/08/2021); phiếu không được lưu."


@pytest.fixture
def closed_round(can_tho):
    """A 2021 honey dossier being scored whose scoring window closed on 29/08/2021."""
    rubric = load_honey_sheet()
    province = officer(Role.PROVINCE_OFFICER, can_tho, "tinh-ct")
    producer, producer_user = producer_with_account(can_tho)
    round_ = province_round(
        province, can_tho, 2021, D(2021, 3, 1), D(2021, 6, 30), scoring_closes=D(2021, 8, 29)
    )
    council, members = council_of_five(province, round_)
    dossier = being_scored(
        province,
        producer_user,
        round_,
        council,
        product_of(producer, name="Mật ong hoa nhãn"),
        D(2021, 4, 2),
        rubric_code="1048-mat-ong",
    )
    return {"rubric": rubric, "members": members, "dossier": dossier, "round": round_}


def unchanged(score):
    score.refresh_from_db()
    assert score.state == ScoreState.DRAFT and score.total is None and not score.lines.exists()
    assert score.comment == ""


def test_saving_or_submitting_after_the_window_closed_is_refused_and_the_sheet_is_unchanged(closed_round):
    score = Score.objects.get(dossier=closed_round["dossier"], member=closed_round["members"][2])
    for submit in (False, True):
        with pytest.raises(EvaluationError) as error:
            services.score_save(
                actor=score.member,
                score=score,
                choices=choices_for(closed_round["rubric"], 70),
                comment="Chấm muộn",
                no_conflict=True,
                submit=submit,
            )
        assert CLOSED in error.value.messages[0]
        unchanged(score)


def test_saving_before_the_window_opens_is_refused(can_tho):
    today = timezone.localdate()
    province = officer(Role.PROVINCE_OFFICER, can_tho, "tinh-ct")
    producer, producer_user = producer_with_account(can_tho)
    opens = today + datetime.timedelta(days=3)
    round_ = services.round_create(
        actor=province,
        name="Đợt đánh giá OCOP — Cần Thơ",
        year=today.year,
        province=can_tho,
        registration_opens=today - datetime.timedelta(days=5),
        registration_closes=today,
        scoring_opens=opens,
        scoring_closes=opens + datetime.timedelta(days=30),
    )
    council, members = council_of_five(province, round_)
    commune = officer(Role.COMMUNE_OFFICER, producer.commune, "xa-ct")
    dossier = submitted_dossier(producer_user, round_, product_of(producer), today)
    assigned_dossier(dossier, screener=commune, province_officer=province, council=council)
    score = Score.objects.get(dossier=dossier, member=members[2])
    with pytest.raises(EvaluationError) as error:
        services.score_save(
            actor=score.member,
            score=score,
            parts={"A": 30, "B": 20, "C": 25},
            comment="Chấm sớm",
            no_conflict=True,
            submit=True,
        )
    assert f"Chưa đến thời gian chấm điểm của đợt (chấm từ {opens:%d/%m/%Y})" in error.value.messages[0]
    unchanged(score)


def test_the_page_and_the_offline_upload_show_the_refusal_and_save_nothing(client, closed_round):
    score = Score.objects.get(dossier=closed_round["dossier"], member=closed_round["members"][3])
    data = edited(download(client, score), filled_to(closed_round["rubric"], 70))

    page = upload(client, score, data).content.decode()
    assert CLOSED in page
    unchanged(score)

    rubric = closed_round["rubric"]
    posted = {f"c_{number}": option for number, option in choices_for(rubric, 70).items()}
    page = client.post(
        f"/evaluation/scores/{score.pk}/",
        {**posted, "action": "submit", "no_conflict": "on", "comment": "Chấm muộn"},
        follow=True,
    ).content.decode()
    assert CLOSED in page and "Đã nộp phiếu chấm." not in page
    unchanged(score)

    with pytest.raises(EvaluationError):
        services.score_upload(
            actor=score.member, score=score, upload=SimpleUploadedFile("phieu.xlsx", data), submit=False
        )
    unchanged(score)


def test_after_the_window_only_a_sheet_the_chair_reopened_can_be_corrected(closed_round):
    members, dossier, rubric = closed_round["members"], closed_round["dossier"], closed_round["rubric"]
    # While the window was open, two members submitted.
    Round.objects.filter(pk=closed_round["round"].pk).update(
        scoring_closes=timezone.localdate() + datetime.timedelta(days=1)
    )
    for member in members[2:4]:
        services.score_save(
            actor=member,
            score=Score.objects.get(dossier=dossier, member=member),
            choices=choices_for(rubric, 70),
            no_conflict=True,
            submit=True,
        )
    Round.objects.filter(pk=closed_round["round"].pk).update(scoring_closes=D(2021, 8, 29))

    reopened = Score.objects.get(dossier=dossier, member=members[2])
    services.score_reopen(actor=members[0], score=reopened, reason="Sửa tiêu chí 1.1")
    services.score_save(
        actor=members[2], score=reopened, choices=choices_for(rubric, 72), no_conflict=True, submit=True
    )
    reopened.refresh_from_db()
    assert reopened.state == ScoreState.SUBMITTED and reopened.total == 72

    # A member who never submitted cannot start scoring after the window.
    late = Score.objects.get(dossier=dossier, member=members[4])
    with pytest.raises(EvaluationError) as error:
        services.score_save(actor=members[4], score=late, choices=choices_for(rubric, 70))
    assert CLOSED in error.value.messages[0]
    unchanged(late)
