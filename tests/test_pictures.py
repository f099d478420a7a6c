"""Pictures drawn from the data (scripts/nmikb/pages/pictures/): each SVG parses, is named and
described in
its page's language, links only to pages that exist, comes out byte for byte the same, keeps
hostile data as text, and turns into counts per year when the timeline grows; in a real
Chromium, each is screenshotted, passes axe, and each of its marks is reached with Tab and leads
to its record."""

from __future__ import annotations

import json
import posixpath
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from benchmarks import synthetic
from conftest import FIXTURES, ROOT, make_project
from nmikb.edition.formats import format_partial_date
from nmikb.edition.labels import labels
from nmikb.knowledge.load import load_knowledge_base
from nmikb.pages.helpers import helpers
from nmikb.pages.pictures import diagrams, timeline
from nmikb.pages.render import render_pages

SVG = "{http://www.w3.org/2000/svg}"
FIGURE = re.compile(
    r'<figure class="kb-picture kb-picture--([a-z-]+)" data-search-exclude>(.*?)</figure>', re.S
)


def picture_pages(kb) -> dict[str, set[str]]:
    """Which pages carry which pictures, by the rule README states (*Pictures*): the home,
    timeline and scope pages, and each entity page where the data relates the entity to
    something (what it is part of, its parts, the mission's relation to it)."""
    pages = {
        "index": {"timeline", "scope-small"},
        "timeline/index": {"timeline"},
        "scope": {"scope"},
    }
    related = {i.entity for i in kb.scope.institutions} | {kb.scope.mission} | set(kb.children)
    for e in kb.entities:
        if e.id in related or e.part_of in kb.entity:
            pages[f"entities/{e.id}"] = {"relations"}
    return pages


def sample_pages(kb) -> list[str]:
    """A page of each kind of picture for the browser, where every page would take too long:
    the home, timeline and scope pages, the mission's, one entity for each state of the
    mission's relations (in effect, decided, announced) and one with parts."""
    h = helpers(kb, "en")
    pages = ["index", "timeline/index", "scope", f"entities/{kb.scope.mission}"]
    by_state = {}
    for item in kb.scope.institutions:
        by_state.setdefault(h.relation(item).state, item.entity)
    pages += [f"entities/{e}" for e in by_state.values()]
    pages += [f"entities/{e}" for e in list(kb.children)[:1]]
    return list(dict.fromkeys(pages))


# The browser tests' pages, in the real data, and the pictures each carries.
PICTURES = picture_pages(load_knowledge_base(ROOT))
BROWSER_PAGES = sample_pages(load_knowledge_base(ROOT))


def figures(markdown: str) -> list[tuple[str, ET.Element]]:
    """Each picture of a page: its kind and its parsed SVG."""
    return [(kind, ET.fromstring(svg)) for kind, svg in FIGURE.findall(markdown)]


def links(svg: ET.Element) -> list[str]:
    return [a.get("href") for a in svg.iter(f"{SVG}a")]


@pytest.fixture(scope="module")
def rendered(dataset):
    """The pages of the real data, and of the real data with a contribution, as rendered."""
    kb = dataset.kb
    return {lang: {p.name: p.markdown for p in render_pages(kb, lang)} for lang in ("en", "fr")}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_pictures_parse_with_title_and_description_in_the_page_language(dataset, rendered, lang):
    kb, L, h = dataset.kb, labels(lang), helpers(dataset.kb, lang)
    pages = rendered[lang]
    expected = picture_pages(kb)
    # Every page that the rule says carries pictures carries those, and no other page any.
    assert {n[:-3] for n, md in pages.items() if figures(md)} == set(expected)
    for name, kinds in expected.items():
        found = figures(pages[name + ".md"])
        assert {k for k, _ in found} == kinds, name
        for kind, svg in found:
            assert svg.get("role") == "group" and svg.get("viewBox").startswith("0 0 400 "), name
            title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
            # Named and described by its own title and desc: ids unique on the page.
            assert svg.get("aria-labelledby") == title.get("id") and svg.get(
                "aria-describedby"
            ) == desc.get("id")
            # The description says more than the title.
            assert title.text.strip() and desc.text.strip() and desc.text != title.text
            if kind == "timeline":
                assert title.text == L["pic_timeline_title"]
            elif kind.startswith("scope"):
                assert title.text == L["pic_scope_title"].format(
                    name=title.text.split(L["colon"])[0]
                )
            # Labels are real text in the page's language: each entity by its name there.
            words = " ".join(t for t in svg.itertext())
            for a in svg.iter(f"{SVG}a"):
                target = posixpath.basename(a.get("href").split("#")[0]).removesuffix(".html")
                if "entities/" in a.get("href") and target in kb.entity:
                    assert h.cap(h.t(kb.entity[target].name)) in "".join(a.itertext()), name
            if lang == "fr":  # the site's French typography holds inside pictures too
                assert not re.search(r" [;:!?]", words), name
        ids = re.findall(r'\bid="([^"]+)"', pages[name + ".md"])
        assert len(ids) == len(set(ids)), name


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_picture_links_lead_to_generated_pages_only(rendered, lang):
    pages = rendered[lang]
    html_pages = {n[:-3] + ".html" for n in pages}
    for name, markdown in pages.items():
        for _, svg in figures(markdown):
            for href in links(svg):
                assert not re.match(r"[a-z]+:", href) and not href.startswith("/"), (
                    href
                )  # relative, no scheme
                target = posixpath.normpath(
                    posixpath.join(posixpath.dirname(name), href.split("#")[0])
                )
                assert target in html_pages, (name, href)


