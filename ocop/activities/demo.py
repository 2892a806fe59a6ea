"""Demonstration activities (issue 11), loaded after the demonstration registry.

- Cao Bằng 2024, from the province's report of 07/08/2024 (seed 003): three training classes of
  the provincial office with 136 participations of producers holding a valid certificate, the
  producers trading on Shopee, Lazada, 24/7, Post Mart and Voso — eight producers of the registry
  renamed to the report's names (3 HTX, 2 companies, 3 households with the products it names) —
  5.400 triệu đồng mobilised in 2024 (one record: the report gives no breakdown by source), the
  Cao Bằng tourism day in Hà Nội and the provincial OCOP fair.
  Not in the report, hence illustrative: which producer sells on which platform, the classes'
  dates and the split of the 136 participations (46 + 45 + 45), the events' dates.
- Sales channels for the producers of the other seed provinces (Long An, Cà Mau, Sóc Trăng and
  their neighbours), drawn with a fixed seed; Cà Mau's 8 collectives and 10 individuals commended
  by the Chairman of the province on 23/01/2025 (seed 000), a few points of sale and support
  records. Listing addresses are left empty rather than invented.

Every record goes through the services (audited as the actor "demo"). Running it again does
nothing once the marker audit entry exists.
"""

import datetime
import random

from django.db import transaction

from ocop.activities import services
from ocop.activities.models import (
    ChannelKind,
    CommendationRecipient,
    EventKind,
    EventLocation,
    FundingSource,
    ParticipantKind,
    Platform,
    PointKind,
    PointStatus,
    SupportKind,
)
from ocop.core.audit import audit_log
from ocop.core.models import AuditEntry
from ocop.geo.models import AdminUnit
from ocop.registry import services as registry_services
from ocop.registry.models import Producer, ProducerType, Product

MARKER_ACTION = "demo.activities_loaded"
D = datetime.date
ACTOR = "demo"

# Cao Bằng (seed 003): the producers named as trading on e-commerce platforms, in the report's
# order, with the products named in brackets, and the platforms (illustrative) of each.
CAO_BANG_SELLERS = [
    (ProducerType.COOPERATIVE, "HTX nông nghiệp ba sạch Hưng Đạo", None, [Platform.SHOPEE, Platform.LAZADA]),
    (ProducerType.COOPERATIVE, "HTX Tâm Hòa", None, [Platform.SHOPEE, Platform.POSTMART]),
    (ProducerType.COOPERATIVE, "HTX nông nghiệp Yên Công", None, [Platform.LAZADA, Platform.SAN_247]),
    (ProducerType.ENTERPRISE, "Công ty TNHH Cao Tuyền", None, [Platform.SHOPEE, Platform.VOSO]),
    (
        ProducerType.ENTERPRISE,
        "Công ty TNHH sản xuất và thương mại Phan Hoàng",
        None,
        [Platform.POSTMART, Platform.VOSO],
    ),
    (ProducerType.HOUSEHOLD, "Hộ kinh doanh Sơn Tòng", "Bánh khảo Sơn Tòng", [Platform.POSTMART]),
    (ProducerType.HOUSEHOLD, "Hộ kinh doanh Tô Ái Thương", "bún màu", [Platform.VOSO]),
    (ProducerType.HOUSEHOLD, "Hộ kinh doanh Phạm Thị Ngợi", "Nấm hương", [Platform.POSTMART]),
]
CAO_BANG_CLASSES = [
    (D(2024, 4, 16), D(2024, 4, 17), 46),
    (D(2024, 5, 14), D(2024, 5, 15), 45),
    (D(2024, 6, 11), D(2024, 6, 12), 45),
]
CLASS_TOPIC = "Bồi dưỡng kiến thức cho các chủ thể tham gia Chương trình OCOP năm 2024"
OFFICE = "Văn phòng điều phối nông thôn mới tỉnh"
RETAILERS = [
    "Co.opmart",
    "WinMart",
    "Bách hóa Xanh",
    "Lotte Mart",
    "MM Mega Market",
    "Circle K",
    "FamilyMart",
]
COUNTRIES = ["Nhật Bản", "Hàn Quốc", "Hoa Kỳ", "Úc", "Đài Loan", "Singapore"]
PLATFORMS = [
    Platform.SHOPEE,
    Platform.LAZADA,
    Platform.TIKI,
    Platform.TIKTOK,
    Platform.POSTMART,
    Platform.VOSO,
]
# Legacy provinces of the other seeds (and their neighbours) with channels: code → chance that an
# OCOP producer sells on e-commerce, in modern retail.
CHANNEL_PROVINCES = {80: (0.28, 0.12), 96: (0.35, 0.15), 94: (0.4, 0.2), 93: (0.3, 0.1), 95: (0.3, 0.1)}
CHANNEL_PROVINCES |= {82: (0.3, 0.15), 92: (0.45, 0.25)}


