"""Just enough CSS to prune a stylesheet safely: a tokenizer that finds the structure of a
stylesheet (rules, at-rules, selectors, declarations) without being fooled by strings, comments
or escapes, and a matcher that tells whether a selector could match any element of some pages.

nmikb/site/slim.py decides what to prune with these; nothing here knows about the theme or the
site.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

# At-rules whose body holds ordinary rules: prune inside them. Others (@keyframes, @font-face,
# @page...) are kept whole.
_GROUPING = ("@media", "@supports", "@layer", "@container")
# Pseudo-classes that match when any of their arguments does; the others (:not, :has, :nth-*)
# are left alone, which keeps their rules.
_ANY_OF = {"is", "where", "matches", "-webkit-any", "-moz-any"}


def filter_rules(
    css: str, keep: Callable[[str], bool], declarations: Callable[[str], str] | None = None
) -> str:
    """`css` with only the selectors for which `keep` is true, and each rule's declarations
    passed through `declarations`; rules left without selectors or declarations go."""
    out = []
    for prelude, body in _rules(css):
        head = prelude.strip()
        if body is None:
            out.append(f"{head};")
        elif head.startswith(_GROUPING):
            inner = filter_rules(body, keep, declarations)
            if inner:
                out.append(f"{head}{{{inner}}}")
        elif head.startswith("@"):
            out.append(f"{head}{{{body}}}")
        else:
            selectors = [s for s in split_top_level(head, ",") if keep(s)]
            if declarations is not None:
                body = declarations(body)
            if selectors and body.strip():
                out.append(f"{','.join(selectors)}{{{body}}}")
    return "".join(out)


def can_match(
    selector: str, known_class: Callable[[str], bool], known_element: Callable[[str], bool]
) -> bool:
    """False only when the selector needs a class, or an element, that no page can have."""
    rest = []
    i = 0
    while i < len(selector):
        ch = selector[i]
        if ch in "\"'":
            i = _skip_string(selector, i)
        elif ch == "\\":
            rest.append(selector[i : i + 2])
            i += 2
        elif ch == "[":
            i = _skip_block(selector, i, "[", "]")  # attribute values may contain dots
        elif ch == ":" and (m := re.match(r"::?([\w-]+)\(", selector[i:])):
            open_at = i + m.end() - 1
            end = _skip_block(selector, open_at, "(", ")")
            if m.group(1).lower() in _ANY_OF:
                alternatives = split_top_level(selector[open_at + 1 : end - 1], ",")
                # Each alternative is asked, not only up to the first that can match: a caller
                # collecting the names a stylesheet asks about (slim.css_names) sees them all.
                matches = [can_match(alt, known_class, known_element) for alt in alternatives]
                if not any(matches):
                    return False
            i = end
        else:
            rest.append(ch)
            i += 1
    simple = "".join(rest)
    classes = re.findall(r"\.((?:[\w-]|\\.)+)", simple)
    if not all(known_class(re.sub(r"\\(.)", r"\1", name)) for name in classes):
        return False
    # Element names (`kbd`, `video`): what is left once classes, ids and pseudo-classes go.
    elements = re.findall(r"[a-zA-Z][\w-]*", re.sub(r"(?:[.#]|::?)(?:[\w-]|\\.)+", " ", simple))
    return all(known_element(name.lower()) for name in elements)


def split_top_level(text: str, sep: str) -> list[str]:
    """`text` split at `sep`, except inside parentheses, brackets or strings."""
    parts, depth, start = [], 0, 0
    for i, ch in _structure(text):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch == sep and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


_COMMENT = re.compile(r"/\*.*?\*/", re.S)


def _rules(css: str) -> Iterator[tuple[str, str | None]]:
    """Top-level (prelude, body) pairs; body is None for a statement such as `@charset "x";`.
    Comments between rules are dropped."""
    start, depth, body_at, prelude = 0, 0, 0, ""
    for i, ch in _structure(css):
        if ch == "{":
            if depth == 0:
                prelude, body_at = _COMMENT.sub("", css[start:i]), i + 1
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                yield prelude, css[body_at:i]
                start = i + 1
        elif ch == ";" and depth == 0:
            yield _COMMENT.sub("", css[start:i]), None
            start = i + 1


def rule_bodies(css: str) -> Iterator[str]:
    """The declaration blocks of every ordinary rule, inside @media and the like too."""
    for prelude, body in _rules(css):
        head = prelude.strip()
        if body is not None and head.startswith(_GROUPING):
            yield from rule_bodies(body)
        elif body is not None and not head.startswith("@"):
            yield body


def _skip_block(text: str, at: int, opening: str, closing: str) -> int:
    """Index just past the `closing` that matches the `opening` at `at`."""
    depth = 0
    for i, ch in _structure(text, at):
        if ch == opening:
            depth += 1
        elif ch == closing:
            depth -= 1
            if depth == 0:
                return i + 1
    return len(text)


# A string, a comment or an escape (all skipped whole), or one character that can be structure.
_TOKEN = re.compile(
    r""""(?:[^"\\]|\\.)*"?|'(?:[^'\\]|\\.)*'?|/\*.*?(?:\*/|$)|\\.|([{}()\[\];,])""", re.S
)


def _structure(text: str, i: int = 0) -> Iterator[tuple[int, str]]:
    """Each character of `text` from i that can be structure (`{}()[];,`): not inside a string
    or a comment, not escaped. So a `{` in `content:"{"` or a `,` in `[title="a,b"]` does not
    count."""
    for m in _TOKEN.finditer(text, i):
        if m.group(1):
            yield m.start(), m.group(1)


def _skip_string(text: str, i: int) -> int:
    m = _TOKEN.match(text, i)
    # text[i] is a quote, and the string alternatives match from any quote (the closing one is
    # optional).
    assert m is not None
    return m.end()
