"""The validated knowledge base as one object, with look-ups and an index of every fact, each
worked out once for both editions."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from nmikb.data.models import (
    Citation,
    Claim,
    ContextNote,
    DateValue,
    Entity,
    EntityRef,
    Event,
    Scope,
    Site,
    Source,
    Statement,
    Term,
    Text,
)
from nmikb.data.problems import Problem
from nmikb.data.quotes import SourceText
from nmikb.data.registry import ENTITY, EVENT, SOURCE, TERM, RecordKind, record_file
from nmikb.data.yamlsafe import Loaded

from .coverage import SentenceView, coverage
from .dates import DateView, date_view
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
    # What the checks said that does not stop a build (checks.py): wording to look at.
    warnings: list[Problem] = field(default_factory=list)
    # How a stored text becomes a SourceText: split here, or taken from what an earlier command
    # split of the same text (remembered.py), since splitting is most of what reading costs.
    split_text: Callable[[str, str | None, str | None], SourceText] = SourceText

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
    def dates(self) -> dict[str, DateView]:
        """Each event's date as the site shows it (dates.py), by event id."""
        dated = {s.id: s.dated for s in self.sources}
        return {e.id: date_view(e, dated) for e in self.events}

    def when(self, event: Event) -> DateView:
        return self.dates[event.id]

    @cached_property
    def timeline(self) -> list[Event]:
        # Oldest first; equal dates in id order, which is the order of the files on disk.
        return sorted(self.events, key=lambda e: (self.dates[e.id].when, e.id))

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
        """Each stored source text (complete or an excerpt), read and normalized once, for the
        sources whose file exists."""
        out = {}
        for s in self.sources:
            if s.stored == "none" or s.file is None:
                continue
            path = self.root / s.file
            if path.is_file():
                out[s.id] = self.split_text(
                    path.read_text(encoding="utf-8"), s.body_start, s.body_end
                )
        return out

    @cached_property
    def facts(self) -> list[Fact]:
        """Every cited fact (the models are frozen, so once is enough)."""
        out: list[Fact] = []
        for e in self.events:
            located = _cited(e.citations, ("citations",)) + _dates_cited(self.dates[e.id])
            out.append(_record(EVENT, e.id, e.title, located))
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
                    "data/scope.yaml",
                    ("scope", "institutions", i),
                    tuple(
                        (("scope", "institutions", i, *where), c)
                        for where, c in _claim_cited(item.claim())
                    ),
                )
            )
        for group in ("activities", "principles", "aims"):
            for i, st in enumerate(getattr(scope, group)):
                out.append(_statement("scope", st, "data/scope.yaml", ("scope", group, i)))
        for ent in self.entities:
            out.append(_record(ENTITY, ent.id, ent.name, _cited(ent.citations, ("citations",))))
            for j, st in enumerate(ent.facts):
                out.append(
                    _statement(
                        f"{ENTITY.folder}/{ent.id}", st, record_file(ENTITY, ent.id), ("facts", j)
                    )
                )
        for t in self.glossary:
            label = Text(en=t.en.full, fr=t.fr.full)
            out.append(_record(TERM, t.id, label, _cited(t.citations, ("citations",))))
        for s in self.sources:
            located = _cited(s.attribution, ("attribution",)) + _source_dates_cited(s)
            fact = _record(SOURCE, s.id, s.title.text, located)
            out.append(Fact(**{**fact.__dict__, "attribution": True}))
        return out

    @cached_property
    def facts_by_page(self) -> dict[str, list[Fact]]:
        """The facts each page shows ('events/x', 'scope'), in fact order."""
        out: dict[str, list[Fact]] = {}
        for fact in self.facts:
            out.setdefault(fact.page, []).append(fact)
        return out

    @cached_property
    def context_notes(self) -> list[tuple[Fact, int, ContextNote]]:
        """Every note the editors add, with the fact it belongs to and its number there: the
        statements no quote carries, listed together so a reviewer can audit them at once."""
        by_place = {(f.page, f.anchor): f for f in self.facts}
        out = []
        for kind, records in (
            (EVENT, self.events),
            (ENTITY, self.entities),
            (TERM, self.glossary),
            (SOURCE, self.sources),
        ):
            for r in records:
                page = f"{kind.folder}/{r.id}"
                out += [(by_place[(page, "")], n, note) for n, note in enumerate(r.context, 1)]
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
        """Each stored source's body sentences and the facts quoting each (a source's own byline
        never counts), computed once for both editions. Sources with no stored text have none."""
        stored = [s for s in self.sources if s.id in self.texts]
        return coverage(stored, self.texts, self.citing)

    def citing(self, source_id: str) -> list[Fact]:
        """The facts that quote a source, its own attribution aside."""
        return [f for f in self.facts_citing.get(source_id, []) if not f.attribution]

    def source_path(self, source: Source) -> Path | None:
        return self.root / source.file if source.file else None

    def original(self, source_id: str) -> str:
        """The source a copy reproduces, when that one is a source here too; else itself."""
        seen = {source_id}
        while True:
            s = self.source.get(source_id)
            nxt = s.reproduces.source if s and s.reproduces else None
            if nxt is None or nxt in seen:
                return source_id
            seen.add(nxt)
            source_id = nxt

    def documents(self, citations: Iterable[Citation]) -> list[str]:
        """The distinct documents some citations quote: two quotes of one source are one, and a
        copy counts as the original it reproduces. What "2 sources" counts."""
        return list(dict.fromkeys(self.original(c.source) for c in citations))

    def agent_name(self, agent, lang: str) -> str:
        """A source's issuer, author, publisher or reviewed publication, named in `lang`: an
        entity by its record's name, a name per language in that language."""
        if isinstance(agent, EntityRef):
            found = self.entity.get(agent.entity)
            return found.name[lang] if found else agent.entity
        if isinstance(agent, Text):
            return agent[lang]
        return str(agent)

    def checked(self, source_id: str) -> bool:
        """Whether quotes of a source are checked against a stored copy."""
        return source_id in self.texts


