"""What the site says of an event's date, worked out once for every page and export: the date it
is placed at on the timeline, what that rests on, whether sources disagree, and every dated
aspect with its values.

An event may date several aspects (decided, announced, takes effect, occurred), each stated by a
source or inferred by the editors, and each may have rival values. The timeline places it by the
aspect its `timeline:` names, else by the first dated one of ASPECTS; the value of that aspect is
the preferred one, else the earliest of those not set aside (and the sources then differ). An
event none of whose aspects has a date is placed at the date of the sources that report it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from nmikb.data.models import ASPECTS, Claim, DateValue, Event, PartialDate, Value


@dataclass(frozen=True)
class DateView:
    when: PartialDate  # where the timeline, lists and exports place the event
    aspect: str  # the aspect that gives it, or "reported" when none is dated
    basis: str  # stated, inferred or metadata: what `when` rests on
    # Of that aspect: single, resolved (a value preferred) or unresolved (the sources differ).
    state: str
    latest: PartialDate  # the latest value not set aside: `when` itself unless sources differ
    aspects: dict[str, Claim[DateValue]]  # every dated aspect as written, in ASPECTS order
    alternatives: tuple[Value[DateValue], ...]  # the placing aspect's other values, set aside too
    reported: PartialDate | None  # the earliest date of the sources the event cites

    @property
    def inferred(self) -> bool:
        return self.basis == "inferred"

    @property
    def disputed(self) -> bool:
        """Whether a source gives another value for the date shown."""
        return self.state != "single"


def date_view(event: Event, dated: Mapping[str, DateValue]) -> DateView:
    """The event's date as the site shows it; `dated`: each source's own date (Source.dated),
    by source id, worked out once for all events."""
    aspects = event.aspects()
    # Every source the event cites, with its dates too: the report is the earliest of them.
    citations = [*event.citations, *(c for claim in aspects.values() for c in claim.citations)]
    cited = [dated[s] for s in dict.fromkeys(c.source for c in citations) if s in dated]
    reported = min((d.on for d in cited if d.on is not None), default=None)
    chosen: str | None = event.timeline or next(
        (a for a in ASPECTS if a in aspects and _known(aspects[a])), None
    )
    if chosen is None or not _known(aspects[chosen]):
        # No aspect is dated: the event is placed at its report, as precise as that date is.
        when = reported or PartialDate(1, 0, 0)
        basis = next((d.basis for d in cited if d.on == reported), "stated")
        return DateView(when, "reported", basis, "single", when, aspects, (), reported)
    claim = aspects[chosen]
    known = [v for v in claim.values if v.value.on is not None and v.rank != "set-aside"]
    if claim.state == "unresolved":
        first = min(known, key=lambda v: _on(v))
        when, latest = _on(first), max(_on(v) for v in known)
        basis = first.value.basis
        others = tuple(v for v in claim.values if v is not first)
    else:
        shown = claim.shown
        when = latest = _on(shown)
        basis = shown.value.basis
        others = claim.others
    return DateView(when, chosen, basis, claim.state, latest, aspects, others, reported)


def not_shown(claim: Claim[DateValue]) -> tuple[Value[DateValue], ...]:
    """The values of an aspect that its own date does not give: a resolved claim's values beside
    the preferred one, an unresolved claim's values set aside (its date gives every other one).
    For an aspect that does not place the event, the exports list these as its disagreement."""
    if claim.state == "unresolved":
        return tuple(v for v in claim.values if v.rank == "set-aside")
    return claim.others


def _known(claim: Claim[DateValue]) -> bool:
    return any(v.value.on is not None and v.rank != "set-aside" for v in claim.values)


def _on(value: Value[DateValue]) -> PartialDate:
    assert value.value.on is not None  # only dated values are compared
    return value.value.on
