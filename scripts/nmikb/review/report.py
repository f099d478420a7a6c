"""The diff in words: what a change does to the knowledge base, section by section, as a reviewer
reads it — sources and their coverage first, then records, facts and their quotes, corroboration,
dates and disagreements, names, relations, the editors' notes, and the pages to look at in the
preview.

Changes to things that exist on both sides are listed in their sections; a new record's own
dates, names and texts are shown with it, not again as changes. The same report is written in
plain text or Markdown (styles.py). A new kind of claim (claims.py) gets its section by a line in
SECTIONS.
"""

from __future__ import annotations

from collections.abc import Callable

from . import attributes, sections
from .compare import Diff
from .naming import LANGUAGES, Item, Namer
from .pagediff import PageChanges
from .styles import Markdown, Plain

# (heading, what it lists, a sentence under the heading), in reading order.
SECTIONS: tuple[tuple[str, Callable[[Namer], list[Item]], str], ...] = (
    ("Sources", sections.sources, ""),
    ("Records", sections.records, ""),
    ("Facts added and removed", sections.facts, ""),
    ("Citations added to existing facts (corroboration)", sections.corroboration, ""),
    ("Quotes edited or removed", sections.quotes, ""),
    ("Texts changed", sections.texts, ""),
    ("Dates", attributes.dates, ""),
    (
        "Possible disagreements on dates (the machine's reading: check them)",
        attributes.hints,
        "The data cannot record rival dates yet: a quote that gives another day is kept as one "
        "more citation of the date it contradicts.",
    ),
    ("Disagreements (rival values)", attributes.rivals, ""),
    ("Names", attributes.names, ""),
    ("Relations", attributes.relations, ""),
    ("Context notes (the editors' words, no quote behind them)", attributes.notes, ""),
)


def write(
    diff: Diff,
    style: Plain | Markdown,
    base: str,
    head: str,
    pages: list[PageChanges] | None,
    title: str = "",
) -> str:
    """The report; `pages` None leaves the pages out (a release's changelog)."""
    n = Namer(diff, style)
    lines = [
        style.title(title or f"What changes in the knowledge base, from {base} to {head}"),
        style.line(summary(n, pages)),
    ]
    for heading, entries, intro in SECTIONS:
        items = entries(n)
        if items:
            lines.append(style.heading(heading))
            if intro:
                lines.append(style.line(intro))
            lines += n.capped(items)
    if pages and any(p.count for p in pages):
        lines.append(style.heading("Pages that change (paths in the built site, the preview)"))
        for p in pages:
            if p.count:
                lines.append(style.item("note", f"{LANGUAGES[p.lang]} ({p.count}):"))
                rows = [("added", x) for x in p.added] + [("changed", x) for x in p.changed]
                rows += [("removed", x) for x in p.removed]
                lines += n.capped([[style.item(what, style.code(x), 1)] for what, x in rows])
    return "\n".join(lines) + "\n"


def summary(n: Namer, pages: list[PageChanges] | None) -> str:
    d = n.d
    t = d.tables
    parts = []

    def count(number: int, one: str, many: str) -> None:
        if number:
            parts.append(f"{number} {one if number == 1 else many}")

    count(len(t["sources"].added), "source added", "sources added")
    count(len(t["sources"].removed), "source removed", "sources removed")
    count(
        sum(1 for c in t["records"].added if c.key[0] != "sources"), "record added", "records added"
    )
    count(
        sum(1 for c in t["records"].removed if c.key[0] != "sources"),
        "record removed",
        "records removed",
    )
    count(len(d.changed_records), "record changed", "records changed")
    corroborated = d.corroborations
    cited = sum(len(c.added) for c in corroborated)
    if cited:
        facts = len(corroborated)
        parts.append(
            f"{cited} citation{'s' if cited > 1 else ''} added to {facts} existing "
            f"fact{'s' if facts > 1 else ''}"
        )
    count(
        len(attributes.hints(n)),
        "possible disagreement on a date",
        "possible disagreements on dates",
    )
    count(len(t["rivals"].added), "new disagreement", "new disagreements")
    count(len(t["notes"].added), "context note added", "context notes added")
    if pages and any(p.count for p in pages):
        counts = [f"{p.count} {LANGUAGES[p.lang]}" for p in pages if p.count]
        parts.append(f"pages that change: {', '.join(counts)}")
    return ("; ".join(parts) + ".") if parts else "No change to what the knowledge base claims."
