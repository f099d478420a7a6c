"""The schema of the knowledge base: one pydantic model per kind of fact.

These models are the only description of the data. The JSON Schema that editors' tools use
is generated from them (`python -m nmikb schema`), and rules that need the whole
knowledge base (references, quotes in sources) live in `checks.py`.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, WithJsonSchema, model_validator
from pydantic.functional_validators import AfterValidator, PlainValidator
from pydantic_core import PydanticCustomError

from .dateforms import right_form

LANGS: tuple[str, ...] = ("en", "fr")
Lang = Literal["en", "fr"]


class Strict(BaseModel):
    # Unknown fields are typos; numbers or booleans where text belongs are YAML accidents.
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


def _one_line(value: str) -> str:
    if value != value.strip():
        raise PydanticCustomError(
            "text_spaces",
            "text starts or ends with spaces",
            {"fix": "remove the spaces around the text"},
        )
    if not value:
        raise PydanticCustomError(
            "text_empty",
            "text is empty",
            {"fix": "write the text, or remove the field if it is optional"},
        )
    if "\n" in value or "\r" in value or "\t" in value:
        raise PydanticCustomError(
            "text_lines",
            "text has line breaks or tabs",
            {"fix": "keep it to one paragraph; for long lines use `>-` folded style"},
        )
    return value


OneLine = Annotated[str, AfterValidator(_one_line), Field(max_length=2000)]

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


def _slug(value: str) -> str:
    if not re.fullmatch(SLUG, value) or len(value) > 64:
        raise PydanticCustomError(
            "slug",
            "`{value}` is not a valid id",
            {
                "value": value,
                "fix": "use lowercase letters, digits and single hyphens, e.g. `nato-mission-iraq` "
                "(64 characters at most)",
            },
        )
    return value


Slug = Annotated[
    str,
    AfterValidator(_slug),
    WithJsonSchema(
        {"type": "string", "pattern": SLUG, "maxLength": 64, "examples": ["nato-mission-iraq"]}
    ),
]


def _abbr(value: str) -> str:
    if not re.fullmatch(r"[A-ZÀ-Ý][A-Za-zÀ-ÿ0-9]{0,11}", value):
        raise PydanticCustomError(
            "abbr",
            "`{value}` is not an abbreviation",
            {
                "value": value,
                "fix": "use letters and digits only, starting with a capital, e.g. `NAC`",
            },
        )
    return value


Abbr = Annotated[
    str,
    AfterValidator(_abbr),
    WithJsonSchema(
        {"type": "string", "pattern": "^[A-ZÀ-Ý][A-Za-zÀ-ÿ0-9]{0,11}$", "examples": ["NAC"]}
    ),
]


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
        return (
            f"{self.year:04d}"
            + (f"-{self.month:02d}" if self.month else "")
            + (f"-{self.day:02d}" if self.day else "")
        )

    def __str__(self) -> str:
        return self.iso


def _date_fix(value: object) -> str:
    # The exact text to write when the value is a date in another form (17/08/2023, 2018).
    right = right_form(value)
    return "write the date in quotes as YYYY, YYYY-MM or YYYY-MM-DD" + (
        f": {right}" if right else ', e.g. "2023-08-17"'
    )


def _partial_date(value: object) -> PartialDate:
    if not isinstance(value, str):
        raise PydanticCustomError(
            "date_type",
            "a date must be text, got {kind} {value}",
            {"kind": type(value).__name__, "value": repr(value), "fix": _date_fix(value)},
        )
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value)
    if not m:
        raise PydanticCustomError(
            "date_format", "`{value}` is not a date", {"value": value, "fix": _date_fix(value)}
        )
    year, month, day = int(m[1]), int(m[2] or 0), int(m[3] or 0)
    if m[2] and not 1 <= month <= 12:
        raise PydanticCustomError(
            "date_month",
            "`{value}` has no month {month}",
            {"value": value, "month": month, "fix": "months run from 01 to 12"},
        )
    if m[3]:
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise PydanticCustomError(
                "date_day",
                "`{value}` does not exist: {month_name} {year} has {last} days",
                {
                    "value": value,
                    "month_name": calendar.month_name[month],
                    "year": year,
                    "last": last,
                    "fix": "check the day",
                },
            )
    return PartialDate(year, month, day)


Date = Annotated[
    PartialDate,
    PlainValidator(_partial_date),
    PlainSerializer(str),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$",
            "examples": ["2023-08-17", "2018"],
        }
    ),
]


class Text(Strict):
    """The same text in every language of the site."""

    en: OneLine = Field(
        title="English",
        description="The English text (a faithful translation where the source is French).",
        examples=["Creation of the NATO Mission in Iraq (NMI)"],
    )
    fr: OneLine = Field(
        title="French",
        description="The French text.",
        examples=["Création de la mission de l’OTAN en Irak (NMI)"],
    )

    def __getitem__(self, lang: str) -> str:
        return getattr(self, lang)


class Translation(Strict):
    en: OneLine | None = Field(
        None,
        title="English",
        description="The English version; required when the source is French.",
        examples=["The decision was taken by the North Atlantic Council"],
    )
    fr: OneLine | None = Field(
        None,
        title="French",
        description="The French version; required when the source is English.",
        examples=["La décision a été prise par le Conseil de l’Atlantique Nord"],
    )


class Citation(Strict):
    """A verbatim passage of a source that supports the fact it is attached to."""

    source: Slug = Field(
        title="Source id",
        description="The `id` of a source: the name of its file in data/sources/, without `.yaml`.",
        examples=["lesoir-2023-08-17"],
    )
    quote: OneLine = Field(
        title="Quoted passage",
        description="Copied word for word from the source, in its language. Only apostrophes "
        "(’ or '), guillemets and spaces may differ.",
        examples=["La décision a été prise par le Conseil de l’Atlantique Nord"],
    )
    translation: Translation = Field(
        default_factory=Translation,
        title="Translations",
        description="The passage in each site language other than the source's own.",
        examples=[{"en": "The decision was taken by the North Atlantic Council"}],
    )


Citations = Annotated[
    list[Citation],
    Field(
        min_length=1,
        title="Citations",
        description="At least one passage of a source that supports this fact.",
    ),
]


ContextKind = Literal["general-knowledge", "definition", "explanation"]


class ContextNote(Strict):
    """What the editors add that no quote carries: general knowledge, a definition, an explanation.

    The site promises to say no more than its sources; a note is the one way to say more, and
    every page marks it as the editors' words (and the coverage page lists them all).
    """

    text: Text = Field(title="Note", description="The editors' words, in English and French.")
    kind: ContextKind = Field(
        title="Kind of note",
        description="General knowledge, a definition, or an explanation of how the "
        "site reads its source.",
        examples=["definition"],
    )
    reference: OneLine | None = Field(
        None,
        title="Reference",
        description="Where a reader can check it, when there is such a place (a document, "
        "an address).",
        examples=["NATO, “North Atlantic Council”, www.nato.int"],
    )


ContextNotes = Annotated[
    list[ContextNote],
    Field(
        default_factory=list,
        title="Editors' context",
        description="Notes of the editors, shown marked as such; never needed for what "
        "the citations support.",
    ),
]


class Statement(Strict):
    """One sourced claim, dated by `as_of` when it can stop being true."""

    id: Slug = Field(
        title="Id",
        description="Stable identifier, used in links; lowercase words joined by hyphens.",
        examples=["nac-members-2023"],
    )
    text: Text = Field(title="Statement", description="The claim, in English and French.")
    as_of: Date | None = Field(
        None,
        title="As of",
        description="For claims that can change: the date at which the source says it holds.",
        examples=["2023-08-17"],
    )
    citations: Citations
    context: ContextNotes


NameStatus = Literal["used-by-source", "official", "translation", "common"]


class Name(Strict):
    """One form of a name, in one language, and on what authority the site gives it."""

    form: OneLine = Field(
        title="Form", description="The name as written.", examples=["NATO Mission in Iraq"]
    )
    lang: Lang = Field(title="Language", description="The language of the form.", examples=["en"])
    status: NameStatus = Field(
        title="Status",
        description="`used-by-source`: as written in `source`; `official`: official "
        "according to `source`; `translation`: the editors' translation; "
        "`common`: another name readers may search for (editors' knowledge).",
        examples=["used-by-source"],
    )
    source: Slug | None = Field(
        None,
        title="Source",
        description="The source that uses the form, or that says it is official; required "
        "for those two.",
        examples=["lesoir-2023-08-17"],
    )

    @model_validator(mode="after")
    def _coherent(self):
        # "Official" is a claim like any other: it needs a source. A form "used by" a source
        # names it. The editors' own forms must not pretend to have one.
        if self.status in ("used-by-source", "official") and self.source is None:
            raise PydanticCustomError(
                "name_source",
                "a name {status} needs the source that says so",
                {
                    "status": "called official"
                    if self.status == "official"
                    else "used by a source",
                    "fix": "add `source: <source id>`, or give "
                    "it the status `translation` or `common`",
                },
            )
        if self.status in ("translation", "common") and self.source is not None:
            raise PydanticCustomError(
                "name_no_source",
                "a name with status `{status}` is the editors' and has no source",
                {
                    "status": self.status,
                    "fix": "remove `source`, or use the status `used-by-source` or `official`",
                },
            )
        return self


StartBasis = Literal["start-of-activity", "decision", "announcement"]


class Start(Strict):
    """When a relation began (or is to begin), as far as the source says, and what that rests on."""

    on: Date | None = Field(
        None,
        title="On",
        description="The date, as precise as the source gives it.",
        examples=["2018"],
    )
    before: Date | None = Field(
        None,
        title="Before",
        description="When the source only says it had begun by then.",
        examples=["2023-08-17"],
    )
    unknown: bool = Field(
        False, title="Unknown", description="`true` when the source does not say when it began."
    )
    basis: StartBasis = Field(
        title="What the date rests on",
        description="`start-of-activity`: the work began then; `decision`: the date "
        "of a decision that adds it (the work itself may start later); "
        "`announcement`: a date announced for the future.",
        examples=["decision"],
    )

    @model_validator(mode="after")
    def _coherent(self):
        given = [name for name in ("on", "before") if getattr(self, name) is not None] + (
            ["unknown"] if self.unknown else []
        )
        if len(given) != 1:
            raise PydanticCustomError(
                "start_one",
                "say exactly one of `on`, `before` or `unknown: true`",
                {"fix": 'e.g. `on: "2018"`, or `unknown: true` when the source does not say'},
            )
        if self.basis in ("decision", "announcement") and self.on is None:
            raise PydanticCustomError(
                "start_dated",
                "a {basis} has a date",
                {"basis": self.basis, "fix": "give its date with `on:`"},
            )
        return self


# The generated pages whose title and description the site's texts give.
PageName = Literal["index", "timeline", "scope", "entities", "glossary", "sources", "coverage"]


class Page(Strict):
    title: Text = Field(
        title="Page title", description="The page's heading and its name in the navigation."
    )
    description: Text = Field(
        title="Meta description",
        description="One or two sentences shown under the title and by search engines.",
    )


class Site(Strict):
    """Texts about the site itself: its name, and each page's title and description."""

    name: Text = Field(title="Site name", description="Shown in the header of every page.")
    headline: Slug = Field(
        title="Headline event",
        description="The id of the event the home page leads with.",
        examples=["nac-decides-nmi-expansion"],
    )
    mission: Slug = Field(
        title="Mission", description="The id of the entity the site is about.", examples=["nmi"]
    )
    pages: dict[PageName, Page] = Field(
        title="Pages", description="Title and description of each generated page."
    )


