"""Time a whole provincial round end to end through the services: N dossiers × 5 members.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ocop_bench_eval \
        .venv/bin/python bench/bench_evaluation.py [--dossiers 300]

The database named in the URL is dropped and created afresh (never `test`, `postgres` or a
`test_` one), migrated, then: producers and products are made, and every dossier is registered,
submitted, screened by the commune, accepted, assigned, scored by five members (part totals),
closed by the chair, and decided in one recognition decision issuing the certificates. Reports
seconds per phase (STYLE.md: benchmarks report figures, they never pass or fail on time).
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_stats import drop_postgres_database, ensure_postgres_database  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dossiers", type=int, default=300)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database of its own (it is dropped and recreated).")
    drop_postgres_database(url)
    ensure_postgres_database(url)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop.settings")
    os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    import datetime

    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command

    from ocop.accounts.models import Role, RoleAssignment, User
    from ocop.evaluation import services
    from ocop.evaluation.models import CouncilRole, Score
    from ocop.geo.models import AdminUnit
    from ocop.registry.models import Producer, ProducerType, Product
    from ocop.rules.models import ProductSet

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"migrate: {time.perf_counter() - started:.1f} s")

    phases: dict[str, float] = {}

    def phase(name):
        class Timer:
            def __enter__(self):
                self.start = time.perf_counter()

            def __exit__(self, *exc):
                phases[name] = time.perf_counter() - self.start
                print(f"{name}: {phases[name]:.2f} s")

        return Timer()

    province = AdminUnit.objects.get(scheme="current", level="province", code=92)
    commune = AdminUnit.objects.filter(scheme="current", level="commune", province=province).order_by("code")[
        0
    ]
    officer = User.objects.create(username="bench-tinh")
    RoleAssignment.objects.create(user=officer, role=Role.PROVINCE_OFFICER, unit=province)
    screener = User.objects.create(username="bench-xa")
    RoleAssignment.objects.create(user=screener, role=Role.COMMUNE_OFFICER, unit=commune)
    honey = ProductSet.objects.get(group__taxonomy__code="148", code="honey_farm")
    producer_type = ContentType.objects.get_for_model(Producer)
    with phase("producers and products"):
        products, owners = [], []
        for i in range(args.dossiers):
            producer = Producer.objects.create(
                name=f"Hợp tác xã thử nghiệm {i}",
                producer_type=ProducerType.COOPERATIVE,
                province=province,
                commune=commune,
            )
            owner = User.objects.create(username=f"bench-chuthe-{i}")
            RoleAssignment.objects.create(
                user=owner, role=Role.PRODUCER, scope_type=producer_type, scope_id=str(producer.pk)
            )
            products.append(
                Product.objects.create(
                    name=f"Mật ong thử nghiệm {i}", producer=producer, group=honey.group, product_set=honey
                )
            )
            owners.append(owner)
    today = datetime.date.today()
    round_ = services.round_create(
        actor=officer,
        name="Đợt đo hiệu năng",
        year=today.year,
        province=province,
        registration_opens=today - datetime.timedelta(days=10),
        registration_closes=today,
        scoring_opens=today - datetime.timedelta(days=10),
        scoring_closes=today + datetime.timedelta(days=30),
    )
    members = [User.objects.create(username=f"bench-tv-{i}") for i in range(5)]
    roles = [
        CouncilRole.CHAIR,
        CouncilRole.SECRETARY,
        CouncilRole.MEMBER,
        CouncilRole.MEMBER,
        CouncilRole.MEMBER,
    ]
    council = services.council_create(
        actor=officer, round_=round_, name="Hội đồng", members=list(zip(members, roles, strict=True))
    )
    dossiers = []
    total_started = time.perf_counter()
    with phase("register + submit"):
        for owner, product in zip(owners, products, strict=True):
            dossier = services.dossier_create(actor=owner, round_=round_, product=product)
            services.dossier_update(actor=owner, dossier=dossier, registration={"contact": "Chị Hoa"})
            dossiers.append(services.dossier_submit(actor=owner, dossier=dossier))
    with phase("commune screening"):
        for dossier in dossiers:
            services.dossier_screen(
                actor=screener, dossier=dossier, forward=True, note="Đạt",
                local_origin=True, local_labour=True, idea_origin=True, local_identity=True,
            )  # fmt: skip
    with phase("completeness + assignment"):
        for dossier in dossiers:
            services.dossier_check(actor=officer, dossier=dossier, complete=True)
            services.dossier_assign(actor=officer, dossier=dossier, council=council)
    with phase(f"scoring ({len(dossiers) * 5} sheets)"):
        for index, dossier in enumerate(dossiers):
            for offset, member in enumerate(members):
                total = 60 + (index + offset) % 35
                parts = {"A": round(total * 0.4, 1), "B": round(total * 0.25, 1)}
                parts["C"] = round(total - parts["A"] - parts["B"], 1)
                score = Score.objects.get(dossier=dossier, member=member)
                services.score_save(actor=member, score=score, parts=parts, no_conflict=True, submit=True)
    with phase("chair closes each product"):
        for dossier in dossiers:
            services.dossier_close(actor=members[0], dossier=dossier)
    with phase("recognition decision (certificates)"):
        services.decision_issue(
            actor=officer, round_=round_, number="1/QĐ-BENCH", date=today, signer="Chủ tịch",
            issuer_name="UBND", dossiers=dossiers,
        )  # fmt: skip
    elapsed = time.perf_counter() - total_started
    print(
        f"END TO END: {len(dossiers)} dossiers × 5 members in {elapsed:.1f} s "
        f"({elapsed / len(dossiers) * 1000:.0f} ms per dossier)"
    )


if __name__ == "__main__":
    main()
