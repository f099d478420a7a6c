"""What a reader does, in a real headless Chromium: search, tooltips, keyboard, language switch,
accessibility — from disk (file://) and from a local server, with every request recorded."""

from __future__ import annotations

import functools
import http.server
import threading
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

import pytest

from conftest import PAGE_TYPES  # and the `browser` fixture: one Chromium for every browser test
from nmikb.knowledge.load import load_knowledge_base
from nmikb.pages.render import page_types

pytestmark = pytest.mark.browser

SHOTS = Path(__file__).resolve().parent.parent / "test-output" / "screenshots"


@contextmanager
def serving(folder: Path):
    """A local server of a built site, on 127.0.0.1; yields its root URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.fixture(scope="session")
def server(site):
    with serving(site) as url:
        yield url


@pytest.fixture(scope="session")
def tiny_server(tiny_site):
    with serving(tiny_site) as url:
        yield url


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(params=["file", "http"])
def base(request, site):
    """The real site's root URL, opened from disk and served on 127.0.0.1."""
    if request.param == "file":
        return site.as_uri() + "/"
    return request.getfixturevalue("server")


@pytest.fixture(params=["file", "http"])
def tiny_base(request, tiny_site):
    """The fixture's site's root URL, opened from disk and served on 127.0.0.1."""
    if request.param == "file":
        return tiny_site.as_uri() + "/"
    return request.getfixturevalue("tiny_server")


def _strip_query(href: str) -> str:
    path, _, rest = href.partition("?")
    return path + ("#" + rest.split("#", 1)[1] if "#" in rest else "")


class Reader:
    """A browser tab that records every request and every console error."""

    def __init__(self, browser, base: str, **context):
        self.context = browser.new_context(**context)
        self.page = self.context.new_page()
        self.base = base
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def open(self, rel: str):
        self.page.goto(self.base + rel)
        self.page.wait_for_load_state("load")
        return self.page

    def search(self, query: str) -> list[str]:
        page = self.page
        box = page.locator("input.md-search__input")
        answered = (
            "() => /\\d|^No |^Aucun/.test((document.querySelector('.md-search-result__meta') "
            "|| {}).textContent || '')"
        )
        # Type as a reader does. Material drops a query typed before its worker holds the index:
        # then type it again, a few times at most.
        opener = page.locator("label.md-header__button[for=__search]")
        if opener.is_visible():  # on a phone, search opens from the header's button first
            opener.click()
        box.click()
        for _ in range(5):
            box.press_sequentially(query, delay=10)
            try:
                page.wait_for_function(answered, timeout=3000)
                break
            except Exception:  # playwright's TimeoutError: not answered yet
                box.press("Control+A")
                box.press("Backspace")
        else:
            raise AssertionError(f"search never answered {query!r}")
        page.wait_for_timeout(200)
        # Each result links to its page and its sections; drop the highlight query (?h=...).
        return [
            _strip_query(a.get_attribute("href"))
            for a in page.locator(".md-search-result a.md-search-result__link").all()
        ]

    def foreign_requests(self) -> list[str]:
        own = urlparse(self.base)
        return [
            u
            for u in self.requests
            if not (
                u.startswith("file://")
                if own.scheme == "file"
                else urlparse(u).netloc == own.netloc
            )
            and not u.startswith(("data:", "about:"))
        ]

    def close(self):
        self.context.close()


@pytest.fixture
def reader(browser, base):
    """A tab on the real site."""
    r = Reader(browser, base, viewport={"width": 1280, "height": 900})
    yield r
    r.close()


@pytest.fixture
def tiny_reader(browser, tiny_base):
    """A tab on the fixture's site, whose words the tests know."""
    r = Reader(browser, tiny_base, viewport={"width": 1280, "height": 900})
    yield r
    r.close()


