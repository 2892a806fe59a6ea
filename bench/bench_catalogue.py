"""Time the public catalogue search on a national-scale registry (200.000 products by default).

    .venv/bin/python bench/bench_catalogue.py    # PostgreSQL ocop_bench_public (or DATABASE_URL)
    .venv/bin/python bench/bench_catalogue.py --sqlite --size 20000   # a temporary SQLite file

The registry is built with the demo generator (`ocop.demo.generator`, national scale) and the
catalogue rows with `catalogue_sync()`; a database that already holds them is reused. 200 varied
queries (product words, producer words, places, prefixes, one to four words, with and without
filters) run through `catalogue_entries()` — the count (capped at 1,000 as the page shows it) and
the first page of 20 with its certificates, products, producers and provinces, as the catalogue
page does — and through the same search written by hand in SQL. Reports p50/p95 of
each and their ratio; figures only (STYLE.md). Goal on PostgreSQL: p95 ≤ 30 ms and ≤ 1.5× the
hand-written SQL.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_stats import ensure_postgres_database  # noqa: E402

DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/ocop_bench_public"
PAGE = 20


class _Lines:
    def write(self, message: str) -> None:
        print(message)


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def build_queries(rng, n=200):
    """Varied queries drawn from the data itself: words of product names (whole and prefixes),
    producer words, province names, and combinations; a third with a filter."""
    from ocop.public.models import CatalogueEntry

    sample = list(CatalogueEntry.objects.order_by("?").values_list("name_text", "search_text")[:400])
    provinces = list(
        __import__("ocop.geo.models", fromlist=["AdminUnit"])
        .AdminUnit.objects.filter(scheme="current", level="province")
        .values_list("pk", "bare_name")
    )
    queries = []
    while len(queries) < n:
        name, text = rng.choice(sample)
        words = name.split()
        kind = len(queries) % 5
        if kind == 0:
            q = rng.choice(words)
        elif kind == 1:
            word = rng.choice(words)
            q = word[: max(2, min(len(word), rng.randint(2, 4)))]
        elif kind == 2:
            start = rng.randrange(len(words))
            q = " ".join(words[start : start + 2])
        elif kind == 3:
            q = f"{rng.choice(words)} {rng.choice(provinces)[1]}"
        else:
            extra = [w for w in text.split() if w not in words]
            q = " ".join([rng.choice(words)] + rng.sample(extra, min(2, len(extra))))
        filters = {}
        if len(queries) % 3 == 0:
            filters = rng.choice([{"stars": rng.choice([3, 4, 5])}, {"province": rng.choice(provinces)[0]}])
        queries.append((q, filters))
    return queries


# The same search by hand: one table, the status as certification defines "valid", the same
# rank; then the page's certificates, products, producers and provinces by primary key.
HAND_SQL = """
SELECT e.product_id, e.certificate_id
FROM public_catalogueentry e
WHERE e.certificate_id IS NOT NULL AND e.valid_from <= %(today)s AND e.valid_until >= %(today)s
  AND (e.revoked_on IS NULL OR e.revoked_on > %(today)s)
  AND (e.superseded_on IS NULL OR e.superseded_on > %(today)s)
  {where}
ORDER BY {rank}, e.sort_key, e.product_id
LIMIT {limit}
"""
HAND_COUNT = """
SELECT COUNT(*) FROM (SELECT 1 FROM public_catalogueentry e
WHERE e.certificate_id IS NOT NULL AND e.valid_from <= %(today)s AND e.valid_until >= %(today)s
  AND (e.revoked_on IS NULL OR e.revoked_on > %(today)s)
  AND (e.superseded_on IS NULL OR e.superseded_on > %(today)s)
  {where} LIMIT {cap}) AS matches
