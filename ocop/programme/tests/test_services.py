"""Plan and target services: the rules they enforce and the audit entries they leave."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from conftest import current_province, legacy_province
from ocop.core.models import AuditEntry
from ocop.programme import services
from ocop.programme.models import Plan, Target, TargetKind

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def plan(can_tho_officer):
    return services.plan_create(
        actor=can_tho_officer,
        name="Kế hoạch OCOP giai đoạn 2021–2025",
        unit=current_province(92),
        period_start=D(2021, 1, 1),
        period_end=D(2025, 12, 31),
        reference="Kế hoạch số 12/KH-UBND",
    )


def add(plan, actor="test", **fields):
    values = {
        "kind": TargetKind.PRODUCTS_TOTAL,
        "description": "240 sản phẩm đến hết 2025",
        "target_value": 240,
    }
    return services.target_add(actor=actor, plan=plan, **{**values, **fields})


def errors_of(call) -> dict:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


def test_creating_a_plan_records_who_and_is_audited(plan, can_tho_officer):
    assert plan.created_by == can_tho_officer
    entry = AuditEntry.objects.get(action="programme.plan_create")
    assert entry.actor == can_tho_officer
    assert entry.object_id == str(plan.pk)


def test_a_plan_must_end_after_it_starts(can_tho_officer):
    errors = errors_of(
        lambda: services.plan_create(
            actor=can_tho_officer,
            name="Kế hoạch",
            unit=current_province(92),
            period_start=D(2025, 12, 31),
            period_end=D(2021, 1, 1),
        )
    )
    assert errors["period_end"] == ["Ngày kết thúc phải sau ngày bắt đầu."]
    assert not Plan.objects.exists()


def test_a_unit_cannot_have_two_plans_of_the_same_name_and_period(plan, can_tho_officer):
    errors = errors_of(
        lambda: services.plan_create(
            actor=can_tho_officer,
            name="ke hoach ocop giai doan 2021–2025",
            unit=plan.unit,
            period_start=plan.period_start,
            period_end=plan.period_end,
        )
    )
    assert "đã có kế hoạch" in errors["name"][0]


def test_a_plan_for_legacy_soc_trang_is_kept_in_the_legacy_scheme(can_tho_officer):
    plan = services.plan_create(
        actor=can_tho_officer,
        name="Kế hoạch OCOP 2023–2025",
        unit=legacy_province(94),
        period_start=D(2023, 1, 1),
        period_end=D(2025, 12, 31),
    )
    assert plan.unit.label == "Tỉnh Sóc Trăng (cũ)"


def test_updating_a_plan_audits_what_changed(plan, can_tho_officer):
    services.plan_update(actor=can_tho_officer, plan=plan, reference="Kế hoạch số 99/KH-UBND")
    entry = AuditEntry.objects.get(action="programme.plan_update")
    assert entry.details["reference"] == "Kế hoạch số 12/KH-UBND → Kế hoạch số 99/KH-UBND"


def test_a_plan_with_targets_is_deleted_only_with_confirmation(plan, can_tho_officer):
    add(plan)
    with pytest.raises(ValidationError, match="có 1 chỉ tiêu"):
        services.plan_delete(actor=can_tho_officer, plan=plan)
    assert Plan.objects.filter(pk=plan.pk).exists()
    services.plan_delete(actor=can_tho_officer, plan=plan, confirm=True)
    assert not Plan.objects.exists() and not Target.objects.exists()
    assert AuditEntry.objects.filter(action="programme.plan_delete").exists()


def test_a_plan_without_targets_is_deleted_without_confirmation(plan, can_tho_officer):
    services.plan_delete(actor=can_tho_officer, plan=plan)
    assert not Plan.objects.exists()


def test_adding_a_target_numbers_it_and_audits_it_on_the_plan(plan):
    first = add(plan)
    second = add(
        plan, kind=TargetKind.PRODUCTS_STARS, stars=4, description="10 sản phẩm 4 sao", target_value=10
    )
    assert (first.position, second.position) == (1, 2)
    entry = AuditEntry.objects.filter(action="programme.target_add").order_by("pk").last()
    assert entry.object_id == str(plan.pk)
    assert entry.details["target"] == "10 sản phẩm 4 sao"


def test_products_by_star_need_three_to_five_stars(plan):
    assert "stars" in errors_of(lambda: add(plan, kind=TargetKind.PRODUCTS_STARS, description="x"))
    errors = errors_of(lambda: add(plan, kind=TargetKind.PRODUCTS_STARS, stars=6, description="x"))
    assert errors["stars"] == ["Hạng sao phải là 3, 4 hoặc 5."]


def test_stars_are_optional_for_recognitions_and_refused_where_meaningless(plan):
    target = add(
        plan, kind=TargetKind.RECOGNITIONS_NEW, description="công nhận mới 53 sản phẩm", target_value=53
    )
    assert target.stars is None
    add(plan, kind=TargetKind.RECOGNITIONS_NEW, stars=4, description="mới 4 sao", target_value=5)
    errors = errors_of(lambda: add(plan, kind=TargetKind.POINTS_OF_SALE, stars=4, description="điểm bán"))
    assert "không tính theo hạng sao" in errors["stars"][0]


def test_a_share_of_producers_by_type_needs_the_type(plan):
    errors = errors_of(
        lambda: add(plan, kind=TargetKind.PRODUCER_TYPE_SHARE, description="40% HTX", target_value=40)
    )
    assert "loại hình chủ thể" in errors["producer_type"][0]
    target = add(
        plan,
        kind=TargetKind.PRODUCER_TYPE_SHARE,
        producer_type="cooperative",
        description="40% HTX",
        target_value=40,
    )
    assert target.producer_type == "cooperative"


def test_percentages_stay_within_100_and_values_are_positive(plan):
    errors = errors_of(lambda: add(plan, kind=TargetKind.SME_SHARE, description="DNNVV", target_value=130))
    assert "không quá 100" in errors["target_value"][0]
    errors = errors_of(lambda: add(plan, description="không", target_value=0))
    assert errors["target_value"] == ["Giá trị chỉ tiêu phải lớn hơn 0."]


def test_a_plan_cannot_hold_the_same_target_twice(plan):
    add(plan)
    errors = errors_of(lambda: add(plan, description="240 SẢN PHẨM đến hết 2025"))
    assert "đã có chỉ tiêu" in errors["description"][0]


def test_a_manual_value_is_recorded_with_its_source_and_audited(plan, can_tho_officer):
    target = add(
        plan,
        kind=TargetKind.OFFICIALS_TRAINED_SHARE,
        description="50% cán bộ OCOP được tập huấn",
        target_value=50,
    )
    services.target_set_manual_value(
        actor=can_tho_officer, target=target, value=Decimal("35.5"), source="Báo cáo 6 tháng 2024"
    )
    target.refresh_from_db()
    assert target.manual_value == Decimal("35.50")
    assert target.manual_source == "Báo cáo 6 tháng 2024"
    entry = AuditEntry.objects.get(action="programme.target_manual_value")
    assert entry.details["value"] == "35.50"


def test_a_manual_value_needs_a_source_and_a_share_at_most_100(plan):
    target = add(
        plan, kind=TargetKind.OFFICIALS_TRAINED_SHARE, description="đào tạo 100% cán bộ", target_value=100
    )
    errors = errors_of(
        lambda: services.target_set_manual_value(actor="t", target=target, value=90, source="")
    )
    assert "nguồn số liệu" in errors["manual_source"][0]
    errors = errors_of(
        lambda: services.target_set_manual_value(actor="t", target=target, value=120, source="BC")
    )
    assert "không quá 100" in errors["manual_value"][0]
    target.refresh_from_db()
    assert target.manual_value is None


def test_a_target_computed_from_the_registry_refuses_a_manual_value(plan):
    target = add(plan)
    errors = errors_of(
        lambda: services.target_set_manual_value(actor="t", target=target, value=200, source="BC")
    )
    assert "tính tự động từ cơ sở dữ liệu" in errors["manual_value"][0]
    errors = errors_of(lambda: add(plan, description="khác", manual_value=5, manual_source="BC"))
    assert "không nhập kết quả bằng tay" in errors["manual_value"][0]


def test_updating_a_target_to_a_computed_kind_drops_its_manual_value(plan, can_tho_officer):
    target = add(plan, kind=TargetKind.OTHER, description="chỉ tiêu khác", manual_value=3, manual_source="BC")
    services.target_update(actor=can_tho_officer, target=target, kind=TargetKind.PRODUCTS_TOTAL)
    target.refresh_from_db()
    assert target.manual_value is None and target.manual_source == ""
    assert AuditEntry.objects.filter(action="programme.target_update", object_id=str(plan.pk)).exists()


def test_removing_a_target_is_audited_on_its_plan(plan, can_tho_officer):
    target = add(plan)
    services.target_remove(actor=can_tho_officer, target=target)
    assert not Target.objects.exists()
    entry = AuditEntry.objects.get(action="programme.target_remove")
    assert entry.details["target"] == "240 sản phẩm đến hết 2025"
