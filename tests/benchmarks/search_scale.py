"""Search at 1,000 and 10,000 record pages per edition: sizes, bytes downloaded, time to first
results from disk and served, next to stock Material's search (whole index, lunr in the browser)
on the same pages. Prints figures; asserts nothing.

    .venv/bin/python tests/benchmarks/search_scale.py [pages ...]     (default: 1000 10000)

Each query is timed on a fresh page in a fresh browser context (nothing cached): the reader's
first query after opening a page, the slowest one.
"""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlparse

ROOT = Path(__file__).resolve().parents[2]
# The tests' helper that builds and searches synthetic sites (tests/synthetic_site.py).
sys.path.insert(0, str(ROOT / "tests"))

from nmikb.site.searchindex import shard_search_index  # noqa: E402
from synthetic_site import build, first_results  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
    "--disable-quic",
]
QUERIES = {
    "en": [
        "record 04242",
        "Mosul advisers",
        "security sector reform",
        "Kirkuk cadets staff college",
        "training",
    ],
    "fr": [
        "fiche 04242",
        "conseillers Mossoul",
        "réforme du secteur de la sécurité",
        "élèves de l’école d’état-major",
        "formation",
    ],
}
SEARCH_FILES = ("/search/", "/workers/", "/lunr/", "iframe-worker.js")


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(site: Path):
    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(site))
    )
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


def size_of(url: str, base: str, site: Path, served: dict[str, Path]) -> int:
    """Bytes of the file a request for `url` reads (what the server sends, uncompressed)."""
    rel = unquote(urlparse(url).path)[len(unquote(urlparse(base).path)) :]
    if rel in served:  # the stock run gets Material's whole index and worker instead of ours
        return served[rel].stat().st_size
    path = site / rel
    return path.stat().st_size if path.is_file() else 0


class Tab:
    """A fresh context and page that records which files search asks for, and when."""

    def __init__(self, browser, base: str, site: Path, served: dict[str, Path] | None = None):
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.base, self.site, self.served = base, site, served or {}
        self.requests: list[tuple[float, str]] = []
        for rel, path in self.served.items():
            self.context.route(base + rel + "*", functools.partial(_fulfil, path))
        self.page = self.context.new_page()
        self.page.on("request", lambda r: self.requests.append((time.perf_counter(), r.url)))

    def search_bytes(self, since: float = 0.0, until: float = float("inf"), only: str = "") -> int:
        return sum(
            size_of(u, self.base, self.site, self.served)
            for t, u in self.requests
            if since <= t < until and any(s in u for s in SEARCH_FILES) and only in u
        )

    def close(self):
        self.context.close()


def _fulfil(path: Path, route, *request):
    route.fulfill(
        path=str(path),
        content_type="application/javascript" if path.suffix == ".js" else "application/json",
    )


def measure(browser, base: str, site: Path, lang: str, served=None) -> dict:
    prefix = "fr/" if lang == "fr" else ""
    times, query_bytes, load_bytes, terms, docs = [], [], [], [], []
    for query in QUERIES[lang]:
        tab = Tab(browser, base, site, served)
        try:
            tab.page.goto(base + prefix + "events/00001.html")
            tab.page.wait_for_load_state("load")
            tab.page.wait_for_timeout(300)
            opened = time.perf_counter()
            times.append(first_results(tab.page, query, timeout=120))
            tab.page.wait_for_timeout(200)
            # On disk, the theme loads the index when search opens; served, when the page loads.
            load_bytes.append(tab.search_bytes(until=opened) if base.startswith("http") else 0)
            query_bytes.append(tab.search_bytes(since=opened))
            terms.append(tab.search_bytes(since=opened, only="/search/t/"))
            docs.append(tab.search_bytes(since=opened, only="/search/d/"))
        finally:
            tab.close()
    return {
        "median_s": statistics.median(times),
        "max_s": max(times),
        "page_load_bytes": statistics.median(load_bytes),
        "query_bytes": statistics.median(query_bytes),
        "max_query_bytes": max(query_bytes),
        "term_bytes": statistics.median(terms),
        "doc_bytes": statistics.median(docs),
    }


def kb(n: float) -> str:
    return f"{n / 1024:,.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:,.1f} MB"


def run(pages: int, work: Path, browser) -> None:
    started = time.perf_counter()
    site = build(work, pages)
    print(f"\n{pages:,} record pages per edition (built in {time.perf_counter() - started:.0f} s)")
    stock = {}  # what stock Material would serve: its whole index, its own worker
    for lang, sub in (("en", ""), ("fr", "fr/")):
        edition = site / sub
        index = edition / "search" / "search_index.json"
        full_copy = work / f"full-{lang}.json"
        shutil.copy(index, full_copy)
        stock[sub + "search/search_index.json"] = full_copy
        stock[sub + "assets/javascripts/workers/search-shards.js"] = next(
            (edition / "assets" / "javascripts" / "workers").glob("search.*.min.js")
        )
        docs = len(json.loads(index.read_text(encoding="utf-8"))["docs"])
        t0 = time.perf_counter()
        figures = shard_search_index(edition, lang)
        shard_seconds = time.perf_counter() - t0
        stub = (edition / "search" / "search_index.json").stat().st_size
        split = len(json.loads(index.read_text(encoding="utf-8"))["config"]["shards"]["split"])
        print(
            f"  {lang}: Material's index {kb(full_copy.stat().st_size)} ({docs:,} "
            f"entries) -> stub {kb(stub)} ({stub:,} bytes) + {figures['shards']:,} "
            f"shards, {kb(figures['bytes'])} in all, {split} split term shards; "
            f"split in {shard_seconds:.1f} s"
        )
    httpd, base = serve(site)
    try:
        for lang in ("en", "fr"):
            disk = measure(browser, site.as_uri() + "/", site, lang)
            served = measure(browser, base, site, lang)
            print(
                f"  {lang} ours : time to first results, median (max) of {len(QUERIES[lang])} "
                f"queries: file:// {disk['median_s']:.2f} s ({disk['max_s']:.2f}), "
                f"http {served['median_s']:.2f} s ({served['max_s']:.2f})"
            )
            print(
                f"  {lang} ours : search bytes per page "
                f"load (http): {kb(served['page_load_bytes'])}; "
                f"per first query: median {kb(served['query_bytes'])}, "
                f"max {kb(served['max_query_bytes'])} "
                f"(file:// median {kb(disk['query_bytes'])}, stub included); of "
                f"which term shards {kb(served['term_bytes'])}, document shards "
                f"{kb(served['doc_bytes'])}, the rest lunr and the stemmer, once per page"
            )
            theirs = measure(browser, base, site, lang, served=stock)
            print(
                f"  {lang} stock: time to first results, http: median {theirs['median_s']:.2f} "
                f"s (max {theirs['max_s']:.2f}); search "
                f"bytes per page load {kb(theirs['page_load_bytes'])}"
            )
    finally:
        httpd.shutdown()


def main(argv: list[str]) -> int:
    from playwright.sync_api import sync_playwright

    sizes = [int(a) for a in argv] or [1000, 10000]
    with sync_playwright() as p, tempfile.TemporaryDirectory() as tmp:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            for pages in sizes:
                run(pages, Path(tmp) / str(pages), browser)
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
