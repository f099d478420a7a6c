"""The knowledge base for other programs, per language: JSON with its JSON Schema, CSV per kind of
record, an iCalendar feed and TimelineJS data of the timeline, an Atom feed, one JSON file per
record, the Data page that lists them, and the link-preview image.

They are written into each edition's generated tree (generate.py) as static files, not after
MkDocs: so MkDocs copies them with the pages, its strict check sees every link to them, `make
serve` previews them, and the tree writer rewrites only those whose bytes changed. Each is made
from the data alone, with sorted keys and fixed dates (the build's SOURCE_DATE_EPOCH, the data
files' last commits), so two builds of one commit give the same bytes. None touches the network.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Mapping
from datetime import date, timedelta
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

from .knowledge import KnowledgeBase
from .models import Entity, Event, Lang, Scope, Site, Source, Term
from .registry import ENTITY, EVENT, KINDS, SOURCE, TERM, record_file
from .share import DOWNLOADS, IMAGE, Share, day_of, labels

DATA_PAGE = "data.md"

if TYPE_CHECKING:  # render.py imports this module
    from .render import RenderedPage

FEEDS = (
    "kb.json",
    "kb.schema.json",
    "events.csv",
    "entities.csv",
    "glossary.csv",
    "sources.csv",
    "timeline.ics",
    "timeline.timelinejs.json",
    "timeline.atom",
)


class Export(BaseModel):
    """The whole knowledge base, as published by one language edition (downloads/kb.json)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    lang: Lang = Field(
        description="The edition that published this file; `url` and every page address are in it."
    )
    name: str = Field(description="The knowledge base's name in that language.")
    url: str = Field(
        description="The edition's address. A record's page is url + folder + '/' + "
        "id + '.html' (events/, entities/, glossary/, sources/)."
    )
    as_of: str | None = Field(
        description="The day the data last changed (YYYY-MM-DD), from the version history."
    )
    license: str = Field(
        description="What may be reused: the project's own texts and code, not the quoted sources."
    )
    site: Site
    scope: Scope
    sources: list[Source]
    entities: list[Entity]
    events: list[Event]
    glossary: list[Term]


LICENSE_NOTE = (
    "The project's own code and texts: see the LICENSE file of the "
    "repository. The quoted passages belong to their sources, which "
    "keep their own rights."
)


def _json(data) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def schema_json() -> bytes:
    schema = Export.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "NMI knowledge base export (downloads/kb.json)"
    return _json(schema)


def tree_files(
    kb: KnowledgeBase, lang: str, share: Share, kept: Mapping[str, bytes] | None = None
) -> dict[str, bytes]:
    """Every export of one edition, by path relative to the tree's docs folder. A record's JSON
    found in `kept` (by path) is taken from there: the caller vouches it has not changed."""
    out: dict[str, bytes] = {}
    as_of = day_of(share.as_of).isoformat() if share.as_of else None
    export = Export(
        lang=lang,
        name=kb.site.name[lang],
        url=share.edition_url(lang),
        as_of=as_of,
        license=LICENSE_NOTE,
        site=kb.site,
        scope=kb.scope,
        sources=kb.sources,
        entities=kb.entities,
        events=kb.timeline,
        glossary=kb.glossary,
    )
    d = f"{DOWNLOADS}/"
    out[d + "kb.json"] = _json(export.model_dump(mode="json"))
    out[d + "kb.schema.json"] = schema_json()
    out.update({d + name: data for name, data in csv_files(kb, lang, share).items()})
    out[d + "timeline.ics"] = icalendar(kb, lang, share)
    out[d + "timeline.timelinejs.json"] = timelinejs(kb, lang, share)
    out[d + "timeline.atom"] = atom(kb, lang, share)
    kept = kept or {}
    for kind in KINDS:
        for record in kb.records(kind):
            path = f"{kind.folder}/{record.id}.json"
            if path in kept:
                out[path] = kept[path]
                continue
            stamp = share.last_changed([record_file(kind, record.id)])
            out[path] = _json(
                {
                    "kind": kind.name,
                    "lang": lang,
                    "url": share.page_url(lang, f"{kind.folder}/{record.id}.md"),
                    "data_file": record_file(kind, record.id),
                    "last_changed": day_of(stamp).isoformat() if stamp else None,
                    "record": record.model_dump(mode="json"),
                }
            )
    from .social import preview_image

    out[IMAGE] = preview_image(
        kb.site.name[lang], labels(lang)["image_line"], share.edition_url(lang)
    )
    return out


# CSV ------------------------------------------------------------------------------------------


def _csv(header: list[str], rows: list[list]) -> bytes:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")  # RFC 4180
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8")


