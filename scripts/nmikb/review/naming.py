"""How the report names things: a record by its page and title, a fact by its page, anchor and
label, a date by its weekday and precision, a quote with its translations; and the cap on long
lists. Shared by every section (sections.py, attributes.py)."""

from __future__ import annotations

import re

from .claims import Claims, CoverageClaim, DateClaim, Key, RecordRef, Titles
from .compare import Diff
from .hints import day_of
from .styles import Markdown, Plain

SHOWN = 40  # entries per list before "… and N more": a large change stays readable
LANGUAGES = {"en": "English", "fr": "French"}
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    *("", "January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)
# What a date rests on, in words; a date a source states needs no words.
_BASES = {"stated": "", "inferred": "the editors' reading"}

Item = list[str]  # one entry of a section: its line, then the lines under it


def english(value: Titles) -> str:
    return dict(value).get("en", value[0][1] if value else "")


def short(text: str, size: int = 90) -> str:
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


def coverage(c: CoverageClaim) -> str:
    return f"{c.covered}/{c.total} sentences ({100 * c.covered / max(c.total, 1):.0f}%)"


class Namer:
    """Names in the report's style, looked up on the side where the thing exists."""

    def __init__(self, diff: Diff, style: Plain | Markdown):
        self.d, self.s = diff, style

    def capped(self, items: list[Item]) -> list[str]:
        """The first SHOWN items' lines, then how many more items there are."""
        out = [line for item in items[:SHOWN] for line in item]
        if len(items) > SHOWN:
            out.append(self.s.item("note", f"… and {len(items) - SHOWN} more"))
        return out

    def record(self, ref: RecordRef, claims: Claims | None = None) -> str:
        claims = claims or (self.d.new if ref in self.d.new.records else self.d.old)
        r = claims.records.get(ref)
        if r is None:
            return self.s.code("/".join(ref))
        return f"{self.s.code(r.page or r.file)} {self.s.quote(short(english(r.title)))}"

    def kind(self, ref: RecordRef, claims: Claims | None = None) -> str:
        """'event ' before a record's name; nothing for the scope, whose name says it."""
        kind = (claims or self.d.new).records[ref].kind
        return "" if kind == "scope" else f"{kind} "

    def fact(self, key: Key, claims: Claims | None = None) -> str:
        claims = claims or (self.d.new if key[:2] in self.d.new.facts else self.d.old)
        f = claims.facts.get(tuple(key[:2]))
        where = key[0] + (f"#{key[1]}" if key[1] else "")
        label = f" {self.s.quote(short(english(f.label)))}" if f else ""
        return f"{self.s.code(where)}{label}"

    def quote_lines(self, source: str, quote: str, translation: Titles, depth: int) -> Item:
        out = [self.s.item("added", f"{self.s.code(source)}: {self.s.quote(quote)}", depth)]
        out += [
            self.s.item("note", f"{lang}: {self.s.quote(text)}", depth + 1)
            for lang, text in translation
        ]
        return out

    def when(self, date: DateClaim) -> str:
        """'Thursday 17 August 2023 (day, the editors' reading)', 'August 2023 (month)'."""
        day, shown = day_of(date.value), date.value
        if day is not None:
            shown = f"{_DAYS[day.weekday()]} {day.day} {_MONTHS[day.month]} {day.year}"
        elif re.fullmatch(r"\d{4}-\d{2}", shown):
            shown = f"{_MONTHS[int(shown[5:])]} {shown[:4]}"
        what = ", ".join(x for x in (date.precision, _BASES.get(date.basis, date.basis)) if x)
        return f"{shown} ({what})" if what else shown
