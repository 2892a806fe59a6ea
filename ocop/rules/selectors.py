"""Reads of the rulebook."""

import datetime
from functools import lru_cache

from ocop.rules.models import ProductGroup, ProductSet, Regime


def regime_at(date: datetime.date) -> Regime:
    """The regime in force on `date` (the earliest one for dates before the programme)."""
    regime = (
        Regime.objects.filter(valid_from__lte=date).order_by("-valid_from").select_related("taxonomy").first()
    )
    return regime or Regime.objects.order_by("valid_from").select_related("taxonomy").first()


@lru_cache(maxsize=1)
def _regime_table() -> tuple[tuple[datetime.date, int], ...]:
    return tuple(Regime.objects.order_by("valid_from").values_list("valid_from", "pk"))


def regime_id_at(date: datetime.date) -> int:
    """Fast variant for bulk imports: the id of the regime in force on `date`."""
    table = _regime_table()
    chosen = table[0][1]
    for valid_from, pk in table:
        if valid_from <= date:
            chosen = pk
    return chosen


def clear_cache() -> None:
    _regime_table.cache_clear()


def groups(taxonomy_code: str = "148"):
    return ProductGroup.objects.filter(taxonomy__code=taxonomy_code).order_by("sort_order")


def product_sets(taxonomy_code: str = "148"):
    return ProductSet.objects.filter(group__taxonomy__code=taxonomy_code).select_related("group")
