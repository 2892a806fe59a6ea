"""Demo of the evaluation workflow for `ocop load_demo`: the good QĐ 1048 sheets, and a 2026 round in
each seed province with dossiers at every stage (draft, submitted, screened, accepted, being
scored, scored, decided), all made through the services. Running it again changes nothing."""

import datetime
from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from ocop.accounts.models import User
from ocop.evaluation import services
from ocop.evaluation.models import CouncilRole, Dossier, DossierState, Round, RubricMode, Score
from ocop.evaluation.rubrics import rubric_load
from ocop.geo.models import AdminUnit
from ocop.registry.models import Product

SHEETS_1048 = Path(__file__).parent / "data" / "rubrics-1048"
SEED_PROVINCES = [92, 80, 4, 96]  # Cần Thơ (Sóc Trăng), Tây Ninh (Long An), Cao Bằng, Cà Mau
DEMO_PASSWORD = "ocop2026"
STAGES = ["draft", "submitted", "screened", "accepted", "scoring", "scored", "recognised", "recognised"]
TOTALS = {"scored": [66, 68, 70, 67, 69], "recognised": [74, 76, 73, 75, 77]}


def _part_scores(total, rubric):
    maxima = {p.code: p.max_points for p in rubric.parts.all()}
    share = total / sum(maxima.values())
    parts = {code: round(maximum * share, 1) for code, maximum in maxima.items()}
    parts["C"] = round(total - parts["A"] - parts["B"], 1)
    return parts


def _member(username, full_name):
    user, _ = User.objects.get_or_create(
        username=username,
        defaults={
            "full_name": full_name,
            "email": f"{username}@ocop.example.vn",
            "password": make_password(DEMO_PASSWORD),
        },
    )
    return user


@transaction.atomic
def load_evaluation_demo(stdout=None) -> int:
    """Returns the number of dossiers created."""
    for path in sorted(SHEETS_1048.glob("*.yaml")):
        rubric_load(actor="demo", text=path.read_text(encoding="utf-8"), label=path.stem)
    admin = User.objects.filter(username="admin").first()
    if admin is None:
        return 0
    today = timezone.localdate()
    created = 0
    for code in SEED_PROVINCES:
        province = AdminUnit.objects.filter(scheme="current", level="province", code=code).first()
        products = list(
            Product.objects.filter(producer__province=province, producer__commune__isnull=False)
            .select_related("producer", "product_set")
            .exclude(product_set=None)
            .order_by("pk")[: len(STAGES)]
        )
        if province is None or len(products) < len(STAGES):
            continue
        name = f"Đợt đánh giá, phân hạng sản phẩm OCOP năm {today.year} — {province.name}"
        if Round.objects.filter(name=name).exists():
            continue
        round_ = services.round_create(
            actor=admin,
            name=name,
            year=today.year,
            province=province,
            registration_opens=today - datetime.timedelta(days=60),
            registration_closes=today + datetime.timedelta(days=30),
            scoring_opens=today - datetime.timedelta(days=30),
            scoring_closes=today + datetime.timedelta(days=60),
        )
        chair = User.objects.filter(username="hoidong").first() if code == 92 else None
        chair = chair or _member(f"hoidong.{code}.1", "Chủ tịch hội đồng")
        members = [chair] + [_member(f"hoidong.{code}.{i}", f"Thành viên hội đồng {i}") for i in range(2, 6)]
        roles = [
            CouncilRole.CHAIR,
            CouncilRole.SECRETARY,
            CouncilRole.MEMBER,
            CouncilRole.MEMBER,
            CouncilRole.MEMBER,
        ]
        council = services.council_create(
            actor=admin,
            round_=round_,
            name=f"Hội đồng đánh giá, phân hạng sản phẩm OCOP {province.name}",
            members=list(zip(members, roles, strict=True)),
        )
        to_decide = []
        for stage, product in zip(STAGES, products, strict=True):
            dossier = services.dossier_create(actor=admin, round_=round_, product=product)
            created += 1
            services.dossier_update(
                actor=admin,
                dossier=dossier,
                registration={
                    "contact": product.producer.representative or product.producer.name,
                    "phone": product.producer.phone,
                },
            )
            if stage == "draft":
                continue
            dossier = services.dossier_submit(actor=admin, dossier=dossier)
            if stage == "submitted":
                continue
            services.dossier_screen(
                actor=admin,
                dossier=dossier,
                forward=True,
                note="Sản phẩm của địa phương, chủ thể sử dụng lao động tại xã.",
                local_origin=True,
                local_labour=True,
                idea_origin=True,
                local_identity=True,
            )
            if stage == "screened":
                continue
            services.dossier_check(actor=admin, dossier=dossier, complete=True)
            if stage == "accepted":
                continue
            services.dossier_assign(actor=admin, dossier=dossier, council=council)
            rubric = dossier.rubric
            totals = TOTALS.get(stage, [70, 72, 0, 0, 0])
            for member, total in zip(members, totals, strict=True):
                if not total or rubric.mode != RubricMode.PART_TOTALS:
                    continue
                score = Score.objects.get(dossier=dossier, member=member)
                services.score_save(
                    actor=member,
                    score=score,
                    parts=_part_scores(total, rubric),
                    no_conflict=True,
                    submit=True,
                )
            if stage == "scoring":
                continue
            services.dossier_close(actor=chair, dossier=dossier)
            if stage == "recognised":
                to_decide.append(dossier)
        if to_decide:
            services.decision_issue(
                actor=admin,
                round_=round_,
                number=f"{100 + code}/QĐ-UBND",
                date=today,
                signer="Phó Chủ tịch Ủy ban nhân dân",
                issuer_name=f"Ủy ban nhân dân {province.name}",
                dossiers=to_decide,
            )
    if stdout is not None:
        states = Dossier.objects.values_list("state", flat=True)
        stdout.write(
            f"  {created} hồ sơ mẫu ({', '.join(sorted({str(DossierState(s).label) for s in states}))})"
        )
    return created
