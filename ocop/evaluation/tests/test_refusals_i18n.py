"""A refusal from a service is said in the language the person is using: English when the
interface is English, the same Vietnamese as before otherwise. Covers the evaluation services
(including labels of the transition table and the dossier's state), producer sign-ups and
invitations, the activity records, the rubric validator (upload page; `ocop load_rubric` stays
Vietnamese) and scoring."""

import io
import json

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import translation

from ocop.accounts.models import Role, User
from ocop.activities import services as activities
from ocop.evaluation import services, signups
from ocop.evaluation.errors import EvaluationError
from ocop.evaluation.rubrics import check_rubric_text
from ocop.evaluation.scoring import council_result
from ocop.evaluation.tests.builders import D, officer, producer_with_account, product_of, province_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft_dossier(can_tho):
    province = officer(Role.PROVINCE_OFFICER, can_tho, "tinh-ct")
    producer, producer_user = producer_with_account(can_tho)
    round_ = province_round(province, can_tho, 2021, D(2021, 3, 1), D(2021, 6, 30))
    dossier = services.dossier_create(
        actor=producer_user, round_=round_, product=product_of(producer), on=D(2021, 4, 2)
    )
    return {"province": province, "producer_user": producer_user, "round": round_, "dossier": dossier}


def refusal(call, **kwargs) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        call(**kwargs)
    return caught.value.messages


def test_a_move_the_dossier_state_does_not_allow_is_refused_in_the_active_language(draft_dossier):
    check = {"actor": draft_dossier["province"], "dossier": draft_dossier["dossier"], "complete": True}
    with translation.override("en"):
        assert refusal(services.dossier_check, **check) == [
            "Cannot “Dossier complete” while the dossier is “Draft”."
        ]
    with translation.override("vi"):
        assert refusal(services.dossier_check, **check) == [
            "Không thể «Hồ sơ đầy đủ» khi hồ sơ đang ở trạng thái «Đang soạn»."
        ]


def test_registering_outside_the_window_is_refused_with_its_dates_in_the_active_language(draft_dossier):
    register = {
        "actor": draft_dossier["producer_user"],
        "round_": draft_dossier["round"],
        "product": draft_dossier["dossier"].product,
        "on": D(2021, 7, 15),
    }
    with translation.override("en"):
        assert (
            "The round receives dossiers from 01/03/2021 to 30/06/2021; "
            "today (15/07/2021) is outside that period."
        ) in refusal(services.dossier_create, **register)
    with translation.override("vi"):
        assert (
            "Đợt nhận hồ sơ từ 01/03/2021 đến 30/06/2021; hôm nay (15/07/2021) không trong thời hạn."
        ) in refusal(services.dossier_create, **register)


def test_a_council_without_a_chair_is_refused_in_the_active_language(draft_dossier):
    council = {
        "actor": draft_dossier["province"],
        "round_": draft_dossier["round"],
        "name": "",
        "members": [],
    }
    with translation.override("en"):
        assert "The council must have exactly one chair." in refusal(services.council_create, **council)
    with translation.override("vi"):
        assert "Hội đồng phải có đúng một chủ tịch." in refusal(services.council_create, **council)


def test_a_broken_invitation_link_is_refused_in_the_active_language():
    with translation.override("en"):
        with pytest.raises(EvaluationError) as caught:
            signups.invitation_from_token("not-a-signed-link")
        assert caught.value.messages == ["Invalid invitation link (it may have been copied incompletely)."]
    with translation.override("vi"):
        with pytest.raises(EvaluationError) as caught:
            signups.invitation_from_token("not-a-signed-link")
        assert caught.value.messages == ["Đường dẫn mời không hợp lệ (có thể bị chép thiếu)."]


def test_a_weak_password_at_sign_up_is_refused_in_the_active_language():
    person = User(username="chu-the-moi", email="moi@example.vn", full_name="Nguyễn Văn Mới")
    with translation.override("en"):
        assert "The password is too short: it needs at least 8 characters." in signups.password_problems(
            "12", person
        )
    with translation.override("vi"):
        assert "Mật khẩu quá ngắn: cần ít nhất 8 ký tự." in signups.password_problems("12", person)


