"""Building blocks for evaluation tests: a producer with its account, a round, a council of five,
a dossier brought to its council, and members filling sheets to a chosen total."""

import datetime
from decimal import Decimal
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from ocop.accounts.models import Role, RoleAssignment
from ocop.accounts.tests.factories import RoleAssignmentFactory, UserFactory
from ocop.evaluation import services
from ocop.evaluation.models import CouncilRole, RubricMode, Score
from ocop.evaluation.rubric_convert import convert_1048
from ocop.evaluation.rubric_format import dump_rubric
from ocop.evaluation.rubrics import rubric_load
from ocop.evaluation.scoring import leaves
from ocop.registry.models import Producer
from ocop.registry.tests.factories import ProducerFactory, ProductFactory
from ocop.rules.models import ProductSet

SOURCE_1048 = Path("/work/shared/reference/rubrics-1048.json")
D = datetime.date


def load_honey_sheet():
    spec = next(s for s in convert_1048(SOURCE_1048) if s["code"] == "1048-mat-ong")
    return rubric_load(actor="test", text=dump_rubric(spec)).rubric


def producer_with_account(province, username="chu-the-htx", **kwargs):
    producer = ProducerFactory(province=province, **kwargs)
    user = UserFactory(username=username)
    RoleAssignment.objects.create(
        user=user,
        role=Role.PRODUCER,
        scope_type=ContentType.objects.get_for_model(Producer),
        scope_id=str(producer.pk),
    )
    return producer, user


def product_of(producer, set_code="honey_farm", **kwargs):
    product_set = ProductSet.objects.get(group__taxonomy__code="148", code=set_code)
    return ProductFactory(producer=producer, group=product_set.group, product_set=product_set, **kwargs)


def province_round(officer, province, year, opens, closes, scoring_closes=None, **kwargs):
    """A province round. Sheets are written only inside the scoring window and tests score today,
    so by default the window of a past round (a 2021 round replayed today) stays open until
    today + 30 days; pass `scoring_closes` to test the window itself."""
    if scoring_closes is None:
        scoring_closes = max(
            closes + datetime.timedelta(days=60), timezone.localdate() + datetime.timedelta(days=30)
        )
    return services.round_create(
        actor=officer,
        name=f"Đợt đánh giá OCOP năm {year} — {province.name}",
        year=year,
        province=province,
        registration_opens=opens,
        registration_closes=closes,
        scoring_opens=opens,
        scoring_closes=scoring_closes,
        **kwargs,
    )


def council_of_five(officer, round_, prefix="tv"):
    users = [UserFactory(username=f"{prefix}-{round_.pk}-{i}") for i in range(5)]
    roles = [
        CouncilRole.CHAIR,
        CouncilRole.SECRETARY,
        CouncilRole.MEMBER,
        CouncilRole.MEMBER,
        CouncilRole.MEMBER,
    ]
    council = services.council_create(
        actor=officer,
        round_=round_,
        name=f"Hội đồng {round_.name}",
        members=list(zip(users, roles, strict=True)),
    )
    return council, users


def choices_for(rubric, target: int) -> dict:
    """Options (criterion number → option id) adding up to `target` on a criteria sheet."""
    picks, total = {}, 0
    criteria = leaves(rubric)
    for criterion in criteria:
        low = min(criterion.options.all(), key=lambda o: o.points)
        picks[criterion.number], total = low, total + low.points
    for criterion in criteria:
        if total >= target:
            break
        current = picks[criterion.number]
        better = [
            o for o in criterion.options.all() if current.points < o.points <= current.points + target - total
        ]
        if better:
            best = max(better, key=lambda o: o.points)
            total += best.points - current.points
            picks[criterion.number] = best
    assert total == target, (total, target)
    return {number: option.pk for number, option in picks.items()}


def parts_for(total) -> dict:
    total = Decimal(str(total))
    a = min(Decimal(40), total * Decimal("0.4")).quantize(Decimal("0.01"))
    b = min(Decimal(25), (total - a) / 2).quantize(Decimal("0.01"))
    return {"A": a, "B": b, "C": total - a - b}


def score_all(dossier, members, totals, knockouts_by=()):
    """Each member submits a sheet with the given total (knock-out 1 on the members listed)."""
    rubric = dossier.rubric
    for index, (member, total) in enumerate(zip(members, totals, strict=True)):
        score = Score.objects.get(dossier=dossier, member=member)
        knockouts = []
        if index in knockouts_by:
            knockouts = (
                [rubric.sheet_knockouts[0]["code"]]
                if rubric.mode == RubricMode.PART_TOTALS
                else [rubric.criteria.exclude(knockout="").first().number]
            )
        if rubric.mode == RubricMode.PART_TOTALS:
            services.score_save(
                actor=member,
                score=score,
                parts=parts_for(total),
                knockouts=knockouts,
                no_conflict=True,
                submit=True,
            )
        else:
            services.score_save(
                actor=member,
                score=score,
                choices=choices_for(rubric, total),
                knockouts=knockouts,
                no_conflict=True,
                submit=True,
            )


def submitted_dossier(producer_user, round_, product, on, **kwargs):
    dossier = services.dossier_create(actor=producer_user, round_=round_, product=product, on=on, **kwargs)
    services.dossier_update(
        actor=producer_user, dossier=dossier, registration={"contact": "Nguyễn Thị Hoa, 0912 345 678"}
    )
    return services.dossier_submit(actor=producer_user, dossier=dossier, on=on)


def assigned_dossier(dossier, *, screener, province_officer, council):
    """A submitted dossier brought to `council` through the real services: screened and forwarded by
    `screener` (the commune officer, or the province officer recording a district's screening) with
    the four confirmations, found complete by `province_officer`, assigned to `council`. Every
    scoring member then holds a blank sheet."""
    services.dossier_screen(
        actor=screener,
        dossier=dossier,
        forward=True,
        note="Đạt",
        local_origin=True,
        local_labour=True,
        idea_origin=True,
        local_identity=True,
    )
    services.dossier_check(actor=province_officer, dossier=dossier, complete=True)
    return services.dossier_assign(actor=province_officer, dossier=dossier, council=council)


def officer(role, unit, username):
    user = UserFactory(username=username)
    RoleAssignmentFactory(user=user, role=role, unit=unit)
    return user
