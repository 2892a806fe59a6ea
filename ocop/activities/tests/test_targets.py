"""Targets measured on the activity records: "≥ 40 % of producers on modern channels" (Long An's and
Cà Mau's plans) shows the share computed from the channel records, and its status."""

import datetime

import pytest

from conftest import current_province, legacy_province
from ocop.activities import services
from ocop.activities.models import MODERN_KINDS, ChannelKind, SalesChannel
from ocop.certification.models import Certificate
from ocop.certification.selectors import status_q
from ocop.programme import services as programme
from ocop.programme.models import TargetKind
from ocop.registry.models import Producer
from ocop.reporting.progress import NOT_REACHED, REACHED, target_progress
from ocop.reporting.stats import share_pct

D = datetime.date
pytestmark = pytest.mark.django_db


def ocop_producers_of(province, on):
    return set(
        Certificate.objects.filter(status_q("valid", on), legacy_province=province).values_list(
            "producer", flat=True
        )
    )


def test_a_modern_channel_target_shows_the_share_of_producers_from_the_channel_records(demo):
    long_an = legacy_province(80)
    plan = programme.plan_create(
        actor="test",
        name="Kế hoạch OCOP năm 2024",
        unit=long_an,
        period_start=D(2024, 1, 1),
        period_end=D(2024, 12, 31),
    )
    target = programme.target_add(
        actor="test",
        plan=plan,
        kind=TargetKind.MODERN_CHANNEL_SHARE,
        description="Có ít nhất 40% chủ thể OCOP tham gia vào các kênh bán hàng hiện đại",
        target_value=40,
    )
    ocop = ocop_producers_of(long_an, D(2024, 12, 31))
    on_modern = set(
        SalesChannel.objects.filter(
            kind__in=MODERN_KINDS, producer__in=ocop, started_on__lte=D(2024, 12, 31)
        ).values_list("producer", flat=True)
    )
    expected = share_pct(len(on_modern), len(ocop))
    assert 0 < expected < 40
    progress = target_progress(target, as_of=D(2025, 3, 1))
    assert progress.value == expected
    assert progress.status == NOT_REACHED

    # Record supermarket listings for enough producers to pass 40 %: the target is reached.
    missing = sorted(ocop - on_modern)[: int(0.41 * len(ocop)) - len(on_modern) + 1]
    for producer in Producer.objects.filter(pk__in=missing):
        services.channel_create(
            actor="test", producer=producer, kind=ChannelKind.MODERN_RETAIL, retailer="Co.opmart"
        )
    progress = target_progress(target, as_of=D(2025, 3, 1))
    assert progress.value == share_pct(len(on_modern) + len(missing), len(ocop)) >= 40
    assert progress.status == REACHED


def test_training_and_funding_targets_read_the_records(demo):
    cao_bang = legacy_province(4)
    plan = programme.plan_create(
        actor="test", name="KH 2024", unit=cao_bang, period_start=D(2024, 1, 1), period_end=D(2024, 12, 31)
    )
    funding = programme.target_add(
        actor="test",
        plan=plan,
        kind=TargetKind.FUNDING_TOTAL,
        description="Huy động 5.000 triệu",
        target_value=5000,
    )
    assert target_progress(funding, as_of=D(2024, 12, 31)).value == 5400.0
    assert target_progress(funding, as_of=D(2024, 12, 31)).status == REACHED


def test_the_demo_plans_measure_their_activity_targets(demo):
    from ocop.demo.plans import load_demo_plans
    from ocop.programme.models import Plan
    from ocop.reporting.progress import NO_DATA, plan_progress

    load_demo_plans()
    soc_trang = Plan.objects.get(unit=legacy_province(94), period_start=D(2023, 1, 1))
    progress = {p.target.kind: p for p in plan_progress(soc_trang, as_of=D(2025, 6, 30))}
    assert progress[TargetKind.CRAFT_VILLAGES_SHARE].status == NO_DATA
    assert progress[TargetKind.ONLINE_CHANNEL_SHARE].value > 0
    cao_bang = Plan.objects.filter(unit=current_province(4), targets__kind=TargetKind.POINTS_OF_SALE).get()
    points = next(
        p
        for p in plan_progress(cao_bang, as_of=D(2024, 12, 31))
        if p.target.kind == TargetKind.POINTS_OF_SALE
    )
    assert points.value == 1.0
