"""Scoring offline: a member downloads their own sheet as .xlsx, fills it (here with openpyxl, as
Excel would) and uploads it back; the upload is read strictly and saved by the same service as
the page."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import load_workbook

from ocop.accounts.models import Role
from ocop.evaluation import services
from ocop.evaluation.errors import EvaluationError
from ocop.evaluation.models import Score, ScoreLine, ScoreState
from ocop.evaluation.scoring import leaves
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

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def being_scored(province, producer_user, round_, council, product, on, **kwargs):
    dossier = submitted_dossier(producer_user, round_, product, on, **kwargs)
    return assigned_dossier(dossier, screener=province, province_officer=province, council=council)


@pytest.fixture
def honey(can_tho):
    """Two honey dossiers of a 2021 round being scored on the 1048 honey sheet by five members."""
    rubric = load_honey_sheet()
    province = officer(Role.PROVINCE_OFFICER, can_tho, "tinh-ct")
    producer, producer_user = producer_with_account(can_tho)
    round_ = province_round(province, can_tho, 2021, D(2021, 3, 1), D(2021, 6, 30))
    council, members = council_of_five(province, round_)
    dossiers = [
        being_scored(
            province,
            producer_user,
            round_,
            council,
            product_of(producer, name=name),
            D(2021, 4, 2),
            rubric_code="1048-mat-ong",
        )
        for name in ("Mật ong hoa nhãn", "Mật ong rừng U Minh")
    ]
    return {"rubric": rubric, "members": members, "dossiers": dossiers, "province": province}


def download(client, score) -> bytes:
    client.force_login(score.member)
    response = client.get(f"/evaluation/scores/{score.pk}/sheet.xlsx")
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    return response.content


def edited(data: bytes, edit) -> bytes:
    workbook = load_workbook(io.BytesIO(data))
    edit(workbook["Phiếu chấm"])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def row_of(sheet, key: str) -> int:
    return next(row[0].row for row in sheet.iter_rows() if str(row[0].value or "") == key)


def filled_to(rubric, total: int, comments=None, knockouts=(), no_conflict=True):
    """An edit writing, on every criterion row, the points of the options adding up to `total`."""
    options = {o.pk: o.points for c in leaves(rubric) for o in c.options.all()}
    picks = choices_for(rubric, total)

    def edit(sheet):
        for number, option_id in picks.items():
            sheet[f"D{row_of(sheet, number)}"] = options[option_id]
        for number, text in (comments or {}).items():
            sheet[f"E{row_of(sheet, number)}"] = text
        for code in knockouts:
            sheet[f"D{row_of(sheet, f'Loại {code}')}"] = "x"
        sheet[f"D{row_of(sheet, 'Không xung đột lợi ích')}"] = "x" if no_conflict else None

    return edit


def upload(client, score, data: bytes, submit=True):
    return client.post(
        f"/evaluation/scores/{score.pk}/",
        {
            "action": "upload_submit" if submit else "upload",
            "sheet": SimpleUploadedFile("phieu.xlsx", data, content_type=XLSX),
        },
        follow=True,
    )


def refusal(score, data: bytes, submit=True) -> list[str]:
    with pytest.raises(EvaluationError) as error:
        services.score_upload(
            actor=score.member, score=score, upload=SimpleUploadedFile("phieu.xlsx", data), submit=submit
        )
    score.refresh_from_db()
    assert score.state == ScoreState.DRAFT and score.total is None and not score.lines.exists()
    return error.value.messages


def test_a_member_downloads_the_1048_honey_sheet_fills_it_offline_and_uploads_it_back(client, honey):
    dossier, members = honey["dossiers"][0], honey["members"]
    score = Score.objects.get(dossier=dossier, member=members[2])
    client.force_login(members[2])
    page = client.get(f"/evaluation/scores/{score.pk}/").content.decode()
    assert f"/evaluation/scores/{score.pk}/sheet.xlsx" in page and 'name="sheet"' in page
    blank = download(client, score)
    sheet = load_workbook(io.BytesIO(blank))["Phiếu chấm"]
    assert sheet["B3"].value == score.pk and sheet["B4"].value == dossier.pk
    assert (sheet["B5"].value, sheet["B6"].value) == ("1048-mat-ong", 1)
    first = row_of(sheet, "1.1")
    assert sheet[f"B{first + 1}"].value.strip().startswith("•")  # the options under their criterion

    filled = edited(blank, filled_to(honey["rubric"], 72, comments={"1.1": "Nguyên liệu địa phương 80%"}))
    page = upload(client, score, filled).content.decode()

    score.refresh_from_db()
    assert score.state == ScoreState.SUBMITTED and score.total == Decimal("72.00") and score.no_conflict
    assert score.lines.count() == len(leaves(honey["rubric"]))
    assert ScoreLine.objects.get(score=score, criterion__number="1.1").comment == "Nguyên liệu địa phương 80%"
    assert "tổng điểm 72,00" in page
    from ocop.core.models import AuditEntry

    assert AuditEntry.objects.filter(action="evaluation.score_upload", details__total="72.00").exists()


def test_a_draft_uploaded_comes_back_in_the_next_download_and_a_knock_out_is_kept(client, honey):
    score = Score.objects.get(dossier=honey["dossiers"][0], member=honey["members"][1])
    rubric = honey["rubric"]
    knockout = rubric.criteria.exclude(knockout="").first().number

    def half(sheet):
        filled_to(rubric, 60, knockouts=[knockout], no_conflict=False)(sheet)
        sheet[f"D{row_of(sheet, leaves(rubric)[-1].number)}"] = None  # not scored yet
        sheet[f"E{row_of(sheet, 'Nhận xét chung')}"] = "Còn thiếu hồ sơ công bố"

    upload(client, score, edited(download(client, score), half), submit=False)
    score.refresh_from_db()
    assert score.state == ScoreState.DRAFT and score.knockouts == [knockout]
    assert score.comment == "Còn thiếu hồ sơ công bố" and not score.no_conflict
    again = load_workbook(io.BytesIO(download(client, score)))["Phiếu chấm"]
    assert again[f"D{row_of(again, 'Loại ' + knockout)}"].value == "x"
    assert again[f"D{row_of(again, '1.1')}"].value == score.lines.get(criterion__number="1.1").points
    assert again[f"E{row_of(again, 'Nhận xét chung')}"].value == "Còn thiếu hồ sơ công bố"


def test_a_part_totals_sheet_round_trips_with_decimal_parts(client, can_tho):
    import datetime

    today = datetime.date.today()
    province = officer(Role.PROVINCE_OFFICER, can_tho, "tinh-ct")
    producer, producer_user = producer_with_account(can_tho)
    commune = officer(Role.COMMUNE_OFFICER, producer.commune, "xa-ct")
    round_ = province_round(province, can_tho, today.year, today - datetime.timedelta(days=5), today)
    council, members = council_of_five(province, round_)
    dossier = submitted_dossier(producer_user, round_, product_of(producer), today)
    assigned_dossier(dossier, screener=commune, province_officer=province, council=council)
    score = Score.objects.get(dossier=dossier, member=members[3])

    def parts(sheet):
        for code, value in (("A", 30.5), ("B", "20,25"), ("C", 25)):
            sheet[f"D{row_of(sheet, f'Phần {code}')}"] = value
        sheet[f"D{row_of(sheet, 'Không xung đột lợi ích')}"] = "x"

    upload(client, score, edited(download(client, score), parts))
    score.refresh_from_db()
    assert (score.part_a, score.part_b, score.part_c) == (
        Decimal("30.50"),
        Decimal("20.25"),
        Decimal("25.00"),
    )
    assert score.total == Decimal("75.75") and score.state == ScoreState.SUBMITTED

    other = Score.objects.get(dossier=dossier, member=members[4])

    def too_high(sheet):
        parts(sheet)
        sheet[f"D{row_of(sheet, 'Phần B')}"] = 26

    problems = refusal(other, edited(download(client, other), too_high))
    assert any(p.startswith("Ô D") and "điểm phần B phải từ 0 đến 25 (đang là 26)" in p for p in problems)


def test_a_value_that_is_not_one_of_the_options_points_is_refused_with_its_cell(client, honey):
    score = Score.objects.get(dossier=honey["dossiers"][0], member=honey["members"][2])
    criterion = leaves(honey["rubric"])[0]
    allowed = sorted({o.points for o in criterion.options.all()})
    wrong = max(allowed) + 1

    def edit(sheet):
        filled_to(honey["rubric"], 70)(sheet)
        sheet[f"D{row_of(sheet, criterion.number)}"] = wrong
        sheet[f"D{row_of(sheet, '1.2')}"] = "ba"

    data = download(client, score)
    row = row_of(load_workbook(io.BytesIO(data))["Phiếu chấm"], criterion.number)
    problems = refusal(score, edited(data, edit))
    assert (
        f"Ô D{row}: tiêu chí {criterion.number} — {wrong} không phải điểm của một mức đánh giá "
        f"(chọn một trong: {', '.join(map(str, allowed))})." in problems
    )
    assert any("tiêu chí 1.2 — «ba» không phải là số" in p for p in problems)


def test_an_offline_sheet_is_refused_cell_by_cell_in_the_active_language(client, honey):
    score = Score.objects.get(dossier=honey["dossiers"][0], member=honey["members"][2])
    criterion = next(c for c in leaves(honey["rubric"]) if c.number == "1.2")
    allowed = ", ".join(map(str, sorted({o.points for o in criterion.options.all()})))

    def edit(sheet):
        filled_to(honey["rubric"], 70)(sheet)
        sheet[f"D{row_of(sheet, '1.2')}"] = "ba"

    data = download(client, score)
    row = row_of(load_workbook(io.BytesIO(data))["Phiếu chấm"], "1.2")
    with translation.override("en"):
        assert f"Cell D{row}: criterion 1.2 — “ba” is not a number (choose one of: {allowed})." in refusal(
            score, edited(data, edit)
        )
    with translation.override("vi"):
        assert f"Ô D{row}: tiêu chí 1.2 — «ba» không phải là số (chọn một trong: {allowed})." in refusal(
            score, edited(data, edit)
        )


def test_a_missing_criterion_row_an_unknown_row_and_a_blank_on_submitting_are_refused(client, honey):
    score = Score.objects.get(dossier=honey["dossiers"][0], member=honey["members"][2])
    rubric = honey["rubric"]
    last = leaves(rubric)[-1].number

    def edit(sheet):
        filled_to(rubric, 70)(sheet)
        sheet.delete_rows(row_of(sheet, "1.2"))
        sheet[f"D{row_of(sheet, last)}"] = None
        sheet.append(["9.9", "Tiêu chí tự thêm", 5, 5])

    problems = refusal(score, edited(download(client, score), edit))
    assert any(p.startswith("Tệp thiếu dòng: 1.2 ") for p in problems)
    assert any(p.endswith(f"tiêu chí {last} chưa chấm.") for p in problems)
    assert any("«9.9» không phải một dòng của phiếu «1048-mat-ong»" in p for p in problems)


def test_another_dossiers_or_members_sheet_another_version_or_another_workbook_is_refused(client, honey):
    first, second = honey["dossiers"]
    members = honey["members"]
    mine = Score.objects.get(dossier=first, member=members[2])
    fill = filled_to(honey["rubric"], 70)

    # The sheet of the same member for the other dossier.
    other_dossier = Score.objects.get(dossier=second, member=members[2])
    problems = refusal(mine, edited(download(client, other_dossier), fill))
    assert problems == [
        f"Ô B4: tệp là phiếu chấm của hồ sơ số {second.pk}, không phải hồ sơ số {first.pk} "
        f"(«{first.product.name}»)."
    ]
    # Another member's sheet of the same dossier.
    colleague = Score.objects.get(dossier=first, member=members[3])
    problems = refusal(mine, edited(download(client, colleague), fill))
    assert problems == [
        f"Ô B3: tệp là phiếu số {colleague.pk} của thành viên khác, không phải phiếu số {mine.pk} của bạn."
    ]

    # A sheet of an older version of the rubric.
    def older(sheet):
        fill(sheet)
        sheet["B6"] = 0

    problems = refusal(mine, edited(download(client, mine), older))
    assert problems == [
        "Ô B6: tệp theo phiên bản 0 của phiếu «1048-mat-ong», hồ sơ chấm theo phiên bản 1: hãy tải lại phiếu."
    ]
    # The blank sheet of the rubric list is not a member's sheet.
    blank = client.get("/evaluation/sheets/1048-2019/processed_food.xlsx?sheet=1048-mat-ong").content
    assert "cần «Phiếu chấm»" in refusal(mine, blank)[0]
    assert "không phải tệp Excel" in refusal(mine, b"not a workbook")[0]


def test_a_submitted_sheet_cannot_be_changed_by_an_upload_until_the_chair_reopens_it(client, honey):
    members = honey["members"]
    score = Score.objects.get(dossier=honey["dossiers"][0], member=members[2])
    data = download(client, score)
    upload(client, score, edited(data, filled_to(honey["rubric"], 70)))
    page = upload(client, score, edited(data, filled_to(honey["rubric"], 80))).content.decode()
    score.refresh_from_db()
    assert score.total == Decimal("70.00") and "không sửa được" in page
    services.score_reopen(actor=members[0], score=score, reason="Nhầm phần C")
    client.force_login(members[2])
    upload(client, score, edited(data, filled_to(honey["rubric"], 80)))
    score.refresh_from_db()
    assert score.total == Decimal("80.00") and score.state == ScoreState.SUBMITTED


def test_a_member_downloads_only_their_own_sheet(client, honey):
    members = honey["members"]
    colleague = Score.objects.get(dossier=honey["dossiers"][0], member=members[3])
    services.score_save(
        actor=members[3],
        score=colleague,
        choices=choices_for(honey["rubric"], 66),
        no_conflict=True,
        submit=True,
    )
    # Its member gets the sheet back: this score's number and the points they gave, 66 in all.
    own = load_workbook(io.BytesIO(download(client, colleague)))["Phiếu chấm"]
    assert (own["B3"].value, own["B4"].value) == (colleague.pk, colleague.dossier_id)
    points = {line.criterion.number: line.points for line in colleague.lines.select_related("criterion")}
    assert {number: own[f"D{row_of(own, number)}"].value for number in points} == points
    assert sum(points.values()) == 66 and len(points) == len(leaves(honey["rubric"]))
    client.force_login(members[2])
    assert client.get(f"/evaluation/scores/{colleague.pk}/sheet.xlsx").status_code == 404
    client.force_login(honey["province"])
    assert client.get(f"/evaluation/scores/{colleague.pk}/sheet.xlsx").status_code == 403


def test_the_downloaded_sheet_keeps_a_name_typed_as_a_formula_as_text(client, honey):
    from ocop.core.tests.test_spreadsheets import assert_no_formula

    dossier = honey["dossiers"][0]
    dossier.product.name = '=HYPERLINK("http://example.com/x","Bấm vào đây")'
    dossier.product.save()
    score = Score.objects.get(dossier=dossier, member=honey["members"][2])
    values = assert_no_formula(download(client, score))
    assert any(str(value).startswith('=HYPERLINK("http://example.com/x"') for value in values)
