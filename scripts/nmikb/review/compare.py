"""Two versions of what the knowledge base claims, compared table by table, and the readings a
reviewer asks of the result: which records changed, which existing facts gained a source, which
quotes were edited."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field, fields
from typing import Any

from .claims import Claims, Key, RecordRef

TABLES = tuple(f.name for f in fields(Claims))
# How a record's changes are named, table by table, where the table's name is not the word.
_ASPECTS = {"texts": "text", "notes": "context notes", "rivals": "rival values"}


@dataclass(frozen=True)
class Change:
    """One key of one table: on the new side only (added), the old only (removed), or both with
    different values (changed)."""

    key: Key
    old: Any = None
    new: Any = None


@dataclass
class TableChanges:
    added: list[Change] = field(default_factory=list)
    removed: list[Change] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


def compare_table(old: dict, new: dict) -> TableChanges:
    out = TableChanges()
    for key in sorted(new.keys() - old.keys()):
        out.added.append(Change(key, None, new[key]))
    for key in sorted(old.keys() - new.keys()):
        out.removed.append(Change(key, old[key], None))
    for key in sorted(old.keys() & new.keys()):
        if old[key] != new[key]:
            out.changed.append(Change(key, old[key], new[key]))
    return out


@dataclass(frozen=True)
class Corroboration:
    """An existing fact that gains citations: how many sources it had and has."""

    fact: Key  # (page, anchor)
    added: tuple[Change, ...]  # citations table entries
    sources_before: tuple[str, ...]
    sources_after: tuple[str, ...]


@dataclass(frozen=True)
class QuoteEdit:
    """A quote of an existing fact rewritten: the same source, other words."""

    fact: Key
    source: str
    old: str
    new: str


@dataclass
class Diff:
    """What a change does to the knowledge base, from `old` to `new`."""

    old: Claims
    new: Claims
    tables: dict[str, TableChanges]

    def existing(self, fact: Key) -> bool:
        """A fact on both sides: what happens to it is a change, not an addition."""
        return fact in self.old.facts and fact in self.new.facts

    def record_exists(self, ref: RecordRef) -> bool:
        return ref in self.old.records and ref in self.new.records

    @property
    def changed_records(self) -> list[RecordRef]:
        """Records on both sides that any table says something changed about."""
        touched: set[RecordRef] = set()
        for name, changes in self.tables.items():
            for change in [*changes.added, *changes.removed, *changes.changed]:
                if name == "records":
                    touched.add((change.key[0], change.key[1]))
                elif name in ("sources", "coverage"):
                    touched.add(("sources", change.key[0]))
                else:
                    touched.add((change.new or change.old).record)
        return sorted(ref for ref in touched if self.record_exists(ref))

    def aspects(self, ref: RecordRef) -> list[str]:
        """What changed about a record, in words: "citations", "dates"…"""
        out = []
        for name, changes in self.tables.items():
            for change in [*changes.added, *changes.removed, *changes.changed]:
                if name == "records" and change.key == ref:
                    out.append("title or fields")
                elif name in ("sources", "coverage") and ref == ("sources", change.key[0]):
                    out.append(name)
                elif name not in ("records", "sources", "coverage"):
                    if (change.new or change.old).record == ref:
                        out.append(_ASPECTS.get(name, name))
        return list(dict.fromkeys(out))

    @property
    def corroborations(self) -> list[Corroboration]:
        """Existing facts with new citations, in fact order (edited quotes left out)."""
        edits = {(e.fact, e.source, e.new) for e in self.quote_edits}
        by_fact: dict[Key, list[Change]] = {}
        for change in self.tables["citations"].added:
            fact, source, quote = change.key[:2], change.key[2], change.key[3]
            if self.existing(fact) and (fact, source, quote) not in edits:
                by_fact.setdefault(fact, []).append(change)
        return [
            Corroboration(
                fact,
                tuple(added),
                _sources_of(self.old, fact),
                _sources_of(self.new, fact),
            )
            for fact, added in sorted(by_fact.items())
        ]

    @property
    def removed_citations(self) -> list[Change]:
        edits = {(e.fact, e.source, e.old) for e in self.quote_edits}
        return [
            c
            for c in self.tables["citations"].removed
            if self.existing(c.key[:2]) and (c.key[:2], c.key[2], c.key[3]) not in edits
        ]

    @property
    def quote_edits(self) -> list[QuoteEdit]:
        """A citation removed and one added to the same fact from the same source: one quote
        edited, paired with the added quote most like it."""
        added: dict[tuple, list[str]] = {}
        for c in self.tables["citations"].added:
            added.setdefault((c.key[:2], c.key[2]), []).append(c.key[3])
        out = []
        for c in self.tables["citations"].removed:
            fact, source, old = c.key[:2], c.key[2], c.key[3]
            candidates = added.get((fact, source), [])
            if not self.existing(fact) or not candidates:
                continue
            best = max(
                candidates,
                key=lambda q: difflib.SequenceMatcher(None, old.split(), q.split()).ratio(),
            )
            candidates.remove(best)
            out.append(QuoteEdit(fact, source, old, best))
        return out


def _sources_of(claims: Claims, fact: Key) -> tuple[str, ...]:
    return tuple(sorted({k[2] for k in claims.citations if k[:2] == fact}))


def compare(old: Claims, new: Claims) -> Diff:
    return Diff(
        old, new, {name: compare_table(getattr(old, name), getattr(new, name)) for name in TABLES}
    )
