"""A fact: anything a reader sees that cites sources, with where it is shown and written."""

from __future__ import annotations

from dataclasses import dataclass

from nmikb.data.models import Citation, ScopeItem, Text


@dataclass(frozen=True)
class Fact:
    """Anything a reader sees that cites sources, and where it is shown and written."""

    page: str  # generated page path without extension, e.g. "events/nmi-created"
    anchor: str  # "" for the record the page is about, else the id of its element on the page
    label: Text
    file: str  # data file it comes from, relative to the project root
    loc: tuple  # its path inside that file
    # Each citation with its path inside the file: a fact's citations may sit in several places
    # (the record's list, each rival value, each dated aspect).
    located: tuple[tuple[tuple, Citation], ...] = ()
    # A source's own byline and credits: quoted like facts, never counted as coverage.
    attribution: bool = False

    @property
    def citations(self) -> tuple[Citation, ...]:
        return tuple(c for _, c in self.located)

    @property
    def target(self) -> str:
        """'events/nmi-created.md#x': where a link to this fact points."""
        return f"{self.page}.md" + (f"#{self.anchor}" if self.anchor else "")


def scope_anchor(item: ScopeItem) -> str:
    """The anchor of an institution's row on the scope page: `advises-iraq-ministry-of-defence`,
    named by the verb written first, so that a rival verb added after it keeps the permalink."""
    return f"{item.first_verb}-{item.entity}"