def _province(code: int, scheme: str = "legacy") -> AdminUnit:
    return AdminUnit.objects.get(scheme=scheme, level="province", code=code)


def _certified_through(queryset, start: datetime.date, end: datetime.date):
    """Producers with a product certified over the whole of [start, end], by the certificates the
    registry's products carry (read through the relation: this app does not import certification)."""
    return queryset.filter(
        products__certificates__valid_from__lte=start,
        products__certificates__valid_until__gte=end,
        products__certificates__revoked_on__isnull=True,
    ).distinct()


def _certified_product(producer: Producer, start: datetime.date, end: datetime.date) -> Product | None:
    return (
        producer.products.filter(
            certificates__valid_from__lte=start,
            certificates__valid_until__gte=end,
            certificates__revoked_on__isnull=True,
        )
        .order_by("pk")
        .first()
    )


def load_cao_bang_2024(rng: random.Random) -> dict:
    province = _province(4)
    producers = _certified_through(
        Producer.objects.filter(legacy_province=province), D(2024, 3, 1), D(2024, 12, 31)
    )
    producers = list(producers.order_by("pk"))
    if len(producers) < 46:
        return {"cao_bang": "skipped: the registry demo has too few certified producers"}
    # The sellers: registry producers of the right type renamed to the report's names.
    used = set()
    for producer_type, name, product_name, platforms in CAO_BANG_SELLERS:
        producer = next(p for p in producers if p.producer_type == producer_type and p.pk not in used)
        used.add(producer.pk)
        registry_services.producer_update(actor=ACTOR, producer=producer, name=name)
        product = None
        if product_name:
            product = _certified_product(producer, D(2024, 3, 1), D(2024, 12, 31))
            registry_services.product_update(actor=ACTOR, product=product, name=product_name)
        for index, platform in enumerate(platforms):
            services.channel_create(
                actor=ACTOR,
                producer=producer,
                product=product,
                kind=ChannelKind.ECOMMERCE,
                platform=platform,
                started_on=D(2023, 3 + 2 * index, 1),
            )
    # Three classes of the provincial office, 136 participations of certified producers.
    for number, (start, end, size) in enumerate(CAO_BANG_CLASSES, 1):
        training = services.training_class_create(
            actor=ACTOR,
            legacy_province=province,
            topic=f"{CLASS_TOPIC} (lớp {number:02d})",
            start_date=start,
            end_date=end,
            venue="Thành phố Cao Bằng",
            organiser=OFFICE,
        )
        chosen = rng.sample(producers, size)
        services.participants_add(
            actor=ACTOR,
            training=training,
            participants=[{"kind": ParticipantKind.PRODUCER, "producer": p} for p in chosen],
        )
    services.funding_create(
        actor=ACTOR,
        legacy_province=province,
        year=2024,
        source=FundingSource.OTHER,
        amount=5400,
        purpose="Tổng nguồn lực huy động thực hiện Chương trình OCOP năm 2024 "
        "(báo cáo không tách theo nguồn)",
    )
    hanoi = AdminUnit.objects.filter(scheme="legacy", level="province", code=1).first()
    services.event_create(
        actor=ACTOR,
        legacy_province=province,
        name="Ngày hội Du lịch Non nước Cao Bằng tại Hà Nội",
        kind=EventKind.WEEK,
        start_date=D(2024, 3, 22),
        end_date=D(2024, 3, 24),
        location=EventLocation.OTHER_PROVINCE,
        host_province=hanoi,
        venue="Hà Nội",
        organiser="UBND tỉnh Cao Bằng",
        producers=rng.sample(producers, 12),
    )
    services.event_create(
        actor=ACTOR,
        legacy_province=province,
        name="Hội chợ xúc tiến thương mại sản phẩm OCOP tỉnh Cao Bằng năm 2024",
        kind=EventKind.FAIR,
        start_date=D(2024, 11, 20),
        end_date=D(2024, 11, 24),
        location=EventLocation.IN_PROVINCE,
        venue="Thành phố Cao Bằng",
        organiser="Sở Công Thương tỉnh Cao Bằng",
        producers=rng.sample(producers, 30),
    )
    return {"cao_bang": "loaded"}


