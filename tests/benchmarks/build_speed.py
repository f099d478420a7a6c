"""`make bench`: how the build grows with the knowledge base. Prints one table; asserts nothing.

For each size (SIZES=100,1000,10000 events by default) it writes a deterministic synthetic
knowledge base (synthetic.py), then measures:
- validate: `python -m nmikb validate`, a process of its own, as `make validate` runs it;
- render: writing both editions' Markdown trees (generate.py), in this process;
- build: `python -m nmikb site`, as `make site` runs it (validate, trees, both MkDocs
  builds, pruning, link check, atomic swap);
- plain: MkDocs + Material alone on the same generated trees, both editions side by side as our
  build runs them, none of our code in the timed run;
- ratio: build / plain;
- pages, the biggest HTML page, the links in the sidebar of a record page, the search files of
  each edition, the peak memory of any one process, and the reload time of `make serve` after
  one event's title changes (re-validate, rewrite changed pages, MkDocs' dirty build).
"""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

from synthetic import make_project  # noqa: E402

from nmikb.edition.editions import EDITIONS  # noqa: E402
from nmikb.knowledge.load import load_knowledge_base  # noqa: E402
from nmikb.serve.preview import Previewer  # noqa: E402
from nmikb.site.build import mkdocs_build, mkdocs_env  # noqa: E402
from nmikb.site.tree import write_tree  # noqa: E402

SIZES = [int(n) for n in os.environ.get("SIZES", "100,1000,10000").split(",")]


def timed(fn):
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def run(*args: str) -> None:
    subprocess.run(
        args, check=True, capture_output=True, env=dict(os.environ, NO_MKDOCS_2_WARNING="1")
    )


def size_of(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def measure(n: int, tmp: Path) -> dict:
    project = make_project(tmp / f"kb-{n}", n)
    py = sys.executable
    row: dict = {"events": n}
    row["validate"], _ = timed(lambda: run(py, "-m", "nmikb", "--root", str(project), "validate"))
    kb = load_knowledge_base(project)
    row["facts"] = len(kb.facts)
    trees = tmp / f"trees-{n}"
    row["render"], written = timed(
        lambda: [
            write_tree(kb, project, e, trees / e.lang, tmp / f"plain-{n}" / (e.prefix or "_root"))
            for e in EDITIONS
        ]
    )
    out = tmp / f"site-{n}"
    row["build"], _ = timed(
        lambda: run(py, "-m", "nmikb", "--root", str(project), "site", "--out", str(out))
    )
    row["peak_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

    def plain():
        procs = [
            mkdocs_build(t.config, tmp / f"plain-{n}" / t.root.name, mkdocs_env(project))
            for t in written
        ]
        for proc in procs:
            _, err = proc.communicate()
            if proc.returncode:
                raise SystemExit(f"plain MkDocs failed:\n{err[-2000:]}")

    row["plain"], _ = timed(plain)
    row["ratio"] = row["build"] / row["plain"]
    pages = [p for p in out.rglob("*.html")]
    biggest = max(pages, key=lambda p: p.stat().st_size)
    row["pages"] = len(pages)
    row["biggest"] = (
        f"{biggest.stat().st_size / 1024:.0f} KB ({biggest.relative_to(out).as_posix()})"
    )
    record = (out / "events" / "synthetic-event-0.html").read_text(encoding="utf-8")
    sidebar = re.search(r'<nav class="md-nav md-nav--primary".*?</nav>\s*</div>', record, re.S)
    row["sidebar"] = len(re.findall(r"<a ", sidebar.group(0))) if sidebar else -1
    row["search"] = " / ".join(f"{size_of(out / e.prefix / 'search') / 1e6:.2f}" for e in EDITIONS)
    row["reload"] = reload_time(project, tmp / f"serve-{n}")
    return row


def reload_time(project: Path, folder: Path) -> float:
    preview = Previewer(project, folder)
    preview.rebuild()
    event = project / "data" / "events" / "synthetic-event-0.yaml"
    event.write_text(
        event.read_text(encoding="utf-8").replace("measure 0", "measure zero", 1), encoding="utf-8"
    )
    seconds, ok = timed(preview.rebuild)
    assert ok and "measure zero" in (
        folder / "site" / "events" / "synthetic-event-0.html"
    ).read_text(encoding="utf-8")
    return seconds


def main() -> int:
    columns = [
        ("events", "{}"),
        ("facts", "{}"),
        ("validate", "{:.1f} s"),
        ("render", "{:.1f} s"),
        ("build", "{:.1f} s"),
        ("plain", "{:.1f} s"),
        ("ratio", "{:.2f}"),
        ("pages", "{}"),
        ("biggest", "{}"),
        ("sidebar", "{}"),
        ("search", "{} MB"),
        ("peak_mb", "{:.0f} MB"),
        ("reload", "{:.1f} s"),
    ]
    print("| " + " | ".join(name for name, _ in columns) + " |")
    print("|" + "---|" * len(columns))
    with tempfile.TemporaryDirectory() as tmp:
        for n in SIZES:
            row = measure(n, Path(tmp))
            print(
                "| " + " | ".join(fmt.format(row[name]) for name, fmt in columns) + " |", flush=True
            )
    print(
        "build = `make site` (both editions); plain = MkDocs + Material "
        "alone on the same generated pages, both editions side by side;"
    )
    print(
        "search = the search files of each edition (en / fr); sidebar = "
        "links in a record page's navigation; reload = `make serve` after one edit."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
