"""Plan and target refusals are said in the language the person is using; the plan import's
problem list, built from the same rules, stays Vietnamese whatever that language."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from conftest import current_province
from ocop.programme import imports, services
from ocop.programme.models import TargetKind
from ocop.programme.tests.test_imports import CAO_BANG, problems_by_row, xlsx

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def plan():
    return services.plan_create(
        actor="test",
        name="Kế hoạch OCOP giai đoạn 2021–2025",
        unit=current_province(92),
        period_start=D(2021, 1, 1),
        period_end=D(2025, 12, 31),
    )


def refusal(call, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        call(**kwargs)
    return caught.value


def test_a_star_target_with_six_stars_is_refused_in_the_active_language(plan):
    target = {
        "actor": "test",
        "plan": plan,
        "kind": TargetKind.PRODUCTS_STARS,
        "description": "10 sản phẩm 6 sao",
        "target_value": 10,
        "stars": 6,
    }
    with translation.override("en"):
        assert refusal(services.target_add, **target).message_dict == {
            "stars": ["The star rating must be 3, 4 or 5."]
        }
    with translation.override("vi"):
        assert refusal(services.target_add, **target).message_dict == {
            "stars": ["Hạng sao phải là 3, 4 hoặc 5."]
        }


def test_deleting_a_plan_with_one_target_asks_for_confirmation_in_the_singular_in_english(plan):
    services.target_add(
        actor="test", plan=plan, kind=TargetKind.PRODUCTS_TOTAL, description="240 sản phẩm", target_value=240
    )
    with translation.override("en"):
        assert refusal(services.plan_delete, actor="test", plan=plan).messages == [
            "Plan “Kế hoạch OCOP giai đoạn 2021–2025” has 1 target; "
            "confirm to delete the plan together with its target."
        ]
    with translation.override("vi"):
        assert refusal(services.plan_delete, actor="test", plan=plan).messages == [
            "Kế hoạch “Kế hoạch OCOP giai đoạn 2021–2025” có 1 chỉ tiêu; "
            "xác nhận để xóa kế hoạch cùng các chỉ tiêu."
        ]


def test_the_plan_import_lists_its_problems_in_vietnamese_even_for_an_english_interface():
    rows = [
        CAO_BANG + ["Số sản phẩm OCOP theo hạng sao", "6", "", "f", "10", "", ""],  # 2
        CAO_BANG + ["products_stars", "", "", "g", "10", "", ""],  # 3
        CAO_BANG + ["tỷ lệ cán bộ được tập huấn", "", "", "l", "10", "8", ""],  # 4
    ]
    with translation.override("en"):
        found = problems_by_row(imports.validate(xlsx(rows)))
    assert found == {
        2: [("Hạng sao", "Hạng sao phải là 3, 4 hoặc 5.")],
        3: [("Hạng sao", "Chỉ tiêu theo hạng sao cần chọn hạng sao (3, 4 hoặc 5).")],
        4: [("Nguồn số liệu", "Cần ghi nguồn số liệu (ví dụ: Báo cáo số 12/BC-SNN ngày 07/08/2024).")],
    }
