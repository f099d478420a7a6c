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

    en: OneLine = Field(title="English", description="The English text (a faithful translation where the source is French).", examples=["NATO creates its Mission in Iraq (NMI)"])
    fr: OneLine = Field(title="French", description="The French text.", examples=["L’OTAN crée sa mission en Irak (NMI)"])

    def __getitem__(self, lang: str) -> str:
        return getattr(self, lang)


class Translation(Strict):
    en: Optional[OneLine] = Field(None, title="English", description="The English version; required when the source is French.", examples=["The decision was taken by the North Atlantic Council"])
    fr: Optional[OneLine] = Field(None, title="French", description="The French version; required when the source is English.", examples=["La décision a été prise par le Conseil de l’Atlantique Nord"])


class Citation(Strict):
    """A verbatim passage of a source that supports the fact it is attached to."""

    source: Slug = Field(title="Source id", description="The `id` of a source: the name of its file in data/sources/, without `.yaml`.", examples=["lesoir-2023-08-17"])
    quote: OneLine = Field(
        title="Quoted passage",
        description="Copied word for word from the source, in its language. Only apostrophes (’ or '), guillemets and spaces may differ.",
        examples=["La décision a été prise par le Conseil de l’Atlantique Nord"],
    )
    translation: Translation = Field(
        default_factory=Translation,
        title="Translations",
        description="The passage in each site language other than the source's own.",
        examples=[{"en": "The decision was taken by the North Atlantic Council"}],
    )


Citations = Annotated[list[Citation], Field(min_length=1, title="Citations", description="At least one passage of a source that supports this fact.")]


class Statement(Strict):
    """One sourced claim, dated by `as_of` when it can stop being true."""

    id: Slug = Field(title="Id", description="Stable identifier, used in links; lowercase words joined by hyphens.", examples=["nac-members-2023"])
    text: Text = Field(title="Statement", description="The claim, in English and French.")
    as_of: Optional[Date] = Field(None, title="As of", description="For claims that can change: the date at which the source says it holds.", examples=["2023-08-17"])
    citations: Citations


class Page(Strict):
    title: Text = Field(title="Page title", description="The page's heading and its name in the navigation.")
    description: Text = Field(title="Meta description", description="One or two sentences shown under the title and by search engines.")


class Site(Strict):
    """Texts about the site itself: its name, and each page's title and description."""

    name: Text = Field(title="Site name", description="Shown in the header of every page.")
    headline: Slug = Field(title="Headline event", description="The id of the event the home page leads with.", examples=["nac-decides-nmi-expansion"])
    mission: Slug = Field(title="Mission", description="The id of the entity the site is about.", examples=["nmi"])
    pages: dict[Literal["index", "timeline", "scope", "entities", "glossary", "sources", "coverage"], Page] = Field(
        title="Pages", description="Title and description of each generated page."
    )


SourceKind = Literal["press-review", "press-article", "communique", "report", "web-page"]


class Source(Strict):
    """A document that facts are quoted from, kept byte for byte under `seeds/`."""

    id: Slug = Field(title="Id", description="Stable identifier that citations use; name it after the publication and date.", examples=["lesoir-2023-08-17"])
    file: str = Field(title="File", description="Path of the stored copy, relative to the project root.", pattern=r"^seeds/[A-Za-z0-9._-]+\.txt$", examples=["seeds/lesoir-2023-08-17-belga-otan-irak.txt"])
    language: Lang = Field(title="Language of the source", description="The language quotes are in; the other site language needs translations.", examples=["fr"])
    kind: SourceKind = Field(title="Kind of document", description="What sort of document it is.", examples=["press-review"])
    title: Text = Field(title="Title", description="A descriptive title (the stored text has none of its own).")
    publisher: OneLine = Field(title="Publisher", description="Who wrote or issued it (agency, organisation).", examples=["Belga"])
    publication: OneLine = Field(title="Publication", description="Where it appeared.", examples=["Le Soir"])
    published: Date = Field(title="Publication date", description="As precise as known.", examples=["2023-08-17"])
    url: Optional[str] = Field(None, title="Address", pattern=r"^https://[A-Za-z0-9.-]+(/[A-Za-z0-9._~%/-]*)?$", description="Public https address of the original, if any.", examples=["https://www.lesoir.be/"])
    body_start: OneLine = Field(title="Body starts with", description="The first words of the article's body; coverage counts its sentences from here.", examples=["L’Otan a annoncé jeudi"])
    body_end: OneLine = Field(title="Body ends with", description="The last words of the article's body.", examples=["dirigée par les Etats-Unis."])
    attribution: Citations = Field(title="Attribution", description="Passages of the source that state its own origin (byline, credits).")


