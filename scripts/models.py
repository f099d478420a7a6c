"""The schema of the knowledge base: one pydantic model per kind of fact.

These models are the only description of the data. The JSON Schema that editors' tools use
is generated from them (`python -m scripts.cli schema`), and rules that need the whole
knowledge base (references, quotes in sources) live in `checks.py`.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from typing import Annotated, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, WithJsonSchema
from pydantic.functional_validators import AfterValidator, PlainValidator
from pydantic_core import PydanticCustomError

LANGS: tuple[str, ...] = ("en", "fr")
Lang = Literal["en", "fr"]


class Strict(BaseModel):
    # Unknown fields are typos; numbers or booleans where text belongs are YAML accidents.
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


def _one_line(value: str) -> str:
    if value != value.strip():
        raise PydanticCustomError("text_spaces", "text starts or ends with spaces", {"fix": "remove the spaces around the text"})
    if not value:
        raise PydanticCustomError("text_empty", "text is empty", {"fix": "write the text, or remove the field if it is optional"})
    if "\n" in value or "\r" in value or "\t" in value:
        raise PydanticCustomError("text_lines", "text has line breaks or tabs", {"fix": "keep it to one paragraph; for long lines use `>-` folded style"})
    return value


OneLine = Annotated[str, AfterValidator(_one_line), Field(max_length=2000)]

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


def _slug(value: str) -> str:
    if not re.fullmatch(SLUG, value) or len(value) > 64:
        raise PydanticCustomError(
            "slug", "`{value}` is not a valid id", {"value": value, "fix": "use lowercase letters, digits and single hyphens, e.g. `nato-mission-iraq` (64 characters at most)"}
        )
    return value


Slug = Annotated[
    str,
    AfterValidator(_slug),
    WithJsonSchema({"type": "string", "pattern": SLUG, "maxLength": 64, "examples": ["nato-mission-iraq"]}),
]


def _abbr(value: str) -> str:
    if not re.fullmatch(r"[A-ZÀ-Ý][A-Za-zÀ-ÿ0-9]{0,11}", value):
        raise PydanticCustomError("abbr", "`{value}` is not an abbreviation", {"value": value, "fix": "use letters and digits only, starting with a capital, e.g. `NAC`"})
    return value


Abbr = Annotated[str, AfterValidator(_abbr), WithJsonSchema({"type": "string", "pattern": "^[A-ZÀ-Ý][A-Za-zÀ-ÿ0-9]{0,11}$", "examples": ["NAC"]})]


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day, as the source gives it."""

    year: int
    month: int = 0
    day: int = 0

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    @property
    def iso(self) -> str:
        return f"{self.year:04d}" + (f"-{self.month:02d}" if self.month else "") + (f"-{self.day:02d}" if self.day else "")

    def __str__(self) -> str:
        return self.iso


def _partial_date(value: object) -> PartialDate:
    fix = "write the date in quotes as YYYY, YYYY-MM or YYYY-MM-DD, e.g. \"2023-08-17\""
    if not isinstance(value, str):
        raise PydanticCustomError("date_type", "a date must be text, got {kind} {value}", {"kind": type(value).__name__, "value": repr(value), "fix": fix})
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value)
    if not m:
        raise PydanticCustomError("date_format", "`{value}` is not a date", {"value": value, "fix": fix})
    year, month, day = int(m[1]), int(m[2] or 0), int(m[3] or 0)
    if m[2] and not 1 <= month <= 12:
        raise PydanticCustomError("date_month", "`{value}` has no month {month}", {"value": value, "month": month, "fix": "months run from 01 to 12"})
    if m[3]:
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise PydanticCustomError(
                "date_day", "`{value}` does not exist: {month_name} {year} has {last} days", {"value": value, "month_name": calendar.month_name[month], "year": year, "last": last, "fix": "check the day"}
            )
    return PartialDate(year, month, day)


