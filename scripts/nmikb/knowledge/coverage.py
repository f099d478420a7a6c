"""How much of each source's body the facts quote: each sentence, and the facts whose quotes
overlap it."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass

from nmikb.data.models import Source
from nmikb.data.quotes import SourceText

from .facts import Fact


@dataclass(frozen=True)
class SentenceView:
    number: int
    text: str
    facts: list[Fact]


def coverage(
    sources: list[Source], texts: dict[str, SourceText], citing: Callable[[str], list[Fact]]
) -> dict[str, list[SentenceView]]:
    """For each source, each sentence of its body and the facts whose quotes overlap it.

    Only the facts that cite a source (`citing`) are matched against it, and each quoted span
    finds its sentences by bisection: the cost grows with the facts, not with facts times
    sentences.
    """
    out = {}
    for source in sources:
        text = texts[source.id]
        sentences = text.sentences
        ends = [s.end for s in sentences]
        hits: list[dict[int, Fact]] = [{} for _ in sentences]
        for number, fact in enumerate(citing(source.id)):
            for c in fact.citations:
                if c.source != source.id:
                    continue
                for a, b in text.spans(c.quote):
                    i = bisect_left(ends, a + 1)  # first sentence ending after the span starts
                    while i < len(sentences) and sentences[i].start < b:
                        hits[i].setdefault(number, fact)  # a fact once per sentence
                        i += 1
        out[source.id] = [
            SentenceView(s.number, s.text, [hits[k][n] for n in sorted(hits[k])])
            for k, s in enumerate(sentences)
        ]
    return out
