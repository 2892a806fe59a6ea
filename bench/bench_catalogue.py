"""Time the public catalogue search on a national-scale registry (200.000 products by default).

    .venv/bin/python bench/bench_catalogue.py    # PostgreSQL ocop_bench_public (or DATABASE_URL)
    .venv/bin/python bench/bench_catalogue.py --fresh    # drop that database and build it again
    .venv/bin/python bench/bench_catalogue.py --sqlite --size 20000   # a temporary SQLite file

The registry is built with the demo generator (`ocop.demo.generator`, national scale) and the
catalogue rows with `catalogue_sync()`. Building 200,000 products takes most of an hour on a
small machine, so a database that already holds them is kept and reused (only new migrations
run): a second run only times the queries. 200 varied queries (product words, producer words,
places, prefixes, one to four words, a third with a filter) run through `catalogue_entries()` —
the count (capped at 1,000 as the page shows it) and the first page of 20 with its certificates,
products, producers and provinces, as the catalogue page does — and through the same search
written by hand in SQL (PostgreSQL only). Each query runs `--rounds` times (median kept).
Reports p50/p95/max of each, their ratio and the load average of the machine, and (PostgreSQL
on this machine) the CPU time each search used in this process and its database backend, which
the load barely moves; figures only (STYLE.md). The database is vacuumed and analysed first, as
autovacuum leaves a live one. Goal on PostgreSQL: p95 ≤ 30 ms and ≤ 1.5× the hand-written SQL.
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
from bench_stats import drop_postgres_database, ensure_postgres_database  # noqa: E402

DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/ocop_bench_public"
PAGE = 20


class _Lines:
    def write(self, message: str) -> None:
        print(message)


class CpuClock:
    """CPU time used so far by this process and, when it runs on this machine (Linux), by the
    PostgreSQL backend serving its connection, in ms."""

    def __init__(self, connection):
        self.backend = None
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                path = Path(f"/proc/{cursor.fetchone()[0]}/schedstat")
            if path.exists():
                self.backend = path

    def now(self) -> float:
        used = time.process_time_ns()
        if self.backend is not None:
            used += int(self.backend.read_text().split()[0])  # ns on the CPU
        return used / 1e6


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def build_queries(rng, n=200):
    """Varied queries drawn from the data itself: words of product names (whole and prefixes),
    producer words, province names, and combinations; a third with a filter."""
    from ocop.public.models import CatalogueEntry

    # A sample fixed by the seed (not ORDER BY random()): the same queries on every run.
    pks = sorted(CatalogueEntry.objects.values_list("pk", flat=True))
    chosen = CatalogueEntry.objects.in_bulk(rng.sample(pks, min(400, len(pks))))
    sample = [(chosen[pk].name_text, chosen[pk].search_text) for pk in sorted(chosen)]
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


# The same search by hand, step for step as `catalogue.Ranked` does it on PostgreSQL: the
# vocabulary (one query); the count, from the name words' index when one word is found whole in
# more than COUNT_CAP valid names, or up to COUNT_CAP + 1 when the planner expects more than
# RANK_CAP matches of several words, else by reading the matches (at most COUNT_CAP + 1 for one
# word, RANK_CAP + 1 for several) with their rank; with no more than that, the page is cut from them;
# with more, the tiers of the summed rank one after another until the page is full, each
# gathered through the GIN indexes (several words, a tier of at most GATHER entries) or a union
# of parts read from the name words or from the catalogue in Vietnamese order; then the page's
# rows with their certificates, products, producers and provinces by key. The statements are
# written here; the search conditions inside them (`Sql` pieces) and the planning of tiers (pure
# Python) are the app's own, so both sides send the same SQL and the ratio measures what the
# app's own code adds around it.
ENTRY_BASE = """e.certificate_id IS NOT NULL AND e.valid_from <= %s AND e.valid_until >= %s
  AND (e.revoked_on IS NULL OR e.revoked_on > %s) AND (e.superseded_on IS NULL OR e.superseded_on > %s)"""
WORD_BASE = """w.valid_from <= %s AND w.valid_until >= %s
  AND (w.revoked_on IS NULL OR w.revoked_on > %s) AND (w.superseded_on IS NULL OR w.superseded_on > %s)"""
HAND_PAGE = """
SELECT e.product_id, e.certificate_id, c.id, c.public_code, c.stars, c.valid_from, c.valid_until,
  c.notice_from, c.revoked_on, c.superseded_on, c.revocation_decision, p.id, p.name, p.gtin,
  p.producer_id, pr.id, pr.name, pr.province_id, u.id, u.code, u.name
