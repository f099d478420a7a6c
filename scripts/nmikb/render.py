"""Render the validated knowledge base into Markdown pages, one set per language.

Escaping is the default: every value a template prints is escaped for Markdown (and so for
HTML), unless it is `Markup` made by one of the filters below from validated ids or dates.
"""

from __future__ import annotations

import html
import re
import string
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from pathlib import Path

import jinja2
from babel.dates import format_date
from babel.numbers import format_percent
from markupsafe import Markup, escape

from . import layout, views
from .knowledge import KnowledgeBase
from .models import LANGS, SLUG, PartialDate, Term
from .quotes import normalize
from .share import Share
from .yamlsafe import load_file

TEMPLATES = Path(__file__).parent / "templates"

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


NNBSP, NBSP = "\u202f", "\u00a0"
# French typography: a narrow no-break space before ; ! ? and inside « », a no-break space
# before : and %. Spaces already there (any width) are replaced; one is added where a mark
# follows a word directly (`demande»`, `«d’une`), which is how the stored source writes its
# quotes. A colon is added to only after a space, so `https:` and `12:30` stay as they are.
# Quotes get the same treatment: quote matching ignores white space, and a no-break space is
# typography, not a change of words.
_FR_RULES = [
    (re.compile(r"[ \u00a0\u202f]*([;!?])(?=\s|$|[»”\"),.])"), NNBSP + r"\1"),
    (re.compile(r"(?<=\S)[ \u00a0\u202f]+:"), NBSP + ":"),
    (re.compile(r"^ :"), NBSP + ":"),  # a label that is only the colon
    (re.compile(r"(?<=\S)[ \u00a0\u202f]*%"), NBSP + "%"),
    (re.compile(r"«[ \u00a0\u202f]*"), "«" + NNBSP),
    (re.compile(r"[ \u00a0\u202f]*»"), NNBSP + "»"),
]


@lru_cache(maxsize=16384)
def french_typography(text: str) -> str:
    for pattern, replacement in _FR_RULES:
        text = pattern.sub(replacement, text)
    return text


def typography(text: str, lang: str) -> str:
    return french_typography(text) if lang == "fr" else text


def typeset(value, lang: str):
    """Labels (nested dicts, lists and strings) typeset for `lang`; keys stay as they are."""
    if isinstance(value, dict):
        return {k: typeset(v, lang) for k, v in value.items()}
    if isinstance(value, list):
        return [typeset(v, lang) for v in value]
    return typography(value, lang) if isinstance(value, str) else value


@lru_cache(maxsize=4096)
def format_partial_date(value: PartialDate, lang: str, weekday: bool = True) -> str:
    """'2018', 'August 2023', 'Thursday 17 August 2023' (without the weekday where room is
    short)."""
    if value.precision == "year":
        return str(value.year)
    if value.precision == "month":
        return format_date(date(value.year, value.month, 1), "LLLL y", locale=lang)
    return format_date(
        date(value.year, value.month, value.day),
        "EEEE d MMMM y" if weekday else "d MMMM y",
        locale=lang,
    )


@cache
def labels(lang: str) -> dict:
    loaded = load_file(TEMPLATES / "labels.yaml")
    if loaded.problems:  # a developer's file, but report it like data
        raise ValueError("\n".join(map(str, loaded.problems)))
    assert loaded.data is not None  # a file read without problems holds a mapping
    return typeset(loaded.data[lang], lang)


@cache
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
    env.filters.update(
        anchor=_anchor, anchor_file=_anchor_file, attr=_attr, html=_html, yaml=_yaml, link=_link
    )
    return env


@dataclass(frozen=True)
class RenderedPage:
    name: str  # "events/nmi-created.md"
    markdown: str
    data_files: tuple[str, ...]


def helpers(kb: KnowledgeBase, lang: str) -> views.Helpers:
    return views.Helpers(
        kb,
        lang,
        labels(lang),
        lambda d: format_partial_date(d, lang),
        lambda x: format_percent(x, locale=lang),
        typo=typography,
    )


