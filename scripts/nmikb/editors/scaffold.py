"""`make new-event ID=…` and friends: a new record file with a commented, valid skeleton.

The skeleton validates as it is (its placeholder quote is the first words of the source body),
so an editor can build and preview at once, then replace each TODO.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from nmikb.data.models import SLUG
from nmikb.data.problems import Problem, ProblemsFound
from nmikb.data.registry import KIND_BY_NAME, RESERVED_IDS, record_file
from nmikb.knowledge.load import load_knowledge_base
from nmikb.system.project import UsageError

# The kinds an editor scaffolds (a source also needs its text stored under seeds/).
KINDS = ("event", "entity", "term")

_TEMPLATES = {
    "event": """
# New event: replace each TODO; keep the quote word for word (see CONTRIBUTING.md).
id: {id}
date: {date}  # "YYYY", "YYYY-MM" or "YYYY-MM-DD", as precise as the source allows
title:
  en: "TODO: short headline in English"
  fr: "TODO : titre court en français"
summary:
  en: "TODO: what happened, in one or two sentences"
  fr: "TODO : ce qui s’est passé, en une ou deux phrases"
actors: []  # ids of entities (file names in data/entities/), e.g. [nac, nmi]
citations:
  - source: {source}
    quote: {quote}  # TODO: the passage of {file} that supports this event
    translation:
      en: "TODO: faithful English translation of the quote"
""",
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
  - source: {source}
    quote: {quote}  # TODO: the passage of {file} that names it
    translation:
      en: "TODO: faithful English translation of the quote"
""",
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
  - source: {source}
    quote: {quote}  # TODO: a passage of {file} that uses the term
    translation:
      en: "TODO: faithful English translation of the quote"
""",
}


def new_entry(
    root: Path, kind: str, ident: str, date: str = "2023-08-17", source: str | None = None
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
    src = kb.source[source] if source else kb.sources[0]
    header = f"# yaml-language-server: $schema=../schema/{record.schema}\n"
    text = header + _TEMPLATES[kind].lstrip("\n").format(
        id=ident,
        date=json.dumps(date),
        source=src.id,
        quote=json.dumps(src.body_start, ensure_ascii=False),
        file=src.file,
    )
    path.write_text(text, encoding="utf-8")
    try:
        load_knowledge_base(root)
    except ProblemsFound:
        path.unlink()  # leave the data exactly as it was
        raise
    return path