# Searches of the fixture's site (tests/fixtures/tiny/): (edition, query, a page it must find).
SEARCHES = [
    ("en", "MC", "glossary/municipal-council.html"),
    ("en", "Municipal council", "glossary/municipal-council.html"),
    ("en", "CC", "glossary/municipal-council.html"),
    ("en", "Conseil communal", "glossary/municipal-council.html"),
    ("en", "Trust", "entities/meuse-bridges-trust.html"),
    ("en", "Meuse Bridges Trust", "entities/meuse-bridges-trust.html"),
    ("en", "2025", "events/works-start.html"),
    ("fr", "MC", "glossary/municipal-council.html"),
    ("fr", "CC", "glossary/municipal-council.html"),
    ("fr", "communal", "glossary/municipal-council.html"),
    ("fr", "l’assemblée", "glossary/municipal-council.html"),
    ("fr", "votaient", "events/council-votes.html"),
    ("fr", "pont des Ardennes", "entities/ardennes-bridge.html"),
]


def found(hrefs: list[str], expected: str) -> bool:
    """Whether a page is among results: itself, or one of its sections (…/x.html#sources)."""
    return any(h.split("#")[0].endswith("/" + expected) for h in hrefs)


@pytest.mark.parametrize("lang,query,expected", SEARCHES)
def test_search_finds_pages_of_its_own_edition_only(tiny_reader, lang, query, expected):
    tiny_reader.open("fr/index.html" if lang == "fr" else "index.html")
    hrefs = tiny_reader.search(query)
    assert found(hrefs, expected), hrefs
    # French results stay under fr/; English ones never go there.
    assert all(("/fr/" in h) == (lang == "fr") for h in hrefs), hrefs
    assert tiny_reader.foreign_requests() == []
    assert tiny_reader.errors == []


@pytest.mark.parametrize("lang,prefix", [("en", ""), ("fr", "fr/")])
def test_search_of_the_real_site_finds_each_abbreviation_in_its_edition(reader, kb, lang, prefix):
    term = next(t for t in kb.glossary if t.form(lang).abbr)
    reader.open(prefix + "index.html")
    hrefs = reader.search(term.form(lang).abbr)
    assert found(hrefs, f"glossary/{term.id}.html"), hrefs
    assert all(("/fr/" in h) == (lang == "fr") for h in hrefs), hrefs
    assert reader.foreign_requests() == []
    assert reader.errors == []


def test_nonsense_query_finds_nothing(reader):
    reader.open("glossary/index.html")
    assert reader.search("qzxvw") == []


@pytest.mark.parametrize(
    "prefix,term,abbr,title",
    [
        ("", "municipal-council", "MC", "Municipal council (editors' translation)"),
        ("fr/", "municipal-council", "CC", "Conseil communal (forme des sources)"),
        ("fr/", "municipal-council", "MC", "Municipal council (traduction des rédacteurs en"),
        ("", "eu", "EU", "European Union (official name, editors' knowledge)"),
    ],
)
def test_abbreviation_tooltip_on_hover_and_on_keyboard_focus(
    tiny_reader, prefix, term, abbr, title
):
    page = tiny_reader.open(prefix + f"glossary/{term}.html")
    target = page.locator("article abbr", has_text=abbr).first
    target.hover()
    tooltip = page.locator(".md-tooltip2--active")
    tooltip.wait_for(timeout=5000)
    assert title in tooltip.inner_text()
    page.mouse.move(0, 0)
    page.locator(".md-tooltip2--active").wait_for(state="detached", timeout=5000)
    target.focus()
    page.locator(".md-tooltip2--active").wait_for(timeout=5000)
    assert title in page.locator(".md-tooltip2--active").inner_text()


