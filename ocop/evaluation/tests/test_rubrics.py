"""Rubric files: the strict validator, the 1048 converter and `ocop load_rubric`."""

import json
from io import StringIO

import pytest
import yaml
from django.core.management import call_command

from ocop.evaluation.models import Criterion, Rubric, RubricMode
from ocop.evaluation.rubric_format import dump_rubric
from ocop.evaluation.rubrics import check_rubric_text, rubric_in_force, rubric_load
from ocop.rules.models import ProductSet, Regime

SOURCE_1048 = "/work/shared/reference/rubrics-1048.json"
pytestmark = pytest.mark.django_db


def small_sheet(**changes):
    spec = {
        "format": "ocop-rubric/1",
        "regime": "1048-2019",
        "product_set": "processed_food",
        "code": "thu-nghiem",
        "name": "Phiếu thử nghiệm",
        "parts": [
            {
                "code": "A",
                "name": "A",
                "max": 35,
                "groups": [
                    {
                        "number": "1",
                        "name": "Tổ chức",
                        "criteria": [
                            {
                                "number": "1.1",
                                "name": "Nguồn nguyên liệu",
                                "knockout": "Bị loại nếu nhập khẩu toàn bộ",
                                "minimum": {3: 1},
                                "options": [{"text": "ít", "points": 1}, {"text": "nhiều", "points": 35}],
                            },
                        ],
                    }
                ],
            },
            {
                "code": "B",
                "name": "B",
                "max": 25,
                "groups": [
                    {
                        "number": "4",
                        "name": "Tiếp thị",
                        "criteria": [
                            {
                                "number": "4.1",
                                "name": "Phân phối",
                                "options": [{"text": "rộng", "points": 25}],
                            },
                        ],
                    }
                ],
            },
            {
                "code": "C",
                "name": "C",
                "max": 40,
                "groups": [
                    {
                        "number": "6",
                        "name": "Cảm quan",
                        "criteria": [
                            {
                                "number": "6.1",
                                "name": "Ngoại hình",
                                "sub": [
                                    {
                                        "number": "6.1.1",
                                        "name": "Màu",
                                        "options": [{"text": "đẹp", "points": 20}],
                                    },
                                    {
                                        "number": "6.1.2",
                                        "name": "Mùi",
                                        "options": [{"text": "thơm", "points": 20}],
                                    },
                                ],
                            },
                        ],
                    }
                ],
            },
        ],
    }
    spec.update(changes)
    return spec


def load_1048_json():
    out = StringIO()
    call_command("load_rubric", "--from-1048", SOURCE_1048, "--json", stdout=out)
    return {row["set"]: row for row in json.loads(out.getvalue())}


def test_the_1048_transcription_loads_its_good_sheets_and_refuses_each_faulty_one_with_its_reason():
    rows = load_1048_json()
    loaded = [name for name, row in rows.items() if row["loaded"]]
    refused = {name: row["problems"] for name, row in rows.items() if not row["loaded"]}
    assert len(loaded) == 18 and len(refused) == 8
    for twice in ("Chế biến từ gạo, ngũ cốc", "Mỹ phẩm", "Ngành vải, may mặc"):
        assert any("tổng điểm tối đa các tiêu chí là 70" in p and "chép hai lần" in p for p in refused[twice])
        assert any("tổng điểm tối đa các tiêu chí là 80" in p for p in refused[twice])
    for short_c in (
        "Thực phẩm chức năng, thuốc từ dược liệu, thuốc Y học cổ truyền",
        "Tương, nước mắm, gia vị dạng lỏng khác",
        "Đồ uống có cồn khác",
    ):
        assert refused[short_c] == [
            "Phần C: tổng điểm tối đa các tiêu chí là 38, khác điểm tối đa của phần (40)."
        ]
    assert refused["Cà phê, Ca cao"] == ["Phần C: số thứ tự trùng nhau (phải là duy nhất): 6.1.3."]
    assert any("không có tiêu chí nào" in p for p in refused["Gạo, ngũ cốc"])
    honey = Rubric.objects.get(code="1048-mat-ong")
    assert honey.product_set.code == "processed_food" and honey.regime.code == "1048-2019"
    assert [p.max_points for p in honey.parts.all()] == [35, 25, 40]
    knockout = Criterion.objects.get(rubric=honey, number="1.1").knockout
    assert knockout.startswith("Bị loại nếu sử dụng toàn bộ nguyên liệu nhập khẩu")


