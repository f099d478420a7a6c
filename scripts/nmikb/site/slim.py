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
from pathlib import Path

from .css import can_match, filter_rules, rule_bodies, split_top_level

_WORD = re.compile(r"[\w-]+")


def slim_edition(edition: Path, lang: str, theme: bool = True) -> None:
    """Prune one edition (the root site, or fr/) in place.

    `theme`: the edition holds Material for MkDocs' own files (nmikb/site/engines.py says which
    engines make them): its lunr language files and stylesheets are pruned too. Otherwise only
    what holds for any output: source maps go, and abbreviations become focusable.
    """
    assets = edition / "assets"
    for path in assets.rglob("*.map"):
        path.unlink()
    for path in list(assets.rglob("*.js")) + list(assets.rglob("*.css")):
        text = path.read_text(encoding="utf-8")
        if "sourceMappingURL=" in text:
            path.write_text(
                re.sub(r"\n?/[/*]# sourceMappingURL=\S+( \*/)?\s*$", "\n", text), encoding="utf-8"
            )
    pages = sorted(edition.rglob("*.html"))
    renamed = _slim_theme(edition, lang, pages) if theme else {}
    for page in pages:
        html = page.read_text(encoding="utf-8")
        for old, new in renamed.items():
            html = html.replace(f"stylesheets/{old}", f"stylesheets/{new}")
        page.write_text(focusable_abbr(html), encoding="utf-8")


def _slim_theme(edition: Path, lang: str, pages: list[Path]) -> dict[str, str]:
    """Prune Material's lunr language files and stylesheets; returns {old name: new name} of
    each stylesheet, renamed by its new content."""
    assets = edition / "assets"
    keep = {"lunr.stemmer.support.min.js", f"lunr.{lang}.min.js"}
    for path in (assets / "javascripts" / "lunr").rglob("*.js"):
        if path.name not in keep:
            path.unlink()

    colours = set(
        re.findall(
            r'data-md-color-(?:primary|accent)="([a-z-]+)"',
            (edition / "index.html").read_text(encoding="utf-8"),
        )
    )
    known, prefixes = mentioned_names(
        pages + sorted(assets.rglob("*.js")) + sorted(edition.glob("search/*.json"))
    )
    renamed = {}
    for path in sorted(assets.glob("stylesheets/palette.*.css")):
        renamed[path.name] = _write_hashed(
            path, prune_palette(path.read_text(encoding="utf-8"), colours)
        )
    for path in sorted(assets.glob("stylesheets/main.*.css")):
        css = prune_unused(path.read_text(encoding="utf-8"), known, prefixes)
        others = "".join(
            p.read_text(encoding="utf-8") for p in sorted(assets.rglob("*.css")) if p != path
        )
        read_elsewhere = set(_VAR.findall(others)) | {w for w in known if w.startswith("--")}
        renamed[path.name] = _write_hashed(path, prune_custom_properties(css, read_elsewhere))
    return renamed


def focusable_abbr(html: str) -> str:
    """Keyboard users reach each abbreviation with Tab, and its tooltip shows on focus."""
    return html.replace("<abbr title=", '<abbr tabindex="0" title=')


def mentioned_names(files: list[Path]) -> tuple[set[str], tuple[str, ...]]:
    """Every word that a page or a script of the edition contains, and every class-name prefix
    that a script completes at run time (`md-tag--${name}`).

    A class that appears nowhere in these files cannot be on any element a reader sees: pages
    are static, and the theme's scripts build their elements from literal class names.
    """
    known: set[str] = set()
    prefixes: set[str] = set()
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        known.update(_WORD.findall(text))
        if path.suffix == ".js":
            prefixes.update(m for m in re.findall(r"([\w-]+)\$\{", text) if len(m) > 3)
    return known, tuple(sorted(prefixes))


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


def _write_hashed(path: Path, css: str) -> str:
    """Replace the stylesheet by `css` under a name that carries its own hash, so that a browser
    never pairs a cached copy pruned for other pages with these ones. Returns the new name."""
    digest = hashlib.sha256(css.encode("utf-8")).hexdigest()[:8]
    stem = path.name.split(".", 1)[0]  # main.57a0d79d.min.css -> main
    new = path.with_name(f"{stem}.{digest}.min.css")
    path.unlink()
    new.write_text(css, encoding="utf-8")
    return new.name
