"""Glossary tooltips: the Markdown abbreviation definitions each page gets, only those it uses."""

from __future__ import annotations

import re

from nmikb.data.models import LANGS, Term
from nmikb.data.quotes import normalize
from nmikb.edition.labels import labels
from nmikb.edition.typography import typography
from nmikb.knowledge.base import KnowledgeBase


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
        for form_lang in sorted(LANGS, key=lambda x: x != lang):
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
