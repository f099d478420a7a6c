"""The timeline for other readers: TimelineJS data (Knight Lab's format) and an Atom feed (RFC
4287), newest events first."""

from __future__ import annotations

from nmikb.data.registry import EVENT, record_file
from nmikb.edition.address import DOWNLOADS, Share
from nmikb.edition.formats import day_of
from nmikb.knowledge.base import KnowledgeBase

from .kbjson import json_bytes


def timelinejs(kb: KnowledgeBase, lang: str, share: Share) -> bytes:
    events = []
    for e in kb.timeline:
        when = kb.dates[e.id].when
        start = {"year": when.year}
        if when.month:
            start["month"] = when.month
        if when.day:
            start["day"] = when.day
        url = share.page_url(lang, f"{EVENT.folder}/{e.id}.md")
        events.append(
            {
                "unique_id": e.id,
                "start_date": start,
                "text": {
                    "headline": e.title[lang],
                    "text": f"<p>{_xml(e.summary[lang])}</p><p><a "
                    f'href="{_xml(url)}">{_xml(url)}</a></p>',
                },
            }
        )
    data = {
        "title": {
            "text": {
                "headline": kb.site.name[lang],
                "text": _xml(kb.site.pages["timeline"].description[lang]),
            }
        },
        "events": events,
    }
    return json_bytes(data)


def _xml(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def atom(kb: KnowledgeBase, lang: str, share: Share) -> bytes:
    base = share.edition_url(lang)
    built = day_of(share.as_of or share.epoch).isoformat() + "T00:00:00Z"
    out = [
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
    for e in reversed(kb.timeline):
        url = share.page_url(lang, f"{EVENT.folder}/{e.id}.md")
        stamp = share.last_changed([record_file(EVENT, e.id)]) or share.epoch
        out += [
            "  <entry>",
            f"    <id>{_xml(url)}</id>",
            f"    <title>{_xml(kb.dates[e.id].when.iso + ' — ' + e.title[lang])}</title>",
            f'    <link rel="alternate" type="text/html" href="{_xml(url)}"/>',
            f"    <updated>{day_of(stamp).isoformat()}T00:00:00Z</updated>",
            f"    <summary>{_xml(e.summary[lang])}</summary>",
            "  </entry>",
        ]
    out.append("</feed>")
    return ("\n".join(out) + "\n").encode("utf-8")
