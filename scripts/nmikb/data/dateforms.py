"""Dates written in another form than the data's, and the form to write instead.

An editor copies a date as the source prints it: `17/08/2023`, `17 août 2023`, `August 2023`, or
types the year without quotes. The validator then says not only what the form is but the exact
text to write (`"2023-08-17"`). A day and a month that could be either way round (`08/07/2023`)
get both readings, never a guess.
"""

from __future__ import annotations

import calendar
import re

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            (),
            ("january", "jan", "janvier", "janv"),
            ("february", "feb", "février", "fevrier", "févr", "fevr"),
            ("march", "mar", "mars"),
            ("april", "apr", "avril", "avr"),
            ("may", "mai"),
            ("june", "jun", "juin"),
            ("july", "jul", "juillet", "juil"),
            ("august", "aug", "août", "aout"),
            ("september", "sep", "sept", "septembre"),
            ("october", "oct", "octobre"),
            ("november", "nov", "novembre"),
            ("december", "dec", "décembre", "decembre", "déc"),
        ]
    )
    for name in names
}
_MONTH = r"([A-Za-zéû]+)\.?"
_DAY = r"(\d{1,2})(?:st|nd|rd|th|er)?"
_YEAR = r"(\d{4})"
_SEP = r"[/.\-]"
# (pattern, the order of its groups); tried in turn on the whole value, case ignored.
_FORMS = [
    (rf"{_YEAR}{_SEP}(\d{{1,2}}){_SEP}(\d{{1,2}})(?:[T ].*)?", "ymd"),
    (rf"{_YEAR}{_SEP}(\d{{1,2}})", "ym"),
    (rf"(\d{{1,2}}){_SEP}(\d{{1,2}}){_SEP}{_YEAR}", "dmy?"),
    (rf"(\d{{1,2}}){_SEP}{_YEAR}", "my"),
    (rf"{_DAY}\s+{_MONTH}\s+{_YEAR}", "dMy"),
    (rf"{_MONTH}\s+{_DAY},?\s+{_YEAR}", "Mdy"),
    (rf"{_MONTH}\s+{_YEAR}", "My"),
]


def _iso(year: int, month: int = 0, day: int = 0) -> str | None:
    if month and not 1 <= month <= 12:
        return None
    if day and not (month and 1 <= day <= calendar.monthrange(year, month)[1]):
        return None
    return f"{year:04d}" + (f"-{month:02d}" if month else "") + (f"-{day:02d}" if day else "")


def _spelt(year: int, month: int, day: int) -> str:
    return f"{day} {calendar.month_name[month]} {year}"


def right_form(value: object) -> str | None:
    """The text to write instead of `value`, in quotes as YAML needs it (`"2023-08-17"`), both
    readings when the order of day and month is unclear, or None when `value` is no date."""
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
        return f'"{value}"'
    if not isinstance(value, str):
        return None
    text = value.strip()
    for pattern, order in _FORMS:
        m = re.fullmatch(pattern, text, re.IGNORECASE)
        if not m:
            continue
        groups = list(m.groups())
        if "M" in order:
            month = _MONTHS.get(groups[order.index("M")].lower())
            if month is None:
                return None
            groups[order.index("M")] = str(month)
        parts = dict(zip(order.replace("?", "").lower(), map(int, groups), strict=True))
        year, month, day = parts["y"], parts["m"], parts.get("d", 0)
        right = _iso(year, month, day)
        if order == "dmy?" and month != day and month <= 12 and day <= 12:
            other = _iso(year, day, month)
            if right and other:
                return (
                    f'"{right}" ({_spelt(year, month, day)}) or '
                    f'"{other}" ({_spelt(year, day, month)})'
                )
        if right is None and order == "dmy?":
            right = _iso(year, day, month)  # 08/17/2023: only month-first is a date
        return f'"{right}"' if right and right != text else None
    return None


def month_number(name: str) -> int | None:
    """1 for "January", "janvier" or "Jan."; None for a word that names no month."""
    return _MONTHS.get(name.lower().rstrip("."))