def load_channels(rng: random.Random) -> int:
    """Channels for the OCOP producers of the other seed provinces (illustrative, fixed seed)."""
    count = 0
    for code, (online, modern) in CHANNEL_PROVINCES.items():
        province = AdminUnit.objects.filter(scheme="legacy", level="province", code=code).first()
        if province is None:
            continue
        producers = Producer.objects.filter(legacy_province=province, products__certificates__isnull=False)
        for producer in producers.distinct().order_by("pk"):
            started = D(2021 + rng.randrange(4), rng.randrange(1, 13), 1)
            if rng.random() < online:
                for platform in rng.sample(PLATFORMS, rng.choice([1, 1, 2, 3])):
                    services.channel_create(
                        actor=ACTOR,
                        producer=producer,
                        kind=ChannelKind.ECOMMERCE,
                        platform=platform,
                        started_on=started,
                    )
                    count += 1
            if rng.random() < modern:
                services.channel_create(
                    actor=ACTOR,
                    producer=producer,
                    kind=ChannelKind.MODERN_RETAIL,
                    retailer=rng.choice(RETAILERS),
                    started_on=started,
                )
                count += 1
            if producer.producer_type == ProducerType.ENTERPRISE and rng.random() < 0.15:
                services.channel_create(
                    actor=ACTOR,
                    producer=producer,
                    kind=ChannelKind.EXPORT,
                    country=rng.choice(COUNTRIES),
                    started_on=started,
                )
                count += 1
    return count


def load_others(rng: random.Random) -> None:
    ca_mau = _province(96)
    producers = list(
        _certified_through(Producer.objects.filter(legacy_province=ca_mau), D(2024, 12, 31), D(2025, 1, 23))
        .order_by("pk")
        .distinct()
    )
    for index, producer in enumerate(producers[:18]):
        collective = index < 8
        services.commendation_create(
            actor=ACTOR,
            legacy_province=ca_mau,
            recipient=producer.name if collective else (producer.representative or producer.name),
            recipient_kind=CommendationRecipient.COLLECTIVE
            if collective
            else CommendationRecipient.INDIVIDUAL,
            producer=producer,
            form="Bằng khen",
            issuer="Chủ tịch UBND tỉnh",
            date=D(2025, 1, 23),
            reason="đã có thành tích xuất sắc trong triển khai chương trình mỗi xã một sản phẩm",
        )
    # A point of sale in each of a few seed provinces, carrying some of its certified products.
    for code, name, opened in [
        (94, "Điểm giới thiệu và bán sản phẩm OCOP tỉnh Sóc Trăng", D(2023, 5, 19)),
        (80, "Trung tâm trưng bày, giới thiệu sản phẩm OCOP tỉnh Long An", D(2022, 9, 9)),
        (4, "Cửa hàng giới thiệu sản phẩm OCOP và đặc sản Cao Bằng", D(2023, 10, 2)),
    ]:
        province = _province(code)
        products = Product.objects.filter(producer__legacy_province=province, certificates__isnull=False)
        services.point_of_sale_create(
            actor=ACTOR,
            legacy_province=province,
            name=name,
            kind=PointKind.SHOWROOM if "Trung tâm" in name else PointKind.POINT,
            operator="Sở Nông nghiệp và Phát triển nông thôn",
            opened_on=opened,
            status=PointStatus.ACTIVE,
            products=list(products.distinct().order_by("pk")[:20]),
        )
    # Long An 2024: packaging and traceability stamps (its plan's support lines), no amounts known.
    long_an = _province(80)
    certified = _certified_through(
        Producer.objects.filter(legacy_province=long_an), D(2024, 6, 30), D(2024, 6, 30)
    )
    for producer in rng.sample(list(certified.order_by("pk")), 12):
        services.support_create(
            actor=ACTOR,
            producer=producer,
            kind=rng.choice(
                [SupportKind.PACKAGING, SupportKind.TRACEABILITY, SupportKind.LOGO, SupportKind.EQUIPMENT]
            ),
            date=D(2024, rng.randrange(3, 12), rng.randrange(1, 28)),
            source=FundingSource.LOCAL,
        )


def load_activities_demo(*, seed: int = 2026, stdout=None) -> dict:
    """Load the demonstration activities once (see the module docstring)."""
    say = stdout.write if stdout is not None else (lambda message: None)
    if AuditEntry.objects.filter(action=MARKER_ACTION).exists():
        say("Đã có dữ liệu hoạt động mẫu: bỏ qua.")
        return {"skipped": True}
    if not Producer.objects.filter(legacy_province__code=4, legacy_province__scheme="legacy").exists():
        say("Chưa có sổ đăng ký mẫu: bỏ qua dữ liệu hoạt động mẫu.")
        return {"skipped": True}
    rng = random.Random(seed)
    with transaction.atomic():
        result = load_cao_bang_2024(rng)
        result["channels"] = load_channels(rng)
        load_others(rng)
        audit_log(actor=ACTOR, action=MARKER_ACTION, **{k: str(v) for k, v in result.items()})
    say(
        f"Hoạt động mẫu: Cao Bằng 2024 ({result['cao_bang']}), "
        f"{result['channels']} kênh bán hàng ở các tỉnh khác."
    )
    return {"skipped": False, **result}
