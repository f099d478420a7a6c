"""`make new-event ID=…` and friends: a new record file with a commented, valid skeleton.

The skeleton validates as it is (its placeholder quote is the first words of its source's body),
so an editor can build and preview at once, then replace each TODO. A record quotes the source
the editor names (`SOURCE=`); with one source in the knowledge base it is that one, with several
the command asks which. A new source's skeleton (`make new-source`) describes its stored text
when there is one (`FILE=`), or says where the document can be read when there is none.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from nmikb.data.models import LANGS, SLUG, SOURCE_LANGS, Source
from nmikb.data.problems import Problem, ProblemsFound
from nmikb.data.quotes import SourceText
from nmikb.data.registry import KIND_BY_NAME, RESERVED_IDS, record_file
from nmikb.knowledge.base import KnowledgeBase
from nmikb.knowledge.load import load_knowledge_base
from nmikb.system.project import UsageError

# The kinds an editor scaffolds.
KINDS = ("event", "entity", "term", "source")

_CITATION = """  - source: {source}
    quote: {quote}  # TODO: the passage of {where} that {supports}
{translation}"""

_TEMPLATES = {
    "event": """
# New event: replace each TODO; keep the quote word for word (see CONTRIBUTING.md).
id: {id}
date: {date}  # "YYYY", "YYYY-MM" or "YYYY-MM-DD", as precise as the sources allow
title:
  en: "TODO: short headline in English"
  fr: "TODO : titre court en français"
summary:
  en: "TODO: what happened, in one or two sentences"
  fr: "TODO : ce qui s’est passé, en une ou deux phrases"
actors: []  # ids of entities (file names in data/entities/), e.g. [nac, nmi]
citations:
{citation}""",
    "entity": """
# New entity: replace each TODO; keep the quote word for word (see CONTRIBUTING.md).
id: {id}
kind: group  # alliance, council, mission, country, government, ministry, office, command, …
name:
  en: "TODO: name in English"
  fr: "TODO : nom en français"
description:
  en: "TODO: one sentence saying what it is"
  fr: "TODO : une phrase qui dit ce que c’est"
citations:
{citation}""",
    "term": """
# New glossary term: replace each TODO; keep the quote word for word (see CONTRIBUTING.md).
id: {id}
en: {{full: "TODO: English term"}}  # add abbr: ABC for a tooltip
fr: {{full: "TODO : terme français"}}
definition:
  en: "TODO: one or two sentences"
  fr: "TODO : une ou deux phrases"
related: []
citations:
{citation}""",
}

_SOURCE = """
# New source: replace each TODO (CONTRIBUTING.md, "Adding a source").
id: {id}
# press-release, communique, statement (the issuer's own words); press-review, news-article,
# agency-dispatch (reports); report, web-page, document (either: then add `role:`).
kind: {kind}
language: {lang}
title:
  # own: the document's title, as its stored text gives it; not-stored: the stored copy lacks
  # it; none: the document has none (the site shows the editors' words in [brackets]).
  status: not-stored
  text:
    en: "TODO: the title in English"
    fr: "TODO : le titre en français"
{who}date: {date}  # as precise as the document gives it
{stored}"""

_STORED = """file: {file}
# TODO check: the first words of the body's first sentence (a title or byline is not the body)
# and the last words of its last sentence, with its final mark (between them, coverage counts
# the sentences). Guessed from the file's first and last sentences.
body_start: {start}
body_end: {end}
"""

_NOT_STORED = """stored: none  # no copy under seeds/: its quotes are shown as not checked
# Where a reader can read it; an address goes in `url: https://…` (then `where` may go).
where:
  en: "TODO: where a reader can find the document"
  fr: "TODO : où un lecteur peut trouver le document"
