"""Time the statistics service on a national-scale registry (200.000 products by default).

    .venv/bin/python bench/bench_stats.py [--size N] [--as-of YYYY-MM-DD]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ocop_bench .venv/bin/python bench/bench_stats.py

Without DATABASE_URL the registry is built in a temporary SQLite file. On PostgreSQL the database
named in the URL is created when missing; a database already holding a registry is reused (the
demo load is skipped), so a second run only times the queries. The `test` database is refused.

Times what the pages, the API and the CLI call: `statistics()` (dashboard, report, API,
`ocop stats`) for every province of both schemes and for the country, and first each of its parts
(stock, flows, activities); `ranking()` on every metric (ranking page and API, report sentence);
`stock_by_child()` (the dashboard's drill-down table) for the country and every province.
Reports figures only (STYLE.md); the goal is all provinces of both schemes ≤ 300 ms in total on
PostgreSQL.
"""

import argparse
import datetime
import os
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/ocop_bench"
REFUSED = {"test", "postgres", "template0", "template1"}


class _Lines:
    def write(self, message: str) -> None:
        print(message)


def _server(url: str) -> tuple[str, dict]:
    """(database name, connection settings for the server's `postgres` database) of `url`;
    exits on the `test` database, a test_* database or a system one."""
    import dj_database_url

    config = dj_database_url.parse(url)
    name = config["NAME"]
    if name in REFUSED or name.startswith("test"):
        sys.exit(f"Refusing to use database {name!r}: pick a database of its own (e.g. ocop_bench).")
    conninfo = {
        "dbname": "postgres",
        "user": config.get("USER") or "postgres",
        "host": config.get("HOST") or "127.0.0.1",
        "port": config.get("PORT") or 5432,
    }
    if config.get("PASSWORD"):
        conninfo["password"] = config["PASSWORD"]
    return name, conninfo


def ensure_postgres_database(url: str) -> None:
    """CREATE DATABASE when the one named in `url` is missing (never the `test` database)."""
    import psycopg
    from psycopg import sql

    name, conninfo = _server(url)
    with psycopg.connect(**conninfo, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"created database {name}")


