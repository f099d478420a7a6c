"""The records of the knowledge base other than sources: entities, events, glossary terms."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from .claims import (
    Citations,
    Claim,
    ContextNotes,
    DateClaim,
    DateValue,
    Statement,
    check_rank,
    date_claim,
)
from .common import Abbr, OneLine, Slug, SourceLang, Strict, Text, Translation

NameStatus = Literal["used-by-source", "official", "translation", "common"]


class Name(Strict):
    """One form of a name, in one language, and on what authority the site gives it."""

    form: OneLine = Field(
        title="Form", description="The name as written.", examples=["NATO Mission in Iraq"]
    )
    lang: SourceLang = Field(
        title="Language", description="The language of the form.", examples=["en"]
    )
    status: NameStatus = Field(
        title="Status",
        description="`used-by-source`: as written in its sources; `official`: the body's official "
        "name, per a source or the editors' knowledge (with a `reference`); `translation`: the "
        "editors' translation; `common`: another name readers may search for.",
        examples=["used-by-source"],
    )
    source: Slug | None = Field(
        None,
        title="Source",
        description="The source that uses the form, or says it is official (one source).",
        examples=["lesoir-2023-08-17"],
    )
    sources: list[Slug] = Field(
        default_factory=list,
        title="Sources",
        description="The sources that use the form (several).",
        examples=[["lesoir-2023-08-17", "nato-2023-08-17"]],
    )
    reference: OneLine | None = Field(
        None,
        title="Reference",
        description="For an official or common name the editors know: where a reader can check it.",
        examples=["NATO, “NATO Mission Iraq”, www.nato.int"],
    )
    rank: Literal["set-aside"] | None = Field(
        None,
        title="Rank",
        description="`set-aside` for a form a source uses that the site does not follow (a "
        "misspelling, an outdated name), with its `reason`.",
        examples=["set-aside"],
    )
    reason: Text | None = Field(None, title="Reason", description="Why the form is set aside.")

    @property
    def all_sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(([self.source] if self.source else []) + self.sources))

    @model_validator(mode="after")
    def _coherent(self):
        def refuse(code: str, message: str, fix: str, **values) -> None:
            raise PydanticCustomError(code, message, {**values, "fix": fix})

        if self.source and self.sources:
            refuse(
                "name_sources_twice",
                "give `source` (one) or `sources` (several), not both",
                "list every source under `sources:`",
            )
        cited = bool(self.all_sources)
        if self.status == "used-by-source" and not cited:
            refuse(
                "name_source",
                "a name used by a source needs the source that uses it",
                "add `source: <source id>`, or give it the status `translation` or `common`",
            )
        if self.status == "official" and not (cited or self.reference):
            refuse(
                "name_official",
                "a name called official needs what says so",
                "add `source:` (a source that says it is official) or `reference:` (where a "
                "reader can check it)",
            )
        if self.status in ("translation", "common") and cited:
            refuse(
                "name_no_source",
                "a name with status `{status}` is the editors' and has no source",
                "remove `source`, or use the status `used-by-source` or `official`",
                status=self.status,
            )
        if self.status == "translation" and self.reference:
            refuse(
                "name_translation_reference",
                "an editors' translation has no reference",
                "remove `reference`, or give the form another status",
            )
        if self.rank is not None:
            check_rank(self.rank, self.reason)
        elif self.reason is not None:
            refuse("name_reason", "a reason without a rank", "add `rank: set-aside`, or remove it")
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
        description="Forms of its name and their status: as used by sources, official, "
        "translated by the editors, or other common names readers search for.",
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


# The dated aspects of an event, in the order the timeline picks its date from.
Aspect = Literal["occurred", "decided", "announced", "takes_effect"]
ASPECTS: tuple[str, ...] = ("occurred", "decided", "announced", "takes_effect")


class EventDates(Strict):
    """What is dated about an event: each aspect a date (text), a date with its basis, or rival
    dates."""

    occurred: DateClaim | None = Field(
        None, title="Occurred", description="When it happened (for events that are not decisions)."
    )
    decided: DateClaim | None = Field(None, title="Decided", description="When it was decided.")
    announced: DateClaim | None = Field(
        None, title="Announced", description="When it was announced."
    )
    takes_effect: DateClaim | None = Field(
        None, title="Takes effect", description="When it takes or took effect."
    )

    @model_validator(mode="after")
    def _some(self):
        if all(getattr(self, a) is None for a in ASPECTS):
            raise PydanticCustomError(
                "dates_empty",
                "no dated aspect",
                {"fix": "give at least one of occurred, decided, announced, takes_effect"},
            )
        return self


class Event(Strict):
    """A dated event on the timeline."""

    id: Slug = Field(
        title="Id",
        description="Stable identifier, the event's anchor on the timeline.",
        examples=["nmi-created"],
    )
    date: DateClaim | None = Field(
        None,
        title="Date",
        description="When it happened, as precise as the sources allow: YYYY, YYYY-MM or "
        "YYYY-MM-DD, in quotes (or use `dates:` for what was decided, announced, takes effect).",
        examples=["2018"],
    )
    dates: EventDates | None = Field(
        None,
        title="Dated aspects",
        description="Instead of `date`: when it was decided, announced, takes effect or "
        "occurred, each with its basis (stated by a source, or inferred by the editors).",
    )
    timeline: Aspect | None = Field(
        None,
        title="Placed on the timeline by",
        description="Which dated aspect places it on the timeline; by default the first dated "
        "one of occurred, decided, announced, takes_effect.",
        examples=["announced"],
    )
    former_ids: list[Slug] = Field(
        default_factory=list,
        title="Former ids",
        description="Ids of records merged into this one: their addresses lead here.",
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

    @model_validator(mode="after")
    def _dated(self):
        if (self.date is None) == (self.dates is None):
            raise PydanticCustomError(
                "event_date_form",
                "give either `date` (one date) or `dates` (dated aspects)",
                {
                    "fix": 'write `date: "2023-08-17"`, or `dates:` with `decided`, `announced`, '
                    "`takes_effect` or `occurred`"
                },
            )
        if self.timeline is not None:
            written = self.dates and getattr(self.dates, self.timeline)
            if not written or (isinstance(written, DateValue) and written.unknown):
                raise PydanticCustomError(
                    "event_timeline",
                    "`{aspect}` has no date in this event",
                    {
                        "aspect": self.timeline,
                        "fix": "name an aspect written under `dates:`, or remove `timeline:`",
                    },
                )
        return self

    def aspects(self) -> dict[str, Claim[DateValue]]:
        """Each dated aspect in its one shape (`date:` is the aspect `occurred`), in the order of
        ASPECTS. A date with no citations of its own rests on the event's."""
        cites = tuple(self.citations)
        if self.date is not None:
            return {"occurred": date_claim(self.date, cites, ("date",))}
        assert self.dates is not None  # _dated: one of the two
        return {
            aspect: date_claim(getattr(self.dates, aspect), cites, ("dates", aspect))
            for aspect in ASPECTS
            if getattr(self.dates, aspect) is not None
        }


