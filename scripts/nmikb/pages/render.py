"""Render the validated knowledge base into Markdown pages, one set per language.

Escaping is the default: every value a template prints is escaped for Markdown (and so for
HTML), unless it is `Markup` made by one of the filters below from validated ids or dates.
"""

from __future__ import annotations

import html
import re
import string
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jinja2
from markupsafe import Markup

from nmikb.data.models import SLUG
from nmikb.edition.address import Share
from nmikb.edition.labels import labels
from nmikb.knowledge.base import KnowledgeBase

from .abbreviations import Abbreviations
from .decorate.tools import as_of_line, decorations, fact_link
from .handwritten import hand_written_names
from .helpers import Helpers, helpers
from .page import Page
from .plan import pages, site_plan
from .types.data import DATA_PAGE, data

TEMPLATES = Path(__file__).parent / "types"  # each page type's template, beside its module

_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# One table for str.translate: entities for <, > and &, a backslash before every other ASCII
# punctuation mark (thousands of values per page: this runs at C speed).
_ESCAPES = str.maketrans({ch: _ENTITIES.get(ch, "\\" + ch) for ch in string.punctuation})
_LINE_BREAKS = re.compile(r"[\r\n\t\f\v\u2028\u2029]+")


def escape_md(text: str) -> str:
    """Text that Markdown shows literally.

    `<`, `>` and `&` become entities: Python-Markdown's raw-HTML reader runs before backslash
    escapes are understood, so `\\<a` would still open a tag there. Every other ASCII
    punctuation mark is backslash-escaped (literal with `pymdownx.escapeall`), so no data value
    can open a link, an attribute list, an emphasis, a heading or a snippet include; line
    breaks become spaces, so it cannot start a block either.
    """
    return _LINE_BREAKS.sub(" ", text).translate(_ESCAPES)


def _finalize(value) -> Markup:
    if isinstance(value, Markup):  # macro output, or a filter's checked id, date or attribute
        return value
    if value is None:
        raise ValueError("a template printed None; guard optional fields with {% if %}")
    return Markup(escape_md(str(value)))


def _anchor(value: str) -> Markup:
    # Ids are validated slugs; checking again here keeps a template mistake from becoming markup.
    if not re.fullmatch(SLUG, value):
        raise ValueError(f"not an id: {value!r}")
    return Markup(value)


def _anchor_file(value: str) -> Markup:
    # Data file paths are built from validated ids; check anyway before they enter a URL.
    if not re.fullmatch(r"data/(?:[a-z]+\.yaml|[a-z]+/(?:[a-z0-9-]+\.yaml)?)", value):
        raise ValueError(f"not a data file path: {value!r}")
    return Markup(value)


def _link(value: str) -> Markup:
    # Relative links between generated pages: built from validated ids and fixed folder names.
    if not re.fullmatch(r"[a-z0-9./-]*(?:#[a-z0-9-]+)?", value):
        raise ValueError(f"not a page link: {value!r}")
    return Markup(value)


def _heading(value) -> Markup:
    """Text of a heading: escaped for Markdown, its no-break spaces written as character
    references. The table of contents is made from the heading's text with every run of white
    space, no-break spaces included, collapsed into one plain space (Python-Markdown's toc): a
    reference is not white space there, and the browser shows it as the character."""
    text = escape_md(str(value))
    return Markup(text.replace("\u00a0", "&#160;").replace("\u202f", "&#8239;"))


# Markdown reads inline raw HTML after its own patterns (links, emphasis, escapes), which then act
# inside an attribute's value: `title="[a](javascript:…)"` would become a link. Each ASCII mark
# those patterns or HTML read is written as a character reference, which Markdown keeps as it is
# and the browser reads back as the mark.
_ATTR_MARKS = str.maketrans({c: f"&#{ord(c)};" for c in "&<>\"'[]()*_`\\{}!#+|~^=$"})


def _attr(value) -> Markup:
    """Text for an attribute's value (or inside raw inline HTML), with no mark Markdown or HTML
    would act on."""
    return Markup(str(value).translate(_ATTR_MARKS))


def _url(value: str) -> Markup:
    # A source's address, as the models allow it (https, a host, a plain path), for an autolink.
    if not re.fullmatch(r"https://[A-Za-z0-9.-]+(/[A-Za-z0-9._~%/-]*)?", value):
        raise ValueError(f"not a source address: {value!r}")
    return Markup(value)


def _html(value: str) -> str:
    # For values the theme prints without escaping (page title and description from front matter).
    return html.escape(str(value), quote=True)


