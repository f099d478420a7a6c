"""Word-level differences between two texts, for messages and reviews that say which words differ.

A quote that is "not in the source" is usually one word away from it; in a long quote, "the
closest passage" alone leaves the editor comparing two paragraphs by eye. So the words that differ
are marked, with a few words of context around each difference and the rest elided.

Words are what white space separates, punctuation attached (as `git diff --word-diff` does): a
missing comma marks the word it belongs to. The plain notation is git's, readable in a terminal
and in a GitHub annotation (plain text): `[-removed-]{+added+}`. A Markdown renderer writes the
same segments its own way (nmikb/review/).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Literal

# How many unchanged words are kept on each side of a difference; longer runs are elided.
CONTEXT = 4
ELIDED = "…"


@dataclass(frozen=True)
class Segment:
    """A run of words: the same in both texts, only in the old one, or only in the new one."""

    kind: Literal["same", "old", "new", "elided"]
    text: str


def segments(old: str, new: str, context: int | None = CONTEXT) -> list[Segment]:
    """The two texts as runs of common, removed and added words, in reading order; with
    `context`, a common run longer than that on both sides of a difference is cut to its ends."""
    a, b = old.split(), new.split()
    out: list[Segment] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    opcodes = matcher.get_opcodes()
    for n, (op, i1, i2, j1, j2) in enumerate(opcodes):
        if op == "equal":
            words = a[i1:i2]
            first, last = n == 0, n == len(opcodes) - 1
            if context is None or len(opcodes) == 1:
                out.append(Segment("same", " ".join(words)))
                continue
            keep_head = 0 if first else context
            keep_tail = 0 if last else context
            if len(words) <= keep_head + keep_tail:
                out.append(Segment("same", " ".join(words)))
                continue
            if keep_head:
                out.append(Segment("same", " ".join(words[:keep_head])))
            out.append(Segment("elided", ELIDED))
            if keep_tail:
                out.append(Segment("same", " ".join(words[-keep_tail:])))
            continue
        if i2 > i1:
            out.append(Segment("old", " ".join(a[i1:i2])))
        if j2 > j1:
            out.append(Segment("new", " ".join(b[j1:j2])))
    return out


def plain(parts: list[Segment]) -> str:
    """Segments in git's word-diff notation: `keep [-removed-]{+added+} keep`."""
    marks = {"same": "{}", "elided": "{}", "old": "[-{}-]", "new": "{{+{}+}}"}
    out = ""
    for i, part in enumerate(parts):
        # An addition right after a removal touches it, as git writes a replacement.
        glue = "" if i == 0 or (part.kind == "new" and parts[i - 1].kind == "old") else " "
        out += glue + marks[part.kind].format(part.text)
    return out


def marked(old: str, new: str, context: int | None = CONTEXT) -> str:
    """`old` turned into `new`, word by word, in git's notation, the unchanged stretches cut."""
    return plain(segments(old, new, context))