class Form(Strict):
    """A term in one edition: its abbreviation (a tooltip wherever it appears) and what it stands
    for, marked by what the site knows it from, as names are."""

    abbr: Abbr | None = Field(
        None,
        title="Abbreviation",
        description="Becomes a tooltip wherever it appears on the site.",
        examples=["NAC"],
    )
    full: OneLine = Field(
        title="Full form", description="The term written out.", examples=["North Atlantic Council"]
    )
    status: NameStatus = Field(
        "used-by-source",
        title="Status",
        description="`used-by-source` (the default): as a source the term cites writes it "
        "(checked); `official`: the official form, per the editors' knowledge (give "
        "`reference`); `translation`: the editors' translation; `common`: another common form.",
        examples=["official"],
    )
    reference: OneLine | None = Field(
        None,
        title="Reference",
        description="For an official or common form: where a reader can check it.",
        examples=["NATO, “North Atlantic Council”, www.nato.int"],
    )
    lang: SourceLang | None = Field(
        None,
        title="Language of the full form",
        description="When the abbreviation stands for a form in another language (the French "
        "edition's NMI stands for the English NATO Mission Iraq).",
        examples=["en"],
    )
    translation: OneLine | None = Field(
        None,
        title="Translation",
        description="With `lang`: the editors' translation of the full form into this edition's "
        "language, shown after it.",
        examples=["mission de l’OTAN en Irak"],
    )

    @model_validator(mode="after")
    def _coherent(self):
        if self.status == "official" and self.reference is None:
            raise PydanticCustomError(
                "form_official",
                "an official form needs where a reader can check it",
                {"fix": "add `reference:` (the body's own site or document)"},
            )
        if self.status in ("used-by-source", "translation") and self.reference is not None:
            raise PydanticCustomError(
                "form_reference",
                "a reference is for an official or common form",
                {"fix": "remove `reference`, or give the form the status `official` or `common`"},
            )
        if self.translation is not None and self.lang is None:
            raise PydanticCustomError(
                "form_translation",
                "a translation is for a full form in another language",
                {"fix": "add `lang:` (the full form's language), or remove `translation`"},
            )
        return self


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
