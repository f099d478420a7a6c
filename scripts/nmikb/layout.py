"""Which pages the site has, where each lives, and what each is built from.

Every record has its own page (`events/<id>.md`, `entities/<id>.md`, `glossary/<id>.md`,
`sources/<id>.md`). Lists (the timeline by year, entities by kind, the glossary A–Z, the
sources) are paginated, so that no page grows with the data: at most PAGE_SIZE entries per list
page, and index pages show at most INDEX_BUDGET entries in all, a few per group, each group
linking to its own pages. The sidebar lists the index pages only (NAV below), so it does
not grow with the data either.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from itertools import groupby

from . import pictures
from .knowledge import KnowledgeBase, scope_anchor
from .models import LANGS, Entity, Event, PageName, Term
from .registry import ENTITY, EVENT, SOURCE, TERM, record_file
from .views import (
    Entry,
    Group,
    Helpers,
    entity_page,
    event_page,
    initial,
    sort_key,
    source_page,
    term_page,
)

# The sidebar, in reading order: the home page and the index pages, which the functions below make
# (generate.py adds the Data page and the hand-written pages after them). No record or list page
# is in it, so that it does not grow with the data.
NAV = (
    "index.md",
    "timeline/index.md",
    "scope.md",
    "entities/index.md",
    "glossary/index.md",
    "sources/index.md",
    "coverage.md",
)
PAGE_SIZE = 50  # entries on one list page
INDEX_BUDGET = 60  # entries shown on an index page, over all its groups
GROUP_SAMPLE = 5  # at most this many entries under one group of an index page
ENTITY_EVENTS = 10  # events listed on an entity's own page; the rest on its event list pages
# Anchors the templates give to sections of record pages (templates/pages/*.md.j2): a fact's id,
# which is its anchor on the page, must not take one of them.
SECTION_ANCHORS = frozenset(
    {
        "parts",
        "facts",
        "events",
        "sources",
        "coverage",
        "cited-by",
        "key-facts",
        "latest",
        "explore",
        "institutions",
        "activities",
        "principles",
        "aims",
        "names",
        "scope",
        "context",
        "metadata",
    }
)


@dataclass(frozen=True)
class Page:
    path: str  # "timeline/2023.md"
    template: str  # a file of templates/pages/
    title: str
    description: str
    context: Callable[[Helpers], dict] = lambda h: {}
    data_files: tuple[str, ...] = ()  # relative to the project root
    search: bool = True  # in the search index; lists only repeat what record pages say
    # Where the language switcher leads when the other edition has no page at this path
    # (glossary letters differ between languages); "" when every edition has it.
    alternate: str = ""


# A page's context is built when the page is rendered, with that edition's helpers. These make
# the context functions of pages made in a loop, each bound to its own values.


def _fixed(context: dict) -> Callable[[Helpers], dict]:
    return lambda h: context


def _event_context(e: Event) -> Callable[[Helpers], dict]:
    return lambda h: {"e": e, "year_page": f"timeline/{e.date.year}.md"}


def _entity_context(context: dict, e: Entity) -> Callable[[Helpers], dict]:
    return lambda h: {**context, "picture": pictures.relations_diagram(h, e)}


def _term_context(t: Term) -> Callable[[Helpers], dict]:
    return lambda h: {"t": t}


def pages(kb: KnowledgeBase, h: Helpers) -> Iterator[Page]:
    """Every generated page of one edition, in a stable order."""
    yield _home(kb, h)
    yield _scope(kb, h)
    yield from _timeline(kb, h)
    yield from _entities(kb, h)
    yield from _glossary(kb, h)
    yield from _sources(kb, h)
    yield _coverage(kb, h)


def _site_page(
    kb: KnowledgeBase,
    h: Helpers,
    name: PageName,
    path: str,
    template: str,
    context,
    data_files,
    search=True,
) -> Page:
    meta = kb.site.pages[name]
    return Page(
        path, template, h.t(meta.title), h.t(meta.description), context, tuple(data_files), search
    )


def _home(kb: KnowledgeBase, h: Helpers) -> Page:
    headline = kb.event[kb.site.headline]

    def context(h: Helpers) -> dict:
        # Key facts about the institutions are the scope's relations grouped by what the data
        # says of them (in effect since…, added by a decision, announced): never a fixed "before".
        groups: dict[tuple[str, str], list] = {}
        for item in kb.scope.institutions:
            view = h.relation(item)
            groups.setdefault((h.relation_label(view), view.after_note), []).append(view)
        return {
            "headline": headline,
            "mission": kb.entity[kb.site.mission],
            "relations": [(label, note, views) for (label, note), views in groups.items()],
            "aims": kb.scope.aims,
            "principles": kb.scope.principles,
            "latest": [h.event_entry(e) for e in kb.timeline[-GROUP_SAMPLE:][::-1]],
            "counts": {
                "events": len(kb.events),
                "entities": len(kb.entities),
                "glossary": len(kb.glossary),
                "sources": len(kb.sources),
            },
            "explore": [
                ("timeline", "timeline/index.md"),
                ("scope", "scope.md"),
                ("entities", "entities/index.md"),
                ("glossary", "glossary/index.md"),
                ("sources", "sources/index.md"),
                ("coverage", "coverage.md"),
            ],
            "anchor": scope_anchor,
            # Pictures (scripts/nmikb/pictures.py): the timeline strip, and the scope diagram,
            # small.
            "timeline_picture": pictures.timeline_strip(
                h, kb.timeline, "kb-pic-timeline", pictures.HOME_EVENTS
            ),
            "scope_picture": pictures.scope_diagram(h, "kb-pic-scope", compact=True),
        }

    # The timeline strip is drawn from every event.
    return _site_page(
        kb,
        h,
        "index",
        "index.md",
        "home.md.j2",
        context,
        [
            "data/site.yaml",
            "data/scope.yaml",
            record_file(EVENT, headline.id),
            f"data/{EVENT.folder}/",
        ],
    )


def _scope(kb: KnowledgeBase, h: Helpers) -> Page:
    scope = kb.scope

    def context(h: Helpers) -> dict:
        views = [h.relation(i) for i in scope.institutions]
        return {
            "scope": scope,
            "mission": kb.entity[scope.mission],
            "reference": h.reference_date(),
            # In effect first, then what decisions and announcements add, each in data order.
            "relations": [v for v in views if v.state == "ongoing"]
            + [v for v in views if v.state != "ongoing"],
            "anchor": scope_anchor,
            "picture": pictures.scope_diagram(h, "kb-pic-scope"),
        }

    return _site_page(kb, h, "scope", "scope.md", "scope.md.j2", context, ["data/scope.yaml"])


# Lists -----------------------------------------------------------------------------------------


def _list_pages(
    first: str,
    more: str,
    title: str,
    description: str,
    entries: list[Entry],
    data_files,
    siblings=(),
    ordered=False,
) -> Iterator[Page]:
    """`entries` cut into pages of PAGE_SIZE: `first`, then `more` formatted with n = 2, 3, …"""
    chunks = [entries[i : i + PAGE_SIZE] for i in range(0, len(entries), PAGE_SIZE)] or [[]]
    paths = [first] + [more.format(n=n) for n in range(2, len(chunks) + 1)]
    for n, (path, chunk) in enumerate(zip(paths, chunks, strict=True), 1):
        context = {
            "entries": chunk,
            "number": n,
            "paths": paths,
            "pager": _pager(n, len(paths)),
            "siblings": siblings,
            "ordered": ordered,
            "start": (n - 1) * PAGE_SIZE + 1,
        }
        yield Page(
            path,
            "list.md.j2",
            title,
            description,
            _fixed(context),
            tuple(data_files),
            search=False,
        )


def _pager(current: int, total: int, around: int = 3) -> list[int | None]:
    """Page numbers to link: the first, the last and a few around the current; None for a gap."""
    shown = [n for n in range(1, total + 1) if n in (1, total) or abs(n - current) <= around]
    out: list[int | None] = []
    for n in shown:
        if out and out[-1] is not None and n - out[-1] > 1:
            out.append(None)
        out.append(n)
    return out


def _index_page(
    path: str,
    title: str,
    description: str,
    groups: list[Group],
    data_files,
    intro: dict | None = None,
) -> Page:
    context = {"groups": groups, "intro": intro or {}}
    return Page(
        path, "index.md.j2", title, description, lambda h: context, tuple(data_files), search=False
    )


def _groups(keyed: list[tuple[str, str, str, list[Entry]]]) -> list[Group]:
    """(key, title, href, entries) -> Groups showing a share of INDEX_BUDGET entries each."""
    share = max(1, min(GROUP_SAMPLE, INDEX_BUDGET // max(len(keyed), 1)))
    return [
        Group(key, title, len(entries), href, tuple(entries[:share]))
        for key, title, href, entries in keyed
    ]


def _timeline(kb: KnowledgeBase, h: Helpers) -> Iterator[Page]:
    meta = kb.site.pages["timeline"]
    years = [
        (year, [h.event_entry(e) for e in events])
        for year, events in groupby(kb.timeline, key=lambda e: e.date.year)
    ]
    siblings = [(str(year), f"timeline/{year}.md") for year, _ in years]
    folder = [f"data/{EVENT.folder}/"]
    index = _index_page(
        "timeline/index.md",
        h.t(meta.title),
        h.t(meta.description),
        _groups([(f"year-{y}", str(y), f"timeline/{y}.md", entries) for y, entries in years]),
        folder,
    )
    # The timeline strip above the years (scripts/nmikb/pictures.py); links are relative to the
    # page.
    list_context = index.context

    def with_strip(h: Helpers) -> dict:
        return {
            **list_context(h),
            "picture": pictures.timeline_strip(h, kb.timeline, "kb-pic-timeline"),
        }

    yield replace(index, context=with_strip)
    for year, entries in years:
        title = h.L["year_title"].format(year=year)
        yield from _list_pages(
            f"timeline/{year}.md",
            f"timeline/{year}-{{n}}.md",
            title,
            h.L["year_description"].format(year=year),
            entries,
            folder,
            siblings,
            ordered=True,
        )
    for e in kb.events:
        yield Page(
            event_page(e.id),
            "event.md.j2",
            h.t(e.title),
            h.t(e.summary),
            _event_context(e),
            (record_file(EVENT, e.id),),
        )


def _entities(kb: KnowledgeBase, h: Helpers) -> Iterator[Page]:
    meta = kb.site.pages["entities"]
    by_kind: dict[str, list] = {}
    for e in sorted(kb.entities, key=lambda e: sort_key(h.t(e.name))):
        by_kind.setdefault(e.kind, []).append(e)
    kinds = sorted(by_kind, key=lambda k: sort_key(h.kind(k)))
    siblings = [(h.kind(k), f"entities/kind/{k}.md") for k in kinds]
    folder = [f"data/{ENTITY.folder}/"]
    keyed = [
        (f"kind-{k}", h.kind(k), f"entities/kind/{k}.md", [h.entity_entry(e) for e in by_kind[k]])
        for k in kinds
    ]
    yield _index_page(
        "entities/index.md", h.t(meta.title), h.t(meta.description), _groups(keyed), folder
    )
    for key, _title, href, entries in keyed:
        kind = key.removeprefix("kind-")
        yield from _list_pages(
            href,
            f"entities/kind/{kind}-{{n}}.md",
            h.L["kind_title"].format(kind=h.kind_running(kind)),
            h.L["kind_description"].format(kind=h.kind_running(kind)),
            entries,
            folder,
            siblings,
        )
    for e in kb.entities:
        events = kb.events_by_actor.get(e.id, [])
        more = f"entities/{e.id}/events.md" if len(events) > ENTITY_EVENTS else None
        context = {
            "e": e,
            "children": kb.children.get(e.id, []),
            "term": kb.term_of_entity.get(e.id),
            "events": events[-ENTITY_EVENTS:][::-1],
            "event_count": len(events),
            "more": more,
            "relations": [i for i in kb.scope.institutions if i.entity == e.id],
            "anchor": scope_anchor,
        }
        files = (record_file(ENTITY, e.id),) + (
            ("data/scope.yaml",) if context["relations"] or e.id == kb.scope.mission else ()
        )
        # The relations diagram (scripts/nmikb/pictures.py), drawn for the page it is on: None
        # when the data relates the entity to nothing.
        yield Page(
            entity_page(e.id),
            "entity.md.j2",
            h.cap(h.t(e.name)),
            h.t(e.description),
            _entity_context(context, e),
            files,
        )
        if more:
            title = h.L["events_of"].format(name=h.t(e.name))  # running text: the name as written
            yield from _list_pages(
                more,
                f"entities/{e.id}/events-{{n}}.md",
                title,
                title,
                [h.event_entry(ev) for ev in events],
                [record_file(ENTITY, e.id), f"data/{EVENT.folder}/"],
                ordered=True,
            )


def _glossary(kb: KnowledgeBase, h: Helpers) -> Iterator[Page]:
    meta = kb.site.pages["glossary"]
    terms = sorted(kb.glossary, key=lambda t: sort_key(h.term_label(t)))
    letters = [
        (letter, list(ts)) for letter, ts in groupby(terms, key=lambda t: initial(h.term_label(t)))
    ]
    slug = {letter: (letter.lower() if letter != "#" else "other") for letter, _ in letters}
    # A letter page exists in every edition only if some term starts with it in every language.
    everywhere = set.intersection(
        *({initial(t.form(lang).abbr or t.form(lang).full) for t in kb.glossary} for lang in LANGS)
    )
    siblings = [(letter, f"glossary/letter/{slug[letter]}.md") for letter, _ in letters]
    folder = [f"data/{TERM.folder}/"]
    keyed = [
        (
            f"letter-{slug[letter]}",
            letter,
            f"glossary/letter/{slug[letter]}.md",
            [h.term_entry(t) for t in ts],
        )
        for letter, ts in letters
    ]
    yield _index_page(
        "glossary/index.md", h.t(meta.title), h.t(meta.description), _groups(keyed), folder
    )
    for _key, letter, href, entries in keyed:
        for page in _list_pages(
            href,
            href.replace(".md", "-{n}.md"),
            h.L["letter_title"].format(letter=letter),
            h.L["letter_description"].format(letter=letter),
            entries,
            folder,
            siblings,
        ):
            yield page if letter in everywhere else replace(page, alternate="glossary/index.md")
    for t in kb.glossary:
        yield Page(
            term_page(t.id),
            "term.md.j2",
            h.term_entry(t).title,
            h.t(t.definition),
            _term_context(t),
            (record_file(TERM, t.id),),
        )


def _sources(kb: KnowledgeBase, h: Helpers) -> Iterator[Page]:
    meta = kb.site.pages["sources"]
    newest = sorted(kb.sources, key=lambda s: (s.date, s.id), reverse=True)
    yield from _list_pages(
        "sources/index.md",
        "sources/page/{n}.md",
        h.t(meta.title),
        h.t(meta.description),
        [h.source_entry(s) for s in newest],
        [f"data/{SOURCE.folder}/"],
    )
    for s in kb.sources:
        citing = [f for f in kb.citing(s.id) if f.page != source_page(s.id)[:-3]]
        context = {
            "s": s,
            "rows": kb.coverage[s.id],
            "citing": citing[:PAGE_SIZE],
            "citing_count": len(citing),
        }
        yield Page(
            source_page(s.id),
            "source.md.j2",
            h.source_title(s),
            h.source_label(s.id),
            _fixed(context),
            (record_file(SOURCE, s.id),),
        )


def _coverage(kb: KnowledgeBase, h: Helpers) -> Page:
    def context(h: Helpers) -> dict:
        rows = []
        for s in kb.sources:
            sentences = kb.coverage[s.id]
            covered = sum(1 for r in sentences if r.facts)
            rows.append(
                (covered / len(sentences) if sentences else 1.0, s, covered, len(sentences))
            )
        rows.sort(key=lambda r: (r[0], r[1].id))
        covered, total = sum(r[2] for r in rows), sum(r[3] for r in rows)
        return {
            "rows": rows[:PAGE_SIZE],
            "more": max(0, len(rows) - PAGE_SIZE),
            "covered": covered,
            "total": total,
            "notes": kb.context_notes,
        }

    # Every record can hold a context note, so the page is built from every folder.
    files = [f"data/{k.folder}/" for k in (SOURCE, EVENT, ENTITY, TERM)] + ["data/scope.yaml"]
    return _site_page(
        kb, h, "coverage", "coverage.md", "coverage.md.j2", context, files, search=False
    )
