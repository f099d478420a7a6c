"""What each page shows, worked out from the knowledge base, so that templates only lay it out."""

from __future__ import annotations

import unicodedata
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property

from .knowledge import Fact, KnowledgeBase
from .models import Entity, Event, PartialDate, Source, Term, Text


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


@dataclass(frozen=True)
class Entry:
    """One line of a list page: a link to a record, with what a reader scans for."""

    href: str  # generated page path, e.g. "events/nmi-created.md"
    title: str
    when: PartialDate | None = None
    meta: str = ""
    blurb: str = ""


@dataclass(frozen=True)
class Group:
    """A heading of an index page (a year, a kind, a letter) and the first of its entries."""

    key: str  # anchor on the index page
    title: str
    count: int
    href: str  # its own list page
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class Helpers:
    kb: KnowledgeBase
    lang: str
    L: dict
    date: Callable[[PartialDate], str]
    percent: Callable[[float], str]
    here: str = "index.md"  # the page being rendered, for relative links

    def at(self, path: str) -> "Helpers":
        return replace(self, here=path)

    def link(self, target: str) -> str:
        """A link from the page being rendered to `target` ('entities/nato.md#x'), relative:
        up to the site's root, then down (`../entities/nato.md` from `events/x.md`)."""
        return "../" * self.here.count("/") + target

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

    def term_label(self, term: Term) -> str:
        form = term.form(self.lang)
        return form.abbr or form.full

    def fact_label(self, fact: Fact) -> str:
        return self.t(fact.label)

    def page_title(self, page: str) -> str:
        return self.t(self.kb.site.pages[page].title)

    def event_entry(self, e: Event) -> Entry:
        return Entry(event_page(e.id), self.t(e.title), e.date, blurb=self.t(e.summary))

    def entity_entry(self, e: Entity) -> Entry:
        abbr = getattr(e.abbr, self.lang, None) or ""
        return Entry(entity_page(e.id), self.t(e.name) + (f" ({abbr})" if abbr else ""), meta=self.kind(e.kind))

    def term_entry(self, t: Term) -> Entry:
        form = t.form(self.lang)
        return Entry(term_page(t.id), f"{form.abbr} — {form.full}" if form.abbr else form.full, blurb=self.t(t.definition))

    def source_entry(self, s: Source) -> Entry:
        rows = self.kb.coverage.get(s.id, [])
        covered = sum(1 for r in rows if r.facts)
        meta = self.L["coverage_short"].format(percent=self.percent(covered / len(rows) if rows else 1))
        return Entry(source_page(s.id), self.t(s.title), s.published, meta=f"{s.publisher} — {s.publication} · {meta}")


def event_page(ident: str) -> str:
    return f"events/{ident}.md"


def entity_page(ident: str) -> str:
    return f"entities/{ident}.md"


def term_page(ident: str) -> str:
    return f"glossary/{ident}.md"


def source_page(ident: str) -> str:
    return f"sources/{ident}.md"


def sort_key(text: str) -> str:
    # Alphabetical order that ignores accents and case, as readers of both languages expect.
    return "".join(c for c in unicodedata.normalize("NFD", text.casefold()) if unicodedata.category(c) != "Mn")


def initial(text: str) -> str:
    """The letter a glossary entry is filed under: A–Z, or '#' for anything else."""
    first = sort_key(text)[:1].upper()
    return first if "A" <= first <= "Z" else "#"


@dataclass(frozen=True)
class SentenceView:
    number: int
    text: str
    facts: list[Fact]


def coverage(kb: KnowledgeBase) -> dict[str, list[SentenceView]]:
    """For each source, each sentence of its body and the facts whose quotes overlap it.

    Only the facts that cite a source are matched against it, and each quoted span finds its
    sentences by bisection: the cost grows with the facts, not with facts times sentences.
    """
    out = {}
    for source in kb.sources:
        text = kb.texts[source.id]
        sentences = text.sentences
        ends = [s.end for s in sentences]
        hits: list[dict[int, Fact]] = [{} for _ in sentences]
        for number, fact in enumerate(kb.citing(source.id)):
            for c in fact.citations:
                if c.source != source.id:
                    continue
                for a, b in text.spans(c.quote):
                    i = bisect_left(ends, a + 1)  # first sentence ending after the span starts
                    while i < len(sentences) and sentences[i].start < b:
                        hits[i].setdefault(number, fact)  # a fact once per sentence
                        i += 1
        out[source.id] = [SentenceView(s.number, s.text, [hits[k][n] for n in sorted(hits[k])]) for k, s in enumerate(sentences)]
    return out
