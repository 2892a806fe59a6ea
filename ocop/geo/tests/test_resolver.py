import datetime
from collections import Counter

import pytest
from django.db.models import Count

from ocop.geo import resolver
from ocop.geo.models import AdminUnit
from ocop.geo.resolver import resolve

pytestmark = pytest.mark.django_db


def legacy(level, code):
    return AdminUnit.objects.get(scheme="legacy", level=level, code=code)


def current(level, code):
    return AdminUnit.objects.get(scheme="current", level=level, code=code)


def unique_names():
    counts = Counter(AdminUnit.objects.values_list("bare_name", flat=True))
    return {name for name, n in counts.items() if n == 1}


def test_soc_trang_without_diacritics_is_legacy_soc_trang_now_in_can_tho():
    result = resolve("soc trang")
    assert result.status == "resolved"
    assert result.unit == legacy("province", 94)
    assert [c.unit for c in result.matches[0].successors] == [current("province", 92)]
    assert "Cần Thơ" in result.message and "94" in result.message


def test_long_an_is_legacy_80_now_in_current_tay_ninh_80():
    result = resolve("Long An")
    assert result.status == "resolved"
    assert result.unit == legacy("province", 80)
    assert [c.unit for c in result.matches[0].counterparts] == [current("province", 80)]


def test_cao_bang_found_in_both_schemes_is_one_unchanged_match():
    result = resolve("cao bang")
    assert result.status == "resolved"
    assert len(result.matches) == 1
    match = result.matches[0]
    both = {match.unit, *(c.unit for c in match.counterparts)}
    assert both == {legacy("province", 4), current("province", 4)}
    assert "giữ nguyên" in result.message


def test_a_date_before_the_reform_prefers_the_legacy_unit():
    result = resolve("cao bang", date=datetime.date(2024, 5, 1))
    assert result.unit == legacy("province", 4)
    assert resolve("cao bang", date=datetime.date(2025, 7, 1)).unit == current("province", 4)


@pytest.mark.parametrize("text", ["TỈNH  ĐẮK   LẮK", "dak lak", "Đắk Lắk", "tinh dak lak"])
def test_dak_lak_is_found_in_any_case_spacing_and_without_diacritics(text):
    result = resolve(text)
    assert result.status == "resolved"
    assert result.unit.short_name == "Đắk Lắk"
    assert result.unit.level == "province"


def test_a_legacy_commune_split_across_several_current_communes_is_ambiguous_with_its_candidates():
    names = unique_names()
    split = (
        AdminUnit.objects.filter(scheme="legacy", level="commune", bare_name__in=names)
        .annotate(n=Count("successions"))
        .filter(n__gte=2)
        .order_by("code")
        .first()
    )
    assert split is not None
    result = resolve(split.name)
    assert result.status == "ambiguous"
    assert result.matches[0].unit == split and result.matches[0].split
    expected = {s.current for s in split.successions.select_related("current")}
    assert set(result.candidates) == expected
    assert "đã được chia cho nhiều xã/phường mới" in result.message
    assert "cần người dùng chọn" in result.message
    assert all(unit.name in result.message for unit in expected)


def test_ha_tay_gets_a_clear_answer_pointing_at_ha_noi():
    result = resolve("Hà Tây")
    assert result.status == "resolved"
    assert result.unit == legacy("province", 1)
    assert [c.unit for c in result.matches[0].counterparts] == [current("province", 1)]
    assert "01/08/2008" in result.message


def test_a_historical_name_with_several_possible_provinces_is_ambiguous():
    result = resolve("Hà Sơn Bình")
    assert result.status == "ambiguous"
    assert {m.unit for m in result.matches} == {legacy("province", 1), legacy("province", 17)}


def test_nonsense_is_unknown_with_a_vietnamese_message():
    result = resolve("xyzzy qwerty")
    assert result.status == "unknown"
    assert result.matches == []
    assert "Không tìm thấy" in result.message


def test_a_misspelt_name_is_unknown_with_close_suggestions():
    result = resolve("soc trag")
    assert result.status == "unknown"
    assert "Tỉnh Sóc Trăng" in result.suggestions


