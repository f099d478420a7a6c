"""The Data page: every export of the edition with its format, contents and size, the offline
archive, and what may be reused. The exports themselves are made by nmikb/exports/; this page
gets their rows as plain data."""

from __future__ import annotations

from nmikb.data.registry import KINDS
from nmikb.edition.address import ARCHIVE, DOWNLOADS
from nmikb.edition.editions import PREFIX
from nmikb.edition.labels import share_labels
from nmikb.pages.lists import fixed
from nmikb.pages.page import Page

DATA_PAGE = "data.md"


def data(lang: str, rows: list[tuple[str, str, str, str]]) -> Page:
    """The Data page, from its rows: (file, format, what it holds, size)."""
    X = share_labels(lang)
    context = {
        "X": X,
        "rows": rows,
        "downloads": DOWNLOADS,
        # The archive is at the site's root, beside the English edition's index.html.
        "archive": ("../" if PREFIX[lang] else "") + ARCHIVE,
    }
    return Page(
        DATA_PAGE,
        "data.md.j2",
        X["data_title"],
        X["data_description"],
        fixed(context),
        data_files=tuple(f"data/{k.folder}/" for k in KINDS),
    )
