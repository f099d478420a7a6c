"""What the exports add to the records as written, worked out from the knowledge base: the
documents a record cites (a copy counted as its original, as "2 sources" counts them on the
pages), which of them have no stored copy, and a source's role. Every export takes them from
here, so that a count in the CSV is the count in the calendar and in kb.json."""

from __future__ import annotations

from typing import Literal

from nmikb.data.models import Citation, Entity, Event, Source, Term
from nmikb.data.registry import ENTITY, EVENT, SOURCE, TERM, RecordKind
from nmikb.edition.datewords import sources_phrase
from nmikb.knowledge.base import KnowledgeBase

FOLDERS: dict[type, RecordKind] = {Event: EVENT, Entity: ENTITY, Term: TERM, Source: SOURCE}


def record_citations(kb: KnowledgeBase, record) -> tuple[Citation, ...]:
    """Every passage a record's page quotes: its own citations, its dates' and its facts'."""
    facts = kb.facts_by_page.get(f"{FOLDERS[type(record)].folder}/{record.id}", [])
    return tuple(c for f in facts for c in f.citations)


def record_sources(kb: KnowledgeBase, record) -> list[str]:
    """The distinct documents a record cites, in order of first citation."""
    return kb.documents(record_citations(kb, record))


def event_sources(kb: KnowledgeBase, event: Event) -> list[str]:
    return record_sources(kb, event)


def unchecked_sources(kb: KnowledgeBase, record) -> list[str]:
    """The documents a record cites none of whose quotes could be checked: no stored copy."""
    cites = record_citations(kb, record)
    checked = {kb.original(c.source) for c in cites if kb.checked(c.source)}
    return [d for d in kb.documents(cites) if d not in checked]


def role(source: Source) -> Literal["primary", "secondary"]:
    """'primary' (the issuer's own words) or 'secondary' (a report about them): written, or
    implied by the kind."""
    return "primary" if source.primary else "secondary"


def sources_line(kb: KnowledgeBase, event: Event, lang: str) -> str:
    """'3 sources, 1 with no stored copy (its quotes are not checked).'"""
    return sources_phrase(len(event_sources(kb, event)), len(unchecked_sources(kb, event)), lang)
