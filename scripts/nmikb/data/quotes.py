"""Finding quoted passages in sources, and which sentences of a source the facts cover."""

from __future__ import annotations

import difflib
import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from functools import lru_cache

# The only differences a quote may have from its source: the kind of apostrophe, the kind of
# quotation mark and the amount of white space. Words and punctuation must be the same.
_QUOTES = re.compile(r"\s*[«»“”„\"]\s*")
_SPACE = re.compile(r"\s+")
# A sentence ends at . ! or ?, perhaps closed by a quotation mark, before a capital or an opening
# quote.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[«“\"A-ZÀ-Ý])|(?<=[.!?][»”\"])\s+(?=[«“\"A-ZÀ-Ý])")


# What opens a sentence, in the normalized text (its quotation marks are all `"`).
_OPENING = re.compile(r'["A-ZÀ-Ý]')

_APOSTROPHE_CHARS = ("’", "‘", "ʼ", "`")
_QUOTE_CHARS = ("«", "»", "“", "”", "„", '"')


def normalize(text: str) -> str:
    # Each step only where it has something to do, over the texts of hundreds of sources and
    # tens of thousands of quotes: `mark in text` and str.replace scan for one character at C
    # speed, where str.translate and a set's isdisjoint look each character up in a table
    # (splitting the 2 MB of texts of 200 sources into sentences took 0.45 s with them, 0.23 s
    # without).
    for mark in _APOSTROPHE_CHARS:
        if mark in text:
            text = text.replace(mark, "'")
    if any(mark in text for mark in _QUOTE_CHARS):
        text = _QUOTES.sub('"', text)
    return " ".join(text.split())  # runs of white space (str.isspace, as \s) as one space


# Each quote is looked for when it is checked, and again when coverage is measured.
_normalized_quote = lru_cache(maxsize=1 << 16)(normalize)


@dataclass(frozen=True)
class Sentence:
    number: int
    text: str
    start: int  # offsets in the normalized source
    end: int


