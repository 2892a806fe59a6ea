"""Who may do what where. Every view, endpoint and selector asks here.

A province officer's scope is their current-scheme province, its communes, and every legacy
unit that became part of it on 01/07/2025; a commune officer's is their commune and its legacy
predecessors; national roles see everything.
"""

from dataclasses import dataclass, field
from functools import wraps

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Q

from ocop.accounts.capabilities import NATIONAL_ROLES, ROLE_CAPABILITIES
from ocop.accounts.models import Role, RoleAssignment
from ocop.geo.models import AdminUnit, Scheme


@dataclass(frozen=True)
class Scope:
    """Where one capability applies for one user."""

    national: bool = False
    province_ids: frozenset[int] = field(default_factory=frozenset)  # current-scheme provinces
    commune_ids: frozenset[int] = field(default_factory=frozenset)  # current-scheme communes
    objects: frozenset[tuple[int, str]] = field(default_factory=frozenset)  # (content type id, pk)

    @property
    def empty(self) -> bool:
        return not (self.national or self.province_ids or self.commune_ids or self.objects)


def _assignments(user) -> list[RoleAssignment]:
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    cached = getattr(user, "_ocop_assignments", None)
    if cached is None:
        cached = list(RoleAssignment.objects.filter(user=user).select_related("unit"))
        user._ocop_assignments = cached
    return cached


def roles_of(user) -> set[str]:
    roles = {a.role for a in _assignments(user)}
    if user is not None and user.is_authenticated and user.is_superuser:
        roles.add(Role.SYSTEM_ADMIN)
    return roles


def scope_for(user, capability: str) -> Scope:
    """The scope in which `user` holds `capability` (empty if nowhere)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Scope()
    if user.is_superuser:
        return Scope(national=True)
    provinces, communes, objects = set(), set(), set()
    for assignment in _assignments(user):
        if capability not in ROLE_CAPABILITIES.get(assignment.role, ()):
            continue
        if assignment.role in NATIONAL_ROLES:
            return Scope(national=True)
        if assignment.unit_id:
            (provinces if assignment.unit.level == "province" else communes).add(assignment.unit_id)
        if assignment.scope_type_id:
            objects.add((assignment.scope_type_id, assignment.scope_id))
    return Scope(
        province_ids=frozenset(provinces), commune_ids=frozenset(communes), objects=frozenset(objects)
    )


def unit_q(scope: Scope, prefix: str = "") -> Q:
    """A filter on AdminUnit (or, with `prefix`, on any model's unit foreign key, e.g. "commune__")
    that keeps the units inside `scope`, in both schemes."""
    if scope.national:
        return Q()
    if not (scope.province_ids or scope.commune_ids):
        return Q(pk__in=[])
    p = prefix
    provinces, communes = list(scope.province_ids), list(scope.commune_ids)
    current = Q(**{f"{p}scheme": Scheme.CURRENT}) & (
        Q(**{f"{p}pk__in": provinces + communes}) | Q(**{f"{p}province_id__in": provinces})
    )
    legacy_target = Q(**{f"{p}successions__current_id__in": provinces + communes}) | Q(
        **{f"{p}successions__current__province_id__in": provinces}
    )
    # A legacy district belongs to a province scope through its communes; a commune officer does
    # not get the whole district their commune's predecessors sat in.
    legacy_district = Q(**{f"{p}children__successions__current__province_id__in": provinces})
    is_district = Q(**{f"{p}level": "district"})
    legacy = Q(**{f"{p}scheme": Scheme.LEGACY}) & (legacy_target | is_district & legacy_district)
    return current | legacy


def units_in_scope(user, capability: str, queryset=None):
    """AdminUnits in which `user` holds `capability` (both schemes)."""
    queryset = AdminUnit.objects.all() if queryset is None else queryset
    scope = scope_for(user, capability)
    if scope.national:
        return queryset
    return queryset.filter(pk__in=AdminUnit.objects.filter(unit_q(scope)).values("pk"))


def unit_in_scope(scope: Scope, unit: AdminUnit) -> bool:
    if scope.national:
        return True
    if unit.scheme == Scheme.CURRENT:
        return (
            unit.pk in scope.province_ids
            or unit.pk in scope.commune_ids
            or (unit.province_id is not None and unit.province_id in scope.province_ids)
        )
    return AdminUnit.objects.filter(pk=unit.pk).filter(unit_q(scope)).exists()


def object_in_scope(scope: Scope, obj) -> bool:
    if scope.national:
        return True
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    return (content_type.pk, str(obj.pk)) in scope.objects


def has_capability(user, capability: str, unit: AdminUnit | None = None, obj=None) -> bool:
    """True when `user` holds `capability` — anywhere, or on `unit`, or on `obj` when given."""
    scope = scope_for(user, capability)
    if scope.empty:
        return False
    if unit is not None and not unit_in_scope(scope, unit):
        return False
    return obj is None or object_in_scope(scope, obj)


def capability_required(capability: str):
    """View decorator: 403 unless the signed-in user holds `capability` somewhere.
    Views that act on one unit or object must also call `require_capability` on it."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                from django.contrib.auth.views import redirect_to_login

                return redirect_to_login(request.get_full_path())
            if not has_capability(request.user, capability):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def require_capability(user, capability: str, unit=None, obj=None) -> None:
    if not has_capability(user, capability, unit=unit, obj=obj):
        raise PermissionDenied
