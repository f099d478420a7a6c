"""A CSV file per kind of record (RFC 4180), in the edition's language.

Columns keep their names and positions from one release to the next: a column added later is
appended after `url`, so a reader that goes by position still reads what it read before. Lists in
a cell are separated by spaces (ids, dates) or by "; " (alternatives, which hold spaces). The
README's Data section says what each column holds."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from functools import partial

from nmikb.data.models import ASPECTS, Claim, DateValue, Event, Source, Value
from nmikb.data.registry import ENTITY, EVENT, SOURCE, TERM
from nmikb.edition.address import Share
from nmikb.edition.datewords import disagreement
from nmikb.edition.typography import typography
from nmikb.knowledge.base import KnowledgeBase
from nmikb.knowledge.dates import DateView, not_shown

from .derived import FOLDERS, record_sources, role
from .pieces import Piece, every_time


def _csv(header: list[str], rows: list[list]) -> bytes:
    return _lines([header, *rows])


def _lines(rows: list[list]) -> bytes:
    """The rows as CSV lines. A writer writes each row on its own, whatever came before: the
    lines of a file are the lines of its rows, put together (events.csv keeps each event's
    line: pieces.py)."""
    buf = io.StringIO(newline="")
    csv.writer(buf, lineterminator="\r\n").writerows(rows)  # RFC 4180
    return buf.getvalue().encode("utf-8")


def csv_files(
    kb: KnowledgeBase, lang: str, share: Share, piece: Piece = every_time
) -> dict[str, bytes]:
    """Each CSV file; `piece`: each event's row of events.csv, kept or made (pieces.py)."""

    def url(kind, ident):
        return share.page_url(lang, f"{kind.folder}/{ident}.md")

    def sources(record):
        facts = kb.facts_by_page.get(f"{FOLDERS[type(record)].folder}/{record.id}", [])
        return " ".join(dict.fromkeys(c.source for f in facts for c in f.citations))

    def T(text: str) -> str:  # a text in the edition's language, with its typography
        return typography(text, lang)

    def count(record) -> int:
        return len(record_sources(kb, record))

    def event_row(e: Event) -> list:
        return [
            e.id,
            kb.dates[e.id].when.iso,
            kb.dates[e.id].when.precision,
            T(e.title[lang]),
            T(e.summary[lang]),
            " ".join(e.actors),
            sources(e),
            url(EVENT, e.id),
            count(e),
            *_date_cells(kb.dates[e.id]),
        ]

    def event_line(e: Event) -> bytes:
        return _lines([event_row(e)])

    return {
        "events.csv": _lines(
            [
                ["id", "date", "precision", "title", "summary", "actors", "sources", "url"]
                + ["source_count", *EVENT_DATE_COLUMNS]
            ]
        )
        + b"".join(
            piece("csv", f"{EVENT.folder}/{e.id}", partial(event_line, e)) for e in kb.timeline
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
                "source_count",
            ],
            [
                [
                    e.id,
                    e.kind,
                    T(e.name[lang]),
                    (getattr(e.abbr, lang, None) or "") if e.abbr else "",
                    T(e.description[lang]),
                    e.part_of or "",
                    len(e.facts),
                    sources(e),
                    url(ENTITY, e.id),
                    count(e),
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
                "source_count",
            ],
            [
                [
                    t.id,
                    t.form(lang).abbr or "",
                    T(t.form(lang).full),
                    t.en.abbr or "",
                    t.en.full,
                    t.fr.abbr or "",
                    typography(t.fr.full, "fr"),
                    T(t.definition[lang]),
                    t.entity or "",
                    sources(t),
                    url(TERM, t.id),
                    count(t),
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
                *SOURCE_MODEL_COLUMNS,
            ],
            [
                [
                    s.id,
                    s.dated.on.iso if s.dated.on else "",
                    s.kind,
                    s.language,
                    T(s.title.text[lang]),
                    "yes" if s.title.status != "own" else "no",
                    T(kb.agent_name(s.author, lang)) if s.author else "",
                    T(kb.agent_name(s.reviewed.publication, lang)) if s.reviewed else "",
                    _date_iso(s.reviewed.date) if s.reviewed else "",
                    s.url or "",
                    s.retrieved.iso if s.retrieved else "",
                    url(SOURCE, s.id),
                    *_source_cells(kb, s, lang),
                ]
                for s in sorted(kb.sources, key=lambda s: (s.dated.on, s.id))
            ],
        ),
    }


# Appended to events.csv: what the date rests on, the other values of its aspect, and each
# aspect's own date and basis (empty when not written; basis `unknown` when written as not
# stated by any source; values sources differ on, none preferred, separated by spaces); then, for
# each aspect, the values its own column does not show (`date rank basis`, separated by `; `): a
# disagreement on an aspect that does not place the event is recorded too.
EVENT_DATE_COLUMNS = [
    "date_aspect",
    "date_basis",
    "date_disagreement",
    "date_latest",
    "date_alternatives",
    *(f"{a}{suffix}" for a in ASPECTS for suffix in ("", "_basis")),
    "reported",
    *(f"{a}_alternatives" for a in ASPECTS),
]


def _date_cells(view: DateView) -> list[str]:
    cells = [
        view.aspect,
        view.basis,
        disagreement(view),
        view.latest.iso,
        _alternatives(view.alternatives),
    ]
    for aspect in ASPECTS:
        claim = view.aspects.get(aspect)
        cells += _aspect_cells(claim) if claim else ["", ""]
    cells.append(view.reported.iso if view.reported else "")
    for aspect in ASPECTS:
        claim = view.aspects.get(aspect)
        cells.append(_alternatives(not_shown(claim)) if claim else "")
    return cells


def _alternatives(values: Iterable[Value[DateValue]]) -> str:
    return "; ".join(
        f"{v.value.on.iso} {v.rank} {v.value.basis}" for v in values if v.value.on is not None
    )


def _aspect_cells(claim: Claim[DateValue]) -> list[str]:
    """An aspect's date and basis: the value shown, or every value not set aside when the
    sources differ and none is preferred (earliest first)."""
    dated = [v for v in claim.values if v.value.on is not None]
    if not dated:
        return ["", "unknown"]
    if claim.state == "unresolved":
        equals = sorted((v for v in dated if v.rank != "set-aside"), key=lambda v: _iso(v.value))
        return [" ".join(_iso(v.value) for v in equals), " ".join(v.value.basis for v in equals)]
    return [_iso(claim.shown.value), claim.shown.value.basis]


# Appended to sources.csv: the source as it really is (data/models/sources.py).
SOURCE_MODEL_COLUMNS = [
    "title_status",
    "role",
    "issuer",
    "publisher",
    "date_basis",
    "reviewed_date_basis",
    "stored",
    "reports_on",
    "reproduces_url",
    "reproduces_source",
    "where",
]


def _source_cells(kb: KnowledgeBase, s: Source, lang: str) -> list[str]:
    reviewed = s.reviewed.date if s.reviewed else None
    return [
        s.title.status,
        role(s),
        typography(kb.agent_name(s.issuer, lang), lang) if s.issuer else "",
        typography(kb.agent_name(s.publisher, lang), lang) if s.publisher else "",
        s.dated.basis,
        (reviewed.basis if isinstance(reviewed, DateValue) else "stated") if reviewed else "",
        s.stored,
        " ".join(s.reports_on),
        s.reproduces.url if s.reproduces else "",
        (s.reproduces.source or "") if s.reproduces else "",
        typography(s.where[lang], lang) if s.where else "",
    ]


def _iso(value: DateValue) -> str:
    return value.on.iso if value.on else ""


def _date_iso(written) -> str:
    on = written.on if isinstance(written, DateValue) else written
    return on.iso if on else ""