def test_the_command_prints_one_line_per_sheet_and_the_sets_left_without_a_sheet():
    out = StringIO()
    call_command("load_rubric", "--from-1048", SOURCE_1048, stdout=out)
    lines = out.getvalue().splitlines()
    assert sum(line.startswith("ĐÃ NẠP") for line in lines) == 18
    assert sum(line.startswith("TỪ CHỐI") for line in lines) == 8
    assert any("Hoa, cây cảnh, động vật cảnh" in line for line in lines if line.startswith("CHƯA CÓ"))


def test_loading_the_same_file_twice_changes_nothing_and_a_changed_file_is_a_new_version(tmp_path):
    text = dump_rubric(small_sheet())
    first = rubric_load(actor="test", text=text)
    again = rubric_load(actor="test", text=text)
    assert first.loaded and again.unchanged and again.rubric.pk == first.rubric.pk
    spec = small_sheet(name="Phiếu thử nghiệm (sửa)")
    second = rubric_load(actor="test", text=dump_rubric(spec))
    assert second.rubric.version == 2
    first.rubric.refresh_from_db()
    assert not first.rubric.is_current and second.rubric.is_current
    parent = Criterion.objects.get(rubric=second.rubric, number="6.1")
    assert parent.max_points == 40 and not parent.is_leaf and parent.children.count() == 2
    assert Criterion.objects.get(rubric=second.rubric, number="1.1").minimum == {"3": 1}


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"colour": "đỏ"}, "Phiếu: khóa không được hỗ trợ «colour»."),
        ({"regime": "1999"}, "Phiếu: không có quy định mã «1999» (regime)."),
        ({"product_set": "honey_farm"}, "Phiếu: bộ sản phẩm «honey_farm» không có trong phân nhóm 1048"),
        ({"format": "khac"}, "Phiếu: khóa format phải là «ocop-rubric/1»"),
    ],
)
def test_the_validator_names_what_is_wrong_at_the_top_of_the_sheet(change, problem):
    checked = check_rubric_text(dump_rubric(small_sheet(**change)))
    assert any(p.startswith(problem) for p in checked.problems), checked.problems


def test_the_validator_names_the_criterion_that_is_wrong():
    spec = small_sheet()
    crit = spec["parts"][0]["groups"][0]["criteria"][0]
    crit["number"] = "2.1"
    crit["minimum"] = {3: 99}
    spec["parts"][1]["max"] = 20
    spec["parts"][2]["groups"][0]["criteria"][0]["sub"][1]["options"] = []
    problems = check_rubric_text(dump_rubric(spec)).problems
    assert "Phần A, tiêu chí 2.1: số thứ tự phải bắt đầu bằng «1» của nhóm/tiêu chí cha." in problems
    assert "Phần A, tiêu chí 2.1: điểm tối thiểu cho 3 sao phải từ 0 đến 35." in problems
    assert "Phần B: điểm tối đa là 20, quy định 1048-2019 đặt 25." in problems
    assert "Phần C, tiêu chí 6.1.2: không có mức điểm nào (options)." in problems
    assert check_rubric_text("parts: [A, : ]").problems[0].startswith("Tệp không đúng cú pháp YAML")


def test_a_refused_sheet_writes_nothing():
    spec = small_sheet()
    spec["parts"][0]["max"] = 30
    result = rubric_load(actor="test", text=yaml.safe_dump(spec, allow_unicode=True))
    assert not result.loaded and not Rubric.objects.filter(code="thu-nghiem").exists()


def test_a_regime_without_public_sheets_gets_a_part_totals_sheet_on_first_use():
    regime = Regime.objects.get(code="148-1489-2025")
    honey = ProductSet.objects.get(group__taxonomy__code="148", code="honey_farm")
    rubric = rubric_in_force(regime=regime, product_set=honey)
    assert rubric.mode == RubricMode.PART_TOTALS
    assert [(p.code, p.max_points) for p in rubric.parts.all()] == [("A", 40), ("B", 25), ("C", 35)]
    assert rubric.sheet_knockouts and not rubric.criteria.exists()
    assert rubric_in_force(regime=regime, product_set=honey).pk == rubric.pk
