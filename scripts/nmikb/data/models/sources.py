"""A source as it really is: who issued, wrote and published it, whether it is the issuer's own
words or a report about them, what the project stores of its text, and where its date comes from."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Discriminator, Field, Tag, model_validator
from pydantic_core import PydanticCustomError

from .claims import Citation, ContextNotes, DateValue
from .common import Date, OneLine, Slug, SourceLang, Strict, Text


class EntityRef(Strict):
    """An organisation, newspaper or person of the knowledge base: named as its record names it in
    each edition (NATO, OTAN)."""

    entity: Slug = Field(title="Entity", description="The id of an entity.", examples=["nato"])


def _agent_form(value: object) -> str:
    # Read from YAML (a dict) or made already (a model, when it is written back out).
    if isinstance(value, dict):
        return "<entity>" if "entity" in value else "<names>"
    if isinstance(value, EntityRef):
        return "<entity>"
    return "<names>" if isinstance(value, Text) else "<name>"


# Who issued, wrote or published a document: a name the same in every language (`Belga`), a name
# per language (`{en: NATO Press Office, fr: Service de presse de l'OTAN}`), or an entity of the
# knowledge base (`{entity: nato}`), whose name each edition gives.
Agent = Annotated[
    Annotated[OneLine, Tag("<name>")]
    | Annotated[Text, Tag("<names>")]
    | Annotated[EntityRef, Tag("<entity>")],
    Discriminator(_agent_form),
]


def _date_form(value: object) -> str:
    return "<long>" if isinstance(value, dict | DateValue) else "<short>"


# A document's own date: text is the short form (stated by its stored text), a mapping the long
# one (with its basis: stated, the page's metadata, or inferred by the editors).
SourceDate = Annotated[
    Annotated[Date, Tag("<short>")] | Annotated[DateValue, Tag("<long>")],
    Discriminator(_date_form),
]

SourceKind = Literal[
    "press-release",
    "communique",
    "statement",
    "press-review",
    "news-article",
    "press-article",
    "agency-dispatch",
    "report",
    "web-page",
    "document",
]
# The issuer's own words, and reports about them; the other kinds may be either (`role`).
PRIMARY_KINDS = frozenset({"press-release", "communique", "statement"})
SECONDARY_KINDS = frozenset({"press-review", "news-article", "press-article", "agency-dispatch"})
Role = Literal["primary", "secondary"]
Stored = Literal["complete", "excerpt", "none"]
TitleStatus = Literal["own", "not-stored", "none"]


class Reviewed(Strict):
    """The publication a press review reports on, and the date of that edition."""

    publication: Agent = Field(
        title="Reviewed publication",
        description="The newspaper or outlet the review reports on.",
        examples=[{"entity": "le-soir"}, "Le Soir"],
    )
    date: SourceDate = Field(
        title="Its date",
        description="The date of the reviewed edition, with its basis when it is the editors' "
        "reading (e.g. of the byline).",
        examples=["2023-08-17"],
    )


class Reproduces(Strict):
    """This document is a copy of another, published at another address."""

    url: str = Field(
        title="Original's address",
        pattern=r"^https://[A-Za-z0-9.-]+(/[A-Za-z0-9._~%/-]*)?$",
        description="Where the original is published.",
        examples=["https://www.nato.int/cps/en/natohq/news_217653.htm"],
    )
    source: Slug | None = Field(
        None,
        title="Original's record",
        description="The original's id, when it is a source of the knowledge base too.",
        examples=["nato-2023-08-17"],
    )


class SourceTitle(Strict):
    """A title, and whether it is the document's own as stored here."""

    text: Text = Field(
        title="Title",
        description="In both languages; a document's own title is written as it is in both.",
    )
    status: TitleStatus = Field(
        title="Status",
        description="`own`: the document's title, as the stored text gives it; `not-stored`: the "
        "stored copy holds no title (the document may have one), the editors supply one, shown in "
        "[brackets]; `none`: the document has no title, the editors describe it in [brackets].",
        examples=["own"],
    )