def csv_files(kb: KnowledgeBase, lang: str, share: Share) -> dict[str, bytes]:
    def url(kind, ident):
        return share.page_url(lang, f"{kind.folder}/{ident}.md")

    def sources(record):
        return " ".join(dict.fromkeys(c.source for c in record.citations))

    return {
        "events.csv": _csv(
            ["id", "date", "precision", "title", "summary", "actors", "sources", "url"],
            [
                [
                    e.id,
                    e.date.iso,
                    e.date.precision,
                    e.title[lang],
                    e.summary[lang],
                    " ".join(e.actors),
                    sources(e),
                    url(EVENT, e.id),
                ]
                for e in kb.timeline
            ],
        ),
        "entities.csv": _csv(
            [
                "id",
                "kind",
                "name",
                "abbreviation",
                "description",
                "part_of",
                "facts",
                "sources",
                "url",
            ],
            [
                [
                    e.id,
                    e.kind,
                    e.name[lang],
                    (getattr(e.abbr, lang, None) or "") if e.abbr else "",
                    e.description[lang],
                    e.part_of or "",
                    len(e.facts),
                    sources(e),
                    url(ENTITY, e.id),
                ]
                for e in kb.entities
            ],
        ),
        "glossary.csv": _csv(
            [
                "id",
                "abbreviation",
                "full_form",
                "abbreviation_en",
                "full_form_en",
                "abbreviation_fr",
                "full_form_fr",
                "definition",
                "entity",
                "sources",
                "url",
            ],
            [
                [
                    t.id,
                    t.form(lang).abbr or "",
                    t.form(lang).full,
                    t.en.abbr or "",
                    t.en.full,
                    t.fr.abbr or "",
                    t.fr.full,
                    t.definition[lang],
                    t.entity or "",
                    sources(t),
                    url(TERM, t.id),
                ]
                for t in kb.glossary
            ],
        ),
        "sources.csv": _csv(
            [
                "id",
                "date",
                "kind",
                "language",
                "title",
                "title_supplied",
                "author",
                "reviewed_publication",
                "reviewed_date",
                "original_url",
                "retrieved",
                "url",
            ],
            [
                [
                    s.id,
                    s.date.iso,
                    s.kind,
                    s.language,
                    s.title.text[lang],
                    "yes" if s.title.supplied else "no",
                    s.author,
                    s.reviewed.publication if s.reviewed else "",
                    s.reviewed.date.iso if s.reviewed else "",
                    s.url or "",
                    s.retrieved.iso if s.retrieved else "",
                    url(SOURCE, s.id),
                ]
                for s in sorted(kb.sources, key=lambda s: (s.date, s.id))
            ],
        ),
    }


# iCalendar (RFC 5545) ---------------------------------------------------------------------------


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
        start, end = date_span(e.date)
        title = e.title[lang] + (
            f" ({X['precision_' + e.date.precision]})" if e.date.precision != "day" else ""
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
            f"X-KB-DATE-PRECISION:{e.date.precision}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(_fold(line) for line in lines) + "\r\n").encode("utf-8")


# TimelineJS (https://timeline.knightlab.com/docs/json-format.html) -----------------------------


def timelinejs(kb: KnowledgeBase, lang: str, share: Share) -> bytes:
    events = []
    for e in kb.timeline:
        start = {"year": e.date.year}
        if e.date.month:
            start["month"] = e.date.month
        if e.date.day:
            start["day"] = e.date.day
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
    return _json(data)


# Atom (RFC 4287) -------------------------------------------------------------------------------


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
            f"    <title>{_xml(e.date.iso + ' — ' + e.title[lang])}</title>",
            f'    <link rel="alternate" type="text/html" href="{_xml(url)}"/>',
            f"    <updated>{day_of(stamp).isoformat()}T00:00:00Z</updated>",
            f"    <summary>{_xml(e.summary[lang])}</summary>",
            "  </entry>",
        ]
    out.append("</feed>")
    return ("\n".join(out) + "\n").encode("utf-8")


def human_size(n: int, lang: str) -> str:
    from babel.numbers import format_decimal

    unit, value = (
        ("B", n) if n < 1024 else ("KB", n / 1024) if n < 1024 * 1024 else ("MB", n / 1024 / 1024)
    )
    unit = {"fr": {"B": "o", "KB": "Ko", "MB": "Mo"}}.get(lang, {}).get(unit, unit)
    return f"{format_decimal(round(value, 1), locale=lang)}\u00a0{unit}"


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def data_rows(files: dict[str, bytes], lang: str) -> list[tuple[str, str, str, str]]:
    """(file, format, what it holds, size) for the Data page's table."""
    X = labels(lang)["exports"]
    what = {
        "kb.json": ("JSON", X["json"]),
        "kb.schema.json": ("JSON Schema", X["schema"]),
        "events.csv": ("CSV", X["csv_event"]),
        "entities.csv": ("CSV", X["csv_entity"]),
        "glossary.csv": ("CSV", X["csv_term"]),
        "sources.csv": ("CSV", X["csv_source"]),
        "timeline.ics": ("iCalendar", X["ics"]),
        "timeline.timelinejs.json": ("TimelineJS", X["timelinejs"]),
        "timeline.atom": ("Atom", X["atom"]),
    }
    return [
        (name, what[name][0], what[name][1], human_size(len(files[f"{DOWNLOADS}/{name}"]), lang))
        for name in FEEDS
    ]


def data_page(
    kb: KnowledgeBase, lang: str, share: Share, files: dict[str, bytes], abbr
) -> RenderedPage:
    """The Data page (DATA_PAGE): every export of the edition with its size, and the archive."""
    from .layout import Page
    from .render import RenderedPage, environment, helpers
    from .share import ARCHIVE, PREFIX, decorate

    X = labels(lang)
    from markupsafe import Markup

    page = Page(
        DATA_PAGE,
        "data.md.j2",
        X["data_title"],
        X["data_description"],
        data_files=tuple(f"data/{k.folder}/" for k in KINDS),
    )
    h = helpers(kb, lang).at(page.path)
    archive = ("../" if PREFIX[lang] else "") + ARCHIVE
    source_link = Markup(share.repo_url + "/blob/HEAD/") if share.repo_url else None
    text = (
        environment()
        .get_template("data.md.j2")
        .render(
            lang=lang,
            h=h,
            page=page,
            X=X,
            rows=data_rows(files, lang),
            downloads=DOWNLOADS,
            archive=archive,
            data_files=page.data_files,
            source_link=source_link,
        )
    )
    text = decorate(kb, lang, page.path, text, (), share)
    return RenderedPage(page.path, abbr.append_to(text), page.data_files)
