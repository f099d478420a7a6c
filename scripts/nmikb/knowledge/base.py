"""The validated knowledge base as one object, with look-ups and an index of every fact, each
worked out once for both editions."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from nmikb.data.models import (
    ContextNote,
    Entity,
    Event,
    Scope,
    Site,
    Source,
    Statement,
    Term,
    Text,
)
from nmikb.data.quotes import SourceText
from nmikb.data.registry import ENTITY, EVENT, SOURCE, TERM, RecordKind, record_file
from nmikb.data.yamlsafe import Loaded

from .coverage import SentenceView, coverage
from .facts import Fact, scope_anchor


@dataclass
class KnowledgeBase:
    root: Path
    site: Site
    scope: Scope
    sources: list[Source]
    entities: list[Entity]
    events: list[Event]
    glossary: list[Term]
    loaded: dict[str, Loaded] = field(default_factory=dict)  # by file, relative to the root

    def __post_init__(self):
        self.source = {s.id: s for s in self.sources}
        self.entity = {e.id: e for e in self.entities}
        self.event = {e.id: e for e in self.events}
        self.term = {t.id: t for t in self.glossary}

    def records(self, kind: RecordKind) -> list:
        by_kind: dict[RecordKind, list] = {
            SOURCE: self.sources,
            ENTITY: self.entities,
            EVENT: self.events,
            TERM: self.glossary,
        }
        return by_kind[kind]

    @cached_property
    def timeline(self) -> list[Event]:
        # Oldest first; equal dates in id order, which is the order of the files on disk.
        return sorted(self.events, key=lambda e: (e.date, e.id))

    @cached_property
    def events_by_actor(self) -> dict[str, list[Event]]:
        """Each entity's events, oldest first: one pass over the timeline for all entities."""
        out: dict[str, list[Event]] = {}
        for event in self.timeline:
            for actor in dict.fromkeys(event.actors):
                out.setdefault(actor, []).append(event)
        return out

    @cached_property
    def children(self) -> dict[str, list[Entity]]:
        out: dict[str, list[Entity]] = {}
        for e in self.entities:
            if e.part_of:
                out.setdefault(e.part_of, []).append(e)
        return out

    @cached_property
    def term_of_entity(self) -> dict[str, Term]:
        return {t.entity: t for t in self.glossary if t.entity}

    @cached_property
    def texts(self) -> dict[str, SourceText]:
        """Each source's stored text, read and normalized once, for sources whose file exists."""
        out = {}
        for s in self.sources:
            path = self.source_path(s)
            if path.is_file():
                out[s.id] = SourceText(path.read_text(encoding="utf-8"), s.body_start, s.body_end)
        return out

    @cached_property
    def facts(self) -> list[Fact]:
        """Every cited fact (the models are frozen, so once is enough)."""
        out: list[Fact] = []
        for e in self.events:
            out.append(_record(EVENT, e.id, e.title, e.citations))
        scope = self.scope
        out.append(_statement("scope", scope.role, "data/scope.yaml", ("scope", "role")))
        for i, item in enumerate(scope.institutions):
            name = (
                self.entity[item.entity].name
                if item.entity in self.entity
                else Text(en=item.entity, fr=item.entity)
            )
            out.append(
                Fact(
                    "scope",
                    scope_anchor(item),
                    name,
                    tuple(item.citations),
                    "data/scope.yaml",
                    ("scope", "institutions", i),
                )
            )
        for group in ("activities", "principles", "aims"):
            for i, st in enumerate(getattr(scope, group)):
                out.append(_statement("scope", st, "data/scope.yaml", ("scope", group, i)))
        for ent in self.entities:
            out.append(_record(ENTITY, ent.id, ent.name, ent.citations))
            for j, st in enumerate(ent.facts):
                out.append(
                    _statement(
                        f"{ENTITY.folder}/{ent.id}", st, record_file(ENTITY, ent.id), ("facts", j)
                    )
                )
        for t in self.glossary:
            out.append(_record(TERM, t.id, Text(en=t.en.full, fr=t.fr.full), t.citations))
        for s in self.sources:
            out.append(_record(SOURCE, s.id, s.title.text, s.attribution))
        return out

    @cached_property
    def context_notes(self) -> list[tuple[Fact, int, ContextNote]]:
        """Every note the editors add, with the fact it belongs to and its number there: the
        statements no quote carries, listed together so a reviewer can audit them at once."""
        by_place = {(f.page, f.anchor): f for f in self.facts}
        out = []
        for kind, records in ((EVENT, self.events), (ENTITY, self.entities), (TERM, self.glossary)):
            for r in records:
                page = f"{kind.folder}/{r.id}"
                # How an event's date is known is the editors' reading of the source, too.
                notes = (
                    [ContextNote(text=r.date_note, kind="explanation")]
                    if isinstance(r, Event) and r.date_note
                    else []
                ) + list(r.context)
                out += [(by_place[(page, "")], n, note) for n, note in enumerate(notes, 1)]
                for st in getattr(r, "facts", []):
                    out += [
                        (by_place[(page, st.id)], n, note) for n, note in enumerate(st.context, 1)
                    ]
        scope = self.scope
        for st in [scope.role, *scope.activities, *scope.principles, *scope.aims]:
            out += [(by_place[("scope", st.id)], n, note) for n, note in enumerate(st.context, 1)]
        return out

    @cached_property
    def facts_citing(self) -> dict[str, list[Fact]]:
        """Facts by the sources they cite, each fact once per source, in fact order."""
        out: dict[str, list[Fact]] = {}
        for fact in self.facts:
            for source_id in dict.fromkeys(c.source for c in fact.citations):
                out.setdefault(source_id, []).append(fact)
        return out

    @cached_property
    def coverage(self) -> dict[str, list[SentenceView]]:
        """Each source's body sentences and the facts quoting each, computed once for both
        editions."""
        return coverage(self.sources, self.texts, self.citing)

    def citing(self, source_id: str) -> list[Fact]:
        return self.facts_citing.get(source_id, [])

    def source_path(self, source: Source) -> Path:
        return self.root / source.file


def _record(kind: RecordKind, ident: str, label: Text, citations) -> Fact:
    return Fact(f"{kind.folder}/{ident}", "", label, tuple(citations), record_file(kind, ident), ())


def _statement(page: str, st: Statement, file: str, loc: tuple) -> Fact:
    return Fact(page, st.id, st.text, tuple(st.citations), file, loc)
