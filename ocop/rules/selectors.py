"""Reads of the rulebook."""

import datetime
from functools import lru_cache

from django.utils.translation import gettext as _

from ocop.rules.models import ProductGroup, ProductSet, Regime


def regime_at(date: datetime.date) -> Regime:
    """The regime in force on `date` (the earliest one for dates before the programme). A regime
    not yet confirmed by an administrator (`verified` false) is never applied."""
    regime = (
        Regime.objects.filter(valid_from__lte=date, verified=True)
        .order_by("-valid_from")
        .select_related("taxonomy")
        .first()
    )
    return regime or Regime.objects.order_by("valid_from").select_related("taxonomy").first()


@lru_cache(maxsize=1)
def _regime_table() -> tuple[tuple[datetime.date, int], ...]:
    return tuple(Regime.objects.filter(verified=True).order_by("valid_from").values_list("valid_from", "pk"))


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
    _star_levels.cache_clear()


@lru_cache(maxsize=1)
def _star_levels() -> tuple[tuple[int, ...], int]:
    """(every level some applied regime certifies, the lowest entry level), read once: the
    statistics ask on every count. Saving or deleting a regime clears it (see apps.py)."""
    regimes = list(Regime.objects.filter(verified=True))
    stars = {level for regime in regimes for level in regime.certified_stars()}
    return tuple(sorted(stars)), min((r.min_certified_stars for r in regimes), default=3)


def certified_stars() -> tuple[int, ...]:
    """The star levels that get a recognition decision and a certificate under any applied regime
    (`Regime.certified_stars`: 3, 4, 5). Statistics, filters and targets offer these."""
    return _star_levels()[0]


def certified_stars_text() -> str:
    """The certified levels as a message writes them: "3, 4 hoặc 5" ("3, 4 or 5" in English)."""
    stars = [str(s) for s in certified_stars()]
    if len(stars) < 2:
        return "".join(stars)
    return _("%(some)s hoặc %(last)s") % {"some": ", ".join(stars[:-1]), "last": stars[-1]}


def upper_stars_from() -> int:
    """The lowest star of the upper levels ("từ 4 sao trở lên"): the first certified level above
    the entry level every regime starts certifying at (`min_certified_stars`)."""
    stars, entry = _star_levels()
    return min((s for s in stars if s > entry), default=entry + 1)


def groups(taxonomy_code: str = "148"):
    return ProductGroup.objects.filter(taxonomy__code=taxonomy_code).order_by("sort_order")


def product_sets(taxonomy_code: str = "148"):
    return ProductSet.objects.filter(group__taxonomy__code=taxonomy_code).select_related("group")
