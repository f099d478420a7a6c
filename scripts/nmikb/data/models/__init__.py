"""The schema of the knowledge base: one pydantic model per kind of fact.

These models are the only description of the data. The JSON Schema that editors' tools use is
generated from them (`make schema`), and rules that need the whole knowledge base (references,
quotes found in sources) live in nmikb/knowledge/checks.py. The modules: common.py (texts, ids,
dates), claims.py (citations, notes, rival values and their ranks, statements, dates with their
basis), sources.py, records.py (entities, events, terms), scope.py, site.py. Everything is
importable from here.
"""

from .claims import (
    WEEKDAYS,
    Basis,
    Citation,
    Citations,
    Claim,
    ContextNote,
    ContextNotes,
    DateValue,
    RankedDate,
    Statement,
    StatementValue,
    Value,
    date_claim,
    more_precise,
)
from .common import (
    LANGS,
    PRECISION_RANK,
    SLUG,
    SOURCE_LANGS,
    Lang,
    OneLine,
    PartialDate,
    Slug,
    SourceLang,
    Strict,
    Text,
    Translation,
)
from .records import ASPECTS, Aspect, Entity, Event, EventDates, Form, Name, Term
from .scope import RelationValue, Scope, ScopeItem, Start
from .site import Page, PageName, ScopeFile, Site, SiteFile
from .sources import (
    PRIMARY_KINDS,
    SECONDARY_KINDS,
    Agent,
    EntityRef,
    Reproduces,
    Reviewed,
    Source,
    SourceTitle,
)

# Fields that no longer exist, and what to write instead: the loader says so where one is found
# (and does not also ask for the field that replaces it, REPLACED_BY).
REPLACED_BY = {"supplied": "status"}
RETIRED_FIELDS = {
    "date_note": "`date_note` is replaced by the date's basis: write `dates:` with the aspect "
    '(e.g. `announced: {on: "2023-08-17", basis: inferred, reasoning: {en: …, fr: …}, '
    'citations: [...]}`) — CONTRIBUTING.md, "Dates that are inferred"',
    "supplied": "`supplied` is replaced by `status`: write `status: none` if the document has no "
    "title, `status: not-stored` if only the stored copy lacks one, `status: own` otherwise",
}

__all__ = [
    "ASPECTS",
    "LANGS",
    "PRECISION_RANK",
    "PRIMARY_KINDS",
    "REPLACED_BY",
    "RETIRED_FIELDS",
    "SECONDARY_KINDS",
    "SLUG",
    "SOURCE_LANGS",
    "WEEKDAYS",
    "Agent",
    "Aspect",
    "Basis",
    "Citation",
    "Citations",
    "Claim",
    "ContextNote",
    "ContextNotes",
    "DateValue",
    "Entity",
    "EntityRef",
    "Event",
    "EventDates",
    "Form",
    "Lang",
    "Name",
    "OneLine",
    "Page",
    "PageName",
    "PartialDate",
    "RankedDate",
    "RelationValue",
    "Reproduces",
    "Reviewed",
    "Scope",
    "ScopeFile",
    "ScopeItem",
    "Site",
    "SiteFile",
    "Slug",
    "Source",
    "SourceLang",
    "SourceTitle",
    "Start",
    "Statement",
    "StatementValue",
    "Strict",
    "Term",
    "Text",
    "Translation",
    "Value",
    "date_claim",
    "more_precise",
]