class SourceText:
    """A source's text, normalized once, with its body split into sentences. Without body_start
    and body_end (a stored excerpt), the whole text is the body."""

    def __init__(self, raw: str, body_start: str | None, body_end: str | None):
        self.raw = raw
        self.norm = normalize(raw)
        self.body_span = (
            self._body(body_start, body_end)
            if body_start is not None and body_end is not None
            else (0, len(self.norm))
        )
        # Split once: the body's sentences are those of the whole text inside the body,
        # numbered from 1 (splitting is most of the cost of reading a long text).
        self.all_sentences = self._split()
        # Where lines start and end, in the normalized text: a body may start on the line after
        # a title or a date line that has no full stop.
        self.line_starts, self.line_ends = (
            self._lines() if body_start else (frozenset(), frozenset())
        )
        if self.body_span:
            first, last = self.body_span
            # A sentence that runs over the body's start or end is cut there: a title or a date
            # line with no full stop, followed by the body on the next line, reads as one
            # sentence with it, and the body's first sentence would otherwise not count.
            inside = [
                self._clip(s, first, last)
                for s in self.all_sentences
                if s.end > first and s.start < last
            ]
            self.sentences = [Sentence(n, s.text, s.start, s.end) for n, s in enumerate(inside, 1)]
        else:
            self.sentences = []
        self._ends = [s.end for s in self.all_sentences]

    def sentence_around(self, offset: int) -> Sentence | None:
        """The sentence of the whole text that holds the character at `offset`."""
        i = bisect_right(self._ends, offset)  # the first sentence ending after it
        if i < len(self.all_sentences) and self.all_sentences[i].start <= offset:
            return self.all_sentences[i]
        return None

    def find(self, quote: str) -> int:
        """Offset of the quote in the normalized text, or -1."""
        needle = _normalized_quote(quote)
        return self.norm.find(needle) if needle else -1

    def spans(self, quote: str) -> list[tuple[int, int]]:
        """Every place the quote occurs (the article's header repeats a paragraph)."""
        needle = _normalized_quote(quote)
        out, at = [], self.norm.find(needle) if needle else -1
        while at >= 0:
            out.append((at, at + len(needle)))
            at = self.norm.find(needle, at + 1)
        return out

    def closest(self, quote: str) -> str:
        """The passage of the source most like the quote, for a helpful error message."""
        needle = normalize(quote)
        size = len(needle)
        best, best_ratio = "", 0.0
        words = [m.start() for m in re.finditer(r"\S+", self.norm)]
        for start in words:
            candidate = self.norm[start : start + size]
            ratio = difflib.SequenceMatcher(None, needle, candidate, autojunk=False).quick_ratio()
            if ratio > best_ratio:
                candidate_ratio = difflib.SequenceMatcher(
                    None, needle, candidate, autojunk=False
                ).ratio()
                if candidate_ratio > best_ratio:
                    best, best_ratio = candidate, candidate_ratio
        # End on a word boundary, so the suggestion can be copied as it is.
        end = self.norm.find(best) + len(best)
        # (a quotation mark ends the word: the normalized text writes `Ville."Le` for `Ville.» Le`)
        tail = re.match(r'[^\s"]*', self.norm[end:])
        return best + (tail.group(0) if tail else "")

    def _body(self, body_start: str, body_end: str) -> tuple[int, int] | None:
        start = self.find(body_start)
        end = self.norm.find(normalize(body_end), max(start, 0))
        if start < 0 or end < 0:
            return None
        return start, end + len(normalize(body_end))

    def _clip(self, s: Sentence, first: int, last: int) -> Sentence:
        """The part of a sentence between the offsets `first` and `last`, its text as written."""
        if s.start >= first and s.end <= last:
            return s
        start, end = max(s.start, first), min(s.end, last)
        target, text = self.norm[start:end], s.text
        # The raw words that normalize to that part: the text keeps its own quotation marks.
        # Looked for from the side that is kept, and no further than its length: a sentence cut
        # at a line may be long (a saved page's menu before the body), the part kept is not.
        if start > s.start:
            text = _tail(text, target)
        if end < s.end:
            text = _head(text, target)
        if normalize(text) != target:  # pragma: no cover - the normalized words, then
            text = target
        return replace(s, text=text, start=start, end=end)

    def opens_at_line(self, offset: int) -> bool:
        """Whether a sentence may be taken to start at `offset` although the text has no full
        stop before it: it starts a line with a capital or a quotation mark, and what it would
        cut off its sentence is whole lines (a title, a date line). A line of hard-wrapped text
        that starts mid-sentence is not such a place (unless a name starts it)."""
        around = self.sentence_around(offset)
        return (
            offset in self.line_starts
            and _OPENING.match(self.norm, offset) is not None
            and (around is None or around.start in self.line_starts)
        )

    def closes_at_line(self, end: int) -> bool:
        """Whether a sentence may be taken to end at `end` (exclusive) although the text has no
        full stop there: it ends a line, the next line opens as a sentence would, and its
        sentence goes on with whole lines only."""
        around = self.sentence_around(end - 1)
        following = self.norm[end : end + 2].lstrip()
        return (
            end in self.line_ends
            and (not following or _OPENING.match(following) is not None)
            and (around is None or around.end in self.line_ends)
        )

    def line_opening_before(self, offset: int, floor: int) -> int:
        """The last place between `floor` and `offset` where a sentence may open at a line
        (opens_at_line), or `floor`: where to suggest a body start from."""
        best = floor
        for at in self.line_starts:
            if best < at <= offset and _OPENING.match(self.norm, at):
                best = at
        return best

    def _lines(self) -> tuple[frozenset[int], frozenset[int]]:
        starts, ends, cursor = set(), set(), 0
        for line in self.raw.splitlines():
            norm = normalize(line)
            at = self.norm.find(norm, cursor) if norm else -1
            if at < 0:
                continue
            cursor = at + len(norm)
            starts.add(at)
            ends.add(cursor)
        return frozenset(starts), frozenset(ends)

    def _split(self) -> list[Sentence]:
        """Sentences of the raw text, located in the normalized text, in order."""
        out: list[Sentence] = []
        cursor = 0
        for paragraph in re.split(r"\n\s*\n", self.raw):
            for piece in _SENTENCE_END.split(paragraph):
                norm = normalize(piece)
                if not norm:
                    continue
                at = self.norm.find(norm, cursor)
                if at < 0:  # pragma: no cover - every piece comes from the text itself
                    continue
                cursor = at + len(norm)
                out.append(Sentence(len(out) + 1, _SPACE.sub(" ", piece).strip(), at, cursor))
        return out


def _tail(text: str, target: str) -> str:
    """The end of `text` whose normalized form is `target` (text when there is none)."""
    for i in range(len(text) - 1, -1, -1):
        found = normalize(text[i:])
        if found == target:
            return text[i:].lstrip()
        if len(found) > len(target) + 1:
            break
    return text


def _head(text: str, target: str) -> str:
    """The start of `text` whose normalized form is `target` (target itself when there is none)."""
    for i in range(1, len(text) + 1):
        found = normalize(text[:i])
        if found == target:
            return text[:i].rstrip()
        if len(found) > len(target) + 1:
            break
    return target
