"""The whole knowledge base as one JSON file per edition (downloads/kb.json), with its JSON
Schema, generated from the models, and each record's own JSON (events/<id>.json)."""

from __future__ import annotations

import json

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


def schema_json() -> bytes:
    schema = Export.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "NMI knowledge base export (downloads/kb.json)"
    return json_bytes(schema)
