"""Every internal link and anchor of a built site resolves, in both editions.

MkDocs checks the links written in Markdown; this checks the HTML a reader actually gets,
theme included (navigation, language switcher, footer), before the site is published.

It reads tens of thousands of pages on a large knowledge base, so it scans the HTML that MkDocs
writes (quoted attributes, scripts kept apart) with regular expressions rather than a full HTML
parser, and resolves paths as strings against one listing of the site's files: about ten times
faster, for the same answers on this kind of HTML.
"""

from __future__ import annotations

import html
import os
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

_SCRIPT_BODY = re.compile(r"(<script\b[^>]*>).*?(</script>)", re.S | re.I)
_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)\s([^>]*)>")
_ATTR = re.compile(r"""([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""")


def _scan(text: str) -> tuple[set[str], list[tuple[str, int]]]:
    """The ids (and <a name>) of a page, and its links with their line numbers."""
    # Script bodies are not HTML; their lines still count.
    text = _SCRIPT_BODY.sub(lambda m: m.group(1) + "\n" * m.group(0).count("\n") + m.group(2), text)
    ids: set[str] = set()
    links: list[tuple[str, int]] = []
    line, seen = 1, 0
    for tag in _TAG.finditer(text):
        name = tag.group(1).lower()
        attrs = {
            m.group(1).lower(): html.unescape(v)
            if "&" in (v := m.group(2) or m.group(3) or m.group(4) or "")
            else v
            for m in _ATTR.finditer(tag.group(2))
        }
        if attrs.get("id"):
            ids.add(attrs["id"])
        if name == "a" and attrs.get("name"):
            ids.add(attrs["name"])
        if name == "link" and attrs.get("rel") in ("canonical", "alternate"):
            continue  # addresses of the published site, not files of this folder
        for key in ("href", "src"):
            if attrs.get(key):
                line, seen = line + text.count("\n", seen, tag.start()), tag.start()
                links.append((attrs[key], line))
    return ids, links


Scanned = dict[str, tuple[set[str], list[tuple[str, int]]]]  # page -> its ids, its links


def _listing(site: Path) -> set[str]:
    files: set[str] = set()
    for folder, _dirs, names in os.walk(site):
        rel = os.path.relpath(folder, site)
        files.update(posixpath.normpath(posixpath.join(rel.replace(os.sep, "/"), n)) for n in names)
    return files


def scan_pages(folder: Path, prefix: str = "") -> Scanned:
    """The ids and links of every page under `folder`, by path with `prefix` in front: the
    build scans each edition once it is final, while the other edition is still being built."""
    folder = Path(folder).resolve()
    return {
        prefix + rel: _scan((folder / rel).read_text(encoding="utf-8"))
        for rel in sorted(f for f in _listing(folder) if f.endswith(".html"))
    }


def broken_links(
    site: Path, root_path: str | None = None, scanned: Scanned | None = None
) -> list[str]:
    """One line per link that points at a missing file or anchor: 'page:line: link — why'.

    `root_path` is the path of the site's public address ('/nmi-kb/'): absolute links (404 pages)
    start with it. By default it is read from the site's sitemap. `scanned`: the pages as
    scan_pages read them, when they have not changed since; pages it lacks are read here."""
    site = Path(site).resolve()
    if root_path is None:
        root_path = _root_path(site)
    files = _listing(site)
    scanned = scanned or {}
    pages = {
        rel: scanned[rel] if rel in scanned else _scan((site / rel).read_text(encoding="utf-8"))
        for rel in sorted(f for f in files if f.endswith(".html"))
    }
    problems = []
    for rel, (_ids, links) in pages.items():
        for link, line in links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith(("mailto:", "javascript:", "data:")):
                # other hosts are not ours to check (and the offline test forbids fetching them)
                continue
            path = unquote(parts.path)
            if path.startswith(root_path):
                path = "/" + path[len(root_path) :]
            if not path:
                target = rel
            elif path.startswith(
                "/"
            ):  # 404 pages link from the site root: a server shows them anywhere
                target = posixpath.normpath(path.lstrip("/")) if path.strip("/") else "."
            else:
                target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), path))
            if path.endswith("/"):
                target = posixpath.normpath(posixpath.join(target, "index.html"))
            if target.startswith("../") or target not in files:
                problems.append(f"{rel}:{line}: {link} — no such file")
            elif (
                parts.fragment
                and target in pages
                and unquote(parts.fragment) not in pages[target][0]
            ):
                problems.append(
                    f"{rel}:{line}: {link} — no element with id `{unquote(parts.fragment)}`"
                )
    return problems


def _root_path(site: Path) -> str:
    """The path of the site's address, from the <loc> of its home page in sitemap.xml; '/' if
    none."""
    sitemap = site / "sitemap.xml"
    text = sitemap.read_text(encoding="utf-8") if sitemap.is_file() else ""
    homes = sorted(re.findall(r"<loc>([^<]*/)index\.html</loc>", text), key=len)
    return (urlsplit(homes[0]).path or "/") if homes else "/"
