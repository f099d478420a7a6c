"""The knowledge base for other programs, per language: JSON with its JSON Schema, CSV per kind of
record, an iCalendar feed and TimelineJS data of the timeline, an Atom feed, one JSON file per
record, and the link-preview image; and the rows of the Data page that lists them.

They are written into each edition's generated tree (nmikb/site/tree.py) as static files, not after
MkDocs: so MkDocs copies them with the pages, its strict check sees every link to them, `make
serve` previews them, and the tree writer rewrites only those whose bytes changed. Each is made
from the data alone, with sorted keys and fixed dates (the build's SOURCE_DATE_EPOCH, the data
files' last commits), so two builds of one commit give the same bytes. None touches the network.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Mapping

from pydantic import BaseModel

from nmikb.data.registry import EVENT, KINDS, record_file
from nmikb.edition.address import DOWNLOADS, IMAGE, Share
from nmikb.edition.formats import day_of, human_size
from nmikb.edition.labels import share_labels as labels
from nmikb.knowledge.base import KnowledgeBase

from .calendar import icalendar
from .feeds import atom, timelinejs
from .kbjson import (
    LICENSE_NOTE,
    Export,
    export_bytes,
    json_bytes,
    record_item,
    schema_json,
)
from .pieces import Piece, every_time
from .preview import preview_image
from .tables import csv_files

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


def tree_files(
    kb: KnowledgeBase,
    lang: str,
    share: Share,
    keep: Callable[[str], bool] | None = None,
    piece: Piece = every_time,
) -> dict[str, bytes | None]:
    """Every export of one edition, by path relative to the tree's docs folder. A record's JSON
    whose path `keep` accepts is not made (None): the caller has it, and vouches it has not
    changed. `piece`: what each record adds to the exports that hold every record (its JSON in
    kb.json, an event's row, entry or slide), kept between builds or made (pieces.py)."""
    out: dict[str, bytes | None] = {}
    as_of = day_of(share.as_of).isoformat() if share.as_of else None
    # The records are given apart (export_bytes), each published only when its JSON is made.
    export = Export(
        lang=lang,
        name=kb.site.name[lang],
        url=share.edition_url(lang),
        as_of=as_of,
        license=LICENSE_NOTE,
        site=kb.site,
        scope=kb.scope,
        sources=[],
        entities=[],
        events=[],
        glossary=[],
    )
    d = f"{DOWNLOADS}/"
    # Each record as kb.json publishes it, with its derived block, by list and id (an item of
    # its list, json_item): the record's own JSON file holds the same.
    texts: dict[str, bytes] = {}

    def record_json(folder: str, record: BaseModel) -> bytes:
        key = f"{folder}/{record.id}"  # type: ignore[attr-defined]
        texts[key] = piece("json", key, lambda: record_item(kb, record))
        return texts[key]

    records = {kind.folder: kb.timeline if kind == EVENT else kb.records(kind) for kind in KINDS}
    out[d + "kb.json"] = export_bytes(kb, export, records, record_json)
    out[d + "kb.schema.json"] = schema_json()
    out.update({d + name: data for name, data in csv_files(kb, lang, share, piece).items()})
    out[d + "timeline.ics"] = icalendar(kb, lang, share, piece)
    out[d + "timeline.timelinejs.json"] = timelinejs(kb, lang, share, piece)
    out[d + "timeline.atom"] = atom(kb, lang, share, piece)
    for kind in KINDS:
        for record in kb.records(kind):
            path = f"{kind.folder}/{record.id}.json"
            if keep is not None and keep(path):
                out[path] = None
                continue
            stamp = share.last_changed([record_file(kind, record.id)])
            out[path] = json_bytes(
                {
                    "kind": kind.name,
                    "lang": lang,
                    "url": share.page_url(lang, f"{kind.folder}/{record.id}.md"),
                    "data_file": record_file(kind, record.id),
                    "last_changed": day_of(stamp).isoformat() if stamp else None,
                    # The record as kb.json publishes it, with its derived block.
                    "record": json.loads(texts[f"{kind.folder}/{record.id}"]),
                }
            )
    out[IMAGE] = preview_image(
        kb.site.name[lang], labels(lang)["image_line"], share.edition_url(lang)
    )
    return out


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def data_rows(files: Mapping[str, bytes | None], lang: str) -> list[tuple[str, str, str, str]]:
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
        (
            name,
            what[name][0],
            what[name][1],
            human_size(len(files[f"{DOWNLOADS}/{name}"] or b""), lang),
        )
        for name in FEEDS
    ]
