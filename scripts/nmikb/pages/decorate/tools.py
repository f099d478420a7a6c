"""What the build adds to a page beyond its template, made from the page's view (its Page: path,
title, record, data files), never from its rendered text: the JSON-LD and "last changed" date of
its front matter, and on a record's page its permalink, links and "Cite this" panel.

Values printed into raw HTML are escaped for HTML here, with `html.escape`: the Markdown escaping
of the renderer would show its backslashes inside raw HTML.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass

from markupsafe import Markup

from nmikb.data.registry import RecordKind, record_file
from nmikb.edition.address import Share
from nmikb.edition.formats import day_of, long_date
from nmikb.edition.labels import share_labels as labels
from nmikb.knowledge.base import KnowledgeBase
from nmikb.pages.page import Page

from .cite import citations, colon
from .jsonld import page_graph


@dataclass(frozen=True)
class Decorations:
    front: str  # lines to add at the top of the page's front matter
    tail: str  # raw HTML to add at the end of the page ("" for none)


def decorations(
    kb: KnowledgeBase, lang: str, page: Page, share: Share, dated: bool = True
) -> Decorations:
    """A page's JSON-LD and date for its front matter, and, on a record's page, its permalink,
    links and "Cite this" panel for its end. With `dated` false, the page gets no "last changed"
    date (the Data page: the knowledge base's own date is in its structured data)."""
    extra = {"jsonld": json_for_html(page_graph(kb, lang, page, share))}
    stamp = share.last_changed(page.data_files) if dated else None
    if stamp:
        extra["updated"] = day_of(stamp).isoformat()
    front = "".join(f"{key}: {_yaml_string(value)}\n" for key, value in extra.items())
    tail = ""
    if page.record:
        kind, record = page.record
        tail = record_tools(kb, lang, kind, record, share, stamp)
    return Decorations(front, tail)


def _yaml_string(value: str) -> str:
    # JSON strings with every character beyond ASCII escaped are YAML double-quoted strings.
    return json.dumps(value, ensure_ascii=True)


def json_for_html(data) -> str:
    """JSON that can sit inside <script> and survive being printed unescaped: no `<`, `>`, `&`."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def fact_link(lang: str, anchor: str) -> Markup:
    """A visible permalink to one fact of a page (its anchor)."""
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", anchor):
        raise ValueError(f"not an id: {anchor!r}")
    label = html.escape(labels(lang)["fact_permalink"])
    return Markup(
        f' <a class="kb-permalink" href="#{anchor}" title="{label}" aria-label="{label}">#</a>'
    )


def as_of_line(lang: str, share: Share | None) -> Markup:
    """The home page's last update: when the knowledge base last changed. Worded as an update, not
    "as of", which on this site says when a fact holds."""
    if share is None or share.as_of is None:
        return Markup("")
    d = day_of(share.as_of)
    text = html.escape(labels(lang)["kb_as_of"]).replace(
        "{date}", f'<time datetime="{d.isoformat()}">{html.escape(long_date(d, lang))}</time>'
    )
    return Markup(f'<p class="kb-asof-kb">{text}</p>')


def record_tools(
    kb: KnowledgeBase, lang: str, kind: RecordKind, record, share: Share, stamp: int | None
) -> str:
    """Raw HTML: permalink, JSON, edit and source links, last change, and the Cite panel."""
    X = labels(lang)
    e = html.escape
    url = share.page_url(lang, f"{kind.folder}/{record.id}.md")
    file = record_file(kind, record.id)
    links = [
        f'<a class="kb-permalink__url" href="{e(url)}">{e(url)}</a>',
        f'<a href="{e(record.id)}.json" type="application/json">{e(X["record_json"])}</a>',
    ]
    edit_url, view_url = share.edit_url(file), share.view_url(file)
    if edit_url and view_url:  # both None without a repository
        links.append(f'<a href="{e(edit_url)}">{e(X["edit"])}</a>')
        links.append(f'<a href="{e(view_url)}">{e(X["view_source"])}</a>')
    lines = [
        '<div class="kb-record-tools" data-search-exclude>',
        f'<p class="kb-permalink-line"><strong>{e(X["permalink"])}</strong>{e(colon(lang))} '
        + " · ".join(links)
        + "</p>",
    ]
    if stamp:
        d = day_of(stamp)
        lines.append(
            f'<p class="kb-updated">{e(X["last_updated"])} '
            f'<time datetime="{d.isoformat()}">{e(long_date(d, lang))}</time>.</p>'
        )
    plain, bibtex, csl = citations(kb, lang, kind, record, share, stamp)
    # Out of the search index: citation formats are the same words on every record, in English.
    lines.append('<details class="kb-cite-panel" data-search-exclude>')
    lines.append(f"<summary>{e(X['cite'])}</summary>")
    lines.append(f"<p>{e(X['cite_intro'])}</p>")
    for key, label, text in (
        ("text", X["plain_text"], plain),
        ("bibtex", X["bibtex"], bibtex),
        ("csl", X["csl_json"], csl),
    ):
        ident = f"cite-{key}"
        # No blank line may appear inside a raw HTML block: Markdown would end it there.
        body = e(text).replace("\n", "&#10;")
        # The id is on the wrapper: the theme's script renames the ids of code blocks.
        lines.append(
            '<div class="kb-cite-panel__format" '
            f'id="{ident}"><p class="kb-cite-panel__label" '
            f'id="{ident}-label">{e(label)}</p>'
        )
        # A <pre> without <code>: the theme's script gives every `pre > code` a code block's
        # machinery (a resize observer, layout reads as the page loads) for text that wraps and
        # never scrolls; kb.css gives the panel its look.
        lines.append(
            f'<pre class="kb-cite-panel__text" aria-labelledby="{ident}-label">{body}</pre>'
        )
        lines.append(
            '<button type="button" class="md-button '
            f'kb-copy" data-copy="{ident}" '
            f'data-copied="{e(X["copied"])}" data-failed="{e(X["copy_failed"])}">{e(X["copy"])} '
            f"— {e(label)}</button></div>"
        )
    lines.append('<p class="kb-copy__status" role="status"></p>')
    lines.append("</details>")
    lines.append("</div>")
    return "\n".join(lines)
