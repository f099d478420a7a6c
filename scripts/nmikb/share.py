"""What makes a page citable and shareable: its public address, its language alternates, its
permalink, its "Cite this" panel, its JSON-LD, and the date its data last changed.

Everything here needs to know where the site lives. mkdocs.yml says so once (`site_url`,
`repo_url`); a fork or a preview overrides them with the environment variables NMI_SITE_URL and
NMI_REPO_URL (mkdocs.yml reads them with `!ENV`). Without a `site_url`, pages get none of it.

Values printed into raw HTML are escaped for HTML here, with `html.escape`: the Markdown escaping
of render.py would show its backslashes inside raw HTML.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cache, cached_property
from pathlib import Path

from babel.dates import format_date
from markupsafe import Markup

from .knowledge import KnowledgeBase
from .models import Entity, Event, PartialDate, Source, Term
from .registry import (
    EDITIONS,
    ENTITY,
    EVENT,
    KIND_BY_FOLDER,
    SOURCE,
    TERM,
    Record,
    RecordKind,
    record_file,
)
from .yamlsafe import load_file

ARCHIVE = "nmi-kb.tar.gz"  # at the site's root, beside the English index.html
DOWNLOADS = "downloads"  # each edition's exports
IMAGE = "assets/images/social.png"  # each edition's link-preview image
PREFIX = {e.lang: (e.prefix + "/" if e.prefix else "") for e in EDITIONS}
_URL = re.compile(r"https?://[A-Za-z0-9.:-]+(/[A-Za-z0-9._~%-]+)*/")


@dataclass(frozen=True)
class Share:
    root_url: str  # the site's root, ending with "/": the default edition
    repo_url: str | None  # the repository's page, without a trailing "/"
    branch: str  # the branch the published site is built from, for "edit" links
    epoch: int  # SOURCE_DATE_EPOCH: the build's date, that of the last commit
    changed: dict[str, int] = field(default_factory=dict)  # data file -> last commit touching it

    def edition_url(self, lang: str) -> str:
        return self.root_url + PREFIX[lang]

    def page_url(self, lang: str, path: str) -> str:
        """'events/x.md' -> the page's absolute address in that edition."""
        return self.edition_url(lang) + re.sub(r"\.md$", ".html", path)

    def view_url(self, file: str) -> str | None:
        return f"{self.repo_url}/blob/{self.branch}/{file}" if self.repo_url else None

    def edit_url(self, file: str) -> str | None:
        return f"{self.repo_url}/edit/{self.branch}/{file}" if self.repo_url else None

    def last_changed(self, files) -> int | None:
        known = [self.changed[f] for f in files if f in self.changed]
        return max(known) if known else None

    @cached_property  # asked by every page: once per build, not once per page and file
    def as_of(self) -> int | None:
        """When the knowledge base last changed: its newest committed data file."""
        data = [t for f, t in self.changed.items() if f.endswith(".yaml")]
        return max(data) if data else None


def share_from_config(config: dict, root: Path, epoch: int) -> Share | None:
    """The Share of a build, from an edition's MkDocs configuration (site_url, repo_url)."""
    from .history import last_changed  # git runs only for builds that publish an address

    # The root of the whole site: generate.py points each edition's own site_url at its prefix.
    site_url = (
        ((config.get("extra") or {}).get("public") or {}).get("root")
        or config.get("site_url")
        or ""
    )
    if not site_url:
        return None
    site_url = site_url if site_url.endswith("/") else site_url + "/"
    if not _URL.fullmatch(site_url):
        raise ValueError(f"site_url must be a plain http(s) address, got {site_url!r}")
    repo_url = (config.get("repo_url") or "").rstrip("/") or None
    branch = ((config.get("extra") or {}).get("repo_branch")) or "main"
    return Share(site_url, repo_url, str(branch), int(epoch), last_changed(root))


def site_path(root: Path) -> str:
    """The path part of the site's address ('/nmi-kb/'), where absolute links start; '/' if none."""
    from urllib.parse import urlsplit

    from mkdocs.utils.yaml import yaml_load

    with open(Path(root) / EDITIONS[0].config, "rb") as f:
        config = yaml_load(f)  # MkDocs' own reader: !ENV overrides apply
    path = urlsplit(config.get("site_url") or "/").path or "/"
    return path if path.endswith("/") else path + "/"


@cache
@cache
def labels(lang: str) -> dict:
    """The words of the Cite panel, the Data page and the exports, read once, typeset for `lang`."""
    from .render import typeset  # render builds on this module

    loaded = load_file(Path(__file__).parent / "templates" / "share.yaml")
    if loaded.problems:
        raise ValueError("\n".join(map(str, loaded.problems)))
    assert loaded.data is not None  # a file read without problems holds a mapping
    return typeset(loaded.data[lang], lang)