def test_tooltips_are_set_up_on_first_use_and_escape_hides_them(tiny_reader):
    reader = tiny_reader
    page = reader.open("glossary/municipal-council.html")
    # Nothing is built for a tooltip before a reader asks for one (kb.js), and the search
    # polyfill is fetched by pages opened from disk only, where it is needed.
    assert page.locator(".md-tooltip2").count() == 0
    assert any(u.endswith("/iframe-worker.js") for u in reader.requests) == reader.base.startswith(
        "file:"
    )
    target = page.locator("article abbr", has_text="MC").first
    title = target.get_attribute("title")  # the long form, and what the site knows it from
    assert title.startswith("Municipal council")
    target.focus()
    tooltip = page.locator(".md-tooltip2--active")
    tooltip.wait_for(timeout=5000)
    assert "Municipal council" in tooltip.inner_text()
    assert target.get_attribute("aria-describedby") == tooltip.get_attribute("id")
    assert target.get_attribute("title") is None  # no second, native tooltip over it
    page.keyboard.press("Escape")
    page.locator(".md-tooltip2").wait_for(state="detached", timeout=5000)
    assert target.get_attribute("title") == title  # back as it was
    assert target.get_attribute("aria-describedby") is None
    assert reader.errors == []


def test_an_event_is_usable_with_the_keyboard_alone(tiny_reader):
    # Its citations quote a source in French: the original-language passage is a <details>.
    page = tiny_reader.open("events/council-votes.html")
    seen = []
    for _ in range(120):
        page.keyboard.press("Tab")
        seen.append(
            page.evaluate(
                "() => { const e = document.activeElement; return [e.tagName, e.closest('article') "
                "!== null, e.textContent.trim().slice(0, 40)] }"
            )
        )
        if seen[-1][0] == "SUMMARY":
            break
    assert ["A", True] in [s[:2] for s in seen], "links of the event are reachable by Tab"
    assert seen[-1][0] == "SUMMARY", "the original-language passage is reachable by Tab"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.parentElement.open") is True
    assert page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle") != "none"


def test_a_glossary_entry_is_reachable_from_its_entity(tiny_reader):
    page = tiny_reader.open("entities/namur-council.html")
    page.locator("article a[href='../glossary/municipal-council.html']").first.click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/glossary/municipal-council.html")
    assert "Municipal council" in page.locator("article h1").inner_text()


@pytest.mark.parametrize("page_name", ["index", "glossary/municipal-council", "timeline/index"])
def test_language_switcher_keeps_the_reader_on_the_same_page(tiny_reader, page_name):
    reader = tiny_reader
    page = reader.open(page_name + ".html")
    page.locator(".md-header__option .md-select").hover()
    page.locator("a.md-select__link[hreflang=fr]").click()
    page.wait_for_load_state("load")
    assert page.url.endswith(f"/fr/{page_name}.html")
    assert page.evaluate("() => document.documentElement.lang") == "fr"
    page.locator(".md-header__option .md-select").hover()
    page.locator("a.md-select__link[hreflang=en]").click()
    page.wait_for_load_state("load")
    assert page.url.endswith(f"/{page_name}.html") and "/fr/" not in page.url
    assert reader.foreign_requests() == []
    assert reader.errors == []


def test_palette_is_in_the_first_paint_and_the_readers_switch_holds_on_every_page(browser, server):
    """The palette a dark system asks for, and its toggle, are there without the theme's script
    (the page paints them first, not after that script); the reader's switch, by pointer or by
    Enter on the focused switch, holds on the next page opened."""
    state = (
        "() => [document.body.getAttribute('data-md-color-scheme'), [...document.querySelectorAll("
        "'.md-header__option label.md-header__button[for^=__palette]')].filter(l => !l.hidden)"
        ".map(l => l.title)]"
    )
    r = Reader(browser, server, viewport={"width": 1280, "height": 900}, color_scheme="dark")
    try:
        r.page.route("**/assets/javascripts/bundle.*.js", lambda route: route.abort())
        for name in PAGE_TYPES:
            r.open(name + ".html")
            assert r.page.evaluate(state) == ["slate", ["Switch to light mode"]], name
        r.open("fr/index.html")
        assert r.page.evaluate(state)[0] == "slate"
        r.page.unroute("**/assets/javascripts/bundle.*.js")
        r.errors.clear()

        page = r.open("scope.html")
        page.locator("label[title='Switch to light mode']").click()
        assert page.evaluate(state) == ["default", ["Switch to dark mode"]]
        page = r.open("coverage.html")
        assert page.evaluate(state) == ["default", ["Switch to dark mode"]]
        page.locator("input.md-option:checked").focus()
        page.keyboard.press("Enter")
        assert page.evaluate(state) == ["slate", ["Switch to light mode"]]
        assert r.open("index.html").evaluate(state) == ["slate", ["Switch to light mode"]]
        assert r.foreign_requests() == []
        assert r.errors == []
    finally:
        r.close()


