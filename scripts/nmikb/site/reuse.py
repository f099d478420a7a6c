"""Which pages and exports a build makes again: those the data changed since the kept tree was
written. The same rules for `make serve` (between saves) and `make site` (between builds, through
.build/kept/, kept.py).

What the data was is kept as a fingerprint: a digest of each data file and each source's text
as read, of the site's address and history (Share), and each event's actors, year, sources and
whether it has editors' notes.
Any change but to events' contents (the site, the scope, an entity, a term, a source or its
text, a record added or removed, the site's address or the data's history) makes every page
again. When only some events changed, what shows an event is made again, before and after the
edit: its own page and JSON, the home page, the scope, the timeline's index and the pages of its
year (of every year if the years are not the same ones: each year's page lists them all), the
pages of the sources it cites (their sentences' facts), the list of sources and coverage (the
share of each source quoted; the pages of editors' notes too if it has notes, before or after:
they list every note, in order), the Data page, and the pages of the entities it concerns (their
lists of events). Nothing else shows an event's data: another event's page shows that event
alone, with its actors' names, its sources and the glossary's tooltips; an entity's page shows
the events it is an actor of, and the scope's relations (which give the date of the event that
decided them: if a changed event is one, every page but the other events' is made again); the
glossary shows no event at all; a source's page shows the facts that cite it; a record's JSON
shows that record alone. Code, templates and configuration are kept.py's to watch (a new code
version keeps nothing).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from nmikb.data.models import Event
from nmikb.data.registry import DATA_DIR, ENTITY, EVENT, SOURCE, TERM, record_file
from nmikb.edition.address import Share
from nmikb.exports.derived import record_citations
from nmikb.knowledge.base import KnowledgeBase

from .kept import digest


def fingerprint(
    kb: KnowledgeBase,
    share: Share | None,
    repo_url: str | None,
    events: EventPrints | None = None,
) -> dict:
    """What the pages of a tree are made from, as plain data a build keeps (JSON). `events`:
    each event's part as the caller keeps it between builds (made here when not given)."""
    files = {path: loaded.digest for path, loaded in kb.loaded.items()}
    texts = {sid: digest(text.raw.encode("utf-8")) for sid, text in kb.texts.items()}
    return {
        "files": files,
        "texts": texts,
        "share": digest(json.dumps([repr(share), repo_url]).encode("utf-8")),
        "events": (events or EventPrints())(kb, files, texts),
    }


def others_digest(files: dict[str, str], texts: dict[str, str]) -> str:
    """A digest of the fingerprint's data files but the events', and of the sources' texts."""
    events = f"{DATA_DIR}/{EVENT.folder}/"
    return digest(
        json.dumps(
            [
                sorted((p, d) for p, d in files.items() if not p.startswith(events)),
                sorted(texts.items()),
            ]
        ).encode("utf-8")
    )


class EventPrints:
    """Each event's part of a fingerprint, by id, kept between calls (`make serve` keeps one
    between saves): the actors, the year the timeline places it in, the sources whose pages show
    its facts, whether the coverage pages list something of it, and its former ids.

    That part is made from the event's own file and from what no event's file holds (the sources
    and their texts, the entities, the site: `others_digest`), so it is kept while both are as
    they were. Making all 10,000 again took about a tenth of a second of each edition's copy at
    each save of `make serve`."""

    def __init__(self) -> None:
        self.others: str | None = None
        self.kept: dict[str, tuple[str | None, list]] = {}

    def __call__(self, kb: KnowledgeBase, files: dict[str, str], texts: dict[str, str]) -> dict:
        others = others_digest(files, texts)
        if others != self.others:
            self.others, self.kept = others, {}
        out = {}
        for e in kb.events:
            made_from = files.get(record_file(EVENT, e.id))
            hit = self.kept.get(e.id)
            if hit is None or made_from is None or hit[0] != made_from:
                hit = self.kept[e.id] = (made_from, _event_print(kb, e))
            out[e.id] = hit[1]
        for gone in self.kept.keys() - out.keys():
            del self.kept[gone]
        return out


def _event_print(kb: KnowledgeBase, e: Event) -> list:
    return [
        list(e.actors),
        kb.dates[e.id].when.year,  # the year the timeline places it in
        _cited(kb, e),
        _adds(kb, e),
        list(e.former_ids),
    ]