"""
HAND_PAGE = """
SELECT c.id, c.public_code, c.stars, p.id, p.name, pr.id, pr.name, u.id, u.name
FROM certification_certificate c JOIN registry_product p ON p.id = c.product_id
JOIN registry_producer pr ON pr.id = p.producer_id JOIN geo_adminunit u ON u.id = pr.province_id
WHERE c.id IN ({ids})
"""


def hand_sql(words, filters, today, vendor):
    from ocop.public.selectors import COUNT_CAP

    like = "LIKE" if vendor == "postgresql" else "LIKE"
    cat = "||"
    params = {"today": today}
    where, ranks = [], []
    for i, word in enumerate(words):
        params[f"w{i}"] = f"%{word}%"
        params[f"whole{i}"] = f"% {word} %"
        params[f"pre{i}"] = f"% {word}%"
        where.append(f"AND e.search_text {like} %(w{i})s")
        name = f"(' ' {cat} e.name_text {cat} ' ')"
        text = f"(' ' {cat} e.search_text {cat} ' ')"
        ranks.append(
            f"(CASE WHEN {name} LIKE %(whole{i})s THEN 0 WHEN {name} LIKE %(pre{i})s THEN 1 "
            f"WHEN e.name_text LIKE %(w{i})s THEN 2 WHEN {text} LIKE %(whole{i})s THEN 3 "
            f"WHEN {text} LIKE %(pre{i})s THEN 4 ELSE 5 END)"
        )
    if "stars" in filters:
        params["stars"] = filters["stars"]
        where.append("AND e.stars = %(stars)s")
    if "province" in filters:
        params["province"] = filters["province"]
        where.append("AND e.province_id = %(province)s")
    rank = " + ".join(ranks) or "0"
    return (
        HAND_SQL.format(where="\n  ".join(where), rank=rank, limit=PAGE),
        HAND_COUNT.format(where="\n  ".join(where), cap=COUNT_CAP + 1),
        params,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=200_000, help="products to build (200000)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--sqlite", action="store_true", help="a temporary SQLite file, not PostgreSQL")
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL")
    if args.sqlite:
        url = f"sqlite:///{Path(tempfile.mkdtemp(prefix='ocop-bench-catalogue-')) / 'bench.sqlite3'}"
    elif not url or not url.startswith(("postgres://", "postgresql://")):
        url = DEFAULT_PG
    os.environ["DATABASE_URL"] = url
    if url.startswith(("postgres://", "postgresql://")):
        ensure_postgres_database(url)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    call_command("migrate", verbosity=0)

    from ocop.demo.generator import load_registry_demo
    from ocop.geo.models import AdminUnit
    from ocop.public.catalogue import catalogue_sync, query_words
    from ocop.public.models import CatalogueEntry
    from ocop.public.selectors import CatalogueQuery, capped_count, catalogue_entries
    from ocop.registry.models import Product

    started = time.perf_counter()
    counts = load_registry_demo(scale="national", seed=args.seed, size=args.size, stdout=_Lines())
    if not counts.get("skipped"):
        print(f"load: {time.perf_counter() - started:.1f} s")
    if CatalogueEntry.objects.count() < Product.objects.filter(certificates__isnull=False).distinct().count():
        started = time.perf_counter()
        written = catalogue_sync()
        print(f"catalogue_sync: {written:,} rows in {time.perf_counter() - started:.1f} s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"catalogue: {CatalogueEntry.objects.count():,} products")

    rng = random.Random(args.seed)
    queries = build_queries(rng, args.queries)
    today = timezone.localdate()
    provinces = AdminUnit.objects.in_bulk([f["province"] for _, f in queries if "province" in f])

    def orm(q, filters):
        query = CatalogueQuery(
            q=q, stars=filters.get("stars"), province=provinces.get(filters.get("province"))
        )
        entries = catalogue_entries(query, today)
        total = capped_count(entries)
        page = list(entries[:PAGE])
        return total, [e.product_id for e in page]

    def hand(q, filters):
        sql, count_sql, params = hand_sql(query_words(q), filters, today, connection.vendor)
        if connection.vendor == "sqlite":
            sql, count_sql = (s.replace("%(", ":").replace(")s", "") for s in (sql, count_sql))
        with connection.cursor() as cursor:
            cursor.execute(count_sql, params)
            total = cursor.fetchone()[0]
            cursor.execute(sql, params)
            rows = cursor.fetchall()
            ids = ",".join(str(row[1]) for row in rows)
            if ids:
                cursor.execute(HAND_PAGE.format(ids=ids))
                cursor.fetchall()
            return total, [row[0] for row in rows]

    # Warm up, and check both give the same answers.
    mismatches = 0
    for q, filters in queries:
        if orm(q, filters) != hand(q, filters):
            mismatches += 1
    orm_times, hand_times, hits = [], [], []
    for q, filters in queries:
        started = time.perf_counter()
        total, _ = orm(q, filters)
        orm_times.append((time.perf_counter() - started) * 1000)
        hits.append(total)
        started = time.perf_counter()
        hand(q, filters)
        hand_times.append((time.perf_counter() - started) * 1000)

    p50o, p95o = percentile(orm_times, 50), percentile(orm_times, 95)
    p50h, p95h = percentile(hand_times, 50), percentile(hand_times, 95)
    median_hits = statistics.median(hits)
    print(f"\n{len(queries)} queries (count + first page of {PAGE}); median hits {median_hits:,.0f}")
    print(f"results differing between ORM and hand SQL: {mismatches}")
    print("| measure | p50 | p95 | max |")
    print("|---|---|---|---|")
    print(f"| catalogue_entries() (ORM) | {p50o:.1f} ms | {p95o:.1f} ms | {max(orm_times):.1f} ms |")
    print(f"| hand-written SQL | {p50h:.1f} ms | {p95h:.1f} ms | {max(hand_times):.1f} ms |")
    print(f"| ratio ORM / SQL | {p50o / p50h:.2f}× | {p95o / p95h:.2f}× | |")
    slow = sorted(zip(orm_times, queries, strict=True), reverse=True)[:5]
    print("slowest: " + "; ".join(f"{q!r} {f or ''} {t:.0f} ms" for t, (q, f) in slow))


if __name__ == "__main__":
    main()
