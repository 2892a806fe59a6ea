"""Reads on accounts used by pages and commands."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from ocop.accounts.models import Role, RoleAssignment


@dataclass(frozen=True)
class RoleLine:
    role: str
    role_label: str
    scope_label: str


def scope_label(assignment: RoleAssignment) -> str:
    """Where an assignment applies, for people: "Thành phố Cần Thơ", "Toàn quốc", a council name."""
    if assignment.unit_id:
        return assignment.unit.label
    if assignment.scope_type_id:
        model = assignment.scope_type.model_class()
        obj = model._default_manager.filter(pk=assignment.scope_id).first() if model else None
        return str(obj) if obj is not None else f"{assignment.scope_type.name} #{assignment.scope_id}"
    if assignment.role in (Role.SYSTEM_ADMIN, Role.CENTRAL_OFFICER):
        return _("Toàn quốc")
    return _("Chưa gắn đối tượng")


def roles_of_user(user) -> list[RoleLine]:
    """The signed-in user's own roles and scopes (a user only ever reads their own here)."""
    if user is None or not user.is_authenticated:
        return []
    assignments = RoleAssignment.objects.filter(user=user).select_related("unit", "scope_type")
    lines = [RoleLine(a.role, a.get_role_display(), str(scope_label(a))) for a in assignments]
    if user.is_superuser and not any(line.role == Role.SYSTEM_ADMIN for line in lines):
        lines.insert(0, RoleLine(Role.SYSTEM_ADMIN, str(Role.SYSTEM_ADMIN.label), str(_("Toàn quốc"))))
    order = list(Role.values)
    return sorted(lines, key=lambda line: (order.index(line.role), line.scope_label))
