"""The home page: the headline event, key facts about the institutions, aims and principles, the
latest events, and pictures of the timeline and the scope."""

from __future__ import annotations

from nmikb.data.registry import EVENT, record_file
from nmikb.knowledge.base import KnowledgeBase
from nmikb.knowledge.facts import scope_anchor
from nmikb.pages.helpers import Helpers
from nmikb.pages.lists import GROUP_SAMPLE
from nmikb.pages.page import Page, site_page
from nmikb.pages.pictures.diagrams import scope_diagram
from nmikb.pages.pictures.timeline import HOME_EVENTS, timeline_strip


def home(kb: KnowledgeBase, h: Helpers) -> Page:
    headline = kb.event[kb.site.headline]

    def context(h: Helpers) -> dict:
        # Key facts about the institutions are the scope's relations grouped by what the data
        # says of them (in effect since…, added by a decision, announced): never a fixed "before".
        groups: dict[tuple[str, str], list] = {}
        for item in kb.scope.institutions:
            view = h.relation(item)
            groups.setdefault((h.relation_label(view), view.after_note), []).append(view)
        return {
            "headline": headline,
            "mission": kb.entity[kb.site.mission],
            "relations": [(label, note, views) for (label, note), views in groups.items()],
            "aims": kb.scope.aims,
            "principles": kb.scope.principles,
            "latest": [h.event_entry(e) for e in kb.timeline[-GROUP_SAMPLE:][::-1]],
            "counts": {
                "events": len(kb.events),
                "entities": len(kb.entities),
                "glossary": len(kb.glossary),
                "sources": len(kb.sources),
            },
            "explore": [
                ("timeline", "timeline/index.md"),
                ("scope", "scope.md"),
                ("entities", "entities/index.md"),
                ("glossary", "glossary/index.md"),
                ("sources", "sources/index.md"),
                ("coverage", "coverage.md"),
            ],
            "anchor": scope_anchor,
            # Pictures (nmikb/pages/pictures/): the timeline strip, and the scope diagram, small.
            "timeline_picture": timeline_strip(h, kb.timeline, "kb-pic-timeline", HOME_EVENTS),
            "scope_picture": scope_diagram(h, "kb-pic-scope", compact=True),
        }

    # The timeline strip is drawn from every event.
    return site_page(
        kb,
        h,
        "index",
        "index.md",
        "home.md.j2",
        context,
        [
            "data/site.yaml",
            "data/scope.yaml",
            record_file(EVENT, headline.id),
            f"data/{EVENT.folder}/",
        ],
    )
