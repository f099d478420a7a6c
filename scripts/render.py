"""Render the validated knowledge base into Markdown pages, one set per language.

Escaping is the default: every value a template prints is escaped for Markdown (and so for
HTML), unless it is `Markup` made by one of the filters below from validated ids or dates.
"""

from __future__ import annotations

import html
import re
import string
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import jinja2
from babel.dates import format_date
from babel.numbers import format_percent
from markupsafe import Markup, escape

from . import views
from .knowledge import KnowledgeBase
from .models import SLUG, PartialDate
from .yamlsafe import load_file

TEMPLATES = Path(__file__).parent / "templates"
PAGES = ("index", "timeline", "scope", "entities", "glossary", "sources", "coverage")

_PUNCTUATION = frozenset(string.punctuation)
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_LINE_BREAKS = re.compile(r"[\r\n\t\f\v\u2028\u2029]+")


def escape_md(text: str) -> str:
    """Text that Markdown shows literally.

    `<`, `>` and `&` become entities: Python-Markdown's raw-HTML reader runs before backslash
    escapes are understood, so `\\<a` would still open a tag there. Every other ASCII
    punctuation mark is backslash-escaped (literal with `pymdownx.escapeall`), so no data value
    can open a link, an attribute list, an emphasis, a heading or a snippet include; line
    breaks become spaces, so it cannot start a block either.
    """
    text = _LINE_BREAKS.sub(" ", text)
    return "".join(_ENTITIES.get(ch) or ("\\" + ch if ch in _PUNCTUATION else ch) for ch in text)


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
    # Data file names come from code, never from data; check anyway before they enter a URL.
    if not re.fullmatch(r"[a-z]+\.yaml", value):
        raise ValueError(f"not a data file name: {value!r}")
    return Markup(value)


def _attr(value) -> Markup:
    return Markup(escape(str(value)))


def _html(value: str) -> str:
    # For values the theme prints without escaping (page title and description from front matter).
    return html.escape(str(value), quote=True)


def _yaml(value: str) -> Markup:
    """A YAML double-quoted string, every character beyond ASCII escaped.

    Not json.dumps: it writes characters beyond U+FFFF as surrogate pairs, which YAML refuses,
    and MkDocs then silently shows the whole front matter as page text.
    """
    out = []
    for ch in str(value):
        code = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif 0x20 <= code < 0x7F:
            out.append(ch)
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    return Markup('"' + "".join(out) + '"')


def format_partial_date(value: PartialDate, lang: str) -> str:
    if value.precision == "year":
        return str(value.year)
    if value.precision == "month":
        return format_date(date(value.year, value.month, 1), "LLLL y", locale=lang)
    return format_date(date(value.year, value.month, value.day), "EEEE d MMMM y", locale=lang)


@lru_cache(maxsize=None)
def labels(lang: str) -> dict:
    loaded = load_file(TEMPLATES / "labels.yaml")
    if loaded.problems:  # a developer's file, but report it like data
        raise ValueError("\n".join(map(str, loaded.problems)))
    return loaded.data[lang]


@lru_cache(maxsize=None)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES / "pages"),
        undefined=jinja2.StrictUndefined,
        # Autoescape makes macro output Markup; _finalize escapes everything else for Markdown.
        autoescape=True,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(anchor=_anchor, anchor_file=_anchor_file, attr=_attr, html=_html, yaml=_yaml)
    return env


@dataclass(frozen=True)
class RenderedPage:
    name: str  # "timeline.md"
    markdown: str
    data_files: tuple[str, ...]


def render_pages(kb: KnowledgeBase, lang: str, repo_url: str | None = None) -> list[RenderedPage]:
    """Every generated page of one language edition; with `repo_url`, data files are linked."""
    if repo_url and not re.fullmatch(r"https://[A-Za-z0-9.-]+(/[A-Za-z0-9._~-]+)*/?", repo_url):
        raise ValueError(f"repo_url must be a plain https address, got {repo_url!r}")
    source_link = Markup(repo_url.rstrip("/") + "/blob/HEAD/data/") if repo_url else None
    env = environment()
    L = labels(lang)
    helpers = views.Helpers(kb, lang, L, lambda d: format_partial_date(d, lang), lambda x: format_percent(x, locale=lang))
    out = []
    for name in PAGES:
        view = getattr(views, f"{name}_view")(kb, helpers)
        files = tuple(view.pop("data_files"))
        template = env.get_template(f"{name}.md.j2")
        text = template.render(lang=lang, L=L, h=helpers, page=kb.site.pages[name], site=kb.site, data_files=files, source_link=source_link, **view)
        out.append(RenderedPage(f"{name}.md", text, files))
    return out


def abbreviations(kb: KnowledgeBase, lang: str) -> str:
    """Markdown abbreviation definitions, appended to every page for glossary tooltips."""
    lines: dict[str, str] = {}
    names = labels(lang)["lang_name"]
    for term in kb.glossary:
        own = term.form(lang)
        # The page's own language first, so an abbreviation shared by both gets its own expansion.
        for form_lang in sorted(names, key=lambda x: x != lang):
            form = term.form(form_lang)
            if not form.abbr or form.abbr in lines:
                continue
            title = form.full
            if form_lang != lang:
                title = f"{form.full} ({names[form_lang]}; {own.abbr + ' — ' if own.abbr else ''}{own.full})"
            lines[form.abbr] = f"*[{form.abbr}]: {title}"
    return "\n".join(lines.values())
