"""The mission's scope: what it does, with which institutions and since when, on which principles
and why, as of a date."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Discriminator, Field, Tag, model_validator
from pydantic_core import PydanticCustomError

from .claims import (
    RANK_FIELD,
    REASON_FIELD,
    Citation,
    Citations,
    Claim,
    Rank,
    Statement,
    Value,
    check_rank,
    rivals,
)
from .common import Date, Slug, Strict, Text

StartBasis = Literal["start-of-activity", "decision", "announcement"]
Verb = Literal["advises", "supports"]


class Start(Strict):
    """When a relation began (or is to begin), as far as the sources say, and what that rests
    on."""

    on: Date | None = Field(
        None,
        title="On",
        description="The date, as precise as the sources give it; for a decision, the deciding "
        "event's date (which it may leave out: it is taken from the event).",
        examples=["2018"],
    )
    before: Date | None = Field(
        None,
        title="Before",
        description="When the sources only say it had begun by then.",
        examples=["2023-08-17"],
    )
    unknown: bool = Field(
        False, title="Unknown", description="`true` when no source says when it began."
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
        if self.basis == "decision":
            if self.before is not None or self.unknown:
                raise PydanticCustomError(
                    "start_decision",
                    "a start that rests on a decision is dated by that decision",
                    {"fix": "remove `before`/`unknown` (the deciding event gives the date)"},
                )
            return self
        if len(given) != 1:
            raise PydanticCustomError(
                "start_one",
                "say exactly one of `on`, `before` or `unknown: true`",
                {"fix": 'e.g. `on: "2018"`, or `unknown: true` when no source says'},
            )
        if self.basis == "announcement" and self.on is None:
            raise PydanticCustomError(
                "start_dated",
                "an announcement has a date",
                {"fix": "give its date with `on:`"},
            )
        return self


class RelationValue(Strict):
    """One of the verbs sources use for the same relation."""

    value: Verb = Field(
        title="Verb", description="What this source says the mission does.", examples=["advises"]
    )
    citations: Citations
    rank: Rank = RANK_FIELD
    reason: Text | None = REASON_FIELD

    @model_validator(mode="after")
    def _ranked(self):
        check_rank(self.rank, self.reason)
        return self


def _verb_form(value: object) -> str:
    return "<values>" if isinstance(value, list) else "<short>"


RelationClaim = Annotated[
    Annotated[Verb, Tag("<short>")]
    | Annotated[list[RelationValue], rivals(lambda v: v.value), Tag("<values>")],
    Discriminator(_verb_form),
]


class ScopeItem(Strict):
    """An institution the mission works with, and when that holds."""

    entity: Slug = Field(
        title="Institution",
        description="The id of an entity: the name of its file in data/entities/.",
        examples=["iraq-ministry-of-interior"],
    )
    relation: RelationClaim = Field(
        title="Relation",
        description="Whether the mission advises its officials or supports it; when sources "
        "use different verbs for the same relation, each verb with its citations and rank.",
        examples=["advises"],
    )
    start: Start = Field(
        title="When it starts",
        description="When it began or is to begin, and what that date rests on; required, "
        "`unknown: true` when no source says.",
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
        description="The date at which a source says it holds (an article's present "
        "tense: the article's date).",
        examples=["2023-08-17"],
    )
    citations: list[Citation] = Field(
        default_factory=list,
        title="Citations",
        description="At least one passage that supports the relation (with rival verbs, each "
        "verb has its own).",
    )

    @model_validator(mode="after")
    def _coherent(self):
        if self.start.basis == "decision" and self.decided_by is None:
            raise PydanticCustomError(
                "decided_by",
                "a start that rests on a decision names the decision",
                {"fix": "add `decided_by: <event id>`"},
            )
        if isinstance(self.relation, str) and not self.citations:
            raise PydanticCustomError(
                "relation_citations",
                "a relation needs at least one citation",
                {"fix": "add `citations:` with the passage that supports it"},
            )
        if not isinstance(self.relation, str) and self.citations:
            raise PydanticCustomError(
                "relation_citations_values",
                "with rival verbs, citations belong to the verb they support",
                {"fix": "move each citation under the `relation` value whose words it gives"},
            )
        return self

    def claim(self) -> Claim[str]:
        if isinstance(self.relation, str):
            return Claim((Value(self.relation, tuple(self.citations), "only", None, ()),))
        return Claim(
            tuple(
                Value(v.value, tuple(v.citations), v.rank, v.reason, ("relation", i))
                for i, v in enumerate(self.relation)
            )
        )

    @property
    def verb(self) -> str:
        """The verb the site shows: the only one, or the preferred (else first) of rivals."""
        return self.claim().shown.value

    @property
    def first_verb(self) -> str:
        """The verb written first, which names the relation's anchor: a rival added after it
        keeps the relation's permalink."""
        return self.relation if isinstance(self.relation, str) else self.relation[0].value

    @property
    def all_citations(self) -> tuple[Citation, ...]:
        return self.claim().citations


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
