"""Drop from a built edition what no reader ever loads or applies.

Material ships one stylesheet for every feature it has (admonitions, code blocks, tabs, blog,
consent banner...), source maps, search support for 40 languages and a palette file with every
colour. A reader of this site needs a fraction of that; every reader who copies the site to read
it offline carries all of it, and a phone on a slow network waits for the whole stylesheet before
it paints anything. Each pruning here is conservative: a rule is dropped only when it provably
cannot apply to any page of the edition.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable

from .css import can_match, filter_rules, rule_bodies, split_top_level

# The words of a page or a script, read as bytes: runs of ASCII letters, digits, `_` and `-`.
# Every name a stylesheet asks about is ASCII, and each one a text holds as a whole word is a run
# here too (the characters around it that end a word end a run); a run may also be found inside
# a longer word with accented letters, which keeps a rule the page cannot use: never the reverse.
WORD = re.compile(rb"[\w-]+")
# The same runs, found by C code: every byte that is not a word byte (a bytes pattern's `\w` is
# ASCII's [A-Za-z0-9_]) becomes a space, and the text is split on spaces. WORD.findall made a
# Python object of each match first: 2 s for the 26 MB search index of an edition at 10,000
# events, against 0.6 s this way, for the same words.
_WORD_BYTES = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
_NOT_WORD_TO_SPACE = bytes(c if c in _WORD_BYTES else 0x20 for c in range(256))
_SOURCE_MAP = re.compile(r"\n?/[/*]# sourceMappingURL=\S+( \*/)?\s*$")


def kept_lunr(lang: str) -> set[str]:
    """Material's lunr language files an edition uses: its own language's and the support."""
    return {"lunr.stemmer.support.min.js", f"lunr.{lang}.min.js"}


def without_source_map(text: str) -> str:
    """A script or stylesheet without its source map comment: the maps are not shipped."""
    return _SOURCE_MAP.sub("\n", text) if "sourceMappingURL=" in text else text


def css_names(stylesheets: Iterable[str]) -> frozenset[bytes]:
    """Every word the pruning of these stylesheets asks about: the class and element names of
    their selectors, and their custom properties. Whether a page mentions any other word
    changes nothing: each page is read for these alone (words_in)."""
    names: set[str] = set()

    def asked(name: str) -> bool:
        names.add(name)
        return True

    for css in stylesheets:
        filter_rules(css, lambda selector: can_match(selector, asked, asked))
        names.update(re.findall(r"--[\w-]+", css))
    return frozenset(n.encode() for n in names if n.isascii())


def words_in(data: bytes, names: frozenset[bytes]) -> frozenset[str]:
    """The words of `names` that the script (or any text) `data` holds."""
    return frozenset(
        w.decode() for w in names.intersection(data.translate(_NOT_WORD_TO_SPACE).split())
    )


# Where a static page can give an element a class, an element name or a custom property: in its
# tags (the names, and the class and style attributes) and in its inline scripts and styles. Its
# text cannot (what a script may make of text, it names in its own code: script_prefixes). Each
# pattern starts with a fixed text, which is found at C speed; a `data-class=` found too only
# keeps more rules.
_VALUES = tuple(
    re.compile(p)
    for p in (
        rb'class="([^"]*)"',
        rb"class='([^']*)'",
        rb"class=([^\s>\"']+)",
        rb'style="([^"]*)"',
        rb"style='([^']*)'",
    )
)
_TAG_NAME = re.compile(rb"<([a-zA-Z][\w-]*)")
_INLINE_OPEN = re.compile(rb"<(?:script|style)\b[^>]*>", re.I)
_INLINE_CLOSE = re.compile(rb"</(?:script|style)", re.I)


def words_of_page(
    data: bytes, names: frozenset[bytes], seen: dict[bytes, frozenset[bytes]]
) -> frozenset[str]:
    """The words of `names` that a page's tags and inline scripts and styles hold (where a page
    can put a class on an element). `seen`: words of attribute values and scripts already read,
    by their bytes (pages share most of them)."""

    def known(value: bytes) -> frozenset[bytes]:
        found = seen.get(value)
        if found is None:
            found = seen[value] = names.intersection(WORD.findall(value))
        return found

    out: set[bytes] = set()
    for pattern in _VALUES:
        for value in set(pattern.findall(data)):
            out |= known(value)
    out |= names.intersection(t.lower() for t in set(_TAG_NAME.findall(data)))
    for m in _INLINE_OPEN.finditer(data):
        end = _INLINE_CLOSE.search(data, m.end())
        out |= known(data[m.end() : end.start() if end else len(data)])
    return frozenset(w.decode() for w in out)


def script_prefixes(scripts: Iterable[str]) -> tuple[str, ...]:
    """Every class-name prefix that a script completes at run time (`md-tag--${name}`)."""
    prefixes: set[str] = set()
    for text in scripts:
        prefixes.update(m for m in re.findall(r"([\w-]+)\$\{", text) if len(m) > 3)
    return tuple(sorted(prefixes))


def colours_of(home: str) -> set[str]:
    """The palette colours a page (the home page) declares."""
    return set(re.findall(r'data-md-color-(?:primary|accent)="([a-z-]+)"', home))


def pruned_stylesheets(
    stylesheets: dict[str, str],
    colours: set[str],
    known: set[str],
    prefixes: tuple[str, ...],
) -> dict[str, tuple[str, str]]:
    """Material's palette and main stylesheets (`stylesheets`: every stylesheet of the edition by
    name, its own ones included) pruned for pages that mention the words `known`:
    {name: (new name, CSS)}. A new name carries its content's hash, so that a browser never
    pairs a cached copy pruned for other pages with these ones."""
    out = {}
    for name in sorted(n for n in stylesheets if n.startswith("palette.")):
        out[name] = _hashed(name, prune_palette(stylesheets[name], colours))
    # Custom properties read by the other stylesheets, as they are published (the palette pruned).
    published = {
        out.get(n, (n, text))[0]: out.get(n, (n, text))[1] for n, text in stylesheets.items()
    }
    for name in sorted(n for n in stylesheets if n.startswith("main.")):
        css = prune_unused(stylesheets[name], known, prefixes)
        others = "".join(text for other, text in sorted(published.items()) if other != name)
        read_elsewhere = set(_VAR.findall(others)) | {w for w in known if w.startswith("--")}
        out[name] = _hashed(name, prune_custom_properties(css, read_elsewhere))
    return out


def focusable_abbr(html: str) -> str:
    """Keyboard users reach each abbreviation with Tab, and its tooltip shows on focus."""
    return html.replace("<abbr title=", '<abbr tabindex="0" title=')


def focusable_abbr_bytes(html: bytes) -> bytes:
    """focusable_abbr, on a page's bytes."""
    return html.replace(b"<abbr title=", b'<abbr tabindex="0" title=')


