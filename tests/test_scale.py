"""The knowledge base at a few hundred events (the generator `make bench` uses at 10,000): one
page per record, lists cut into pages, small pages and a short sidebar, every link resolving,
and bad input among hundreds of files reported all at once, each problem at its place."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from benchmarks.synthetic import make_project
from conftest import PAGE_BOUND
from nmikb.data.problems import ProblemsFound
from nmikb.knowledge.load import load_knowledge_base
from nmikb.pages.lists import PAGE_SIZE
from nmikb.site.build import build_site
from nmikb.site.linkcheck import broken_links

pytestmark = pytest.mark.build
EVENTS = 300


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    # Four years only: about 75 events a year, so each year's list takes two pages.
    project = make_project(tmp_path_factory.mktemp("scale") / "kb", EVENTS, years=4)
    out = project / "site"
    result = build_site(project, out)
    return project, out, result


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_every_record_has_its_page_in_both_editions(large):
    project, out, result = large
    kb = result.kb
    for prefix in ("", "fr/"):
        for folder, records in (
            ("events", kb.events),
            ("entities", kb.entities),
            ("glossary", kb.glossary),
            ("sources", kb.sources),
        ):
            missing = [
                r.id for r in records if not (out / prefix / folder / f"{r.id}.html").is_file()
            ]
            assert missing == [], (prefix, folder)
    assert result.pages > 2 * (len(kb.events) + len(kb.entities))


def test_each_year_is_listed_in_pages_of_at_most_page_size_and_every_event_once(large):
    project, out, result = large
    listed = Counter()
    for page in sorted((out / "timeline").glob("*.html")):
        if page.name == "index.html":
            continue
        items = soup(page).select("article ol.kb-list > li")
        assert 0 < len(items) <= PAGE_SIZE, page.name
        # Each entry's link to its event (a mark beside its date leads to the event's Dates).
        listed.update(a["href"] for li in items for a in li.select("a:not(.kb-mark)"))
    assert set(listed.values()) == {1}
    assert len(listed) == len(result.kb.events)
    # A crowded year continues on its next pages, linked both ways.
    first, second = soup(out / "timeline" / "2000.html"), soup(out / "timeline" / "2000-2.html")
    assert first.select_one("nav.kb-pages a[href='2000-2.html']") is not None
    assert second.select_one("nav.kb-pages a[href='2000.html']") is not None
    assert int(second.select_one("article ol.kb-list")["start"]) == PAGE_SIZE + 1


def test_pages_stay_small_and_the_sidebar_stays_short(large, site, kb):
    project, out, _ = large
    sizes = {p.relative_to(out).as_posix(): p.stat().st_size for p in out.rglob("*.html")}
    biggest = max(sizes, key=sizes.get)
    assert sizes[biggest] < PAGE_BOUND, biggest

    def sidebar_links(page: Path) -> int:
        return len(soup(page).select(".md-sidebar--primary a"))

    # The same sidebar as the real site's, which has fifty times fewer events.
    event = kb.timeline[0]
    assert sidebar_links(out / "events" / "synthetic-event-0.html") == sidebar_links(
        site / "events" / f"{event.id}.html"
    )
    assert sidebar_links(out / "timeline" / "2000.html") == sidebar_links(
        site / "timeline" / f"{kb.dates[event.id].when.year}.html"
    )


def test_an_entity_with_many_events_lists_the_latest_and_links_the_rest(large):
    project, out, result = large
    busiest, events = max(result.kb.events_by_actor.items(), key=lambda kv: len(kv[1]))
    page = soup(out / "entities" / f"{busiest}.html")
    assert len(page.select("#events ~ ul.kb-list > li")) <= 10
    more = page.select_one("p.kb-more a")
    assert more is not None and str(len(events)) in more.get_text()
    target = (out / "entities" / more["href"]).resolve()
    assert target.is_file()


def test_every_link_of_the_large_site_resolves(large):
    assert broken_links(large[1]) == []


def test_bad_files_among_hundreds_are_all_reported_at_once(large, tmp_path):
    project = tmp_path / "broken"
    shutil.copytree(large[0], project, symlinks=True, ignore=shutil.ignore_patterns("site"))
    events = project / "data" / "events"
    (events / "synthetic-event-7.yaml").write_text(
        "id: synthetic-event-7\n\tdate: x\n", encoding="utf-8"
    )  # not YAML
    text = (events / "synthetic-event-8.yaml").read_text(encoding="utf-8")
    (events / "synthetic-event-8.yaml").write_text(
        text.replace('date: "', 'date: "x'), encoding="utf-8"
    )  # a bad date
    (events / "synthetic-event-9.yaml").rename(events / "event-nine.yaml")  # name and id disagree
    shutil.copy(
        project / "data" / "entities" / "synthetic-body-1.yaml", events / "synthetic-body-1.yaml"
    )  # wrong folder
    (events / "notes.txt").write_text("to do\n", encoding="utf-8")  # not a record
    shutil.rmtree(project / "data" / "glossary")
    (project / "data" / "glossary").mkdir()  # an empty folder
    with pytest.raises(ProblemsFound) as err:
        load_knowledge_base(project)
    lines = [str(p) for p in err.value.problems]
    expected = [
        r"data/events/event-nine\.yaml:2:5: id: id `synthetic-event-9` does "
        r"not match the file name `event-nine\.yaml` — rename the file to "
        r"synthetic-event-9\.yaml, or change the id to `event-nine`",
        r"data/events/notes\.txt:1:1: not a `\.yaml` file — only event records "
        r"\(`<id>\.yaml`\) belong in data/events/",
        r"data/events/synthetic-body-1\.yaml:1:1: this is an entity, not "
        r"an event — move it to data/entities/",
        r"data/events/synthetic-event-7\.yaml:2:1: YAML syntax: a tab character "
        r"where YAML expects spaces — indent with spaces, not tabs",
        r"data/events/synthetic-event-8\.yaml:3:7: date: `x[\d-]+` is not "
        r"a date — write the date in quotes as YYYY, YYYY-MM or YYYY-MM-DD, "
        r"e\.g\. \"2023-08-17\"",
        r"data/glossary/:1:1: no term records — add at least one file data/glossary/<id>\.yaml, "
        r"e\.g\. with `make new-term ID=my-term`",
    ]
    assert len(lines) == len(expected), lines
    for line, pattern in zip(lines, expected, strict=True):
        assert re.fullmatch(pattern, line), line