def _cited(kb: KnowledgeBase, e: Event) -> list[str]:
    """The sources whose pages show the event's facts: every source its page quotes (its dates'
    citations included), and the original of each copy among them."""
    cited = {c.source for c in record_citations(kb, e)}
    return sorted(cited | {kb.original(s) for s in cited})


def _adds(kb: KnowledgeBase, e: Event) -> bool:
    """Whether the coverage pages list something of the event: a note of the editors, or their
    reading of a date or reason for a value (nmikb/pages/types/coverage.py, additions)."""
    return bool(e.context) or any(
        v.value.reasoning or v.reason
        for claim in kb.dates[e.id].aspects.values()
        for v in claim.values
    )


@dataclass(frozen=True)
class Changes:
    """What changed since the fingerprint of the kept tree."""

    everything: bool
    events: frozenset[str] = frozenset()  # the events whose files changed
    shown: frozenset[str] = frozenset()  # entity pages that list one of them, before or after
    actors: frozenset[str] = frozenset()
    years: frozenset[str] | None = None  # their years, before and after; None: the years changed
    sources: frozenset[str] = frozenset()  # the sources they cite, before and after
    notes: bool = False  # one of them has additions of the editors, before or after
    former: frozenset[str] = frozenset()  # their former ids, before and after (redirect pages)
    decided: bool = False  # one of them decides a relation of the scope

    def keeps_page(self, path: str) -> bool:
        """Whether a page of the kept tree is as these changes would make it."""
        if self.everything:
            return False
        folder, _, name = path.partition("/")
        if folder == EVENT.folder and "/" not in name:
            # An event's page, or the redirect page of a former id (it shows the event's title).
            name = name.removesuffix(".md")
            return name not in self.events and name not in self.former
        if self.decided:
            return False
        if folder == TERM.folder:
            return True
        if folder == ENTITY.folder:
            return path not in self.shown and name.split("/")[0] not in self.actors
        if folder == "timeline":  # timeline/2023.md, timeline/2023-2.md; index.md shows them all
            year = name.removesuffix(".md").split("-")[0]
            return self.years is not None and year != "index" and year not in self.years
        if folder == SOURCE.folder and name != "index.md" and not name.startswith("page/"):
            # sources/<id>.md and the pages of its sentences, sources/<id>/sentences-2.md…
            return name.split("/")[0].removesuffix(".md") not in self.sources
        if folder == "coverage":  # coverage/notes-2.md…: the notes of every record, in order
            return not self.notes
        return False

    def keeps_record(self, path: str) -> bool:
        """Whether a record's JSON (`events/<id>.json`) of the kept tree is as it would be made."""
        if self.everything:
            return False
        folder, _, name = path.partition("/")
        return folder != EVENT.folder or name.removesuffix(".json") not in self.events


def changes(kept: dict | None, now: dict, kb: KnowledgeBase) -> Changes:
    """What changed from the fingerprint `kept` (None: nothing is kept) to `now`."""
    if not kept or kept.get("share") != now["share"] or kept.get("texts") != now["texts"]:
        return Changes(everything=True)
    old, new = kept.get("files", {}), now["files"]
    if old.keys() != new.keys():  # a record added or removed
        return Changes(everything=True)
    changed = [path for path, d in new.items() if old[path] != d]
    events = f"data/{EVENT.folder}/"
    if not all(path.startswith(events) for path in changed):
        return Changes(everything=True)
    ids = frozenset(path[len(events) :].removesuffix(".yaml") for path in changed)
    before, after = kept.get("events", {}), now["events"]
    if any(ev not in before or len(before[ev]) != len(after[ev]) for ev in ids):
        return Changes(everything=True)
    actors = frozenset(a for ev in ids for a in (*before[ev][0], *after[ev][0]))
    same_years = {t[1] for t in before.values()} == {t[1] for t in after.values()}
    return Changes(
        everything=False,
        events=ids,
        shown=frozenset(f"{ENTITY.folder}/{a}.md" for a in actors),
        actors=actors,
        years=frozenset(str(t[1]) for ev in ids for t in (before[ev], after[ev]))
        if same_years
        else None,
        sources=frozenset(s for ev in ids for t in (before[ev], after[ev]) for s in t[2]),
        notes=any(t[3] for ev in ids for t in (before[ev], after[ev])),
        former=frozenset(f for ev in ids for t in (before[ev], after[ev]) for f in t[4]),
        decided=bool(ids & {i.decided_by for i in kb.scope.institutions}),
    )