class Source(Strict):
    """A document that facts are quoted from, kept byte for byte under `seeds/` when it can be."""

    id: Slug = Field(
        title="Id",
        description="Stable identifier that citations use; name it after the publication and date.",
        examples=["lesoir-2023-08-17"],
    )
    kind: SourceKind = Field(
        title="Kind of document",
        description="press-release, communique, statement (the issuer's own words); "
        "press-review, news-article, agency-dispatch (reports); report, web-page, document "
        "(either: say which with `role`).",
        examples=["press-review"],
    )
    role: Role | None = Field(
        None,
        title="Primary or secondary",
        description="`primary`: the issuer's own words; `secondary`: a report about them. Implied "
        "by the kind, except for report, web-page and document.",
        examples=["secondary"],
    )
    language: SourceLang = Field(
        title="Language of the source",
        description="The language quotes are in; every site language other than it needs a "
        "translation of each quote.",
        examples=["fr"],
    )
    title: SourceTitle = Field(
        title="Title",
        description="The document's own title, or one the editors supply (and its status).",
    )
    issuer: Agent | None = Field(
        None,
        title="Issuer",
        description="Whose own words these are (a primary source): usually `{entity: <id>}`.",
        examples=[{"entity": "nato"}],
    )
    author: Agent | None = Field(
        None,
        title="Author or agency",
        description="Who wrote it, as its byline gives it; leave it out when there is none.",
        examples=["Belga", {"entity": "belga"}],
    )
    publisher: Agent | None = Field(
        None,
        title="Publisher",
        description="Who published this document, when known.",
    )
    reviewed: Reviewed | None = Field(
        None,
        title="Reviewed publication",
        description="For a press review: the publication it reviews, and that edition's date.",
    )
    reports_on: list[Slug] = Field(
        default_factory=list,
        title="Reports on",
        description="For a report: the sources of this knowledge base whose content it reports "
        "(an issuer's release it relays).",
        examples=[["nato-2023-08-17"]],
    )
    reproduces: Reproduces | None = Field(
        None,
        title="Reproduces",
        description="When this document is a copy of one published elsewhere: the original.",
    )
    date: SourceDate = Field(
        title="Date of the document",
        description="As precise as its basis allows: text when the stored text states it; "
        "`{on, basis: metadata, quote}` when it comes from the saved page's metadata.",
        examples=["2023-08"],
    )
    url: str | None = Field(
        None,
        title="Address",
        pattern=r"^https://[A-Za-z0-9.-]+(/[A-Za-z0-9._~%/-]*)?$",
        description="Public https address of this document, if any.",
        examples=["https://www.lesoir.be/"],
    )
    retrieved: Date | None = Field(
        None,
        title="Retrieved on",
        description="When the stored copy was taken from `url`, if someone recorded it.",
        examples=["2023-08-18"],
    )
    stored: Stored = Field(
        "complete",
        title="Stored text",
        description="`complete`: the whole text is under seeds/; `excerpt`: part of it; `none`: "
        "no stored text (its quotes are shown as not checked).",
    )
    file: str | None = Field(
        None,
        title="File",
        description="Path of the stored copy, relative to the project root (not with "
        "`stored: none`).",
        pattern=r"^seeds/[A-Za-z0-9._-]+\.txt$",
        examples=["seeds/lesoir-2023-08-17-belga-otan-irak.txt"],
    )
    body_start: OneLine | None = Field(
        None,
        title="Body starts with",
        description="The first words of the body's first sentence; coverage counts its "
        "sentences from here (required for a complete text).",
        examples=["L’Otan a annoncé jeudi"],
    )
    body_end: OneLine | None = Field(
        None,
        title="Body ends with",
        description="The last words of the body's last sentence, with its final mark.",
        examples=["dirigée par les Etats-Unis."],
    )
    where: Text | None = Field(
        None,
        title="Where to find it",
        description="For a document with no stored text and no address: where a reader can "
        "consult it (an archive, a printed register).",
    )
    attribution: list[Citation] = Field(
        default_factory=list,
        title="Attribution",
        description="Passages of the stored text that state its origin (byline, credits); never "
        "counted as coverage of its body.",
    )
    context: ContextNotes

    @property
    def primary(self) -> bool:
        if self.role is not None:
            return self.role == "primary"
        return self.kind in PRIMARY_KINDS

    @property
    def dated(self) -> DateValue:
        """The document's own date in its one shape."""
        return self.date if isinstance(self.date, DateValue) else DateValue(on=self.date)

    @model_validator(mode="after")
    def _coherent(self):
        def refuse(code: str, message: str, fix: str, **values) -> None:
            raise PydanticCustomError(code, message, {**values, "fix": fix})

        either = self.kind not in PRIMARY_KINDS | SECONDARY_KINDS
        if either and self.role is None:
            refuse(
                "source_role",
                "a `{kind}` may be the issuer's own words or a report about them",
                "add `role: primary` or `role: secondary`",
                kind=self.kind,
            )
        if (
            not either
            and self.role is not None
            and self.role != ("primary" if self.kind in PRIMARY_KINDS else "secondary")
        ):
            refuse(
                "source_role_kind",
                "a `{kind}` is {implied}",
                "remove `role` (the kind says it), or choose the kind that fits",
                kind=self.kind,
                implied="the issuer's own words"
                if self.kind in PRIMARY_KINDS
                else "a report about others' words",
            )
        if self.primary and self.issuer is None:
            refuse(
                "source_issuer",
                "a primary source is its issuer's own words and names its issuer",
                "add `issuer: {entity: <id>}` (or its name as text)",
            )
        if self.kind == "press-review" and self.reviewed is None:
            refuse(
                "reviewed",
                "a press review names the publication it reviews",
                "add `reviewed: {publication: …, date: …}`",
            )
        if self.retrieved is not None and self.url is None:
            refuse(
                "retrieved_url",
                "a retrieval date needs the address it was retrieved from",
                "add `url:`, or remove `retrieved:`",
            )
        if self.reproduces is not None and self.reproduces.url == self.url:
            refuse(
                "reproduces_same",
                "the copy's address and the original's are the same",
                "if this document is the original, remove `reproduces`",
            )
        if self.stored == "none":
            if self.file or self.body_start or self.body_end:
                refuse(
                    "stored_none",
                    "a source with no stored text has no `file`, `body_start` or `body_end`",
                    "remove them, or say `stored: complete` and store the text under seeds/",
                )
            if self.url is None and self.where is None:
                refuse(
                    "stored_where",
                    "nothing tells a reader where to find this document",
                    "add its `url`, or `where: {en: …, fr: …}` (an archive, a printed register)",
                )
        else:
            if self.file is None:
                refuse(
                    "stored_file",
                    "a stored text needs its `file`",
                    "add `file: seeds/<name>.txt`, or say `stored: none`",
                )
            if self.stored == "complete" and (self.body_start is None or self.body_end is None):
                refuse(
                    "stored_body",
                    "a complete text names where its body starts and ends",
                    "add `body_start:` and `body_end:` (the first and last words of the body)",
                )
        dated = self.dated
        if dated.unknown:
            refuse(
                "source_date_unknown",
                "a document's date is needed, as precise as its basis allows",
                'give at least the year (`date: "2023"`)',
            )
        return self
