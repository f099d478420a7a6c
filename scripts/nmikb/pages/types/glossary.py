"""The glossary: its index (a few terms under each letter), a list per letter, and a page per
term."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import groupby

from nmikb.data.models import Term
from nmikb.data.registry import TERM, record_file
from nmikb.knowledge.base import KnowledgeBase
from nmikb.pages.helpers import Helpers
from nmikb.pages.lists import groups, index_page, list_pages
from nmikb.pages.page import Page, initial, sort_key, term_page


def glossary(kb: KnowledgeBase, h: Helpers) -> Iterator[Page]:
    meta = kb.site.pages["glossary"]
    terms = sorted(kb.glossary, key=lambda t: sort_key(h.term_label(t)))
    letters = [
        (letter, list(ts)) for letter, ts in groupby(terms, key=lambda t: initial(h.term_label(t)))
    ]
    slug = {letter: (letter.lower() if letter != "#" else "other") for letter, _ in letters}
    siblings = [(letter, f"glossary/letter/{slug[letter]}.md") for letter, _ in letters]
    folder = [f"data/{TERM.folder}/"]
    keyed = [
        (
            f"letter-{slug[letter]}",
            letter,
            f"glossary/letter/{slug[letter]}.md",
            [h.term_entry(t) for t in ts],
        )
        for letter, ts in letters
    ]
    yield index_page(
        "glossary/index.md", h.t(meta.title), h.t(meta.description), groups(keyed), folder
    )
    # Letters, and how many list pages each takes, differ between languages (NAC is CAN in
    # French): which of these pages the other edition lacks is decided page by page, for the
    # whole site (plan.site_plan).
    for _key, letter, href, entries in keyed:
        yield from list_pages(
            href,
            href.replace(".md", "-{n}.md"),
            h.L["letter_title"].format(letter=letter),
            h.L["letter_description"].format(letter=letter),
            entries,
            folder,
            siblings,
        )
    for t in kb.glossary:
        yield Page(
            term_page(t.id),
            "term.md.j2",
            h.term_entry(t).title,
            h.t(t.definition),
            _term_context(t),
            (record_file(TERM, t.id),),
            record=(TERM, t),
        )


def _term_context(t: Term) -> Callable[[Helpers], dict]:
    # Bound to its own term: the pages are made in a loop.
    return lambda h: {"t": t}
