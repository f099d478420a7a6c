"""What a claim is made of: the passages that support it, the editors' notes, and — when sources
give different values — each value with its sources and a rank, in the manner of Wikidata.

A claim (a statement's wording, an event's date, a relation's verb) is written either as one
value, backed by the citations around it, or as a list of rival values, each with its own
citations, a `rank` and, where the rank needs one, a `reason`:

- `preferred`: the value the site shows and sorts on (at most one), with why it is followed;
- `other`: another value a source gives, shown beside it (no reason needed);
- `set-aside`: a value the editors do not follow, with why; still shown, as a recorded
  disagreement, and carried by every export.

With no preferred value, the values ranked `other` are equals: the site says the sources differ.
Every form is turned into one shape, Claim (below), for the rest of the code.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date as calendar_day
from typing import Annotated, ClassVar, Generic, Literal, TypeVar

from pydantic import Discriminator, Field, Tag, model_validator
from pydantic.functional_validators import AfterValidator
from pydantic_core import PydanticCustomError

from .common import PRECISION_RANK, Date, OneLine, PartialDate, Slug, Strict, Text, Translation


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
        "site reads its sources.",
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


# Ranks ------------------------------------------------------------------------------------------

Rank = Literal["preferred", "other", "set-aside"]
RANK_FIELD = Field(
    title="Rank",
    description="`preferred`: the value the site follows (with its `reason`); `other`: another "
    "value a source gives; `set-aside`: a value the editors do not follow (with its `reason`).",
    examples=["preferred"],
)
REASON_FIELD = Field(
    None,
    title="Reason for the rank",
    description="Why this value is preferred or set aside; required for those two ranks.",
)


def check_rank(rank: str, reason: Text | None) -> None:
    if rank in ("preferred", "set-aside") and reason is None:
        raise PydanticCustomError(
            "rank_reason",
            "a {ranked} needs its reason",
            {
                "ranked": "preferred value" if rank == "preferred" else "value set aside",
                "fix": "add `reason: {en: …, fr: …}`: why the editors "
                + ("follow this source" if rank == "preferred" else "do not follow this source"),
            },
        )


def rivals(show: Callable[[object], str]):
    """An AfterValidator for a list of rival values: two at least, one preferred at most, not
    all set aside, no value twice. `show` gives the value a reader would compare."""

    def check(values: list) -> list:
        if len(values) < 2:
            raise PydanticCustomError(
                "values_one",
                "a list of rival values with only one value",
                {
                    "fix": "write the value itself (without `rank` and `reason`), or add the "
                    "rival value with its citations"
                },
            )
        preferred = [i for i, v in enumerate(values) if v.rank == "preferred"]
        if len(preferred) > 1:
            raise PydanticCustomError(
                "values_preferred",
                "{count} values are preferred (items {items})",
                {
                    "count": len(preferred),
                    "items": ", ".join(str(i) for i in preferred),
                    "fix": "keep one `rank: preferred`; make the others `other` or `set-aside`",
                },
            )
        if all(v.rank == "set-aside" for v in values):
            raise PydanticCustomError(
                "values_all_set_aside",
                "every value is set aside",
                {"fix": "prefer one (`rank: preferred`), or rank one `other`"},
            )
        seen: dict[str, int] = {}
        for i, v in enumerate(values):
            key = show(v)
            if key in seen:
                raise PydanticCustomError(
                    "values_twice",
                    "items {first} and {second} give the same value ({value})",
                    {
                        "first": seen[key],
                        "second": i,
                        "value": key,
                        "fix": "make them one value, with the citations of both",
                    },
                )
            seen[key] = i
        return values

    return AfterValidator(check)


# The one shape of every claim ------------------------------------------------------------------

V = TypeVar("V")


@dataclass(frozen=True)
class Value(Generic[V]):
    """One value of a claim, whatever form it was written in."""

    value: V
    citations: tuple[Citation, ...]
    rank: str  # "only" (the single value of a claim), "preferred", "other" or "set-aside"
    reason: Text | None = None
    loc: tuple = ()  # where the value is written, inside its record


@dataclass(frozen=True)
class Claim(Generic[V]):
    """Every value a claim has, in the order written."""

    values: tuple[Value[V], ...]

    @property
    def shown(self) -> Value[V]:
        """The value the site shows first: the preferred one, else the first not set aside."""
        for v in self.values:
            if v.rank in ("only", "preferred"):
                return v
        return next(v for v in self.values if v.rank != "set-aside")

    @property
    def others(self) -> tuple[Value[V], ...]:
        shown = self.shown
        return tuple(v for v in self.values if v is not shown)

    @property
    def state(self) -> str:
        """'single' (one value), 'resolved' (a preferred value and others), or 'unresolved' (the
        sources differ and no value is preferred)."""
        if len(self.values) == 1:
            return "single"
        return "resolved" if any(v.rank == "preferred" for v in self.values) else "unresolved"

    @property
    def citations(self) -> tuple[Citation, ...]:
        return tuple(c for v in self.values for c in v.citations)

    @property
    def sources(self) -> tuple[str, ...]:
        """The sources the claim cites, each once, in order."""
        return tuple(dict.fromkeys(c.source for c in self.citations))


# Statements -------------------------------------------------------------------------------------


class StatementValue(Strict):
    """One wording of a statement that sources give differently."""

    text: Text = Field(title="Statement", description="This wording, in English and French.")
    citations: Citations
    rank: Rank = RANK_FIELD
    reason: Text | None = REASON_FIELD

    @model_validator(mode="after")
    def _ranked(self):
        check_rank(self.rank, self.reason)
        return self


class Statement(Strict):
    """One sourced claim, dated by `as_of` when it can stop being true."""

    id: Slug = Field(
        title="Id",
        description="Stable identifier, used in links; lowercase words joined by hyphens.",
        examples=["nac-members-2023"],
    )
    text: Text | None = Field(
        None,
        title="Statement",
        description="The claim, in English and French (or `values:` when sources word it "
        "differently).",
    )
    values: Annotated[list[StatementValue], rivals(lambda v: v.text.en)] | None = Field(
        None,
        title="Rival wordings",
        description="When sources say it differently: each wording with its citations, rank "
        "and reason, instead of `text` and `citations`.",
    )
    as_of: Date | None = Field(
        None,
        title="As of",
        description="For claims that can change: the date at which the sources say it holds.",
        examples=["2023-08-17"],
    )
    citations: list[Citation] = Field(
        default_factory=list,
        title="Citations",
        description="At least one passage of a source that supports the statement (with "
        "`values:`, each value has its own).",
    )
    context: ContextNotes

    @model_validator(mode="after")
    def _one_form(self):
        if (self.text is None) == (self.values is None):
            raise PydanticCustomError(
                "statement_form",
                "give either `text` (one wording) or `values` (rival wordings)",
                {"fix": "keep `text:` with its `citations:`, or list each wording under `values:`"},
            )
        if self.text is not None and not self.citations:
            raise PydanticCustomError(
                "statement_citations",
                "a statement needs at least one citation",
                {"fix": "add `citations:` with the passage of a source that supports it"},
            )
        if self.values is not None and self.citations:
            raise PydanticCustomError(
                "statement_citations_values",
                "with rival wordings, citations belong to the wording they support",
                {"fix": "move each citation under the value whose words it gives"},
            )
        return self

    def claim(self) -> Claim[Text]:
        if self.values is None:
            assert self.text is not None  # _one_form: one of the two
            return Claim((Value(self.text, tuple(self.citations), "only", None, ()),))
        return Claim(
            tuple(
                Value(v.text, tuple(v.citations), v.rank, v.reason, ("values", i))
                for i, v in enumerate(self.values)
            )
        )

    @property
    def shown_text(self) -> Text:
        """The wording the site shows: the statement's own, or its preferred (first) value's."""
        return self.claim().shown.value

    @property
    def all_citations(self) -> tuple[Citation, ...]:
        return self.claim().citations


# Dates ------------------------------------------------------------------------------------------

Basis = Literal["stated", "inferred", "metadata"]
Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
WEEKDAYS: tuple[str, ...] = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)


class DateValue(Strict):
    """A date, and what it rests on: stated by a source, inferred by the editors (with their
    reasoning), or, for a document's own date, read from the metadata of the page it was saved
    from."""

    on: Date | None = Field(
        None,
        title="On",
        description="YYYY, YYYY-MM or YYYY-MM-DD, in quotes: as precise as its basis allows.",
        examples=["2023-08-17"],
    )
    unknown: bool = Field(
        False,
        title="Not stated",
        description="`true` when no source gives this date (shown as such, never invented).",
    )
    basis: Basis = Field(
        "stated",
        title="Basis",
        description="`stated`: a quote gives it; `inferred`: the editors read it from a quote "
        "(give `reasoning`); `metadata`: a document's own date, from the page it was saved from.",
        examples=["inferred"],
    )
    citations: list[Citation] = Field(
        default_factory=list,
        title="Citations",
        description="The passages that give the date, or that it is read from.",
    )
    quote: OneLine | None = Field(
        None,
        title="Quote of the document",
        description="For a source's own dates: the words of its stored text that give the date "
        "(the source is the document itself).",
        examples=["Par Belga (revue de presse : Le Soir – 17 août 2023)"],
    )
    reasoning: Text | None = Field(
        None,
        title="Reasoning",
        description="For an inferred date: what the editors read, and how they date it.",
    )
    _ranked: ClassVar[bool] = False
    weekday: Weekday | None = Field(
        None,
        title="Weekday",
        description='The day of the week the source names ("jeudi"): checked against the date.',
        examples=["thursday"],
    )

    @model_validator(mode="after")
    def _coherent(self):
        if (self.on is None) == (not self.unknown):
            raise PydanticCustomError(
                "date_one",
                "say either `on` (the date) or `unknown: true`",
                {"fix": 'e.g. `on: "2023-08-17"`, or `unknown: true` when no source gives it'},
            )
        if self.unknown and (self.basis != "stated" or self.reasoning or self.weekday):
            raise PydanticCustomError(
                "date_unknown",
                "a date that is not stated has no basis, reasoning or weekday",
                {"fix": "remove them, or give the date with `on:`"},
            )
        if self.basis == "inferred" and self.reasoning is None:
            raise PydanticCustomError(
                "date_reasoning",
                "an inferred date with no reasoning",
                {
                    "fix": "add `reasoning: {en: …, fr: …}`: what the editors read and how they "
                    "date it (e.g. «jeudi» in a review of Thursday 17 August 2023)"
                },
            )
        # A rival value says it has no source at all (RankedDate), not what it is read from.
        if self.basis == "inferred" and not (self.citations or self.quote) and not self._ranked:
            raise PydanticCustomError(
                "date_inferred_from",
                "an inferred date with nothing it is read from",
                {"fix": 'add `citations:` with the passage it is read from ("a annoncé jeudi")'},
            )
        if self.basis != "inferred" and self.reasoning is not None:
            raise PydanticCustomError(
                "date_reasoning_stated",
                "reasoning is for inferred dates",
                {"fix": "say `basis: inferred`, or move the words into a `context` note"},
            )
        if self.weekday and self.on is not None:
            if self.on.precision != "day":
                raise PydanticCustomError(
                    "date_weekday_day",
                    "a weekday needs a date to the day",
                    {"fix": "give the day (YYYY-MM-DD), or remove `weekday`"},
                )
            actual = _weekday(self.on)
            if actual != self.weekday:
                raise PydanticCustomError(
                    "date_weekday",
                    "{date} is a {actual}, not a {expected}",
                    {
                        "date": self.on.iso,
                        "actual": actual.capitalize(),
                        "expected": self.weekday.capitalize(),
                        "fix": "check the day, or the weekday the source gives",
                    },
                )
        return self


def _weekday(d: PartialDate) -> str:
    return WEEKDAYS[calendar_day(d.year, d.month, d.day).weekday()]


class RankedDate(DateValue):
    """One of the dates sources give for the same thing."""

    rank: Rank = RANK_FIELD
    reason: Text | None = REASON_FIELD
    _ranked: ClassVar[bool] = True

    @model_validator(mode="after")
    def _ranked_value(self):
        check_rank(self.rank, self.reason)
        if self.unknown:
            raise PydanticCustomError(
                "value_unknown",
                "a rival value is a date",
                {"fix": "give its date with `on:`; a date no source gives is no rival"},
            )
        if not (self.citations or self.quote):
            raise PydanticCustomError(
                "value_source",
                "a rival value without a source",
                {"fix": "add `citations:` with the passage that gives this value"},
            )
        return self


def _date_form(value: object) -> str:
    # The form an editor wrote picks the model: text is the short form, a mapping one date with
    # its basis, a list rival dates. Errors are then those of that form only.
    # Read from YAML (dicts and lists) or made already (models, when written back out).
    if isinstance(value, list):
        return "<values>"
    if isinstance(value, dict | DateValue):
        return "<long>"
    return "<short>"


DateClaim = Annotated[
    Annotated[Date, Tag("<short>")]
    | Annotated[DateValue, Tag("<long>")]
    | Annotated[
        list[RankedDate], rivals(lambda v: v.on.iso if v.on else "unknown"), Tag("<values>")
    ],
    Discriminator(_date_form),
]


def date_claim(written, citations: tuple[Citation, ...] = (), loc: tuple = ()) -> Claim[DateValue]:
    """A date claim in its one shape. A date written as text (or with no citations of its own)
    rests on `citations`, those of the record it dates."""
    if isinstance(written, PartialDate):
        return Claim((Value(DateValue(on=written), citations, "only", None, loc),))
    if isinstance(written, DateValue):
        own = tuple(written.citations) or citations
        return Claim((Value(written, own, "only", None, loc),))
    return Claim(
        tuple(
            Value(v, tuple(v.citations), v.rank, v.reason, (*loc, i)) for i, v in enumerate(written)
        )
    )


def more_precise(a: PartialDate, b: PartialDate) -> bool:
    return PRECISION_RANK[a.precision] > PRECISION_RANK[b.precision]
