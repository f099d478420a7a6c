"""Rules that need the whole knowledge base: unique ids, references, quotes found in sources.

Each rule reads as one line of the specification and reports a located Problem.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator

from nmikb.data.models import LANGS
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

from .base import KnowledgeBase

# What the skeletons of `make new-event` (and the like) put where the editor's text goes.
_PLACEHOLDER = re.compile(r"\s*TODO\b")


def placeholders(kb: KnowledgeBase) -> list[Problem]:
    """Every text a skeleton left to be replaced ("TODO: …"). Valid in form, so that a new record
    can be previewed at once, but never to be published: `validate` and `site` refuse them."""
    problems = []
    for file, loaded in kb.loaded.items():
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


def _texts(value: object, loc: tuple) -> Iterator[tuple[tuple, str]]:
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, (*loc, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _texts(item, (*loc, i))


def check(kb: KnowledgeBase) -> list[Problem]:
    problems: list[Problem] = []
    report = _Reporter(kb, problems)
    _check_sources(kb, report)
    _check_reserved_ids(kb, report)
    _check_unique_ids(kb, report)
    _check_references(kb, report)
    _check_citations(kb, report)
    _check_glossary_forms(kb, report)
    return problems


class _Reporter:
    def __init__(self, kb: KnowledgeBase, problems: list[Problem]):
        self.kb, self.problems = kb, problems

    def __call__(self, file: str, loc: tuple, message: str, fix: str) -> None:
        line, col = self.kb.loaded[file].locate(loc)
        self.problems.append(Problem(file, line, col, field_path(loc), message, fix))


def _check_sources(kb: KnowledgeBase, report: _Reporter) -> None:
    texts = kb.texts
    for s in kb.sources:
        file = record_file(SOURCE, s.id)
        if s.id not in texts:
            report(
                file,
                ("file",),
                f"no file `{s.file}`",
                "store the source text there, byte for byte, or fix the path",
            )
        elif texts[s.id].body_span is None:
            report(
                file,
                ("body_start",),
                "body_start or body_end is not in the source, in that order",
                "copy the first and last words of the body from the source",
            )


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
    for e in kb.entities:
        file = record_file(ENTITY, e.id)
        ref(file, ("part_of",), e.part_of, entities, ENTITY)
        if e.part_of == e.id:
            report(
                file, ("part_of",), "an entity cannot be part of itself", "name its parent entity"
            )
        for j, name in enumerate(e.names):
            ref(file, ("names", j, "source"), name.source, kb.source, SOURCE)
            # "As written in S" is checkable: the form must be in S's text.
            text = kb.texts.get(name.source or "")
            if name.status == "used-by-source" and text is not None and text.find(name.form) < 0:
                report(
                    file,
                    ("names", j, "form"),
                    f"`{name.form}` is not written in source `{name.source}`",
                    "copy the form as the source writes "
                    "it, or give it the status `translation` or `common`",
                )
    for event in kb.events:
        for j, actor in enumerate(event.actors):
            ref(record_file(EVENT, event.id), ("actors", j), actor, entities, ENTITY)
    ref("data/scope.yaml", ("scope", "mission"), kb.scope.mission, entities, ENTITY)
    for i, item in enumerate(kb.scope.institutions):
        ref(
            "data/scope.yaml", ("scope", "institutions", i, "entity"), item.entity, entities, ENTITY
        )
        ref(
            "data/scope.yaml",
            ("scope", "institutions", i, "decided_by"),
            item.decided_by,
            events,
            EVENT,
        )
        decided = kb.event.get(item.decided_by or "")
        # A start that rests on a decision is dated by it: one date, in one place of truth.
        if decided and item.start.basis == "decision" and item.start.on != decided.date:
            report(
                "data/scope.yaml",
                ("scope", "institutions", i, "start", "on"),
                f"the start is {item.start.on} but the deciding event `{decided.id}` "
                f"is dated {decided.date}",
                "make the two dates agree",
            )
    for t in kb.glossary:
        file = record_file(TERM, t.id)
        for j, other in enumerate(t.related):
            ref(file, ("related", j), other, terms, TERM)
            if other == t.id:
                report(file, ("related", j), "a term cannot be related to itself", "remove it")
        ref(file, ("entity",), t.entity, entities, ENTITY)


def _check_citations(kb: KnowledgeBase, report: _Reporter) -> None:
    for fact in kb.facts:
        for k, c in enumerate(fact.citations):
            group = (
                "attribution"
                if fact.page.startswith(f"{SOURCE.folder}/") and not fact.anchor
                else "citations"
            )
            loc = fact.loc + (group, k)
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


def _check_glossary_forms(kb: KnowledgeBase, report: _Reporter) -> None:
    # One abbreviation, one meaning: tooltips would otherwise be ambiguous.
    seen: dict[str, str] = {}
    for t in kb.glossary:
        for lang in LANGS:
            abbr = t.form(lang).abbr
            if abbr and seen.setdefault(abbr, t.id) != t.id:
                report(
                    record_file(TERM, t.id),
                    (lang, "abbr"),
                    f"abbreviation `{abbr}` is already used by term `{seen[abbr]}`",
                    "an abbreviation may name one term only",
                )
