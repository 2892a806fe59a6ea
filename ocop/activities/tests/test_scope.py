"""Who sees and who may change activity records, per role and scope, through the selectors every
page, export, import and API endpoint reads: national roles everything, a province officer their
province (both of its communes), a commune officer their commune, a producer's account its own
channels, support and value chains and no record placed in a unit; a council member and a user
without a role nothing. Only the system administrator and province officers change records; a
producer's account changes its own channels."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType

from ocop.accounts.models import RoleAssignment
from ocop.activities import selectors, services
from ocop.geo.models import AdminUnit
from ocop.registry.tests.factories import ProducerFactory

pytestmark = pytest.mark.django_db
D = datetime.date
PLACES = ("commune", "other_commune", "tay_ninh")  # the commune officer's, another of Cần Thơ, Tây Ninh


@pytest.fixture
def records(can_tho_commune, tay_ninh_commune, producer_user):
    other_commune = (
        AdminUnit.objects.filter(scheme="current", level="commune", province=can_tho_commune.province)
        .exclude(pk=can_tho_commune.pk)
        .order_by("code")
        .first()
    )
    communes = dict(zip(PLACES, (can_tho_commune, other_commune, tay_ninh_commune), strict=True))
    made = {}
    for place, commune in communes.items():
        producer = ProducerFactory(province=commune.province, commune=commune, name=f"Chủ thể {place}")
        at = {"commune": commune}
        made[place] = {
            "channels": services.channel_create(
                actor="t", producer=producer, kind="ecommerce", platform="shopee"
            ),
            "supports": services.support_create(
                actor="t", producer=producer, kind="logo", date=D(2025, 3, 1)
            ),
            "value_chains": services.value_chain_create(actor="t", producer=producer, name=f"Chuỗi {place}"),
            "points_of_sale": services.point_of_sale_create(actor="t", name=f"Điểm {place}", **at),
            "events": services.event_create(
                actor="t",
                name=f"Hội chợ {place}",
                kind="fair",
                start_date=D(2025, 9, 1),
                location="in_province",
                **at,
            ),
            "classes": services.training_class_create(
                actor="t", topic=f"Lớp {place}", start_date=D(2025, 4, 1), organiser="VPĐP", **at
            ),
            "funding": services.funding_create(actor="t", year=2025, source="local", amount=100, **at),
            "craft_villages": services.craft_village_create(actor="t", name=f"Làng nghề {place}", **at),
            "commendations": services.commendation_create(
                actor="t",
                recipient=f"Tập thể {place}",
                recipient_kind="collective",
                form="Bằng khen",
                issuer="Chủ tịch UBND",
                date=D(2025, 1, 23),
                **at,
            ),
        }
        if place == "commune":  # the producer's account represents this producer
            RoleAssignment.objects.filter(user=producer_user).update(
                scope_type=ContentType.objects.get_for_model(producer), scope_id=str(producer.pk)
            )
    return made


ABOUT_PRODUCER = ("channels", "supports", "value_chains")
PLACED = ("points_of_sale", "events", "classes", "funding", "craft_villages", "commendations")
EVERYWHERE, CAN_THO, OWN, NOTHING = set(PLACES), {"commune", "other_commune"}, {"commune"}, set()
SEES = {
    "system_admin": dict.fromkeys(ABOUT_PRODUCER + PLACED, EVERYWHERE),
    "central_officer": dict.fromkeys(ABOUT_PRODUCER + PLACED, EVERYWHERE),
    "can_tho_officer": dict.fromkeys(ABOUT_PRODUCER + PLACED, CAN_THO),
    "can_tho_commune_officer": dict.fromkeys(ABOUT_PRODUCER + PLACED, OWN),
    "producer_user": dict.fromkeys(ABOUT_PRODUCER, OWN) | dict.fromkeys(PLACED, NOTHING),
    "council_member": dict.fromkeys(ABOUT_PRODUCER + PLACED, NOTHING),
    "outsider": dict.fromkeys(ABOUT_PRODUCER + PLACED, NOTHING),
}
# Which channels and other records each persona may change (edit pages, delete, API writes).
CHANGES = {
    "system_admin": (EVERYWHERE, EVERYWHERE),
    "central_officer": (NOTHING, NOTHING),
    "can_tho_officer": (CAN_THO, CAN_THO),
    "can_tho_commune_officer": (NOTHING, NOTHING),
    "producer_user": (OWN, NOTHING),
    "council_member": (NOTHING, NOTHING),
    "outsider": (NOTHING, NOTHING),
}


def places_of(queryset, records, name) -> set[str]:
    ids = set(queryset.values_list("pk", flat=True))
    return {place for place in PLACES if records[place][name].pk in ids}


@pytest.mark.parametrize("persona", sorted(SEES))
def test_each_role_sees_the_records_of_its_scope(persona, records, request):
    from ocop.accounts import capabilities as caps

    user = request.getfixturevalue(persona)
    for name, expected in SEES[persona].items():
        visible = getattr(selectors, f"visible_{name}")(user)
        assert places_of(visible, records, name) == expected, (persona, name)

    channels, others = CHANGES[persona]
    assert places_of(selectors.editable_channels(user), records, "channels") == channels, persona
    for name in ("supports", "value_chains", *PLACED):
        editable = getattr(selectors, f"visible_{name}")(user, caps.EDIT_ACTIVITIES)
        assert places_of(editable, records, name) == others, (persona, name)