class _YamlEscapes(dict):
    """str.translate's table for _yaml, filled in as characters come: `"` and `\\` get a
    backslash, printable ASCII stays, anything else becomes its code point."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        if ch in '"\\':
            out = "\\" + ch
        elif 0x20 <= code < 0x7F:
            out = ch
        elif code <= 0xFFFF:
            out = f"\\u{code:04x}"
        else:
            out = f"\\U{code:08x}"
        self[code] = out
        return out


_YAML_ESCAPES = _YamlEscapes()


def _yaml(value: str) -> Markup:
    """A YAML double-quoted string, every character beyond ASCII escaped.

    Not json.dumps: it writes characters beyond U+FFFF as surrogate pairs, which YAML refuses,
    and MkDocs then silently shows the whole front matter as page text.
    """
    return Markup('"' + str(value).translate(_YAML_ESCAPES) + '"')


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,
        # Autoescape makes macro output Markup; _finalize escapes everything else for Markdown.
        autoescape=True,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        anchor=_anchor,
        anchor_file=_anchor_file,
        attr=_attr,
        heading=_heading,
        html=_html,
        yaml=_yaml,
        link=_link,
        url=_url,
    )
    return env


def compile_templates(folder: Path) -> None:
    """Compile every page template now, keeping the compiled code in `folder` for the next
    build (Jinja compiles again a template whose source changed: its cache is keyed by the
    template's name and a checksum of its source). A build compiles them before it forks the
    process that writes the other edition, which then has them too: compiling them took each
    edition half a second, whatever the build changed."""
    folder.mkdir(parents=True, exist_ok=True)
    env = environment()
    env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))
    for name in env.list_templates(extensions=["j2"]):
        env.get_template(name)


@dataclass(frozen=True)
class RenderedPage:
    name: str  # "events/nmi-created.md"
    markdown: str
    data_files: tuple[str, ...]


def render_pages(
    kb: KnowledgeBase,
    lang: str,
    repo_url: str | None = None,
    abbr: Abbreviations | None = None,
    share: Share | None = None,
    keep: Callable[[str], bool] | None = None,
    plan: list[Page] | None = None,
) -> list[RenderedPage]:
    """Every generated page of one language edition but the Data page (render_data_page); with
    `repo_url`, data files are linked; with `share` (the site's public address), pages get
    permalinks, citations and JSON-LD. `plan`: the edition's pages as plan.site_plan made them
    for the whole site (made here when not given).

    Pages whose path `keep` accepts are left out, not rendered: the caller has them already, and
    vouches (nmikb/site/reuse.py) that nothing they show has changed."""
    render = _Renderer(kb, lang, repo_url, abbr, share)
    return [
        render(page)
        for page in (site_plan(kb)[lang] if plan is None else plan)
        if keep is None or not keep(page.path)
    ]


def render_data_page(
    kb: KnowledgeBase,
    lang: str,
    share: Share,
    rows: list[tuple[str, str, str, str]],
    abbr: Abbreviations | None = None,
) -> RenderedPage:
    """The Data page (types/data.py), from the rows of the edition's exports: it is written once
    they are made, and is not dated by the data files it lists."""
    return _Renderer(kb, lang, share.repo_url, abbr, share)(data(lang, rows), dated=False)


class _Renderer:
    """Renders pages of one edition: template, then decorations made from the page's view, then
    the abbreviations the page uses."""

    def __init__(
        self,
        kb: KnowledgeBase,
        lang: str,
        repo_url: str | None,
        abbr: Abbreviations | None,
        share: Share | None,
    ) -> None:
        if repo_url and not re.fullmatch(r"https://[A-Za-z0-9.-]+(/[A-Za-z0-9._~-]+)*/?", repo_url):
            raise ValueError(f"repo_url must be a plain https address, got {repo_url!r}")
        self.kb, self.lang, self.share = kb, lang, share
        self.source_link = Markup(repo_url.rstrip("/") + "/blob/HEAD/") if repo_url else None
        self.env = environment()
        self.L = labels(lang)
        self.base: Helpers = helpers(kb, lang)
        self.abbr = abbr or Abbreviations(kb, lang)
        self.templates: dict[str, jinja2.Template] = {}

    def __call__(self, page: Page, dated: bool = True) -> RenderedPage:
        h = self.base.at(page.path)
        template = self.templates.get(page.template) or self.templates.setdefault(
            page.template, self.env.get_template(page.template)
        )
        text = template.render(
            lang=self.lang,
            L=self.L,
            h=h,
            page=page,
            site=self.kb.site,
            data_files=page.data_files,
            source_link=self.source_link,
            share=self.share,
            share_as_of=as_of_line,
            fact_link=fact_link,
            **page.context(h),
        )
        # Tooltips are looked for in the page's Markdown only: the decorations go where the abbr
        # extension never looks (front matter, a raw HTML block), and their structured data and
        # citation formats are a third of a record page's text.
        body = text
        if self.share is not None:
            extra = decorations(self.kb, self.lang, page, self.share, dated)
            if text.startswith("---\n"):
                text = "---\n" + extra.front + text[4:]
            if extra.tail:
                text = text.rstrip("\n") + "\n\n" + extra.tail + "\n"
        return RenderedPage(page.path, self.abbr.append_to(text, body), page.data_files)


def page_types(kb: KnowledgeBase, root: Path, lang: str = "en") -> list[str]:
    """One page of each type the site has, by path without ".md": checks that must see every kind
    of page once (the browser tests, the audit) walk these, so a new kind of page is checked as
    soon as the layout makes one.

    A type is a template within a section (the timeline's list pages, an event page, the
    glossary's index); of its pages, the one with the longest text (the richest: most links,
    tooltips and pictures), the first of equals. Then the Data page and the hand-written pages.

    The old address of a merged record (types/redirects.py) is left out: the browser leaves it
    at once for the record's page, so a check that stays on a page would check another one; its
    own tests check it."""
    best: dict[tuple[str, str], RenderedPage] = {}
    specs = {page.path: page for page in pages(kb, helpers(kb, lang))}
    for page in render_pages(kb, lang):
        spec = specs[page.name]
        if spec.template == "redirect.md.j2":
            continue
        key = (spec.template, page.name.rpartition("/")[0].partition("/")[0])
        if key not in best or len(page.markdown) > len(best[key].markdown):
            best[key] = page
    names = [p.name for p in best.values()] + [DATA_PAGE] + hand_written_names(root)
    return [name.removesuffix(".md") for name in names]
