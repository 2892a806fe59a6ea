import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    try:
        call_command("geo_resolve", *args, stdout=out)
    except SystemExit as exit:
        return exit.code, out.getvalue()
    return 0, out.getvalue()


def test_geo_resolve_prints_the_legacy_province_and_its_successor():
    code, out = run("soc trang")
    assert code == 0
    assert "Tỉnh Sóc Trăng (cũ, mã 94) → nay thuộc Thành phố Cần Thơ (mã 92)" in out


def test_geo_resolve_json_prints_the_resolution():
    code, out = run("Long An", "--json")
    data = json.loads(out)
    assert code == 0
    assert data["status"] == "resolved"
    assert data["matches"][0]["counterparts"][0]["name"] == "Tỉnh Tây Ninh"


def test_geo_resolve_exits_with_3_and_lists_candidates_when_ambiguous():
    code, out = run("Phường 1", "--province", "Sóc Trăng")
    assert code == 3
    assert "  1. Phường 1 (cũ)" in out and "  3. " in out


def test_geo_resolve_exits_with_4_when_unknown():
    code, out = run("xyzzy qwerty")
    assert code == 4
    assert "Không tìm thấy" in out


def test_geo_resolve_uses_the_date_to_choose_the_scheme():
    code, out = run("cao bang", "--date", "2024-01-31", "--json")
    assert json.loads(out)["matches"][0]["scheme"] == "legacy"


def test_geo_resolve_refuses_a_bad_date_with_a_clear_message():
    with pytest.raises(CommandError, match="Ngày không hợp lệ"):
        call_command("geo_resolve", "soc trang", "--date", "31/01/2024", stdout=StringIO())


def test_geo_load_refreshes_units_and_prints_counts():
    # A real run: the units are already loaded by migration, so nothing is created or changed.
    out = StringIO()
    call_command("geo_load", stdout=out)
    text = out.getvalue()
    assert "Tạo mới 0 đơn vị, cập nhật 0, 10618 dòng chuyển đổi" in text
    assert "63 tỉnh/thành phố, 696 quận/huyện, 10051 xã/phường" in text
    assert "34 tỉnh/thành phố, 3321 xã/phường" in text
    assert "6 vùng" in text
