"""`make audit`: Lighthouse scores and page weights of each page type, ours next to stock
Material built from the same pages in the same run. A benchmark that prints figures, not a test.

Needs Node.js (Lighthouse comes from package.json via `npm ci`) and Chromium.
Usage: audit.py [--edition fr] [--no-gzip] [--runs N] [--keep DIR] [page ...]   (pages: index
scope timeline/index ...; default: one page of each type). `--edition fr` (`make audit
EDITION=fr`) audits the French pages against stock Material built from them, in French.
Scores are the median of N runs (default 3), ours and stock taking turns: Lighthouse's
performance score moves by several points between identical runs, mostly through Total Blocking
Time (whether the theme's script runs in the same task as the end of the page's parsing or in a
task of its own changes it by ~100 ms, on either site).
Under each row, the medians of the figures the performance score is made of (FCP, LCP, Speed
Index, TBT, CLS) and of what explains them: main-thread time, DOM nodes. `--keep DIR` saves every
Lighthouse report (JSON) there, to read its diagnostics (mainthread-work-breakdown, bootup-time...).
The last line says on how many page types our performance score is at or above stock's, and
names the others.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from stock import build_stock

from nmikb.edition.editions import EDITIONS
from nmikb.knowledge.load import load_knowledge_base
from nmikb.pages.render import page_types
from nmikb.site.build import build_site

ROOT = Path(__file__).resolve().parents[2]

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
CATEGORIES_LINE = "performance, accessibility, best practices, SEO"
# Lighthouse audits whose numericValue is printed under each row (median of the runs): the metrics
# the mobile performance score weighs, then main-thread work and DOM size, which explain them.
DIAGNOSTICS = {
    "first-contentful-paint": ("FCP", "{:.0f}ms"),
    "largest-contentful-paint": ("LCP", "{:.0f}ms"),
    "speed-index": ("SI", "{:.0f}ms"),
    "total-blocking-time": ("TBT", "{:.0f}ms"),
    "cumulative-layout-shift": ("CLS", "{:.3f}"),
    "mainthread-work-breakdown": ("main thread", "{:.0f}ms"),
    "dom-size": ("DOM", "{:.0f} nodes"),
}


class _Host(http.server.SimpleHTTPRequestHandler):
    """Serves like the hosts the site is published on (GitHub Pages, any CDN): text is sent
    gzip-compressed to a browser that accepts it. Both sites get the same server."""

    COMPRESS = (".html", ".css", ".js", ".json", ".svg", ".xml")
    gzip = True  # `--no-gzip` measures without

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if not (
            self.gzip
            and path.suffix in self.COMPRESS
            and path.is_file()
            and "gzip" in self.headers.get("Accept-Encoding", "")
        ):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, *args):
        pass


def serve(folder: Path) -> str:
    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Host, directory=str(folder))
    )
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{httpd.server_address[1]}/"


def lighthouse(url: str, folder: Path, keep: Path | None = None) -> dict:
    env = dict(os.environ, CHROME_PATH=CHROMIUM)
    cmd = [
        str(LIGHTHOUSE),
        url,
        "--output=json",
        "--output-path=stdout",
        "--quiet",
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking "
        "--disable-component-update --no-first-run --disable-sync",
    ]
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=180)
    if out.returncode != 0:
        raise SystemExit(f"lighthouse failed on {url}:\n{out.stderr[-2000:]}")
    report = json.loads(out.stdout)
    if keep:
        keep.mkdir(parents=True, exist_ok=True)
        name = url.split("//", 1)[1].split("/", 1)[1].replace("/", "_")
        run = sum(1 for _ in keep.glob(f"{folder.parent.name}-{name}-*.json"))
        (keep / f"{folder.parent.name}-{name}-{run}.json").write_text(out.stdout, encoding="utf-8")
    diagnostics = {
        key: report["audits"][key].get("numericValue")
        for key in DIAGNOSTICS
        if key in report["audits"]
    }
    scores = {c: round(100 * (report["categories"][c]["score"] or 0)) for c in CATEGORIES}
    weights = dict.fromkeys(("html", "css", "js", "index", "other", "sent"), 0)
    # The site's root, not the page's folder: a page in timeline/ loads assets/ from one level up.
    base = url.split("//", 1)[0] + "//" + url.split("//", 1)[1].split("/", 1)[0] + "/"
    for item in report["audits"]["network-requests"]["details"]["items"]:
        name = item.get("url", "").split("?")[0].split("#")[0]
        if not name.startswith(base):
            continue  # data: URIs, inlined in the stylesheet already counted
        # Sizes come from the files, not from Lighthouse, which does not always record a
        # worker's transfer (stock Material's shows ~200 bytes for a 40 KB script).
        path = folder / name[len(base) :]
        size = path.stat().st_size
        weights["sent"] += (
            len(gzip.compress(path.read_bytes(), mtime=0))
            if _Host.gzip and path.suffix in _Host.COMPRESS
            else size
        )
        kind = item.get("resourceType", "")
        if "search_index" in name:
            weights["index"] += size
        elif kind == "Document":
            weights["html"] += size
        elif kind == "Stylesheet":
            weights["css"] += size
        elif kind == "Script" or path.suffix == ".js":
            weights["js"] += size
        else:
            weights["other"] += size
    failed = [
        a["title"]
        for a in report["audits"].values()
        if a.get("score") is not None and a["score"] < 1 and a.get("scoreDisplayMode") == "binary"
    ]
    return {"scores": scores, "weights": weights, "failed": failed, "diagnostics": diagnostics}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        description="Lighthouse scores and page weights, ours next to stock Material."
    )
    # Default: one page of each type the site has, as the layout makes them
    # (nmikb.pages.render.page_types): a new kind of page is audited as soon as it exists.
    parser.add_argument("pages", nargs="*", help="pages by path without .html (default: each type)")
    parser.add_argument(
        "--edition",
        choices=[e.lang for e in EDITIONS],
        default=EDITIONS[0].lang,
        help="the edition audited; stock Material is built from its pages, in its language",
    )
    parser.add_argument(
        "--runs", type=int, default=3, help="Lighthouse runs per page; the median is shown"
    )
    parser.add_argument("--no-gzip", dest="gzip", action="store_false", help="serve uncompressed")
    parser.add_argument(
        "--keep", type=Path, help="save every Lighthouse report (JSON) in this folder"
    )
    args = parser.parse_args(argv)
    edition = next(e for e in EDITIONS if e.lang == args.edition)
    args.pages = args.pages or page_types(load_knowledge_base(ROOT), ROOT, edition.lang)
    # Our site holds every edition, each under its folder; stock holds this edition at its root.
    folder = {"ours": edition.prefix + "/" if edition.prefix else "", "stock": ""}
    _Host.gzip = args.gzip
    if not LIGHTHOUSE.exists():
        print("Lighthouse is missing: run `make audit` (it runs `npm ci` first).", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        sites = {
            "ours": build_site(ROOT, Path(tmp) / "ours" / "site").site,
            "stock": build_stock(ROOT, Path(tmp) / "stock", edition),
        }
        urls = {name: serve(folder) for name, folder in sites.items()}
        how = "gzip-compressed, as GitHub Pages serves" if args.gzip else "uncompressed (--no-gzip)"
        print(
            f"Lighthouse {CATEGORIES_LINE}, mobile, median of {args.runs} runs; "
            f"served on 127.0.0.1 {how}; the {edition.lang!r} edition's pages."
        )
        print(
            "Bytes per page: decoded size of everything the page loads (html, "
            "css, js, search index), and what goes over the wire."
        )
        print()
        columns = ("html", "css", "js", "index")
        wide = max(16, *(len(page) for page in args.pages))  # the page column fits the longest name
        header = (
            f"{'page':<{wide}} {'site':<6} "
            + " ".join(f"{c[:4]:>5}" for c in CATEGORIES)
            + "   "
            + " ".join(f"{k:>8}" for k in (*columns, "total", "sent"))
        )
        print(header)
        print("-" * len(header))
        totals = {"ours": [], "stock": []}
        for page in args.pages:
            # Runs alternate between the two sites, so that a change in the machine's load
            # during a page's runs weighs on both the same way.
            all_runs: dict[str, list[dict]] = {name: [] for name in urls}
            for _ in range(args.runs):
                for name, base in urls.items():
                    all_runs[name].append(
                        lighthouse(f"{base}{folder[name]}{page}.html", sites[name], args.keep)
                    )
            for name, runs in all_runs.items():
                result = dict(
                    runs[0],
                    scores={c: statistics.median(r["scores"][c] for r in runs) for c in CATEGORIES},
                )
                w = result["weights"]
                total = sum(w[k] for k in (*columns, "other"))
                totals[name].append((result["scores"], total, w["sent"]))
                print(
                    f"{page:<{wide}} {name:<6} "
                    + " ".join(f"{result['scores'][c]:>5g}" for c in CATEGORIES)
                    + "   "
                    + " ".join(f"{w[k] / 1024:>7.1f}K" for k in columns)
                    + f" {total / 1024:>7.1f}K {w['sent'] / 1024:>7.1f}K"
                )
                figures = []
                for key, (label, form) in DIAGNOSTICS.items():
                    values = [
                        r["diagnostics"][key] for r in runs if r["diagnostics"].get(key) is not None
                    ]
                    if values:
                        figures.append(f"{label} {form.format(statistics.median(values))}")
                print(f"{'':<{wide + 7}}{', '.join(figures)}")
                if name == "ours" and result["failed"]:
                    print(f"{'':<{wide + 7}}failed audits: {', '.join(result['failed'])}")
        print()
        for name, rows in totals.items():
            means = {c: sum(r[0][c] for r in rows) / len(rows) for c in CATEGORIES}
            print(
                f"{'mean':<{wide}} {name:<6} "
                + " ".join(f"{means[c]:>5.1f}" for c in CATEGORIES)
                + f"   bytes/page {_mean(rows, 1) / 1024:.1f}K, sent {_mean(rows, 2) / 1024:.1f}K"
            )
        ours, stock = totals["ours"], totals["stock"]
        print(
            f"bytes per page, ours / stock: {_mean(ours, 1) / _mean(stock, 1):.2f} "
            f"decoded, {_mean(ours, 2) / _mean(stock, 2):.2f} sent"
        )
        # The first question a change must answer: is any page type now slower than stock's?
        behind = [
            f"{page} ({o[0]['performance']:g} vs {s[0]['performance']:g})"
            for page, o, s in zip(args.pages, ours, stock, strict=True)
            if o[0]["performance"] < s[0]["performance"]
        ]
        print(
            f"performance at or above stock's on {len(args.pages) - len(behind)} of "
            f"{len(args.pages)} page types" + (f"; behind on {', '.join(behind)}" if behind else "")
        )
    return 0


def _mean(rows: list[tuple], column: int) -> float:
    return sum(r[column] for r in rows) / len(rows)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
