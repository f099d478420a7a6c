"""The shapes pages are made of: a page to write (Page), a line of a list (Entry), a group of an
index page (Group); where each record's page is; and the order and initial of names in lists."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from nmikb.data.models import PartialDate
from nmikb.data.registry import Record, RecordKind


@dataclass(frozen=True)
class Page:
    path: str  # "timeline/2023.md"
    template: str  # a file of nmikb/pages/types/
    title: str
    description: str
    # The template's values, worked out when the page is rendered, from that edition's Helpers.
    context: Callable[..., dict] = lambda h: {}
    data_files: tuple[str, ...] = ()  # relative to the project root
    search: bool = True  # in the search index; lists only repeat what record pages say
    # Where the language switcher leads when the other edition has no page at this path (a
    # glossary letter, or one of its list pages, that the other language fills less): decided
    # page by page for the whole site (plan.site_plan); "" when every edition has it.
    alternate: str = ""
    # The pages of the same edition this page links to by the plan's own making (its pager, the
    # lists beside it, its groups' lists): checked against the plan before anything is rendered
    # (plan.plan_problems), where links to records are the data's, checked by the validator.
    links: tuple[str, ...] = ()
    # The record a record's page is about: its permalink, Cite panel and structured data
    # (nmikb/pages/decorate/) are made from it.
    record: tuple[RecordKind, Record] | None = None


@dataclass(frozen=True)
class Entry:
    """One line of a list page: a link to a record, with what a reader scans for."""

    href: str  # generated page path, e.g. "events/nmi-created.md"
    title: str
    when: PartialDate | None = None
    meta: str = ""
    blurb: str = ""
    until: PartialDate | None = None  # the end of a span of dates, when the sources differ
    marks: tuple = ()  # what the date rests on, when a reader must know (marks.Mark)
    # The title's language when it is not the edition's (a term's English name in French):
    # marked so that screen readers say it right and no page passes it off as French.
    title_lang: str | None = None


@dataclass(frozen=True)
class Group:
    """A heading of an index page (a year, a kind, a letter) and the first of its entries."""

    key: str  # anchor on the index page
    title: str
    count: int
    href: str  # its own list page
    entries: tuple[Entry, ...]


def event_page(ident: str) -> str:
    return f"events/{ident}.md"


def entity_page(ident: str) -> str:
    return f"entities/{ident}.md"


def term_page(ident: str) -> str:
    return f"glossary/{ident}.md"


def source_page(ident: str) -> str:
    return f"sources/{ident}.md"


def sort_key(text: str) -> str:
    # Alphabetical order that ignores accents and case, as readers of both languages expect.
    return "".join(
        c for c in unicodedata.normalize("NFD", text.casefold()) if unicodedata.category(c) != "Mn"
    )


def initial(text: str) -> str:
    """The letter a glossary entry is filed under: A–Z, or '#' for anything else."""
    first = sort_key(text)[:1].upper()
    return first if "A" <= first <= "Z" else "#"


def site_page(kb, h, name: str, path: str, template: str, context, data_files, search=True) -> Page:
    """A page whose title and description the site's texts give (data/site.yaml, `pages`)."""
    meta = kb.site.pages[name]
    return Page(
        path, template, h.t(meta.title), h.t(meta.description), context, tuple(data_files), search
    )
