"""Rules that need the whole knowledge base: unique ids, references, quotes found in sources,
dates no more precise than what they rest on, one relation per institution and period.

Each rule reads as one line of the specification and reports a located Problem. Most are
errors; wording a person should look at (an editors' text that says "the source" where several
sources speak) is a warning, said and not stopping anything.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator

from nmikb.data.models import (
    LANGS,
    DateValue,
    EntityRef,
    PartialDate,
    Source,
    more_precise,
)
from nmikb.data.problems import Problem, field_path
from nmikb.data.quotes import normalize
from nmikb.data.registry import (
    ENTITY,
    EVENT,
    KINDS,
    RESERVED_IDS,
    SECTION_ANCHORS,
    SOURCE,
    TERM,
    record_file,
)
from nmikb.data.wordiff import marked
from nmikb.data.yamlsafe import Loaded

from .base import KnowledgeBase

# What the skeletons of `make new-event` (and the like) put where the editor's text goes.
_PLACEHOLDER = re.compile(r"\s*TODO\b")


def placeholders(kb: KnowledgeBase) -> list[Problem]:
    """Every text a skeleton left to be replaced ("TODO: …"). Valid in form, so that a new record
    can be previewed at once, but never to be published: `validate` and `site` refuse them."""
    problems = []
    for file, loaded in kb.loaded.items():
        if not loaded.todo:  # its bytes hold no placeholder
            continue
        for loc, value in _texts(loaded.data, ()):
            if _PLACEHOLDER.match(value):
                line, col = loaded.locate(loc)
                problems.append(
                    Problem(
                        file,
                        line,
                        col,
                        field_path(loc),
                        "a placeholder of the skeleton is still here",
                        "write the text it asks for in its place",
                    )
                )
    return problems


def _texts(
    value: object, loc: tuple, leave_out: frozenset[str] = frozenset()
) -> Iterator[tuple[tuple, str]]:
    """Every string of a file's data, with its place; not those under a key of `leave_out`."""
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in leave_out:
                yield from _texts(item, (*loc, key), leave_out)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _texts(item, (*loc, i), leave_out)


def check(kb: KnowledgeBase) -> list[Problem]:
    """Every problem of the knowledge base as a whole, warnings included."""
    problems: list[Problem] = []
    report = _Reporter(kb, problems)
    _check_sources(kb, report)
    _check_reserved_ids(kb, report)
    _check_unique_ids(kb, report)
    _check_references(kb, report)
    _check_relations(kb, report)
    _check_citations(kb, report)
    _check_dates(kb, report)
    _check_glossary_forms(kb, report)
    _check_wording(kb, report)
    return problems


class _Reporter:
    def __init__(self, kb: KnowledgeBase, problems: list[Problem]):
        self.kb, self.problems = kb, problems

    def __call__(self, file: str, loc: tuple, message: str, fix: str, level: str = "error") -> None:
        line, col = self.kb.loaded[file].locate(loc)
        self.problems.append(Problem(file, line, col, field_path(loc), message, fix, level))


# Sources ---------------------------------------------------------------------------------------


def _check_sources(kb: KnowledgeBase, report: _Reporter) -> None:
    texts = kb.texts
    for s in kb.sources:
        file = record_file(SOURCE, s.id)
        if s.stored != "none" and s.id not in texts:
            report(
                file,
                ("file",),
                f"no file `{s.file}`",
                "store the source text there, byte for byte, or fix the path",
            )
            continue
        text = texts.get(s.id)
        if text is not None and s.body_start is not None and s.body_end is not None:
            if text.body_span is None:
                report(
                    file,
                    ("body_start",),
                    "body_start or body_end is not in the source, in that order",
                    "copy the first and last words of the body from the source",
                )
            else:
                _check_body_edges(s, text, file, report)
        if text is not None:
            for loc, value in _own_dates(s):
                if value.quote and text.find(value.quote) < 0:
                    report(
                        file,
                        (*loc, "quote"),
                        f"«{value.quote}» is not in the stored text",
                        "copy the words as the stored file has them",
                    )
            own = s.title.text[s.language] if s.language in LANGS else None
            if s.title.status == "own" and own and text.find(own) < 0:
                report(
                    file,
                    ("title", "text", s.language),
                    "the document's own title is not in its stored text",
                    "copy it as written, or say `status: not-stored` if the copy lacks it",
                )
        for k, c in enumerate(s.attribution):
            if c.source != s.id:
                report(
                    file,
                    ("attribution", k, "source"),
                    f"an attribution quotes the source itself, not `{c.source}`",
                    f"write `source: {s.id}`, or cite `{c.source}` from a fact instead",
                )
        for j, other in enumerate(s.reports_on):
            if other == s.id:
                report(
                    file,
                    ("reports_on", j),
                    "a source cannot report on itself",
                    "name the source it reports on",
                )
        if s.reproduces and s.reproduces.source:
            chain: list[str] = [s.id]
            nxt: str | None = s.reproduces.source
            while nxt is not None and nxt not in chain and nxt in kb.source:
                chain.append(nxt)
                original = kb.source[nxt]
                nxt = original.reproduces.source if original.reproduces else None
            if nxt is not None and nxt in chain:
                report(
                    file,
                    ("reproduces", "source"),
                    "a `reproduces` loop: " + " → ".join(f"`{x}`" for x in [*chain, nxt]),
                    "a copy names its original, and the original reproduces nothing: remove "
                    "`reproduces` from the original",
                )


