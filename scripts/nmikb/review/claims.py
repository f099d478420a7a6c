"""What the knowledge base claims, as tables of plain entries by which two versions are compared.

The review compares what a reader is told, not YAML files. Each table maps a key that stays the
same from one version to the next (a page and an anchor, a source's id, a form of a name) to a
value saying what is claimed there; two versions differ exactly where a key is on one side only,
or where its value changed (compare.py). Fields marked `compare=False` are there to be shown (a
label, a file), not compared: renaming an event is one change, to its title, not one per table.

The data model grows (sources with several values for one claim, ranked; events with several
dated aspects). Each such addition is new entries here, not a new diff:

- a dated aspect of an event ("decided", "announced", "takes effect") is a `dates` entry whose
  key ends with that aspect and whose value gives its basis ("stated" by a source or "inferred"
  by the editors): the report already says "date (announced) of …: A → B";
- a rival value of a claim (an event's date, a relation's verb, a statement's wording) is a
  `rivals` entry, ranked "preferred", "other" or "set-aside": the report lists each new one as a
  new disagreement.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from nmikb.data.models import LANGS, DateValue, PartialDate, Start, Statement, Text, Value
from nmikb.data.quotes import normalize
from nmikb.data.registry import ENTITY, EVENT, KINDS, SOURCE, TERM, record_file
from nmikb.knowledge.base import KnowledgeBase
from nmikb.knowledge.facts import scope_anchor

Titles = tuple[tuple[str, str], ...]  # (("en", "…"), ("fr", "…")): a text in every language
RecordRef = tuple[str, str]  # (folder, id): ("events", "nmi-created"); ("scope", "scope")
Key = tuple[str, ...]

SCOPE: RecordRef = ("scope", "scope")
SITE: RecordRef = ("site", "site")


@dataclass(frozen=True)
class RecordClaim:
    """A record: its kind, its title in each language, and the fields no other table shows."""

    kind: str  # "event", "source", …, "scope", "site texts"
    title: Titles
    fields: tuple[tuple[str, str], ...]  # ("kind", "ministry"): a path in the record, its value
    file: str = field(compare=False)
    page: str | None = field(compare=False)  # "events/nmi-created"; None: no page of its own


@dataclass(frozen=True)
class FactClaim:
    """Something a reader sees that cites sources (knowledge/facts.py): it exists or not."""

    record: RecordRef = field(compare=False)
    label: Titles = field(compare=False)
    file: str = field(compare=False)


@dataclass(frozen=True)
class TextClaim:
    """What a fact says in words: an event's summary, a description, a statement."""

    record: RecordRef = field(compare=False)
    text: Titles


@dataclass(frozen=True)
class CitationClaim:
    """A passage of a source quoted for a fact (keyed by the quote, normalized), translated."""

    record: RecordRef = field(compare=False)
    translation: Titles
    quote: str = field(compare=False)  # as the data file writes it


@dataclass(frozen=True)
class DateClaim:
    """A date and how precise it is, and what it rests on."""

    record: RecordRef = field(compare=False)
    value: str  # "2023-08-17", "2018"; for a start also "before 2023-08-17" or "not stated"
    precision: str  # "day", "month", "year"; "" when not stated
    basis: str  # "stated", "inferred"; for a relation's start, what the date rests on


@dataclass(frozen=True)
class NameClaim:
    """A form of a name in one language, and on what authority the site gives it."""

    record: RecordRef = field(compare=False)
    status: str  # a Name's status, or "abbreviation"
    source: str  # "" for the editors' own forms


@dataclass(frozen=True)
class RelationClaim:
    """A link between two records (part of, concerns, advises…), with what qualifies it."""

    record: RecordRef = field(compare=False)
    detail: str  # "decided by events/x"; "" when the relation is all there is


@dataclass(frozen=True)
class SourceClaim:
    """What a source is: the facts a reviewer checks before trusting its quotes."""

    language: str
    kind: str
    author: str  # the byline, else the issuer, else the publisher
    date: str  # with its basis when not stated: "2023-08 (metadata)"
    reviewed: str  # "Le Soir, 2023-08-17" for a press review; else ""
    url: str
    retrieved: str
    stored: str = "complete"  # complete, excerpt or none
    reproduces: str = ""  # the original's address, for a copy


