"""Time `activity_stats()` (the `activities` block of `statistics()`) on the demo with activities.

    .venv/bin/python bench/bench_activity_stats.py [--scale provinces|national] [--size N]
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/ocop_bench_stats
    .venv/bin/python bench/bench_activity_stats.py --scale national

Builds the demo registry (`provinces` by default: the seed provinces, as `make run` loads it;
`national --size N` for a registry spread over the whole country) and the demo activities
(ocop/activities/demo.py: Cao Bằng 2024, channels of the seed provinces, commendations, points of
sale, support). Without DATABASE_URL it works in a temporary SQLite file; on PostgreSQL the
database named in the URL is created when missing and reused when it already holds a demo. The
`test` database and the shared `ocop_bench_public` are refused.

For every province of both schemes and for the country it prints the time of one call (best of
`--repeat`) and the queries it runs (CaptureQueriesContext), for the period of the demo's
activities (2024, as of 31/12/2024) by default. Reports figures only (STYLE.md); the machine's
load average is printed beside them because the machine is shared.
"""

import argparse
import datetime
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_stats import REFUSED, _Lines, ensure_postgres_database, ms  # noqa: E402

REFUSED_HERE = REFUSED | {"ocop_bench_public"}


def measure(function, *, repeat: int):
    """(result, best milliseconds over `repeat` runs, queries of one run)."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    best = None
    for _ in range(repeat):
        reset_queries()  # the query log keeps 9,000 entries: count from an empty one
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            result = function()
            elapsed = (time.perf_counter() - started) * 1000
        best = elapsed if best is None else min(best, elapsed)
    return result, best, len(captured.captured_queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=("provinces", "national"), default="provinces")
    parser.add_argument(
        "--size", type=int, default=None, help="products of the national scale (the demo's default)"
    )
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--as-of", dest="as_of", default="2024-12-31", help="date of the stock (2024-12-31)")
    parser.add_argument("--from", dest="date_from", default=None, help="start of the period (1 January)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measure; the best is kept")
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL")
    if not url:
        workdir = Path(tempfile.mkdtemp(prefix="ocop-bench-activities-"))
        url = f"sqlite:///{workdir / 'bench.sqlite3'}"
        os.environ["DATABASE_URL"] = url
    if url.startswith(("postgres://", "postgresql://")):
        name = url.rsplit("/", 1)[-1].split("?")[0]
        if name in REFUSED_HERE:
            sys.exit(
                f"Refusing to use database {name!r}: pick a database of its own (e.g. ocop_bench_stats)."
            )
        ensure_postgres_database(url)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    call_command("migrate", verbosity=0)

    from ocop.activities.demo import load_activities_demo
    from ocop.activities.models import SalesChannel, TrainingParticipant
    from ocop.certification.models import Certificate
    from ocop.demo.generator import load_registry_demo
    from ocop.geo.models import AdminUnit
    from ocop.registry.models import Product

    started = time.perf_counter()
    load_registry_demo(scale=args.scale, seed=args.seed, size=args.size, stdout=_Lines())
    load_activities_demo(seed=args.seed, stdout=_Lines())
    print(f"load: {time.perf_counter() - started:.1f} s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(
        f"registry: {Product.objects.count():,} products, {Certificate.objects.count():,} certificates; "
        f"activities: {SalesChannel.objects.count():,} sales channels, "
        f"{TrainingParticipant.objects.count():,} training participations"
    )

    from ocop.reporting.stats import Place, activity_stats

    as_of = datetime.date.fromisoformat(args.as_of)
    date_from = (
        datetime.date.fromisoformat(args.date_from) if args.date_from else datetime.date(as_of.year, 1, 1)
    )
    print(
        f"period {date_from:%d/%m/%Y}–{as_of:%d/%m/%Y}, as of {as_of:%d/%m/%Y}; best of {args.repeat} runs; "
        f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}\n"
    )

    def call(place):
        return lambda: activity_stats(place, as_of=as_of, date_from=date_from, date_to=as_of)

    for scheme in ("current", "legacy"):
        provinces = list(AdminUnit.objects.filter(scheme=scheme, level="province").order_by("code"))
        total, slowest, queries = 0.0, (0.0, ""), set()
        for unit in provinces:
            _, elapsed, n = measure(call(Place(scheme=scheme, unit=unit)), repeat=args.repeat)
            total += elapsed
            slowest = max(slowest, (elapsed, unit.label))
            queries.add(n)
        print(
            f"activity_stats() {scheme:7} {len(provinces):2} provinces: "
            f"{ms(total / len(provinces))}/province, "
            f"slowest {slowest[1]} {slowest[0]:.1f} ms, queries per call {min(queries)}–{max(queries)}"
        )
    for scheme in ("current", "legacy"):
        _, elapsed, n = measure(call(Place(scheme=scheme)), repeat=args.repeat)
        print(f"activity_stats() {scheme:7} country:      {ms(elapsed)}, {n} queries")
    print(f"\nload average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
