"""Search on a made-up site of a few hundred record pages, in a real headless Chromium, from
disk and served: results appear, lead to pages that exist and hold every word of the query,
quickly, and nothing is asked of another host."""

from __future__ import annotations

import functools
import http.server
import json
import re
import threading
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from nmikb.site import searchindex
from nmikb.site.searchindex import shard_search_index
from synthetic_site import build, first_results
from test_browser import Reader, _QuietHandler  # `browser` is a fixture of conftest

pytestmark = [pytest.mark.browser, pytest.mark.build]

PAGES = 300
# The target is one second at 10,000 pages (tests/benchmarks/search_scale.py measures it); here
# the bound only catches a search that loads far too much, on a machine shared with others.
SLOW = 3.0


@pytest.fixture(scope="module")
def big_site(tmp_path_factory) -> Path:
    site = build(tmp_path_factory.mktemp("synthetic"), PAGES)
    # Term shards are split far sooner than in a real build, so that a few hundred pages
    # exercise what only thousands would: words found in a shard's children.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(searchindex, "SPLIT_BYTES", 2000)
        for edition, lang in ((site, "en"), (site / "fr", "fr")):
            figures = shard_search_index(edition, lang)
            assert figures["docs"] > PAGES
            split = json.loads(
                (edition / "search" / "search_index.json").read_text(encoding="utf-8")
            )["config"]["shards"]["split"]
            assert "re" in split or "fi" in split
    return site


@pytest.fixture(scope="module")
def big_server(big_site):
    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(big_site))
    )
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.fixture(params=["file", "http"])
def big_base(request, big_site):
    return (
        big_site.as_uri() + "/"
        if request.param == "file"
        else request.getfixturevalue("big_server")
    )


def result_pages(page, base: str, site: Path) -> list[Path]:
    """The file each result links to (section anchors and highlight queries dropped)."""
    out = []
    for a in page.locator(".md-search-result a.md-search-result__link").all():
        href = a.get_attribute("href")
        rel = unquote(urlparse(href).path)[len(unquote(urlparse(base).path)) :]
        out.append(site / rel)
    return out


def text_of(path: Path) -> str:
    html = path.read_text(encoding="utf-8")
    main = html[html.index("<article") : html.index("</article>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)).lower()


@pytest.mark.parametrize(
    "prefix,query,expected,words",
    [
        ("", "record 00137", "events/00137.html", ["00137"]),
        ("", "Mosul advisers", None, ["mosul", "advis"]),
        ("", "Kirkuk cadets staff college", None, ["kirkuk", "cadets", "staff", "college"]),
        ("fr/", "fiche 00042", "fr/events/00042.html", ["00042"]),
        ("fr/", "conseillers Mossoul", None, ["conseil", "mossoul"]),
        ("fr/", "l’école d’état-major", None, ["école", "état", "major"]),
    ],
)
def test_results_appear_fast_and_lead_to_pages_with_every_word(
    browser, big_site, big_base, prefix, query, expected, words
):  # noqa: F811
    reader = Reader(browser, big_base, viewport={"width": 1280, "height": 900})
    try:
        # A record page, one folder down: the worker and the shards are found from there too.
        page = reader.open(prefix + "events/00001.html")
        seconds = first_results(page, query)
        print(f"{big_base.split(':')[0]} {query!r}: first results in {seconds:.2f} s")
        pages = result_pages(page, big_base, big_site)
        assert pages, "no results"
        assert all(p.is_file() for p in pages), pages
        assert all(("/fr/" in p.as_posix()) == (prefix == "fr/") for p in pages)
        if expected:
            assert big_site / expected in pages
        for p in set(pages):
            text = text_of(p)
            assert all(w in text for w in words), (p, words)
        assert seconds < SLOW
        assert reader.foreign_requests() == []
        assert reader.errors == []
    finally:
        reader.close()


def test_nonsense_finds_nothing_on_a_large_site(browser, big_site, big_base):  # noqa: F811
    reader = Reader(browser, big_base, viewport={"width": 1280, "height": 900})
    try:
        page = reader.open("index.html")
        first_results(page, "qzxvw Mosul")
        assert result_pages(page, big_base, big_site) == []
        assert reader.errors == []
    finally:
        reader.close()


def test_a_page_load_downloads_almost_nothing_for_search(browser, big_site, big_server):  # noqa: F811
    reader = Reader(browser, big_server)
    try:
        reader.open("events/00001.html")
        reader.page.wait_for_timeout(500)  # the worker starts and asks for the stub
        loaded = [urlparse(u).path for u in reader.requests]
        assert not any("/search/t/" in u or "/search/d/" in u for u in loaded)
        stub = big_site / "search" / "search_index.json"
        assert "/search/search_index.json" in loaded and stub.stat().st_size < 4000
    finally:
        reader.close()


@pytest.mark.parametrize(
    "prefix,common,rare,more,one",
    [
        ("", "record", "record 00137", r"30\+ matching documents", "1 matching document"),
        ("fr/", "fiche", "fiche 00042", r"30\+ documents trouvés", "1 document trouvé"),
    ],
)
def test_the_count_of_results_says_when_there_are_more(
    browser, big_site, big_base, prefix, common, rare, more, one
):  # noqa: F811
    """A word in every record matches hundreds of pages; the worker shows the best 30, and the
    count says "30+" rather than a number of results that is not the number of matches."""
    reader = Reader(browser, big_base, viewport={"width": 1280, "height": 900})
    try:
        page = reader.open(prefix + "events/00001.html")
        first_results(page, common)
        page.wait_for_function(
            "() => /\\+/.test(document.querySelector('.md-search-result__meta').textContent)"
        )
        meta = page.locator(".md-search-result__meta").inner_text().strip()
        assert re.fullmatch(more, meta), meta
        first_results(page, rare)
        page.wait_for_function(
            "() => !/\\+/.test(document.querySelector('.md-search-result__meta').textContent)"
        )
        assert page.locator(".md-search-result__meta").inner_text().strip() == one
        assert reader.errors == []
    finally:
        reader.close()