def test_the_browsers_colour_metadata_follows_the_palette(browser, server):
    """theme-color (the colour of a phone browser's bar) and color-scheme say the header's colour
    and scheme, as the theme's palette component said them: set once the page is loaded (kb.js
    reads them when the browser is idle), and again when the reader switches. The reader's choice
    holds in the other edition too (one storage scope for the whole site)."""
    header = (
        "() => { const s = getComputedStyle(document.querySelector('header.md-header'));"
        " const meta = n => (document.querySelector(`meta[name=${n}]`) || {}).content;"
        " return [meta('color-scheme'), meta('theme-color'), s.colorScheme, '#' +"
        " s.backgroundColor.match(/\\d+/g).slice(0, 3)"
        ".map(c => (+c).toString(16).padStart(2, '0')).join('')]; }"
    )
    set_ = "() => !!document.querySelector('meta[name=theme-color][content^=\"#\"]')"
    r = Reader(browser, server, viewport={"width": 412, "height": 823}, color_scheme="dark")
    try:
        page = r.open("scope.html")
        page.wait_for_function(set_)
        scheme, theme, computed_scheme, computed_theme = page.evaluate(header)
        assert (scheme, theme) == (computed_scheme, computed_theme) and scheme == "dark"
        assert len(theme) == 7 and theme != "#000000"
        page.locator("label[title='Switch to light mode']").click()
        assert page.evaluate(header)[0] == "light"
        scheme, theme, computed_scheme, computed_theme = page.evaluate(header)
        assert (scheme, theme) == (computed_scheme, computed_theme)
        page = r.open("fr/index.html")
        page.wait_for_function(set_)
        assert page.evaluate(header)[0] == "light"
        assert r.errors == []
    finally:
        r.close()


@pytest.mark.parametrize("prefix", ["", "fr/"])
def test_every_page_type_loads_without_errors_or_foreign_requests(reader, prefix):
    for name in PAGE_TYPES:
        reader.open(prefix + name + ".html")
    assert reader.foreign_requests() == []
    assert reader.errors == []


def test_every_page_type_loads_without_errors_or_foreign_requests_with_a_contribution_added(
    browser, contributed_project, contributed_site
):
    # The proof of tests/test_contribution.py, in a real browser: the same, from disk.
    kb = load_knowledge_base(contributed_project)
    reader = Reader(
        browser, contributed_site.as_uri() + "/", viewport={"width": 1280, "height": 900}
    )
    try:
        for prefix in ("", "fr/"):
            for name in page_types(kb, contributed_project):
                reader.open(prefix + name + ".html")
        assert reader.foreign_requests() == []
        assert reader.errors == []
    finally:
        reader.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("prefix", ["", "fr/"])
def test_axe_finds_no_accessibility_violation(browser, site, prefix, scheme):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    r = Reader(
        browser, site.as_uri() + "/", viewport={"width": 1280, "height": 900}, color_scheme=scheme
    )
    try:
        found = {}
        for name in PAGE_TYPES:
            r.open(prefix + name + ".html")
            r.page.wait_for_timeout(100)
            assert r.page.evaluate("() => document.body.getAttribute('data-md-color-scheme')") == (
                "slate" if scheme == "dark" else "default"
            )
            result = axe.run(r.page)
            found[name] = [
                (v["id"], [n["target"] for n in v["nodes"][:3]])
                for v in result.response["violations"]
            ]
        assert found == {name: [] for name in PAGE_TYPES}
    finally:
        r.close()


