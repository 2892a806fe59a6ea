"""Writes on accounts: granting and revoking roles. Every write is validated and audited."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ocop.accounts.models import Role, RoleAssignment
from ocop.accounts.role_rules import validate_role_scope
from ocop.accounts.selectors import scope_label
from ocop.core.audit import audit_log


@transaction.atomic
def role_grant(*, actor, user, role: str, unit=None, scope_obj=None) -> RoleAssignment:
    """Grant `role` to `user` on `unit` or `scope_obj` (see role_rules for which scope each role
    takes). A user cannot hold the same role twice on the same scope. Granting the system
    administrator role also lets the user into the admin site (is_staff)."""
    scope_type = ContentType.objects.get_for_model(scope_obj) if scope_obj is not None else None
    scope_id = str(scope_obj.pk) if scope_obj is not None else ""
    validate_role_scope(role=role, unit=unit, scope_type=scope_type, scope_id=scope_id)
    if RoleAssignment.objects.filter(
        user=user, role=role, unit=unit, scope_type=scope_type, scope_id=scope_id
    ).exists():
        raise ValidationError(_("Người dùng đã có vai trò này trên phạm vi này."))
    assignment = RoleAssignment.objects.create(
        user=user, role=role, unit=unit, scope_type=scope_type, scope_id=scope_id
    )
    if role == Role.SYSTEM_ADMIN and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    user.__dict__.pop("_ocop_assignments", None)
    audit_log(
        actor=actor,
        action="accounts.role_grant",
        obj=user,
        role=role,
        unit=unit.label if unit else None,
        scope=str(scope_label(assignment)),
    )
    return assignment


@transaction.atomic
def role_revoke(*, actor, assignment: RoleAssignment) -> None:
    """Remove one role assignment. A user left without the system administrator role (and not a
    superuser) loses access to the admin site."""
    user = assignment.user
    role, scope = assignment.role, str(scope_label(assignment))
    unit = assignment.unit.label if assignment.unit_id else None
    assignment.delete()
    if (
        role == Role.SYSTEM_ADMIN
        and user.is_staff
        and not user.is_superuser
        and not user.role_assignments.filter(role=Role.SYSTEM_ADMIN).exists()
    ):
        user.is_staff = False
        user.save(update_fields=["is_staff"])
    user.__dict__.pop("_ocop_assignments", None)
    audit_log(actor=actor, action="accounts.role_revoke", obj=user, role=role, unit=unit, scope=scope)
