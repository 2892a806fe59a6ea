"""Who may act on rounds and dossiers, and who is told about a move. Built on the named
capabilities of `ocop.accounts` (never on role names), plus council seats."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied

from ocop.accounts.capabilities import MANAGE_EVALUATION, SCREEN_DOSSIER, SUBMIT_DOSSIER
from ocop.accounts.models import Role, RoleAssignment, User
from ocop.accounts.permissions import has_capability, scope_for
from ocop.evaluation.models import CouncilMember, CouncilRole, Level
from ocop.registry.models import Producer


def can_manage_round(user, round_) -> bool:
    if round_.level == Level.CENTRAL:
        return scope_for(user, MANAGE_EVALUATION).national
    return has_capability(user, MANAGE_EVALUATION, unit=round_.province)


def can_act_for_producer(user, producer) -> bool:
    return has_capability(user, SUBMIT_DOSSIER, obj=producer)


def can_screen(user, dossier) -> bool:
    """Since 06/07/2025 the commune screens; for a regime whose screening level was the district
    (districts no longer exist) the province officer records the district's screening."""
    if dossier.screening_level == Level.COMMUNE and dossier.commune_id:
        return has_capability(user, SCREEN_DOSSIER, unit=dossier.commune)
    return can_manage_round(user, dossier.round)


def seat(user, council) -> CouncilMember | None:
    if council is None or not getattr(user, "is_authenticated", False):
        return None
    return CouncilMember.objects.filter(council=council, user=user).first()


def is_chair(user, council) -> bool:
    member = seat(user, council)
    return member is not None and member.role == CouncilRole.CHAIR


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def producer_users(producer) -> list[User]:
    content_type = ContentType.objects.get_for_model(Producer)
    ids = RoleAssignment.objects.filter(
        role=Role.PRODUCER, scope_type=content_type, scope_id=str(producer.pk)
    ).values("user")
    return list(User.objects.filter(pk__in=ids, is_active=True))


def unit_officers(unit, role) -> list[User]:
    if unit is None:
        return []
    ids = RoleAssignment.objects.filter(role=role, unit=unit).values("user")
    return list(User.objects.filter(pk__in=ids, is_active=True))


def council_users(council) -> list[User]:
    if council is None:
        return []
    return [m.user for m in council.members.select_related("user")]
