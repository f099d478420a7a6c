"""A CSV file per kind of record (RFC 4180), in the edition's language."""

from __future__ import annotations

import csv
import io

from nmikb.data.models import DateValue, Entity, Event, Source, Term
from nmikb.data.registry import ENTITY, EVENT, SOURCE, TERM, RecordKind
from nmikb.edition.address import Share
from nmikb.knowledge.base import KnowledgeBase


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
        facts = kb.facts_by_page.get(f"{_folder(record)}/{record.id}", [])
        return " ".join(dict.fromkeys(c.source for f in facts for c in f.citations))

    return {
        "events.csv": _csv(
            ["id", "date", "precision", "title", "summary", "actors", "sources", "url"],
            [
                [
                    e.id,
                    kb.dates[e.id].when.iso,
                    kb.dates[e.id].when.precision,
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
                    s.dated.on.iso if s.dated.on else "",
                    s.kind,
                    s.language,
                    s.title.text[lang],
                    "yes" if s.title.status != "own" else "no",
                    kb.agent_name(s.author, lang) if s.author else "",
                    kb.agent_name(s.reviewed.publication, lang) if s.reviewed else "",
                    _date_iso(s.reviewed.date) if s.reviewed else "",
                    s.url or "",
                    s.retrieved.iso if s.retrieved else "",
                    url(SOURCE, s.id),
                ]
                for s in sorted(kb.sources, key=lambda s: (s.dated.on, s.id))
            ],
        ),
    }


def _date_iso(written) -> str:
    on = written.on if isinstance(written, DateValue) else written
    return on.iso if on else ""


def _folder(record) -> str:
    kinds: dict[type, RecordKind] = {Event: EVENT, Entity: ENTITY, Term: TERM, Source: SOURCE}
    return kinds[type(record)].folder