SourceKind = Literal["press-review", "press-article", "communique", "report", "web-page"]


class Reviewed(Strict):
    """The publication a press review reports on."""

    publication: OneLine = Field(
        title="Reviewed publication",
        description="The newspaper or outlet the review reports on.",
        examples=["Le Soir"],
    )
    date: Date = Field(
        title="Its date", description="The date of the reviewed edition.", examples=["2023-08-17"]
    )


class SourceTitle(Strict):
    """A title, and whether it is the document's own or the editors'."""

    text: Text = Field(
        title="Title",
        description="In both languages; a document's own title is written as it is in both.",
    )
    supplied: bool = Field(
        title="Supplied by the editors",
        description="`true` when the document has no title of its own: the site then "
        "shows it in [square brackets], as citation styles do.",
    )


class Source(Strict):
    """A document that facts are quoted from, kept byte for byte under `seeds/`."""

    id: Slug = Field(
        title="Id",
        description="Stable identifier that citations use; name it after the publication and date.",
        examples=["lesoir-2023-08-17"],
    )
    file: str = Field(
        title="File",
        description="Path of the stored copy, relative to the project root.",
        pattern=r"^seeds/[A-Za-z0-9._-]+\.txt$",
        examples=["seeds/lesoir-2023-08-17-belga-otan-irak.txt"],
    )
    language: Lang = Field(
        title="Language of the source",
        description="The language quotes are in; the other site language needs translations.",
        examples=["fr"],
    )
    kind: SourceKind = Field(
        title="Kind of document",
        description="What sort of document it is.",
        examples=["press-review"],
    )
    title: SourceTitle = Field(
        title="Title",
        description="The document's own title, or one supplied by the editors (marked so).",
    )
    author: OneLine = Field(
        title="Author or agency",
        description="Who wrote it: a person, an agency, an organisation.",
        examples=["Belga"],
    )
    reviewed: Reviewed | None = Field(
        None,
        title="Reviewed publication",
        description="For a press review: the publication it reviews, and that edition's date.",
    )
    date: Date = Field(
        title="Date of the document",
        description="As the stored text gives it, and no more precise.",
        examples=["2023-08"],
    )
    url: str | None = Field(
        None,
        title="Address",
        pattern=r"^https://[A-Za-z0-9.-]+(/[A-Za-z0-9._~%/-]*)?$",
        description="Public https address of the original, if any.",
        examples=["https://www.lesoir.be/"],
    )
    retrieved: Date | None = Field(
        None,
        title="Retrieved on",
        description="When the stored copy was taken from `url`.",
        examples=["2023-08-18"],
    )
    body_start: OneLine = Field(
        title="Body starts with",
        description="The first words of the article's body; "
        "coverage counts its sentences from here.",
        examples=["L’Otan a annoncé jeudi"],
    )
    body_end: OneLine = Field(
        title="Body ends with",
        description="The last words of the article's body.",
        examples=["dirigée par les Etats-Unis."],
    )
    attribution: Citations = Field(
        title="Attribution",
        description="Passages of the source that state its own origin (byline, credits).",
    )

    @model_validator(mode="after")
    def _coherent(self):
        if self.kind == "press-review" and self.reviewed is None:
            raise PydanticCustomError(
                "reviewed",
                "a press review names the publication it reviews",
                {"fix": "add `reviewed: {publication: …, date: …}`"},
            )
        if self.retrieved is not None and self.url is None:
            raise PydanticCustomError(
                "retrieved_url",
                "a retrieval date needs the address it was retrieved from",
                {"fix": "add `url:`, or remove `retrieved:`"},
            )
        return self