def test_every_event_is_a_mark_drawn_by_its_precision(dataset, rendered):
    kb = dataset.kb
    ((_, svg),) = figures(rendered["en"]["timeline/index.md"])
    marks = {a.get("href"): a for a in svg.iter(f"{SVG}a")}
    assert set(marks) == {f"../events/{e.id}.html" for e in kb.events}
    for e in kb.events:
        view = kb.dates[e.id]
        a = marks[f"../events/{e.id}.html"]
        # The event's own mark (another date a source gives is drawn beside it, apart).
        [mark] = [
            el
            for el in a.iter()
            if el.get("class") in ("kb-pic-mark", "kb-pic-inferred", "kb-pic-span")
        ]
        shape = mark.tag.removeprefix(SVG)
        assert shape == ("circle" if view.when.precision == "day" else "rect"), e.id
        # Dashed when no source states the date outright, solid when one does.
        stated = view.basis == "stated" and view.aspect != "reported"
        assert (mark.get("stroke-dasharray") is None) == stated, e.id
        assert str(view.when.year) in "".join(a.itertext())


def test_pictures_are_the_same_bytes_every_time(dataset, rendered):
    format_partial_date.cache_clear()  # dates are cached where they are formatted
    again = {p.name: p.markdown for p in render_pages(dataset.kb, "fr")}
    pages = picture_pages(dataset.kb)
    for name in pages:
        assert FIGURE.findall(again[name + ".md"]) == FIGURE.findall(rendered["fr"][name + ".md"])
    # Coordinates are rounded: no float noise such as 12.300000000000001.
    for name in pages:
        assert not re.search(r'="-?\d+\.\d{2,}', rendered["en"][name + ".md"]), name


def test_a_relation_added_by_a_decision_is_drawn_dashed_and_said_in_words(tiny_kb):
    pages = {p.name: p.markdown for p in render_pages(tiny_kb, "en")}
    ((_, svg),) = figures(pages["entities/meuse-bridges-trust.md"])
    edges = [line for line in svg.iter(f"{SVG}line") if "kb-pic-edge" in line.get("class", "")]
    assert any(line.get("stroke-dasharray") == diagrams.DASH["decided"] for line in edges)
    assert "To be supported by (added by the decision" in " ".join(svg.itertext())
    # Where lines of several kinds meet, a key says what each means, in words.
    ((_, svg),) = figures(pages["scope.md"])
    assert "dashed line — added by a decision" in " ".join(svg.itertext())


def test_a_large_timeline_is_counted_per_year_with_links_to_the_years(tmp_path):
    project = synthetic.make_project(tmp_path / "big", 60, years=8)
    kb = load_knowledge_base(project)
    years = sorted({kb.dates[e.id].when.year for e in kb.events})
    pages = {p.name: p.markdown for p in render_pages(kb, "en")}
    for name in ("timeline/index.md", "index.md"):
        svg = next(svg for kind, svg in figures(pages[name]) if kind == "timeline")
        prefix = "" if name == "index.md" else "../"
        assert links(svg) == [f"{prefix}timeline/{y}.html" for y in years], name
        assert not any("events/" in href for href in links(svg))
        assert "counted per year" in svg.find(f"{SVG}desc").text
        # The count of each year is in its mark's name.
        for a in svg.iter(f"{SVG}a"):
            year = int(a.get("href")[-9:-5])
            count = sum(1 for e in kb.events if kb.dates[e.id].when.year == year)
            assert a.find(f"{SVG}title").text == (
                f"{year}: {count} events" if count > 1 else f"{year}: 1 event"
            )
    assert sum(1 for n in pages if re.fullmatch(r"timeline/\d{4}\.md", n)) == len(years)


def test_the_home_strip_counts_sooner_than_the_timeline_page(kb):
    # One event more than the home page draws one by one: it counts them per year; the timeline
    # page still draws each.
    from nmikb.pages.helpers import helpers

    h = helpers(kb, "en").at("index.md")
    many = (kb.timeline * (timeline.HOME_EVENTS + 1))[: timeline.HOME_EVENTS + 1]
    assert "counted per year" in str(timeline.timeline_strip(h, many, "x", timeline.HOME_EVENTS))
    assert "counted per year" not in str(timeline.timeline_strip(h, many, "x"))


HOSTILE = '<script>alert(1)</script> & "q" <!-- c --> ]]> {{ 7*7 }} *x*'


