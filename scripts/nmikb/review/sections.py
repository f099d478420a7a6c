"""The report's sections on what exists and what it quotes: sources and their coverage, records,
facts added or removed, citations added to existing facts, quotes edited, texts changed. Each
takes the Namer (naming.py) and returns its entries; report.py gives them their headings."""

from __future__ import annotations

from nmikb.data.wordiff import segments

from .naming import LANGUAGES, Item, Namer, coverage, english, short

_KINDS = ("sources", "entities", "events", "glossary", "scope", "site")
_SOURCE_FIELDS = (
    "language",
    "kind",
    "author",
    "date",
    "reviewed",
    "url",
    "retrieved",
    "stored",
    "reproduces",
)


def sources(n: Namer) -> list[Item]:
    d, s = n.d, n.s
    items = []
    for c in d.tables["sources"].added:
        (sid,) = c.key
        v = c.new
        reviews = v.reviewed and f"reviews {v.reviewed}"
        about = [v.kind, LANGUAGES.get(v.language, v.language), v.author, v.date, reviews]
        item = [
            s.item(
                "added", f"{n.record(('sources', sid))} — {s.text(', '.join(filter(None, about)))}"
            )
        ]
        cov = d.new.coverage.get((sid,))
        if cov:
            item.append(s.item("note", f"coverage: {coverage(cov)} of its body quoted", 1))
        # Its attribution (byline, credits) is the source's own fact: shown with it.
        for key, cit in d.new.citations.items():
            if key[:2] == (f"sources/{sid}", ""):
                item.append(s.item("note", f"attribution: {s.quote(cit.quote)}", 1))
        items.append(item)
    for c in d.tables["sources"].removed:
        items.append([s.item("removed", n.record(("sources", c.key[0]), d.old))])
    for c in d.tables["sources"].changed:
        item = [s.item("changed", n.record(("sources", c.key[0])))]
        for name in _SOURCE_FIELDS:
            a, b = getattr(c.old, name), getattr(c.new, name)
            if a != b:
                item.append(s.item("note", f"{name}: {s.text(a or '—')} → {s.text(b or '—')}", 1))
        items.append(item)
    for c in d.tables["coverage"].changed:
        ref = n.record(("sources", c.key[0]))
        items.append([s.item("changed", f"{ref}: coverage {coverage(c.old)} → {coverage(c.new)}")])
    return items


def records(n: Namer) -> list[Item]:
    d, s = n.d, n.s
    items = []
    for c in d.tables["records"].added:
        if c.key[0] == "sources":
            continue  # listed with its details under Sources
        date = d.new.dates.get((f"{c.key[0]}/{c.key[1]}", "", "date"))
        dated = f", dated {n.when(date)}" if date else ""
        titles = " / ".join(s.quote(text) for _, text in c.new.title)
        where = s.code(c.new.page or c.new.file)
        items.append([s.item("added", f"{c.new.kind} {where} {titles}{dated}")])
    for c in d.tables["records"].removed:
        ref = (c.key[0], c.key[1])
        items.append([s.item("removed", f"{n.kind(ref, d.old)}{n.record(ref, d.old)}")])
    changed = {c.key: c for c in d.tables["records"].changed}
    for ref in sorted(d.changed_records, key=lambda r: (_KINDS.index(r[0]), r[1])):
        if ref[0] == "sources" and ref not in changed:
            continue  # its changes are under Sources
        what = ", ".join(d.aspects(ref))
        item = [s.item("changed", f"{n.kind(ref)}{n.record(ref)} ({what})")]
        record = changed.get(ref)
        if record is not None:
            old, new = record.old, record.new
            word = "name" if new.kind in ("entity", "term") else "title"
            for (lang, a), (_, b) in zip(old.title, new.title, strict=True):
                if a != b:
                    item.append(s.item("note", f"{word} ({lang}): {s.words(segments(a, b))}", 1))
            before, after = dict(old.fields), dict(new.fields)
            for path in sorted(before.keys() | after.keys()):
                if before.get(path) != after.get(path):
                    was = s.quote(short(before.get(path, "—")))
                    now = s.quote(short(after.get(path, "—")))
                    item.append(s.item("note", f"{path}: {was} → {now}", 1))
        items.append(item)
    return items


def facts(n: Namer) -> list[Item]:
    d, s = n.d, n.s
    items = []
    for c in d.tables["facts"].added:
        if c.key[0].startswith("sources/") and not c.key[1]:
            continue  # a new source's attribution: shown with the source
        item = [s.item("added", n.fact(c.key))]
        for key, text in d.new.texts.items():
            if key[:2] == c.key:
                item.append(s.item("note", f"{key[2]}: {s.quote(english(text.text))}", 1))
        for key, cit in d.new.citations.items():
            if key[:2] == c.key:
                item += n.quote_lines(key[2], cit.quote, cit.translation, 1)
        items.append(item)
    for c in d.tables["facts"].removed:
        items.append([s.item("removed", n.fact(c.key, d.old))])
    return items


def corroboration(n: Namer) -> list[Item]:
    s = n.s
    items = []
    for c in n.d.corroborations:
        before, after = c.sources_before, c.sources_after
        count = (
            f"now {len(after)} sources: {', '.join(s.code(x) for x in after)}"
            if len(after) > len(before)
            else f"{len(c.added)} more from {', '.join(s.code(x) for x in before)}"
        )
        item = [s.item("changed", f"{n.fact(c.fact)} — {count}")]
        for change in c.added:
            item += n.quote_lines(change.key[2], change.new.quote, change.new.translation, 1)
        items.append(item)
    return items


def quotes(n: Namer) -> list[Item]:
    d, s = n.d, n.s
    items = []
    for e in d.quote_edits:
        items.append(
            [
                s.item("changed", f"{n.fact(e.fact)}: quote of {s.code(e.source)}"),
                s.item("note", s.words(segments(e.old, e.new)), 1),
            ]
        )
    for c in d.removed_citations:
        what = f"{n.fact(c.key)}: {s.code(c.key[2])} {s.quote(c.old.quote)}"
        items.append([s.item("removed", what)])
    for c in d.tables["citations"].changed:
        item = [s.item("changed", f"{n.fact(c.key)}: translation of {s.quote(c.new.quote)}")]
        old = dict(c.old.translation)
        for lang, text in c.new.translation:
            if old.get(lang) != text:
                words = s.words(segments(old.get(lang, ""), text))
                item.append(s.item("note", f"{lang}: {words}", 1))
        items.append(item)
    return items


def texts(n: Namer) -> list[Item]:
    s = n.s
    items = []
    for c in n.d.tables["texts"].changed:
        item = [s.item("changed", f"{n.fact(c.key)}: {c.key[2]}")]
        for (lang, a), (_, b) in zip(c.old.text, c.new.text, strict=True):
            if a != b:
                item.append(s.item("note", f"{lang}: {s.words(segments(a, b))}", 1))
        items.append(item)
    return items