EntityKind = Literal[
    "alliance",
    "council",
    "mission",
    "country",
    "government",
    "ministry",
    "office",
    "command",
    "institution",
    "armed-group",
    "coalition",
    "group",
    "place",
    "news-agency",
    "newspaper",
]


class Entity(Strict):
    """An organisation, body, group or place the facts talk about."""

    id: Slug = Field(
        title="Id",
        description="Stable identifier, the entity's anchor on the Who is who page.",
        examples=["nac"],
    )
    kind: EntityKind = Field(
        title="Kind", description="What sort of body or place it is.", examples=["council"]
    )
    name: Text = Field(
        title="Name",
        description="Its name in each language, as written in running text (French: "
        "`ministère de la Défense`); headings capitalise it.",
    )
    names: list[Name] = Field(
        default_factory=list,
        title="Names",
        description="Forms of its name and their status: as used by a source, official "
        "per a source, translated by the editors, or other common names "
        "readers search for.",
    )
    abbr: Translation | None = Field(
        None,
        title="Abbreviation",
        description="Short form in each language, if any.",
        examples=[{"en": "NAC", "fr": "CAN"}],
    )
    description: Text = Field(
        title="Description",
        description="One sentence saying what it is, supported by the citations; anything "
        "else goes in `context`.",
    )
    part_of: Slug | None = Field(
        None, title="Part of", description="The id of the entity it belongs to.", examples=["nato"]
    )
    facts: list[Statement] = Field(
        default_factory=list, title="Facts", description="Further sourced claims about it."
    )
    citations: Citations
    context: ContextNotes


