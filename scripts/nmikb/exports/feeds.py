"""The timeline for other readers: TimelineJS data (Knight Lab's format) and an Atom feed (RFC
4287), newest events first.

Both say what each date rests on as the calendar does (nmikb/edition/datewords.py): a title note
("date inferred", "dates differ"), the date sentence and the number of sources. TimelineJS places
a slide at the date's own precision and spans the values when sources differ with none
preferred; Atom adds machine-readable categories, whose terms the README's Data section lists:
`date-aspect-<aspect>`, `date-basis-<basis>`, `date-precision-<precision>`,
`date-disagreement-<none|resolved|unresolved>` and `sources-<count>`."""

from __future__ import annotations

from functools import partial

from nmikb.data.models import Event, PartialDate
from nmikb.data.registry import EVENT, record_file
from nmikb.edition.address import DOWNLOADS, Share
from nmikb.edition.datewords import (
    aspect_name,
    basis_phrase,
    count_phrase,
    date_sentence,
    disagreement,
    marks,
    precision_name,
    title_note,
)
from nmikb.edition.formats import day_of, format_partial_date
from nmikb.edition.typography import typography
from nmikb.knowledge.base import KnowledgeBase

from .derived import event_sources, sources_line
from .kbjson import json_document, json_item, json_list, json_text
from .pieces import Piece, every_time


def timelinejs(kb: KnowledgeBase, lang: str, share: Share, piece: Piece = every_time) -> bytes:
    """The TimelineJS data; `piece`: each event's slide, kept or made (pieces.py)."""
    slides = [
        piece(
            "timelinejs",
            f"{EVENT.folder}/{e.id}",
            partial(_slide, kb, e, lang, share),
        )
        for e in kb.timeline
    ]
    title = {
        "text": {
            "headline": typography(kb.site.name[lang], lang),
            "text": _xml(typography(kb.site.pages["timeline"].description[lang], lang)),
        }
    }
    return json_document({"title": json_text(title)}, {"events": json_list(slides, level=1)})


def _slide(kb: KnowledgeBase, e: Event, lang: str, share: Share) -> bytes:
    """An event's slide, as an item of the list of slides (json_item)."""
    view = kb.dates[e.id]
    url = share.page_url(lang, f"{EVENT.folder}/{e.id}.md")
    shown = format_partial_date(view.when, lang, weekday=False)
    if view.latest != view.when:  # sources differ, none preferred: every value's span
        shown += " – " + format_partial_date(view.latest, lang, weekday=False)
    note = title_note(view, lang, precision=False)
    slide = {
        "unique_id": e.id,
        "start_date": _timelinejs_date(view.when),
        "display_date": shown + (f" ({note})" if note else ""),
        "text": {
            "headline": typography(e.title[lang], lang),
            "text": "".join(
                f"<p>{_xml(part)}</p>"
                for part in (
                    typography(e.summary[lang], lang),
                    date_sentence(view, lang),
                    sources_line(kb, e, lang),
                )
            )
            + f'<p><a href="{_xml(url)}">{_xml(url)}</a></p>',
        },
    }
    if view.latest != view.when:
        slide["end_date"] = _timelinejs_date(view.latest)
    return json_item(json_text(slide), 1)


def _categories(kb: KnowledgeBase, e: Event, lang: str) -> list[tuple[str, str]]:
    """(term, label) of an entry's categories: what its date is of, rests on and how precise it
    is, whether sources differ, and how many documents it cites."""
    view = kb.dates[e.id]
    count = len(event_sources(kb, e))
    differ = disagreement(view)
    return [
        (f"date-aspect-{view.aspect}", aspect_name(view.aspect, lang)),
        # A stated date needs no label beside its precision's ("exact day" twice).
        (
            f"date-basis-{view.basis}",
            "" if view.basis == "stated" else basis_phrase(view.when, view.basis, lang),
        ),
        (f"date-precision-{view.when.precision}", precision_name(view.when, lang)),
        (f"date-disagreement-{differ}", marks(view, lang)[-1] if differ != "none" else ""),
        (f"sources-{count}", count_phrase(count, lang)),
    ]


def _timelinejs_date(d: PartialDate) -> dict[str, int]:
    """A date as TimelineJS reads it, to its own precision: no month or day it does not have."""
    out = {"year": d.year}
    if d.month:
        out["month"] = d.month
    if d.day:
        out["day"] = d.day
    return out


def _xml(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def atom(kb: KnowledgeBase, lang: str, share: Share, piece: Piece = every_time) -> bytes:
    """The Atom feed; `piece`: each event's entry, kept or made (pieces.py)."""
    base = share.edition_url(lang)
    built = day_of(share.as_of or share.epoch).isoformat() + "T00:00:00Z"
    head = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{lang}">',
        f"  <id>{_xml(base)}{DOWNLOADS}/timeline.atom</id>",
        f"  <title>{_xml(kb.site.name[lang])}</title>",
        f"  <subtitle>{_xml(kb.site.pages['timeline'].description[lang])}</subtitle>",
        f"  <updated>{built}</updated>",
        '  <link rel="self" type="application/atom+xml" '
        f'href="{_xml(base)}{DOWNLOADS}/timeline.atom"/>',
        '  <link rel="alternate" type="text/html" '
        f'href="{_xml(share.page_url(lang, "timeline/index.md"))}"/>',
        f"  <author><name>{_xml(kb.site.name[lang])}</name></author>",
    ]
    # Newest events first, as feed readers expect.
    entries = [
        piece("atom", f"{EVENT.folder}/{e.id}", partial(_entry, kb, e, lang, share))
        for e in reversed(kb.timeline)
    ]
    return b"\n".join([*(line.encode("utf-8") for line in head), *entries, b"</feed>"]) + b"\n"


def _entry(kb: KnowledgeBase, e: Event, lang: str, share: Share) -> bytes:
    """An event's <entry>, its lines joined and encoded (a kept part of the feed: pieces.py)."""
    scheme = _xml(share.page_url(lang, "data.md") + "#calendar")
    view = kb.dates[e.id]
    url = share.page_url(lang, f"{EVENT.folder}/{e.id}.md")
    stamp = share.last_changed([record_file(EVENT, e.id)]) or share.epoch
    note = title_note(view, lang, precision=False)  # the date's form shows its precision
    title = view.when.iso + (f" ({note})" if note else "") + " — " + e.title[lang]
    summary = " ".join((e.summary[lang], date_sentence(view, lang), sources_line(kb, e, lang)))
    out = [
        "  <entry>",
        f"    <id>{_xml(url)}</id>",
        f"    <title>{_xml(typography(title, lang))}</title>",
        f'    <link rel="alternate" type="text/html" href="{_xml(url)}"/>',
        f"    <updated>{day_of(stamp).isoformat()}T00:00:00Z</updated>",
        f"    <summary>{_xml(typography(summary, lang))}</summary>",
    ]
    out += [
        f'    <category scheme="{scheme}" term="{term}"'
        + (f' label="{_xml(label)}"' if label else "")
        + "/>"
        for term, label in _categories(kb, e, lang)
    ]
    out.append("  </entry>")
    return "\n".join(out).encode("utf-8")
