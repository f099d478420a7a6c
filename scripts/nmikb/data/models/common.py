"""What every kind of record is built from: strict models, one-line texts, ids, abbreviations,
dates known to the year, month or day, and a text in each language of the site."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, WithJsonSchema
from pydantic.functional_validators import AfterValidator, PlainValidator
from pydantic_core import PydanticCustomError

from ..dateforms import right_form

# The languages of the site: every text is written in each, and each has an edition.
LANGS: tuple[str, ...] = ("en", "fr")
Lang = Literal["en", "fr"]
# The languages a source may be written in. Each needs, in every edition, the words "editors'
# translation from <language>" (nmikb/edition/labels.yaml, `translated_from`), so that French
# elision is written, never computed ("de l'anglais", "du néerlandais"); a test holds the two
# lists together.
SOURCE_LANGS: tuple[str, ...] = ("en", "fr", "ar", "de", "es", "it", "nl")
SourceLang = Literal["en", "fr", "ar", "de", "es", "it", "nl"]


class Strict(BaseModel):
    # Unknown fields are typos; numbers or booleans where text belongs are YAML accidents.
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


def _one_line(value: str) -> str:
    if value != value.strip():
        raise PydanticCustomError(
            "text_spaces",
            "text starts or ends with spaces",
            {"fix": "remove the spaces around the text"},
        )
    if not value:
        raise PydanticCustomError(
            "text_empty",
            "text is empty",
            {"fix": "write the text, or remove the field if it is optional"},
        )
    if "\n" in value or "\r" in value or "\t" in value:
        raise PydanticCustomError(
            "text_lines",
            "text has line breaks or tabs",
            {"fix": "keep it to one paragraph; for long lines use `>-` folded style"},
        )
    return value


OneLine = Annotated[str, AfterValidator(_one_line), Field(max_length=2000)]

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


def _slug(value: str) -> str:
    if not re.fullmatch(SLUG, value) or len(value) > 64:
        raise PydanticCustomError(
            "slug",
            "`{value}` is not a valid id",
            {
                "value": value,
                "fix": "use lowercase letters, digits and single hyphens, e.g. `nato-mission-iraq` "
                "(64 characters at most)",
            },
        )
    return value


Slug = Annotated[
    str,
    AfterValidator(_slug),
    WithJsonSchema(
        {"type": "string", "pattern": SLUG, "maxLength": 64, "examples": ["nato-mission-iraq"]}
    ),
]


def _abbr(value: str) -> str:
    if not re.fullmatch(r"[A-ZÀ-Ý][A-Za-zÀ-ÿ0-9]{0,11}", value):
        raise PydanticCustomError(
            "abbr",
            "`{value}` is not an abbreviation",
            {
                "value": value,
                "fix": "use letters and digits only, starting with a capital, e.g. `NAC`",
            },
        )
    return value


Abbr = Annotated[
    str,
    AfterValidator(_abbr),
    WithJsonSchema(
        {"type": "string", "pattern": "^[A-ZÀ-Ý][A-Za-zÀ-ÿ0-9]{0,11}$", "examples": ["NAC"]}
    ),
]


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day, as the source gives it."""

    year: int
    month: int = 0
    day: int = 0

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    @property
    def iso(self) -> str:
        return (
            f"{self.year:04d}"
            + (f"-{self.month:02d}" if self.month else "")
            + (f"-{self.day:02d}" if self.day else "")
        )

    def __str__(self) -> str:
        return self.iso


PRECISION_RANK = {"year": 0, "month": 1, "day": 2}


def _date_fix(value: object) -> str:
    # The exact text to write when the value is a date in another form (17/08/2023, 2018).
    right = right_form(value)
    return "write the date in quotes as YYYY, YYYY-MM or YYYY-MM-DD" + (
        f": {right}" if right else ', e.g. "2023-08-17"'
    )


def _partial_date(value: object) -> PartialDate:
    if isinstance(value, PartialDate):  # made by the code (a short form turned long), not read
        return value
    if not isinstance(value, str):
        raise PydanticCustomError(
            "date_type",
            "a date must be text, got {kind} {value}",
            {"kind": type(value).__name__, "value": repr(value), "fix": _date_fix(value)},
        )
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value)
    if not m:
        raise PydanticCustomError(
            "date_format", "`{value}` is not a date", {"value": value, "fix": _date_fix(value)}
        )
    year, month, day = int(m[1]), int(m[2] or 0), int(m[3] or 0)
    if m[2] and not 1 <= month <= 12:
        raise PydanticCustomError(
            "date_month",
            "`{value}` has no month {month}",
            {"value": value, "month": month, "fix": "months run from 01 to 12"},
        )
    if m[3]:
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise PydanticCustomError(
                "date_day",
                "`{value}` does not exist: {month_name} {year} has {last} days",
                {
                    "value": value,
                    "month_name": calendar.month_name[month],
                    "year": year,
                    "last": last,
                    "fix": "check the day",
                },
            )
    return PartialDate(year, month, day)


Date = Annotated[
    PartialDate,
    PlainValidator(_partial_date),
    PlainSerializer(str),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$",
            "examples": ["2023-08-17", "2018"],
        }
    ),
]


class Text(Strict):
    """The same text in every language of the site."""

    en: OneLine = Field(
        title="English",
        description="The English text (a faithful translation where the source is in another "
        "language).",
        examples=["Creation of the NATO Mission in Iraq (NMI)"],
    )
    fr: OneLine = Field(
        title="French",
        description="The French text (a faithful translation where the source is in another "
        "language).",
        examples=["Création de la mission de l’OTAN en Irak (NMI)"],
    )

    def __getitem__(self, lang: str) -> str:
        return getattr(self, lang)


class Translation(Strict):
    en: OneLine | None = Field(
        None,
        title="English",
        description="The English version; required when the source is not in English.",
        examples=["The decision was taken by the North Atlantic Council"],
    )
    fr: OneLine | None = Field(
        None,
        title="French",
        description="The French version; required when the source is not in French.",
        examples=["La décision a été prise par le Conseil de l’Atlantique Nord"],
    )
