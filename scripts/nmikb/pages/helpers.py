"""What pages show, worked out from the knowledge base in one edition's language, so that
templates only lay it out: the Helpers every template and page type gets, and the small views
they share (a citation, a list entry, a group of an index page, a relation of the scope)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property

from babel.numbers import format_percent

from nmikb.data.models import (
    ContextNote,
    DateValue,
    Entity,
    EntityRef,
    Event,
    PageName,
    PartialDate,
    ScopeItem,
    Source,
    Term,
    Text,
)
from nmikb.edition.formats import format_partial_date
from nmikb.edition.labels import labels
from nmikb.edition.typography import typography
from nmikb.knowledge.base import KnowledgeBase
from nmikb.knowledge.dates import DateView
from nmikb.knowledge.facts import Fact

from .marks import MarkHelpers
from .page import Entry, entity_page, event_page, source_page, term_page

# The first word of a text, without the punctuation after it ("Irak," is the name Irak).
_FIRST_WORD = re.compile(r"[^\s,.;:!?)»\u00a0\u202f]*")


@dataclass(frozen=True)
class CiteView:
    source_id: str
    source_label: str
    text: str  # what the reader reads: the quote, or its translation
    translated: bool
    original: str
    source_lang: str
    checked: bool = True  # found in a stored copy of the source; False: it has none

    @property
    def own_marks(self) -> bool:
        """The passage opens with its own quotation mark: <q> must not add another."""
        return self.text[:1] in '«“"' and self.text[-1:] in '»”".:,'


@dataclass(frozen=True)
class RelationView:
    """One institution of the scope, and what the data says of it before and from the
    reference date (the decision that changed the scope, or the scope's own date).

    Derived from `start`, `decided_by` and `ongoing_as_of` only: a relation the source puts in
    the future, or adds by a decision, is never shown as already in effect.
    """

    item: ScopeItem
    state: (
        str  # "ongoing": in effect; "decided": added by a decision; "planned": announced for later
    )
    before: bool | None  # holds before the reference date; None: not known (start not stated)
    when: str  # since when, in words: "since 2018", "start not stated"…
    after_note: str  # what the "from" column adds: "ongoing as of …", "added by the decision …"
    decision: Event | None
    rivals: str = ""  # the verbs other sources use: "another source: supports"
    note: str = ""  # the rival verbs, then since when: what follows the verb in parentheses


@dataclass(frozen=True)
class Helpers(MarkHelpers):
    kb: KnowledgeBase
    lang: str
    L: dict
    date: Callable[[PartialDate], str]
    percent: Callable[[float], str]
    here: str = "index.md"  # the page being rendered, for relative links
    typo: Callable[[str, str], str] = lambda text, lang: text  # a language's typography
    # Each event's line in lists, by id, shared by the copies `at` makes: an event is listed on
    # its year's page and on each of its actors', and at 10,000 events making each line again
    # was a fifth of the page plan.
    events_listed: dict[str, Entry] = field(default_factory=dict, compare=False, repr=False)

    def at(self, path: str) -> Helpers:
        return replace(self, here=path)

    def link(self, target: str) -> str:
        """A link from the page being rendered to `target` ('entities/nato.md#x'), relative:
        up to the site's root, then down (`../entities/nato.md` from `events/x.md`)."""
        return "../" * self.here.count("/") + target

    def t(self, text: Text) -> str:
        return self.typo(text[self.lang], self.lang)

    def cap(self, text: str) -> str:
        """A name at the start of a heading, title or list item. Names are stored as running
        text writes them (French: `ministère de la Défense`), so only this position capitalises."""
        return text[:1].upper() + text[1:]

    def after_colon(self, text: str) -> str:
        """A sentence shown after a colon: French writes it without its capital, unless it
        starts with a name (`OTAN`, `Irak`, `Le Soir`), which keeps it."""
        if self.lang != "fr" or not text[:1].isupper():
            return text
        first = _FIRST_WORD.match(text)[0]  # type: ignore[index]  # the text is not empty
        if len(first) > 1 and first[1:2].isupper():  # an abbreviation: OTAN, NMI
            return text
        for name in self._names.get(first, ()):
            after = text[len(name) : len(name) + 1]  # the name ends there, not mid-word
            if text.startswith(name) and not (after.isalnum() or (after and after in "-’'")):
                return text
        return text[:1].lower() + text[1:]

    @cached_property
    def _names(self) -> dict[str, tuple[str, ...]]:
        """Names written with their capital, by their first word: the whole name must begin the
        sentence (`Le Soir` keeps `Le Soir …` but not `Le « vendredi » …`)."""
        forms = set()
        for e in self.kb.entities:
            forms.add(e.name.fr)
            forms.update(n.form for n in e.names)
        for t in self.kb.glossary:
            forms.update(f for f in (t.fr.full, t.fr.abbr or "") if f)
        by_first: dict[str, list[str]] = {}
        # Only names written with their capital: "ministère" is a common noun.
        for form in sorted(f for f in forms if f[:1].isupper()):
            # As the text after the colon is written: typeset (no-break spaces before « ; : »).
            form = self.typo(form, "fr")
            by_first.setdefault(_FIRST_WORD.match(form)[0], []).append(form)  # type: ignore[index]
        return {first: tuple(names) for first, names in by_first.items()}

    def in_lang(self, text: str, lang: str) -> str:
        """Text of a known language (a quote, a name form), with that language's typography."""
        return self.typo(text, lang)

    def on_date(self, d: PartialDate) -> str:
        """A date after a preposition: 'on Thursday 17 August 2023', 'in 2018'."""
        return self.L[f"on_{d.precision}"].format(date=self.date(d))

    def source_label(self, source_id: str) -> str:
        """How a citation names its source: who (the byline, else the issuer or publisher), and
        what and when it reviews or its own date, as its byline gives it (no weekday)."""
        s = self.kb.source[source_id]
        who = self.source_by(s)
        if s.reviewed:
            return self.L["source_label_review"].format(
                author=who,
                kind=self.kind(s.kind).lower(),
                publication=self.kb.agent_name(s.reviewed.publication, self.lang),
                date=self.short_date(_on(s.reviewed.date)),
            )
        return self.L["source_label"].format(author=who, date=self.short_date(_on(s.date)))

    def source_by(self, s: Source) -> str:
        """Who a source is by: its author, else its issuer, else its publisher."""
        agent = s.author or s.issuer or s.publisher
        return self.kb.agent_name(agent, self.lang) if agent else self.L["no_byline"]

    def agent(self, agent) -> tuple[str, str]:
        """An issuer, author or publisher named in this edition, and its entity's id ("" if it
        is a name only): pages link an entity to its page."""
        entity = (
            agent.entity if isinstance(agent, EntityRef) and agent.entity in self.kb.entity else ""
        )
        return self.kb.agent_name(agent, self.lang), entity

    def source_date(self, written) -> DateValue:
        """A source's date as written (text, or with its basis) in its one shape."""
        return written if isinstance(written, DateValue) else DateValue(on=written)

    def short_date(self, d: PartialDate) -> str:
        """A date without its weekday: as bylines and lists give it."""
        return format_partial_date(d, self.lang, weekday=False)

    def source_title(self, s: Source) -> str:
        """A title the editors supply (the document has none, or its stored copy lacks it) is
        shown in square brackets, as citation styles do."""
        title = self.t(s.title.text)
        return f"[{title}]" if s.title.status != "own" else title

    def cites(self, citations) -> list[CiteView]:
        out = []
        for c in citations:
            source = self.kb.source[c.source]
            translated = source.language != self.lang
            text = getattr(c.translation, self.lang) if translated else c.quote
            lang = self.lang if translated else source.language
            out.append(
                CiteView(
                    c.source,
                    self.source_label(c.source),
                    self.typo(text, lang),
                    translated,
                    self.typo(c.quote, source.language),
                    source.language,
                    self.kb.checked(c.source),
                )
            )
        return out

    def form_status(self, form, form_lang: str) -> str:
        """What a glossary form rests on, in this edition's words (the tooltips' convention,
        nmikb/pages/abbreviations.py): 'official name in English, editors' knowledge'."""
        written_in = form.lang or form_lang
        if written_in == self.lang:
            return self.L["form_status"][form.status]
        return self.L["form_status_in"][form.status].format(
            language=self.L["lang_name"][written_in]
        )

    def context_kind(self, note: ContextNote) -> str:
        return self.L["context_kinds"][note.kind]

    def name_status(self, name) -> str:
        """On what authority a form of a name is given: 'as written in', 'as written in 2
        sources', 'official name (editors' knowledge)'. The sources follow it, as links, or its
        reference, as a citation (entity.md.j2)."""
        if name.status == "official" and not name.all_sources:
            label = self.L["name_status"]["official_known"]
        else:
            # Documents, as "2 sources" counts them everywhere: a copy is its original.
            count = len(dict.fromkeys(self.kb.original(s) for s in name.all_sources))
            many = count > 1 and name.status in self.L["name_status_many"]
            label = (
                self.L["name_status_many"][name.status].format(count=count)
                if many
                else self.L["name_status"][name.status]
            )
        return label

    def dated(self, key: str, d: PartialDate, **values) -> str:
        """A label around a date: one phrase, or one per precision where the language's grammar
        needs it (French: "avant le 16 mai 2024", "avant mai 2024")."""
        label = self.L[key]
        if isinstance(label, dict):
            label = label[d.precision]
        return label.format(date=self.date(d), on_date=self.on_date(d), **values)

    def with_basis(self, text: str, d: PartialDate, basis: str) -> str:
        """A date in running text, followed by its basis when it is not stated outright:
        "on Thursday 17 August 2023, day inferred by the editors"."""
        return text if basis == "stated" else f"{text}, {self.basis(d, basis)}"

    def as_of_basis(self, d: PartialDate, citations) -> str:
        """The basis an "as of" date inherits: it is the date of a source it cites (checks.py),
        its own or that of the edition it reviews, and rests on what that date rests on. Stated
        when one of those sources states it."""
        bases = []
        for s in dict.fromkeys(c.source for c in citations):
            source = self.kb.source.get(s)
            if source is None:
                continue
            dates = [source.dated] + (
                [self.source_date(source.reviewed.date)] if source.reviewed else []
            )
            bases += [v.basis for v in dates if v.on == d]
        return "stated" if "stated" in bases or not bases else bases[0]

    def as_of(self, d: PartialDate, citations=()) -> str:
        """'as of Thursday 16 May 2024', with the date's basis when the editors read it."""
        return self.with_basis(self.dated("as_of", d), d, self.as_of_basis(d, citations))

    def scope_citations(self) -> tuple:
        """Every citation of the scope: what its own "as of" date may be the date of."""
        scope = self.kb.scope
        out: tuple = ()
        for st in [scope.role, *scope.activities, *scope.principles, *scope.aims]:
            out += st.all_citations
        for item in scope.institutions:
            out += item.all_citations
        return out

    def reference_date(self) -> PartialDate:
        """The date the scope's before/after view turns on: the earliest decision that changed
        it, or the date the scope is stated at."""
        return self._reference[0]

    def reference_basis(self) -> str:
        """What the reference date rests on: the deciding event's date basis, or the scope's."""
        return self._reference[1]

    @cached_property
    def _reference(self) -> tuple[PartialDate, str]:
        dates = [
            (self.kb.dates[i.decided_by].when, self.kb.dates[i.decided_by].basis)
            for i in self.kb.scope.institutions
            if i.decided_by and i.start.basis == "decision" and i.decided_by in self.kb.event
        ]
        if dates:
            return min(dates, key=lambda x: x[0])
        as_of = self.kb.scope.as_of
        return as_of, self.as_of_basis(as_of, self.scope_citations())

    def relation(self, item: ScopeItem) -> RelationView:
        view = self._relation(item)
        rivals = self.verb_rivals(item, view.state != "ongoing")
        return replace(
            view, rivals=self.joined(rivals), note=self.joined([*rivals, view.after_note])
        )

    def joined(self, phrases) -> str:
        """Phrases one after the other, with the edition's typography: "a; b", "a ; b"."""
        return self.typo("; ".join(phrases), self.lang)

    def _relation(self, item: ScopeItem) -> RelationView:
        ref, as_of = self.reference_date(), self.kb.scope.as_of
        start = item.start
        decision = self.kb.event.get(item.decided_by or "")
        ongoing = (
            self.with_basis(
                self.dated("rel_ongoing", item.ongoing_as_of),
                item.ongoing_as_of,
                self.as_of_basis(item.ongoing_as_of, item.all_citations),
            )
            if item.ongoing_as_of
            else ""
        )
        if start.basis == "decision":
            # A decision dates the start: the deciding event's date (checks.py: they agree), said
            # with the aspect that dates it (decided, announced…) and what that date rests on.
            on: PartialDate | None = start.on
            aspect, basis = "decided", "stated"
            if decision is not None:
                dated = self.kb.dates[decision.id]
                on, aspect, basis = dated.when, dated.aspect, dated.basis
            assert on is not None  # ScopeItem's validator: a decision names its event
            note = self.with_basis(
                self.dated("rel_decided", on, how=self.L["rel_decided_how"][aspect]), on, basis
            )
            return RelationView(item, "decided", False, note, note, decision)
        if start.basis == "announcement" or (start.on is not None and start.on > as_of):
            assert start.on is not None  # Start's validator: an announcement has a date
            note = self.dated("rel_planned", start.on)
            return RelationView(item, "planned", False, note, note, decision)
        if start.unknown:
            # Holding at a date says nothing of when it began: whether it held before the
            # reference date is not known (None), never a tick.
            when = self.L["rel_start_unknown"]
            return RelationView(item, "ongoing", None, when, ongoing or when, decision)
        if start.before is not None:
            when = self.dated("rel_before", start.before)
            return RelationView(
                item,
                "ongoing",
                not known_before(ref, start.before),
                when,
                ongoing or when,
                decision,
            )
        # Start's validator gives exactly one of on, before and unknown: here it is on.
        assert start.on is not None
        when = self.dated("rel_since", start.on)
        return RelationView(
            item,
            "ongoing",
            known_before(start.on, ref),
            when,
            ", ".join(x for x in (when, ongoing) if x),
            decision,
        )

    def relation_label(self, view: RelationView) -> str:
        """'Advises', or 'Will advise' for what a decision or an announcement puts ahead."""
        return self.verb_label(view, view.item.verb)

    def verb_label(self, view: RelationView, verb: str) -> str:
        """A verb of the relation in the tense the relation is shown in."""
        return self.L[("will_" if view.state != "ongoing" else "") + verb]

    def translated_note(self, cite: CiteView) -> str:
        # One phrase per source language, written out: French elision is not computed.
        return self.L["translated_from"][cite.source_lang]

    def original_label(self, cite: CiteView) -> str:
        return self.L["original_in"][cite.source_lang]

    def precision(self, d: PartialDate) -> str:
        return self.L[f"precision_{d.precision}"]

    def when(self, e: Event) -> PartialDate:
        """Where the timeline places an event (nmikb/knowledge/dates.py)."""
        return self.kb.dates[e.id].when

    def view(self, e: Event) -> DateView:
        return self.kb.dates[e.id]

    def until(self, e: Event) -> PartialDate | None:
        """The end of the span an event's date is shown as when the sources differ: the latest
        value not set aside. None when one date is shown."""
        view = self.kb.dates[e.id]
        return view.latest if view.state == "unresolved" and view.latest != view.when else None

    def kind(self, kind: str) -> str:
        return self.L["kinds"][kind]

    def kind_running(self, kind: str) -> str:
        """A kind after a colon or inside a sentence: French writes the common noun in lower
        case."""
        label = self.kind(kind)
        return label[:1].lower() + label[1:] if self.lang == "fr" else label

    def entity(self, entity_id: str) -> Entity:
        return self.kb.entity[entity_id]

    def term_label(self, term: Term) -> str:
        form = term.form(self.lang)
        return form.abbr or form.full

    def fact_label(self, fact: Fact) -> str:
        # Where the fact lives, then its name: the scope's "Ministry of Interior" and the entity
        # "Ministry of Interior" are two facts, and must not read as the same one twice.
        section = fact.page.split("/")[0]
        pages: dict[str, PageName] = {
            "events": "timeline",
            "entities": "entities",
            "glossary": "glossary",
            "sources": "sources",
            "scope": "scope",
        }
        return f"{self.page_title(pages[section])}{self.L['colon']} {self.t(fact.label)}"

    def page_title(self, page: PageName) -> str:
        return self.t(self.kb.site.pages[page].title)

    def event_entry(self, e: Event) -> Entry:
        """The event's line in a list (the same on every page: its link is from the root)."""
        entry = self.events_listed.get(e.id)
        if entry is None:
            entry = self.events_listed[e.id] = Entry(
                event_page(e.id),
                self.t(e.title),
                self.kb.dates[e.id].when,
                blurb=self.t(e.summary),
                until=self.until(e),
                marks=self.date_marks(e),
            )
        return entry

    def entity_entry(self, e: Entity) -> Entry:
        abbr = getattr(e.abbr, self.lang, None) or ""
        return Entry(
            entity_page(e.id),
            self.cap(self.t(e.name)) + (f" ({abbr})" if abbr else ""),
            meta=self.kind(e.kind),
        )

    def term_entry(self, t: Term) -> Entry:
        form = t.form(self.lang)
        written_in = form.lang or self.lang
        full = self.in_lang(form.full, written_in)
        return Entry(
            term_page(t.id),
            f"{form.abbr} — {full}" if form.abbr else full,
            blurb=self.t(t.definition),
            title_lang=written_in if written_in != self.lang else None,
        )

    def source_entry(self, s: Source) -> Entry:
        rows = self.kb.coverage.get(s.id)
        covered = sum(1 for r in rows or [] if r.facts)
        meta = (
            self.L["coverage_short"].format(
                percent=self.percent(covered / len(rows) if rows else 1)
            )
            if rows is not None
            else self.L["coverage_none"]
        )
        return Entry(
            source_page(s.id),
            self.source_title(s),
            s.dated.on,
            meta=f"{self.source_label(s.id)} · {meta}",
        )


def known_before(a: PartialDate, b: PartialDate) -> bool:
    """Whether every day `a` may stand for comes before every day `b` may stand for: a start
    in "2023" is not known to be before 17 August 2023."""
    if a.year != b.year:
        return a.year < b.year
    if not (a.month and b.month) or a.month != b.month:
        return bool(a.month and b.month and a.month < b.month)
    return bool(a.day and b.day and a.day < b.day)


def helpers(kb: KnowledgeBase, lang: str) -> Helpers:
    """The Helpers of one edition, with its words, dates, percentages and typography."""
    return Helpers(
        kb,
        lang,
        labels(lang),
        lambda d: format_partial_date(d, lang),
        lambda x: format_percent(x, locale=lang),
        typo=typography,
    )


def _on(written) -> PartialDate:
    """A source's date as written (text, or a mapping with its basis): the date itself."""
    on = written.on if isinstance(written, DateValue) else written
    assert on is not None  # Source's validator: a document's dates are known
    return on