class Event(Strict):
    """A dated event on the timeline."""

    id: Slug = Field(
        title="Id",
        description="Stable identifier, the event's anchor on the timeline.",
        examples=["nmi-created"],
    )
    date: Date = Field(
        title="Date",
        description="As precise as the source allows: YYYY, YYYY-MM or YYYY-MM-DD, in quotes.",
        examples=["2018"],
    )
    date_note: Text | None = Field(
        None,
        title="How the date is known",
        description="When the source gives the date indirectly (e.g. 'Thursday' in "
        "an article dated 17 August).",
    )
    title: Text = Field(title="Title", description="A short headline.")
    summary: Text = Field(title="Summary", description="What happened, in one or two sentences.")
    actors: list[Slug] = Field(
        default_factory=list,
        title="Entities concerned",
        description="Ids of the entities the event concerns.",
        examples=[["nac", "nmi"]],
    )
    citations: Citations
    context: ContextNotes


class ScopeItem(Strict):
    """An institution the mission works with, and when that holds."""

    entity: Slug = Field(
        title="Institution",
        description="The id of an entity: the name of its file in data/entities/.",
        examples=["iraq-ministry-of-interior"],
    )
    relation: Literal["advises", "supports"] = Field(
        title="Relation",
        description="Whether the mission advises its officials or supports it.",
        examples=["advises"],
    )
    start: Start = Field(
        title="When it starts",
        description="When it began or is to begin, and what that date rests on; required, "
        "`unknown: true` when the source does not say.",
    )
    decided_by: Slug | None = Field(
        None,
        title="Decided by",
        description="The id of the event that decided it; required when the start rests "
        "on a decision, whose date is then the event's.",
        examples=["nac-decides-nmi-expansion"],
    )
    ongoing_as_of: Date | None = Field(
        None,
        title="Ongoing as of",
        description="The date at which the source says it holds (an article's present "
        "tense: the article's date).",
        examples=["2023-08-17"],
    )
    citations: Citations

    @model_validator(mode="after")
    def _coherent(self):
        if self.start.basis == "decision" and self.decided_by is None:
            raise PydanticCustomError(
                "decided_by",
                "a start that rests on a decision names the decision",
                {"fix": "add `decided_by: <event id>`"},
            )
        return self


