"""Glossary tooltips: the Markdown abbreviation definitions each page gets, only those it uses."""

from __future__ import annotations

import re

from nmikb.data.models import LANGS, Form
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

    def append_to(self, markdown: str, scanned: str | None = None) -> str:
        """`markdown` with the definitions of the abbreviations it uses. `scanned`: the part of
        it the abbr extension reads (by default all of it), where they are looked for."""
        used = sorted(
            set(self._WORD.findall(markdown if scanned is None else scanned)).intersection(
                self.lines
            )
        )
        if not used:
            return markdown
        return markdown.rstrip("\n") + "\n\n" + "\n".join(self.lines[a] for a in used) + "\n"


def abbreviations(kb: KnowledgeBase, lang: str) -> dict[str, str]:
    """Abbreviation -> its Markdown definition line, in the page's language first.

    Every tooltip says, in one convention (CONTRIBUTING.md, "Names and tooltips"), what the site
    knows its long form from: as the sources write it, the official form (the editors'
    knowledge, with its reference on the term's page), the editors' translation, or another
    common form; and in which language when it is not the page's (the French NMI stands for the
    English NATO Mission Iraq), with the editors' translation after it."""
    lines: dict[str, str] = {}
    L = labels(lang)
    for term in kb.glossary:
        own = term.form(lang)
        # The page's own language first, so an abbreviation shared by both gets its own expansion.
        for form_lang in sorted(LANGS, key=lambda x: x != lang):
            form = term.form(form_lang)
            if not form.abbr or form.abbr in lines:
                continue
            title = _long_form(form, form_lang, lang, L)
            if form_lang != lang:  # an abbreviation of the other edition, quoted on this page
                title += f"; {L['in_edition']}{L['colon']} {own.abbr + ' — ' if own.abbr else ''}"
                title += own.full
            lines[form.abbr] = f"*[{form.abbr}]: {typography(title, lang)}"
    return lines


def _long_form(form: Form, form_lang: str, lang: str, L: dict) -> str:
    """'NATO Mission Iraq (official name in English, editors' knowledge); in French: mission de
    l'OTAN en Irak (editors' translation)', in the page's language."""
    written_in = form.lang or form_lang
    if written_in != lang:
        mark = L["form_status_in"][form.status].format(language=L["lang_name"][written_in])
    else:
        mark = L["form_status"][form.status]
    out = f"{form.full} ({mark})"
    if form.translation:
        translation = L["form_status"]["translation"]
        out += f"; {L['in_edition']}{L['colon']} {form.translation} ({translation})"
    return out
