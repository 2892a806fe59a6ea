"""The API for producer sign-up decisions, invitations and the offline sheet runs the same
services as the pages (`signup_approve`, `signup_reject`, `invitation_send`, `score_upload`)."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ocop.accounts.models import Role
from ocop.evaluation.models import ProducerInvitation, ProducerSignup, Score, ScoreState, SignupState
from ocop.evaluation.selectors import producers_of
from ocop.evaluation.tests.builders import (
    assigned_dossier,
    council_of_five,
    officer,
    producer_with_account,
    product_of,
    province_round,
    submitted_dossier,
)
from ocop.evaluation.tests.test_api import as_user
from ocop.evaluation.tests.test_offline_sheets import XLSX, edited, row_of
from ocop.evaluation.tests.test_signups import request_for
from ocop.registry.tests.factories import ProducerFactory

pytestmark = pytest.mark.django_db


def test_the_province_lists_approves_and_refuses_sign_ups_through_the_api(
    can_tho, can_tho_officer, tay_ninh_officer
):
    producer = ProducerFactory(province=can_tho, tax_code="0100109106")
    first = request_for(can_tho)
    second = request_for(can_tho, username="nguoi-thu-hai")

    assert as_user(tay_ninh_officer).get("/api/v1/signups/").json() == []
    outside = as_user(tay_ninh_officer).post(
        "/api/v1/signups/", {"signup": first.pk, "action": "approve"}, format="json"
    )
    assert outside.status_code == 404
    first.refresh_from_db()
    assert first.state == SignupState.PENDING

    pending = as_user(can_tho_officer).get("/api/v1/signups/").json()
    assert {(row["username"], row["tax_code"], row["state"]) for row in pending} == {
        ("htx-mat-ong", "0100109106", "pending"),
        ("nguoi-thu-hai", "0100109106", "pending"),
    }

    approved = as_user(can_tho_officer).post(
        "/api/v1/signups/", {"signup": first.pk, "action": "approve", "producer": producer.pk}, format="json"
    )
    assert approved.status_code == 200, approved.json()
    assert approved.json()["state"] == "approved" and approved.json()["producer"] == producer.pk
    assert list(producers_of(first.user)) == [producer]

    no_reason = as_user(can_tho_officer).post(
        "/api/v1/signups/", {"signup": second.pk, "action": "refuse"}, format="json"
    )
    assert no_reason.status_code == 400
    refused = as_user(can_tho_officer).post(
        "/api/v1/signups/",
        {"signup": second.pk, "action": "refuse", "note": "Người ký không phải đại diện HTX"},
        format="json",
    )
    assert refused.json()["state"] == "rejected"
    second.refresh_from_db()
    assert second.state == SignupState.REJECTED and second.note == "Người ký không phải đại diện HTX"
    assert list(producers_of(second.user)) == []
    assert as_user(can_tho_officer).get("/api/v1/signups/").json() == []
    done = as_user(can_tho_officer).get("/api/v1/signups/?state=approved").json()
    assert [row["username"] for row in done] == ["htx-mat-ong"]
    assert ProducerSignup.objects.count() == 2


def test_an_official_invites_a_person_for_a_producer_of_their_unit_through_the_api(
    can_tho, can_tho_officer, tay_ninh_officer
):
    producer = ProducerFactory(province=can_tho, name="HTX Bưởi Năm Roi")
    refused = as_user(tay_ninh_officer).post(
        "/api/v1/invitations/", {"producer": producer.pk, "email": "ba@example.vn"}, format="json"
    )
    assert refused.status_code == 404 and not ProducerInvitation.objects.exists()

    sent = as_user(can_tho_officer).post(
        "/api/v1/invitations/", {"producer": producer.pk, "email": "ba@example.vn"}, format="json"
    )
    assert sent.status_code == 201, sent.json()
    invitation = ProducerInvitation.objects.get()
    assert invitation.producer == producer and invitation.email == "ba@example.vn"
    assert invitation.expires_at > timezone.now()
    assert [m.to for m in mail.outbox] == [["ba@example.vn"]]
    listed = as_user(can_tho_officer).get("/api/v1/invitations/").json()
    assert [(r["producer_name"], r["email"], r["accepted"]) for r in listed] == [
        ("HTX Bưởi Năm Roi", "ba@example.vn", False)
    ]
    assert as_user(tay_ninh_officer).get("/api/v1/invitations/").json() == []


def test_a_member_downloads_and_uploads_their_offline_sheet_through_the_api(can_tho):
    today = timezone.localdate()
    province = officer(Role.PROVINCE_OFFICER, can_tho, "tinh-ct")
    producer, producer_user = producer_with_account(can_tho)
    commune = officer(Role.COMMUNE_OFFICER, producer.commune, "xa-ct")
    round_ = province_round(province, can_tho, today.year, today - datetime.timedelta(days=5), today)
    council, members = council_of_five(province, round_)
    dossier = submitted_dossier(producer_user, round_, product_of(producer), today)
    assigned_dossier(dossier, screener=commune, province_officer=province, council=council)
    score = Score.objects.get(dossier=dossier, member=members[3])

    assert as_user(members[4]).get(f"/api/v1/scores/{score.pk}/sheet/").status_code == 404
    response = as_user(members[3]).get(f"/api/v1/scores/{score.pk}/sheet/")
    assert response.status_code == 200 and response["Content-Type"] == XLSX

    def parts(sheet):
        for code, value in (("A", 30.5), ("B", 20), ("C", 25)):
            sheet[f"D{row_of(sheet, f'Phần {code}')}"] = value
        sheet[f"D{row_of(sheet, 'Không xung đột lợi ích')}"] = "x"

    data = edited(response.content, parts)
    stranger = as_user(members[4]).post(
        f"/api/v1/scores/{score.pk}/sheet/",
        {"sheet": SimpleUploadedFile("phieu.xlsx", data), "submit": "true"},
        format="multipart",
    )
    assert stranger.status_code == 404
    uploaded = as_user(members[3]).post(
        f"/api/v1/scores/{score.pk}/sheet/",
        {"sheet": SimpleUploadedFile("phieu.xlsx", data), "submit": "true"},
        format="multipart",
    )
    assert uploaded.status_code == 200, uploaded.json()
    assert uploaded.json()["state"] == "submitted"
    score.refresh_from_db()
    assert score.state == ScoreState.SUBMITTED and score.total == Decimal("75.50")

    again = as_user(members[3]).post(
        f"/api/v1/scores/{score.pk}/sheet/",
        {"sheet": SimpleUploadedFile("phieu.xlsx", data)},
        format="multipart",
    )
    assert again.status_code == 400 and "Phiếu đã nộp không sửa được" in again.json()["errors"][0]


def test_linking_a_sign_up_to_a_producer_of_another_province_is_refused_with_the_reason(
    can_tho, tay_ninh, system_admin, client
):
    elsewhere = ProducerFactory(province=tay_ninh, name="HTX Tây Ninh")
    signup = request_for(can_tho)
    answer = as_user(system_admin).post(
        "/api/v1/signups/",
        {"signup": signup.pk, "action": "approve", "producer": elsewhere.pk},
        format="json",
    )
    assert answer.status_code == 400
    assert "Chủ thể không thuộc tỉnh của yêu cầu." in str(answer.json())
    client.force_login(system_admin)
    page = client.post(
        "/evaluation/signups/",
        {"signup": signup.pk, "action": "approve", "producer": elsewhere.pk},
        follow=True,
    )
    assert "Chủ thể không thuộc tỉnh của yêu cầu." in page.content.decode()
    signup.refresh_from_db()
    assert signup.state == SignupState.PENDING and list(producers_of(signup.user)) == []