class Scope(Strict):
    """What the mission does, with whom, how and why, as of a date."""

    mission: Slug = Field(
        title="Mission", description="The id of the mission entity.", examples=["nmi"]
    )
    as_of: Date = Field(
        title="As of",
        description="The date at which this scope is stated.",
        examples=["2023-08-17"],
    )
    role: Statement = Field(title="Role", description="What the mission does, in one sentence.")
    institutions: list[ScopeItem] = Field(
        min_length=1,
        title="Institutions",
        description="Who the mission advises or supports, and since when.",
    )
    activities: list[Statement] = Field(
        min_length=1, title="Activities", description="What it does."
    )
    principles: list[Statement] = Field(
        min_length=1, title="Principles", description="The rules it works by."
    )
    aims: list[Statement] = Field(min_length=1, title="Aims", description="What it is for.")


class Form(Strict):
    abbr: Abbr | None = Field(
        None,
        title="Abbreviation",
        description="Becomes a tooltip wherever it appears on the site.",
        examples=["NAC"],
    )
    full: OneLine = Field(
        title="Full form", description="The term written out.", examples=["North Atlantic Council"]
    )


class Term(Strict):
    """A glossary entry, with its forms in both languages."""

    id: Slug = Field(
        title="Id", description="Stable anchor of the entry on the glossary page.", examples=["nac"]
    )
    en: Form = Field(title="English forms", description="Abbreviation and full form in English.")
    fr: Form = Field(title="French forms", description="Abbreviation and full form in French.")
    definition: Text = Field(
        title="Definition",
        description="What the citations support; a definition from general knowledge "
        "goes in `context`.",
    )
    related: list[Slug] = Field(
        default_factory=list,
        title="Related terms",
        description="Ids of other glossary terms.",
        examples=[["nato", "nmi"]],
    )
    entity: Slug | None = Field(
        None,
        title="Entity",
        description="The id of the entity this term names, if any.",
        examples=["nac"],
    )
    citations: Citations
    context: ContextNotes

    def form(self, lang: str) -> Form:
        return getattr(self, lang)


# The two data files that hold one thing each; every other record is a file of its own
# (registry.KINDS). The top-level key names what the file holds.
class SiteFile(Strict):
    site: Site


class ScopeFile(Strict):
    scope: Scope
