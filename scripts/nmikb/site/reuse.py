"""What `make serve` keeps between saves, so that a save renders again only what it can change."""

from __future__ import annotations

from pathlib import Path

from nmikb.data.registry import ENTITY, TERM
from nmikb.edition.address import Share
from nmikb.knowledge.base import KnowledgeBase
from nmikb.pages.page import entity_page, event_page
from nmikb.pages.render import RenderedPage


class Reuse:
    """What one edition's last write_tree rendered, kept by `make serve` between saves, so that
    the next one renders again only the pages and exports an edit can change.

    Any change but to events' contents (the site, the scope, an entity, a term, a source or its
    text, a record added or removed, the site's address or the data's history) renders
    everything. When only some events changed, what shows an event is rendered again: its own
    page and JSON, the home page, the scope, the timeline, the sources and coverage (the facts
    citing them), the Data page, and the pages of the entities it concerns (before or after the
    edit: their lists of events). Nothing else shows an event's data: another event's page shows
    that event alone, with its actors' names, its sources and the glossary's tooltips; an
    entity's page shows the events it is an actor of, and the scope's relations (which
    give the date of the event that decided them: if a changed event is one, every entity's page
    is rendered again); the glossary shows no event at all. Code, templates and configuration
    are the caller's to watch (nmikb/serve/preview.py starts a new Reuse when they change).
    """

    def __init__(self) -> None:
        self.kb: KnowledgeBase | None = None
        self.share: Share | None = None
        self.repo_url: str | None = None
        self.pages: dict[str, RenderedPage] = {}
        self.exports: dict[str, bytes] = {}
        self.tree: Path | None = None  # the tree last written, and its files
        self.files: dict[str, bytes] = {}

    def changed_events(
        self, kb: KnowledgeBase, share: Share | None, repo_url: str | None
    ) -> set[str] | None:
        """Ids of the events whose contents changed since the last call, or None when anything
        else did (or there was no last call): then nothing is kept."""
        old = self.kb
        if (
            old is None
            or share != self.share
            or repo_url != self.repo_url
            or old.site != kb.site
            or old.scope != kb.scope
            or old.sources != kb.sources
            or old.entities != kb.entities
            or old.glossary != kb.glossary
            or [e.id for e in old.events] != [e.id for e in kb.events]
            or {k: t.raw for k, t in old.texts.items()} != {k: t.raw for k, t in kb.texts.items()}
        ):
            return None
        return {new.id for new, was in zip(kb.events, old.events, strict=True) if new != was}

    def kept_pages(self, kb: KnowledgeBase, changed: set[str] | None) -> dict[str, RenderedPage]:
        """The pages of the last call that `changed` events leave as they were, by path."""
        old = self.kb
        if changed is None or old is None:
            return {}
        keep = {event_page(e.id) for e in kb.events if e.id not in changed}
        decided_by = {i.decided_by for i in kb.scope.institutions}
        if not changed & decided_by:
            actors = {a for ev in changed for a in (*old.event[ev].actors, *kb.event[ev].actors)}
            shown = {entity_page(a) for a in actors}
            keep |= {
                path
                for path in self.pages
                if path.startswith(f"{TERM.folder}/")
                or (
                    path.startswith(f"{ENTITY.folder}/")
                    and path not in shown
                    and not any(path.startswith(f"{ENTITY.folder}/{a}/") for a in actors)
                )
            }
        return {path: self.pages[path] for path in keep if path in self.pages}

    def keep(
        self,
        kb: KnowledgeBase,
        share: Share | None,
        repo_url: str | None,
        pages: list[RenderedPage],
        exports: dict[str, bytes],
    ) -> None:
        self.kb, self.share, self.repo_url = kb, share, repo_url
        self.pages = {p.name: p for p in pages}
        self.exports = exports