Date = Annotated[
    PartialDate,
    PlainValidator(_partial_date),
    PlainSerializer(str),
    WithJsonSchema({"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$", "examples": ["2023-08-17", "2018"]}),
]


class Text(Strict):
    """The same text in every language of the site."""

    en: OneLine = Field(title="English", description="The English text (a faithful translation where the source is French).")
    fr: OneLine = Field(title="French", description="The French text.")

    def __getitem__(self, lang: str) -> str:
        return getattr(self, lang)


class Translation(Strict):
    en: Optional[OneLine] = Field(None, title="English translation")
    fr: Optional[OneLine] = Field(None, title="French translation")


class Citation(Strict):
    """A verbatim passage of a source that supports the fact it is attached to."""

    source: Slug = Field(title="Source id", description="The `id` of an entry in sources.yaml.")
    quote: OneLine = Field(
        title="Quoted passage",
        description="Copied word for word from the source, in its language. Only apostrophes (’ or '), guillemets and spaces may differ.",
        examples=["La décision a été prise par le Conseil de l’Atlantique Nord"],
    )
    translation: Translation = Field(
        default_factory=Translation,
        title="Translation",
        description="The passage in each site language other than the source's own.",
        examples=[{"en": "The decision was taken by the North Atlantic Council"}],
    )


Citations = Annotated[list[Citation], Field(min_length=1, title="Citations", description="At least one passage of a source that supports this fact.")]


class Statement(Strict):
    """One sourced claim, dated by `as_of` when it can stop being true."""

    id: Slug = Field(title="Id", description="Stable identifier, used in links.")
    text: Text = Field(title="Statement", description="The claim, in English and French.")
    as_of: Optional[Date] = Field(None, title="As of", description="For claims that can change: the date at which the source says it holds.")
    citations: Citations


class Page(Strict):
    title: Text = Field(title="Page title")
    description: Text = Field(title="Meta description", description="One or two sentences shown by search engines.")


class Site(Strict):
    """Texts about the site itself: its name, and each page's title and description."""

    name: Text = Field(title="Site name")
    headline: Slug = Field(title="Headline event", description="The id of the event the home page leads with.")
    mission: Slug = Field(title="Mission", description="The id of the entity the site is about.")
    pages: dict[Literal["index", "timeline", "scope", "entities", "glossary", "sources", "coverage"], Page] = Field(
        title="Pages", description="Title and description of each generated page."
    )


SourceKind = Literal["press-review", "press-article", "communique", "report", "web-page"]


class Source(Strict):
    """A document that facts are quoted from, kept byte for byte under `seeds/`."""

    id: Slug = Field(title="Id")
    file: str = Field(title="File", description="Path of the stored copy, relative to the project root.", pattern=r"^seeds/[A-Za-z0-9._-]+\.txt$", examples=["seeds/lesoir-2023-08-17-belga-otan-irak.txt"])
    language: Lang = Field(title="Language of the source")
    kind: SourceKind = Field(title="Kind of document")
    title: Text = Field(title="Title", description="A descriptive title (the stored text has none of its own).")
    publisher: OneLine = Field(title="Publisher", examples=["Belga"])
    publication: OneLine = Field(title="Publication", examples=["Le Soir"])
    published: Date = Field(title="Publication date")
    url: Optional[str] = Field(None, title="Address", pattern=r"^https://[A-Za-z0-9.-]+(/[A-Za-z0-9._~%/-]*)?$", description="Public https address of the original, if any.")
    body_start: OneLine = Field(title="Body starts with", description="The first words of the article's body; coverage counts its sentences from here.")
    body_end: OneLine = Field(title="Body ends with", description="The last words of the article's body.")
    attribution: Citations = Field(description="Passages of the source that state its own origin (byline, credits).")


EntityKind = Literal["alliance", "council", "mission", "country", "government", "ministry", "office", "command", "institution", "armed-group", "coalition", "group", "place", "news-agency", "newspaper"]


