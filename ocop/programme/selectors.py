"""Reads of plans and targets, already scoped to what the user may see."""

from django.db.models import Count, Q

from ocop.accounts import capabilities as caps
from ocop.accounts.permissions import units_in_scope
from ocop.geo.models import AdminUnit, Level
from ocop.programme.models import Plan


def visible_plans(user):
    """Plans whose unit lies in the user's report-reading scope (either scheme: a legacy unit is
    in a province officer's scope when it became part of their province), latest period first."""
    units = units_in_scope(user, caps.VIEW_REPORTS)
    return (
        Plan.objects.filter(unit__in=units)
        .select_related("unit", "unit__province")
        .annotate(target_count=Count("targets"))
        .order_by("-period_end", "name", "pk")
    )


def filter_plans(plans, *, unit: AdminUnit | None = None, year: int | None = None):
    """Plans of `unit` or of a unit inside it; plans whose period covers part of `year`."""
    if unit is not None:
        plans = plans.filter(Q(unit=unit) | Q(unit__province=unit) | Q(unit__parent=unit))
    if year is not None:
        plans = plans.filter(period_start__year__lte=year, period_end__year__gte=year)
    return plans


def provinces_in_scope(user, capability: str):
    """Provinces of both schemes where `user` holds `capability`, current scheme first."""
    return units_in_scope(user, capability, AdminUnit.objects.filter(level=Level.PROVINCE)).order_by(
        "scheme", "sort_key", "code"
    )