def _cited(citations: Iterable[Citation], where: tuple) -> tuple[tuple[tuple, Citation], ...]:
    return tuple(((*where, k), c) for k, c in enumerate(citations))


def _claim_cited(claim: Claim) -> tuple[tuple[tuple, Citation], ...]:
    """A claim's citations, located inside the record or item that holds the claim."""
    out: list[tuple[tuple, Citation]] = []
    for value in claim.values:
        # A value written in a list keeps its citations under it; a single value under the
        # record's own `citations`.
        out += _cited(value.citations, (*value.loc, "citations"))
    return tuple(out)


def _dates_cited(view: DateView) -> tuple[tuple[tuple, Citation], ...]:
    """The citations written with an event's dates (a short date rests on the event's own): its
    date view's aspects, made once per event."""
    out: list[tuple[tuple, Citation]] = []
    for claim in view.aspects.values():
        for value in claim.values:
            assert isinstance(value.value, DateValue)
            out += _cited(value.value.citations, (*value.loc, "citations"))
    return tuple(out)


def _source_dates_cited(source: Source) -> tuple[tuple[tuple, Citation], ...]:
    out: list[tuple[tuple, Citation]] = []
    for loc, written in (
        (("date",), source.date),
        (("reviewed", "date"), source.reviewed.date if source.reviewed else None),
    ):
        if isinstance(written, DateValue):
            out += _cited(written.citations, (*loc, "citations"))
    return tuple(out)


def _record(kind: RecordKind, ident: str, label: Text, located) -> Fact:
    return Fact(f"{kind.folder}/{ident}", "", label, record_file(kind, ident), (), tuple(located))


def _statement(page: str, st: Statement, file: str, loc: tuple) -> Fact:
    located = tuple(((*loc, *where), c) for where, c in _claim_cited(st.claim()))
    return Fact(page, st.id, st.shown_text, file, loc, located)