def _own_dates(s: Source) -> list[tuple[tuple, DateValue]]:
    out: list[tuple[tuple, DateValue]] = []
    if isinstance(s.date, DateValue):
        out.append((("date",), s.date))
    if s.reviewed and isinstance(s.reviewed.date, DateValue):
        out.append((("reviewed", "date"), s.reviewed.date))
    return out


def _check_body_edges(s: Source, text, file: str, report: _Reporter) -> None:
    """The body starts where a sentence starts and ends where one ends: coverage counts whole
    sentences, and a body cut inside one would leave part of it out and still read 100%. A line
    is an edge too: a title or a date line with no full stop reads as one sentence with the
    line after it (quotes.py, SourceText.opens_at_line)."""
    assert text.body_span is not None and s.body_start and s.body_end
    start, end = text.body_span
    first = text.sentence_around(start)
    if first is not None and first.start != start and not text.opens_at_line(start):
        # From the line that opens its sentence, if one does: not the title line before it.
        opening = text.line_opening_before(start, first.start)
        words = first.text if opening == first.start else text.norm[opening : first.end]
        report(
            file,
            ("body_start",),
            f"«{s.body_start}» starts in the middle of a sentence",
            f"copy the first words of that sentence: «{_words(words, 4)}»",
        )
    last = text.sentence_around(end - 1)
    if last is not None and last.end != end and not text.closes_at_line(end):
        report(
            file,
            ("body_end",),
            f"«{s.body_end}» stops before the end of its sentence",
            f"copy the last words of that sentence, with its final mark: «{_words(last.text, -4)}»",
        )


def _words(text: str, n: int) -> str:
    words = text.split()
    return " ".join(words[:n] if n > 0 else words[n:])


# Ids -------------------------------------------------------------------------------------------


def _check_reserved_ids(kb: KnowledgeBase, report: _Reporter) -> None:
    for kind in KINDS:
        for record in kb.records(kind):
            if record.id in RESERVED_IDS:
                report(
                    record_file(kind, record.id),
                    ("id",),
                    f"`{record.id}` is reserved for the list page of data/{kind.folder}/",
                    "choose another id and rename the file",
                )


def _check_unique_ids(kb: KnowledgeBase, report: _Reporter) -> None:
    # Every id is an anchor on the page that shows it, so ids are unique per page: this also
    # catches an entity fact that reuses an entity's id.
    by_page: dict[str, list] = {}
    for fact in kb.facts:
        by_page.setdefault(fact.page, []).append((fact.file, fact.loc + ("id",), fact.anchor))
    for page, entries in by_page.items():
        _unique(entries, f"the {page} page", report)
    for fact in kb.facts:
        if fact.anchor in SECTION_ANCHORS:
            report(
                fact.file,
                fact.loc + ("id",),
                f"`{fact.anchor}` names a section of the page",
                "give the fact another id",
            )
    # A former id keeps leading to the record that took it over: no live record may take it.
    former: dict[str, str] = {}
    for e in kb.events:
        for j, old in enumerate(e.former_ids):
            file = record_file(EVENT, e.id)
            if old in kb.event or old == e.id:
                report(
                    file,
                    ("former_ids", j),
                    f"`{old}` is the id of a record that exists",
                    "a former id names a record merged into this one and removed: remove it here",
                )
            elif former.setdefault(old, e.id) != e.id:
                report(
                    file,
                    ("former_ids", j),
                    f"`{old}` is already a former id of `{former[old]}`",
                    "an old address can lead to one record only",
                )


