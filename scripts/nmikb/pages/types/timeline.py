"""The timeline: its index (the strip, then a few events of each year), a list per year, and a
page per event."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from itertools import groupby

from nmikb.data.models import Event
from nmikb.data.registry import EVENT, record_file
from nmikb.knowledge.base import KnowledgeBase
from nmikb.pages.helpers import Helpers
from nmikb.pages.lists import groups, index_page, list_pages
from nmikb.pages.page import Page, event_page
from nmikb.pages.pictures.timeline import timeline_strip


def timeline(kb: KnowledgeBase, h: Helpers) -> Iterator[Page]:
    meta = kb.site.pages["timeline"]
    years = [
        (year, [h.event_entry(e) for e in events])
        for year, events in groupby(kb.timeline, key=lambda e: kb.dates[e.id].when.year)
    ]
    siblings = [(str(year), f"timeline/{year}.md") for year, _ in years]
    folder = [f"data/{EVENT.folder}/"]
    index = index_page(
        "timeline/index.md",
        h.t(meta.title),
        h.t(meta.description),
        groups([(f"year-{y}", str(y), f"timeline/{y}.md", entries) for y, entries in years]),
        folder,
    )
    # The timeline strip above the years (nmikb/pages/pictures/); links are relative to the page.
    list_context = index.context

    def with_strip(h: Helpers) -> dict:
        return {
            **list_context(h),
            "picture": timeline_strip(h, kb.timeline, "kb-pic-timeline"),
        }

    yield replace(index, context=with_strip)
    for year, entries in years:
        title = h.L["year_title"].format(year=year)
        yield from list_pages(
            f"timeline/{year}.md",
            f"timeline/{year}-{{n}}.md",
            title,
            h.L["year_description"].format(year=year),
            entries,
            folder,
            siblings,
            ordered=True,
        )
    for e in kb.events:
        yield Page(
            event_page(e.id),
            "event.md.j2",
            h.t(e.title),
            h.t(e.summary),
            _event_context(e),
            (record_file(EVENT, e.id),),
            record=(EVENT, e),
        )


def _event_context(e: Event) -> Callable[[Helpers], dict]:
    # Bound to its own event: the pages are made in a loop.
    return lambda h: {
        "e": e,
        "d": h.kb.dates[e.id],
        "year_page": f"timeline/{h.kb.dates[e.id].when.year}.md",
    }