def prune_unused(css: str, known: set[str], prefixes: tuple[str, ...] = ()) -> str:
    """The stylesheet without the selectors that name a class no page or script mentions."""

    def known_class(name: str) -> bool:
        return name in known or name.startswith(prefixes)

    def known_element(name: str) -> bool:
        return name in known

    return filter_rules(css, lambda selector: can_match(selector, known_class, known_element))


_COLOR = re.compile(r"\[data-md-color-(?:primary|accent)=([a-z-]+)\]")


def prune_palette(css: str, used: set[str]) -> str:
    """Material's palette CSS without the rules for colours the site does not use (~3/4 of it)."""
    return filter_rules(css, lambda selector: all(c in used for c in _COLOR.findall(selector)))


_VAR = re.compile(r"var\(\s*(--[\w-]+)")


def prune_custom_properties(css: str, referenced: set[str]) -> str:
    """The stylesheet without the custom properties (`--name: value`) that nothing reads.

    Most of them are icons as data URIs for features the site does not use. A property is read
    by a `var(--name)` in an ordinary declaration, here or in another stylesheet, by a script,
    which names it (`referenced` holds the names read from elsewhere), or by another property
    that is itself read.
    """
    reads: dict[str, Counter[str]] = {}
    for body in rule_bodies(css):
        for declaration in split_top_level(body, ";"):
            name, _, value = declaration.partition(":")
            if name.strip().startswith("--"):
                reads.setdefault(name.strip(), Counter()).update(_VAR.findall(value))
    # Whatever `var()` the custom properties' own values do not account for is read directly.
    direct = Counter(_VAR.findall(css)) - sum(reads.values(), Counter())
    used, todo = set(), [*referenced, *direct]
    while todo:
        name = todo.pop()
        if name not in used:
            used.add(name)
            todo.extend(reads.get(name, ()))

    def read(body: str) -> str:
        return ";".join(
            d
            for d in split_top_level(body, ";")
            if not (d.strip().startswith("--") and d.partition(":")[0].strip() not in used)
        )

    return filter_rules(css, lambda selector: True, read)


def _hashed(name: str, css: str) -> tuple[str, str]:
    digest = hashlib.sha256(css.encode("utf-8")).hexdigest()[:8]
    stem = name.split(".", 1)[0]  # main.57a0d79d.min.css -> main
    return f"{stem}.{digest}.min.css", css
