"""Days that new quotes name, set against the date of the fact they are cited for.

The data model cannot yet record that two sources disagree on a date: a quote that says "on
Friday" for an event dated Thursday is just one more citation, and the build accepts it. A
reviewer should not have to notice that by reading every quote, so the diff reads the new quotes
(and their translations) for the days they name — weekdays and dates, in English and French —
and lists those that differ from the date the fact carries. It is a reading, shown as such: a
weekday may belong to another event the sentence mentions.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from nmikb.data.dateforms import month_number

_WEEKDAYS = {
    name: n
    for n, names in enumerate(
        [
            ("monday", "lundi"),
            ("tuesday", "mardi"),
            ("wednesday", "mercredi"),
            ("thursday", "jeudi"),
            ("friday", "vendredi"),
            ("saturday", "samedi"),
            ("sunday", "dimanche"),
        ]
    )
    for name in names
}
_WEEKDAY = re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")\b", re.IGNORECASE)
_MONTH = r"([A-Za-zéûÉÛ]{3,9})"
_DAY_MONTH = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th|er)?\s+{_MONTH}(?:\s+(\d{{4}}))?\b"
    rf"|\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?\b"
    r"|\b(\d{4})-(\d{2})-(\d{2})\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Mention:
    """A day a text names: its words, and the weekday or the date they give."""

    words: str
    weekday: int | None = None  # Monday is 0
    month: int = 0
    day: int = 0
    year: int = 0  # 0 when the text gives no year


def mentions(text: str) -> list[Mention]:
    """Every weekday and every day of a month that `text` names, in order."""
    out = [Mention(m[0], weekday=_WEEKDAYS[m[1].lower()]) for m in _WEEKDAY.finditer(text)]
    for m in _DAY_MONTH.finditer(text):
        if m[7]:  # 2023-08-17
            year, month, day = int(m[7]), int(m[8]), int(m[9])
        elif m[1]:  # 17 August 2023
            day, month, year = int(m[1]), month_number(m[2]) or 0, int(m[3] or 0)
        else:  # August 17, 2023
            month, day, year = month_number(m[4]) or 0, int(m[5]), int(m[6] or 0)
        if 1 <= month <= 12 and 1 <= day <= 31:
            out.append(Mention(m[0], month=month, day=day, year=year))
    return out


def disagrees(mention: Mention, date: datetime.date) -> bool:
    """Whether a named day cannot be `date`."""
    if mention.weekday is not None:
        return mention.weekday != date.weekday()
    if mention.year and mention.year != date.year:
        return True
    return (mention.month, mention.day) != (date.month, date.day)


def day_of(iso: str) -> datetime.date | None:
    """The day of a date known to the day ("2023-08-17"); None for a month or a year."""
    try:
        return datetime.date.fromisoformat(iso) if len(iso) == 10 else None
    except ValueError:
        return None