def _unique(entries: list, kind: str, report: _Reporter) -> None:
    seen: dict[str, tuple] = {}
    for file, loc, ident in entries:
        if ident in seen:
            other_file, other_loc = seen[ident]
            line, _ = report.kb.loaded[other_file].locate(other_loc)
            report(
                file,
                loc,
                f"duplicate id `{ident}` on {kind} (first used in {other_file} line {line})",
                "give each one its own id",
            )
        else:
            seen[ident] = (file, loc)


# References ------------------------------------------------------------------------------------


def _check_references(kb: KnowledgeBase, report: _Reporter) -> None:
    def ref(file: str, loc: tuple, value: str | None, known, kind) -> None:
        if value is None or value in known:
            return
        guess = difflib.get_close_matches(value, list(known), n=1, cutoff=0.6)
        fix = (
            f"did you mean `{guess[0]}`?"
            if guess
            else f"add data/{kind.folder}/{value}.yaml or use an existing id"
        )
        report(file, loc, f"no {kind.name} `{value}`", fix)

    entities, events, terms = kb.entity, kb.event, kb.term
    ref("data/site.yaml", ("site", "headline"), kb.site.headline, events, EVENT)
    ref("data/site.yaml", ("site", "mission"), kb.site.mission, entities, ENTITY)
    for s in kb.sources:
        file = record_file(SOURCE, s.id)
        for field in ("issuer", "author", "publisher"):
            agent = getattr(s, field)
            if isinstance(agent, EntityRef):
                ref(file, (field, "entity"), agent.entity, entities, ENTITY)
        if s.reviewed and isinstance(s.reviewed.publication, EntityRef):
            ref(
                file,
                ("reviewed", "publication", "entity"),
                s.reviewed.publication.entity,
                entities,
                ENTITY,
            )
        for j, other in enumerate(s.reports_on):
            ref(file, ("reports_on", j), other, kb.source, SOURCE)
        if s.reproduces:
            ref(file, ("reproduces", "source"), s.reproduces.source, kb.source, SOURCE)
    for e in kb.entities:
        file = record_file(ENTITY, e.id)
        ref(file, ("part_of",), e.part_of, entities, ENTITY)
        if e.part_of == e.id:
            report(
                file, ("part_of",), "an entity cannot be part of itself", "name its parent entity"
            )
        for j, name in enumerate(e.names):
            where = "source" if name.source else "sources"
            for k, source_id in enumerate(name.all_sources):
                loc = ("names", j, "source") if name.source else ("names", j, "sources", k)
                ref(file, loc, source_id, kb.source, SOURCE)
                # "As written in S" is checkable: the form must be in S's stored text.
                text = kb.texts.get(source_id)
                if name.status == "used-by-source" and text is not None:
                    if text.find(name.form) < 0:
                        report(
                            file,
                            ("names", j, "form"),
                            f"`{name.form}` is not written in source `{source_id}`",
                            f"copy the form as the source writes it, remove `{source_id}` from "
                            f"`{where}`, or give it the status `translation` or `common`",
                        )
    for event in kb.events:
        for j, actor in enumerate(event.actors):
            ref(record_file(EVENT, event.id), ("actors", j), actor, entities, ENTITY)
    ref("data/scope.yaml", ("scope", "mission"), kb.scope.mission, entities, ENTITY)
    for i, item in enumerate(kb.scope.institutions):
        at: tuple = ("scope", "institutions", i)
        ref("data/scope.yaml", (*at, "entity"), item.entity, entities, ENTITY)
        ref("data/scope.yaml", (*at, "decided_by"), item.decided_by, events, EVENT)
        decided = kb.event.get(item.decided_by or "")
        # A start that rests on a decision is dated by it: one date, in one place of truth.
        when = kb.dates[decided.id].when if decided else None
        if (
            decided
            and when
            and item.start.basis == "decision"
            and item.start.on not in (None, when)
        ):
            report(
                "data/scope.yaml",
                (*at, "start", "on"),
                f"the start is {item.start.on} but the deciding event `{decided.id}` "
                f"is dated {when}",
                "remove `on:` (the event gives the date), or make the two dates agree",
            )
    for t in kb.glossary:
        file = record_file(TERM, t.id)
        for j, other in enumerate(t.related):
            ref(file, ("related", j), other, terms, TERM)
            if other == t.id:
                report(file, ("related", j), "a term cannot be related to itself", "remove it")
        ref(file, ("entity",), t.entity, entities, ENTITY)


