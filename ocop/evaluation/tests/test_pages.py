"""The evaluation pages over HTTP: each test re-reads the database or the page after the request."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from ocop.accounts.models import Role
from ocop.evaluation import services
from ocop.evaluation.models import DossierState, Evidence, Score
from ocop.evaluation.tests.builders import (
    assigned_dossier,
    council_of_five,
    officer,
    parts_for,
    producer_with_account,
    product_of,
    province_round,
    score_all,
)

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def setting(can_tho, tay_ninh):
    today = datetime.date.today()
    province = officer(Role.PROVINCE_OFFICER, can_tho, "tinh-ct")
    producer, producer_user = producer_with_account(can_tho)
    commune_officer = officer(Role.COMMUNE_OFFICER, producer.commune, "xa-ct")
    round_ = province_round(
        province, can_tho, today.year, today - datetime.timedelta(days=5), today + datetime.timedelta(days=5)
    )
    council, members = council_of_five(province, round_)
    other, other_user = producer_with_account(tay_ninh, username="chu-the-tn")
    tn_officer = officer(Role.PROVINCE_OFFICER, tay_ninh, "tinh-tn")
    tn_round = province_round(
        tn_officer,
        tay_ninh,
        today.year,
        today - datetime.timedelta(days=5),
        today + datetime.timedelta(days=5),
    )
    return {
        "province": province,
        "producer": producer,
        "producer_user": producer_user,
        "commune": commune_officer,
        "round": round_,
        "council": council,
        "members": members,
        "other_user": other_user,
        "other_product": product_of(other),
        "tn_round": tn_round,
        "tn_officer": tn_officer,
        "product": product_of(producer, name="Mật ong U Minh"),
    }


def test_a_producer_registers_fills_the_form_uploads_evidence_and_submits(client, setting):
    client.force_login(setting["producer_user"])
    response = client.post(
        "/evaluation/my/", {"round": setting["round"].pk, "product": setting["product"].pk, "kind": "new"}
    )
    dossier = setting["product"].dossiers.get()
    assert response.url == f"/evaluation/my/{dossier.pk}/"
    page = client.get(response.url).content.decode()
    assert "Tổng điểm" in page and "Mật ong U Minh" in page
    client.post(
        response.url,
        {
            "action": "evidence",
            "title": "Giấy chứng nhận ATTP",
            "criterion": "",
            "file": SimpleUploadedFile("attp.pdf", PDF, content_type="application/pdf"),
        },
    )
    refused = client.post(
        response.url,
        {
            "action": "evidence",
            "title": "Giả mạo",
            "file": SimpleUploadedFile("x.pdf", b"MZ\x90\x00", content_type="application/pdf"),
        },
        follow=True,
    ).content.decode()
    assert "Chỉ nhận tệp PDF" in refused
    evidence = Evidence.objects.get(dossier=dossier)
    assert evidence.content_type == "application/pdf" and evidence.title == "Giấy chứng nhận ATTP"
    client.post(
        response.url,
        {
            "action": "submit",
            "contact": "Chị Hoa",
            "phone": "0912",
            "part_A": "30",
            "part_B": "20",
            "part_C": "25",
        },
    )
    dossier.refresh_from_db()
    assert dossier.state == DossierState.SUBMITTED and dossier.self_assessment["parts"]["A"] == "30"
    download = client.get(f"/evaluation/my/{dossier.pk}/evidence/?file={evidence.pk}")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF


def test_a_producer_sees_only_its_own_dossiers_and_files(client, setting):
    dossier = services.dossier_create(
        actor=setting["producer_user"], round_=setting["round"], product=setting["product"]
    )
    client.force_login(setting["other_user"])
    assert "Mật ong U Minh" not in client.get("/evaluation/my/").content.decode()
    assert client.get(f"/evaluation/my/{dossier.pk}/").status_code == 404
    assert client.get(f"/evaluation/my/{dossier.pk}/evidence/").status_code == 404


def submitted(setting):
    dossier = services.dossier_create(
        actor=setting["producer_user"], round_=setting["round"], product=setting["product"]
    )
    services.dossier_update(
        actor=setting["producer_user"], dossier=dossier, registration={"contact": "Chị Hoa"}
    )
    return services.dossier_submit(actor=setting["producer_user"], dossier=dossier)


def test_the_commune_officer_screens_only_dossiers_of_their_commune(client, setting, tay_ninh):
    dossier = submitted(setting)
    client.force_login(setting["commune"])
    assert "Mật ong U Minh" in client.get("/evaluation/screening/").content.decode()
    client.post(
        f"/evaluation/screening/{dossier.pk}/",
        {
            "action": "forward",
            "note": "Đạt",
            "local_origin": "yes",
            "local_labour": "yes",
            "idea_origin": "yes",
            "local_identity": "no",
        },
    )
    dossier.refresh_from_db()
    assert dossier.state == DossierState.SCREENED and dossier.local_identity is False
    from ocop.geo.models import AdminUnit

    elsewhere = AdminUnit.objects.filter(scheme="current", level="commune", province=tay_ninh).first()
    client.force_login(officer(Role.COMMUNE_OFFICER, elsewhere, "xa-tn"))
    assert "Mật ong U Minh" not in client.get("/evaluation/screening/").content.decode()
    assert client.get(f"/evaluation/screening/{dossier.pk}/").status_code == 404
    assert client.get(f"/evaluation/screening/{dossier.pk}/evidence/").status_code == 404


def test_a_province_officer_sees_only_the_rounds_and_dossiers_of_their_province(client, setting):
    dossier = submitted(setting)
    client.force_login(setting["tn_officer"])
    assert client.get(f"/evaluation/rounds/{setting['round'].pk}/").status_code == 404
    assert client.get(f"/evaluation/dossiers/{dossier.pk}/").status_code == 404
    client.force_login(setting["province"])
    page = client.get(f"/evaluation/rounds/{setting['round'].pk}/").content.decode()
    assert (
        "Mật ong U Minh" in page
        and setting["tn_round"].name not in client.get("/evaluation/rounds/").content.decode()
    )


def scoring(setting):
    dossier = submitted(setting)
    return assigned_dossier(
        dossier, screener=setting["commune"], province_officer=setting["province"], council=setting["council"]
    )


def test_a_member_sees_only_assigned_products_and_others_scores_only_after_submitting(client, setting):
    dossier = scoring(setting)
    members = setting["members"]
    first = Score.objects.get(dossier=dossier, member=members[1])
    services.score_save(actor=members[1], score=first, parts=parts_for(80), no_conflict=True, submit=True)
    mine = Score.objects.get(dossier=dossier, member=members[2])
    client.force_login(members[2])
    assert "Mật ong U Minh" in client.get("/evaluation/assignments/").content.decode()
    page = client.get(f"/evaluation/scores/{mine.pk}/").content.decode()
    assert "80,00" not in page and str(members[1]) not in page
    assert client.get(f"/evaluation/scores/{first.pk}/").status_code == 404
    client.post(
        f"/evaluation/scores/{mine.pk}/",
        {
            "action": "submit",
            "part_A": "30",
            "part_B": "20",
            "part_C": "20",
            "no_conflict": "on",
            "comment": "Tốt",
        },
    )
    mine.refresh_from_db()
    assert mine.state == "submitted" and mine.total == Decimal("70.00")
    page = client.get(f"/evaluation/scores/{mine.pk}/").content.decode()
    assert str(members[1]) in page and "80,00" in page
    # Editing after submitting is refused and changes nothing.
    response = client.post(
        f"/evaluation/scores/{mine.pk}/",
        {"action": "save", "part_A": "40", "part_B": "25", "part_C": "35", "no_conflict": "on"},
        follow=True,
    )
    mine.refresh_from_db()
    assert mine.total == Decimal("70.00") and "không sửa được" in response.content.decode()


def test_the_chair_closes_and_the_province_issues_the_decision_and_its_documents(client, setting):
    dossier = scoring(setting)
    score_all(dossier, setting["members"], [72, 73, 72, 73, 72])
    chair_score = Score.objects.get(dossier=dossier, member=setting["members"][0])
    client.force_login(setting["members"][0])
    client.post(f"/evaluation/scores/{chair_score.pk}/", {"action": "close"})
    dossier.refresh_from_db()
    assert dossier.state == DossierState.SCORED and dossier.score == Decimal("72.40")
    client.force_login(setting["province"])
    summary = client.get(f"/evaluation/rounds/{setting['round'].pk}/summary.xlsx")
    rows = list(load_workbook(io.BytesIO(summary.content)).active.values)
    assert rows[3][1] == "Mật ong U Minh" and rows[3][4] == 72.4 and rows[3][5] == 4
    pdf = client.get(f"/evaluation/rounds/{setting['round'].pk}/summary.pdf")
    assert pdf.content.startswith(b"%PDF")
    client.post(
        f"/evaluation/rounds/{setting['round'].pk}/",
        {
            "action": "decision",
            "dossier": [dossier.pk],
            "number": "15/QĐ-UBND",
            "date": datetime.date.today().isoformat(),
            "signer": "Trần Văn A",
            "issuer_name": "UBND thành phố Cần Thơ",
        },
    )
    dossier.refresh_from_db()
    assert dossier.state == DossierState.RECOGNISED and dossier.certificate.stars == 4
    from docx import Document

    document = Document(
        io.BytesIO(client.get(f"/evaluation/decisions/{dossier.decision_id}/decision.docx").content)
    )
    text = "\n".join(p.text for p in document.paragraphs)
    assert "15/QĐ-UBND" in text and "Công nhận 1 sản phẩm" in text
    assert document.tables[0].rows[1].cells[1].text == "Mật ong U Minh"


def test_blank_sheets_of_the_1048_honey_sheet_and_a_part_totals_sheet(client):
    from ocop.evaluation.tests.builders import load_honey_sheet

    load_honey_sheet()
    response = client.get("/evaluation/sheets/1048-2019/processed_food.xlsx?sheet=1048-mat-ong")
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    texts = [row[1] for row in rows if row[1]]
    assert any(str(t).startswith("Nguồn nguyên liệu — Bị loại nếu") for t in texts)
    assert rows[-1][1] == "TỔNG ĐIỂM" and rows[-1][2] == 100
    assert client.get("/evaluation/sheets/148-1489-2025/honey_farm.pdf").content.startswith(b"%PDF")


def test_an_administrator_uploads_a_sheet_and_sees_every_problem_of_a_faulty_one(client, system_admin):
    client.force_login(system_admin)
    bad = SimpleUploadedFile("bad.yaml", b"format: ocop-rubric/1\nregime: 1048-2019\ncode: x\nname: X\n")
    page = client.post("/evaluation/rubrics/upload/", {"files": [bad]}).content.decode()
    assert "bị từ chối" in page and "không có phần nào" in page


def test_a_member_comments_each_criterion_of_the_1048_sheet_and_finds_the_comments_again(client, can_tho):
    from ocop.evaluation.models import ScoreLine
    from ocop.evaluation.scoring import leaves
    from ocop.evaluation.tests.builders import D, choices_for, load_honey_sheet, submitted_dossier

    rubric = load_honey_sheet()
    province = officer(Role.PROVINCE_OFFICER, can_tho, "tinh-ct")
    producer, producer_user = producer_with_account(can_tho)
    round_ = province_round(province, can_tho, 2021, D(2021, 3, 1), D(2021, 6, 30))
    council, members = council_of_five(province, round_)
    dossier = submitted_dossier(
        producer_user, round_, product_of(producer), D(2021, 4, 2), rubric_code="1048-mat-ong"
    )
    assigned_dossier(dossier, screener=province, province_officer=province, council=council)
    score = Score.objects.get(dossier=dossier, member=members[1])
    last = leaves(rubric)[-1].number
    client.force_login(members[1])
    client.post(
        f"/evaluation/scores/{score.pk}/",
        {
            "action": "save",
            **{f"c_{number}": option for number, option in choices_for(rubric, 70).items()},
            "comment_1.1": "Nguyên liệu mật ong tại chỗ, có hợp đồng với hộ nuôi",
            f"comment_{last}": "Chưa có kết quả kiểm nghiệm định kỳ",
        },
    )
    comments = dict(
        ScoreLine.objects.filter(score=score).exclude(comment="").values_list("criterion__number", "comment")
    )
    assert comments == {
        "1.1": "Nguyên liệu mật ong tại chỗ, có hợp đồng với hộ nuôi",
        last: "Chưa có kết quả kiểm nghiệm định kỳ",
    }
    page = client.get(f"/evaluation/scores/{score.pk}/").content.decode()
    assert 'value="Nguyên liệu mật ong tại chỗ, có hợp đồng với hộ nuôi"' in page
    # Blind: another member sees neither the points nor the comments of a draft.
    client.force_login(members[2])
    other = client.get(f"/evaluation/scores/{Score.objects.get(dossier=dossier, member=members[2]).pk}/")
    assert "Nguyên liệu mật ong tại chỗ" not in other.content.decode()
