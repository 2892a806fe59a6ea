"""Real-browser journeys (Playwright + Debian Chromium): a producer submits with an evidence upload
and watches the live total; a council member scores. Screenshots are kept under
test-artifacts/evaluation/ (gitignored)."""

import datetime
from pathlib import Path

import pytest

from ocop.accounts.models import Role
from ocop.evaluation import services
from ocop.evaluation.models import DossierState, Evidence, Score
from ocop.evaluation.tests.builders import (
    assigned_dossier,
    council_of_five,
    officer,
    producer_with_account,
    product_of,
    province_round,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "evaluation"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def round_setting(can_tho):
    today = datetime.date.today()
    province = officer(Role.PROVINCE_OFFICER, can_tho, "tinh-browser")
    producer, producer_user = producer_with_account(can_tho, username="chu-the-browser")
    commune = officer(Role.COMMUNE_OFFICER, producer.commune, "xa-browser")
    round_ = province_round(
        province, can_tho, today.year, today - datetime.timedelta(days=5), today + datetime.timedelta(days=5)
    )
    council, members = council_of_five(province, round_)
    product = product_of(producer, name="Mật ong rừng U Minh Hạ")
    return {
        "province": province,
        "producer_user": producer_user,
        "commune": commune,
        "round": round_,
        "council": council,
        "members": members,
        "product": product,
    }


def test_a_producer_registers_uploads_evidence_sees_the_live_total_and_submits(
    page, login, round_setting, tmp_path
):
    login(round_setting["producer_user"])
    page.goto(page.base_url + "/evaluation/my/")
    page.select_option("select[name=round]", str(round_setting["round"].pk))
    page.select_option("select[name=product]", str(round_setting["product"].pk))
    with page.expect_navigation():
        page.click("main form.form button[type=submit]")
    assert "Mật ong rừng U Minh Hạ" in page.locator("h1").inner_text()
    evidence = tmp_path / "giay-chung-nhan-attp.pdf"
    evidence.write_bytes(PDF)
    page.fill("#evidence-form input[name=title]", "Giấy chứng nhận ATTP")
    page.set_input_files("#evidence-form input[name=file]", str(evidence))
    with page.expect_navigation():
        page.click("#evidence-form button[type=submit]")
    assert "Giấy chứng nhận ATTP" in page.locator(".evidence-list").inner_text()
    page.fill("input[name=contact]", "Nguyễn Thị Hoa")
    page.fill("input[name=part_A]", "32")
    page.fill("input[name=part_B]", "20")
    page.fill("input[name=part_C]", "22")
    assert page.locator(".js-total").inner_text() == "74"  # computed in the page as the producer types
    assert page.locator(".js-stars").inner_text() == "4"
    shot(page, "producer-self-assessment")
    with page.expect_navigation():
        page.click("button[value=submit]")
    assert "Đã nộp, chờ sàng lọc" in page.content()
    shot(page, "producer-submitted")
    dossier = round_setting["product"].dossiers.get()
    assert dossier.state == DossierState.SUBMITTED and Evidence.objects.filter(dossier=dossier).count() == 1


def test_a_council_member_scores_a_product_and_cannot_change_the_sheet_after_submitting(
    page, login, round_setting
):
    s = round_setting
    dossier = services.dossier_create(actor=s["producer_user"], round_=s["round"], product=s["product"])
    services.dossier_update(actor=s["producer_user"], dossier=dossier, registration={"contact": "Chị Hoa"})
    dossier = services.dossier_submit(actor=s["producer_user"], dossier=dossier)
    assigned_dossier(dossier, screener=s["commune"], province_officer=s["province"], council=s["council"])
    member = s["members"][2]
    login(member)
    page.goto(page.base_url + "/evaluation/assignments/")
    with page.expect_navigation():
        page.click("text=Mật ong rừng U Minh Hạ")
    page.fill("input[name=part_A]", "35")
    page.fill("input[name=part_B]", "21")
    page.fill("input[name=part_C]", "30")
    assert page.locator(".js-total").inner_text() == "86"
    page.check("input[name=no_conflict]")
    shot(page, "member-scoring")
    with page.expect_navigation():
        page.click("button[value=submit]")
    assert "Đã nộp phiếu chấm." in page.content()
    assert page.locator("input[name=part_A]").is_disabled()
    shot(page, "member-submitted")
    score = Score.objects.get(dossier=dossier, member=member)
    assert score.state == "submitted" and str(score.total) == "86.00"