def _check_relations(kb: KnowledgeBase, report: _Reporter) -> None:
    """One relation per institution and period: two that differ only by verb are one relation
    two sources word differently."""
    seen: dict[tuple, int] = {}
    for i, item in enumerate(kb.scope.institutions):
        key = (item.entity, item.start, item.decided_by)
        if key not in seen:
            seen[key] = i
            continue
        first = kb.scope.institutions[seen[key]]
        line, _ = kb.loaded["data/scope.yaml"].locate(("scope", "institutions", seen[key]))
        verbs = f"`{first.verb}` / `{item.verb}`"
        report(
            "data/scope.yaml",
            ("scope", "institutions", i),
            f"the mission already has a relation to `{item.entity}` over the same period "
            f"(institutions[{seen[key]}], line {line})"
            + (f"; the two differ only by verb ({verbs})" if first.verb != item.verb else ""),
            f"make them one relation: under institutions[{seen[key]}] write `relation:` as a "
            "list of values (each verb with its citations and rank), and delete this one"
            if first.verb != item.verb
            else f"move these citations to institutions[{seen[key]}] and delete this one",
        )


# Quotes ----------------------------------------------------------------------------------------


def _check_citations(kb: KnowledgeBase, report: _Reporter) -> None:
    for fact in kb.facts:
        for loc, c in fact.located:
            source = kb.source.get(c.source)
            if source is None:
                guess = difflib.get_close_matches(c.source, list(kb.source), n=1)
                report(
                    fact.file,
                    loc + ("source",),
                    f"no source `{c.source}`",
                    f"did you mean `{guess[0]}`?" if guess else f"add data/sources/{c.source}.yaml",
                )
                continue
            text = kb.texts.get(c.source)
            if text is not None and text.find(c.quote) < 0:
                closest = text.closest(c.quote)
                if source.stored == "excerpt":
                    report(
                        fact.file,
                        loc + ("quote",),
                        f"this quote is not in the stored excerpt of source `{c.source}`",
                        "only part of that document is stored: quote from the stored part "
                        f"(the closest passage is «{closest}»; where they differ, [-the quote's "
                        f"words-]{{+the source's+}}: «{marked(normalize(c.quote), closest)}»), or "
                        "store the passage too",
                    )
                else:
                    report(
                        fact.file,
                        loc + ("quote",),
                        f"this quote is not in source `{c.source}`",
                        f"copy it word for word; the closest passage is: «{closest}»; where they "
                        f"differ, [-the quote's words-]{{+the source's+}}: "
                        f"«{marked(normalize(c.quote), closest)}»",
                    )
            for lang in LANGS:
                if lang != source.language and not getattr(c.translation, lang):
                    report(
                        fact.file,
                        loc + ("translation",),
                        f"no {lang} translation of the quote",
                        f"add `translation: {{{lang}: ...}}` with a faithful translation",
                    )


# Dates -----------------------------------------------------------------------------------------


def _check_dates(kb: KnowledgeBase, report: _Reporter) -> None:
    for event in kb.events:
        file = record_file(EVENT, event.id)
        for claim in kb.dates[event.id].aspects.values():  # made once, with the event's date
            for value in claim.values:
                d = value.value
                assert isinstance(d, DateValue)
                if d.basis == "metadata":
                    report(
                        file,
                        (*value.loc, "basis"),
                        "`metadata` is for a document's own date",
                        "use `stated` (a quote gives it) or `inferred` (with `reasoning`)",
                    )
                if d.quote:
                    report(
                        file,
                        (*value.loc, "quote"),
                        "`quote` is for a source's own dates",
                        "write the passage under `citations:`, with its source",
                    )
                if d.basis == "inferred" and d.on is not None:
                    _check_precision(kb, file, value.loc, d.on, value.citations, report)


def _check_precision(
    kb: KnowledgeBase, file: str, loc: tuple, on: PartialDate, citations, report: _Reporter
) -> None:
    """An inferred date is no more precise than the dates of the sources it is read from: the
    source's own, or the edition it reviews."""
    bounds = []
    for source_id in dict.fromkeys(c.source for c in citations):
        s = kb.source.get(source_id)
        if s is None:
            continue
        dates = [s.dated.on] + ([_on(s.reviewed.date)] if s.reviewed else [])
        best = max((d for d in dates if d is not None), key=lambda d: (len(d.iso), d), default=None)
        if best is not None:
            bounds.append((source_id, best))
    if bounds and all(more_precise(on, bound) for _, bound in bounds):
        source_id, bound = bounds[0]
        report(
            file,
            (*loc, "on"),
            f"{on} is a {on.precision}, but source `{source_id}` is dated only to {bound}",
            f'write "{on.iso[: len(bound.iso)]}", or record the source\'s date to the '
            f"{on.precision} (with its basis)",
        )