def test_a_hostile_name_stays_text_in_every_picture(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "tiny" / "data", data)
    for path in (data / "entities" / "ardennes-bridge.yaml", data / "events" / "works-start.yaml"):
        text = path.read_text(encoding="utf-8")
        # JSON is YAML: the English name or title becomes the hostile string, exactly.
        text, n = re.subn(
            r"^(name|title): \{en: [^,]+,",
            lambda m: f"{m[1]}: {{en: {json.dumps(HOSTILE)},",
            text,
            count=1,
            flags=re.M,
        )
        assert n == 1, path
        path.write_text(text, encoding="utf-8")
    kb = load_knowledge_base(
        make_project(tmp_path / "p", data=data, seeds=FIXTURES / "tiny" / "seeds")
    )
    pages = {p.name: p.markdown for p in render_pages(kb, "en")}
    seen = 0
    for name in (
        "scope.md",
        "index.md",
        "timeline/index.md",
        "entities/ardennes-bridge.md",
        "entities/namur-council.md",
    ):
        for _, svg in figures(pages[name]):
            assert [
                el.tag
                for el in svg.iter()
                if el.tag.split("}")[-1] in ("script", "foreignObject", "image")
            ] == []
            assert not [k for el in svg.iter() for k in el.attrib if k.lower().startswith("on")]
            seen += sum(HOSTILE in t for t in svg.itertext())
        assert "<script>" not in "".join(svg for _, svg in FIGURE.findall(pages[name]))
    assert seen >= 4  # shown, literally, as written


# In a real Chromium ----------------------------------------------------------------------------

SHOTS = ROOT / "test-output" / "pictures"
CONTEXTS = {
    "light": {"viewport": {"width": 1280, "height": 900}, "color_scheme": "light"},
    "dark": {"viewport": {"width": 1280, "height": 900}, "color_scheme": "dark"},
    "mobile": {
        "viewport": {"width": 390, "height": 844},
        "color_scheme": "light",
        "is_mobile": True,
        "has_touch": True,
    },
}


@pytest.fixture
def chromium(browser):
    """The session's one headless Chromium (conftest): Playwright allows one per thread."""
    return browser


@pytest.mark.browser
@pytest.mark.parametrize("label", list(CONTEXTS))
def test_screenshots_of_every_picture(chromium, site, label):
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = chromium.new_context(**CONTEXTS[label])
    page = context.new_page()
    try:
        for prefix in ("", "fr/"):
            for name in BROWSER_PAGES:
                page.goto(site.as_uri() + "/" + prefix + name + ".html")
                figs = page.locator("figure.kb-picture")
                assert figs.count() == len(PICTURES[name]), name
                for i in range(figs.count()):
                    box = figs.nth(i).bounding_box()
                    assert box["width"] > 250 and box["height"] > 60, name  # drawn, not collapsed
                    path = (
                        SHOTS
                        / f"{label}-{prefix.strip('/') or 'en'}-{name.replace('/', '-')}-{i}.png"
                    )
                    figs.nth(i).screenshot(path=str(path))
                    assert path.stat().st_size > 3_000
                if label == "mobile":  # legible on a phone: the page never scrolls sideways
                    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390, name
                    # 13-unit labels on a 400-unit viewBox: at least 10 px on screen.
                    assert (
                        page.evaluate(
                            "() => document.querySelector('figure.kb-picture "
                            "svg').getBoundingClientRect().width"
                        )
                        >= 310
                    )
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_on_pages_with_pictures(chromium, site, scheme):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    try:
        found = {}
        for prefix in ("", "fr/"):
            for name in BROWSER_PAGES:
                page.goto(site.as_uri() + "/" + prefix + name + ".html")
                page.wait_for_timeout(100)
                result = axe.run(page)
                found[prefix + name] = [
                    (v["id"], [n["target"] for n in v["nodes"][:3]])
                    for v in result.response["violations"]
                ]
        assert found == {prefix + name: [] for prefix in ("", "fr/") for name in BROWSER_PAGES}
    finally:
        context.close()


_FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || !el.closest) return null;
  const fig = el.closest('figure.kb-picture');
  return fig ? el.getAttribute('href') : (el === document.body ? 'BODY' : '');
}"""


@pytest.mark.browser
@pytest.mark.parametrize("prefix", ["", "fr/"])
def test_each_mark_is_reached_with_tab_and_leads_to_its_record(chromium, site, prefix):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        for name in BROWSER_PAGES:
            url = site.as_uri() + "/" + prefix + name + ".html"
            page.goto(url)
            marks = page.evaluate(
                "() => Array.from(document.querySelectorAll('figure.kb-picture "
                "a'), a => a.getAttribute('href'))"
            )
            assert marks, name
            reached = []
            for _ in range(600):
                page.keyboard.press("Tab")
                href = page.evaluate(_FOCUSED)
                if href and href != "BODY":
                    reached.append(href)
                if len(reached) == len(marks):
                    break
            assert reached == marks, name  # every mark, in drawing order
            # Enter on the last mark reached opens its record.
            # (SVG links navigate after the key event returns: wait for the navigation itself.)
            with page.expect_navigation(timeout=20_000):
                page.keyboard.press("Enter")
            target = (Path(url[len("file://") :]).parent / reached[-1].split("#")[0]).resolve()
            assert page.url.split("#")[0] == target.as_uri(), name
            assert page.locator("h1").count() == 1
    finally:
        context.close()