class Entity(Strict):
    """An organisation, body, group or place the facts talk about."""

    id: Slug = Field(title="Id")
    kind: EntityKind = Field(title="Kind")
    name: Text = Field(title="Name")
    abbr: Optional[Translation] = Field(None, title="Abbreviation", description="Short form in each language, if any.", examples=[{"en": "NAC", "fr": "CAN"}])
    description: Text = Field(title="Description", description="One sentence saying what it is, supported by the citations.")
    part_of: Optional[Slug] = Field(None, title="Part of", description="The id of the entity it belongs to.")
    facts: list[Statement] = Field(default_factory=list, title="Facts", description="Further sourced claims about it.")
    citations: Citations


class Event(Strict):
    """A dated event on the timeline."""

    id: Slug = Field(title="Id")
    date: Date = Field(title="Date", description="As precise as the source allows: YYYY, YYYY-MM or YYYY-MM-DD.")
    date_note: Optional[Text] = Field(None, title="How the date is known", description="When the source gives the date indirectly (e.g. 'Thursday' in an article dated 17 August).")
    title: Text = Field(title="Title", description="A short headline.")
    summary: Text = Field(title="Summary", description="What happened, in one or two sentences.")
    actors: list[Slug] = Field(default_factory=list, title="Actors", description="Ids of the entities involved.")
    citations: Citations


class ScopeItem(Strict):
    """An institution the mission works with, and since when."""

    entity: Slug = Field(title="Institution", description="The id of an entity in entities.yaml.")
    relation: Literal["advises", "supports"] = Field(title="Relation")
    since: Optional[Date] = Field(None, title="Since", description="When the relation began, if the source says; otherwise it holds as of the scope's date.")
    decided_by: Optional[Slug] = Field(None, title="Decided by", description="The id of the event that added it, if any.")
    citations: Citations


class Scope(Strict):
    """What the mission does, with whom, how and why, as of a date."""

    mission: Slug = Field(title="Mission", description="The id of the mission entity.")
    as_of: Date = Field(title="As of", description="The date at which this scope is stated.")
    role: Statement = Field(title="Role")
    institutions: list[ScopeItem] = Field(min_length=1, title="Institutions")
    activities: list[Statement] = Field(min_length=1, title="Activities")
    principles: list[Statement] = Field(min_length=1, title="Principles")
    aims: list[Statement] = Field(min_length=1, title="Aims")


class Form(Strict):
    abbr: Optional[Abbr] = Field(None, title="Abbreviation", examples=["NAC"])
    full: OneLine = Field(title="Full form", examples=["North Atlantic Council"])


class Term(Strict):
    """A glossary entry, with its forms in both languages."""

    id: Slug = Field(title="Id", description="Stable anchor of the entry on the glossary page.")
    en: Form = Field(title="English forms")
    fr: Form = Field(title="French forms")
    definition: Text = Field(title="Definition")
    related: list[Slug] = Field(default_factory=list, title="Related terms", description="Ids of other glossary terms.")
    entity: Optional[Slug] = Field(None, title="Entity", description="The id of the entity this term names, if any.")
    citations: Citations

    def form(self, lang: str) -> Form:
        return getattr(self, lang)


# One model per data file; the top-level key names what the file holds.
class SiteFile(Strict):
    site: Site


class SourcesFile(Strict):
    sources: list[Source] = Field(min_length=1)


class EntitiesFile(Strict):
    entities: list[Entity] = Field(min_length=1)


class EventsFile(Strict):
    events: list[Event] = Field(min_length=1)


class ScopeFile(Strict):
    scope: Scope


class GlossaryFile(Strict):
    glossary: list[Term] = Field(min_length=1)


FILES: dict[str, type[Strict]] = {
    "site.yaml": SiteFile,
    "sources.yaml": SourcesFile,
    "entities.yaml": EntitiesFile,
    "events.yaml": EventsFile,
    "scope.yaml": ScopeFile,
    "glossary.yaml": GlossaryFile,
}
