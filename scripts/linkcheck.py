"""Every internal link and anchor of a built site resolves, in both editions.

MkDocs checks the links written in Markdown; this checks the HTML a reader actually gets,
theme included (navigation, language switcher, footer), before the site is published.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, int]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for key in ("id", "name") if tag == "a" else ("id",):
            if attrs.get(key):
                self.ids.add(attrs[key])
        for key in ("href", "src"):
            if attrs.get(key) and not (tag == "link" and attrs.get("rel") in ("canonical", "alternate")):
                self.links.append((attrs[key], self.getpos()[0]))


def broken_links(site: Path, root_path: str | None = None) -> list[str]:
    """One line per link that points at a missing file or anchor: 'page:line: link — why'.

    `root_path` is the path of the site's public address ('/nmi-kb/'): absolute links (404 pages)
    start with it. By default it is read from the site's sitemap."""
    site = Path(site)
    if root_path is None:
        root_path = _root_path(site)
    pages: dict[Path, _Page] = {}
    for path in sorted(site.rglob("*.html")):
        parser = _Page()
        parser.feed(path.read_text(encoding="utf-8"))
        pages[path.resolve()] = parser
    problems = []
    for path, parser in pages.items():
        rel = path.relative_to(site.resolve())
        for link, line in parser.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith(("mailto:", "javascript:", "data:")):
                continue  # other hosts are not ours to check (and the offline test forbids fetching them)
            # 404 pages link from the site root, since a server shows them at any address.
            base = site.resolve() if parts.path.startswith("/") else path.parent
            local = parts.path[len(root_path) - 1 :] if parts.path.startswith(root_path) else parts.path
            target = path if not parts.path else (base / unquote(local.lstrip("/"))).resolve()
            if parts.path.endswith("/"):
                target = target / "index.html"
            if not target.exists():
                problems.append(f"{rel}:{line}: {link} — no such file")
            elif parts.fragment and target in pages and unquote(parts.fragment) not in pages[target].ids:
                problems.append(f"{rel}:{line}: {link} — no element with id `{unquote(parts.fragment)}`")
    return problems


def _root_path(site: Path) -> str:
    """The path of the site's address, from the <loc> of its home page in sitemap.xml; '/' if none."""
    sitemap = site / "sitemap.xml"
    text = sitemap.read_text(encoding="utf-8") if sitemap.is_file() else ""
    homes = sorted(re.findall(r"<loc>([^<]*/)index\.html</loc>", text), key=len)
    return (urlsplit(homes[0]).path or "/") if homes else "/"
