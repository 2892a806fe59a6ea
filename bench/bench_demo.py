"""Time the demo registry load on a fresh temporary SQLite database.

    .venv/bin/python bench/bench_demo.py [--scale national|provinces] [--size N] [--seed S]

Reports figures only (STYLE.md: benchmarks never pass or fail on time). Goal for the national
scale: under 60 s on SQLite.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path


class _Lines:
    def write(self, message: str) -> None:
        print(message)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="national", choices=["national", "provinces"])
    parser.add_argument("--size", type=int, default=None, help="products at national scale (18000)")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="ocop-bench-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

    import django

    django.setup()
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    migrate_seconds = time.perf_counter() - started

    from ocop.demo.generator import load_registry_demo

    started = time.perf_counter()
    counts = load_registry_demo(scale=args.scale, seed=args.seed, size=args.size, stdout=_Lines())
    seconds = time.perf_counter() - started

    from django.db.models import Count
    from django.utils import timezone

    from ocop.certification.models import Certificate
    from ocop.certification.selectors import status_q

    today = timezone.localdate()
    valid = dict(
        Certificate.objects.filter(status_q("valid", today)).values_list("stars").annotate(n=Count("id"))
    )
    three_four = valid.get(3, 0) + valid.get(4, 0)
    print(f"database: {workdir / 'bench.sqlite3'}")
    print(f"migrate: {migrate_seconds:.1f} s")
    print(f"load_registry_demo(scale={args.scale!r}): {seconds:.1f} s")
    print(
        f"producers {counts['producers']}, products {counts['products']}, "
        f"certificates {counts['certificates']}, revoked {counts['revoked']}"
    )
    if three_four:
        share3, share4 = (100 * valid.get(stars, 0) / three_four for stars in (3, 4))
        print(
            f"valid today: {sum(valid.values())} — 3★ {valid.get(3, 0)} ({share3:.1f} %), "
            f"4★ {valid.get(4, 0)} ({share4:.1f} %), 5★ {valid.get(5, 0)}"
        )


if __name__ == "__main__":
    main()