FROM public_catalogueentry e JOIN certification_certificate c ON c.id = e.certificate_id
JOIN registry_product p ON p.id = e.product_id
JOIN registry_producer pr ON pr.id = p.producer_id LEFT JOIN geo_adminunit u ON u.id = pr.province_id
WHERE e.product_id = ANY(%s)
"""


class HandSearch:
    """One search written in SQL (PostgreSQL)."""

    def __init__(self, cursor, words, filters, today):
        self.cursor, self.words = cursor, words
        self.entry_where, self.entry_params = [ENTRY_BASE], [today] * 4
        self.word_where, self.word_params = [WORD_BASE], [today] * 4
        for field, value in (("stars", filters.get("stars")), ("province_id", filters.get("province"))):
            if value is not None:
                self.entry_where.append(f"e.{field} = %s")
                self.entry_params.append(value)
                self.word_where.append(f"w.{field} = %s")
                self.word_params.append(value)

    def fetch(self, sql, params):
        self.cursor.execute(sql, params)
        return self.cursor.fetchall()

    def vocabulary(self):
        from ocop.public.catalogue import DRIVER_COUNT, terms_from_vocabulary

        words = list(dict.fromkeys(self.words))
        sql = (
            "SELECT v.word, EXISTS (SELECT 1 FROM public_cataloguenameword n WHERE n.word = v.word), "
            "CASE WHEN v.word = ANY(%s) THEN (SELECT COUNT(*) FROM (SELECT 1 FROM public_cataloguenameword n "
            f"WHERE n.word = v.word LIMIT {DRIVER_COUNT}) AS x) END "
            f"FROM public_catalogueword v WHERE {' OR '.join(['v.word LIKE %s'] * len(words))}"
        )
        rows = self.fetch(sql, [self.words, *(f"%{word}%" for word in words)])
        return terms_from_vocabulary(self.words, rows)

    def entry_rows(self, condition, order, limit, select=None):
        """(SELECT … FROM the catalogue WHERE filters AND condition ORDER BY … LIMIT …, params);
        `order` and `select` are Sql (they may hold the rank)."""
        from ocop.public.catalogue import Sql

        select = select or Sql("e.product_id, e.sort_key")
        sql = f"SELECT {select.text.format(e='e')} FROM public_catalogueentry e"
        sql += f" WHERE {' AND '.join(self.entry_where)} AND {condition.text.format(e='e')}"
        if order:
            sql += f" ORDER BY {order.text.format(e='e')}"
        sql += f" LIMIT {limit}"
        return sql, [*select.params, *self.entry_params, *condition.params, *(order.params if order else ())]

    def word_rows(self, word, condition, limit):
        """The same read from the name words of `word`, the entry joined only if needed."""
        text = condition.text.format(e="e", w="w") if condition else "TRUE"
        join = " JOIN public_catalogueentry e ON e.product_id = w.entry_id" if "{e}" in condition.text else ""
        sql = f"SELECT w.entry_id, w.sort_key FROM public_cataloguenameword w{join} WHERE w.word = %s"
        sql += (
            f" AND {' AND '.join(self.word_where)} AND {text} ORDER BY w.sort_key, w.entry_id LIMIT {limit}"
        )
        return sql, [word, *self.word_params, *condition.params]

    def run(self, cap, page, ranked):
        """(capped count, pks of the first page); `ranked` (the app's Ranked for the same search)
        lends its pure-Python planning: rank vectors and the conditions' SQL."""
        from ocop.public import catalogue as c

        terms = self.vocabulary()
        if terms is None:
            return 0, []
        ranked.terms = terms  # the planning below uses these terms, read by hand
        match, rank = ranked._match(), ranked._rank_sql()
        by_rank = c.Sql(f"{rank.text}, e.sort_key, e.product_id", rank.params)
        total, many = 0, False
        if len(terms) > 1:
            where = f"{' AND '.join(self.entry_where)} AND {match.text.format(e='e')}"
            sql = f"EXPLAIN (FORMAT JSON) SELECT 1 FROM public_catalogueentry e WHERE {where}"
            if c._planned_rows(self.fetch(sql, [*self.entry_params, *match.params])) > c.RANK_CAP:
                sql, params = self.entry_rows(match, None, cap + 1, select=c.Sql("1"))
                total, many = self.fetch(f"SELECT COUNT(*) FROM ({sql}) x", params)[0][0], True
        elif 0 in terms[0].ranks:
            sql = "SELECT COUNT(*) FROM (SELECT 1 FROM public_cataloguenameword w WHERE w.word = %s"
            sql += f" AND {' AND '.join(self.word_where)} LIMIT {cap + 1}) x"
            if self.fetch(sql, [terms[0].word, *self.word_params])[0][0] > cap:
                total, many = cap + 1, True
        if not many:
            ranked_cap = c.RANK_CAP if len(terms) > 1 else cap
            sql, params = self.entry_rows(match, None, ranked_cap + 1, select=by_rank)
            keep = max(page, c.FIRST_ROWS)
            sql = f"SELECT m.*, COUNT(*) OVER () FROM ({sql}) AS m ORDER BY 1, 2, 3 LIMIT {keep}"
            rows = self.fetch(sql, params)
            matches = rows[0][3] if rows else 0
            total = min(matches, cap + 1)
            if matches <= ranked_cap:
                return total, [row[2] for row in rows[:page]]
        pks, queries = [], 0
        low, high = sum(min(t.ranks) for t in terms), sum(max(t.ranks) for t in terms)
        for level in range(low, high + 1):
            if len(pks) >= page:
                break
            need = page - len(pks)
            vectors = c._vectors(terms, level, c.MAX_VECTORS)
            if queries >= c.MAX_TIER_QUERIES or vectors is None:
                rest = match & c.Sql(f"({rank.text}) >= {level}", rank.params)
                pks += [row[0] for row in self.fetch(*self.entry_rows(rest, by_rank, need))]
                break
            if not vectors:
                continue
            rows = None
            if len(terms) > 1:
                queries += 1
                rows = self.gather(ranked, vectors, need)
            if rows is None:
                queries += 1
                statements = self.tier(ranked, vectors, need)
                sql = " UNION ALL ".join(f"({part})" for part, _ in statements)
                params = [value for _, part_params in statements for value in part_params]
                if len(statements) > 1:
                    sql += f" ORDER BY 2, 1 LIMIT {need}"
                rows = self.fetch(sql, params)
            pks += [row[0] for row in rows]
        return total, pks

    def gather(self, ranked, vectors, need):
        """The tier's first rows when it holds at most GATHER entries, through the GIN indexes."""
        from ocop.public import catalogue as c

        found, params = self.entry_rows(ranked._gathered(vectors), None, c.GATHER + 1)
        sql = f"SELECT product_id, sort_key, COUNT(*) OVER () FROM ({found}) AS f ORDER BY 2, 1 LIMIT {need}"
        rows = self.fetch(sql, params)
        if rows and rows[0][2] > c.GATHER:
            return None
        return rows

    def tier(self, ranked, vectors, need):
        from ocop.public import catalogue as c

        terms = ranked.terms
        order = c.Sql("e.sort_key, e.product_id")
        parts, walked, names = [], c.Sql(), c._NameWordConditions()
        for vector in vectors:
            driver = c._driver(terms, vector)
            if driver is None or len(parts) + len(driver[1]) > c.MAX_PARTS:
                walked |= ranked._vector_q(ranked._cond, vector)
                continue
            index, words = driver
            condition = ranked._vector_q(names, vector, read_from=index)
            for position, word in enumerate(words):
                here = condition & ~names.has(list(words[:position])) if position else condition
                parts.append(self.word_rows(word, here, need))
        if walked:
            parts.append(self.entry_rows(walked, order, need))
        return parts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=200_000, help="products to build (200000)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3, help="runs of each query (median kept)")
    parser.add_argument("--sqlite", action="store_true", help="a temporary SQLite file, not PostgreSQL")
    parser.add_argument("--fresh", action="store_true", help="drop the PostgreSQL database, build it again")
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL")
    if args.sqlite:
        url = f"sqlite:///{Path(tempfile.mkdtemp(prefix='ocop-bench-catalogue-')) / 'bench.sqlite3'}"
    elif not url or not url.startswith(("postgres://", "postgresql://")):
        url = DEFAULT_PG
    os.environ["DATABASE_URL"] = url
    if url.startswith(("postgres://", "postgresql://")):
        if args.fresh:
            drop_postgres_database(url)
        ensure_postgres_database(url)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop.settings")
    # As a production server runs (DEBUG on keeps and formats the SQL of every query, on both
    # sides); DEBUG=true in the environment measures the development server instead.
    os.environ.setdefault("DEBUG", "false")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    call_command("migrate", verbosity=0)

    from django.test.utils import CaptureQueriesContext

    from ocop.demo.generator import load_registry_demo
    from ocop.geo.models import AdminUnit
    from ocop.public.catalogue import COUNT_CAP, catalogue_sync, query_words
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
        # As autovacuum leaves a live database: statistics, the visibility map (index-only scans)
        # and the GIN indexes' pending lists merged (a fresh bulk load leaves them to scan whole).
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
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
        # The app's Ranked only lends its pure-Python planning (terms are read here, by hand).
        planning = catalogue_entries(CatalogueQuery(q=q), today)
        with connection.cursor() as cursor:
            search = HandSearch(cursor, query_words(q), filters, today)
            total, pks = search.run(COUNT_CAP, PAGE, planning)
            if pks:
                cursor.execute(HAND_PAGE, [pks])
                cursor.fetchall()
            return total, pks

    postgres = connection.vendor == "postgresql"
    # Warm up, check both give the same answers, count the ORM's SQL queries.
    mismatches, sql_queries = 0, []
    for q, filters in queries:
        with CaptureQueriesContext(connection) as captured:
            answer = orm(q, filters)
        sql_queries.append(len(captured))
        if postgres and answer != hand(q, filters):
            mismatches += 1
            print(f"differs: {q!r} {filters}")
    cpu = CpuClock(connection)
    orm_times, hand_times, orm_cpu, hand_cpu, hits = [], [], [], [], []
    for q, filters in queries:
        runs_orm, runs_hand, cpu_orm, cpu_hand = [], [], [], []
        for _ in range(args.rounds):
            started, used = time.perf_counter(), cpu.now()
            total, _ = orm(q, filters)
            runs_orm.append((time.perf_counter() - started) * 1000)
            cpu_orm.append(cpu.now() - used)
            if postgres:
                started, used = time.perf_counter(), cpu.now()
                hand(q, filters)
                runs_hand.append((time.perf_counter() - started) * 1000)
                cpu_hand.append(cpu.now() - used)
        orm_times.append(statistics.median(runs_orm))
        hand_times.append(statistics.median(runs_hand) if runs_hand else 0.0)
        orm_cpu.append(statistics.median(cpu_orm))
        hand_cpu.append(statistics.median(cpu_hand) if cpu_hand else 0.0)
        hits.append(total)

    load = " / ".join(f"{v:.2f}" for v in os.getloadavg())
    print(f"\n{len(queries)} queries (count + first page of {PAGE}), median of {args.rounds} runs each")
    print(
        f"median hits {statistics.median(hits):,.0f}; queries with more than {COUNT_CAP:,} hits: "
        f"{sum(h > COUNT_CAP for h in hits)}"
    )
    print(f"SQL per search (ORM): median {statistics.median(sql_queries):.0f}, max {max(sql_queries)}")
    print(f"load average (1 / 5 / 15 min) at the end: {load} on {os.cpu_count()} cores")
    print("| measure | p50 | p95 | max |")
    print("|---|---|---|---|")
    p50o, p95o = percentile(orm_times, 50), percentile(orm_times, 95)
    print(f"| catalogue_entries() (ORM) | {p50o:.1f} ms | {p95o:.1f} ms | {max(orm_times):.1f} ms |")
    if postgres:
        print(f"results differing between ORM and hand SQL: {mismatches}")
        p50h, p95h = percentile(hand_times, 50), percentile(hand_times, 95)
        print(f"| hand-written SQL | {p50h:.1f} ms | {p95h:.1f} ms | {max(hand_times):.1f} ms |")
        print(f"| ratio ORM / SQL | {p50o / p50h:.2f}× | {p95o / p95h:.2f}× | |")
    if postgres and cpu.backend:
        # What the searches cost, whatever else the machine runs: the wall-clock figures above
        # grow with the load average, these barely do.
        print("CPU time (this process + its PostgreSQL backend):")
        print("| measure | p50 | p95 | max |")
        print("|---|---|---|---|")
        for label, values in (("catalogue_entries() (ORM)", orm_cpu), ("hand-written SQL", hand_cpu)):
            p50, p95 = percentile(values, 50), percentile(values, 95)
            print(f"| {label} | {p50:.1f} ms | {p95:.1f} ms | {max(values):.1f} ms |")
    slow = sorted(zip(orm_times, queries, strict=True), reverse=True)[:5]
    print("slowest: " + "; ".join(f"{q!r} {f or ''} {t:.0f} ms" for t, (q, f) in slow))


if __name__ == "__main__":
    main()
