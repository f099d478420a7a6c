"""What a reader sees of many sources, in a real headless Chromium, on the fixture that has them
(tests/fixtures/multi/): the marks of a date the editors inferred and of dates the sources
dispute, on the timeline (list and picture) and the event page, each with an accessible name and
its full words on hover; axe-core on the new page parts (an event's Dates, a source with no
stored text, the old address of a merged record); that old address leads to the record."""

from __future__ import annotations

import re

import pytest

from nmikb.edition.labels import labels
from test_browser import Reader, serving

pytestmark = pytest.mark.browser

EXTENDS = "cvb-extends-flood-watch"
BERNY = "berny-support-begins"
PREFIXES = {"en": "", "fr": "fr/"}


@pytest.fixture(scope="session")
def multi_server(multi_site):
    with serving(multi_site) as url:
        yield url


@pytest.fixture
def reader(browser, multi_site):
    r = Reader(browser, multi_site.as_uri() + "/", viewport={"width": 1280, "height": 900})
    yield r
    r.close()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_reader_sees_the_disagreement_and_inferred_marks_on_the_timeline(reader, lang):
    L = labels(lang)
    page = reader.open(PREFIXES[lang] + "timeline/index.html")  # the picture, then the years
    # Found by their accessible names, as assistive technology finds them.
    differ = page.locator("article .kb-list").get_by_role(
        "link", name=re.compile(re.escape(L["sources_differ"]))
    )
    assert differ.count() == 1 and differ.is_visible()
    assert differ.inner_text().strip() == L["sources_differ"]
    set_aside = f"({L['ranks']['set-aside']})"
    rival = page.locator("article .kb-list").get_by_role(
        "link", name=re.compile(re.escape(set_aside))
    )
    assert rival.count() == 1 and rival.is_visible()
    assert L["another_source"].split("{")[0].strip() in rival.inner_text()
    # The picture: an inferred date and another date a source gives, each named in words.
    assert page.locator("figure.kb-picture").is_visible()
    names = page.evaluate(
        "() => Array.from(document.querySelectorAll('figure.kb-picture svg g > title'),"
        " t => t.textContent)"
    )
    assert any(L["basis"]["inferred"]["month"] in n for n in names)
    assert any(set_aside in n for n in names)
    # Each event's mark is a link the keyboard reaches, named with what its date rests on.
    marked = page.locator("figure.kb-picture").get_by_role(
        "link", name=re.compile(re.escape(L["sources_differ"]))
    )
    assert marked.count() == 1
    assert reader.foreign_requests() == [] and reader.errors == []


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_reader_sees_on_the_event_page_what_its_date_rests_on(reader, lang):
    L = labels(lang)
    page = reader.open(PREFIXES[lang] + f"events/{BERNY}.html")
    phrase = page.locator(".kb-timeline__when .kb-precision")
    assert phrase.is_visible() and phrase.inner_text().startswith(L["sources_differ"])
    assert L["basis"]["inferred"]["month"] in phrase.inner_text()
    dates = page.locator("#dates + dl.kb-dates")
    assert dates.is_visible() and L["reading"] in dates.inner_text()
    page = reader.open(PREFIXES[lang] + f"events/{EXTENDS}.html")
    rival = page.locator(".kb-timeline__when a.kb-mark--rival")
    assert rival.is_visible()
    # Its full words on hover (kb.js tooltips), and the reason the editors set it aside.
    rival.hover()
    tooltip = page.locator(".md-tooltip2--active")
    tooltip.wait_for(timeout=5000)
    assert "Post" in tooltip.inner_text()
    # Following the mark leads to the Dates, where the date set aside is, with its reasoning.
    page.mouse.move(0, 0)
    rival.click()
    page.wait_for_function("() => location.hash === '#dates'")
    aside = page.locator(".kb-dates__value--set-aside")
    assert aside.is_visible() and L["basis"]["inferred"]["day"] in aside.inner_text()
    assert reader.errors == []


def test_a_quote_no_stored_copy_checks_is_marked_where_it_is_read(reader):
    page = reader.open("events/valmont-requests-support.html")
    mark = page.get_by_role("link", name=labels("en")["not_checked"])
    assert mark.count() == 1 and mark.is_visible()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_on_the_new_page_parts(browser, multi_site, multi_server, scheme):
    """An event page with its Dates and marks, a source with no stored text, and the old address
    of a merged record: served, with the record it leads to answering 204 (no content), so that
    the browser stays on the old address while axe checks it."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    r = Reader(browser, multi_server, viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    try:
        found = {}
        for prefix in PREFIXES.values():
            for name in (
                f"events/{EXTENDS}",
                f"events/{BERNY}",
                "sources/valmont-minutes-2024-04-12",
                "sources/gazette-review-2024-05-16",
                "scope",
                "entities/flood-watch",
            ):
                r.open(prefix + name + ".html")
                r.page.wait_for_timeout(100)
                found[prefix + name] = _violations(axe, r.page)
            r.page.route(
                f"**/{prefix}events/{EXTENDS}.html", lambda route: route.fulfill(status=204)
            )
            page = r.open(prefix + "events/cvb-adds-terms.html")
            page.wait_for_timeout(300)  # the refresh has been tried, and answered with no content
            assert page.url.endswith("/events/cvb-adds-terms.html")
            found[prefix + "redirect"] = _violations(axe, page)
            r.page.unroute(f"**/{prefix}events/{EXTENDS}.html")
        assert found == {name: [] for name in found}
    finally:
        r.close()


def _violations(axe, page) -> list:
    result = axe.run(page)
    return [(v["id"], [n["target"] for n in v["nodes"][:3]]) for v in result.response["violations"]]


@pytest.mark.parametrize("how", ["file", "http"])
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_old_address_of_a_merged_record_opens_the_record(browser, multi_site, how, lang):
    r = Reader(browser, multi_site.as_uri() + "/", viewport={"width": 1280, "height": 900})
    try:
        if how == "http":
            with serving(multi_site) as url:
                r.base = url
                _follow(r, lang)
        else:
            _follow(r, lang)
    finally:
        r.close()


def _follow(r: Reader, lang: str) -> None:
    page = r.page
    page.goto(r.base + PREFIXES[lang] + "events/cvb-adds-terms.html")
    page.wait_for_url(re.compile(rf"/{PREFIXES[lang]}events/{EXTENDS}\.html$"), timeout=10_000)
    title = {"en": "The Commission extends Flood Watch", "fr": "La Commission étend Flood Watch"}
    assert page.locator("h1").inner_text().startswith(title[lang])
    assert page.locator("#dates").count() == 1
    assert r.foreign_requests() == []
