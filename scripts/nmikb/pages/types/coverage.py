"""The coverage page: how much of each source the facts quote, and the notes the editors add,
PAGE_SIZE on the page and the rest on pages of their own (coverage/notes-2.md, …): every record
can hold notes, and the page would grow with the data."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from nmikb.data.registry import ENTITY, EVENT, SOURCE, TERM
from nmikb.knowledge.base import KnowledgeBase
from nmikb.pages.helpers import Helpers
from nmikb.pages.lists import PAGE_SIZE, pager
from nmikb.pages.page import Page, site_page


def coverage(kb: KnowledgeBase, h: Helpers) -> Iterator[Page]:
    notes = kb.context_notes
    chunks = [notes[i : i + PAGE_SIZE] for i in range(0, len(notes), PAGE_SIZE)] or [[]]
    paths = ["coverage.md"] + [f"coverage/notes-{n}.md" for n in range(2, len(chunks) + 1)]

    def notes_of(n: int) -> dict:
        return {
            "notes": chunks[n - 1],
            "number": n,
            "paths": paths,
            "pager": pager(n, len(paths)),
            "start": (n - 1) * PAGE_SIZE + 1,
        }

    def context(h: Helpers) -> dict:
        rows = []
        for s in kb.sources:
            sentences = kb.coverage[s.id]
            covered = sum(1 for r in sentences if r.facts)
            rows.append(
                (covered / len(sentences) if sentences else 1.0, s, covered, len(sentences))
            )
        rows.sort(key=lambda r: (r[0], r[1].id))
        covered, total = sum(r[2] for r in rows), sum(r[3] for r in rows)
        return {
            "rows": rows[:PAGE_SIZE],
            "more": max(0, len(rows) - PAGE_SIZE),
            "covered": covered,
            "total": total,
            **notes_of(1),
        }

    # Every record can hold a context note, so the page is built from every folder.
    files = [f"data/{k.folder}/" for k in (SOURCE, EVENT, ENTITY, TERM)] + ["data/scope.yaml"]
    first = site_page(
        kb, h, "coverage", "coverage.md", "coverage.md.j2", context, files, search=False
    )
    yield replace(first, links=tuple(paths))
    for n in range(2, len(paths) + 1):
        yield Page(
            paths[n - 1],
            "notes.md.j2",
            h.L["context_title"],
            h.L["context_intro"],
            _notes_context(notes_of(n)),
            tuple(files),
            search=False,
            links=tuple(paths),
        )


def _notes_context(context: dict):
    # Bound to its own page: the pages are made in a loop.
    return lambda h: context
