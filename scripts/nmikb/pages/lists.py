"""Lists that grow with the data, cut so that no page does: list pages of PAGE_SIZE entries each,
with a pager, and index pages showing at most INDEX_BUDGET entries in all, a few per group, each
group linking to its own list pages."""

from __future__ import annotations

from collections.abc import Iterator

from .page import Entry, Group, Page

PAGE_SIZE = 50  # entries on one list page
INDEX_BUDGET = 60  # entries shown on an index page, over all its groups
GROUP_SAMPLE = 5  # at most this many entries under one group of an index page


def list_pages(
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
            "pager": pager(n, len(paths)),
            "siblings": siblings,
            "ordered": ordered,
            "start": (n - 1) * PAGE_SIZE + 1,
        }
        yield Page(
            path,
            "list.md.j2",
            title,
            description,
            fixed(context),
            tuple(data_files),
            search=False,
            links=(*paths, *(href for _label, href in siblings)),
        )


def pager(current: int, total: int, around: int = 3) -> list[int | None]:
    """Page numbers to link: the first, the last and a few around the current; None for a gap."""
    shown = [n for n in range(1, total + 1) if n in (1, total) or abs(n - current) <= around]
    out: list[int | None] = []
    for n in shown:
        if out and out[-1] is not None and n - out[-1] > 1:
            out.append(None)
        out.append(n)
    return out


def index_page(
    path: str,
    title: str,
    description: str,
    groups: list[Group],
    data_files,
    intro: dict | None = None,
) -> Page:
    context = {"groups": groups, "intro": intro or {}}
    return Page(
        path,
        "index.md.j2",
        title,
        description,
        lambda h: context,
        tuple(data_files),
        search=False,
        links=tuple(g.href for g in groups),
    )


def groups(keyed: list[tuple[str, str, str, list[Entry]]]) -> list[Group]:
    """(key, title, href, entries) -> Groups showing a share of INDEX_BUDGET entries each."""
    share = max(1, min(GROUP_SAMPLE, INDEX_BUDGET // max(len(keyed), 1)))
    return [
        Group(key, title, len(entries), href, tuple(entries[:share]))
        for key, title, href, entries in keyed
    ]


def fixed(context: dict):
    """A page's context that is the same whatever the edition's Helpers."""
    return lambda h: context