@pytest.mark.parametrize(
    "label,context",
    [
        ("light", {"viewport": {"width": 1280, "height": 900}, "color_scheme": "light"}),
        ("dark", {"viewport": {"width": 1280, "height": 900}, "color_scheme": "dark"}),
        (
            "mobile",
            {
                "viewport": {"width": 390, "height": 844},
                "color_scheme": "light",
                "is_mobile": True,
                "has_touch": True,
            },
        ),
    ],
)
def test_screenshots_of_every_page_type(browser, site, label, context):
    SHOTS.mkdir(parents=True, exist_ok=True)
    r = Reader(browser, site.as_uri() + "/", **context)
    try:
        for prefix in ("", "fr/"):
            for name in PAGE_TYPES:
                page = r.open(prefix + name + ".html")
                path = SHOTS / f"{label}-{prefix.strip('/') or 'en'}-{name.replace('/', '-')}.png"
                page.screenshot(path=str(path), full_page=True)
                assert path.stat().st_size > 10_000
        if label == "mobile":  # nothing wider than the screen
            assert r.page.evaluate("() => document.documentElement.scrollWidth") <= 390
    finally:
        r.close()


def test_print_layout_hides_chrome_and_keeps_citations(browser, tiny_site):
    r = Reader(browser, tiny_site.as_uri() + "/")
    try:
        # An event that quotes a source in another language: the original is printed too.
        page = r.open("events/council-votes.html")
        page.emulate_media(media="print")
        assert page.locator(".md-header").is_hidden()
        assert page.locator(".md-sidebar--primary").is_hidden()
        assert page.locator(".kb-cite").first.is_visible()
        assert page.locator("details.kb-cite__original p").first.is_visible()
        pdf = SHOTS.parent / "event.pdf"
        SHOTS.parent.mkdir(parents=True, exist_ok=True)
        page.pdf(path=str(pdf))
        assert pdf.stat().st_size > 10_000
    finally:
        r.close()


# Every element's computed style (and its ::before/::after icons), as one string per element,
# kept in the page; only a hash of each crosses over to Python, the strings on a mismatch.
# Custom properties are left out: an unused one is what pruning removes, and a used one shows in
# the real properties that read it. Margins are compared through each element's box: Chromium
# now and then resolves the header's `margin: auto` to 0 while laying it out where it belongs.
_STYLES = """async () => {
  // Let the theme's script settle the layout first (it sizes the header and sidebars).
  for (let i = 0; i < 3; i++) await new Promise(done => requestAnimationFrame(done));
  const pseudo = ["content", "display", "width", "height", "color", "background-color",
  "mask-image", "-webkit-mask-image"];
  window.__styles = Array.from(document.querySelectorAll("*"), el => {
    const cs = getComputedStyle(el);
    let s = el.tagName + "." + el.className + " " + Array.from(cs).filter(p =>
    !/^(--|margin)/.test(p)).map(p => p + ":" + cs.getPropertyValue(p)).join(";");
    for (const pe of ["::before", "::after"]) {
      const ps = getComputedStyle(el, pe);
      s += " " + pe + " " + pseudo.map(p => p + ":" + ps.getPropertyValue(p)).join(";");
    }
    return s;
  });
  // FNV-1a, twice with different seeds: 64 bits per element.
  const fnv = (s, h) => { for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i),
  16777619); return (h >>> 0).toString(16); };
  // Each element's box, compared within a pixel: Chromium snaps an inline box to the pixel grid
  // by where it falls, so the same layout can round a 17.5 px line to 17 or 18 px.
  const boxes = Array.from(document.querySelectorAll("*"), el => {
    const r = el.getBoundingClientRect();
    return [r.x, r.y, r.width, r.height];
  });
  return window.__styles.map((s, i) => fnv(s, 0x811c9dc5) + fnv(s, 0x01000193) + "@" +
    boxes[i].map(v => v.toFixed(1)).join(","));
}"""


def _differing(mine: list[str], theirs: list[str]) -> list[int]:
    """The elements whose snapshots differ (all of them when the pages differ in length)."""
    if len(mine) != len(theirs):
        return list(range(max(len(mine), len(theirs))))
    return [i for i, (a, b) in enumerate(zip(mine, theirs, strict=True)) if not _same_look(a, b)]


