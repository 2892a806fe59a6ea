"""Who works where: every persona against units inside and outside their scope, in both schemes."""

import pytest

from ocop.accounts import capabilities as caps
from ocop.accounts.permissions import has_capability, units_in_scope
from ocop.geo.models import AdminUnit, UnitSuccession

# Personas are fetched by name inside the tests, so declare the database up front: it keeps
# these tests among the database tests, before the transactional ones that flush tables.
pytestmark = pytest.mark.django_db

PERSONAS = [
    "system_admin",
    "central_officer",
    "can_tho_officer",
    "tay_ninh_officer",
    "can_tho_commune_officer",
    "council_member",
    "producer_user",
    "outsider",
]


def _legacy_province(code):
    return AdminUnit.objects.get(scheme="legacy", level="province", code=code)


def _first_child(unit, level):
    return AdminUnit.objects.filter(province=unit, level=level).order_by("code").first()


@pytest.fixture
def units(can_tho, tay_ninh, can_tho_commune, tay_ninh_commune):
    soc_trang, hau_giang, long_an = _legacy_province(94), _legacy_province(93), _legacy_province(80)
    predecessor = UnitSuccession.objects.filter(current=can_tho_commune).select_related("legacy").first()
    return {
        "can_tho": can_tho,
        "can_tho_commune": can_tho_commune,
        "other_can_tho_commune": AdminUnit.objects.filter(province=can_tho, level="commune").order_by("code")[
            1
        ],
        "can_tho_commune_predecessor": predecessor.legacy,
        "can_tho_commune_predecessor_district": predecessor.legacy.parent,
        "legacy_can_tho": _legacy_province(92),
        "legacy_soc_trang": soc_trang,
        "legacy_soc_trang_district": _first_child(soc_trang, "district"),
        "legacy_soc_trang_commune": _first_child(soc_trang, "commune"),
        "legacy_hau_giang": hau_giang,
        "legacy_hau_giang_commune": _first_child(hau_giang, "commune"),
        "tay_ninh": tay_ninh,
        "tay_ninh_commune": tay_ninh_commune,
        "legacy_long_an": long_an,
        "legacy_long_an_district": _first_child(long_an, "district"),
        "legacy_long_an_commune": _first_child(long_an, "commune"),
    }


