"""`make new-event ID=…` and friends: append a commented, valid skeleton entry to a data file.

The skeleton validates as it is (its placeholder quote is the first words of the source body),
so an editor can build and preview at once, then replace each TODO.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from .load import load_knowledge_base
from .models import SLUG
from .problems import Problem, ProblemsFound

KINDS = {"event": "events.yaml", "entity": "entities.yaml", "term": "glossary.yaml"}

_TEMPLATES = {
    "event": """
  # New event: replace each TODO; keep the quote word for word (see CONTRIBUTING.md).
  - id: {id}
    date: {date}  # "YYYY", "YYYY-MM" or "YYYY-MM-DD", as precise as the source allows
    title:
      en: "TODO: short headline in English"
      fr: "TODO : titre court en français"
    summary:
      en: "TODO: what happened, in one or two sentences"
      fr: "TODO : ce qui s’est passé, en une ou deux phrases"
    actors: []  # ids from entities.yaml, e.g. [nac, nmi]
    citations:
      - source: {source}
        quote: {quote}  # TODO: the passage of {file} that supports this event
        translation:
          en: "TODO: faithful English translation of the quote"
""",
    "entity": """
  # New entity: replace each TODO; keep the quote word for word (see CONTRIBUTING.md).
  - id: {id}
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
  - id: {id}
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


def new_entry(root: Path, kind: str, ident: str, date: str = "2023-08-17", source: str | None = None) -> Path:
    """Append a skeleton `kind` entry with id `ident`; the data must stay valid, or nothing changes."""
    root = Path(root)
    file = KINDS[kind]
    display = f"data/{file}"
    if not re.fullmatch(SLUG, ident) or len(ident) > 64:
        raise ProblemsFound([Problem(display, 1, 1, "id", f"`{ident}` is not a valid id", "use lowercase letters, digits and single hyphens, e.g. `nato-summit-2024`")])
    kb = load_knowledge_base(root)
    taken = {f.anchor: f for f in kb.facts}
    if ident in taken:
        fact = taken[ident]
        line, col = kb.loaded[fact.file].locate(fact.loc + ("id",))
        raise ProblemsFound([Problem(f"data/{fact.file}", line, col, "id", f"id `{ident}` already exists here", "choose another id for the new entry")])
    src = kb.source[source] if source else kb.sources[0]
    text = _TEMPLATES[kind].format(id=ident, date=json.dumps(date), source=src.id, quote=json.dumps(src.body_start, ensure_ascii=False), file=src.file)
    path = root / "data" / file
    before = path.read_text(encoding="utf-8")
    path.write_text(before.rstrip("\n") + "\n" + text, encoding="utf-8")
    try:
        load_knowledge_base(root)
    except ProblemsFound:
        path.write_text(before, encoding="utf-8")  # leave the file exactly as it was
        raise
    return path
