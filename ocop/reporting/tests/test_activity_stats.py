"""The `activities` block of the statistics: every figure for a small Cần Thơ, and a query count that
does not grow with the records (the block is counted in SQL, not row by row)."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ocop.activities import services
from ocop.certification.services import certificate_issue
from ocop.geo.models import AdminUnit
from ocop.registry.tests.factories import ProducerFactory, ProductFactory
from ocop.reporting.stats import Place, activity_stats

pytestmark = pytest.mark.django_db
D = datetime.date
AS_OF = D(2026, 6, 30)
PERIOD = {"as_of": AS_OF, "date_from": D(2026, 1, 1), "date_to": AS_OF}
ORGANISER = "Sở Nông nghiệp và Môi trường"
ISSUER = "Chủ tịch UBND thành phố"


def certified(producer, number: str):
    product = ProductFactory(producer=producer)
    certificate_issue(
        actor="test", product=product, stars=3, decision_number=number, decision_date=D(2025, 3, 1)
    )
    return product


def record_activities(province, commune, copy: int) -> dict:
    """One of each activity in `province`: two OCOP producers (a, b), one without a certificate."""
    a = ProducerFactory(province=province, commune=commune, name=f"HTX Phong Điền {copy}")
    b = ProducerFactory(province=province, commune=commune, name=f"Công ty Cái Răng {copy}")
    plain = ProducerFactory(province=province, commune=commune, name=f"Hộ Ninh Kiều {copy}")
    rice = certified(a, f"{copy}a/QĐ")
    certified(b, f"{copy}b/QĐ")
    plain_product = ProductFactory(producer=plain)
    channel = {"actor": "test", "started_on": D(2025, 1, 1)}
    services.channel_create(**channel, producer=a, product=rice, kind="ecommerce", platform="shopee")
    services.channel_create(**channel, producer=a, product=rice, kind="ecommerce", platform="lazada")
    services.channel_create(**channel, producer=plain, kind="ecommerce", platform="shopee")
    services.channel_create(**channel, producer=b, kind="modern_retail", retailer="Co.opmart")
    services.channel_create(  # ended before the date: not counted
        **channel, producer=b, kind="export", country="Nhật Bản", ended_on=D(2026, 3, 1)
    )
    point = {"actor": "test", "commune": commune, "opened_on": D(2025, 5, 1)}
    services.point_of_sale_create(**point, name=f"Điểm OCOP {copy}", kind="point", status="active")
    services.point_of_sale_create(
        **point, name=f"Cửa hàng {copy}", kind="shop", status="closed", closed_on=D(2026, 2, 1)
    )
    services.event_create(
        actor="test",
        province=province,
        name=f"Hội chợ OCOP {copy}",
        kind="fair",
        start_date=D(2026, 4, 2),
        location="in_province",
        revenue=Decimal("10.5"),
        contracts=2,
        producers=[a, plain],
    )
    services.event_create(
        actor="test",
        province=province,
        name=f"Triển lãm {copy}",
        kind="exhibition",
        start_date=D(2026, 5, 10),
        location="abroad",
        country="Nhật Bản",
        producers=[a],
    )
    services.event_create(  # before the period
        actor="test",
        province=province,
        name="Hội chợ 2025",
        kind="fair",
        start_date=D(2025, 12, 1),
        location="in_province",
        producers=[b],
    )
    training = services.training_class_create(
        actor="test", province=province, topic="Bồi dưỡng OCOP", organiser=ORGANISER, start_date=D(2026, 3, 3)
    )
    services.participants_add(
        actor="test",
        training=training,
        participants=[
            {"kind": "producer", "producer": a},
            {"kind": "producer", "producer": plain},
            {"kind": "producer", "producer": b, "attended": False},
            {"kind": "official", "name": "Nguyễn Văn An", "organisation": "UBND xã"},
            {"kind": "official", "name": " nguyễn văn an ", "organisation": "ubnd xã"},
        ],
    )
    services.funding_create(actor="test", province=province, year=2026, source="local", amount=Decimal("100"))
    services.support_create(
        actor="test", producer=a, kind="packaging", date=D(2026, 2, 1), amount=Decimal("12.5")
    )
    services.support_create(actor="test", producer=plain, kind="packaging", date=D(2026, 2, 2))
    services.support_create(actor="test", producer=b, kind="logo", date=D(2026, 2, 3), amount=Decimal("3"))
    chain = {"actor": "test", "started_on": D(2025, 1, 1)}
    services.value_chain_create(**chain, producer=a, name="Chuỗi lúa gạo", circular=True)
    services.value_chain_create(**chain, producer=plain, name="Chuỗi rau", circular=True)
    services.value_chain_create(**chain, producer=b, name="Chuỗi bánh", circular=False)
    services.craft_village_create(actor="test", province=province, name=f"Làng bánh {copy}", products=[rice])
    services.craft_village_create(
        actor="test", province=province, name=f"Làng rau {copy}", products=[plain_product]
    )
    commendation = {"actor": "test", "province": province, "date": D(2026, 1, 20)}
    services.commendation_create(
        **commendation,
        recipient=a.name,
        recipient_kind="collective",
        producer=a,
        form="Bằng khen",
        issuer=ISSUER,
    )
    services.commendation_create(
        **commendation,
        recipient="Nguyễn Thị Ba",
        recipient_kind="individual",
        form="Bằng khen",
        issuer=ISSUER,
    )
    services.commendation_create(
        **commendation,
        recipient="Trần Văn Tư",
        recipient_kind="individual",
        form="Giấy khen",
        issuer="Giám đốc Sở",
    )
    return {"a": a, "rice": rice, "commune": commune}


def test_every_activity_figure_of_a_province_is_counted_once_and_only_when_it_applies(
    can_tho, can_tho_commune
):
    made = record_activities(can_tho, can_tho_commune, 1)
    # An OCOP producer of another province on a channel: not one of Cần Thơ's.
    elsewhere = ProducerFactory(province=AdminUnit.objects.get(scheme="current", level="province", code=80))
    certified(elsewhere, "9/QĐ")
    services.channel_create(actor="test", producer=elsewhere, kind="ecommerce", platform="tiki")

    block = activity_stats(Place(scheme="current", unit=can_tho), **PERIOD)

    channels = block["channels"]
    assert channels["ocop_producers"] == 2
    assert channels["listings"] == 4
    assert channels["producers_with_channels"] == 3
    assert channels["by_kind"] == {
        "ecommerce": {"producers": 1, "share_pct": 50.0},
        "website": {"producers": 0, "share_pct": 0.0},
        "modern_retail": {"producers": 1, "share_pct": 50.0},
        "export": {"producers": 0, "share_pct": 0.0},
    }
    assert channels["online"] == {"producers": 1, "share_pct": 50.0}
    assert channels["modern"] == {"producers": 2, "share_pct": 100.0}
    assert channels["by_platform"] == {"shopee": 2, "lazada": 1}
    assert channels["ecommerce_platforms"] == ["Shopee", "Lazada"]
    assert channels["ecommerce_sellers"] == [
        {"producer": "HTX Phong Điền 1", "commune": can_tho_commune.name, "products": [made["rice"].name]}
    ]
    points = block["points_of_sale"]
    assert (points["total"], points["by_kind"], points["units_with_points"]) == (1, {"point": 1}, 1)
    assert points["by_unit"] == [
        {"code": can_tho_commune.code_str, "name": can_tho_commune.name, "points": 1}
    ]
    assert points["child_units"] == AdminUnit.objects.filter(scheme="current", parent=can_tho).count()
    assert block["events"] == {
        "total": 2,
        "by_location": {"in_province": 1, "other_province": 0, "abroad": 1},
        "by_kind": {"fair": 1, "exhibition": 1},
        "producer_participations": 3,
        "producers": 2,
        "revenue_million": 10.5,
        "contracts": 2,
    }
    assert block["training"] == {
        "classes": 1,
        "producer_participations": 2,
        "ocop_producer_participations": 1,
        "official_participations": 2,
        "producers_trained": 2,
        "officials_trained": 1,
        "ocop_producers_trained": {"producers": 1, "share_pct": 50.0},
        "by_organiser": {ORGANISER: {"classes": 1, "producer_participations": 2, "ocop_participations": 1}},
    }
    assert block["funding"]["total_million"] == 100.0
    assert block["funding"]["by_source_million"]["local"] == 100.0
    assert block["support"] == {
        "total": 3,
        "producers": 3,
        "amount_million": 15.5,
        "by_kind": {
            "packaging": {"count": 2, "amount_million": 12.5},
            "logo": {"count": 1, "amount_million": 3.0},
        },
    }
    assert block["value_chains"] == {
        "producers": 2,
        "share_pct": 100.0,
        "circular": {"producers": 1, "share_pct": 50.0},
    }
    assert block["craft_villages"] == {"total": 2, "with_ocop_product": 1, "share_pct": 50.0}
    assert block["commendations"] == {
        "total": 3,
        "collective": 1,
        "individual": 2,
        "by_issuer": [
            {"issuer": ISSUER, "form": "Bằng khen", "collective": 1, "individual": 1},
            {"issuer": "Giám đốc Sở", "form": "Giấy khen", "collective": 0, "individual": 1},
        ],
    }


def queries_of(place) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as captured:
        block = activity_stats(place, **PERIOD)
    return len(captured.captured_queries), block


@pytest.mark.parametrize("where", ["province", "commune", "country"])
def test_the_activities_block_takes_the_same_few_queries_however_many_records_there_are(
    can_tho, can_tho_commune, where
):
    place = {
        "province": Place(scheme="current", unit=can_tho),
        "commune": Place(scheme="current", unit=can_tho_commune),
        "country": Place(scheme="current"),
    }[where]
    record_activities(can_tho, can_tho_commune, 1)
    few, block = queries_of(place)
    assert block["channels"]["listings"] == 4

    for copy in range(2, 6):
        record_activities(can_tho, can_tho_commune, copy)
    many, block = queries_of(place)

    assert block["channels"]["listings"] == 20
    assert block["channels"]["ocop_producers"] == 10
    assert block["support"]["total"] == 15
    assert block["value_chains"]["producers"] == 10
    assert many == few <= 13
