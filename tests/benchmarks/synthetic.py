"""A deterministic synthetic knowledge base of any size, in the project's own format.

The real data plus `events` generated events, with proportional entities (1 per 7 events), glossary
terms (1 per 20) and sources (1 per 30), each source with its own stored text under seeds/ in
which every quote is found, every text in English and French. Same arguments, same bytes.

    python tests/benchmarks/synthetic.py /tmp/kb-1000 1000
"""

from __future__ import annotations

import json
import random
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

KINDS = [
    "alliance",
    "council",
    "mission",
    "country",
    "government",
    "ministry",
    "office",
    "command",
    "institution",
    "group",
    "place",
]
VERBS = [
    ("annonce", "announces"),
    ("confirme", "confirms"),
    ("prolonge", "extends"),
    ("suspend", "suspends"),
    ("élargit", "widens"),
    ("évalue", "reviews"),
]
TOPICS = [
    ("la formation des cadres", "the training of officers"),
    ("le soutien logistique", "logistical support"),
    ("la réforme du secteur", "the reform of the sector"),
    ("la coopération régionale", "regional cooperation"),
    ("le conseil stratégique", "strategic advice"),
    ("la sécurité des frontières", "border security"),
]


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def make_project(dest: Path, events: int, seed: int = 0, years: int = 36) -> Path:
    """A project folder (configs, docs, data, seeds, linked scripts) holding the real data and
    `events` more, spread over `years` years from 1990 (fewer years: more events per year)."""
    rng = random.Random(seed)
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for name in ("mkdocs.yml", "mkdocs.fr.yml"):
        shutil.copy(ROOT / name, dest / name)
    shutil.copytree(ROOT / "data", dest / "data")
    shutil.copytree(ROOT / "seeds", dest / "seeds")
    shutil.copytree(ROOT / "docs", dest / "docs")
    (dest / "scripts").symlink_to(ROOT / "scripts")
    data = dest / "data"

    n_sources, n_entities, n_terms = events // 30 + 1, events // 7 + 1, events // 20 + 1
    entity_names = [(f"Organe synthétique {i}", f"Synthetic body {i}") for i in range(n_entities)]
    # Each event quotes one sentence of its source; a source holds the sentences of its events.
    by_source: dict[int, list[int]] = {}
    plan = []
    for k in range(events):
        year = 1990 + rng.randrange(years)
        precision = rng.choice(("day", "day", "month", "year"))
        month, day = rng.randrange(1, 13), rng.randrange(1, 29)
        date = (
            f"{year}"
            + (f"-{month:02d}" if precision != "year" else "")
            + (f"-{day:02d}" if precision == "day" else "")
        )
        actors = sorted(rng.sample(range(n_entities), k=min(n_entities, rng.randrange(1, 4))))
        src = rng.randrange(n_sources)
        verb, topic = rng.choice(VERBS), rng.choice(TOPICS)
        by_source.setdefault(src, []).append(k)
        plan.append((k, date, actors, src, verb, topic))

    def sentence(k: int) -> tuple[str, str]:
        _, _, actors, _, verb, topic = plan[k]
        fr_name, en_name = entity_names[actors[0]]
        return (
            f"{fr_name} {verb[0]} la mesure numéro {k} concernant {topic[0]}.",
            f"{en_name} {verb[1]} measure number {k} concerning {topic[1]}.",
        )

    for src in range(n_sources):
        body = [sentence(k)[0] for k in by_source.get(src, [])] or ["Aucune mesure nouvelle."]
        text = (
            f"Revue de presse synthétique numéro {src}\n\nPar Agence Exemple "
            "(revue de presse : Journal Exemple)\n\n"
            + " ".join(body)
            + "\n\nSource : Journal Exemple\n"
        )
        (dest / "seeds" / f"synthetic-{src}.txt").write_text(text, encoding="utf-8")
        words = body[0].split()
        (data / "sources" / f"synthetic-{src}.yaml").write_text(
            f"""# yaml-language-server: $schema=../schema/source.schema.json
id: synthetic-{src}
file: seeds/synthetic-{src}.txt
language: fr
kind: press-review
title:
  text:
    en: Synthetic press review number {src}
    fr: Revue de presse synthétique numéro {src}
  status: own
author: Agence Exemple
reviewed:
  publication: Journal Exemple
  date: "{2000 + src % 25}-{1 + src % 12:02d}-{1 + src % 28:02d}"
date: "{2000 + src % 25}-{1 + src % 12:02d}-{1 + src % 28:02d}"
body_start: {_q(" ".join(words[:3]))}
body_end: {_q(" ".join(body[-1].split()[-3:]))}
attribution:
  - source: synthetic-{src}
    quote: "Par Agence Exemple (revue de presse : Journal Exemple)"
    translation:
      en: "By Agence Exemple (press review: Journal Exemple)"
""",
            encoding="utf-8",
        )
    for i, (fr_name, en_name) in enumerate(entity_names):
        src = plan[(i * 7) % events][3] if events else 0
        first = by_source[src][0] if by_source.get(src) else None
        quote, translation = (
            sentence(first) if first is not None else ("Aucune mesure nouvelle.", "No new measure.")
        )
        (data / "entities" / f"synthetic-body-{i}.yaml").write_text(
            f"""# yaml-language-server: $schema=../schema/entity.schema.json
id: synthetic-body-{i}
kind: {KINDS[i % len(KINDS)]}
name:
  en: {en_name}
  fr: {fr_name}
description:
  en: A synthetic body, number {i}, generated to measure the site at scale.
  fr: Un organe synthétique, numéro {i}, créé pour mesurer le site à grande échelle.
citations:
  - source: synthetic-{src}
    quote: {_q(quote)}
    translation:
      en: {_q(translation)}
""",
            encoding="utf-8",
        )
    for i in range(n_terms):
        k = plan[(i * 20) % events] if events else None
        quote, translation = sentence(k[0]) if k else ("Aucune mesure nouvelle.", "No new measure.")
        letter = "ABDEFGHJKLMOPQRTUVWXYZ"[i % 22]
        (data / "glossary" / f"synthetic-term-{i}.yaml").write_text(
            f"""# yaml-language-server: $schema=../schema/term.schema.json
id: synthetic-term-{i}
en: {{abbr: {letter}X{i}, full: {letter}ynthetic term {i}, status: common}}
fr: {{abbr: {letter}Y{i}, full: {letter}erme synthétique {i}, status: common}}
definition:
  en: A synthetic glossary term, number {i}.
  fr: Un terme de glossaire synthétique, numéro {i}.
citations:
  - source: synthetic-{k[3] if k else 0}
    quote: {_q(quote)}
    translation:
      en: {_q(translation)}
""",
            encoding="utf-8",
        )
    for k, date, actors, src, verb, _topic in plan:
        quote, translation = sentence(k)
        actor_ids = ", ".join(f"synthetic-body-{a}" for a in actors)
        (data / "events" / f"synthetic-event-{k}.yaml").write_text(
            f"""# yaml-language-server: $schema=../schema/event.schema.json
id: synthetic-event-{k}
date: "{date}"
title:
  en: {_q(f"{entity_names[actors[0]][1]} {verb[1]} measure {k}")}
  fr: {_q(f"{entity_names[actors[0]][0]} {verb[0]} la mesure {k}")}
summary:
  en: {_q(translation)}
  fr: {_q(quote)}
actors: [{actor_ids}]
citations:
  - source: synthetic-{src}
    quote: {_q(quote)}
    translation:
      en: {_q(translation)}
""",
            encoding="utf-8",
        )
    return dest


if __name__ == "__main__":
    out = make_project(Path(sys.argv[1]), int(sys.argv[2]))
    print(f"Wrote a knowledge base of the real data and {sys.argv[2]} synthetic events into {out}")