EntityKind = Literal["alliance", "council", "mission", "country", "government", "ministry", "office", "command", "institution", "armed-group", "coalition", "group", "place", "news-agency", "newspaper"]


class Entity(Strict):
    """An organisation, body, group or place the facts talk about."""

    id: Slug = Field(title="Id", description="Stable identifier, the entity's anchor on the Who is who page.", examples=["nac"])
    kind: EntityKind = Field(title="Kind", description="What sort of body or place it is.", examples=["council"])
    name: Text = Field(title="Name", description="Its full name in each language.")
    abbr: Optional[Translation] = Field(None, title="Abbreviation", description="Short form in each language, if any.", examples=[{"en": "NAC", "fr": "CAN"}])
    description: Text = Field(title="Description", description="One sentence saying what it is, supported by the citations.")
    part_of: Optional[Slug] = Field(None, title="Part of", description="The id of the entity it belongs to.", examples=["nato"])
    facts: list[Statement] = Field(default_factory=list, title="Facts", description="Further sourced claims about it.")
    citations: Citations


class Event(Strict):
    """A dated event on the timeline."""

    id: Slug = Field(title="Id", description="Stable identifier, the event's anchor on the timeline.", examples=["nmi-created"])
    date: Date = Field(title="Date", description="As precise as the source allows: YYYY, YYYY-MM or YYYY-MM-DD, in quotes.", examples=["2018"])
    date_note: Optional[Text] = Field(None, title="How the date is known", description="When the source gives the date indirectly (e.g. 'Thursday' in an article dated 17 August).")
    title: Text = Field(title="Title", description="A short headline.")
    summary: Text = Field(title="Summary", description="What happened, in one or two sentences.")
    actors: list[Slug] = Field(default_factory=list, title="Actors", description="Ids of the entities involved.", examples=[["nac", "nmi"]])
    citations: Citations


class ScopeItem(Strict):
    """An institution the mission works with, and since when."""

    entity: Slug = Field(title="Institution", description="The id of an entity: the name of its file in data/entities/.", examples=["iraq-ministry-of-interior"])
    relation: Literal["advises", "supports"] = Field(title="Relation", description="Whether the mission advises its officials or supports it.", examples=["advises"])
    since: Optional[Date] = Field(None, title="Since", description="When the relation began, if the source says; otherwise it holds as of the scope's date.", examples=["2018"])
    decided_by: Optional[Slug] = Field(None, title="Decided by", description="The id of the event that added it, if any; `since` must then be that event's date.", examples=["nac-decides-nmi-expansion"])
    citations: Citations


class Scope(Strict):
    """What the mission does, with whom, how and why, as of a date."""

    mission: Slug = Field(title="Mission", description="The id of the mission entity.", examples=["nmi"])
    as_of: Date = Field(title="As of", description="The date at which this scope is stated.", examples=["2023-08-17"])
    role: Statement = Field(title="Role", description="What the mission does, in one sentence.")
    institutions: list[ScopeItem] = Field(min_length=1, title="Institutions", description="Who the mission advises or supports, and since when.")
    activities: list[Statement] = Field(min_length=1, title="Activities", description="What it does.")
    principles: list[Statement] = Field(min_length=1, title="Principles", description="The rules it works by.")
    aims: list[Statement] = Field(min_length=1, title="Aims", description="What it is for.")


class Form(Strict):
    abbr: Optional[Abbr] = Field(None, title="Abbreviation", description="Becomes a tooltip wherever it appears on the site.", examples=["NAC"])
    full: OneLine = Field(title="Full form", description="The term written out.", examples=["North Atlantic Council"])


class Term(Strict):
    """A glossary entry, with its forms in both languages."""

    id: Slug = Field(title="Id", description="Stable anchor of the entry on the glossary page.", examples=["nac"])
    en: Form = Field(title="English forms", description="Abbreviation and full form in English.")
    fr: Form = Field(title="French forms", description="Abbreviation and full form in French.")
    definition: Text = Field(title="Definition", description="One or two sentences, supported by the citations.")
    related: list[Slug] = Field(default_factory=list, title="Related terms", description="Ids of other glossary terms.", examples=[["nato", "nmi"]])
    entity: Optional[Slug] = Field(None, title="Entity", description="The id of the entity this term names, if any.", examples=["nac"])
    citations: Citations

    def form(self, lang: str) -> Form:
        return getattr(self, lang)


# The two data files that hold one thing each; every other record is a file of its own
# (registry.KINDS). The top-level key names what the file holds.
class SiteFile(Strict):
    site: Site


class ScopeFile(Strict):
    scope: Scope
