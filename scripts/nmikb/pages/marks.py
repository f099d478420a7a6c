"""Marks: the short words shown beside a value that say what it rests on — a date the editors
inferred, sources that give another date or differ, how many sources support it, a quote no
stored copy checks, a verb or wording another source uses — in the edition's language.

A mark is words, never a colour or a symbol alone. Each is a link to where the reader finds out
more (the event's Dates, the record's sources, the source's page), with its full phrase as its
title (the tooltip) and its accessible name, which begins with or contains the words shown.
Helpers (helpers.py) inherits these methods; they read only what Helpers holds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from nmikb.data.models import Event, PartialDate, Statement, Text, Value
from nmikb.knowledge.base import KnowledgeBase
from nmikb.knowledge.dates import DateView


@dataclass(frozen=True)
class Mark:
    kind: str  # inferred, metadata, reported, differ, rival, count, wording
    text: str  # the words shown
    full: str  # the words in full: its title and its name for a screen reader
    target: str  # a generated page and anchor ("events/x.md#dates")


class MarkHelpers:
    # What marks read of Helpers, declared only (no value: Helpers' dataclass fields and methods).
    kb: KnowledgeBase
    lang: str
    L: dict
    here: str
    typo: Callable[[str, str], str]
    date: Callable[[PartialDate], str]
    t: Callable[[Text], str]
    link: Callable[[str], str]
    source_label: Callable[[str], str]

    def mark(self, kind: str, text: str, full: str, target: str) -> Mark:
        # The full phrase is the mark's accessible name: it holds the words shown, so that what
        # a reader sees and what a screen reader (or voice control) says match.
        if text not in full:
            full = f"{text}{self.L['colon']} {full}"
        # Phrases joined here ("…; …", "… : …") get the edition's typography like any text.
        return Mark(kind, self.typo(text, self.lang), self.typo(full, self.lang), target)

    # Links -------------------------------------------------------------------------------------

    def href(self, target: str) -> str:
        """A link to `target` ('events/x.md#dates') for raw HTML, where MkDocs does not turn
        `.md` into `.html`: relative, or the anchor alone when it is on this page."""
        path, _, anchor = target.partition("#")
        if path == self.here and anchor:
            return "#" + anchor
        path = self.link(path)
        path = path[:-3] + ".html" if path.endswith(".md") else path
        return path + ("#" + anchor if anchor else "")

    # Dates -------------------------------------------------------------------------------------

    def basis(self, d: PartialDate, basis: str) -> str:
        """'exact day', 'day inferred by the editors', 'month from the saved page's metadata'."""
        return self.L["basis"][basis][d.precision]

    def date_phrase(self, view: DateView) -> str:
        """What the date an event is placed at rests on: its basis and precision, or, for an event
        no source dates, that it is the date of the first report."""
        if view.aspect == "reported":
            return self.L["date_reported"]
        return self.basis(view.when, view.basis)

    def when_phrase(self, view: DateView) -> str:
        """What is written beside an event's date where it is shown in full (its page, the home
        page's headline): its basis, or, when the sources differ, every date they give."""
        return self.differ_phrase(view) if view.state == "unresolved" else self.date_phrase(view)

    def rival_dates(self, view: DateView) -> list[Value]:
        """The other dated values of the aspect that places the event, in the order written."""
        return [v for v in view.alternatives if v.value.on is not None]

    def differ_phrase(self, view: DateView) -> str:
        """'the sources differ: May 2024 (month inferred by the editors) or June 2024 (month
        only)': every value not set aside, each with its basis."""
        claim = view.aspects[view.aspect]
        known = [
            (v.value.on, v.value.basis)
            for v in claim.values
            if v.value.on is not None and v.rank != "set-aside"
        ]
        dates = f" {self.L['or']} ".join(f"{self.date(d)} ({self.basis(d, b)})" for d, b in known)
        return self.L["sources_differ_full"].format(dates=dates)

    def rival_phrase(self, value: Value) -> str:
        """'another source gives Friday 17 May 2024 (set aside)'."""
        assert value.value.on is not None  # rival_dates: dated values only
        text = self.L["another_source"].format(date=self.date(value.value.on))
        return f"{text} ({self.L['ranks'][value.rank]})" if value.rank != "other" else text

    def date_note(self, view: DateView) -> str:
        """Everything a date rests on, in one phrase: for a picture's title, where no link fits."""
        note = self.date_phrase(view)
        if view.state == "unresolved":
            note = f"{note}; {self.differ_phrase(view)}"
        else:
            note = "; ".join([note, *(self.rival_phrase(v) for v in self.rival_dates(view))])
        return self.typo(note, self.lang)

    def date_marks(self, e: Event, basis: bool = True, count: bool = False) -> tuple[Mark, ...]:
        """The marks beside an event's date: how it is known when it is not stated outright, or
        that the sources differ (in lists, where no phrase says it: `basis`); another date a
        source gives; and (`count`) how many sources give it. Each leads to the event's Dates."""
        view = self.kb.dates[e.id]
        target = f"events/{e.id}.md#dates"
        out: list[Mark] = []
        if view.state == "unresolved":
            # The phrase gives every value's basis; where the date is shown in full, the phrase
            # beside it says so already (when_phrase).
            if basis:
                text = self.L["sources_differ"]
                out.append(self.mark("differ", text, self.differ_phrase(view), target))
        elif basis and view.aspect == "reported":
            text = self.L["marks"]["reported"]
            out.append(self.mark("reported", text, self.date_phrase(view), target))
        elif basis and view.basis != "stated":
            text = self.L["marks"][view.basis]
            out.append(self.mark(view.basis, text, self.date_phrase(view), target))
        if view.state != "unresolved":
            for v in self.rival_dates(view):
                text = self.rival_phrase(v)
                full = f"{text}{self.L['colon']} {self.t(v.reason)}" if v.reason else text
                out.append(self.mark("rival", text, full, target))
        if count and view.aspect != "reported":
            # Only a date with quotes of its own: a short date rests on the event's, counted
            # beside its summary.
            shown = view.aspects[view.aspect].shown
            out += self.count_marks(shown.value.citations, target)
        return tuple(out)

    # Corroboration -----------------------------------------------------------------------------

    def count_marks(self, citations, target: str) -> tuple[Mark, ...]:
        """'2 sources' when two documents or more support a value (a copy counts as its original,
        two quotes of one source as one), with who they are in full; none for one source."""
        documents = self.kb.documents(citations)
        if len(documents) < 2:
            return ()
        names = [self.source_label(d) for d in documents]
        names += [
            self.L["reports_on_note"].format(
                source=self.source_label(d), original=self.source_label(o)
            )
            for d in documents
            for o in self.kb.source[d].reports_on
            if o in documents
        ]
        text = self.L["sources_count"].format(count=len(documents))
        full = self.L["sources_count_full"].format(count=len(documents), sources="; ".join(names))
        return (self.mark("count", text, full, target),)

    # Rival verbs and wordings ------------------------------------------------------------------

    def verb_rivals(self, item, later: bool, passive: bool = False) -> list[str]:
        """'another source: supports (set aside)': each verb a source uses for the relation other
        than the one shown, in the tense (and voice, for an entity's own diagram) shown."""
        claim = item.claim()
        out = []
        for v in claim.others:
            key = ("pic_" if passive else "") + ("will_" if later else "") + v.value
            verb = self.L[key + ("_by" if passive else "")]
            text = self.L["another_verb"].format(verb=verb[:1].lower() + verb[1:])
            out.append(f"{text} ({self.L['ranks'][v.rank]})" if v.rank == "set-aside" else text)
        return [self.typo(x, self.lang) for x in out]

    def wording_marks(self, st: Statement, target: str) -> tuple[Mark, ...]:
        """On a page that shows a statement's wording only (the home page's key facts): that
        another source words it differently, leading to where every wording is shown."""
        others = st.claim().others
        if not others:
            return ()
        full = "; ".join(
            f"{self.L['another_wording']}{self.L['colon']} {self.t(v.value)}"
            + (f" ({self.L['ranks'][v.rank]})" if v.rank == "set-aside" else "")
            for v in others
        )
        return (self.mark("wording", self.L["another_wording"], full, target),)
