"""The broken-input corpus through `ocop import_products --dry-run`, each case in its own process
under a 2 GB address-space limit: outcome, time, peak memory. Prints a table; never fails.

    .venv/bin/python bench/bench_broken_files.py [WORD …]   (only the cases whose name has a WORD)
"""

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
LIMIT = 2 * 1024**3


def main():
    workdir = Path(tempfile.mkdtemp(prefix="ocop-corpus-"))
    env = {**os.environ, "OCOP_DATA_DIR": str(workdir), "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}"}
    ocop = str(ROOT / ".venv" / "bin" / "ocop")
    subprocess.run([ocop, "migrate", "-v0"], env=env, check=True)
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop.settings")
    import django

    django.setup()
    from ocop.imports.tests.broken_files import CASES

    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (LIMIT, LIMIT))

    print("| case | file size | outcome | time | peak memory |\n|---|---|---|---|---|")
    only = sys.argv[1:]
    for case in [c for c in CASES if not only or any(o in c.name for o in only)]:
        path = workdir / case.filename
        case.build(path)
        started = time.perf_counter()
        done = subprocess.run(
            [ocop, "import_products", str(path), "--dry-run"],
            env=env,
            capture_output=True,
            text=True,
            preexec_fn=limit,
        )
        seconds = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        said = (done.stderr or done.stdout).strip().splitlines()
        if "Traceback" in done.stderr:
            outcome = "TRACEBACK"
        elif done.returncode == 0:
            outcome = "valid (would import)"
        elif "Không đọc được tệp" in done.stderr:
            outcome = "refused: " + said[0][:110]
        else:
            rows = [line for line in done.stdout.splitlines() if line.startswith("Dòng")]
            outcome = "row errors: " + (rows[0][:110] if rows else said[-1][:110])
        print(f"| {case.name} | {path.stat().st_size:,} B | {outcome} | {seconds:.1f} s | ≤ {peak:.0f} MB |")
        path.unlink()


if __name__ == "__main__":
    main()
