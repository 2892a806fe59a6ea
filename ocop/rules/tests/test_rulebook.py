"""The rulebook as loaded by the migrations from ocop/rules/data/*.json (DOMAIN.md §3, §5)."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ocop.certification.services import certificate_dates
from ocop.rules import selectors
from ocop.rules.loader import load_rules
from ocop.rules.models import ProductGroup, ProductSet, Regime, Taxonomy

pytestmark = pytest.mark.django_db
D = datetime.date


def regime(code: str) -> Regime:
    return Regime.objects.get(code=code)


# --- which regime applies on a date ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("date", "code"),
    [
        (D(2017, 1, 1), "490-2018"),  # before the programme: the earliest regime
        (D(2018, 5, 7), "490-2018"),
        (D(2019, 8, 20), "490-2018"),
        (D(2019, 8, 21), "1048-2019"),
        (D(2023, 2, 23), "1048-2019"),
        (D(2023, 2, 24), "148-2023"),
        (D(2025, 7, 5), "148-2023"),
        (D(2025, 7, 6), "148-1489-2025"),
        (D(2026, 1, 1), "148-1489-2025"),
    ],
)
def test_the_regime_in_force_changes_on_the_day_each_decision_takes_effect(date, code):
    assert selectors.regime_at(date).code == code
    assert selectors.regime_id_at(date) == regime(code).pk  # the bulk variant agrees


def test_each_regime_ends_the_day_before_the_next_one_starts():
    regimes = list(Regime.objects.filter(verified=True).order_by("valid_from"))
    for earlier, later in zip(regimes, regimes[1:], strict=False):
        assert earlier.valid_to == later.valid_from - datetime.timedelta(days=1)
    assert regimes[-1].valid_to is None


# --- scores → stars -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "stars"),
    [(100, 5), (90, 5), (89.99, 4), (70, 4), (69.5, 3), (50, 3), (49.9, 2), (30, 2), (29, 1), (0, 1)],
)
def test_a_score_falls_in_the_band_of_its_stars(score, stars):
    for code in ("1048-2019", "148-2023", "148-1489-2025"):
        assert regime(code).stars_for(score) == stars


def test_a_decimal_score_as_councils_record_it_is_banded_the_same():
    assert regime("148-2023").stars_for(Decimal("70.00")) == 4
    assert regime("148-2023").stars_for(Decimal("69.99")) == 3


@given(low=st.floats(0, 100), high=st.floats(0, 100))
def test_a_higher_score_never_gets_fewer_stars(low, high):
    rules = Regime(star_thresholds=[[90, 5], [70, 4], [50, 3], [30, 2], [0, 1]])
    low, high = sorted((low, high))
    assert rules.stars_for(low) <= rules.stars_for(high)


def test_the_three_parts_of_the_scoring_sheet_add_up_to_100():
    assert (
        regime("1048-2019").part_a_max,
        regime("1048-2019").part_b_max,
        regime("1048-2019").part_c_max,
    ) == (
        35,
        25,
        40,
    )
    for code in ("148-2023", "148-1489-2025"):
        r = regime(code)
        assert (r.part_a_max, r.part_b_max, r.part_c_max) == (40, 25, 35)
    assert regime("490-2018").part_a_max is None  # criteria set by each province


# --- who certifies which stars --------------------------------------------------------------------


def test_under_decision_148_districts_certified_three_stars_and_since_july_2025_provinces_do():
    assert regime("148-2023").certifier_level(3) == "district"
    assert regime("148-1489-2025").certifier_level(3) == "province"
    assert regime("1048-2019").certifier_level(3) == "province"


def test_four_stars_are_always_provincial_and_five_stars_central():
    for r in Regime.objects.filter(verified=True):
        assert (r.certifier_level(4), r.certifier_level(5)) == ("province", "central")


def test_nobody_certifies_fewer_than_three_stars():
    for r in Regime.objects.all():
        assert r.certifier_level(2) is None and r.certifier_level(1) is None
        assert r.min_certified_stars == 3


def test_the_certified_levels_and_the_upper_levels_come_from_the_regimes():
    assert selectors.certified_stars() == (3, 4, 5)
    assert selectors.certified_stars_text() == "3, 4 hoặc 5"
    assert selectors.upper_stars_from() == 4


def test_saving_a_regime_refreshes_the_certified_levels():
    assert selectors.certified_stars() == (3, 4, 5)
    for r in Regime.objects.all():
        r.certifiers = {"2": "province", **r.certifiers}
        r.min_certified_stars = 2
        r.save()
    try:
        assert selectors.certified_stars() == (2, 3, 4, 5)
        assert selectors.upper_stars_from() == 3
    finally:
        selectors.clear_cache()  # the rollback sends no signal


# --- validity and notice --------------------------------------------------------------------------


def test_every_regime_gives_36_months_of_validity_and_30_days_of_notice():
    for r in Regime.objects.all():
        assert (r.validity_months, r.notice_days) == (36, 30)


def test_a_certificate_of_10_january_2023_is_valid_until_10_january_2026_with_notice_from_11_december():
    assert certificate_dates(regime("1048-2019"), D(2023, 1, 10)) == (
        D(2023, 1, 10),
        D(2026, 1, 10),
        D(2025, 12, 11),
    )


def test_validity_from_the_last_day_of_a_month_ends_on_the_last_day_of_that_month():
    _from, until, notice = certificate_dates(regime("148-2023"), D(2023, 5, 31))
    assert until == D(2026, 5, 31)
    _from, until, notice = certificate_dates(regime("148-2023"), D(2024, 2, 29))  # no 29/02/2027
    assert (until, notice) == (D(2027, 2, 28), D(2027, 1, 29))


# --- taxonomies ------------------------------------------------------------------------------------


def test_the_148_taxonomy_has_six_groups_and_26_product_sets():
    assert [g.code for g in selectors.groups("148")] == [
        "food",
        "drink",
        "herbal",
        "handicraft",
        "ornamental",
        "tourism",
    ]
    assert selectors.product_sets("148").count() == 26
    assert ProductGroup.objects.get(taxonomy__code="148", code="food").sets.count() == 13


def test_the_1048_groups_without_a_twin_count_under_a_148_group():
    groups_148 = set(ProductGroup.objects.filter(taxonomy__code="148").values_list("code", flat=True))
    stats_codes = dict(ProductGroup.objects.filter(taxonomy__code="1048").values_list("code", "stats_code"))
    assert len(stats_codes) == 7
    assert stats_codes["textiles"] == stats_codes["souvenir"] == "handicraft"
    assert set(stats_codes.values()) <= groups_148


def test_each_regime_names_the_taxonomy_of_its_time():
    assert [r.taxonomy.code for r in (regime("490-2018"), regime("1048-2019"))] == ["1048", "1048"]
    assert [r.taxonomy.code for r in (regime("148-2023"), regime("148-1489-2025"))] == ["148", "148"]


def test_loading_the_rulebook_again_changes_nothing():
    before = (
        Taxonomy.objects.count(),
        ProductGroup.objects.count(),
        ProductSet.objects.count(),
        list(Regime.objects.order_by("code").values()),
    )
    load_rules(Regime, Taxonomy, ProductGroup, ProductSet)
    after = (
        Taxonomy.objects.count(),
        ProductGroup.objects.count(),
        ProductSet.objects.count(),
        list(Regime.objects.order_by("code").values()),
    )
    assert after == before
    selectors.clear_cache()
