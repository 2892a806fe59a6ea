"""Benchmark of the product-list import: a realistic 20,000-row xlsx into a fresh SQLite database.

    .venv/bin/python bench/bench_import.py [--rows 20000] [--keep]

Prints figures only (rows/s, peak memory); it never passes or fails. Goal: ≥ 1,000 rows/s and
≤ 300 MB peak, end to end (parse + validate + import).
"""

import argparse
import datetime
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PRODUCTS = [
    "Gạo thơm",
    "Mật ong hoa nhãn",
    "Bánh pía",
    "Nước mắm",
    "Trà mãng cầu",
    "Cà phê rang xay",
    "Rượu nếp",
    "Khô cá lóc",
    "Lạp xưởng",
    "Bánh tráng",
    "Tinh dầu sả",
    "Chiếu cói",
    "Mứt gừng",
    "Kẹo dừa",
    "Tôm khô",
    "Bưởi da xanh",
    "Xoài cát",
    "Hạt điều rang muối",
    "Nem chua",
    "Trà sen",
]
BRANDS = [
    "Phú Quý",
    "Hồng Phát",
    "Tân Lộc",
    "An Khang",
    "Mỹ Xuyên",
    "Sông Hậu",
    "Cửu Long",
    "Thành Đạt",
    "Kim Ngân",
]
PEOPLE = ["Nguyễn Văn", "Trần Thị", "Lê Văn", "Phạm Thị", "Huỳnh Văn", "Võ Thị", "Đặng Văn", "Bùi Thị"]
GIVEN = ["An", "Bình", "Cường", "Dung", "Hoa", "Hùng", "Lan", "Minh", "Nga", "Phúc", "Tâm", "Tư"]
TYPES = ["HTX", "Hợp tác xã", "Công ty TNHH", "Doanh nghiệp", "Hộ kinh doanh", "Cơ sở", "THT", "ho san xuat"]
GROUPS = [
    ("Thực phẩm", "Gạo, ngũ cốc"),
    ("food", ""),
    ("Đồ uống", "Rượu trắng"),
    ("Dược liệu và sản phẩm từ dược liệu", ""),
]


def setup_django(workdir: Path) -> None:
    os.environ["OCOP_DATA_DIR"] = str(workdir)
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["TASKS_BACKEND"] = "immediate"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop.settings")
    import django

    django.setup()


def places():
    """(commune, district, province, legacy?) taken from the database: current and legacy units."""
    from django.db.models import Count

    from ocop.geo.models import AdminUnit

    current = list(
        AdminUnit.objects.filter(scheme="current", level="commune")
        .select_related("province")
        .order_by("?")[:1500]
    )
    legacy = list(
        AdminUnit.objects.filter(scheme="legacy", level="commune")
        .annotate(n=Count("successions"))
        .filter(n=1)
        .select_related("province", "parent")
        .order_by("?")[:1500]
    )
    return [(u.name, "", u.province.short_name, False) for u in current] + [
        (u.name, u.parent.name if u.parent else "", u.province.short_name, True) for u in legacy
    ]


def generate(path: Path, rows: int, seed: int = 2026) -> None:
    from openpyxl import Workbook
    from stdnum.vn import mst

    from ocop.imports.imports import PRODUCT_COLUMNS

    rng = random.Random(seed)
    spots = places()
    reform, today = datetime.date(2025, 7, 1), min(datetime.date.today(), datetime.date(2026, 12, 31))
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Danh sách")
    sheet.append(["STT"] + [c.label for c in PRODUCT_COLUMNS])
    producer = None
    for n in range(rows):
        if producer is None or rng.random() < 0.45:
            commune, district, province, legacy = rng.choice(spots)
            kind = rng.choice(TYPES)
            base = f"{rng.randint(1, 96):02d}{rng.randint(0, 9999999):07d}"
            tax = base + mst.calc_check_digit(base) if rng.random() < 0.5 else ""
            if tax and not mst.is_valid(tax):
                tax = ""
            name = f"{kind} {rng.choice(BRANDS)} {rng.choice(PEOPLE)} {rng.choice(GIVEN)} {n}"
            producer = (name, kind, tax, commune, district, province, legacy)
        name, kind, tax, commune, district, province, legacy = producer
        if legacy:
            start, end = datetime.date(2019, 1, 1), reform - datetime.timedelta(days=1)
        else:
            start, end = reform, today
        decided = start + datetime.timedelta(days=rng.randint(0, (end - start).days))
        stars = rng.choices([3, 4, 5], [70, 27, 3])[0]
        score = {3: rng.uniform(50, 69.9), 4: rng.uniform(70, 89.9), 5: rng.uniform(90, 99)}[stars]
        group, product_set = rng.choice(GROUPS)
        date_cell = decided if n % 3 else f"{decided:%d/%m/%Y}"
        sheet.append(
            [
                n + 1,
                f"{rng.choice(PRODUCTS)} {rng.choice(BRANDS)} loại {n}",
                group,
                product_set,
                name,
                kind,
                tax,
                f"Ấp {rng.randint(1, 12)}",
                commune,
                district,
                province,
                f"{stars} sao" if n % 4 == 0 else stars,
                round(score, 1),
                f"{rng.randint(1, 3000)}/QĐ-UBND",
                date_cell,
                "",
                "",
                "",
            ]
        )
    workbook.save(path)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=20000)
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    options = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="ocop-bench-"))
    setup_django(workdir)
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"fresh SQLite database at {workdir}: migrated in {time.perf_counter() - started:.1f} s")

    from ocop.certification.models import Certificate
    from ocop.imports import imports
    from ocop.registry.models import Producer, Product

    path = workdir / "danh-sach.xlsx"
    started = time.perf_counter()
    generate(path, options.rows)
    print(
        f"generated {options.rows} rows ({path.stat().st_size / 1e6:.1f} MB) "
        f"in {time.perf_counter() - started:.1f} s"
    )
    print(f"peak memory before import: {peak_mb():.0f} MB")

    for label in ("first import", "re-import (idempotent)"):
        t0 = time.perf_counter()
        plan = imports.validate_file(path, kind=imports.PRODUCTS)
        t1 = time.perf_counter()
        counts = imports.import_plan(plan, actor="bench", keep_valid=True)
        t2 = time.perf_counter()
        total = t2 - t0
        print(f"\n{label}:")
        print(f"  parse + validate: {t1 - t0:6.2f} s  ({plan.total_rows / (t1 - t0):,.0f} rows/s)")
        print(f"  write:            {t2 - t1:6.2f} s")
        print(f"  end to end:       {total:6.2f} s  ({plan.total_rows / total:,.0f} rows/s)")
        print(f"  peak memory (ru_maxrss): {peak_mb():.0f} MB")
        print(
            f"  problems: {len(plan.errors)} errors on {plan.rows_rejected} rows, "
            f"{len(plan.warnings)} warnings"
        )
        print("  " + ", ".join(f"{k}={v}" for k, v in counts.items()))
    print(
        f"\ndatabase: {Producer.objects.count()} producers, {Product.objects.count()} products, "
        f"{Certificate.objects.count()} certificates"
    )
    if not options.keep:
        import shutil

        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
