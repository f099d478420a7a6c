"""French typography over a built French edition: every text a reader sees or hears — text nodes
(the page's title, navigation, body, Cite panel, pictures' SVG text) and the attributes that are
read out or shown (title, alt, aria-label, placeholder, the descriptions and preview texts).

French writes a no-break space before : ; ! ? » and after «, and quotes with « » rather than
straight or English marks. Text in another language (an element with its own `lang`, such as an
English source's quote or an English name form) and code (`code`, `pre`, `kbd`, scripts) follow
their own rules and are left out.
"""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup, Comment, Doctype, NavigableString, Tag

# A plain space (U+0020) before a high mark, or after an opening guillemet.
PLAIN_SPACE = re.compile(r"(?<=\S) (?=[:;!?»])|« ")
# Straight and English quotation marks; ’ is the French apostrophe and stays.
ENGLISH_QUOTES = re.compile(r"[\"“”‘]")
SKIPPED = {"script", "style", "code", "pre", "kbd", "samp", "template"}
READ_ATTRIBUTES = ("title", "alt", "aria-label", "placeholder", "data-copied", "data-failed")
# <meta> whose content a reader sees (search results, link previews).
READ_META = re.compile(
    r"^(description|og:(title|description|image:alt)|twitter:(title|description))$"
)


def _foreign(el: Tag) -> bool:
    lang = el.get("lang") or el.get("xml:lang")
    return bool(lang) and not str(lang).lower().startswith("fr")


def _faults(text: str) -> list[str]:
    out = []
    for m in PLAIN_SPACE.finditer(text):
        out.append("plain space: …" + text[max(0, m.start() - 30) : m.end() + 10].strip() + "…")
    for m in ENGLISH_QUOTES.finditer(text):
        out.append(
            f"{m.group()} quote: …" + text[max(0, m.start() - 30) : m.end() + 30].strip() + "…"
        )
    return out


# Parts of a page whose words another part of the project writes: a fault found there is tagged
# with the part's name, so that a test can say whose it is.
PARTS = {"kb-record-tools": "record-tools", "kb-context__ref": "reference"}


def page_faults(html: str) -> list[str]:
    """Each typography fault of one French page, with a little of its text around it, tagged
    "[part]" when it is inside one of PARTS."""
    doc = BeautifulSoup(html, "html.parser")
    faults: list[str] = []
    previous = ""  # the text read just before: a fault may span an element's boundary

    def walk(node: Tag, part: str) -> None:
        nonlocal previous
        tag = f"[{part}] " if part else ""
        for child in node.children:
            if isinstance(child, (Comment, Doctype)):
                continue
            if isinstance(child, NavigableString):
                text = str(child)
                # The last character read before this text, so that "<b>Lien</b> :" is caught.
                faults.extend(tag + f for f in _faults(previous[-1:] + text))
                if text:
                    previous = text
                continue
            if not isinstance(child, Tag):
                continue
            inner = next((PARTS[c] for c in child.get("class") or [] if c in PARTS), part)
            # The Cite panel's plain-text citation is prose in a <pre>; BibTeX, CSL-JSON code.
            prose = (
                child.name == "pre"
                and child.parent is not None
                and child.parent.get("id") == "cite-text"
            )
            if (child.name in SKIPPED and not prose) or _foreign(child):
                previous = ""
                continue
            tag = f"[{inner}] " if inner else ""
            for attr in READ_ATTRIBUTES:
                if child.get(attr):
                    faults.extend(f"{tag}{attr}: {f}" for f in _faults(str(child[attr])))
            if child.name == "meta" and READ_META.match(
                str(child.get("name") or child.get("property") or "")
            ):
                faults.extend(f"meta: {f}" for f in _faults(str(child.get("content") or "")))
            walk(child, inner)

    walk(doc, "")
    return faults


def edition_faults(site: Path, prefix: str = "fr/") -> dict[str, list[str]]:
    """Each page of the French edition (under `prefix`) with its faults; pages without any are
    left out."""
    base = site / prefix
    out = {}
    for path in sorted(base.rglob("*.html")):
        faults = page_faults(path.read_text(encoding="utf-8"))
        if faults:
            out[path.relative_to(base).as_posix()] = faults
    return out