def _on(written) -> PartialDate | None:
    return written.on if isinstance(written, DateValue) else written


# Glossary and wording --------------------------------------------------------------------------


def _check_glossary_forms(kb: KnowledgeBase, report: _Reporter) -> None:
    # One abbreviation, one meaning: tooltips would otherwise be ambiguous.
    seen: dict[str, str] = {}
    for t in kb.glossary:
        # A form "as the sources write it" is checkable: one of the term's stored sources has it.
        texts = [
            kb.texts[s].norm.casefold()
            for s in dict.fromkeys(c.source for c in t.citations)
            if s in kb.texts
        ]
        for lang in LANGS:
            form = t.form(lang)
            if (
                form.status == "used-by-source"
                and not _PLACEHOLDER.match(form.full)  # a skeleton's: refused as a placeholder
                and texts
                and not any(normalize(form.full).casefold() in text for text in texts)
            ):
                report(
                    record_file(TERM, t.id),
                    (lang, "full"),
                    f"`{form.full}` is not written in the sources this term cites",
                    "give the form the status it has — `status: official` (with `reference:`), "
                    "`translation` or `common` — or copy it as a source writes it",
                )
        for lang in LANGS:
            abbr = t.form(lang).abbr
            if abbr and seen.setdefault(abbr, t.id) != t.id:
                report(
                    record_file(TERM, t.id),
                    (lang, "abbr"),
                    f"abbreviation `{abbr}` is already used by term `{seen[abbr]}`",
                    "an abbreviation may name one term only",
                )


# "The source", "this source", "la source", "cette source" as words of their own: never
# "sources", "sa source" or "resource".
_ONE_SOURCE = {
    "en": re.compile(r"\b(?:the|this|that) source\b(?!s)", re.I),
    "fr": re.compile(r"\b(?:la|cette) source\b(?!s)", re.I),
}


_QUOTED = frozenset({"citations", "attribution"})


# What _one_source_mentions found in each file, with the digest of the bytes it was found in:
# `make serve` checks the whole knowledge base again at each save, and going through every text of
# 10,000 files was a fifth of those checks, for the one file a save changed.
_MENTIONS: dict[str, tuple[str, list[tuple[tuple, str]]]] = {}


def _one_source_mentions(file: str, loaded: Loaded) -> list[tuple[tuple, str]]:
    """(where, the words) of each "the source" in a file's editors' texts (the passages quoted
    are the sources' words, not the editors')."""
    kept = _MENTIONS.get(file)
    if kept is not None and loaded.digest and kept[0] == loaded.digest:
        return kept[1]
    found = [
        (loc, match[0])
        for loc, text in _texts(loaded.data, (), _QUOTED)
        if loc[-1] in LANGS and (match := _ONE_SOURCE[loc[-1]].search(text))
    ]
    if loaded.digest:
        _MENTIONS[file] = (loaded.digest, found)
    return found


def _check_wording(kb: KnowledgeBase, report: _Reporter) -> None:
    """Warn where an editors' text says "the source" and several sources speak: a text written
    when there was one source, which a second one silently makes false."""
    by_file: dict[str, list] = {}
    for fact in kb.facts:
        by_file.setdefault(fact.file, []).extend(fact.citations)
    for file, citations in by_file.items():
        documents = kb.documents(citations)
        if len(documents) < 2:
            continue
        for loc, words in _one_source_mentions(file, kb.loaded[file]):
            report(
                file,
                loc,
                f"says “{words}”, but this record cites {len(documents)} sources "
                f"({', '.join(documents)})",
                "name the one meant (“the press review does not…”) or speak of the sources",
                level="warning",
            )
    for file in [f for f in _MENTIONS if f not in kb.loaded]:
        del _MENTIONS[file]  # removed or renamed
    if len(kb.sources) > 1:
        for loc, text in _texts(kb.loaded["data/site.yaml"].data, ()):
            found = _ONE_SOURCE[loc[-1]].search(text) if loc[-1] in LANGS else None
            if found:
                report(
                    "data/site.yaml",
                    loc,
                    f"says “{found[0]}”, but the knowledge base holds {len(kb.sources)} sources",
                    "speak of the sources, or name the one meant",
                    level="warning",
                )
