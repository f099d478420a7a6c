"""The whole knowledge base as one JSON file per edition (downloads/kb.json), with its JSON
Schema, generated from the models, and each record's own JSON (events/<id>.json)."""

from __future__ import annotations

import json
from collections.abc import Callable

from pydantic import BaseModel, ConfigDict, Field

from nmikb.data.models import Entity, Event, Lang, Scope, Site, Source, Term


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
    sources: list[Source]
    entities: list[Entity]
    events: list[Event]
    glossary: list[Term]


LICENSE_NOTE = (
    "The project's own code and texts: see the LICENSE file of the "
    "repository. The quoted passages belong to their sources, which "
    "keep their own rights."
)


def json_bytes(data) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


RECORDS = ("sources", "entities", "events", "glossary")  # the lists of records of an Export


def export_bytes(
    export: Export, record_json: Callable[[str, BaseModel], str] | None = None
) -> bytes:
    """json_bytes(export.model_dump(mode="json")), byte for byte, with each record's JSON (as
    `json_text` writes it) from `record_json(list name, record)` when given, which may keep it
    between builds: the records are nearly all of the file, and Python writes indented JSON
    slowly."""
    record_json = record_json or (lambda _list, record: json_text(record.model_dump(mode="json")))
    rest = export.model_dump(mode="json", exclude=set(RECORDS))
    fields = []
    for key in sorted([*rest, *RECORDS]):
        if key in RECORDS:
            records = [record_json(key, r) for r in getattr(export, key)]
            # Each record one level deeper than the list it is in, the list one below the top.
            value = (
                "[\n" + ",\n".join("    " + r.replace("\n", "\n    ") for r in records) + "\n  ]"
                if records
                else "[]"
            )
        else:
            value = json_text(rest[key]).replace("\n", "\n  ")
        fields.append(f"  {json.dumps(key)}: {value}")
    return ("{\n" + ",\n".join(fields) + "\n}\n").encode("utf-8")


def json_text(data) -> str:
    """What json_bytes writes, as text and without its last line break."""
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)


def schema_json() -> bytes:
    schema = Export.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "NMI knowledge base export (downloads/kb.json)"
    return json_bytes(schema)
