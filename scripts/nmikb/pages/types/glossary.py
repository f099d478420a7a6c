"""The glossary: its index (a few terms under each letter), a list per letter, and a page per
term."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from itertools import groupby

from nmikb.data.models import LANGS, Term
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
    # A letter page exists in every edition only if some term starts with it in every language.
    everywhere = set.intersection(
        *({initial(t.form(lang).abbr or t.form(lang).full) for t in kb.glossary} for lang in LANGS)
    )
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
    for _key, letter, href, entries in keyed:
        for page in list_pages(
            href,
            href.replace(".md", "-{n}.md"),
            h.L["letter_title"].format(letter=letter),
            h.L["letter_description"].format(letter=letter),
            entries,
            folder,
            siblings,
        ):
            yield page if letter in everywhere else replace(page, alternate="glossary/index.md")
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
