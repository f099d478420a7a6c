"""Every internal link and anchor of a built site resolves, in both editions.

MkDocs checks the links written in Markdown; this checks the HTML a reader actually gets,
theme included (navigation, language switcher, footer), before the site is published.

It reads tens of thousands of pages on a large knowledge base, so it scans the bytes MkDocs
writes (quoted attributes, scripts kept apart) with regular expressions rather than a full HTML
parser, and resolves paths as strings against one listing of the site's files.

The build checks each page when it is finished, and keeps what a page links to in other pages'
anchors and in other editions, to check them again when those change (finish.py, build.py);
broken_links checks a whole site at once.
"""

from __future__ import annotations

import html
import os
import posixpath
import re
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote, urlsplit

_SCRIPT = re.compile(rb"<script\b[^>]*>", re.I)
_SCRIPT_END = re.compile(rb"</script", re.I)
# Each attribute the check reads, found by its name: a pattern that starts with a fixed text is
# found at C speed, where one pattern of tags and attributes walks the page character by
# character (nine times slower). A match counts when the name stands alone (after white space:
# not `data-id=`) inside a tag (not in the page's text), outside a script.
_ATTRS = tuple(
    (key, re.compile(key.encode() + rb"""=(?:"([^"]*)"|'([^']*)')"""))
    for key in ("id", "name", "href", "src")
)
_WS = frozenset(b" \t\n\r\f")

Scan = tuple[set[str], list[tuple[str, int]]]  # a page's ids, and its links with their offsets


def scan(data: bytes) -> Scan:
    """The ids (and <a name>) of a page, and its links with their offsets in `data`, in order."""
    scripts = []
    for m in _SCRIPT.finditer(data):
        end = _SCRIPT_END.search(data, m.end())
        scripts.append((m.end(), end.start() if end else len(data)))
    ids: set[str] = set()
    links: list[tuple[str, int]] = []
    rfind = data.rfind
    for key, pattern in _ATTRS:
        for m in pattern.finditer(data):
            at = m.start()
            if at == 0 or data[at - 1] not in _WS or rfind(b"<", 0, at) < rfind(b">", 0, at):
                continue
            if scripts and any(start <= at < end for start, end in scripts):
                continue
            raw = m[1] if m[1] is not None else m[2]
            if not raw:
                continue
            value = raw.decode("utf-8", "replace")
            if "&" in value:
                value = html.unescape(value)
            if key == "id":
                ids.add(value)
            elif key == "name":
                tag = data[rfind(b"<", 0, at) + 1 : at].split(None, 1)[0].lower()
                if tag == b"a":
                    ids.add(value)
            else:
                links.append((value, at))
    links.sort(key=lambda link: link[1])
    return ids, links


def line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def resolve(page: str, link: str, root_path: str) -> tuple[str, str] | None:
    """(site path of the file a link leads to, its anchor) from the page at site path `page`;
    None for a link to another host or scheme, not ours to check (and never fetched)."""
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or link.startswith(("mailto:", "javascript:", "data:")):
        return None
    path = unquote(parts.path)
    if path.startswith(root_path):
        path = "/" + path[len(root_path) :]
    if not path:
        target = page
    elif path.startswith("/"):  # 404 pages link from the site root: a server shows them anywhere
        target = posixpath.normpath(path.lstrip("/")) if path.strip("/") else "."
    else:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    if path.endswith("/"):
        target = posixpath.normpath(posixpath.join(target, "index.html"))
    return target, unquote(parts.fragment)


def problem(target: str, fragment: str, files, ids) -> str | None:
    """What is wrong with a resolved link, or None. `ids(target)`: the ids of a page of the site."""
    if target.startswith("../") or target not in files:
        return "no such file"
    if fragment and target.endswith(".html") and fragment not in ids(target):
        return f"no element with id `{fragment}`"
    return None


def listing(site: Path) -> set[str]:
    files: set[str] = set()
    for folder, _dirs, names in os.walk(site):
        rel = os.path.relpath(folder, site)
        files.update(posixpath.normpath(posixpath.join(rel.replace(os.sep, "/"), n)) for n in names)
    return files


def broken_links(site: Path, root_path: str | None = None) -> list[str]:
    """One line per link of a built site that points at a missing file or anchor:
    'page:line: link — why'.

    `root_path` is the path of the site's public address ('/nmi-kb/'): absolute links (404 pages)
    start with it. By default it is read from the site's sitemap."""
    site = Path(site).resolve()
    if root_path is None:
        root_path = _root_path(site)
    files = listing(site)
    scans = {rel: scan((site / rel).read_bytes()) for rel in sorted(_pages(files))}
    problems = []
    for rel, (_ids, links) in scans.items():
        for link, at in links:
            resolved = resolve(rel, link, root_path)
            if resolved is None:
                continue
            found = problem(*resolved, files, lambda t: scans[t][0])
            if found:
                line = line_of((site / rel).read_bytes(), at)
                problems.append(f"{rel}:{line}: {link} — {found}")
    return problems


def _pages(files: Iterable[str]) -> list[str]:
    return [f for f in files if f.endswith(".html")]


def _root_path(site: Path) -> str:
    """The path of the site's address, from the <loc> of its home page in sitemap.xml; '/' if
    none."""
    sitemap = site / "sitemap.xml"
    text = sitemap.read_text(encoding="utf-8") if sitemap.is_file() else ""
    homes = sorted(re.findall(r"<loc>([^<]*/)index\.html</loc>", text), key=len)
    return (urlsplit(homes[0]).path or "/") if homes else "/"
