"""The build drops theme CSS that no page can use. These tests pin what "cannot use" means;
tests/test_browser.py proves on the real site that every element still looks the same."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from nmikb.site.css import can_match, filter_rules, split_top_level
from nmikb.site.slim import WORD, prune_custom_properties, prune_palette, prune_unused, words_in

KNOWN = {"md-nav", "md-nav__link", "md-typeset", "a", "h1", "li", "ul", "div", "span"}


@pytest.mark.parametrize(
    "selector,possible",
    [
        (".md-nav", True),
        (".md-nav .md-nav__link:hover", True),
        (".md-typeset .admonition", False),  # no page has an admonition
        (".md-typeset kbd", False),  # nor a <kbd>
        (".md-typeset h1", True),
        ("[dir=ltr] .md-nav", True),
        ('.md-typeset a[href$=".pdf"]', True),  # the dots of an attribute value are no class
        (".md-typeset :is(.admonition,.md-nav)", True),  # one alternative is enough
        (".md-typeset :is(.admonition,details)", False),
        (".md-nav:not(.md-nav--primary)", True),  # :not of an unknown class always holds
        (".md-nav::before", True),
        (":root", True),
        ("*", True),
        ("html .md-typeset__table table", False),
        (".md-tag--green", True),  # a script completes `md-tag--${colour}`
    ],
)
def test_a_selector_is_dropped_only_when_no_element_can_match(selector, possible):
    def known_class(name):
        return name in KNOWN or name.startswith("md-tag--")

    assert can_match(selector, known_class, lambda name: name in KNOWN) is possible


def test_unused_rules_go_inside_media_queries_too():
    css = (
        '@charset "UTF-8";.md-nav{a:b}.admonition,.md-nav__link{c:d}@media '
        "screen{.admonition{e:f}.md-nav{g:h}}@keyframes x{0%{i:j}}"
    )
    assert (
        prune_unused(css, KNOWN) == '@charset "UTF-8";.md-nav{a:b}.md-nav__link{c:d}@media '
        "screen{.md-nav{g:h}}@keyframes x{0%{i:j}}"
    )


def test_braces_and_commas_inside_strings_and_comments_are_not_structure():
    css = '/* a { comment } */.md-nav:after{content:"{,}"}.x{content:"}"}[title="a,b"] .md-nav{k:l}'
    assert prune_unused(css, KNOWN) == '.md-nav:after{content:"{,}"}[title="a,b"] .md-nav{k:l}'
    assert split_top_level(':is(.a,.b),.c[x="1,2"]', ",") == [":is(.a,.b)", '.c[x="1,2"]']


def test_custom_properties_nothing_reads_are_dropped_until_none_is_left():
    css = (
        ':root{--used:1px;--icon:url("data:image/svg+xml;charset=utf-8,<svg/>");'
        "--chain:var(--icon);--read-elsewhere:2}.a{width:var(--used)}"
    )
    assert (
        prune_custom_properties(css, {"--read-elsewhere"})
        == ":root{--used:1px;--read-elsewhere:2}.a{width:var(--used)}"
    )


def test_a_rule_left_empty_goes():
    assert (
        filter_rules(".a{--x:1}.b{c:d}", lambda s: True, lambda body: "" if "--x" in body else body)
        == ".b{c:d}"
    )


def test_palette_css_keeps_only_the_colours_in_use():
    css = (
        "[data-md-color-scheme=slate]{a:b}[data-md-color-primary=red]{c:d}@media "
        "screen{[data-md-color-primary=indigo] .x,[data-md-color-accent=pink] "
        ".y{e:f}}@media print{[data-md-color-accent=red]{g:h}}"
    )
    assert (
        prune_palette(css, {"indigo"})
        == "[data-md-color-scheme=slate]{a:b}@media screen{[data-md-color-primary=indigo] .x{e:f}}"
    )


@pytest.mark.build
@pytest.mark.parametrize("prefix", ["", "fr/"])
def test_built_stylesheets_are_pruned_and_named_by_their_content(site, prefix):
    import material

    theme = next(
        (Path(material.__file__).parent / "templates" / "assets" / "stylesheets").glob(
            "main.*.min.css"
        )
    )
    edition = site / prefix
    for path in (edition / "assets" / "stylesheets").glob("*.min.css"):
        css = path.read_bytes()
        # The name carries the content's hash, so a cached copy pruned for other pages is never
        # reused.
        assert path.name.split(".")[1] == hashlib.sha256(css).hexdigest()[:8]
        for page in edition.glob("*.html"):
            assert f"assets/stylesheets/{path.name}" in page.read_text(encoding="utf-8"), (
                page,
                path.name,
            )
    main = next((edition / "assets" / "stylesheets").glob("main.*.min.css")).read_text(
        encoding="utf-8"
    )
    assert len(main) < 0.7 * theme.stat().st_size
    assert ".md-search-result__meta" in main and ".md-nav__link" in main  # what the pages use stays
    assert (
        ".admonition" not in main and "--md-admonition-icon--bug" not in main
    )  # what none uses goes
    assert not re.search(r"\bkbd\b", main)


def test_the_words_of_a_text_are_the_runs_of_word_bytes_whatever_surrounds_them():
    # words_in splits on every byte that is not [A-Za-z0-9_-] (C code, for a 26 MB search
    # index); it must find exactly the runs the pattern WORD finds, next to any other byte.
    import random

    rng = random.Random(7)
    alphabet = list(b'ab-_Z9 \t\n\r\x0b\x0c\x1c\x1f\x00"\\<>/.:;,{}=') + [
        0xC3,
        0xA9,
        0xE2,
        0x80,
        0xFF,
    ]
    texts = [bytes(rng.choice(alphabet) for _ in range(400)) for _ in range(200)]
    texts.append('<p class="md-nav">Été: «\u00e9t» — a_b-c\\nav</p>'.encode())
    for data in texts:
        runs = set(WORD.findall(data))
        names = frozenset(list(runs)[:50] + [b"absent", b"a", b"-", b"nav"])
        assert words_in(data, names) == {n.decode() for n in names if n in runs}
