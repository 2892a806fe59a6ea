"""A refusal from a service is said in the language the person is using: English when the
interface is English, the same Vietnamese as before otherwise. Covers the evaluation services
(including labels of the transition table and the dossier's state), producer sign-ups and
invitations, and the activity records."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from ocop.accounts.models import Role, User
from ocop.activities import services as activities
from ocop.evaluation import services, signups
from ocop.evaluation.errors import EvaluationError
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
