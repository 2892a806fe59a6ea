"""Shared personas: one user per role and unit, used by every app's tests.

Units are real: the test database is built by migrations, which load both administrative
schemes from `vietnam-provinces`.
"""

import pytest

from ocop.accounts.models import Role
from ocop.accounts.tests.factories import RoleAssignmentFactory, UserFactory
from ocop.geo.models import AdminUnit

PASSWORD = "matkhau-ocop-2026"


def current_province(code: int) -> AdminUnit:
    return AdminUnit.objects.get(scheme="current", level="province", code=code)


def legacy_province(code: int) -> AdminUnit:
    return AdminUnit.objects.get(scheme="legacy", level="province", code=code)


@pytest.fixture(autouse=True)
def _units_present(request):
    """Transactional tests flush tables; put the units back when a test needs the database."""
    if "transactional_db" in request.fixturenames or "live_server" in request.fixturenames:
        from django.apps import apps

        from ocop.geo.loader import load_units

        if not AdminUnit.objects.exists():
            load_units(
                apps.get_model("geo", "AdminUnit"),
                apps.get_model("geo", "Region"),
                apps.get_model("geo", "UnitSuccession"),
            )


def _person(role, unit=None, username=None, **extra):
    user = UserFactory(username=username or f"{role}-{unit.code if unit else 'vn'}", **extra)
    RoleAssignmentFactory(user=user, role=role, unit=unit)
    return user


@pytest.fixture
def can_tho(db):
    return current_province(92)


@pytest.fixture
def tay_ninh(db):
    return current_province(80)


@pytest.fixture
def can_tho_commune(can_tho):
    return (
        AdminUnit.objects.filter(scheme="current", level="commune", province=can_tho).order_by("code").first()
    )


@pytest.fixture
def tay_ninh_commune(tay_ninh):
    return (
        AdminUnit.objects.filter(scheme="current", level="commune", province=tay_ninh)
        .order_by("code")
        .first()
    )


@pytest.fixture
def system_admin(db):
    user = _person(Role.SYSTEM_ADMIN, username="admin-vn")
    user.is_staff = True
    user.save()
    return user


@pytest.fixture
def central_officer(db):
    return _person(Role.CENTRAL_OFFICER, username="central-vn")


@pytest.fixture
def can_tho_officer(can_tho):
    return _person(Role.PROVINCE_OFFICER, can_tho, username="tinh-can-tho")


@pytest.fixture
def tay_ninh_officer(tay_ninh):
    return _person(Role.PROVINCE_OFFICER, tay_ninh, username="tinh-tay-ninh")


@pytest.fixture
def can_tho_commune_officer(can_tho_commune):
    return _person(Role.COMMUNE_OFFICER, can_tho_commune, username="xa-can-tho")


@pytest.fixture
def council_member(db):
    return _person(Role.COUNCIL_MEMBER, username="hoi-dong")


@pytest.fixture
def producer_user(db):
    return _person(Role.PRODUCER, username="chu-the")


@pytest.fixture
def outsider(db):
    """Signed in, no role anywhere."""
    return UserFactory(username="nguoi-ngoai")
