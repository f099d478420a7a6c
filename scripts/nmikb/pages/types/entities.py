"""Who is who: its index (a few entities of each kind), a list per kind, and a page per entity
with its relations diagram and its latest events (the rest on its own event list pages)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace

from nmikb.data.models import Entity
from nmikb.data.registry import ENTITY, EVENT, record_file
from nmikb.knowledge.base import KnowledgeBase
from nmikb.knowledge.facts import scope_anchor
from nmikb.pages.helpers import Helpers
from nmikb.pages.lists import groups, index_page, list_pages
from nmikb.pages.page import Page, entity_page, sort_key
from nmikb.pages.pictures.diagrams import relations_diagram

ENTITY_EVENTS = 10  # events listed on an entity's own page; the rest on its event list pages


def entities(kb: KnowledgeBase, h: Helpers) -> Iterator[Page]:
    meta = kb.site.pages["entities"]
    by_kind: dict[str, list] = {}
    for e in sorted(kb.entities, key=lambda e: sort_key(h.t(e.name))):
        by_kind.setdefault(e.kind, []).append(e)
    kinds = sorted(by_kind, key=lambda k: sort_key(h.kind(k)))
    siblings = [(h.kind(k), f"entities/kind/{k}.md") for k in kinds]
    folder = [f"data/{ENTITY.folder}/"]
    keyed = [
        (f"kind-{k}", h.kind(k), f"entities/kind/{k}.md", [h.entity_entry(e) for e in by_kind[k]])
        for k in kinds
    ]
    yield index_page(
        "entities/index.md", h.t(meta.title), h.t(meta.description), groups(keyed), folder
    )
    for key, _title, href, entries in keyed:
        kind = key.removeprefix("kind-")
        yield from list_pages(
            href,
            f"entities/kind/{kind}-{{n}}.md",
            h.L["kind_title"].format(kind=h.kind_running(kind)),
            h.L["kind_description"].format(kind=h.kind_running(kind)),
            entries,
            folder,
            siblings,
        )
    for e in kb.entities:
        events = kb.events_by_actor.get(e.id, [])
        more = f"entities/{e.id}/events.md" if len(events) > ENTITY_EVENTS else None
        context = {
            "e": e,
            "children": kb.children.get(e.id, []),
            "term": kb.term_of_entity.get(e.id),
            "latest": events[-ENTITY_EVENTS:][::-1],
            "event_count": len(events),
            "more": more,
            "relations": [i for i in kb.scope.institutions if i.entity == e.id],
            "anchor": scope_anchor,
        }
        files = (record_file(ENTITY, e.id),) + (
            ("data/scope.yaml",) if context["relations"] or e.id == kb.scope.mission else ()
        )
        # The relations diagram (nmikb/pages/pictures/), drawn for the page it is on: None when
        # the data relates the entity to nothing.
        yield Page(
            entity_page(e.id),
            "entity.md.j2",
            h.cap(h.t(e.name)),
            h.t(e.description),
            _entity_context(context, e),
            files,
            record=(ENTITY, e),
            links=(more,) if more else (),
        )
        if more:
            title = h.L["events_of"].format(name=h.t(e.name))  # running text: the name as written
            yield from list_pages(
                more,
                f"entities/{e.id}/events-{{n}}.md",
                title,
                title,
                [h.event_entry(ev) for ev in events],
                [record_file(ENTITY, e.id), f"data/{EVENT.folder}/"],
                ordered=True,
            )


def _entity_context(context: dict, e: Entity) -> Callable[[Helpers], dict]:
    # Bound to its own entity: the pages are made in a loop. Its latest events are listed with
    # their dates and marks, without their summaries (those are on the event list pages).
    return lambda h: {
        **context,
        "events": [replace(h.event_entry(ev), blurb="") for ev in context["latest"]],
        "picture": relations_diagram(h, e),
    }