def test_phuong_1_in_soc_trang_is_narrowed_to_the_three_wards_of_that_province():
    everywhere = resolve("Phường 1")
    result = resolve("Phường 1", province="Sóc Trăng")
    assert result.status == "ambiguous"
    assert len(everywhere.matches) > 20
    assert len(result.matches) == 3
    assert all(m.unit.province == legacy("province", 94) for m in result.matches)
    assert all("Sóc Trăng" in m.label for m in result.matches)


def test_phuong_1_with_its_district_and_province_resolves_to_its_successor():
    result = resolve("Phường 1, Thành phố Sóc Trăng, Tỉnh Sóc Trăng")
    assert result.status == "resolved"
    assert result.unit.parent.name == "Thành phố Sóc Trăng"
    assert result.matches[0].counterparts[0].unit.province == current("province", 92)


def test_a_legacy_commune_matches_the_current_province_it_went_to():
    result = resolve("Phường 1, Thành phố Sóc Trăng", province="Cần Thơ")
    assert result.status == "resolved"
    assert result.unit.province == legacy("province", 94)


def test_a_unique_current_commune_name_with_its_province_resolves():
    names = unique_names()
    commune = (
        AdminUnit.objects.filter(scheme="current", level="commune", province__code=92, bare_name__in=names)
        .order_by("code")
        .first()
    )
    result = resolve(commune.short_name.lower(), province="can tho")
    assert result.status == "resolved"
    assert result.unit == commune
    # Sóc Trăng names the same ground in the legacy scheme when the commune came from there.
    if any(p.province.code == 94 for p in (s.legacy for s in commune.predecessions.all())):
        assert resolve(commune.short_name, province="Sóc Trăng").unit == commune


def test_a_commune_outside_the_given_province_is_unknown():
    result = resolve("Phường 1, Thành phố Sóc Trăng", province="Cao Bằng")
    assert result.status == "unknown"


def test_tien_giang_reports_primary_dong_thap_and_mentions_partial_tay_ninh():
    result = resolve("Tiền Giang")
    assert result.status == "resolved"
    successors = result.matches[0].counterparts
    primary = [c.unit for c in successors if c.primary]
    partial = [c.unit for c in successors if not c.primary]
    assert primary == [current("province", 82)]
    assert partial == [current("province", 80)]
    assert "chủ yếu Tỉnh Đồng Tháp" in result.message
    assert "một phần thuộc Tỉnh Tây Ninh" in result.message


def test_many_communes_with_the_same_name_are_ambiguous_and_labelled_with_their_parents():
    result = resolve("Tân Hòa")
    assert result.status == "ambiguous"
    assert len(result.matches) > 5
    assert all(m.path for m in result.matches)
    assert "cần người dùng chọn" in result.message


def test_a_province_is_preferred_over_a_district_or_commune_of_the_same_name():
    result = resolve("soc trang")
    assert result.unit.level == "province"
    assert resolve("Thành phố Sóc Trăng").unit.level == "district"
    assert resolve("Phường Sóc Trăng").unit.level == "commune"


def test_a_level_restricts_the_answer():
    result = resolve("soc trang", level="district")
    assert result.unit.name == "Thành phố Sóc Trăng"


def test_a_numbered_ward_keeps_its_prefix():
    result = resolve("phuong 3", province="Cà Mau")
    assert result.status in {"resolved", "ambiguous"}
    assert all(m.unit.short_name == "Phường 3" for m in result.matches)


def test_a_legacy_district_reports_the_current_province_and_communes_it_went_to():
    result = resolve("Huyện Cái Nước")
    assert result.status == "resolved"
    levels = {c.unit.level for c in result.matches[0].counterparts}
    assert levels == {"province", "commune"}
    assert "Tỉnh Cà Mau (mã 96)" in result.message


def test_to_dict_is_plain_json():
    import json

    data = resolve("Tiền Giang").to_dict()
    assert json.loads(json.dumps(data))["matches"][0]["code"] == "82"
    assert data["status"] == "resolved"


def test_resolving_uses_the_cached_indexes_without_queries(django_assert_num_queries):
    resolve("soc trang")
    with django_assert_num_queries(0):
        for text in ["Long An", "Phường 1, Thành phố Sóc Trăng", "Tân Hòa", "xyzzy"]:
            resolve(text)


def test_clear_cache_rebuilds_the_indexes(django_assert_max_num_queries):
    resolver.clear_cache()
    with django_assert_max_num_queries(3):
        assert resolve("soc trang").resolved