"""

# Who a document is by, by kind: the issuer of a primary source; a report's byline.
_WHO_PRIMARY = 'issuer: "TODO: whose own words these are" # or {entity: <id>}\n'
_WHO_REPORT = 'author: "TODO: the byline as the document gives it" # remove if there is none\n'
_WHO_REVIEW = (
    _WHO_REPORT + "reviewed:\n"
    '  publication: "TODO: the newspaper it reviews"\n'
    '  date: "2023-08-17"  # TODO: the date of that edition\n'
)


def new_entry(
    root: Path,
    kind: str,
    ident: str,
    date: str | None = None,
    source: str | None = None,
    file: str | None = None,
    lang: str | None = None,
    source_kind: str | None = None,
) -> Path:
    """Write a skeleton `kind` record with id `ident` to its own file; the data must stay valid, or
    nothing changes."""
    root = Path(root)
    record = KIND_BY_NAME[kind]
    # A bad id is a mistake in the command, not in a file: no file:line:col to point at.
    if not re.fullmatch(SLUG, ident) or len(ident) > 64:
        raise UsageError(
            f"--id `{ident}` is not a valid id — use lowercase letters, digits and single "
            "hyphens, at most 64 characters, e.g. `nato-summit-2024`"
        )
    if ident in RESERVED_IDS:
        raise UsageError(f"--id `{ident}` is reserved for a list page — choose another id")
    display = record_file(record, ident)
    path = root / display
    if path.exists():
        raise ProblemsFound(
            [
                Problem(
                    display,
                    1,
                    1,
                    "id",
                    f"{'an' if kind[0] in 'aeiou' else 'a'} {kind} `{ident}` already exists",
                    "choose another id for the new record",
                )
            ]
        )
    kb = load_knowledge_base(root)
    header = f"# yaml-language-server: $schema=../schema/{record.schema}\n"
    if kind == "source":
        body = _source(root, ident, date, file, lang, source_kind)
    else:
        src = _quoted(kb, source)
        on = src.dated.on
        body = (
            _TEMPLATES[kind]
            .lstrip("\n")
            .format(
                id=ident,
                date=json.dumps(date or (on.iso if on else "2023")),
                citation=_citation(kb, src, kind),
            )
        )
    path.write_text(header + body, encoding="utf-8")
    try:
        load_knowledge_base(root)
    except ProblemsFound:
        path.unlink()  # leave the data exactly as it was
        raise
    return path


def _quoted(kb: KnowledgeBase, source: str | None) -> Source:
    """The source a new record quotes: the one named, or the only one there is."""
    if source is not None:
        if source not in kb.source:
            raise UsageError(
                f"--source `{source}`: no such source — name one of data/sources/: "
                + ", ".join(s.id for s in kb.sources[:10])
                + (", …" if len(kb.sources) > 10 else "")
            )
        return kb.source[source]
    if len(kb.sources) == 1:
        return kb.sources[0]
    raise UsageError(
        "name the source the new record quotes: add SOURCE=<id> (--source), one of "
        + ", ".join(s.id for s in kb.sources[:10])
        + (", …" if len(kb.sources) > 10 else "")
    )


def _citation(kb: KnowledgeBase, src: Source, kind: str) -> str:
    text = kb.texts.get(src.id)
    # The first words of the body: a quote the source holds, so the skeleton validates.
    quote = src.body_start or (text.sentences[0].text if text and text.sentences else "")
    if not quote:
        quote = "TODO: the passage, word for word"
    translation = "".join(
        f'      {lang}: "TODO: faithful translation of the quote"\n'
        for lang in LANGS
        if lang != src.language
    )
    return _CITATION.format(
        source=src.id,
        quote=json.dumps(quote, ensure_ascii=False),
        where=src.file or "the document",
        supports={"event": "supports this event", "entity": "names it"}.get(kind, "uses the term"),
        translation=("    translation:\n" + translation) if translation else "",
    )


def _source(
    root: Path,
    ident: str,
    date: str | None,
    file: str | None,
    lang: str | None,
    kind: str | None,
) -> str:
    if lang is not None and lang not in SOURCE_LANGS:
        raise UsageError(
            f"LANG `{lang}` is not a language sources may be in — use one of "
            + ", ".join(SOURCE_LANGS)
        )
    kind = kind or "news-article"
    who = (
        _WHO_PRIMARY
        if kind in ("press-release", "communique", "statement")
        else _WHO_REVIEW
        if kind == "press-review"
        else _WHO_REPORT
    )
    if kind in ("report", "web-page", "document"):
        who = "role: secondary  # or primary: the issuer's own words (then add issuer:)\n" + who
    stored = _NOT_STORED
    if file is not None:
        path = root / file
        if not re.fullmatch(r"seeds/[A-Za-z0-9._-]+\.txt", file) or not path.is_file():
            raise UsageError(
                f"FILE `{file}`: store the document's text first, as seeds/<name>.txt (UTF-8, "
                "byte for byte), then name it here"
            )
        sentences = SourceText(path.read_text(encoding="utf-8"), None, None).sentences
        if not sentences:
            raise UsageError(f"FILE `{file}` holds no sentence to quote")
        first, last = sentences[0].text.split(), sentences[-1].text.split()
        stored = _STORED.format(
            file=file,
            start=json.dumps(" ".join(first[:4]), ensure_ascii=False),
            end=json.dumps(" ".join(last[-4:]), ensure_ascii=False),
        )
    return _SOURCE.lstrip("\n").format(
        id=ident,
        kind=kind,
        lang=lang or "en",
        who=who,
        date=json.dumps(date or "2023"),
        stored=stored,
    )
