"""Reads of producers and products, always scoped to what the user may see."""

import re

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


# Where a producer is, in both schemes: searching "ben cau" or "long an" finds its rows.
PLACE_FIELDS = ("province", "commune", "legacy_province", "legacy_district", "legacy_commune")


def _each_word(text: str, fields_q) -> Q:
    """Every word of the folded `text` must match at least one field (`fields_q(word)`)."""
    q = Q()
    for word in vntext.fold(text).split():
        q &= fields_q(word)
    return q


def _producer_word_q(word: str, prefix: str) -> Q:
    q = Q(**{f"{prefix}search_name__contains": word})
    for place in PLACE_FIELDS:
        q |= Q(**{f"{prefix}{place}__search_name__contains": word})
    return q


def _tax_code(text: str) -> str:
    """A tax code as stored (digits only): what the user typed without spaces, dots, dashes."""
    compact = re.sub(r"[\s.\-]", "", text or "")
    return compact if len(compact) >= 4 and compact.isalnum() and any(c.isdigit() for c in compact) else ""


def producer_search_q(text: str, prefix: str = "") -> Q:
    """Producers by name or place (folded, every word somewhere) or by tax code."""
    q = _each_word(text, lambda word: _producer_word_q(word, prefix))
    if tax_code := _tax_code(text):
        q |= Q(**{f"{prefix}tax_code__contains": tax_code})
    return q


def product_search_q(text: str, prefix: str = "") -> Q:
    """Products by their name, their producer's name or the producer's place (folded, every
    word somewhere), or by the producer's tax code."""
    producer = f"{prefix}producer__"
    q = _each_word(
        text,
        lambda word: Q(**{f"{prefix}search_name__contains": word}) | _producer_word_q(word, producer),
    )
    if tax_code := _tax_code(text):
        q |= Q(**{f"{producer}tax_code__contains": tax_code})
    return q


# Every join above follows a foreign key forward, so no row is repeated.
def search_producers(queryset, text: str):
    return queryset.filter(producer_search_q(text)) if vntext.fold(text) else queryset


def search_products(queryset, text: str, prefix: str = ""):
    return queryset.filter(product_search_q(text, prefix)) if vntext.fold(text) else queryset


def search(queryset, text: str):
    folded = vntext.fold(text)
    return queryset.filter(search_name__contains=folded) if folded else queryset


def represented_producers(user):
    """The producers `user` acts for: only those a producer role was granted on by name, never
    the whole country a national role would reach (an administrator represents no producer)."""
    scope = scope_for(user, caps.MANAGE_OWN_PRODUCER)
    producer_type = ContentType.objects.get_for_model(Producer)
    ids = [pk for (type_id, pk) in scope.objects if type_id == producer_type.pk]
    return Producer.objects.filter(pk__in=ids).select_related(
        "province", "commune", "legacy_province", "legacy_district", "legacy_commune"
    )