@dataclass(frozen=True)
class CoverageClaim:
    """How many sentences of a source's body the facts quote."""

    covered: int
    total: int


@dataclass(frozen=True)
class NoteClaim:
    """A note of the editors: a statement no quote carries (keyed by its English text)."""

    record: RecordRef = field(compare=False)
    text: Titles
    reference: str


@dataclass(frozen=True)
class RivalClaim:
    """One of several values sources give for one claim, with its rank (Wikidata's manner).

    Keyed by (page, anchor, what, value): ("events/x", "", "date (announced)", "2023-08-18")."""

    record: RecordRef = field(compare=False)
    rank: str  # "preferred", "other", "set-aside"
    sources: tuple[str, ...]
    reason: str  # why it is set aside; "" otherwise


@dataclass
class Claims:
    """Every table, by name; compare.py compares two of these table by table."""

    records: dict[Key, RecordClaim] = field(default_factory=dict)
    facts: dict[Key, FactClaim] = field(default_factory=dict)
    texts: dict[Key, TextClaim] = field(default_factory=dict)
    citations: dict[Key, CitationClaim] = field(default_factory=dict)
    dates: dict[Key, DateClaim] = field(default_factory=dict)
    names: dict[Key, NameClaim] = field(default_factory=dict)
    relations: dict[Key, RelationClaim] = field(default_factory=dict)
    sources: dict[Key, SourceClaim] = field(default_factory=dict)
    coverage: dict[Key, CoverageClaim] = field(default_factory=dict)
    notes: dict[Key, NoteClaim] = field(default_factory=dict)
    rivals: dict[Key, RivalClaim] = field(default_factory=dict)


# The fields of each kind of record that the other tables show; the rest are compared as they are.
_SHOWN = {
    SOURCE.folder: {"id", "title", "language", "kind", "author", "reviewed", "date", "url"}
    | {"retrieved", "attribution", "stored", "reproduces", "context"},
    ENTITY.folder: {"id", "name", "names", "abbr", "description", "part_of", "facts"}
    | {"citations", "context"},
    EVENT.folder: {"id", "date", "dates", "title", "summary", "actors", "citations", "context"},
    TERM.folder: {"id", "en", "fr", "definition", "related", "entity", "citations", "context"},
}


def titles(text: Text) -> Titles:
    return tuple((lang, text[lang]) for lang in LANGS)


def claims_of(kb: KnowledgeBase) -> Claims:
    """Everything the knowledge base claims, table by table."""
    out = Claims()
    _records(kb, out)
    _facts(kb, out)
    _dates(kb, out)
    _names(kb, out)
    _relations(kb, out)
    _sources(kb, out)
    for fact, _, note in kb.context_notes:
        key = (fact.page, fact.anchor, note.kind, note.text.en)
        out.notes[key] = NoteClaim(_ref(fact.page), titles(note.text), note.reference or "")
    return out


def _ref(page: str) -> RecordRef:
    folder, _, ident = page.partition("/")
    return (folder, ident) if ident else SCOPE


def _records(kb: KnowledgeBase, out: Claims) -> None:
    for kind in KINDS:
        for r in kb.records(kind):
            if kind is SOURCE:
                text = r.title.text
                supplied = r.title.status != "own"
                shown = Text(en=f"[{text.en}]", fr=f"[{text.fr}]") if supplied else text
            elif kind is TERM:
                shown = Text(en=r.en.full, fr=r.fr.full)
            else:
                shown = r.name if kind is ENTITY else r.title
            fields = _flat(r.model_dump(mode="json", exclude=_SHOWN[kind.folder]))
            out.records[(kind.folder, r.id)] = RecordClaim(
                kind.name, titles(shown), fields, record_file(kind, r.id), f"{kind.folder}/{r.id}"
            )
    pages = kb.site.pages
    out.records[SCOPE] = RecordClaim(
        "scope", titles(pages["scope"].title), (), "data/scope.yaml", "scope"
    )
    fields = _flat(kb.site.model_dump(mode="json", exclude={"name"}))
    out.records[SITE] = RecordClaim(
        "site texts", titles(kb.site.name), fields, "data/site.yaml", None
    )


