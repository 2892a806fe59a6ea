import datetime

import pytest

from ocop.demo.generator import load_registry_demo
from ocop.geo.models import AdminUnit
from ocop.programme.models import Plan, Target, TargetKind
from ocop.reporting.progress import (
    BEHIND,
    NO_DATA,
    NOT_REACHED,
    ON_TRACK,
    REACHED,
    ratio_phrase,
    target_progress,
)

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def demo():
    load_registry_demo(scale="provinces", today=D(2026, 11, 23))


def plan_for(scheme, code, start, end):
    unit = AdminUnit.objects.get(scheme=scheme, level="province", code=code)
    return Plan.objects.create(name="Kế hoạch OCOP", unit=unit, period_start=start, period_end=end)


def test_ten_four_star_products_by_end_of_2025_with_thirteen_is_reached(demo):
    plan = plan_for("current", 4, D(2021, 1, 1), D(2025, 12, 31))
    target = Target.objects.create(
        plan=plan,
        kind=TargetKind.PRODUCTS_STARS,
        stars=4,
        target_value=10,
        description="10 sản phẩm 4 sao đến hết 2025",
    )
    progress = target_progress(target, as_of=D(2024, 6, 30))
    assert progress.value == 13
    assert progress.status == REACHED


def test_sixty_five_products_with_189_recognised_exceeds_the_target_2_9_times(demo):
    plan = plan_for("legacy", 94, D(2019, 1, 1), D(2022, 12, 13))
    target = Target.objects.create(
        plan=plan,
        kind=TargetKind.PRODUCTS_RECOGNISED,
        target_value=65,
        description="65 sản phẩm OCOP được công nhận giai đoạn 2019–2022",
    )
    progress = target_progress(target, as_of=D(2022, 12, 13))
    assert progress.value == 189
    assert progress.status == REACHED
    assert progress.phrase == "vượt chỉ tiêu 2,9 lần"


def test_a_target_not_met_is_on_track_or_behind_by_elapsed_time_then_not_reached(demo):
    """Long An's 2024 recognitions (demo): 8 by 01/02, 45 by 01/06, 66 by 01/09, 87 in the year."""
    plan = plan_for("legacy", 80, D(2024, 1, 1), D(2024, 12, 31))
    target = Target.objects.create(
        plan=plan, kind=TargetKind.RECOGNITIONS_TOTAL, target_value=174, description="174 lượt công nhận"
    )
    end = target_progress(target, as_of=D(2024, 12, 31))
    assert (end.value, end.status, end.phrase) == (87, NOT_REACHED, "đạt 50,0% chỉ tiêu")
    early = target_progress(target, as_of=D(2024, 2, 1))
    assert (early.value, early.status) == (8, BEHIND)  # 4.6% done, 8.5% of the year gone
    target.target_value = 100
    june = target_progress(target, as_of=D(2024, 6, 1))
    assert (june.value, june.status) == (45, ON_TRACK)  # 45% done, 41.6% of the year gone
    september = target_progress(target, as_of=D(2024, 9, 1))
    assert (september.value, september.status) == (66, BEHIND)  # 66% done, 66.8% gone


def test_shares_of_producer_types_come_from_the_registry(demo):
    plan = plan_for("legacy", 80, D(2024, 1, 1), D(2024, 12, 31))
    target = Target.objects.create(
        plan=plan,
        kind=TargetKind.PRODUCER_TYPE_SHARE,
        producer_type="cooperative",
        target_value=40,
        description="40% chủ thể là hợp tác xã",
    )
    progress = target_progress(target, as_of=D(2024, 12, 31))
    assert progress.value == 13.9
    assert progress.status == NOT_REACHED


def test_a_manual_target_without_a_value_has_no_data_and_with_one_is_judged():
    plan = plan_for("current", 96, D(2025, 1, 1), D(2025, 12, 31))
    target = Target.objects.create(
        plan=plan,
        kind=TargetKind.OFFICIALS_TRAINED_SHARE,
        target_value=40,
        description="40% cán bộ OCOP được tập huấn",
    )
    assert target_progress(target, as_of=D(2025, 6, 30)).status == NO_DATA
    target.manual_value = 45
    assert target_progress(target, as_of=D(2025, 6, 30)).status == REACHED


def test_ratio_phrases_in_vietnamese():
    assert ratio_phrase(189, 65)[1] == "vượt chỉ tiêu 2,9 lần"
    assert ratio_phrase(13, 10)[1] == "vượt chỉ tiêu (đạt 130,0%)"
    assert ratio_phrase(10, 10)[1] == "đạt chỉ tiêu"
    assert ratio_phrase(87, 174)[1] == "đạt 50,0% chỉ tiêu"
