"""Targets measured on the activity records: "≥ 40 % of producers on modern channels" (Long An's and
Cà Mau's plans) shows the share computed from the channel records, and its status."""

import datetime

import pytest

from conftest import current_province, legacy_province
from ocop.activities import services
from ocop.activities.models import ChannelKind, SalesChannel
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


def modern_producers_on(producers, day) -> set:
    """Producers with a channel of a modern kind (e-commerce, own website, modern retail — the plans'
    "kênh bán hàng hiện đại") running on `day`, counted here from the records without the
    statistics service."""
    return {
        producer
        for producer, kind, start, end in SalesChannel.objects.filter(producer__in=producers).values_list(
            "producer", "kind", "started_on", "ended_on"
        )
        if kind in ("ecommerce", "website", "modern_retail")
        and (start is None or start <= day)
        and (end is None or end >= day)
    }


def shown(pct: float) -> str:
    """A share as the plan page writes it: 34,3% (35% when whole)."""
    return (f"{pct:.0f}" if float(pct).is_integer() else f"{pct:.1f}".replace(".", ",")) + "%"


def target_row(client, plan, target, as_of) -> str:
    html = client.get(f"/targets/{plan.pk}/", {"as_of": as_of.isoformat()}).content.decode()
    return html.split(f'id="target-{target.pk}"', 1)[1].split("</tr>", 1)[0]


def test_a_modern_channel_target_shows_the_share_of_producers_from_the_channel_records(
    demo, client, central_officer
):
    long_an = legacy_province(80)
    end = D(2024, 12, 31)
    plan = programme.plan_create(
        actor="test",
        name="Kế hoạch OCOP năm 2024",
        unit=long_an,
        period_start=D(2024, 1, 1),
        period_end=end,
    )
    target = programme.target_add(
        actor="test",
        plan=plan,
        kind=TargetKind.MODERN_CHANNEL_SHARE,
        description="Có ít nhất 40% chủ thể OCOP tham gia vào các kênh bán hàng hiện đại",
        target_value=40,
    )
    ocop = ocop_producers_of(long_an, end)
    on_modern = modern_producers_on(ocop, end)
    expected = round(100 * len(on_modern) / len(ocop), 1)
    assert 0 < expected < 40
    progress = target_progress(target, as_of=D(2025, 3, 1))
    assert progress.value == expected
    assert progress.status == NOT_REACHED
    client.force_login(central_officer)
    row = target_row(client, plan, target, D(2025, 3, 1))
    assert shown(expected) in row and "Không đạt" in row

    # Export markets are not modern channels: recording some moves nothing.
    outside = sorted(ocop - on_modern)
    for producer in Producer.objects.filter(pk__in=outside[:5]):
        services.channel_create(actor="test", producer=producer, kind=ChannelKind.EXPORT, country="Nhật Bản")
    assert target_progress(target, as_of=D(2025, 3, 1)).value == expected

    # Record supermarket listings for enough producers to pass 40 %: the target is reached.
    missing = outside[: int(0.41 * len(ocop)) - len(on_modern) + 1]
    for producer in Producer.objects.filter(pk__in=missing):
        services.channel_create(
            actor="test", producer=producer, kind=ChannelKind.MODERN_RETAIL, retailer="Co.opmart"
        )
    reached = round(100 * (len(on_modern) + len(missing)) / len(ocop), 1)
    progress = target_progress(target, as_of=D(2025, 3, 1))
    assert progress.value == share_pct(len(on_modern) + len(missing), len(ocop)) == reached >= 40
    assert progress.status == REACHED
    row = target_row(client, plan, target, D(2025, 3, 1))
    assert shown(reached) in row and "Đạt" in row and "Không đạt" not in row


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
