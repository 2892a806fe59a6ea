import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from ocop.accounts.models import Role, RoleAssignment
from ocop.accounts.services import role_grant, role_revoke
from ocop.accounts.tests.factories import UserFactory
from ocop.core.models import AuditEntry
from ocop.geo.models import AdminUnit


def _errors(excinfo) -> str:
    return " ".join(excinfo.value.messages)


def test_granting_a_province_officer_on_a_current_province_is_saved_and_audited(
    system_admin, outsider, can_tho
):
    assignment = role_grant(actor=system_admin, user=outsider, role=Role.PROVINCE_OFFICER, unit=can_tho)

    assert assignment.unit == can_tho
    entry = AuditEntry.objects.get(action="accounts.role_grant")
    assert entry.actor == system_admin
    assert entry.object_id == str(outsider.pk)
    assert entry.details["role"] == Role.PROVINCE_OFFICER
    assert entry.details["unit"] == "Thành phố Cần Thơ"


def test_a_province_officer_needs_a_unit(system_admin, outsider):
    with pytest.raises(ValidationError) as excinfo:
        role_grant(actor=system_admin, user=outsider, role=Role.PROVINCE_OFFICER)
    assert "phải được gán một tỉnh/thành phố" in _errors(excinfo)
    assert not RoleAssignment.objects.filter(user=outsider).exists()
    assert not AuditEntry.objects.exists()


def test_a_province_officer_cannot_be_granted_a_legacy_province(system_admin, outsider):
    long_an = AdminUnit.objects.get(scheme="legacy", level="province", code=80)
    with pytest.raises(ValidationError) as excinfo:
        role_grant(actor=system_admin, user=outsider, role=Role.PROVINCE_OFFICER, unit=long_an)
    assert "Tỉnh Long An (cũ)" in _errors(excinfo)


def test_a_province_officer_cannot_be_granted_a_commune(system_admin, outsider, can_tho_commune):
    with pytest.raises(ValidationError):
        role_grant(actor=system_admin, user=outsider, role=Role.PROVINCE_OFFICER, unit=can_tho_commune)


def test_a_commune_officer_needs_a_current_commune(system_admin, outsider, can_tho, can_tho_commune):
    with pytest.raises(ValidationError) as excinfo:
        role_grant(actor=system_admin, user=outsider, role=Role.COMMUNE_OFFICER, unit=can_tho)
    assert "xã/phường" in _errors(excinfo)
    legacy_commune = AdminUnit.objects.filter(scheme="legacy", level="commune").first()
    with pytest.raises(ValidationError):
        role_grant(actor=system_admin, user=outsider, role=Role.COMMUNE_OFFICER, unit=legacy_commune)

    role_grant(actor=system_admin, user=outsider, role=Role.COMMUNE_OFFICER, unit=can_tho_commune)
    assert outsider.role_assignments.get().unit == can_tho_commune


@pytest.mark.parametrize("role", [Role.SYSTEM_ADMIN, Role.CENTRAL_OFFICER])
def test_national_roles_take_no_unit(system_admin, outsider, can_tho, role):
    with pytest.raises(ValidationError) as excinfo:
        role_grant(actor=system_admin, user=outsider, role=role, unit=can_tho)
    assert "toàn quốc" in _errors(excinfo)


@pytest.mark.parametrize("role", [Role.COUNCIL_MEMBER, Role.PRODUCER])
def test_council_members_and_producers_take_an_object_not_a_unit(system_admin, outsider, can_tho, role):
    with pytest.raises(ValidationError):
        role_grant(actor=system_admin, user=outsider, role=role, unit=can_tho)

    council = Group.objects.create(name="Hội đồng cấp tỉnh Cần Thơ 2026")
    assignment = role_grant(actor=system_admin, user=outsider, role=role, scope_obj=council)
    assert assignment.scope_id == str(council.pk)
    assert AuditEntry.objects.get(action="accounts.role_grant").details["scope"] == council.name


@pytest.mark.parametrize("role", [Role.COUNCIL_MEMBER, Role.PRODUCER])
def test_council_members_and_producers_may_wait_for_their_object(system_admin, outsider, role):
    assert role_grant(actor=system_admin, user=outsider, role=role).scope_type is None


def test_the_same_role_on_the_same_scope_cannot_be_granted_twice(system_admin, outsider, can_tho):
    role_grant(actor=system_admin, user=outsider, role=Role.CENTRAL_OFFICER)
    with pytest.raises(ValidationError) as excinfo:
        role_grant(actor=system_admin, user=outsider, role=Role.CENTRAL_OFFICER)
    assert "đã có vai trò này" in _errors(excinfo)


def test_an_unknown_role_is_refused(system_admin, outsider):
    with pytest.raises(ValidationError):
        role_grant(actor=system_admin, user=outsider, role="king")


def test_revoking_a_role_removes_it_and_is_audited(system_admin, can_tho_officer, can_tho):
    assignment = can_tho_officer.role_assignments.get()
    role_revoke(actor=system_admin, assignment=assignment)

    assert not can_tho_officer.role_assignments.exists()
    entry = AuditEntry.objects.get(action="accounts.role_revoke")
    assert entry.actor == system_admin
    assert entry.details == {"role": Role.PROVINCE_OFFICER, "unit": can_tho.label, "scope": can_tho.label}


def test_granting_the_admin_role_opens_the_admin_and_revoking_closes_it(client, system_admin, db):
    user = UserFactory()
    assignment = role_grant(actor=system_admin, user=user, role=Role.SYSTEM_ADMIN)
    user.refresh_from_db()
    assert user.is_staff
    client.force_login(user)
    assert client.get("/admin/").status_code == 200

    role_revoke(actor=system_admin, assignment=assignment)
    user.refresh_from_db()
    assert not user.is_staff
    assert client.get("/admin/").status_code == 302


def test_a_role_assignment_validates_itself_in_forms_too(outsider):
    long_an = AdminUnit.objects.get(scheme="legacy", level="province", code=80)
    with pytest.raises(ValidationError) as excinfo:
        RoleAssignment(user=outsider, role=Role.PROVINCE_OFFICER, unit=long_an).full_clean()
    assert "unit" in excinfo.value.message_dict
