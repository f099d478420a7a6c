"""A sentence of the data set inside one of ours — after a colon, a comma or a dash — starts in
lower case where the language wants it: "preferred: the Commission's own release…",
"retenue : le communiqué…". Only an opening article or pronoun is lowered, never a name: "Le
Soir", "La Gazette du Val", "L’OTAN" and "Belga" keep their capital."""

from __future__ import annotations

# Words that open a sentence and are no name, per language. An article followed by a capital is
# part of a name ("Le Soir", "The Riverside Post") and stays as it is.
_OPENERS = {
    "en": frozenset("the a an its their this these it they in on".split()),
    "fr": frozenset(
        "le la les l un une des du de d ce cet cette ces son sa ses leur leurs il elle ils "
        "elles on dans en au aux selon pour par".split()
    ),
}


def running(text: str, lang: str) -> str:
    """`text` as it reads inside a sentence of `lang`."""
    words = text.split(" ", 2)
    first = words[0]
    head, _, rest = first.partition("’") if "’" in first else first.partition("'")
    if head.lower() not in _OPENERS.get(lang, ()) or not head[:1].isupper():
        return text
    if rest:  # "L’annonce" but not "L’OTAN"
        return text if rest[:1].isupper() else text[:1].lower() + text[1:]
    following = words[1] if len(words) > 1 else ""
    if following[:1].isupper():  # "Le Soir", "The Riverside Post": a name
        return text
    return text[:1].lower() + text[1:]
