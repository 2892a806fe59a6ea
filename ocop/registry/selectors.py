"""Reads of producers and products, always scoped to what the user may see."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from ocop.accounts import capabilities as caps
from ocop.accounts.permissions import Scope, scope_for
from ocop.core import vntext
from ocop.registry.models import Producer, Product


def producer_scope_q(scope: Scope, prefix: str = "") -> Q:
    """Producers inside `scope`: by current province or commune, and producers a user represents."""
    if scope.national:
        return Q()
    q = Q(pk__in=[])
    if scope.province_ids:
        q |= Q(**{f"{prefix}province_id__in": list(scope.province_ids)})
    if scope.commune_ids:
        q |= Q(**{f"{prefix}commune_id__in": list(scope.commune_ids)})
    if scope.objects:
        producer_type = ContentType.objects.get_for_model(Producer)
        ids = [pk for (type_id, pk) in scope.objects if type_id == producer_type.pk]
        if ids:
            q |= Q(**{f"{prefix}pk__in": ids})
    return q


def visible_producers(user, capability: str = caps.VIEW_REGISTRY):
    return Producer.objects.filter(producer_scope_q(scope_for(user, capability))).select_related(
        "province", "commune", "legacy_province", "legacy_district", "legacy_commune"
    )


def visible_products(user, capability: str = caps.VIEW_REGISTRY):
    return Product.objects.filter(producer_scope_q(scope_for(user, capability), "producer__")).select_related(
        "producer", "producer__province", "producer__commune", "group", "product_set"
    )


def filter_by_unit(queryset, unit, prefix: str = ""):
    """Keep rows whose producer lies in `unit` — a province, district or commune of either scheme."""
    p = prefix
    if unit.scheme == "current":
        if unit.level == "province":
            return queryset.filter(**{f"{p}province": unit})
        return queryset.filter(**{f"{p}commune": unit})
    field = {"province": "legacy_province", "district": "legacy_district", "commune": "legacy_commune"}[
        unit.level
    ]
    return queryset.filter(**{f"{p}{field}": unit})


def search(queryset, text: str):
    folded = vntext.fold(text)
    return queryset.filter(search_name__contains=folded) if folded else queryset
