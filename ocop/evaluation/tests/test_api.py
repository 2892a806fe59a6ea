"""The evaluation API runs the same services as the pages."""

import datetime
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from ocop.accounts.models import Role
from ocop.evaluation.models import DossierState, Score
from ocop.evaluation.tests.builders import (
    council_of_five,
    officer,
    parts_for,
    producer_with_account,
    product_of,
    province_round,
)

pytestmark = pytest.mark.django_db


def as_user(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_regimes_list_2026_as_unverified_and_1489_with_commune_screening(client):
    rows = {r["code"]: r for r in client.get("/api/v1/regimes/").json()}
    assert rows["26-2026"]["verified"] is False
    assert rows["148-1489-2025"]["screening_level"] == "commune"
    assert rows["148-2023"]["certifiers"]["3"] == "district"


def test_a_round_through_the_api_from_registration_to_decision(can_tho):
    today = datetime.date.today()
    province = officer(Role.PROVINCE_OFFICER, can_tho, "tinh-api")
    producer, producer_user = producer_with_account(can_tho)
    commune = officer(Role.COMMUNE_OFFICER, producer.commune, "xa-api")
    round_ = province_round(province, can_tho, today.year, today - datetime.timedelta(days=2), today)
    council, members = council_of_five(province, round_)
    product = product_of(producer, name="Nước mắm Cà Mau")

    created = as_user(producer_user).post(
        "/api/v1/dossiers/", {"round": round_.pk, "product": product.pk, "kind": "new"}, format="json"
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    submitted = as_user(producer_user).post(
        f"/api/v1/dossiers/{pk}/submit/",
        {"registration": {"contact": "Anh Tư"}, "submit": True},
        format="json",
    )
    assert submitted.json()["state"] == "submitted" and submitted.json()["regime"] == "148-1489-2025"
    refused = as_user(commune).post(f"/api/v1/dossiers/{pk}/screen/", {"forward": False}, format="json")
    assert refused.status_code == 400 and "lý do" in refused.json()["errors"][0]
    flags = dict.fromkeys(("local_origin", "local_labour", "idea_origin", "local_identity"), True)
    as_user(commune).post(
        f"/api/v1/dossiers/{pk}/screen/", {"forward": True, "note": "Đạt", **flags}, format="json"
    )
    api = as_user(province)
    assert (
        api.post(
            f"/api/v1/dossiers/{pk}/province/", {"move": "assign", "council": council.pk}, format="json"
        ).status_code
        == 400
    )
    api.post(f"/api/v1/dossiers/{pk}/province/", {"move": "accept"}, format="json")
    answer = api.post(
        f"/api/v1/dossiers/{pk}/province/", {"move": "assign", "council": council.pk}, format="json"
    )
    assert answer.json()["state"] == "scoring"
    for member, total in zip(members, [80, 82, 84, 81, 83], strict=True):
        score = Score.objects.get(dossier_id=pk, member=member)
        body = {
            "parts": {k: str(v) for k, v in parts_for(total).items()},
            "no_conflict": True,
            "submit": True,
        }
        assert as_user(member).put(f"/api/v1/scores/{score.pk}/", body, format="json").status_code == 200
    again = as_user(members[1]).put(f"/api/v1/scores/{score.pk}/", {"parts": {}}, format="json")
    assert again.status_code == 404  # not their sheet
    closed = as_user(members[0]).post(
        f"/api/v1/scores/{Score.objects.get(dossier_id=pk, member=members[0]).pk}/",
        {"action": "close"},
        format="json",
    )
    assert closed.json()["score"] == "82.00" and closed.json()["stars"] == 4
    decision = api.post(
        "/api/v1/decisions/",
        {
            "round": round_.pk,
            "number": "9/QĐ-UBND",
            "date": today.isoformat(),
            "signer": "Chủ tịch",
            "issuer_name": "UBND thành phố Cần Thơ",
            "dossiers": [pk],
        },
        format="json",
    )
    assert decision.status_code == 201
    listed = as_user(producer_user).get("/api/v1/dossiers/").json()
    assert listed[0]["state"] == DossierState.RECOGNISED and Decimal(listed[0]["score"]) == Decimal("82.00")
    assert as_user(officer(Role.PROVINCE_OFFICER, None, "khong-tinh")).get("/api/v1/dossiers/").json() == []
