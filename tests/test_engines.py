"""The same generated trees, rendered by each engine of scripts/nmikb/site/engines.py, make the same
site.

MkDocs + Material (the `site` fixture) is the reference. ProperDocs and Zensical build the real
data through the real command line (`python -m nmikb site --engine …`), and the tests
compare: the same pages, the same main text on each (and the same article markup), and, in a
real headless Chromium from disk, offline reading and search. What differs is listed below with
its reason and asserted exactly: a new difference, or a listed one that went away, fails.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import posixpath
import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import PAGE_TYPES, ROOT, TINY, make_project
from nmikb.edition.address import ARCHIVE
from nmikb.site.build import BuildFailed, build_site
from nmikb.site.engines import DEFAULT, ENGINES

OTHERS = sorted(set(ENGINES) - {DEFAULT})

# Files of each build outside assets/ that are not pages: (only in MkDocs', only in the engine's).
# Zensical writes its own search index, `search.json`, and `search.js` (the same, as a script) for
# pages opened from disk, where Material writes `search/search_index.json` and, through its offline
# plugin, `search/search_index.js`; it writes no gzipped copy of the sitemap. Our search shards
# (`search/t/*.js`, `search/d/*.js`, scripts/nmikb/site/searchindex.py) are cut from Material's
# index only.
_ZENSICAL_MKDOCS_ONLY = {
    "search/search_index.json",
    "search/search_index.js",
    "search/<shards>",
    "sitemap.xml.gz",
}
_ZENSICAL_ONLY = {"search.json", "search.js"}
OTHER_FILES = {
    "properdocs": (set(), set()),
    "zensical": (
        {prefix + name for prefix in ("", "fr/") for name in _ZENSICAL_MKDOCS_ONLY},
        {prefix + name for prefix in ("", "fr/") for name in _ZENSICAL_ONLY},
    ),
}

# Searches of tests/test_browser.py.SEARCHES (on the fixture's site) whose expected page an
# engine does not show.
SEARCH_MISSES = {
    "properdocs": {},  # Material's own search, with our stemming wrapper: the same as MkDocs
    "zensical": {
        # Zensical ignores the search plugin's `lang` and `pipeline`: it does not stem, so the
        # imperfect "votaient" does not find the present "vote".
        ("fr", "votaient"): "no French stemming",
    },
}


def test_every_engine_whose_output_is_not_materials_says_why_the_steps_for_it_are_skipped():
    assert ENGINES[DEFAULT].material_output and ENGINES["properdocs"].material_output
    assert {
        name: bool(e.why_not_material) for name, e in ENGINES.items() if not e.material_output
    } == {"zensical": True}


def _pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


def build_with(engine: str, root: Path, out: Path) -> Path:
    """A project built by the command line with another engine."""
    result = subprocess.run(
        [sys.executable, "-m", "nmikb", "--root", str(root), "site", "--engine", engine]
        + ["--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
    )
    assert result.returncode == 0, result.stderr
    assert f"(English and French) with {engine} into {out}" in result.stdout
    return out


@pytest.fixture(scope="module", params=OTHERS)
def engine_site(request, tmp_path_factory) -> tuple[str, Path]:
    """The real data built by the command line with another engine."""
    engine = request.param
    return engine, build_with(engine, ROOT, tmp_path_factory.mktemp(engine) / "site")


@pytest.fixture(scope="module", params=OTHERS)
def engine_tiny_site(request, tmp_path_factory) -> tuple[str, Path]:
    """The fixture `tiny` built by the command line with another engine: the browser tests
    search it for words they know."""
    engine = request.param
    project = make_project(
        tmp_path_factory.mktemp(f"tiny-{engine}") / "project",
        data=TINY / "data",
        seeds=TINY / "seeds",
    )
    return engine, build_with(engine, project, project / "site")


@pytest.mark.build
def test_the_same_pages(site, engine_site):
    engine, other = engine_site
    assert _pages(other) == _pages(site)
    assert {f"{p}.html" for p in PAGE_TYPES} <= _pages(site)


@pytest.mark.build
def test_the_same_other_files_but_the_listed_ones(site, engine_site):
    engine, other = engine_site

    def files(root: Path) -> set[str]:
        found = {
            p.relative_to(root).as_posix()
            for p in root.rglob("*")
            if p.is_file() and p.suffix != ".html" and "assets" not in p.relative_to(root).parts
        }
        return {re.sub(r"search/[td]/[^/]+\.js$", "search/<shards>", f) for f in found}

    assert (files(site) - files(other), files(other) - files(site)) == OTHER_FILES[engine]


def _article(path: Path, rel: str) -> tuple[str, str]:
    """The main text of a page, whitespace-normalized, and its article's markup, normalized for
    the two ways Zensical writes the same article differently:
    - it puts the skip link's target, `<a id="__skip">`, inside the article (Material: before it);
    - it drops `data-search-exclude` attributes (our marks for Material's search index);
    - it spells links to other folders from the site's root (`../entities/kind/x.html` where
      MkDocs writes `kind/x.html`): both lead to the same file, so links are compared resolved.
    The Data page's size and SHA-256 of the offline archive differ too, by design: the archive
    holds each engine's own output, and so differs wherever that output does.
    """
    article = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").find("article")
    assert article is not None, rel
    for facts in article.select("#archive-facts"):
        facts.string = "(size and SHA-256 of this engine's archive)"
    text = " ".join(article.get_text(" ").split())
    for skip in article.select("a#__skip"):
        skip.decompose()
    # Zensical drops the data-search-exclude marks once it has read them for its own index.
    for marked in article.select("[data-search-exclude]"):
        del marked["data-search-exclude"]
    for link in article.find_all(href=True):
        href = link["href"]
        if not re.match(r"[a-z]+:|#", href):
            target, hash_, fragment = href.partition("#")
            link["href"] = (
                posixpath.normpath(posixpath.join(posixpath.dirname(rel), target))
                + hash_
                + fragment
            )
    return text, " ".join(str(article).split())


@pytest.mark.build
def test_the_same_main_text_and_article_on_every_page(site, engine_site):
    engine, other = engine_site
    texts, markup = [], []
    for rel in sorted(_pages(site)):
        (text, html), (their_text, their_html) = (
            _article(site / rel, rel),
            _article(other / rel, rel),
        )
        if text != their_text:
            texts.append(f"{rel}: {_first_difference(text, their_text)}")
        if html != their_html:
            markup.append(f"{rel}: {_first_difference(html, their_html)}")
    assert texts == []
    assert markup == []


def _first_difference(a: str, b: str) -> str:
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag != "equal":
            return f"{a[max(0, i1 - 40) : i2 + 20]!r} -> {b[max(0, j1 - 40) : j2 + 20]!r}"
    return ""


@pytest.mark.build
@pytest.mark.parametrize(
    "engine_site", ["properdocs"], indirect=True
)  # Zensical has its own build of the theme
def test_properdocs_makes_the_same_bytes_but_its_name(site, engine_site):
    engine, other = engine_site

    def digests(root: Path) -> dict[str, str]:
        out = {}
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            data = path.read_bytes()
            if path.name == ARCHIVE:  # it holds the pages below, generator tag included
                continue
            if (
                path.suffix == ".html"
            ):  # <meta name="generator" content="mkdocs-ProperDocs 1.6.7, …">
                data = re.sub(rb'<meta name="generator" content="[^"]*">', b"", data)
                data = re.sub(
                    rb'<span class="kb-archive-facts" id="archive-facts">[^<]*</span>', b"", data
                )  # that archive's size and hash
            out[path.relative_to(root).as_posix()] = hashlib.sha256(data).hexdigest()
        return out

    mine, theirs = digests(site), digests(other)
    assert sorted(k for k in mine.keys() | theirs.keys() if mine.get(k) != theirs.get(k)) == []
    assert 'content="mkdocs-ProperDocs ' in (other / "index.html").read_text(encoding="utf-8")


@pytest.mark.build
def test_zensical_build_is_strict_and_says_where(project):
    about = project / "docs" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n[gone](nowhere.md)\n", encoding="utf-8")
    with pytest.raises(BuildFailed) as err:
        build_site(project, project / "site", engine="zensical")
    lines = about.read_text(encoding="utf-8").count("\n")
    assert str(err.value).splitlines() == [
        "mkdocs.yml (zensical):",
        f"about.md:{lines}:8: page does not exist",
    ]
    assert not (project / "site").exists()


# In a real headless Chromium, from disk ------------------------------------------------------


def _zensical_search(reader, query: str) -> list[str]:
    """Zensical's search: a button that opens a dialog its script builds (in a shadow root, which
    Playwright's locators enter); it answers as the query changes, so wait until it settles."""
    from test_browser import _strip_query

    page = reader.page
    page.locator(".md-search__button").click()
    box = page.locator("dialog input[role=combobox]")
    box.fill(query)
    status, links = page.locator("dialog [role=status]"), page.locator("dialog a[role=option]")
    seen = None
    for _ in range(40):
        page.wait_for_timeout(150)
        now = (
            status.inner_text() if status.count() else "",
            [a.get_attribute("href") for a in links.all()],
        )
        if now == seen:
            break
        seen = now
    return [_strip_query(href) for href in seen[1]]


