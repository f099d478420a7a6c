"""What the knowledge base is made of, declared once.

- The kinds of record: one YAML file per record, in a folder per kind, named by the record's id
  (`data/events/nmi-created.yaml`), so that a pull request adding a fact adds a file and two
  editors adding events never touch the same file. Each record gets a page at the same path
  (`events/nmi-created.html`): that address is its permalink.
- The data files that hold one thing each (the site's texts, the mission's scope).

The loader, the checks, the page layout, the build, the scaffolder, the schema writer and the
tests all read these tables; nothing else lists them. (The language editions are declared in
nmikb/edition/editions.py.)
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import Entity, Event, ScopeFile, SiteFile, Source, Strict, Term

DATA_DIR = "data"
SEEDS_DIR = "seeds"
SCHEMA_DIR = "data/schema"


# A record of any kind: each has an `id`, its file's name.
Record = Source | Entity | Event | Term


@dataclass(frozen=True)
class RecordKind:
    name: str  # one record, in messages: "event"
    folder: str  # data/<folder>/<id>.yaml, and its page <folder>/<id>.md
    model: type[Record]

    @property
    def schema(self) -> str:
        return f"{self.name}.schema.json"


SOURCE = RecordKind("source", "sources", Source)
ENTITY = RecordKind("entity", "entities", Entity)
EVENT = RecordKind("event", "events", Event)
TERM = RecordKind("term", "glossary", Term)
# Sources first: every other record cites them.
KINDS: tuple[RecordKind, ...] = (SOURCE, ENTITY, EVENT, TERM)
KIND_BY_FOLDER = {k.folder: k for k in KINDS}
KIND_BY_NAME = {k.name: k for k in KINDS}

SINGLE_FILES: dict[str, type[Strict]] = {"site.yaml": SiteFile, "scope.yaml": ScopeFile}

# A record's page sits beside its kind's index page (`entities/index.md`): no record may take that
# name.
RESERVED_IDS = frozenset({"index"})
# Anchors the page templates give to sections of record pages (nmikb/pages/types/*.md.j2): a
# fact's id, which is its anchor on the page, must not take one of them.
SECTION_ANCHORS = frozenset(
    {
        "parts",
        "facts",
        "events",
        "sources",
        "coverage",
        "cited-by",
        "key-facts",
        "latest",
        "explore",
        "institutions",
        "activities",
        "principles",
        "aims",
        "names",
        "scope",
        "context",
        "metadata",
    }
)


def record_file(kind: RecordKind, ident: str) -> str:
    """Where a record lives, relative to the project root."""
    return f"{DATA_DIR}/{kind.folder}/{ident}.yaml"


def schema_name(data_file: str) -> str:
    """'site.yaml' -> 'site.schema.json'."""
    return data_file.replace(".yaml", ".schema.json")
