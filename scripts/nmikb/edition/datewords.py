"""How an edition words an event's date outside its pages: in the exports (calendar, feeds,
TimelineJS) and the structured data. One short note for a title ("month only; date inferred"),
and one date sentence for a description: the aspect that places the event, its basis and the
editors' reasoning, the values other sources give and why they are set aside, the other dated
aspects, and how many sources back the event.

Made from an event's date view (nmikb/knowledge/dates.py), which the knowledge base works out
once for every page and export, so that no two exports can tell a different story. This stage
does not import the knowledge base: it reads the view through the few fields below (DatedView).
The words are in share.yaml, beside the precision and basis phrases of labels.yaml that the
pages show, so an export says a date as its page does.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Protocol

from babel import Locale

from nmikb.data.models import Claim, DateValue, PartialDate, Value

from .formats import format_partial_date
from .labels import labels, share_labels
from .running import running
from .typography import typography


class DatedView(Protocol):
    """What the wording reads of an event's date view (nmikb.knowledge.dates.DateView)."""

    @property
    def when(self) -> PartialDate: ...
    @property
    def aspect(self) -> str: ...
    @property
    def basis(self) -> str: ...
    @property
    def state(self) -> str: ...
    @property
    def latest(self) -> PartialDate: ...
    @property
    def aspects(self) -> Mapping[str, Claim[DateValue]]: ...
    @property
    def alternatives(self) -> tuple[Value[DateValue], ...]: ...


# The disagreement of the placing aspect, as the exports name it: a view's state `single` is
# `none` there, which says more to a reader of a CSV or calendar file.
DISAGREEMENT = {"single": "none", "resolved": "resolved", "unresolved": "unresolved"}


def disagreement(view: DatedView) -> str:
    return DISAGREEMENT[view.state]


def marks(view: DatedView, lang: str) -> list[str]:
    """Short marks for a title: what the date rests on when it is not stated by a source, and
    whether sources give another value."""
    W = share_labels(lang)["date_marks"]
    out = []
    if view.aspect == "reported":
        out.append(W["reported"])
    if view.basis in ("inferred", "metadata"):
        out.append(W[view.basis])
    if view.state != "single":
        out.append(W[view.state])
    return out


def title_note(view: DatedView, lang: str, precision: bool = True) -> str:
    """'month only; dates differ': the precision (unless the day is known) and the marks, or ''
    for a date a source states to the day with no rival."""
    notes = []
    if precision and view.when.precision != "day":
        notes.append(share_labels(lang)[f"precision_{view.when.precision}"])
    return typography("; ".join(notes + marks(view, lang)), lang)


def basis_phrase(d: PartialDate, basis: str, lang: str) -> str:
    """'exact day', 'day inferred by the editors': the pages' own phrase (labels.yaml)."""
    return labels(lang)["basis"][basis][d.precision]


def value_phrase(value: DateValue, lang: str) -> str:
    """'Friday 17 May 2024 (day inferred by the editors: "announced on Friday" in …)'."""
    assert value.on is not None  # only dated values are worded
    basis = basis_phrase(value.on, value.basis, lang)
    if value.reasoning is not None:
        basis += f"{labels(lang)['colon']} {_running(_unstop(value.reasoning[lang]), lang)}"
    return f"{format_partial_date(value.on, lang)} ({basis})"


def date_sentence(view: DatedView, lang: str) -> str:
    """The whole story of an event's date, in the edition's words and typography: the aspect that
    places it first, then the others."""
    names = labels(lang)["aspects"]
    if view.aspect == "reported":  # no aspect is dated: each says so, then where it is placed
        W = share_labels(lang)["date_words"]
        out = [W["unknown"].format(aspect=names[a]) for a in view.aspects or ["occurred"]]
        placed = (
            f"{format_partial_date(view.when, lang)} ({basis_phrase(view.when, view.basis, lang)})"
        )
        out.append(W["reported"].format(value=placed))
    else:
        order = [view.aspect, *(a for a in view.aspects if a != view.aspect)]
        out = [s for a in order for s in _aspect(a, view.aspects[a], lang)]
    return typography(" ".join(out), lang)


def aspect_sentence(aspect: str, claim: Claim[DateValue], lang: str) -> str:
    """One aspect's date and what it rests on, its other values and why they are set aside."""
    return typography(" ".join(_aspect(aspect, claim, lang)), lang)


def _aspect(aspect: str, claim: Claim[DateValue], lang: str) -> list[str]:
    W = share_labels(lang)["date_words"]
    name = labels(lang)["aspects"][aspect]
    dated = [v for v in claim.values if v.value.on is not None]
    if not dated:
        return [W["unknown"].format(aspect=name)]
    if claim.state == "unresolved":
        # Earliest first, as the timeline places the event.
        equals = sorted((v for v in dated if v.rank != "set-aside"), key=_on)
        out = [
            W["differ"].format(
                aspect=name, values="; ".join(value_phrase(v.value, lang) for v in equals)
            )
        ]
        out += [_other(v, lang) for v in dated if v.rank == "set-aside"]
        return out
    shown = claim.shown
    head = W["aspect"].format(aspect=name, value=value_phrase(shown.value, lang))
    if shown.rank == "preferred" and shown.reason is not None:
        head = W["aspect_preferred"].format(
            aspect=name,
            value=value_phrase(shown.value, lang),
            reason=_running(_unstop(shown.reason[lang]), lang),
        )
    return [head] + [_other(v, lang) for v in claim.others if v.value.on is not None]


def _other(value: Value[DateValue], lang: str) -> str:
    W = share_labels(lang)["date_words"]
    phrase = value_phrase(value.value, lang)
    if value.rank == "set-aside" and value.reason is not None:
        return W["set_aside"].format(
            value=phrase, reason=_running(_unstop(value.reason[lang]), lang)
        )
    return W["other"].format(value=phrase)


@cache
def _plural(lang: str):
    """CLDR's plural rule of a language (French: 0 and 1 are 'one')."""
    return Locale.parse(lang).plural_form


def count_phrase(count: int, lang: str) -> str:
    """'1 source', '3 sources'."""
    return share_labels(lang)["sources_count"][_plural(lang)(count)].format(count=count)


def sources_phrase(count: int, unchecked: int, lang: str) -> str:
    """'3 sources, 1 with no stored copy (its quotes are not checked).'"""
    out = count_phrase(count, lang)
    if unchecked:
        form = _plural(lang)(unchecked)
        out += ", " + share_labels(lang)["sources_unchecked"][form].format(count=unchecked)
    return out + "."


def aspect_name(aspect: str, lang: str) -> str:
    """'Announced', 'Annonce': the pages' name of an aspect (labels.yaml)."""
    return labels(lang)["aspects"][aspect]


def precision_name(d: PartialDate, lang: str) -> str:
    """'exact day', 'month only', 'year only' (labels.yaml)."""
    return labels(lang)[f"precision_{d.precision}"]


def _unstop(text: str) -> str:
    """A sentence of the data inside one of ours: its final full stop is ours to write."""
    return text[:-1] if text.endswith(".") and not text.endswith("..") else text


def _running(text: str, lang: str) -> str:
    # English keeps a full sentence's capital after a colon; French lowers it (running.py).
    return running(text, lang) if lang == "fr" else text


def _on(value: Value[DateValue]) -> PartialDate:
    assert value.value.on is not None  # only dated values are sorted
    return value.value.on
