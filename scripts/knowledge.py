"""The validated knowledge base as one object, with look-ups and an index of every fact."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from pydantic import BaseModel

from .models import Citation, Entity, Event, Scope, ScopeItem, Site, Source, Statement, Term, Text
from .quotes import SourceText
from .yamlsafe import Loaded


@dataclass(frozen=True)
class Fact:
    """Anything a reader sees that cites sources, and where it is shown and written."""

    page: str  # generated page name without extension, e.g. "timeline"
    anchor: str
    label: Text
    citations: tuple[Citation, ...]
    file: str  # data file it comes from
    loc: tuple  # its path inside that file


@dataclass
class KnowledgeBase:
    root: Path
    site: Site
    sources: list[Source]
    entities: list[Entity]
    events: list[Event]
    scope: Scope
    glossary: list[Term]
    loaded: dict[str, Loaded] = field(default_factory=dict)

    @classmethod
    def from_files(cls, root: Path, models: dict[str, BaseModel], loaded: dict[str, Loaded]) -> "KnowledgeBase":
        return cls(
            root=root,
            site=models["site.yaml"].site,
            sources=list(models["sources.yaml"].sources),
            entities=list(models["entities.yaml"].entities),
            events=list(models["events.yaml"].events),
            scope=models["scope.yaml"].scope,
            glossary=list(models["glossary.yaml"].glossary),
            loaded=loaded,
        )

    def __post_init__(self):
        self.source = {s.id: s for s in self.sources}
        self.entity = {e.id: e for e in self.entities}
        self.event = {e.id: e for e in self.events}
        self.term = {t.id: t for t in self.glossary}

    @property
    def timeline(self) -> list[Event]:
        # Oldest first; equal dates keep the file's order.
        return sorted(self.events, key=lambda e: e.date)

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
        """Every cited fact, in page order (the models are frozen, so once is enough)."""
        out: list[Fact] = []
        for i, e in enumerate(self.events):
            out.append(Fact("timeline", e.id, e.title, tuple(e.citations), "events.yaml", ("events", i)))
        scope = self.scope
        out.append(_statement("scope", scope.role, "scope.yaml", ("scope", "role")))
        for i, item in enumerate(scope.institutions):
            name = self.entity[item.entity].name if item.entity in self.entity else Text(en=item.entity, fr=item.entity)
            out.append(Fact("scope", scope_anchor(item), name, tuple(item.citations), "scope.yaml", ("scope", "institutions", i)))
        for group in ("activities", "principles", "aims"):
            for i, st in enumerate(getattr(scope, group)):
                out.append(_statement("scope", st, "scope.yaml", ("scope", group, i)))
        for i, e in enumerate(self.entities):
            out.append(Fact("entities", e.id, e.name, tuple(e.citations), "entities.yaml", ("entities", i)))
            for j, st in enumerate(e.facts):
                out.append(_statement("entities", st, "entities.yaml", ("entities", i, "facts", j)))
        for i, t in enumerate(self.glossary):
            out.append(Fact("glossary", t.id, Text(en=t.en.full, fr=t.fr.full), tuple(t.citations), "glossary.yaml", ("glossary", i)))
        for i, s in enumerate(self.sources):
            out.append(Fact("sources", s.id, s.title, tuple(s.attribution), "sources.yaml", ("sources", i)))
        return out

    def citing(self, source_id: str) -> list[Fact]:
        return [f for f in self.facts if any(c.source == source_id for c in f.citations)]

    def source_path(self, source: Source) -> Path:
        return self.root / source.file


def scope_anchor(item: ScopeItem) -> str:
    return f"{item.relation}-{item.entity}"


def _statement(page: str, st: Statement, file: str, loc: tuple) -> Fact:
    return Fact(page, st.id, st.text, tuple(st.citations), file, loc)