def _same_look(a: str, b: str) -> bool:
    """One element's snapshot from each stylesheet: the same style, and a box within a pixel."""
    (style_a, box_a), (style_b, box_b) = a.split("@"), b.split("@")
    return style_a == style_b and all(
        abs(float(x) - float(y)) <= 1
        for x, y in zip(box_a.split(","), box_b.split(","), strict=True)
    )


_SEARCH_READY = (
    "() => !/Initiali/.test(document.querySelector('.md-search-result__meta').textContent)"
)


def _theme_stylesheets() -> dict[str, Path]:
    import material

    folder = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"
    return {name: next(folder.glob(f"{name}.*.min.css")) for name in ("main", "palette")}


def _serve_file(path: Path, route, *request) -> None:
    route.fulfill(path=str(path), content_type="text/css")


def _page_states(reader: Reader, query: str):
    """Each page of both editions, then the search panel with the results of `query`; yields a
    name for each."""
    for prefix in ("", "fr/"):
        for name in PAGE_TYPES:
            page = reader.open(prefix + name + ".html")
            # The search panel's hidden status line changes once the index is loaded.
            page.wait_for_function(_SEARCH_READY)
            yield prefix + name
        reader.open(prefix + "index.html")
        reader.search(query)
        reader.page.wait_for_timeout(500)  # on a phone, the search panel takes a moment to settle
        yield prefix + "search"


@pytest.mark.parametrize(
    "label,context",
    [
        ("light", {"viewport": {"width": 1280, "height": 900}, "color_scheme": "light"}),
        ("dark", {"viewport": {"width": 1280, "height": 900}, "color_scheme": "dark"}),
        (
            "mobile",
            {
                "viewport": {"width": 390, "height": 844},
                "color_scheme": "light",
                "is_mobile": True,
                "has_touch": True,
            },
        ),
    ],
)
def test_pruned_stylesheets_change_nothing_a_reader_sees(browser, server, kb, label, context):
    """The build drops the theme's CSS rules that no page can use (scripts/nmikb/site/slim.py).
    Proof that they were unused: every element of every page computes the same style as with
    Material's full stylesheets, in light, dark and on a phone, search results included."""
    pruned = Reader(browser, server, reduced_motion="reduce", **context)
    full = Reader(browser, server, reduced_motion="reduce", **context)
    for name, path in _theme_stylesheets().items():
        full.context.route(
            f"**/assets/stylesheets/{name}.*.min.css", functools.partial(_serve_file, path)
        )
    differences, states = [], 0
    try:
        # A word with results: an abbreviation of the glossary.
        query = next(t.en.abbr for t in kb.glossary if t.en.abbr)
        pairs = zip(_page_states(pruned, query), _page_states(full, query), strict=True)
        for state, same in pairs:
            assert state == same
            states += 1
            mine, theirs = pruned.page.evaluate(_STYLES), full.page.evaluate(_STYLES)
            # On a loaded machine the theme's script may still be sizing the header or a
            # sidebar when a snapshot is taken: a difference is measured again, up to four
            # times over two seconds, before it counts. One the pruning caused stays on every try.
            for _ in range(4):
                if not _differing(mine, theirs):
                    break
                pruned.page.wait_for_timeout(500)
                mine, theirs = pruned.page.evaluate(_STYLES), full.page.evaluate(_STYLES)
            assert len(mine) == len(theirs), state
            for i in _differing(mine, theirs):
                a, b = (r.page.evaluate(f"() => window.__styles[{i}]") for r in (pruned, full))
                a += ";box:" + mine[i].split("@")[1]
                b += ";box:" + theirs[i].split("@")[1]
                changed = sorted(set(a.split(";")) ^ set(b.split(";")))[:4]
                differences.append(f"{state}: {a.split(' ', 1)[0]}: {changed}")
    finally:
        pruned.close()
        full.close()
    assert states == 2 * (len(PAGE_TYPES) + 1)
    assert differences == []
