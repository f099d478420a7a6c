"""The pages a change alters, found by rendering both versions' pages and comparing them.

Not guessed from the records a change touches: a new citation also changes the source's page,
the coverage page and every list that counts sources; a new glossary term changes the tooltips of
every page that uses it. Both versions are rendered the same way, without the site's address or
the version history, so that only what the data says makes a page differ (permalinks and "last
changed" dates are left out on both sides). The English and French pages are compared apart: a
change may alter one edition's pages only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from nmikb.edition.editions import EDITIONS, PREFIX
from nmikb.knowledge.base import KnowledgeBase
from nmikb.pages.render import render_pages


@dataclass
class PageChanges:
    """One edition's pages that a change adds, removes or alters, by preview path."""

    lang: str
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.added) + len(self.removed) + len(self.changed)


def preview_path(lang: str, page: str) -> str:
    """'events/x.md' -> 'fr/events/x.html': where the page is in the built site (the preview)."""
    return PREFIX[lang] + page.removesuffix(".md") + ".html"


def changed_pages(old: KnowledgeBase, new: KnowledgeBase) -> list[PageChanges]:
    """Each edition's changed pages, in the order the site lists them."""
    out = []
    for edition in EDITIONS:
        lang = edition.lang
        before = {p.name: p.markdown for p in render_pages(old, lang)}
        after = {p.name: p.markdown for p in render_pages(new, lang)}
        changes = PageChanges(lang)
        for name, text in after.items():
            if name not in before:
                changes.added.append(preview_path(lang, name))
            elif before[name] != text:
                changes.changed.append(preview_path(lang, name))
        changes.removed = [preview_path(lang, n) for n in before if n not in after]
        out.append(changes)
    return out