def _flat(value: Any, path: str = "") -> tuple[tuple[str, str], ...]:
    """Leaves of a dumped record, by path: {"a": {"b": 1}} -> (("a.b", "1"),)."""
    if isinstance(value, dict):
        return tuple(
            leaf
            for k in sorted(value)
            for leaf in _flat(value[k], f"{path}.{k}" if path else str(k))
        )
    if isinstance(value, list):
        return tuple(leaf for i, v in enumerate(value) for leaf in _flat(v, f"{path}[{i}]"))
    return () if value is None else ((path, str(value)),)


def _facts(kb: KnowledgeBase, out: Claims) -> None:
    for fact in kb.facts:
        key, ref = (fact.page, fact.anchor), _ref(fact.page)
        out.facts[key] = FactClaim(ref, titles(fact.label), fact.file)
        for c in fact.citations:
            out.citations[(*key, c.source, normalize(c.quote))] = CitationClaim(
                ref,
                tuple((lang, text) for lang in LANGS if (text := getattr(c.translation, lang))),
                c.quote,
            )
    for e in kb.events:
        out.texts[(f"{EVENT.folder}/{e.id}", "", "summary")] = TextClaim(
            (EVENT.folder, e.id), titles(e.summary)
        )
    for ent in kb.entities:
        page = f"{ENTITY.folder}/{ent.id}"
        out.texts[(page, "", "description")] = TextClaim(_ref(page), titles(ent.description))
        for st in ent.facts:
            out.texts[(page, st.id, "text")] = TextClaim(_ref(page), titles(st.shown_text))
            _rival_texts(page, st, out)
    for t in kb.glossary:
        page = f"{TERM.folder}/{t.id}"
        out.texts[(page, "", "definition")] = TextClaim(_ref(page), titles(t.definition))
    s = kb.scope
    for st in [s.role, *s.activities, *s.principles, *s.aims]:
        out.texts[("scope", st.id, "text")] = TextClaim(SCOPE, titles(st.shown_text))
        _rival_texts("scope", st, out)


def _rival_texts(page: str, st: Statement, out: Claims) -> None:
    claim = st.claim()
    if claim.state != "single":
        for v in claim.values:
            out.rivals[(page, st.id, "wording", v.value.en)] = _rival(_ref(page), v)


def _rival(ref: RecordRef, value: Value) -> RivalClaim:
    return RivalClaim(
        ref,
        value.rank,
        tuple(dict.fromkeys(c.source for c in value.citations)),
        value.reason.en if value.reason else "",
    )


def _date(ref: RecordRef, date: PartialDate, basis: str) -> DateClaim:
    return DateClaim(ref, date.iso, date.precision, basis)


def _start(start: Start) -> DateClaim:
    if start.on is not None:
        return _date(SCOPE, start.on, start.basis)
    if start.before is not None:
        return DateClaim(SCOPE, f"before {start.before.iso}", start.before.precision, start.basis)
    return DateClaim(SCOPE, "not stated", "", start.basis)


def _dates(kb: KnowledgeBase, out: Claims) -> None:
    for e in kb.events:
        # Each dated aspect ("date" for an event's plain date), with what it rests on: stated by
        # a source, or the editors' reading; each rival value also as a `rivals` entry.
        page, ref = f"{EVENT.folder}/{e.id}", (EVENT.folder, e.id)
        for aspect, claim in e.aspects().items():
            what = "date" if aspect == "occurred" else f"date ({aspect.replace('_', ' ')})"
            shown = claim.shown.value
            out.dates[(page, "", what)] = (
                _date(ref, shown.on, shown.basis)
                if shown.on is not None
                else DateClaim(ref, "not stated", "", "")
            )
            if claim.state != "single":
                for v in claim.values:
                    on = v.value.on
                    out.rivals[(page, "", what, on.iso if on else "not stated")] = _rival(ref, v)
    for ent in kb.entities:
        for st in ent.facts:
            if st.as_of is not None:
                page = f"{ENTITY.folder}/{ent.id}"
                out.dates[(page, st.id, "as of")] = _date(_ref(page), st.as_of, "stated")
    s = kb.scope
    out.dates[("scope", "", "as of")] = _date(SCOPE, s.as_of, "stated")
    for st in [s.role, *s.activities, *s.principles, *s.aims]:
        if st.as_of is not None:
            out.dates[("scope", st.id, "as of")] = _date(SCOPE, st.as_of, "stated")
    for item in s.institutions:
        anchor = scope_anchor(item)
        out.dates[("scope", anchor, "start")] = _start(item.start)
        if item.ongoing_as_of is not None:
            out.dates[("scope", anchor, "ongoing as of")] = _date(
                SCOPE, item.ongoing_as_of, "stated"
            )


