"""`make bench`: how long a build takes and how big the site is, ours next to a plain MkDocs
build of the same pages with stock Material. Prints figures and ratios; asserts nothing."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(Path(__file__).parent)]

from scripts.build import build_site  # noqa: E402
from scripts.load import load_knowledge_base  # noqa: E402
from stock import build_stock  # noqa: E402

RUNS = int(os.environ.get("RUNS", "3"))


def timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def size(folder: Path, suffixes=None) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and (suffixes is None or p.suffix in suffixes))


def main() -> int:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        load = [timed(lambda: load_knowledge_base(ROOT)) for _ in range(RUNS)]
        ours = [timed(lambda: build_site(ROOT, tmp / "ours" / "site")) for _ in range(RUNS)]
        english = [timed(lambda: subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(tmp / "en")], cwd=ROOT, env=env, check=True, capture_output=True)) for _ in range(RUNS)]
        stock = [timed(lambda: build_stock(ROOT, tmp / "stock")) for _ in range(RUNS)]
        site, stock_site = tmp / "ours" / "site", tmp / "stock" / "site"
        rows = [
            ("load + validate data", statistics.median(load)),
            ("our build, both editions, atomic, link-checked", statistics.median(ours)),
            ("our English edition, plain `mkdocs build`", statistics.median(english)),
            ("stock Material, same English pages", statistics.median(stock)),
        ]
        print(f"median of {RUNS} runs")
        for label, seconds in rows:
            print(f"  {label:<50} {seconds:6.2f} s")
        print(f"  ratio: English edition / stock            {rows[2][1] / rows[3][1]:6.2f}")
        print(f"  ratio: both editions / stock              {rows[1][1] / rows[3][1]:6.2f}")
        pages = len(list(site.rglob("*.html")))
        stock_pages = len(list(stock_site.rglob("*.html")))
        print("sizes")
        print(f"  ours:  {pages} pages, {size(site) / 1e6:.2f} MB in all, {size(site, {'.html'}) / pages / 1024:.1f} KB of HTML per page, {size(site, {'.map'}) / 1e6:.2f} MB of source maps")
        print(f"  stock: {stock_pages} pages, {size(stock_site) / 1e6:.2f} MB in all, {size(stock_site, {'.html'}) / stock_pages / 1024:.1f} KB of HTML per page")
    return 0


if __name__ == "__main__":
    sys.exit(main())
