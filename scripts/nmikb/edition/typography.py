"""Each language's typography, applied to every text an edition shows: labels, data, quotes."""

from __future__ import annotations

import re
from functools import lru_cache

NNBSP, NBSP = "\u202f", "\u00a0"
# French typography: a narrow no-break space before ; ! ? and inside « », a no-break space
# before : and %. Spaces already there (any width) are replaced; one is added where a mark
# follows a word directly (`demande»`, `«d’une`), which is how the stored source writes its
# quotes. A colon is added to only after a space, so `https:` and `12:30` stay as they are.
# Quotes get the same treatment: quote matching ignores white space, and a no-break space is
# typography, not a change of words.
# Each rule with the characters without which it cannot apply: most texts lack most of them, and
# looking for a character is much cheaper than running a pattern.
_FR_RULES = [
    (";!?", re.compile(r"[ \u00a0\u202f]*([;!?])(?=\s|$|[»”\"),.])"), NNBSP + r"\1"),
    (":", re.compile(r"(?<=\S)[ \u00a0\u202f]+:"), NBSP + ":"),
    (":", re.compile(r"^ :"), NBSP + ":"),  # a label that is only the colon
    ("%", re.compile(r"(?<=\S)[ \u00a0\u202f]*%"), NBSP + "%"),
    # English quotation marks in a French text (a title quoted in a reference) become French ones.
    ("“", re.compile(r"“[ \u00a0\u202f]*"), "«" + NNBSP),
    ("”", re.compile(r"[ \u00a0\u202f]*”"), NNBSP + "»"),
    ("«", re.compile(r"«[ \u00a0\u202f]*"), "«" + NNBSP),
    ("»", re.compile(r"[ \u00a0\u202f]*»"), NNBSP + "»"),
]


# Cached: the same texts (a title, a name) are shown on many pages. Large enough for every text of
# a knowledge base of 10,000 events; a smaller cache would keep evicting what it needs next.
@lru_cache(maxsize=1 << 18)
def french_typography(text: str) -> str:
    for marks, pattern, replacement in _FR_RULES:
        if any(mark in text for mark in marks):
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