def day_of(stamp: int) -> date:
    return datetime.fromtimestamp(stamp, tz=UTC).date()


def long_date(d: date, lang: str) -> str:
    return format_date(d, "d MMMM y", locale=lang)


def record_of(kb: KnowledgeBase, path: str) -> tuple[RecordKind, Record] | None:
    """The record a page is about ('events/x.md' -> (EVENT, the event)), or None."""
    m = re.fullmatch(r"([a-z]+)/([a-z0-9-]+)\.md", path)
    kind = KIND_BY_FOLDER.get(m[1]) if m else None
    if m is None or kind is None:
        return None
    by_kind: dict[RecordKind, Mapping[str, Record]] = {
        EVENT: kb.event,
        ENTITY: kb.entity,
        TERM: kb.term,
        SOURCE: kb.source,
    }
    found = by_kind[kind].get(m[2])
    return (kind, found) if found is not None else None


def source_title(s: Source, lang: str) -> str:
    """A title the editors supplied is shown in square brackets, as citation styles do."""
    title = s.title.text[lang]
    return f"[{title}]" if s.title.supplied else title


def record_name(record, lang: str) -> str:
    if isinstance(record, Entity):
        return record.name[lang]
    if isinstance(record, Term):
        form = record.form(lang)
        return f"{form.abbr} — {form.full}" if form.abbr else form.full
    if isinstance(record, Source):
        return source_title(record, lang)
    return record.title[lang]


def record_text(record, lang: str) -> str:
    if isinstance(record, Event):
        return record.summary[lang]
    if isinstance(record, Entity):
        return record.description[lang]
    if isinstance(record, Term):
        return record.definition[lang]
    reviewed = (
        f" — {record.reviewed.publication}, {record.reviewed.date}" if record.reviewed else ""
    )
    return f"{record.author}{reviewed}, {record.date}"


def record_citations(record) -> list:
    return list(record.attribution if isinstance(record, Source) else record.citations)


def cited_sources(kb: KnowledgeBase, record) -> list[Source]:
    return [kb.source[s] for s in dict.fromkeys(c.source for c in record_citations(record))]


# Pages: front matter, record tools, fact permalinks --------------------------------------------


def decorate(
    kb: KnowledgeBase, lang: str, path: str, markdown: str, data_files, share: Share
) -> str:
    """A rendered page with its JSON-LD and date in the front matter, and, on a record's page,
    its permalink, links and "Cite this" panel at the end."""
    from .jsonld import page_graph

    found = record_of(kb, path)
    extra = {"jsonld": json_for_html(page_graph(kb, lang, path, share, markdown_title(markdown)))}
    stamp = share.last_changed(data_files)
    if stamp:
        extra["updated"] = day_of(stamp).isoformat()
    head = "".join(f"{key}: {_yaml_string(value)}\n" for key, value in extra.items())
    if markdown.startswith("---\n"):
        markdown = "---\n" + head + markdown[4:]
    if found:
        kind, record = found
        markdown = (
            markdown.rstrip("\n")
            + "\n\n"
            + record_tools(kb, lang, kind, record, share, stamp)
            + "\n"
        )
    return markdown


def markdown_title(markdown: str) -> str:
    m = re.search(r'^title: "(.*)"$', markdown, re.M)
    # The front matter holds it escaped for HTML (the theme prints it as is): JSON-LD wants text.
    return html.unescape(json.loads(f'"{m[1]}"')) if m else ""


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
    """The home page's "as of" date: when the knowledge base last changed."""
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
        f'<p class="kb-permalink-line"><strong>{e(X["permalink"])}</strong>{e(_colon(lang))} '
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


def _colon(lang: str) -> str:
    return " :" if lang == "fr" else ":"


# Citations ------------------------------------------------------------------------------------


