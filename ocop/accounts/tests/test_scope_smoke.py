from ocop.accounts import capabilities as caps
from ocop.accounts.permissions import has_capability, units_in_scope
from ocop.geo.models import AdminUnit


def test_a_can_tho_officer_works_in_can_tho_and_its_legacy_provinces_only(can_tho_officer, can_tho, tay_ninh):
    soc_trang_legacy = AdminUnit.objects.get(scheme="legacy", level="province", code=94)
    assert has_capability(can_tho_officer, caps.VIEW_UNIT_WORKSPACE, unit=can_tho)
    assert has_capability(can_tho_officer, caps.VIEW_UNIT_WORKSPACE, unit=soc_trang_legacy)
    assert not has_capability(can_tho_officer, caps.VIEW_UNIT_WORKSPACE, unit=tay_ninh)
    provinces = units_in_scope(can_tho_officer, caps.VIEW_UNIT_WORKSPACE).filter(level="province")
    assert {u.short_name for u in provinces} == {"Cần Thơ", "Sóc Trăng", "Hậu Giang"}