def drop_postgres_database(url: str) -> None:
    """DROP the bench database named in `url` (a fresh build); never `test` or a system database."""
    import psycopg
    from psycopg import sql

    name, conninfo = _server(url)
    with psycopg.connect(**conninfo, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
    print(f"dropped database {name}")


def timed(function, *args, repeat: int = 1, **kwargs):
    """(result, best milliseconds over `repeat` runs)."""
    best = None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function(*args, **kwargs)
        elapsed = (time.perf_counter() - started) * 1000
        best = elapsed if best is None else min(best, elapsed)
    return result, best


def ms(value: float) -> str:
    return f"{value:8.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=200_000, help="products to build (200000)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--as-of", dest="as_of", default=None, help="date of the stock (today)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measure; the best is kept")
    parser.add_argument(
        "--random-page-cost",
        dest="random_page_cost",
        default=None,
        help="PostgreSQL only: SET random_page_cost for this session (1.1 suits SSDs; server default 4)",
    )
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL")
    if not url:
        workdir = Path(tempfile.mkdtemp(prefix="ocop-bench-stats-"))
        url = f"sqlite:///{workdir / 'bench.sqlite3'}"
        os.environ["DATABASE_URL"] = url
    if url.startswith(("postgres://", "postgresql://")):
        ensure_postgres_database(url)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"migrate: {time.perf_counter() - started:.1f} s")

    from ocop.certification.models import Certificate
    from ocop.demo.generator import load_registry_demo
    from ocop.geo.models import AdminUnit
    from ocop.registry.models import Product

    started = time.perf_counter()
    counts = load_registry_demo(scale="national", seed=args.seed, size=args.size, stdout=_Lines())
    if not counts.get("skipped"):
        print(f"load: {time.perf_counter() - started:.1f} s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
            if args.random_page_cost:
                cursor.execute("SET random_page_cost = %s", [float(args.random_page_cost)])
            cursor.execute("SHOW random_page_cost")
            print(f"random_page_cost: {cursor.fetchone()[0]}")
    print(f"registry: {Product.objects.count():,} products, {Certificate.objects.count():,} certificates")

    from ocop.reporting.stats import (
        METRICS,
        Place,
        activity_stats,
        flows,
        ranking,
        statistics,
        stock,
        stock_by_child,
    )

    as_of = datetime.date.fromisoformat(args.as_of) if args.as_of else datetime.date.today()
    year_start = datetime.date(as_of.year, 1, 1)
    print(f"as of {as_of:%d/%m/%Y}; best of {args.repeat} runs per measure\n")

    # statistics() = stock + flows of a period + the activities block: each part on its own first.
    parts = (
        ("stock()", lambda place: stock(place, as_of)),
        ("flows() of the year", lambda place: flows(place, year_start, as_of)),
        (
            "activity_stats() of the year",
            lambda place: activity_stats(place, as_of=as_of, date_from=year_start, date_to=as_of),
        ),
    )
    for label, part in parts:
        for scheme in ("current", "legacy"):
            provinces = list(AdminUnit.objects.filter(scheme=scheme, level="province").order_by("code"))
            places = [Place(scheme=scheme, unit=unit) for unit in provinces]
            total = sum(timed(part, place, repeat=args.repeat)[1] for place in places)
            print(f"{label:30} {scheme:7} {ms(total / len(provinces))}/province")
    print()

    for label, kwargs in (
        ("stock", {}),
        ("stock + flows of the year", {"date_from": year_start, "date_to": as_of}),
    ):
        grand = 0.0
        for scheme in ("current", "legacy"):
            provinces = list(AdminUnit.objects.filter(scheme=scheme, level="province").order_by("code"))
            total, slowest = 0.0, (0.0, "")
            for unit in provinces:
                _, elapsed = timed(
                    statistics, Place(scheme=scheme, unit=unit), as_of=as_of, repeat=args.repeat, **kwargs
                )
                total += elapsed
                slowest = max(slowest, (elapsed, unit.label))
            grand += total
            print(
                f"statistics() {label:26} {scheme:7} {len(provinces):2} provinces: total {ms(total)}, "
                f"{ms(total / len(provinces))}/province, slowest {slowest[1]} {slowest[0]:.1f} ms"
            )
        print(f"statistics() {label:26} all provinces, both schemes: total {ms(grand)}")
        for scheme in ("current", "legacy"):
            _, elapsed = timed(statistics, Place(scheme=scheme), as_of=as_of, repeat=args.repeat, **kwargs)
            print(f"statistics() {label:26} country ({scheme}): {ms(elapsed)}")
        print()

    for scheme in ("current", "legacy"):
        for metric in METRICS:
            _, elapsed = timed(ranking, scheme=scheme, as_of=as_of, metric=metric, repeat=args.repeat)
            print(f"ranking({scheme}, {metric:14}): {ms(elapsed)}")
    print()
    for scheme in ("current", "legacy"):
        rows, elapsed = timed(stock_by_child, Place(scheme=scheme), as_of, repeat=args.repeat)
        print(f"stock_by_child(country, {scheme}): {len(rows)} provinces in {ms(elapsed)}")
        provinces = list(AdminUnit.objects.filter(scheme=scheme, level="province").order_by("code"))
        total, slowest = 0.0, (0.0, "")
        for unit in provinces:
            _, elapsed = timed(stock_by_child, Place(scheme=scheme, unit=unit), as_of, repeat=args.repeat)
            total += elapsed
            slowest = max(slowest, (elapsed, unit.label))
        print(
            f"stock_by_child(each province, {scheme}): total {ms(total)}, "
            f"{ms(total / len(provinces))}/province, slowest {slowest[1]} {slowest[0]:.1f} ms"
        )


if __name__ == "__main__":
    main()