def citations(
    kb: KnowledgeBase, lang: str, kind: RecordKind, record, share: Share, stamp: int | None
) -> tuple[str, str, str]:
    """The record as published here, in three forms: plain text, BibTeX and CSL-JSON.

    The plain text follows the usual shape of a web citation (site, title, date, address,
    retrieved on), then names the source the record quotes. The retrieval date is the build's:
    the date of the version a reader sees, the same in every build of one commit.
    """
    X = labels(lang)
    site = kb.site.name[lang]
    title = record_name(record, lang)
    url = share.page_url(lang, f"{kind.folder}/{record.id}.md")
    retrieved = day_of(share.epoch)
    changed = day_of(stamp) if stamp else retrieved
    sources = cited_sources(kb, record)
    source_texts = [_source_plain(kb, s, lang) for s in sources]
    plain = (
        f"{site}. “{title}”. {X['last_changed_on'].capitalize()} {long_date(changed, lang)}. "
        f"{X['retrieved']} {long_date(retrieved, lang)}. {url}"
    )
    if source_texts:  # a source's own page quotes its byline from the document itself
        plain += f" — {X['quoting']}{_colon(lang)} " + "; ".join(source_texts)
    key = f"nmikb-{kind.name}-{record.id}"
    bib = [
        f"@misc{{{key},",
        f"  title = {{{_bib(title)}}},",
        f"  author = {{{{{_bib(site)}}}}},",
        f"  howpublished = {{\\url{{{url}}}}},",
        f"  url = {{{url}}},",
        f"  year = {{{changed.year}}},",
        f"  date = {{{changed.isoformat()}}},",
        f"  urldate = {{{retrieved.isoformat()}}},",
        f"  language = {{{ {'en': 'english', 'fr': 'french'}[lang] }}},",
    ]
    if sources and not isinstance(record, Source):
        bib.append(
            f"  note = {{{_bib(X['quoting'] + _colon(lang) + ' ' + '; '.join(source_texts))}}},"
        )
    bib.append("}")
    for s in sources:
        bib += _bib_source(s, lang)
    items = [
        {
            "id": key,
            "type": "webpage",
            "title": title,
            "container-title": site,
            "URL": url,
            "language": lang,
            "issued": {"date-parts": [[changed.year, changed.month, changed.day]]},
            "accessed": {"date-parts": [[retrieved.year, retrieved.month, retrieved.day]]},
        }
    ]
    if sources and not isinstance(record, Source):
        items[0]["note"] = X["quoting"] + _colon(lang) + " " + "; ".join(source_texts)
    items += [_csl_source(s, lang) for s in sources]
    return (
        plain,
        "\n".join(bib),
        "[\n"
        + ",\n".join("  " + json.dumps(item, ensure_ascii=False, sort_keys=True) for item in items)
        + "\n]",
    )


def _source_plain(kb: KnowledgeBase, s: Source, lang: str) -> str:
    from .render import format_partial_date

    reviewed = (
        f", {s.reviewed.publication} ({format_partial_date(s.reviewed.date, lang)})"
        if s.reviewed
        else ""
    )
    return (
        f"{s.author}, “{source_title(s, lang)}”{reviewed}, {format_partial_date(s.date, lang)}"
        + (f", {s.url}" if s.url else "")
    )


_BIB = {ch: "\\" + ch for ch in "&%$#_{}"} | {
    "\\": "\\textbackslash{}",
    "~": "\\textasciitilde{}",
    "^": "\\textasciicircum{}",
}


def _bib(text: str) -> str:
    """Text in a BibTeX field: characters that TeX reads as commands escaped, UTF-8 kept."""
    return "".join(_BIB.get(ch, ch) for ch in text)


def _csl_date(d: PartialDate) -> dict:
    return {"date-parts": [[p for p in (d.year, d.month, d.day) if p]]}


def _csl_type(s: Source) -> str:
    return {
        "press-review": "article-newspaper",
        "press-article": "article-newspaper",
        "report": "report",
        "web-page": "webpage",
    }.get(s.kind, "document")


def _csl_source(s: Source, lang: str) -> dict:
    item = {
        "id": f"source-{s.id}",
        "type": _csl_type(s),
        "title": source_title(s, lang),
        "publisher": s.author,
        "author": [{"literal": s.author}],
        "issued": _csl_date(s.date),
        "language": s.language,
    }
    if s.reviewed:  # what a press review reports on
        item["container-title"] = s.reviewed.publication
    if s.url:
        item["URL"] = s.url
    return item


def _bib_source(s: Source, lang: str) -> list[str]:
    entry = "article" if s.kind in ("press-review", "press-article") else "misc"
    out = [
        f"@{entry}{{source-{s.id},",
        f"  title = {{{_bib(source_title(s, lang))}}},",
        f"  author = {{{{{_bib(s.author)}}}}},",
    ]
    if s.reviewed:
        out.append(
            f"  journal = {{{_bib(s.reviewed.publication)}}},"
            if entry == "article"
            else f"  howpublished = {{{_bib(s.reviewed.publication)}}},"
        )
    out.append(f"  year = {{{s.date.year}}},")
    out.append(f"  date = {{{s.date.iso}}},")
    out.append(f"  language = {{{ {'en': 'english', 'fr': 'french'}[s.language] }}},")
    if s.url:
        out.append(f"  url = {{{s.url}}},")
    out.append("}")
    return out
