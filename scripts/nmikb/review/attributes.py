"""The report's sections on what qualifies facts and records: dates (and the days new quotes
give that differ from them), rival values, names, relations, and the editors' context notes.
Each takes the Namer (naming.py) and returns its entries; report.py gives them their headings."""

from __future__ import annotations

from nmikb.data.wordiff import segments

from .compare import Change
from .hints import day_of, disagrees, mentions
from .naming import Item, Namer

# Relations that hold one object at a time: a removal and an addition are one change.
_SINGLE = ("part of", "names")


def _kinds(t) -> tuple[tuple[str, list[Change]], ...]:
    return (("added", t.added), ("removed", t.removed), ("changed", t.changed))


def dates(n: Namer) -> list[Item]:
    d, s = n.d, n.s
    t = d.tables["dates"]
    items = [
        [s.item("changed", f"{n.fact(c.key)}: {c.key[2]} {n.when(c.old)} → {n.when(c.new)}")]
        for c in t.changed
    ]
    for what, changes in (("added", t.added), ("removed", t.removed)):
        for c in changes:
            if d.existing(c.key[:2]):  # a new fact's dates come with it
                items.append(
                    [s.item(what, f"{n.fact(c.key)}: {c.key[2]} {n.when(c.new or c.old)}")]
                )
    return items


def hints(n: Namer) -> list[Item]:
    """Days that new quotes name and that differ from the date of the fact they are cited for
    (hints.py): a disagreement today's data model cannot record."""
    d, s = n.d, n.s
    items = []
    for c in d.tables["citations"].added:
        date = d.new.dates.get((c.key[0], c.key[1], "date"))
        day = day_of(date.value) if date else None
        if date is None or day is None:
            continue
        texts = [c.new.quote] + [text for _, text in c.new.translation]
        named = dict.fromkeys(m.words for t in texts for m in mentions(t) if disagrees(m, day))
        if named:
            said = ", ".join(s.quote(w) for w in named)
            line = f"{n.fact(c.key)} is dated {n.when(date)}; the new quote from "
            items.append(
                [
                    s.item("note", f"{line}{s.code(c.key[2])} names {said}"),
                    s.item("note", s.quote(c.new.quote), 1),
                ]
            )
    return items


def rivals(n: Namer) -> list[Item]:
    """Rival values of a claim, ranked (claims.py: none until the data model has them)."""
    s = n.s
    items = []
    for what, changes in _kinds(n.d.tables["rivals"]):
        for c in changes:
            v = c.new or c.old
            rank = f"{c.old.rank} → {c.new.rank}" if what == "changed" else v.rank
            why = f", {s.text(v.reason)}" if v.reason else ""
            by = ", ".join(s.code(x) for x in v.sources)
            line = f"{n.fact(c.key)}: {c.key[2]} {s.quote(c.key[3])} ({rank}{why}; {by})"
            items.append([s.item(what, line)])
    return items


def names(n: Namer) -> list[Item]:
    d, s = n.d, n.s
    t = d.tables["names"]
    items = []
    # One form replaced by another of the same language and status: a name changed.
    removed = {(c.key[0], c.key[1], c.old.status): c for c in t.removed}
    renamed = {}
    for c in t.added:
        slot = (c.key[0], c.key[1], c.new.status)
        if slot in removed and slot not in renamed:
            renamed[slot] = (removed[slot], c)
    pairs = {id(x) for pair in renamed.values() for x in pair}
    for old, new in renamed.values():
        v = new.new
        line = f"{n.record(v.record)} ({new.key[1]}, {v.status}): "
        items.append([s.item("changed", line + s.words(segments(old.key[2], new.key[2])))])
    for what, changes in _kinds(t):
        for c in changes:
            v = c.new or c.old
            if id(c) in pairs or (what != "changed" and not d.record_exists(v.record)):
                continue  # a new record's names come with it
            status = f"{c.old.status} → {c.new.status}" if what == "changed" else v.status
            by = f", {s.code(v.source)}" if v.source else ""
            line = f"{n.record(v.record)} ({c.key[1]}): {s.quote(c.key[2])} ({status}{by})"
            items.append([s.item(what, line)])
    return items


def relations(n: Namer) -> list[Item]:
    s = n.s
    t = n.d.tables["relations"]
    items = []
    added = {(c.key[0], c.key[1]): c for c in t.added if c.key[1] in _SINGLE}
    paired = set()
    for c in t.removed:
        other = added.get((c.key[0], c.key[1]))
        if other is None:
            items.append([s.item("removed", _relation(n, c))])
            continue
        paired.add(other.key)
        was, now = s.code(c.key[2]), s.code(other.key[2])
        items.append([s.item("changed", f"{s.code(c.key[0])} {c.key[1]}: {was} → {now}")])
    items += [[s.item("added", _relation(n, c))] for c in t.added if c.key not in paired]
    for c in t.changed:
        was, now = s.text(c.old.detail or "—"), s.text(c.new.detail or "—")
        line = f"{s.code(c.key[0])} {c.key[1]} {s.code(c.key[2])}: {was} → {now}"
        items.append([s.item("changed", line)])
    return items


def _relation(n: Namer, c: Change) -> str:
    v = c.new or c.old
    detail = f" ({n.s.text(v.detail)})" if v.detail else ""
    return f"{n.s.code(c.key[0])} {c.key[1]} {n.s.code(c.key[2])}{detail}"


def notes(n: Namer) -> list[Item]:
    s = n.s
    items = []
    for what, changes in _kinds(n.d.tables["notes"]):
        for c in changes:
            v = c.new or c.old
            item = [s.item(what, f"{n.fact(c.key)} ({c.key[2]}):")]
            old = dict(c.old.text) if what == "changed" else {}
            for lang, text in v.text:
                shown = s.words(segments(old[lang], text)) if lang in old else s.quote(text)
                item.append(s.item("note", f"{lang}: {shown}", 1))
            items.append(item)
    return items