def _names(kb: KnowledgeBase, out: Claims) -> None:
    for ent in kb.entities:
        page, ref = f"{ENTITY.folder}/{ent.id}", (ENTITY.folder, ent.id)
        for name in ent.names:
            status = name.status + (f", {name.rank}" if name.rank else "")
            sources = " ".join(name.all_sources)
            out.names[(page, name.lang, name.form)] = NameClaim(ref, status, sources)
        for lang in LANGS:
            abbr = getattr(ent.abbr, lang) if ent.abbr else None
            if abbr:
                out.names.setdefault((page, lang, abbr), NameClaim(ref, "abbreviation", ""))
    for t in kb.glossary:
        page, ref = f"{TERM.folder}/{t.id}", (TERM.folder, t.id)
        for lang in LANGS:
            abbr = t.form(lang).abbr
            if abbr:
                out.names[(page, lang, abbr)] = NameClaim(ref, "abbreviation", "")


def _relations(kb: KnowledgeBase, out: Claims) -> None:
    def add(subject: str, relation: str, obj: str, ref: RecordRef, detail: str = "") -> None:
        out.relations[(subject, relation, obj)] = RelationClaim(ref, detail)

    for ent in kb.entities:
        if ent.part_of:
            page = f"{ENTITY.folder}/{ent.id}"
            add(page, "part of", f"{ENTITY.folder}/{ent.part_of}", _ref(page))
    for e in kb.events:
        for actor in e.actors:
            page = f"{EVENT.folder}/{e.id}"
            add(page, "concerns", f"{ENTITY.folder}/{actor}", _ref(page))
    for t in kb.glossary:
        page = f"{TERM.folder}/{t.id}"
        for other in t.related:
            add(page, "related to", f"{TERM.folder}/{other}", _ref(page))
        if t.entity:
            add(page, "names", f"{ENTITY.folder}/{t.entity}", _ref(page))
    mission = f"{ENTITY.folder}/{kb.scope.mission}"
    for item in kb.scope.institutions:
        detail = f"decided by {EVENT.folder}/{item.decided_by}" if item.decided_by else ""
        add(mission, item.verb, f"{ENTITY.folder}/{item.entity}", SCOPE, detail)
        claim = item.claim()
        if claim.state != "single":
            for v in claim.values:
                out.rivals[("scope", scope_anchor(item), "verb", v.value)] = _rival(SCOPE, v)


def _sources(kb: KnowledgeBase, out: Claims) -> None:
    for s in kb.sources:
        by = s.author or s.issuer or s.publisher
        own = s.dated
        reviewed = ""
        if s.reviewed:
            edition = s.reviewed.date
            edition_on = edition.on if isinstance(edition, DateValue) else edition
            reviewed = f"{kb.agent_name(s.reviewed.publication, 'en')}, {edition_on}"
        out.sources[(s.id,)] = SourceClaim(
            s.language,
            s.kind,
            kb.agent_name(by, "en") if by else "",
            f"{own.on}" + (f" ({own.basis})" if own.basis != "stated" else ""),
            reviewed,
            s.url or "",
            s.retrieved.iso if s.retrieved else "",
            s.stored,
            s.reproduces.url if s.reproduces else "",
        )
    for source_id, sentences in kb.coverage.items():
        covered = sum(1 for r in sentences if r.facts)
        out.coverage[(source_id,)] = CoverageClaim(covered, len(sentences))
