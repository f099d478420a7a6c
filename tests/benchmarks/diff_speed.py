"""How `nmi-kb diff` grows with the knowledge base. Prints one table; asserts nothing.

For each size (SIZES=100,1000,10000 events by default) it commits a deterministic synthetic
knowledge base (synthetic.py) to a fresh git repository, then a small pull request on top (one
event's summary reworded, one event removed, one citation added to an existing event), and
measures:
- diff: `python -m nmikb diff HEAD~1 HEAD`, a process of its own, as `make diff` runs it;
- the parts, in this process: reading both commits (git archive and validation), reducing each to
  its claims and comparing them, and rendering both sides' pages to find those that change;
- the peak memory of the diff's process, and the length of its report.

    .venv/bin/python tests/benchmarks/diff_speed.py        # SIZES=1000 for one size
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))

from synthetic import make_project  # noqa: E402

from nmikb.review.claims import claims_of  # noqa: E402
from nmikb.review.compare import compare  # noqa: E402
from nmikb.review.pagediff import changed_pages  # noqa: E402
from nmikb.review.sides import knowledge_at, resolve  # noqa: E402
from review_repo import GIT_ENV, commit, git  # noqa: E402

SIZES = [int(n) for n in os.environ.get("SIZES", "100,1000,10000").split(",")]


def timed(fn):
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def small_change(project: Path) -> None:
    events = project / "data" / "events"
    first = events / "synthetic-event-0.yaml"
    first.write_text(
        first.read_text(encoding="utf-8").replace("measure 0", "measure zero", 1), encoding="utf-8"
    )
    (events / "synthetic-event-1.yaml").unlink()
    created = events / "nmi-created.yaml"
    created.write_text(
        created.read_text(encoding="utf-8")
        + "  - source: lesoir-2023-08-17\n    quote: date de sa création\n"
        + "    translation:\n      en: the year it was created\n",
        encoding="utf-8",
    )


def measure(n: int, tmp: Path) -> dict:
    project = make_project(tmp / f"kb-{n}", n)
    git(project, "init", "--quiet", "--initial-branch=main")
    commit(project, "base")
    small_change(project)
    commit(project, "a small change")
    row: dict = {"events": n}
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "nmikb", "--root", str(project), "diff", "HEAD~1", "HEAD"],
        capture_output=True,
        text=True,
        env=GIT_ENV,
    )
    row["diff"] = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(f"the diff failed:\n{done.stderr[-2000:]}")
    row["lines"] = len(done.stdout.splitlines())
    row["peak_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    old, new = resolve(project, "HEAD~1", "BASE"), resolve(project, "HEAD", "HEAD")
    with knowledge_at(project, old) as a, knowledge_at(project, new) as b:
        row["read"] = 0.0  # measured below, each side on its own
        row["claims"], _ = timed(lambda: compare(claims_of(a), claims_of(b)))
        row["pages"], changes = timed(lambda: changed_pages(a, b))
        row["changed"] = " / ".join(str(c.count) for c in changes)
    row["read"], _ = timed(lambda: _read_both(project, old, new))
    return row


def _read_both(project, old, new) -> None:
    with knowledge_at(project, old), knowledge_at(project, new):
        pass


def main() -> int:
    columns = [
        ("events", "{}"),
        ("diff", "{:.1f} s"),
        ("read", "{:.1f} s"),
        ("claims", "{:.2f} s"),
        ("pages", "{:.1f} s"),
        ("changed", "{}"),
        ("lines", "{}"),
        ("peak_mb", "{:.0f} MB"),
    ]
    print("  ".join(f"{name:>10}" for name, _ in columns))
    with tempfile.TemporaryDirectory(prefix="nmi-kb-diff-bench-") as tmp:
        for n in SIZES:
            row = measure(n, Path(tmp))
            print("  ".join(f"{fmt.format(row[name]):>10}" for name, fmt in columns), flush=True)
    print(
        "diff: the whole command; read: both commits read and validated; claims: reduced and "
        "compared; pages: both sides' pages rendered and compared; changed: pages that change "
        "(English / French)."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
