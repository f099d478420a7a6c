"""How an edition writes dates and sizes in its language."""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import cache

from babel.dates import format_date
from babel.numbers import format_decimal

from nmikb.data.models import PartialDate


# Cached whole: a knowledge base of 10,000 events has as many dates, each shown on several pages.
@cache
def format_partial_date(value: PartialDate, lang: str, weekday: bool = True) -> str:
    """'2018', 'August 2023', 'Thursday 17 August 2023' (without the weekday where room is
    short)."""
    if value.precision == "year":
        return str(value.year)
    if value.precision == "month":
        return format_date(date(value.year, value.month, 1), "LLLL y", locale=lang)
    return format_date(
        date(value.year, value.month, value.day),
        "EEEE d MMMM y" if weekday else "d MMMM y",
        locale=lang,
    )


def day_of(stamp: int) -> date:
    """The day of a commit's time (seconds since 1970, UTC)."""
    return datetime.fromtimestamp(stamp, tz=UTC).date()


@cache
def long_date(d: date, lang: str) -> str:
    return format_date(d, "d MMMM y", locale=lang)


def human_size(n: int, lang: str) -> str:
    unit, value = (
        ("B", n) if n < 1024 else ("KB", n / 1024) if n < 1024 * 1024 else ("MB", n / 1024 / 1024)
    )
    unit = {"fr": {"B": "o", "KB": "Ko", "MB": "Mo"}}.get(lang, {}).get(unit, unit)
    return f"{format_decimal(round(value, 1), locale=lang)}\u00a0{unit}"
