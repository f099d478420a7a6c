"""The coverage page: how much of each source the facts quote, and every note the editors add."""

from __future__ import annotations

from nmikb.data.registry import ENTITY, EVENT, SOURCE, TERM
from nmikb.knowledge.base import KnowledgeBase
from nmikb.pages.helpers import Helpers
from nmikb.pages.lists import PAGE_SIZE
from nmikb.pages.page import Page, site_page


def coverage(kb: KnowledgeBase, h: Helpers) -> Page:
    def context(h: Helpers) -> dict:
        rows = []
        for s in kb.sources:
            if s.id not in kb.coverage:  # no stored text: nothing to measure
                continue
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
            "notes": kb.context_notes,
        }

    # Every record can hold a context note, so the page is built from every folder.
    files = [f"data/{k.folder}/" for k in (SOURCE, EVENT, ENTITY, TERM)] + ["data/scope.yaml"]
    return site_page(
        kb, h, "coverage", "coverage.md", "coverage.md.j2", context, files, search=False
    )