CAN_THO_AREA = {
    "can_tho",
    "can_tho_commune",
    "other_can_tho_commune",
    "can_tho_commune_predecessor",
    "can_tho_commune_predecessor_district",
    "legacy_can_tho",
    "legacy_soc_trang",
    "legacy_soc_trang_district",
    "legacy_soc_trang_commune",
    "legacy_hau_giang",
    "legacy_hau_giang_commune",
}
TAY_NINH_AREA = {
    "tay_ninh",
    "tay_ninh_commune",
    "legacy_long_an",
    "legacy_long_an_district",
    "legacy_long_an_commune",
}
EVERYTHING = CAN_THO_AREA | TAY_NINH_AREA
WORKSPACE = {
    "system_admin": EVERYTHING,
    "central_officer": EVERYTHING,
    "can_tho_officer": CAN_THO_AREA,
    "tay_ninh_officer": TAY_NINH_AREA,
    # Their commune and the legacy communes it was made of; not the province nor a whole old district.
    "can_tho_commune_officer": {"can_tho_commune", "can_tho_commune_predecessor"},
    "council_member": set(),
    "producer_user": set(),
    "outsider": set(),
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_has_a_unit_workspace_exactly_where_their_scope_says(request, units, persona):
    user = request.getfixturevalue(persona)
    in_scope_ids = set(units_in_scope(user, caps.VIEW_UNIT_WORKSPACE).values_list("pk", flat=True))

    allowed = {
        key for key, unit in units.items() if has_capability(user, caps.VIEW_UNIT_WORKSPACE, unit=unit)
    }
    listed = {key for key, unit in units.items() if unit.pk in in_scope_ids}

    assert allowed == WORKSPACE[persona]
    assert listed == WORKSPACE[persona]


def test_a_can_tho_officer_sees_current_can_tho_and_its_legacy_provinces_only(can_tho_officer):
    provinces = units_in_scope(can_tho_officer, caps.VIEW_UNIT_WORKSPACE).filter(level="province")
    assert sorted((u.scheme, u.short_name) for u in provinces) == [
        ("current", "Cần Thơ"),
        ("legacy", "Cần Thơ"),
        ("legacy", "Hậu Giang"),
        ("legacy", "Sóc Trăng"),
    ]


def test_a_province_officer_covers_every_commune_of_their_province(can_tho_officer, can_tho):
    communes = AdminUnit.objects.filter(scheme="current", level="commune", province=can_tho)
    in_scope = units_in_scope(can_tho_officer, caps.VIEW_UNIT_WORKSPACE).filter(
        scheme="current", level="commune"
    )
    assert set(in_scope) == set(communes)


def test_a_commune_officer_sees_only_their_commune_in_the_current_scheme(
    can_tho_commune_officer, can_tho_commune
):
    current = units_in_scope(can_tho_commune_officer, caps.VIEW_UNIT_WORKSPACE).filter(scheme="current")
    assert list(current) == [can_tho_commune]
    legacy = units_in_scope(can_tho_commune_officer, caps.VIEW_UNIT_WORKSPACE).filter(scheme="legacy")
    assert set(legacy) == {s.legacy for s in UnitSuccession.objects.filter(current=can_tho_commune)}


@pytest.mark.parametrize("persona", ["council_member", "producer_user", "outsider"])
def test_people_without_a_unit_role_have_no_unit_at_all(request, persona):
    user = request.getfixturevalue(persona)
    assert not units_in_scope(user, caps.VIEW_UNIT_WORKSPACE).exists()
    assert not has_capability(user, caps.VIEW_UNIT_WORKSPACE)


@pytest.mark.parametrize("persona", ["system_admin", "central_officer"])
def test_national_roles_see_every_unit_of_both_schemes(request, persona):
    user = request.getfixturevalue(persona)
    assert units_in_scope(user, caps.VIEW_UNIT_WORKSPACE).count() == AdminUnit.objects.count()


CHECKED = [
    caps.ACCESS_ADMIN,
    caps.MANAGE_USERS,
    caps.VIEW_ALL_UNITS,
    caps.EDIT_REGISTRY,
    caps.ISSUE_CERTIFICATE,
    caps.SCREEN_DOSSIER,
    caps.VIEW_REPORTS,
]

# Capability held anywhere, per persona. Council members and producers hold theirs only on an
# object (a council, a producer); these personas have none yet, so they hold nothing.
ANYWHERE = {
    "system_admin": set(CHECKED),
    "central_officer": {caps.VIEW_ALL_UNITS, caps.ISSUE_CERTIFICATE, caps.VIEW_REPORTS},
    "can_tho_officer": {caps.EDIT_REGISTRY, caps.ISSUE_CERTIFICATE, caps.VIEW_REPORTS},
    "tay_ninh_officer": {caps.EDIT_REGISTRY, caps.ISSUE_CERTIFICATE, caps.VIEW_REPORTS},
    "can_tho_commune_officer": {caps.SCREEN_DOSSIER, caps.VIEW_REPORTS},
    "council_member": set(),
    "producer_user": set(),
    "outsider": set(),
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_holds_exactly_the_capabilities_of_their_role(request, persona):
    user = request.getfixturevalue(persona)
    held = {capability for capability in CHECKED if has_capability(user, capability)}
    assert held == ANYWHERE[persona]


def test_a_council_member_scores_only_for_the_council_they_sit_on(council_member):
    from django.contrib.auth.models import Group

    from ocop.accounts.services import role_grant

    # Councils do not exist yet; any model stands in for one.
    council, other_council = (
        Group.objects.create(name="HĐ tỉnh Cần Thơ"),
        Group.objects.create(name="HĐ khác"),
    )
    role_grant(actor=None, user=council_member, role="council_member", scope_obj=council)

    assert has_capability(council_member, caps.SCORE_PRODUCT, obj=council)
    assert not has_capability(council_member, caps.SCORE_PRODUCT, obj=other_council)
    assert not has_capability(council_member, caps.VIEW_UNIT_WORKSPACE)


def test_a_superuser_without_any_role_holds_everything(outsider, tay_ninh):
    outsider.is_superuser = True
    outsider.save()
    assert has_capability(outsider, caps.ACCESS_ADMIN, unit=tay_ninh)


def test_an_inactive_officer_holds_nothing(can_tho_officer, can_tho):
    can_tho_officer.is_active = False
    can_tho_officer.save()
    assert not has_capability(can_tho_officer, caps.VIEW_UNIT_WORKSPACE, unit=can_tho)
