"""The old addresses of merged records: a record that became part of another (`former_ids`) keeps
its page, which says so and leads to the record it is now part of. A reader who follows a link
or a citation to the old address lands where its content is."""

from __future__ import annotations

from collections.abc import Iterator

from nmikb.data.registry import EVENT, record_file
from nmikb.knowledge.base import KnowledgeBase
from nmikb.pages.helpers import Helpers
from nmikb.pages.lists import fixed
from nmikb.pages.page import Page, event_page


def redirects(kb: KnowledgeBase, h: Helpers) -> Iterator[Page]:
    for e in kb.events:
        for old in e.former_ids:
            title = h.L["redirect_title"].format(title=h.t(e.title))
            yield Page(
                event_page(old),
                "redirect.md.j2",
                title,
                h.t(e.summary),
                fixed({"old": old, "target": event_page(e.id), "e": e}),
                (record_file(EVENT, e.id),),
                # Out of the search index: the record it leads to is found there itself.
                search=False,
            )
