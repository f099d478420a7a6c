"""The timeline as an iCalendar feed (RFC 5545) of all-day events: an event known to the month or
the year spans that month or year, and says so."""

from __future__ import annotations

from datetime import date, timedelta

from nmikb.data.registry import EVENT
from nmikb.edition.address import Share
from nmikb.edition.formats import day_of
from nmikb.edition.labels import share_labels as labels
from nmikb.knowledge.base import KnowledgeBase


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


def icalendar(kb: KnowledgeBase, lang: str, share: Share) -> bytes:
    X = labels(lang)
    host = share.root_url.split("/")[2]
    stamp = day_of(share.epoch).strftime("%Y%m%dT000000Z")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//{host}//NMI knowledge base//{lang.upper()}",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_ics_text(kb.site.name[lang])}",
        f"X-WR-CALDESC:{_ics_text(X['exports']['ics'])}",
    ]
    for e in kb.timeline:
        when = kb.dates[e.id].when
        start, end = date_span(when)
        title = e.title[lang] + (
            f" ({X['precision_' + when.precision]})" if when.precision != "day" else ""
        )
        url = share.page_url(lang, f"{EVENT.folder}/{e.id}.md")
        lines += [
            "BEGIN:VEVENT",
            f"UID:{e.id}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{start:%Y%m%d}",
            f"DTEND;VALUE=DATE:{end:%Y%m%d}",
            f"SUMMARY:{_ics_text(title)}",
            f"DESCRIPTION:{_ics_text(e.summary[lang] + ' ' + url)}",
            f"URL:{url}",
            "TRANSP:TRANSPARENT",
            f"X-KB-DATE-PRECISION:{when.precision}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(_fold(line) for line in lines) + "\r\n").encode("utf-8")
