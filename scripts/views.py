"""What each page shows, worked out from the knowledge base, so that templates only lay it out."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from itertools import groupby

from .knowledge import Fact, KnowledgeBase, scope_anchor
from .models import Entity, PartialDate, Text


@dataclass(frozen=True)
class CiteView:
    source_id: str
    source_label: str
    text: str  # what the reader reads: the quote, or its translation
    translated: bool
    original: str
    source_lang: str

    @property
    def own_marks(self) -> bool:
        """The passage opens with its own quotation mark: <q> must not add another."""
        return self.text[:1] in "«“\"" and self.text[-1:] in "»”\".:,"


@dataclass
class Helpers:
    kb: KnowledgeBase
    lang: str
    L: dict
    date: Callable[[PartialDate], str]
    percent: Callable[[float], str]

    def t(self, text: Text) -> str:
        return text[self.lang]

    def source_label(self, source_id: str) -> str:
        s = self.kb.source[source_id]
        return f"{s.publisher} — {s.publication}, {self.date(s.published)}"

    def cites(self, citations) -> list[CiteView]:
        out = []
        for c in citations:
            source = self.kb.source[c.source]
            translated = source.language != self.lang
            text = getattr(c.translation, self.lang) if translated else c.quote
            out.append(CiteView(c.source, self.source_label(c.source), text, translated, c.quote, source.language))
        return out

    def translated_note(self, cite: CiteView) -> str:
        return self.L["quote_translated"].format(language=self.L["lang_name"][cite.source_lang])

    def original_label(self, cite: CiteView) -> str:
        return self.L["original_lang"].format(language=self.L["lang_name"][cite.source_lang])

    def precision(self, d: PartialDate) -> str:
        return self.L[f"precision_{d.precision}"]

    def kind(self, kind: str) -> str:
        return self.L["kinds"][kind]

    def entity(self, entity_id: str) -> Entity:
        return self.kb.entity[entity_id]

    def fact_label(self, fact: Fact) -> str:
        return self.t(fact.label)

    def page_title(self, page: str) -> str:
        return self.t(self.kb.site.pages[page].title)


def _sort_key(text: str) -> str:
    # Alphabetical order that ignores accents and case, as readers of both languages expect.
    return "".join(c for c in unicodedata.normalize("NFD", text.casefold()) if unicodedata.category(c) != "Mn")


def index_view(kb: KnowledgeBase, h: Helpers) -> dict:
    headline = kb.event[kb.site.headline]
    added = [i for i in kb.scope.institutions if i.decided_by == headline.id]
    return {
        "headline": headline,
        "mission": kb.entity[kb.site.mission],
        "added": [kb.entity[i.entity] for i in added],
        "before": [kb.entity[i.entity] for i in kb.scope.institutions if i.relation == "advises" and i.decided_by is None],
        "aims": kb.scope.aims,
        "principles": kb.scope.principles,
        "pages": [p for p in ("timeline", "scope", "entities", "glossary", "sources")],
        "data_files": ["site.yaml", "events.yaml", "scope.yaml", "entities.yaml"],
    }


def timeline_view(kb: KnowledgeBase, h: Helpers) -> dict:
    years = [(year, list(events)) for year, events in groupby(kb.timeline, key=lambda e: e.date.year)]
    return {"years": years, "data_files": ["events.yaml", "entities.yaml", "sources.yaml"]}


def scope_view(kb: KnowledgeBase, h: Helpers) -> dict:
    scope = kb.scope
    decisions = sorted((kb.event[d] for d in {i.decided_by for i in scope.institutions if i.decided_by}), key=lambda e: e.date)
    first_decision = decisions[0] if decisions else None
    original = [i for i in scope.institutions if i.relation == "advises" and not i.decided_by]
    added = [i for i in scope.institutions if i.relation == "advises" and i.decided_by]
    supported = [i for i in scope.institutions if i.relation == "supports"]
    return {
        "scope": scope,
        "mission": kb.entity[scope.mission],
        "original": original,
        "added": added,
        "supported": supported,
        "decision": first_decision,
        "anchor": scope_anchor,
        "data_files": ["scope.yaml", "entities.yaml", "events.yaml", "sources.yaml"],
    }


def entities_view(kb: KnowledgeBase, h: Helpers) -> dict:
    involved = {e.id: [ev for ev in kb.timeline if e.id in ev.actors] for e in kb.entities}
    terms = {t.entity: t for t in kb.glossary if t.entity}
    children = {e.id: [c for c in kb.entities if c.part_of == e.id] for e in kb.entities}
    return {"entities": kb.entities, "involved": involved, "terms": terms, "children": children, "data_files": ["entities.yaml", "glossary.yaml", "events.yaml", "sources.yaml"]}


def glossary_view(kb: KnowledgeBase, h: Helpers) -> dict:
    terms = sorted(kb.glossary, key=lambda t: _sort_key(t.form(h.lang).abbr or t.form(h.lang).full))
    other = "fr" if h.lang == "en" else "en"
    return {"terms": terms, "other": other, "data_files": ["glossary.yaml", "entities.yaml", "sources.yaml"]}


def sources_view(kb: KnowledgeBase, h: Helpers) -> dict:
    citing = {s.id: [f for f in kb.citing(s.id) if f.page != "sources"] for s in kb.sources}
    return {"sources": kb.sources, "citing": citing, "data_files": ["sources.yaml"]}


@dataclass(frozen=True)
class SentenceView:
    number: int
    text: str
    facts: list[Fact]


def coverage(kb: KnowledgeBase) -> dict[str, list[SentenceView]]:
    """For each source, each sentence of its body and the facts whose quotes overlap it."""
    out = {}
    for source in kb.sources:
        text = kb.texts[source.id]
        # Where each fact quotes this source, found once, then matched against every sentence.
        quoted = [(fact, [span for c in fact.citations if c.source == source.id for span in text.spans(c.quote)]) for fact in kb.facts]
        out[source.id] = [
            SentenceView(s.number, s.text, [fact for fact, spans in quoted if any(a < s.end and b > s.start for a, b in spans)])
            for s in text.sentences
        ]
    return out


def coverage_view(kb: KnowledgeBase, h: Helpers) -> dict:
    rows = coverage(kb)
    summary = {}
    for source_id, sentences in rows.items():
        covered = sum(1 for s in sentences if s.facts)
        total = len(sentences)
        summary[source_id] = h.L["coverage_summary"].format(covered=covered, total=total, percent=h.percent(covered / total if total else 1))
    return {"sources": kb.sources, "rows": rows, "summary": summary, "data_files": ["sources.yaml", "events.yaml", "scope.yaml", "entities.yaml", "glossary.yaml"]}
