from django.apps import apps

from ocop.geo.loader import load_units
from ocop.geo.models import AdminUnit, Region, UnitSuccession


def count(scheme, level):
    return AdminUnit.objects.filter(scheme=scheme, level=level).count()


def test_the_legacy_scheme_has_63_provinces_696_districts_and_10051_communes(db):
    assert count("legacy", "province") == 63
    assert count("legacy", "district") == 696
    assert count("legacy", "commune") == 10_051


def test_the_current_scheme_has_34_provinces_and_3321_communes_and_no_districts(db):
    assert count("current", "province") == 34
    assert count("current", "commune") == 3_321
    assert count("current", "district") == 0


def test_every_legacy_province_maps_to_a_current_province_with_one_primary(db):
    for province in AdminUnit.objects.filter(scheme="legacy", level="province"):
        successions = list(province.successions.select_related("current"))
        assert successions, province
        assert all(s.current.scheme == "current" and s.current.level == "province" for s in successions)
        assert sum(s.primary for s in successions) == 1, province


def test_every_current_province_has_at_least_one_legacy_predecessor(db):
    for province in AdminUnit.objects.filter(scheme="current", level="province"):
        assert province.predecessions.exists(), province


def test_legacy_communes_split_across_several_current_ones_have_several_partial_successions(db):
    split = UnitSuccession.objects.filter(legacy__level="commune", partial=True).values("legacy").distinct()
    assert split.count() > 400
    assert UnitSuccession.objects.count() == 10_618


def test_running_the_loader_again_changes_nothing(db):
    def snapshot():
        units = set(
            AdminUnit.objects.values_list("pk", "scheme", "level", "code", "name", "parent_id", "region_id")
        )
        successions = set(UnitSuccession.objects.values_list("legacy_id", "current_id", "partial", "primary"))
        return units, successions

    before = snapshot()
    models = [apps.get_model("geo", name) for name in ("AdminUnit", "Region", "UnitSuccession")]
    counts = load_units(*models)
    assert counts["units_created"] == 0
    assert counts["units_updated"] == 0
    assert snapshot() == before


def test_there_are_six_regions(db):
    assert Region.objects.count() == 6


def test_every_province_of_both_schemes_has_a_region(db):
    assert not AdminUnit.objects.filter(level="province", region__isnull=True).exists()


def test_legacy_ca_mau_is_in_the_mekong_delta(db):
    ca_mau = AdminUnit.objects.get(scheme="legacy", level="province", code=96)
    assert ca_mau.region.name == "Đồng bằng sông Cửu Long"
