"""The timeline as an iCalendar feed (RFC 5545) of all-day events: an event known to the month or
the year spans that month or year, and says so; one whose sources give different dates and whose
editors prefer none spans every date not set aside, from the earliest to the latest, since no date
may be shown more precise than what it rests on.

Each event says what its date rests on in words (SUMMARY, DESCRIPTION) and in properties a
program reads, documented on the Data page (share.yaml, calendar_note) and in the README:
X-KB-DATE-PRECISION (day, month, year), X-KB-DATE-ASPECT (what the date is of: occurred,
decided, announced, takes_effect, or reported when no source dates it), X-KB-DATE-BASIS (stated,
inferred, metadata), X-KB-DATE-DISAGREEMENT (none, resolved, unresolved), one
X-KB-DATE-ALTERNATIVE per other value of that aspect (its date as YYYY, YYYY-MM or YYYY-MM-DD,
with the parameters X-KB-RANK, X-KB-PRECISION and X-KB-BASIS) and per value of another aspect
that its own date does not give (with X-KB-ASPECT too), and X-KB-SOURCES (how many documents the
event cites)."""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial

from nmikb.data.models import Event
from nmikb.data.registry import EVENT
from nmikb.edition.address import Share
from nmikb.edition.datewords import date_sentence, disagreement, title_note
from nmikb.edition.formats import day_of
from nmikb.edition.labels import share_labels as labels
from nmikb.edition.typography import typography
from nmikb.knowledge.base import KnowledgeBase
from nmikb.knowledge.dates import not_shown

from .derived import event_sources, sources_line
from .pieces import Piece, every_time


def _ics_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Lines of at most 75 octets, continued with CRLF and a space, never inside a character."""
    data = line.encode("utf-8")
    out: list[str] = []
    start, limit = 0, 75
    while len(data) - start > limit:
        end = start + limit
        while data[end] & 0xC0 == 0x80:  # a continuation byte: back to its character's first
            end -= 1
        out.append(data[start:end].decode("utf-8"))
        start, limit = end, 74  # the continuation's leading space takes one octet
    out.append(data[start:].decode("utf-8"))
    return "\r\n ".join(out)


def date_span(d) -> tuple[date, date]:
    """The days an event of this precision covers: [start, end) as iCalendar all-day dates."""
    if d.precision == "day":
        start = date(d.year, d.month, d.day)
        return start, start + timedelta(days=1)
    if d.precision == "month":
        start = date(d.year, d.month, 1)
        return start, date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return date(d.year, 1, 1), date(d.year + 1, 1, 1)


def icalendar(kb: KnowledgeBase, lang: str, share: Share, piece: Piece = every_time) -> bytes:
    """The calendar; `piece`: each event's VEVENT, kept or made (pieces.py)."""
    X = labels(lang)
    host = share.root_url.split("/")[2]
    head = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//{host}//NMI knowledge base//{lang.upper()}",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_ics_text(typography(kb.site.name[lang], lang))}",
        f"X-WR-CALDESC:{_ics_text(X['exports']['ics'])}",
    ]
    events = [
        piece("ics", f"{EVENT.folder}/{e.id}", partial(_vevent, kb, e, lang, share, host))
        for e in kb.timeline
    ]
    lines = [*(_fold(line).encode("utf-8") for line in head), *events, b"END:VCALENDAR"]
    return b"\r\n".join(lines) + b"\r\n"


def _vevent(kb: KnowledgeBase, e: Event, lang: str, share: Share, host: str) -> bytes:
    """An event's VEVENT, its lines folded, joined and encoded (a kept part of the calendar:
    pieces.py)."""
    stamp = day_of(share.epoch).strftime("%Y%m%dT000000Z")
    view = kb.dates[e.id]
    start, end = date_span(view.when)[0], date_span(view.latest)[1]
    note = title_note(view, lang)
    title = typography(e.title[lang], lang) + (f" ({note})" if note else "")
    url = share.page_url(lang, f"{EVENT.folder}/{e.id}.md")
    story = f"{date_sentence(view, lang)} {sources_line(kb, e, lang)}"
    description = f"{typography(e.summary[lang], lang)}\n\n{story}\n\n{url}"
    lines = [
        "BEGIN:VEVENT",
        f"UID:{e.id}@{host}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{start:%Y%m%d}",
        f"DTEND;VALUE=DATE:{end:%Y%m%d}",
        f"SUMMARY:{_ics_text(title)}",
        f"DESCRIPTION:{_ics_text(description)}",
        f"URL:{url}",
        "TRANSP:TRANSPARENT",
        f"X-KB-DATE-PRECISION:{view.when.precision}",
        f"X-KB-DATE-ASPECT:{view.aspect}",
        f"X-KB-DATE-BASIS:{view.basis}",
        f"X-KB-DATE-DISAGREEMENT:{disagreement(view)}",
    ]
    # The other values of the date shown; then those of the other aspects beside what their own
    # date gives, with the aspect they are of: a disagreement is recorded whatever it is about.
    others = [("", alt) for alt in view.alternatives] + [
        (f"X-KB-ASPECT={aspect};", alt)
        for aspect, claim in view.aspects.items()
        if aspect != view.aspect
        for alt in not_shown(claim)
    ]
    for of, alt in others:
        on = alt.value.on
        if on is not None:  # a value "not stated" is no alternative date
            lines.append(
                f"X-KB-DATE-ALTERNATIVE;{of}X-KB-RANK={alt.rank};"
                f"X-KB-PRECISION={on.precision};X-KB-BASIS={alt.value.basis}:{on.iso}"
            )
    lines += [f"X-KB-SOURCES:{len(event_sources(kb, e))}", "END:VEVENT"]
    return "\r\n".join(_fold(line) for line in lines).encode("utf-8")