def test_an_activity_record_with_bad_values_is_refused_field_by_field_in_the_active_language(can_tho):
    funding = {"actor": "test", "province": can_tho, "source": "nowhere", "year": 2010, "amount": "-5"}
    with translation.override("en"):
        with pytest.raises(ValidationError) as caught:
            activities.funding_create(**funding)
        assert caught.value.message_dict == {
            "source": ["Invalid funding source."],
            "year": ["Invalid year (2018 or later)."],
            "amount": ["The amount must be greater than 0."],
        }
    with translation.override("vi"):
        with pytest.raises(ValidationError) as caught:
            activities.funding_create(**funding)
        assert caught.value.message_dict == {
            "source": ["Nguồn vốn không hợp lệ."],
            "year": ["Năm không hợp lệ (từ 2018)."],
            "amount": ["Số tiền phải lớn hơn 0."],
        }


def test_a_listing_on_another_site_is_refused_naming_the_platform_in_the_active_language():
    url = "https://example.com/shop/mat-ong"
    with translation.override("en"):
        assert activities.listing_url_problem(url, "shopee").startswith("The shop address must be on shopee")
    with translation.override("vi"):
        assert activities.listing_url_problem(url, "shopee").startswith("Địa chỉ gian hàng phải thuộc shopee")


def test_hang_as_a_ranking_position_and_as_a_star_class_read_differently_in_english():
    with translation.override("en"):
        assert translation.pgettext("ranking position", "Hạng") == "Rank"
        assert translation.pgettext("star class", "Hạng") == "Star rating"
    with translation.override("vi"):
        assert translation.pgettext("star class", "Hạng") == "Hạng"


FAULTY_SHEET = """\
format: ocop-rubric/1
regime: 1048-2019
code: x
name: X
parts:
  - code: A
    max: 40
    groups:
      - number: 1
        name: G
        criteria:
          - number: "1.1"
            name: C
            options:
              - text: T
                points: -1
"""


def test_a_faulty_rubric_is_refused_problem_by_problem_with_its_place_in_the_active_language():
    with translation.override("en"):
        problems = check_rubric_text(FAULTY_SHEET).problems
        assert "Part B is missing." in problems
        assert (
            "Part A, criterion 1.1, option 1: the points must be a whole number, not negative (points)."
            in problems
        )
    with translation.override("vi"):
        problems = check_rubric_text(FAULTY_SHEET).problems
        assert "Thiếu phần B." in problems
        assert "Phần A, tiêu chí 1.1, mức 1: điểm phải là số nguyên không âm (points)." in problems


def test_the_rubric_upload_page_lists_the_problems_in_the_interface_language(client, system_admin):
    client.force_login(system_admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    sheet = SimpleUploadedFile("bad.yaml", FAULTY_SHEET.encode())
    page = client.post("/evaluation/rubrics/upload/", {"files": [sheet], "check_only": "1"}).content.decode()
    assert "Part B is missing." in page and "Thiếu phần B." not in page


def test_load_rubric_json_stays_vietnamese_whatever_language_is_active(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(FAULTY_SHEET, encoding="utf-8")
    out = io.StringIO()
    with translation.override("en"), pytest.raises(CommandError):
        call_command("load_rubric", str(path), "--json", stdout=out)
    [result] = json.loads(out.getvalue())
    assert result["loaded"] is False
    assert "Thiếu phần B." in result["problems"] and "Part B is missing." not in result["problems"]


def test_a_council_result_without_sheets_is_refused_in_the_active_language():
    with translation.override("en"):
        with pytest.raises(EvaluationError) as caught:
            council_result(rubric=None, regime=None, sheets=[])
        assert caught.value.messages == ["No member has submitted a scoring sheet yet."]
    with translation.override("vi"):
        with pytest.raises(EvaluationError) as caught:
            council_result(rubric=None, regime=None, sheets=[])
        assert caught.value.messages == ["Chưa có thành viên nào nộp phiếu chấm."]
