"""The API answers a refused request in the caller's language (the language cookie, as on the
pages): English when chosen, the same Vietnamese as before otherwise."""

import pytest
from django.conf import settings
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def client_in(language: str, user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    api.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return api


def test_a_producer_refused_by_the_sme_rule_and_an_unknown_unit_code_read_in_the_callers_language(
    can_tho_officer, can_tho
):
    producer = {"name": "Hợp tác xã A", "producer_type": "cooperative", "province": "92", "is_sme": True}
    english = client_in("en", can_tho_officer).post("/api/v1/producers/", producer, format="json")
    assert english.status_code == 400
    assert english.json() == {
        "is_sme": ["Only an enterprise may be marked as a small or medium-sized enterprise."]
    }
    vietnamese = client_in("vi", can_tho_officer).post("/api/v1/producers/", producer, format="json")
    assert vietnamese.json() == {"is_sme": ["Chỉ doanh nghiệp mới được đánh dấu là doanh nghiệp nhỏ và vừa."]}

    unknown = {**producer, "is_sme": False, "province": "999"}
    assert client_in("en", can_tho_officer).post("/api/v1/producers/", unknown, format="json").json() == {
        "province": ["There is no unit with code “999”."]
    }
    assert client_in("vi", can_tho_officer).post("/api/v1/producers/", unknown, format="json").json() == {
        "province": ["Không có đơn vị với mã “999”."]
    }


def test_statistics_with_half_a_period_or_an_unknown_unit_code_are_refused_in_the_callers_language(
    central_officer,
):
    half = {"unit": "80", "from": "2024-01-01"}
    unknown = {"unit": "999", "scheme": "legacy"}
    english = client_in("en", central_officer)
    assert english.get("/api/v1/stats/", half).json() == {
        "from": "Statistics for a period need both 'from' and 'to'."
    }
    assert english.get("/api/v1/stats/", unknown).json() == {
        "unit": "There is no unit with code 999 in the former system."
    }
    vietnamese = client_in("vi", central_officer)
    assert vietnamese.get("/api/v1/stats/", half).json() == {
        "from": "Cần cả 'from' và 'to' để thống kê theo kỳ."
    }
    assert vietnamese.get("/api/v1/stats/", unknown).json() == {
        "unit": "Không có đơn vị mã 999 trong hệ thống cũ."
    }


def test_a_former_unit_in_the_current_scheme_is_told_the_apis_parameter_in_the_callers_language(
    central_officer,
):
    """The API names its own parameter (`scheme=legacy`), not the command's `--scheme legacy`."""
    long_an = {"unit": "Long An", "scheme": "current"}
    english = client_in("en", central_officer).get("/api/v1/stats/", long_an)
    assert english.status_code == 400
    assert english.json()["unit"].endswith(" Use scheme=legacy for statistics by the former boundaries.")
    assert "Tây Ninh" in english.json()["unit"] and "--scheme" not in english.json()["unit"]
    vietnamese = client_in("vi", central_officer).get("/api/v1/stats/", long_an)
    assert vietnamese.json()["unit"].endswith(" Dùng scheme=legacy để thống kê theo địa giới cũ.")
    assert "--scheme" not in vietnamese.json()["unit"]
