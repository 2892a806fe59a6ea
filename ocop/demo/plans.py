"""The plans and targets the seed reports state, so /targets/ shows real progress in the demo.

Each plan is written against the province as the report named it (the legacy province for
reports before the 2025 reform), with the report's own wording; values are the reports' figures.
Everything goes through the programme services, and a second run changes nothing (a plan with
the same unit, name and period is reused, a target with the same wording skipped).

Readings of the reports:
- Cà Mau 2025 (report of 23/01/2025): "240 products by the end of 2025" is the stock of valid
  products from 3★; "at least 40 new 3–4★ products in 2025" counts new recognitions in 2025.
- Cà Mau 2020 (the provincial scheme's 2020 objectives): two 5★ and at least ten 3–4★ products
  are products recognised in the year at their stars; 25 standardised products are recognitions
  of 2020; 22 economic organisations and the training share have no registry figure (manual).
- Sóc Trăng 2023–2025 (conference of 13/12/2022): 200 products from 3★ valid at the end of 2025,
  6 of them 5★ (the report says 6–7: the lower bound), half of the rated products re-rated.
- Cao Bằng (report of 07/08/2024): the 2021–2025 target of ten 4★ products, and the second half
  of 2024: about 30 new products, 4 points of sale.
- Long An 2025 (report of 06/02/2025): 65 recognitions from 3★ — 53 new, 11 renewed, 1 upgraded.
"""

import datetime
from dataclasses import dataclass, field

from django.db import transaction

from ocop.geo.models import AdminUnit, Level, Scheme
from ocop.programme.models import Plan, TargetKind
from ocop.programme.services import plan_create, same_plan, same_target, target_add
from ocop.registry.models import ProducerType

D = datetime.date
ACTOR = "demo"


@dataclass(frozen=True)
class SeedTarget:
    kind: str
    description: str
    value: float
    stars: int | None = None
    producer_type: str = ""


@dataclass(frozen=True)
class SeedPlan:
    scheme: str
    province_code: int
    name: str
    start: datetime.date
    end: datetime.date
    reference: str
    targets: list[SeedTarget] = field(default_factory=list)