@pytest.mark.browser
def test_offline_reading_from_disk(browser, site, engine_site):
    from test_browser import Reader

    engine, other = engine_site
    reader = Reader(browser, other.as_uri() + "/", viewport={"width": 1280, "height": 900})
    try:
        for prefix in ("", "fr/"):
            for name in PAGE_TYPES:
                page = reader.open(prefix + name + ".html")
                # The page shows its article: the same title as in MkDocs' build.
                title = (
                    BeautifulSoup(
                        (site / f"{prefix}{name}.html").read_text(encoding="utf-8"), "html.parser"
                    )
                    .select_one("article h1")
                    .get_text()
                )
                assert (
                    page.locator("article h1").first.inner_text().replace("¶", "").split()
                    == title.replace("¶", "").split()
                ), name
        assert reader.foreign_requests() == []
        assert reader.errors == []
    finally:
        reader.close()


@pytest.mark.browser
def test_search_from_disk(browser, engine_tiny_site):
    from test_browser import SEARCHES, Reader, found

    engine, other = engine_tiny_site
    reader = Reader(browser, other.as_uri() + "/", viewport={"width": 1280, "height": 900})
    try:
        search = _zensical_search if engine == "zensical" else Reader.search
        misses, strays = {}, []
        # ProperDocs' files are MkDocs' byte for byte (asserted above), which tests/test_browser.py
        # searches in full: a word in each edition is enough to show its search runs from disk.
        searches = [s for s in SEARCHES if engine == "zensical" or s[1] in ("MC", "communal")]
        for lang, query, expected in searches:
            reader.open("fr/index.html" if lang == "fr" else "index.html")
            hrefs = search(reader, query)
            if not found(hrefs, expected):
                misses[(lang, query)] = hrefs[:3]
            strays += [
                h for h in hrefs if ("/fr/" in h) != (lang == "fr")
            ]  # each edition finds its own pages
        reader.open("index.html")
        assert search(reader, "qzxvw") == []
        assert strays == []
        assert sorted(misses) == sorted(SEARCH_MISSES[engine]), misses
        assert reader.foreign_requests() == []
        assert reader.errors == []
    finally:
        reader.close()