def render_pages(
    kb: KnowledgeBase,
    lang: str,
    repo_url: str | None = None,
    abbr: Abbreviations | None = None,
    share: Share | None = None,
    reuse: Mapping[str, RenderedPage] | None = None,
) -> list[RenderedPage]:
    """Every generated page of one language edition; with `repo_url`, data files are linked;
    with `share` (the site's public address), pages get permalinks, citations and JSON-LD.

    Pages found in `reuse` (by path) are taken from there as they are, not rendered: the caller
    (generate.Reuse) vouches that nothing they show has changed."""
    from .share import as_of_line, decorate, fact_link

    if repo_url and not re.fullmatch(r"https://[A-Za-z0-9.-]+(/[A-Za-z0-9._~-]+)*/?", repo_url):
        raise ValueError(f"repo_url must be a plain https address, got {repo_url!r}")
    source_link = Markup(repo_url.rstrip("/") + "/blob/HEAD/") if repo_url else None
    env = environment()
    L = labels(lang)
    base = helpers(kb, lang)
    abbr = abbr or Abbreviations(kb, lang)
    templates: dict[str, jinja2.Template] = {}
    out = []
    for page in layout.pages(kb, base):
        if reuse is not None and page.path in reuse:
            out.append(reuse[page.path])
            continue
        h = base.at(page.path)
        template = templates.get(page.template) or templates.setdefault(
            page.template, env.get_template(page.template)
        )
        text = template.render(
            lang=lang,
            L=L,
            h=h,
            page=page,
            site=kb.site,
            data_files=page.data_files,
            source_link=source_link,
            share=share,
            share_as_of=as_of_line,
            fact_link=fact_link,
            **page.context(h),
        )
        if share is not None:
            text = decorate(kb, lang, page.path, text, page.data_files, share)
        out.append(RenderedPage(page.path, abbr.append_to(text), page.data_files))
    return out


class Abbreviations:
    """Markdown abbreviation definitions for glossary tooltips, each page getting only its own.

    Appending every definition to every page costs each page the whole glossary (Python-Markdown's
    abbr extension then tries each one on every text node): with one pattern for all abbreviations,
    a page gets just those it uses.
    """

    def __init__(self, kb: KnowledgeBase, lang: str):
        self.lines = abbreviations(kb, lang)

    # Every word that could be an abbreviation (the form models.Abbr allows), matched whole as the
    # abbr extension matches them (\b on both sides); a set look-up then keeps the known ones.
    # One simple pattern runs much faster than an alternation of every abbreviation.
    _WORD = re.compile(r"\b[A-ZÀ-Ý][A-Za-zÀ-ÿ0-9]{0,11}\b")

    def append_to(self, markdown: str) -> str:
        used = sorted(set(self._WORD.findall(markdown)).intersection(self.lines))
        if not used:
            return markdown
        return markdown.rstrip("\n") + "\n\n" + "\n".join(self.lines[a] for a in used) + "\n"


def abbreviations(kb: KnowledgeBase, lang: str) -> dict[str, str]:
    """Abbreviation -> its Markdown definition line, in the page's language first."""
    lines: dict[str, str] = {}
    L = labels(lang)
    names = L["lang_name"]
    for term in kb.glossary:
        own = term.form(lang)
        # A long form that no cited source gives, in any language, is the editors' knowledge
        # (NATO's, for one: the article never spells it out): the tooltip says so, as the term's
        # page does in its editors' note. A translation of a form the source gives is not marked.
        mark = "" if _in_sources(kb, term) else " " + L["abbr_editors"]
        # The page's own language first, so an abbreviation shared by both gets its own expansion.
        for form_lang in sorted(names, key=lambda x: x != lang):
            form = term.form(form_lang)
            if not form.abbr or form.abbr in lines:
                continue
            title = form.full
            if form_lang != lang:
                title = (
                    f"{form.full} ({names[form_lang]}; "
                    f"{own.abbr + ' — ' if own.abbr else ''}{own.full})"
                )
            lines[form.abbr] = f"*[{form.abbr}]: {typography(title + mark, lang)}"
    return lines


def _in_sources(kb: KnowledgeBase, term: Term) -> bool:
    """Whether a source the term cites gives one of its long forms (apostrophes, quotation marks,
    spaces and case aside)."""
    texts = [kb.texts[c.source].norm.casefold() for c in term.citations if c.source in kb.texts]
    forms = {normalize(term.form(lang).full).casefold() for lang in LANGS}
    return any(form in text for form in forms for text in texts)