K = TargetKind
SEED_PLANS = [
    SeedPlan(
        Scheme.LEGACY,
        96,
        "Kế hoạch thực hiện Chương trình OCOP tỉnh Cà Mau năm 2025",
        D(2025, 1, 1),
        D(2025, 12, 31),
        "Hội nghị đánh giá kết quả Chương trình OCOP, 23/01/2025",
        [
            SeedTarget(K.PRODUCTS_TOTAL, "Tổng số sản phẩm được công nhận OCOP đạt 240 sản phẩm", 240),
            SeedTarget(K.RECOGNITIONS_NEW, "Đánh giá, công nhận mới ít nhất 40 sản phẩm đạt 3-4 sao", 40),
            SeedTarget(
                K.PRODUCER_TYPE_SHARE,
                "Ít nhất 20% chủ thể OCOP là hợp tác xã",
                20,
                producer_type=ProducerType.COOPERATIVE,
            ),
            SeedTarget(K.SME_SHARE, "10% chủ thể là doanh nghiệp nhỏ và vừa", 10),
            SeedTarget(
                K.MODERN_CHANNEL_SHARE,
                "Ít nhất 40% chủ thể OCOP tham gia các kênh bán hàng hiện đại",
                40,
            ),
        ],
    ),
    SeedPlan(
        Scheme.LEGACY,
        96,
        "Mục tiêu năm 2020 của Đề án OCOP tỉnh Cà Mau",
        D(2020, 1, 1),
        D(2020, 12, 31),
        "Đề án Chương trình OCOP tỉnh Cà Mau",
        [
            SeedTarget(K.PRODUCTS_RECOGNISED, "Tiêu chuẩn hóa ít nhất 25 sản phẩm, dịch vụ hiện có", 25),
            SeedTarget(K.PRODUCTS_STARS, "Công nhận 2 sản phẩm OCOP đạt hạng 5 sao", 2, stars=5),
            SeedTarget(K.RECOGNITIONS_NEW, "Ít nhất 10 sản phẩm đạt 3 – 4 sao", 10),
            SeedTarget(K.OTHER, "Phát triển, nâng cấp ít nhất 22 tổ chức kinh tế tham gia chương trình", 22),
            SeedTarget(K.OFFICIALS_TRAINED_SHARE, "Đào tạo 100% cán bộ OCOP các cấp", 100),
        ],
    ),
    SeedPlan(
        Scheme.LEGACY,
        94,
        "Kế hoạch Chương trình OCOP tỉnh Sóc Trăng giai đoạn 2023-2025",
        D(2023, 1, 1),
        D(2025, 12, 31),
        "Hội nghị sơ kết Chương trình OCOP giai đoạn 2019-2022, 13/12/2022",
        [
            SeedTarget(K.PRODUCTS_TOTAL, "Ít nhất 200 sản phẩm OCOP được công nhận từ 3 sao trở lên", 200),
            SeedTarget(K.PRODUCTS_STARS, "6-7 sản phẩm đạt 5 sao", 6, stars=5),
            SeedTarget(K.RERATED_SHARE, "Củng cố, nâng hạng ít nhất 50% sản phẩm OCOP đã được đánh giá", 50),
            SeedTarget(
                K.PRODUCER_TYPE_SHARE,
                "40% chủ thể OCOP là hợp tác xã",
                40,
                producer_type=ProducerType.COOPERATIVE,
            ),
            SeedTarget(K.SME_SHARE, "30% chủ thể là doanh nghiệp nhỏ và vừa", 30),
            SeedTarget(
                K.CIRCULAR_CHAIN_SHARE,
                "Ít nhất 30% chủ thể OCOP xây dựng chuỗi giá trị theo hướng kinh tế tuần hoàn, OCOP xanh",
                30,
            ),
            SeedTarget(K.CRAFT_VILLAGES_SHARE, "50% làng nghề truyền thống có sản phẩm OCOP", 50),
            SeedTarget(
                K.ONLINE_CHANNEL_SHARE,
                "Năm 2025 ít nhất 50% chủ thể OCOP tham gia các kênh bán hàng trực tuyến",
                50,
            ),
        ],
    ),
    SeedPlan(
        Scheme.CURRENT,
        4,
        "Kế hoạch Chương trình OCOP tỉnh Cao Bằng giai đoạn 2021-2025",
        D(2021, 1, 1),
        D(2025, 12, 31),
        "Báo cáo kết quả Chương trình OCOP 6 tháng đầu năm 2024",
        [
            SeedTarget(
                K.PRODUCTS_STARS, "Đến hết năm 2025 có 10 sản phẩm đạt tiêu chuẩn OCOP 4 sao", 10, stars=4
            ),
            SeedTarget(
                K.PRODUCER_TYPE_SHARE,
                "Ít nhất 40% chủ thể OCOP là hợp tác xã",
                40,
                producer_type=ProducerType.COOPERATIVE,
            ),
            SeedTarget(K.SME_SHARE, "30% chủ thể là doanh nghiệp vừa và nhỏ", 30),
        ],
    ),
    SeedPlan(
        Scheme.CURRENT,
        4,
        "Kế hoạch Chương trình OCOP tỉnh Cao Bằng 6 tháng cuối năm 2024",
        D(2024, 7, 1),
        D(2024, 12, 31),
        "Báo cáo kết quả Chương trình OCOP 6 tháng đầu năm 2024",
        [
            SeedTarget(K.RECOGNITIONS_NEW, "Thêm khoảng 30 sản phẩm đăng ký mới được công nhận từ 3 sao", 30),
            SeedTarget(K.POINTS_OF_SALE, "Hỗ trợ xây dựng 04 điểm mua sắm, giới thiệu sản phẩm OCOP", 4),
        ],
    ),
    SeedPlan(
        Scheme.LEGACY,
        80,
        "Kế hoạch thực hiện Chương trình OCOP tỉnh Long An năm 2025",
        D(2025, 1, 1),
        D(2025, 12, 31),
        "Báo cáo Chương trình OCOP tỉnh Long An, 06/02/2025",
        [
            SeedTarget(K.RECOGNITIONS_TOTAL, "Công nhận 65 sản phẩm OCOP đạt từ 3 sao trở lên", 65),
            SeedTarget(K.RECOGNITIONS_NEW, "Công nhận mới 53 sản phẩm", 53),
            SeedTarget(K.RECOGNITIONS_RENEWED, "Công nhận lại 11 sản phẩm", 11),
            SeedTarget(K.RECOGNITIONS_UPGRADED, "Nâng hạng 01 sản phẩm", 1),
        ],
    ),
]


@transaction.atomic
def load_demo_plans() -> dict:
    """Create the seed reports' plans and targets once; returns how many were created."""
    created = {"plans": 0, "targets": 0}
    for seed in SEED_PLANS:
        unit = AdminUnit.objects.get(scheme=seed.scheme, level=Level.PROVINCE, code=seed.province_code)
        plan: Plan | None = same_plan(unit.pk, seed.name, seed.start, seed.end)
        if plan is None:
            plan = plan_create(
                actor=ACTOR,
                name=seed.name,
                unit=unit,
                period_start=seed.start,
                period_end=seed.end,
                reference=seed.reference,
            )
            created["plans"] += 1
        for target in seed.targets:
            if same_target(plan, target.description):
                continue
            target_add(
                actor=ACTOR,
                plan=plan,
                kind=target.kind,
                description=target.description,
                target_value=target.value,
                stars=target.stars,
                producer_type=target.producer_type,
            )
            created["targets"] += 1
    return created