@pytest.mark.browser
def test_tooltips_and_language_switch_from_disk(browser, engine_tiny_site):
    from test_browser import Reader

    engine, other = engine_tiny_site
    reader = Reader(browser, other.as_uri() + "/", viewport={"width": 1280, "height": 900})
    try:
        for prefix, abbr, title in (
            ("", "MC", "Municipal council"),
            ("fr/", "CC", "Conseil communal"),
        ):
            page = reader.open(prefix + "glossary/municipal-council.html")
            target = page.locator("article abbr", has_text=abbr).first
            target.hover()
            page.locator(".md-tooltip2--active").wait_for(timeout=5000)
            assert title in page.locator(".md-tooltip2--active").inner_text()
            page.mouse.move(0, 0)
            page.locator(".md-tooltip2--active").wait_for(state="detached", timeout=5000)
            # keyboard users too: the build makes abbreviations focusable for every engine
            target.focus()
            page.locator(".md-tooltip2--active").wait_for(timeout=5000)
        page = reader.open("timeline/index.html")
        page.locator(".md-header__option .md-select").hover()
        page.locator("a.md-select__link[hreflang=fr]").click()
        page.wait_for_load_state("load")
        assert page.url.endswith("/fr/timeline/index.html")
        assert reader.foreign_requests() == []
        assert reader.errors == []
    finally:
        reader.close()
