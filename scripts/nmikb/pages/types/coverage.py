"""The coverage page: how much of each source the facts quote, and every addition of the editors:
their notes, how they read each inferred date and each source's byline, why they follow or set
aside a value, and the titles they supply. PAGE_SIZE additions on the page and the rest on pages
of their own (coverage/notes-2.md, …): every record can hold some, and the page would grow with
the data."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

from nmikb.data.models import ContextNote, DateValue, Statement, Text
from nmikb.data.registry import ENTITY, EVENT, SOURCE, TERM
from nmikb.knowledge.base import KnowledgeBase
from nmikb.knowledge.facts import scope_anchor
from nmikb.pages.helpers import Helpers
from nmikb.pages.lists import PAGE_SIZE, pager
from nmikb.pages.page import Page, entity_page, event_page, site_page, source_page


@dataclass(frozen=True)
class Addition:
    """One thing the editors say beyond the sources, and where it is shown."""

    label: str  # what it is about, as the link reads
    target: str  # where it is shown: a page, with its anchor
    kind: str  # the kind of note (a context note's kind) or of addition (labels: additions)
    text: Text
    note: ContextNote | None = None  # a context note: shown as on its page, with its reference


def coverage(kb: KnowledgeBase, h: Helpers) -> Iterator[Page]:
    # Made once, with the plan: how many pages they take decides the plan. Their texts do not
    # depend on the page that shows them (links are made relative to it in the template).
    items = additions(kb, h)
    chunks = [items[i : i + PAGE_SIZE] for i in range(0, len(items), PAGE_SIZE)] or [[]]
    paths = ["coverage.md"] + [f"coverage/notes-{n}.md" for n in range(2, len(chunks) + 1)]

    def notes_of(n: int) -> dict:
        return {
            "additions": chunks[n - 1],
            "number": n,
            "paths": paths,
            "pager": pager(n, len(paths)),
            "start": (n - 1) * PAGE_SIZE + 1,
        }

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


def additions(kb: KnowledgeBase, h: Helpers) -> list[Addition]:
    """Every addition of the editors, in the order of the data: context notes first, then the
    readings, reasons and titles of each kind of record."""
    out = [
        Addition(h.fact_label(fact), fact.target, h.context_kind(note), note.text, note)
        for fact, _, note in kb.context_notes
    ]
    timeline = h.page_title("timeline")
    for e in kb.events:
        label = f"{timeline}{h.L['colon']} {h.t(e.title)}"
        target = event_page(e.id) + "#dates"
        for aspect, claim in kb.dates[e.id].aspects.items():
            where = f"{label} ({h.L['aspects'][aspect].lower()})"
            for v in claim.values:
                if v.value.reasoning:
                    out.append(
                        Addition(where, target, h.L["additions"]["reasoning"], v.value.reasoning)
                    )
                if v.reason:
                    out.append(Addition(where, target, h.L["additions"]["reason"], v.reason))
    scope = kb.scope
    for st in [scope.role, *scope.activities, *scope.principles, *scope.aims]:
        out += _reasons(h, st, f"scope.md#{st.id}", h.page_title("scope"))
    for item in scope.institutions:
        anchor = f"scope.md#{scope_anchor(item)}"
        name = h.t(kb.entity[item.entity].name) if item.entity in kb.entity else item.entity
        for verb in item.claim().values:
            if verb.reason:
                label = f"{h.page_title('scope')}{h.L['colon']} {name}"
                out.append(Addition(label, anchor, h.L["additions"]["reason"], verb.reason))
    for ent in kb.entities:
        label = f"{h.page_title('entities')}{h.L['colon']} {h.cap(h.t(ent.name))}"
        for n in ent.names:
            if n.reason:
                target = entity_page(ent.id) + "#names"
                out.append(
                    Addition(f"{label} ({n.form})", target, h.L["additions"]["reason"], n.reason)
                )
        for st in ent.facts:
            out += _reasons(h, st, f"{entity_page(ent.id)}#{st.id}", label)
    for s in kb.sources:
        label = f"{h.page_title('sources')}{h.L['colon']} {h.source_title(s)}"
        for written in (s.date, s.reviewed.date if s.reviewed else None):
            if isinstance(written, DateValue) and written.reasoning:
                out.append(
                    Addition(
                        label,
                        source_page(s.id),
                        h.L["additions"]["source_reading"],
                        written.reasoning,
                    )
                )
        if s.title.status != "own":
            text = Text(en=f"[{s.title.text.en}]", fr=f"[{s.title.text.fr}]")
            out.append(Addition(label, source_page(s.id), h.L["additions"]["title"], text))
    return out


def _reasons(h: Helpers, st: Statement, target: str, page_title: str) -> list[Addition]:
    """Why each wording of a statement is followed or set aside."""
    label = f"{page_title}{h.L['colon']} {h.t(st.shown_text)}"
    return [
        Addition(label, target, h.L["additions"]["reason"], v.reason)
        for v in st.claim().values
        if v.reason
    ]
