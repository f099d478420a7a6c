"""The whole knowledge base as one JSON file per edition (downloads/kb.json), with its JSON
Schema, generated from the models below, and each record's own JSON (events/<id>.json).

A record is published as written (the data models' fields), plus a `derived` block of what the
knowledge base works out from it: for an event, its date as the timeline places it, what that
rests on and what other sources say (nmikb/knowledge/dates.py); for every record, the documents
it cites; for a source, its role. Kept apart from the fields as written, so that a reader can
tell the editors' data from the build's reading of it. Every citation also says whether its
quote was checked against a stored copy of its source (`checked`), the one field the build adds
inside a record: it is the citation's own property, and a program reading a quote needs it there.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache
from typing import Any, Literal, cast

from pydantic import BaseModel, ConfigDict, Field

from nmikb.data.models import (
    Basis,
    Citation,
    Claim,
    DateValue,
    Entity,
    Event,
    Lang,
    PartialDate,
    Scope,
    Site,
    Source,
    Term,
    Text,
    Value,
)
from nmikb.edition.datewords import DISAGREEMENT
from nmikb.knowledge.base import KnowledgeBase

from .derived import record_sources, role, unchecked_sources

Precision = Literal["day", "month", "year"]
Disagreement = Literal["none", "resolved", "unresolved"]
Role = Literal["primary", "secondary"]


class Derived(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DerivedValue(Derived):
    """One date a source gives for an aspect of an event."""

    date: str = Field(description="YYYY, YYYY-MM or YYYY-MM-DD: as precise as it is known.")
    precision: Precision
    basis: Basis = Field(
        description="stated (a quote gives it), inferred (the editors' reading, see "
        "`reasoning`) or metadata (a document's page metadata)."
    )
    rank: Literal["only", "preferred", "other", "set-aside"] = Field(
        description="only: the one value; preferred: followed by the site; other: another "
        "value a source gives, equal to the others when none is preferred; set-aside: not "
        "followed (see `reason`)."
    )
    reason: Text | None = Field(description="Why the editors prefer it or set it aside.")
    reasoning: Text | None = Field(description="For an inferred date: how the editors read it.")
    sources: list[str] = Field(description="The ids of the sources that give it.")


class DerivedAspect(Derived):
    """One dated aspect of an event (decided, announced…) and the values sources give it."""

    date: str | None = Field(
        description="The value the site shows (the preferred one, else the earliest of equals); "
        "null when no source gives this date (written `unknown: true`)."
    )
    precision: Precision | None
    basis: Basis | None
    disagreement: Disagreement = Field(
        description="none (one value), resolved (a value is preferred), unresolved (sources "
        "differ and none is preferred)."
    )
    values: list[DerivedValue] = Field(description="Every value, in the order written.")


class EventDerived(Derived):
    """What the knowledge base works out of an event's date and sources: the same in every page
    and export (the calendar, the feeds, the CSV)."""

    date: str = Field(
        description="Where the timeline places the event (its sort date): the value of the aspect "
        "`aspect`; with an unresolved disagreement, the earliest value not set aside."
    )
    precision: Precision
    aspect: Literal["occurred", "decided", "announced", "takes_effect", "reported"] = Field(
        description="What `date` is the date of; `reported` when no aspect is dated: the date of "
        "the earliest source that reports the event."
    )
    basis: Basis = Field(description="What `date` rests on: stated, inferred or metadata.")
    disagreement: Disagreement = Field(
        description="Whether sources give that aspect another date: none, resolved (the site "
        "follows a preferred value) or unresolved (the event spans `date` to `latest`)."
    )
    latest: str = Field(
        description="The latest value not set aside: `date` itself unless the disagreement is "
        "unresolved."
    )
    alternatives: list[DerivedValue] = Field(
        description="The aspect's other values, set aside ones included."
    )
    aspects: dict[str, DerivedAspect] = Field(
        description="Every aspect written, by name (occurred, decided, announced, takes_effect)."
    )
    reported: str | None = Field(description="The date of the earliest source the event cites.")
    sources: list[str] = Field(
        description="The distinct documents the event cites (its dates' citations included), a "
        "copy counted as the original it reproduces."
    )
    source_count: int = Field(description="How many: what the pages show as '2 sources'.")
    unchecked_sources: list[str] = Field(
        description="Those with no stored copy: their quotes are not checked against one."
    )


class RecordDerived(Derived):
    """The documents an entity or a glossary term cites (its facts' citations included)."""

    sources: list[str] = Field(
        description="Distinct documents, a copy counted as the original it reproduces."
    )
    source_count: int
    unchecked_sources: list[str] = Field(
        description="Those with no stored copy: their quotes are not checked against one."
    )


class SourceDerived(Derived):
    """What a source is, as the site reads it."""

    role: Role = Field(
        description="primary: the issuer's own words; secondary: a report about them (written "
        "as `role`, or implied by the kind)."
    )
    checked: bool = Field(
        description="Whether quotes of it are checked against a stored copy (false: no stored "
        "text, `stored: none`)."
    )


class PublishedEvent(Event):
    """An event as written, and what the knowledge base works out of it."""

    derived: EventDerived


class PublishedEntity(Entity):
    """An entity as written, and the documents it cites."""

    derived: RecordDerived


class PublishedTerm(Term):
    """A glossary term as written, and the documents it cites."""

    derived: RecordDerived


class PublishedSource(Source):
    """A source as written, and its role."""

    derived: SourceDerived


class Export(BaseModel):
    """The whole knowledge base, as published by one language edition (downloads/kb.json)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    lang: Lang = Field(
        description="The edition that published this file; `url` and every page address are in it."
    )
    name: str = Field(description="The knowledge base's name in that language.")
    url: str = Field(
        description="The edition's address. A record's page is url + folder + '/' + "
        "id + '.html' (events/, entities/, glossary/, sources/)."
    )
    as_of: str | None = Field(
        description="The day the data last changed (YYYY-MM-DD), from the version history."
    )
    license: str = Field(
        description="What may be reused: the project's own texts and code, not the quoted sources."
    )
    site: Site
    scope: Scope
    sources: list[PublishedSource]
    entities: list[PublishedEntity]
    events: list[PublishedEvent] = Field(description="Oldest first, as the timeline shows them.")
    glossary: list[PublishedTerm]


LICENSE_NOTE = (
    "The project's own code and texts: see the LICENSE file of the "
    "repository. The quoted passages belong to their sources, which "
    "keep their own rights."
)

# What the build adds to every citation it publishes (see _mark_checked).
CHECKED = {
    "type": "boolean",
    "title": "Checked",
    "description": "Added by the build: whether the quote was found in a stored copy of its "
    "source (false: the source has no stored text, and the quote is not checked).",
}


def published(kb: KnowledgeBase, record):
    """A record as written, with its `derived` block."""
    fields = {name: getattr(record, name) for name in type(record).model_fields}
    if isinstance(record, Event):
        return PublishedEvent.model_construct(**fields, derived=event_derived(kb, record))
    if isinstance(record, Source):
        about = SourceDerived(role=role(record), checked=kb.checked(record.id))
        return PublishedSource.model_construct(**fields, derived=about)
    sources = record_sources(kb, record)
    derived = RecordDerived(
        sources=sources,
        source_count=len(sources),
        unchecked_sources=unchecked_sources(kb, record),
    )
    cls = PublishedEntity if isinstance(record, Entity) else PublishedTerm
    return cls.model_construct(**fields, derived=derived)


def event_derived(kb: KnowledgeBase, e: Event) -> EventDerived:
    view = kb.dates[e.id]
    sources = record_sources(kb, e)
    return EventDerived(
        date=view.when.iso,
        precision=_precision(view.when),
        aspect=cast(Any, view.aspect),  # one of ASPECTS or "reported" (knowledge/dates.py)
        basis=cast(Basis, view.basis),
        disagreement=cast(Disagreement, DISAGREEMENT[view.state]),
        latest=view.latest.iso,
        alternatives=[_value(v) for v in view.alternatives if v.value.on is not None],
        aspects={name: _aspect(claim) for name, claim in view.aspects.items()},
        reported=view.reported.iso if view.reported else None,
        sources=sources,
        source_count=len(sources),
        unchecked_sources=unchecked_sources(kb, e),
    )


def _aspect(claim: Claim[DateValue]) -> DerivedAspect:
    values = [_value(v) for v in claim.values if v.value.on is not None]
    shown = claim.shown.value if values else None
    on = shown.on if shown else None
    return DerivedAspect(
        date=on.iso if on else None,
        precision=_precision(on) if on else None,
        basis=shown.basis if shown else None,
        disagreement=cast(Disagreement, DISAGREEMENT[claim.state]),
        values=values,
    )


def _value(v: Value[DateValue]) -> DerivedValue:
    on = v.value.on
    assert on is not None  # only dated values are listed
    return DerivedValue(
        date=on.iso,
        precision=_precision(on),
        basis=v.value.basis,
        rank=cast(Any, v.rank),  # "only" or a Rank (data/models/claims.py)
        reason=v.reason,
        reasoning=v.value.reasoning,
        sources=list(dict.fromkeys(c.source for c in v.citations)),
    )


def _precision(d: PartialDate) -> Precision:
    return cast(Precision, d.precision)


def export_json(kb: KnowledgeBase, export: Export) -> dict:
    """kb.json's contents: the export dumped, each citation marked `checked`."""
    data = export.model_dump(mode="json")
    _mark_checked(kb, export, data)
    return data


def _mark_checked(kb: KnowledgeBase, value, dumped) -> None:
    """Walk a model and its dump side by side, and say on each citation whether its quote was
    checked against a stored copy. The walk follows the models, not the shape of the dump, so
    nothing that merely looks like a citation is marked."""
    if isinstance(value, Citation):
        dumped["checked"] = kb.checked(value.source)
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            if name in dumped:
                _mark_checked(kb, getattr(value, name), dumped[name])
    elif isinstance(value, list | tuple):
        for item, out in zip(value, dumped, strict=True):
            _mark_checked(kb, item, out)
    elif isinstance(value, dict):
        for key, item in value.items():
            _mark_checked(kb, item, dumped[key])


def json_bytes(data) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


RECORDS = ("sources", "entities", "events", "glossary")  # the lists of records of an Export


def record_dict(kb: KnowledgeBase, record: BaseModel) -> dict:
    """A published record (`published`) as kb.json holds it: dumped, each citation marked."""
    data = record.model_dump(mode="json")
    _mark_checked(kb, record, data)
    return data


def record_item(kb: KnowledgeBase, record: BaseModel) -> bytes:
    """A record as an item of its list in kb.json (json_item), published."""
    return json_item(json_text(record_dict(kb, published(kb, record))), 1)


def export_bytes(
    kb: KnowledgeBase,
    export: Export,
    records: Mapping[str, Sequence[BaseModel]] | None = None,
    record_json: Callable[[str, BaseModel], bytes] | None = None,
) -> bytes:
    """json_bytes(export_json(kb, export)), byte for byte. With `records` (each list of records
    of RECORDS, as written: `export` then holds them empty), each record's JSON (its published
    form as an item of a list of the file: json_item(…, level=1)) comes from `record_json(list
    name, record)`, which may keep it between builds: the records are nearly all of the file,
    and Python writes indented JSON slowly."""
    record_json = record_json or (lambda _list, record: record_item(kb, record))
    rest = export.model_dump(mode="json", exclude=set(RECORDS))
    _mark_checked(kb, export, rest)  # the scope's citations; the records' are theirs to mark
    fields = {key: json_text(value) for key, value in rest.items()}
    lists = {}
    for key in RECORDS:
        if records is None:  # the records are the export's own, published already
            items = (json_item(json_text(record_dict(kb, r)), 1) for r in getattr(export, key))
        else:
            items = (record_json(key, r) for r in records[key])
        lists[key] = json_list(items, level=1)
    return json_document(fields, lists)


def json_item(text: str, level: int = 0) -> bytes:
    """A json_text as an item of a list `level` deep (1: the list is a field of json_document),
    indented to its final depth and encoded: what json_list joins. A kept part of an export is
    an item already (exports/pieces.py), so that putting tens of megabytes together after an
    edit is joining bytes (kb.json at 10,000 events: 0.05 s instead of 0.5 s)."""
    pad = "  " * (level + 1)
    return (pad + text.replace("\n", "\n" + pad)).encode("utf-8")


def json_list(items: Iterable[bytes], level: int = 0) -> list[bytes]:
    """json_text of a list, encoded, from each item's json_item at the same `level`: as parts,
    which json_document joins with the rest of its file in one go (b"".join for the list alone).
    Each join of kb.json's 29 MB at 10,000 events is a copy of it in new memory: joined once
    instead of four times, 34 MB of items took 19 ms instead of 100-130 ms, for each edition's
    export at each save of `make serve`."""
    parts = [b"[\n"]
    for item in items:
        parts += (item, b",\n")
    if len(parts) == 1:
        return [b"[]"]
    parts[-1] = b"\n" + b"  " * level + b"]"
    return parts


def json_document(
    fields: Mapping[str, str], lists: Mapping[str, list[bytes]] | None = None
) -> bytes:
    """json_bytes of an object, from each value's json_text (`fields`) or, for the values of
    `lists`, its json_list at level 1, in json_bytes' order of keys."""
    lists = lists or {}
    if not fields and not lists:
        return b"{}\n"
    parts = [b"{\n"]
    for key in sorted({*fields, *lists}):
        parts.append(f"  {json.dumps(key, ensure_ascii=False)}: ".encode())
        if key in lists:
            parts += lists[key]
        else:
            parts.append(fields[key].replace("\n", "\n  ").encode("utf-8"))
        parts.append(b",\n")
    parts[-1] = b"\n}\n"
    return b"".join(parts)


def json_text(data) -> str:
    """What json_bytes writes, as text and without its last line break."""
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)


@cache  # made from the models alone: once per process (`make serve` asks after each save)
def schema_json() -> bytes:
    schema = Export.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "NMI knowledge base export (downloads/kb.json)"
    # A citation as published: the model's fields and the one the build adds (_mark_checked).
    citation = schema["$defs"]["Citation"]
    citation["properties"]["checked"] = CHECKED
    citation["required"] = [*citation.get("required", []), "checked"]
    return json_bytes(schema)
