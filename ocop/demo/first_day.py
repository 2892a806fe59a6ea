"""Demo data for the first day of the commune officer and the producer account.

The generated registry places producers where the seed reports put them, which leaves the demo
commune officer's ward (the first commune of Cần Thơ by code) empty. This step gives that ward a
few producers whose products show every situation a first day meets — a valid certificate, one
expiring within the notice window, an expired one, a product not yet recognised — through the
registry and certification services, with dates counted from today. The demo producer account
then acts for the first of them.
"""

import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from ocop.accounts.models import Role, RoleAssignment, User
from ocop.accounts.services import role_grant
from ocop.certification.dates import add_months
from ocop.certification.services import certificate_issue
from ocop.registry.models import Producer, ProducerType
from ocop.registry.services import producer_create, product_create
from ocop.rules.models import ProductGroup

ACTOR = "demo"
COMMUNE_OFFICER = "xa.cantho"
PRODUCER_ACCOUNT = "chuthe"


@dataclass(frozen=True)
class DemoProduct:
    name: str
    group: str
    stars: int | None = None
    # Decision date as months back from today, then days forward (to land inside a window).
    months_ago: int = 0
    days_after: int = 0


@dataclass(frozen=True)
class DemoProducer:
    name: str
    producer_type: str
    representative: str
    tax_code: str
    hamlet: str
    products: tuple[DemoProduct, ...]
    is_sme: bool = False
    women_led: bool = False


# Certificates run 36 months: 36 months back + 20 days expires in 20 days (inside the 30-day
# notice window); 41 months back expired five months ago.
COMMUNE_PRODUCERS = [
    DemoProducer(
        "Hợp tác xã Nông nghiệp Cái Khế",
        ProducerType.COOPERATIVE,
        "Võ Thị Kim Ngân",
        "1801234562",
        "Khu vực 3",
        (
            DemoProduct("Bánh tét lá cẩm Cái Khế", "food", 4, months_ago=36, days_after=20),
            DemoProduct("Nem nướng Cái Khế", "food", 3, months_ago=14),
            DemoProduct("Trà mãng cầu Cái Khế", "drink"),
        ),
        women_led=True,
    ),
    DemoProducer(
        "Cơ sở Kẹo dừa Ninh Kiều",
        ProducerType.HOUSEHOLD,
        "Trần Văn Lộc",
        "",
        "Khu vực 1",
        (DemoProduct("Kẹo dừa sầu riêng Ninh Kiều", "food", 3, months_ago=41),),
    ),
    DemoProducer(
        "Công ty TNHH Thực phẩm Bến Ninh Kiều",
        ProducerType.ENTERPRISE,
        "Lê Hoàng Nam",
        "1800155389",
        "Khu vực 5",
        (
            DemoProduct("Lạp xưởng tươi Ninh Kiều", "food", 4, months_ago=20),
            DemoProduct("Chả cá thát lát Ninh Kiều", "food", 3, months_ago=6),
        ),
        is_sme=True,
    ),
]


def _commune_of(username: str):
    assignment = (
        RoleAssignment.objects.filter(user__username=username, role=Role.COMMUNE_OFFICER, unit__isnull=False)
        .select_related("unit", "unit__province")
        .first()
    )
    return assignment.unit if assignment else None


@transaction.atomic
def give_commune_officer_products(today: datetime.date | None = None) -> int:
    """Producers and products in the demo commune officer's commune; returns how many producers
    were created (none when the commune already has some)."""
    commune = _commune_of(COMMUNE_OFFICER)
    if commune is None or Producer.objects.filter(commune=commune).exists():
        return 0
    today = today or timezone.localdate()
    groups = {g.code: g for g in ProductGroup.objects.filter(taxonomy__code="148")}
    for number, spec in enumerate(COMMUNE_PRODUCERS, start=1):
        producer = producer_create(
            actor=ACTOR,
            allow_duplicate=True,
            name=spec.name,
            producer_type=spec.producer_type,
            is_sme=spec.is_sme,
            tax_code=spec.tax_code,
            representative=spec.representative,
            phone=f"0292 3{number:02d}8 6{number:02d}",
            address=f"{spec.hamlet}, {commune.name}, {commune.province.name}",
            province=commune.province,
            commune=commune,
            women_led=spec.women_led,
        )
        for index, item in enumerate(spec.products, start=1):
            product = product_create(actor=ACTOR, name=item.name, producer=producer, group=groups[item.group])
            if item.stars:
                decided = add_months(today, -item.months_ago) + datetime.timedelta(days=item.days_after)
                certificate_issue(
                    actor=ACTOR,
                    product=product,
                    stars=item.stars,
                    decision_number=f"{100 + 10 * number + index}/QĐ-UBND",
                    decision_date=decided,
                )
    return len(COMMUNE_PRODUCERS)


def link_demo_producer_user() -> None:
    """The demo producer account acts for one real producer: the first of the commune officer's
    commune (whose products show every certificate situation), else the first of Cần Thơ."""
    user = User.objects.filter(username=PRODUCER_ACCOUNT).first()
    if user is None:
        return
    producer_type = ContentType.objects.get_for_model(Producer)
    if RoleAssignment.objects.filter(user=user, role=Role.PRODUCER, scope_type=producer_type).exists():
        return
    commune = _commune_of(COMMUNE_OFFICER)
    producer = (
        Producer.objects.filter(commune=commune).order_by("pk").first() if commune else None
    ) or Producer.objects.filter(province__code=92, province__scheme="current").order_by("pk").first()
    if producer is None:
        return
    RoleAssignment.objects.filter(user=user, role=Role.PRODUCER, scope_type__isnull=True).delete()
    user.__dict__.pop("_ocop_assignments", None)
    role_grant(actor=None, user=user, role=Role.PRODUCER, scope_obj=producer)
