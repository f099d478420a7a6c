"""A deterministic synthetic knowledge base of any size, shaped like the real data.

`make bench` measures what this makes, so it makes what the real data has, in the proportions
the issue that measured the site on an independent generator found (issue 24):

- N events, N/10 entities, N/20 glossary terms and N/50 sources, on top of the real data;
- dates from 2000 to 2024 (fewer years on request), a mix of days, months and years, a few with
  a note on how the date is known;
- sources in French and in English, of every kind (press reviews name the reviewed publication),
  each with its stored text under seeds/ holding every passage quoted from it, sentences no fact
  quotes, a byline quoted as its attribution;
- events with one to three actors, one entity (the real `nmi`) an actor of about a quarter of them,
  the others unevenly (a few busy bodies, many quiet ones); one or two citations each;
- entities with names of every status, abbreviations that differ between languages, parents,
  sourced facts on some, and editors' notes on most;
- glossary terms whose abbreviations are made from each language's own words (NAC in English is
  CAN in French), so that a letter fills in one language and not the other: about a quarter of
  the English forms start with N, while the French ones spread over the alphabet. From about
  5,000 events, the English letter N takes more than one list page and the French one does not;
- editors' notes on most terms, on most entities and on some events.

Every quote is found in its source and `make validate` passes with no problem at every size.
Same arguments, same bytes.

    python tests/benchmarks/synthetic.py /tmp/kb-1000 1000
"""

from __future__ import annotations

import json
import random
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIRST_YEAR = 2000

ENTITY_KINDS = [
    "council",
    "ministry",
    "office",
    "command",
    "institution",
    "group",
    "place",
    "government",
    "armed-group",
    "country",
    "news-agency",
    "newspaper",
]
# (English, French) pairs; the French noun comes first in a French name.
ENTITY_NOUNS = [
    ("Council", "Conseil"),
    ("Directorate", "Direction"),
    ("Command", "Commandement"),
    ("Office", "Bureau"),
    ("Academy", "Académie"),
    ("Agency", "Agence"),
    ("Committee", "Comité"),
    ("Service", "Service"),
    ("Brigade", "Brigade"),
    ("Centre", "Centre"),
]
ENTITY_OF = [
    ("Border Security", "de la sécurité des frontières"),
    ("Military Training", "de la formation militaire"),
    ("Logistics", "de la logistique"),
    ("Civil Defence", "de la défense civile"),
    ("Intelligence", "du renseignement"),
    ("Police Affairs", "des affaires de police"),
    ("Strategic Planning", "de la planification stratégique"),
    ("Defence Reform", "de la réforme de la défense"),
]
PLACES = ["Baghdad", "Mosul", "Erbil", "Basra", "Kirkuk", "Najaf", "Ramadi", "Tikrit", "Anbar"]
# Glossary terms: an English adjective (its initial files the English form) and a French noun
# (its initial files the French form). A quarter of the English adjectives start with N.
TERM_ADJ = [  # (English adjective, French adjective), first of each weighted
    ("National", "national"),
    ("Northern", "du Nord"),
    ("Naval", "naval"),
    ("Nuclear", "nucléaire"),
    ("Joint", "conjoint"),
    ("Regional", "régional"),
    ("Tactical", "tactique"),
    ("Strategic", "stratégique"),
    ("Operational", "opérationnel"),
    ("Provisional", "provisoire"),
    ("Integrated", "intégré"),
    ("Advanced", "avancé"),
    ("Mobile", "mobile"),
    ("Federal", "fédéral"),
    ("Special", "spécial"),
    ("Allied", "allié"),
    ("Civil", "civil"),
    ("Emergency", "d’urgence"),
]
TERM_NOUN = [  # (English noun, French noun)
    ("Advisory Group", "Groupe consultatif"),
    ("Training Programme", "Programme de formation"),
    ("Support Cell", "Cellule de soutien"),
    ("Liaison Office", "Bureau de liaison"),
    ("Reform Plan", "Plan de réforme"),
    ("Coordination Board", "Conseil de coordination"),
    ("Oversight Body", "Organe de contrôle"),
    ("Capacity Project", "Projet de capacités"),
    ("Mentoring Team", "Équipe de mentorat"),
    ("Security Partnership", "Partenariat de sécurité"),
    ("Headquarters", "Quartier général"),
    ("Task Force", "Force opérationnelle"),
    ("Nucleus", "Noyau"),
    ("Working Group", "Atelier"),
    ("Verification Unit", "Unité de vérification"),
    ("Monitoring Mission", "Mission de suivi"),
    ("Inspection Team", "Inspection"),
    ("Defence Dialogue", "Dialogue de défense"),
    ("Knowledge Base", "Base de connaissances"),
    ("Youth Programme", "Jeunesse et formation"),
    ("Village Initiative", "Initiative villageoise"),
    ("Education Scheme", "Enseignement militaire"),
]
VERBS = [  # (English, French)
    ("meets", "rencontre"),
    ("advises", "conseille"),
    ("trains", "forme"),
    ("visits", "visite"),
    ("reviews", "examine"),
    ("supports", "soutient"),
    ("announces a plan for", "annonce un plan pour"),
    ("extends its work with", "prolonge son travail avec"),
]
TOPICS = [
    ("the training of officers", "la formation des officiers"),
    ("logistical support", "le soutien logistique"),
    ("the reform of the security sector", "la réforme du secteur de la sécurité"),
    ("regional cooperation", "la coopération régionale"),
    ("strategic advice", "le conseil stratégique"),
    ("border security", "la sécurité des frontières"),
    ("professional military education", "l’enseignement militaire professionnel"),
    ("the protection of civilians", "la protection des civils"),
]
NOTES = [
    (
        "general-knowledge",
        "Bodies of this kind report to a ministry and meet several times a year.",
        "Les organes de ce type relèvent d’un ministère et se réunissent plusieurs fois par an.",
    ),
    (
        "explanation",
        "Its sources name it in French only; the English name is the editors' translation.",
        "Ses sources ne le nomment qu’en français ; le nom anglais est traduit par les rédacteurs.",
    ),
    (
        "definition",
        "In this knowledge base, the term covers advice and training, never combat.",
        "Dans cette base, le terme couvre le conseil et la formation, jamais le combat.",
    ),
]
SOURCE_KINDS = ["press-review", "press-article", "communique", "report", "web-page"]
MONTHS_FR = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre"
MONTHS_EN = "January February March April May June July August September October November December"


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _initials(words: str) -> str:
    return "".join(w[0].upper() for w in words.replace("’", " ").split() if w[0].isalpha())


class _Abbreviations:
    """Abbreviations unique across the glossary and the real data: a clash gets a letter more."""

    def __init__(self, taken: set[str]) -> None:
        self.taken = set(taken)

    def __call__(self, base: str) -> str:
        base = base[:6]
        for suffix in ["", *"ABCDEFGHJKLMNPQRSTUVWXYZ"]:
            if base + suffix not in self.taken:
                break
        else:
            n = 2
            while f"{base}{n}" in self.taken:
                n += 1
            suffix = str(n)
        self.taken.add(base + suffix)
        return base + suffix


def _date(rng: random.Random, first: int, years: int) -> str:
    year = first + rng.randrange(years)
    precision = rng.choices(("day", "month", "year"), weights=(6, 3, 1))[0]
    month, day = rng.randrange(1, 13), rng.randrange(1, 29)
    return (
        f"{year}"
        + (f"-{month:02d}" if precision != "year" else "")
        + (f"-{day:02d}" if precision == "day" else "")
    )


def _said(date: str, lang: str) -> str:
    """A date as running text says it ("in March 2014", "le 3 mars 2014")."""
    parts = [int(p) for p in date.split("-")]
    months = (MONTHS_EN if lang == "en" else MONTHS_FR).split()
    if len(parts) == 1:
        return f"in {parts[0]}" if lang == "en" else f"en {parts[0]}"
    if len(parts) == 2:
        return (
            f"in {months[parts[1] - 1]} {parts[0]}"
            if lang == "en"
            else f"en {months[parts[1] - 1]} {parts[0]}"
        )
    return (
        f"on {parts[2]} {months[parts[1] - 1]} {parts[0]}"
        if lang == "en"
        else f"le {parts[2]} {months[parts[1] - 1]} {parts[0]}"
    )


def make_project(dest: Path, events: int, seed: int = 0, years: int = 25) -> Path:
    """A project folder (configs, docs, data, seeds, linked scripts) holding the real data and a
    synthetic knowledge base of `events` events dated from 2000 over `years` years."""
    rng = random.Random(seed)
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for name in ("mkdocs.yml", "mkdocs.fr.yml"):
        shutil.copy(ROOT / name, dest / name)
    for folder in ("data", "seeds", "docs"):
        shutil.copytree(ROOT / folder, dest / folder)
    (dest / "scripts").symlink_to(ROOT / "scripts")
    _Generator(rng, dest, events, years).write()
    return dest


class _Generator:
    def __init__(self, rng: random.Random, dest: Path, events: int, years: int) -> None:
        self.rng, self.dest, self.years = rng, dest, years
        self.n_events = events
        self.n_sources = max(1, events // 50)
        self.n_entities = max(2, events // 10)
        self.n_terms = max(2, events // 20)
        # The passages each source holds, in order: every quote comes from one of them.
        self.sentences: list[list[str]] = [[] for _ in range(self.n_sources)]
        self.languages = [("fr", "en")[i % 3 == 2] for i in range(self.n_sources)]
        real_abbr = set()
        for path in (ROOT / "data" / "glossary").glob("*.yaml"):
            for word in path.read_text(encoding="utf-8").split():
                if word.rstrip(",").isupper():
                    real_abbr.add(word.rstrip(","))
        self.abbr = _Abbreviations(real_abbr | {"NATO", "OTAN", "NMI", "NAC", "CAN", "EI"})

    def passage(self, source: int, en: str, fr: str) -> tuple[str, str]:
        """A sentence written into `source`'s text: (quote in the source's language, its
        translation into the other)."""
        own, other = (fr, en) if self.languages[source] == "fr" else (en, fr)
        self.sentences[source].append(own)
        return own, other

    def citation(self, source: int, en: str, fr: str, indent: str = "  ") -> str:
        quote, translation = self.passage(source, en, fr)
        other = "en" if self.languages[source] == "fr" else "fr"
        return (
            f"{indent}- source: synthetic-{source}\n"
            f"{indent}  quote: {_q(quote)}\n"
            f"{indent}  translation:\n"
            f"{indent}    {other}: {_q(translation)}\n"
        )

    def notes(self, count: int, indent: str = "") -> str:
        if not count:
            return ""
        out = f"{indent}context:\n"
        for kind, en, fr in self.rng.sample(NOTES, k=count):
            out += (
                f"{indent}  - kind: {kind}\n{indent}    text:\n"
                f"{indent}      en: {_q(en)}\n{indent}      fr: {_q(fr)}\n"
            )
        return out

    def write(self) -> None:
        data = self.dest / "data"
        entities = self.entities()
        terms = self.terms(entities)
        self.events(entities, terms)
        for name, text in entities + terms + self.event_files:
            (data / name).write_text(text, encoding="utf-8")
        self.sources()

    def entities(self) -> list[tuple[str, str]]:
        rng = self.rng
        self.entity_names: list[tuple[str, str]] = []
        out = []
        for i in range(self.n_entities):
            (noun_en, noun_fr), (of_en, of_fr) = rng.choice(ENTITY_NOUNS), rng.choice(ENTITY_OF)
            place = rng.choice(PLACES)
            en, fr = f"{of_en} {noun_en} of {place} {i}", f"{noun_fr} {of_fr} de {place} {i}"
            self.entity_names.append((en, fr))
            src = rng.randrange(self.n_sources)
            lang = self.languages[src]
            said = fr if lang == "fr" else en
            text = (
                f"# yaml-language-server: $schema=../schema/entity.schema.json\n"
                f"id: synthetic-body-{i}\nkind: {ENTITY_KINDS[i % len(ENTITY_KINDS)]}\n"
                f"name:\n  en: {_q(en)}\n  fr: {_q(fr.lower()[0] + fr[1:])}\n"
            )
            names = [f"  - {{form: {_q(said)}, lang: {lang}, status: used-by-source, "]
            names[0] += f"source: synthetic-{src}}}\n"
            other = "en" if lang == "fr" else "fr"
            names.append(
                f"  - {{form: {_q(en if other == 'en' else fr)}, lang: {other}, "
                "status: translation}\n"
            )
            if rng.random() < 0.3:
                names.append(
                    f"  - {{form: {_q(f'{place} {noun_en} {i}')}, lang: en, status: common}}\n"
                )
            text += "names:\n" + "".join(names)
            if rng.random() < 0.4:
                # Each language's own initials: two different abbreviations, as NAC and CAN.
                text += (
                    f"abbr:\n  en: {self.abbr(_initials(of_en + ' ' + noun_en))}\n"
                    f"  fr: {self.abbr(_initials(noun_fr + ' ' + of_fr))}\n"
                )
            text += (
                f"description:\n"
                f"  en: {_q(f'A body of {place} named in the sources, number {i}.')}\n"
                f"  fr: {_q(f'Un organe de {place} que nomment les sources, numéro {i}.')}\n"
            )
            if i and rng.random() < 0.3:
                text += f"part_of: synthetic-body-{rng.randrange(i)}\n"
            if rng.random() < 0.3:
                text += "facts:\n"
                for k in range(rng.randrange(1, 3)):
                    fsrc = rng.randrange(self.n_sources)
                    members = 5 + rng.randrange(40)
                    text += (
                        f"  - id: members-{k}\n    text:\n"
                        f"      en: {_q(f'It has {members} members.')}\n"
                        f"      fr: {_q(f'Il compte {members} membres.')}\n"
                    )
                    if rng.random() < 0.5:
                        text += f'    as_of: "{_date(rng, FIRST_YEAR, self.years)}"\n'
                    text += "    citations:\n" + self.citation(
                        fsrc,
                        f"The {en} has {members} members, number {i}-{k}.",
                        f"{fr} compte {members} membres, numéro {i}-{k}.",
                        indent="      ",
                    )
            # A sentence that names it, in the language of the source that uses its name.
            text += "citations:\n" + self.citation(
                src,
                f"{en} works with the mission, as stated in note {i}.",
                f"{fr} travaille avec la mission, selon la note {i}.",
            )
            # Notes on most entities, as in the real data.
            text += self.notes(rng.choices((0, 1, 2), weights=(2, 6, 2))[0])
            out.append((f"entities/synthetic-body-{i}.yaml", text))
        return out

    def terms(self, entities: list[tuple[str, str]]) -> list[tuple[str, str]]:
        rng = self.rng
        self.term_abbr: list[tuple[str, str]] = []
        out = []
        weights = [3, 3, 3, 3] + [2] * (len(TERM_ADJ) - 4)  # 30 %: N in English
        for i in range(self.n_terms):
            (adj_en, adj_fr) = rng.choices(TERM_ADJ, weights=weights)[0]
            noun_en, noun_fr = rng.choice(TERM_NOUN)
            full_en, full_fr = f"{adj_en} {noun_en} {i}", f"{noun_fr} {adj_fr} {i}"
            with_abbr = rng.random() < 0.7
            abbr_en = self.abbr(_initials(f"{adj_en} {noun_en}")) if with_abbr else ""
            abbr_fr = self.abbr(_initials(f"{noun_fr} {adj_fr}")) if with_abbr else ""
            self.term_abbr.append((abbr_en, abbr_fr))
            src = rng.randrange(self.n_sources)

            def form(abbr: str, full: str, lang: str, src: int = src) -> str:
                # As the cited source writes it in its language; the editors' translation in the
                # other.
                status = "" if lang == self.languages[src] else ", status: translation"
                return (
                    f"{{abbr: {abbr}, full: {_q(full)}{status}}}"
                    if abbr
                    else f"{{full: {_q(full)}{status}}}"
                )

            text = (
                f"# yaml-language-server: $schema=../schema/term.schema.json\n"
                f"id: synthetic-term-{i}\n"
                f"en: {form(abbr_en, full_en, 'en')}\nfr: {form(abbr_fr, full_fr, 'fr')}\n"
                f"definition:\n"
                f"  en: {_q(f'A programme the sources mention, number {i}.')}\n"
                f"  fr: {_q(f'Un programme que mentionnent les sources, numéro {i}.')}\n"
            )
            if i and rng.random() < 0.6:
                related = sorted({rng.randrange(i) for _ in range(rng.randrange(1, 3))})
                text += f"related: [{', '.join(f'synthetic-term-{r}' for r in related)}]\n"
            if rng.random() < 0.2:
                text += f"entity: synthetic-body-{rng.randrange(self.n_entities)}\n"
            text += "citations:\n" + self.citation(
                src,
                f"The {full_en} is part of the plan, as report {i} says.",
                f"Le {full_fr} fait partie du plan, selon le rapport {i}.",
            )
            text += self.notes(rng.choices((0, 1), weights=(1, 9))[0])
            out.append((f"glossary/synthetic-term-{i}.yaml", text))
        return out

    def events(self, entities: list, terms: list) -> None:
        rng = self.rng
        # Uneven activity: a few busy bodies, many quiet ones.
        weights = [1 / (i + 1) ** 0.8 for i in range(self.n_entities)]
        self.event_files = []
        for k in range(self.n_events):
            date = _date(rng, FIRST_YEAR, self.years)
            actors = sorted(
                set(rng.choices(range(self.n_entities), weights=weights, k=rng.randrange(1, 3)))
            )
            ids = [f"synthetic-body-{a}" for a in actors]
            if rng.random() < 0.25:
                ids.insert(0, "nmi")
            (verb_en, verb_fr), (topic_en, topic_fr) = rng.choice(VERBS), rng.choice(TOPICS)
            place = rng.choice(PLACES)
            en_name, fr_name = self.entity_names[actors[0]]
            abbr_en, abbr_fr = self.term_abbr[rng.randrange(self.n_terms)]
            about_en = f" ({abbr_en})" if abbr_en else ""
            about_fr = f" ({abbr_fr})" if abbr_fr else ""
            title_en = f"{en_name} {verb_en} {topic_en} in {place}{about_en}"
            title_fr = f"{fr_name} {verb_fr} {topic_fr} à {place}{about_fr}"
            summary_en = (
                f"{_said(date, 'en').capitalize()}, the {en_name} {verb_en} {topic_en} "
                f"in {place}, measure {k}."
            )
            summary_fr = (
                f"{_said(date, 'fr').capitalize()}, {fr_name} {verb_fr} {topic_fr} "
                f"à {place}, mesure {k}."
            )
            text = (
                f"# yaml-language-server: $schema=../schema/event.schema.json\n"
                f"id: synthetic-event-{k}\n"
            )
            text += self.dated(k, date, en_name, fr_name)
            if rng.random() < 0.02:  # records merged into this one: their addresses lead here
                text += f"former_ids: [synthetic-merged-{k}]\n"
            text += (
                f"title:\n  en: {_q(title_en)}\n  fr: {_q(title_fr)}\n"
                f"summary:\n  en: {_q(summary_en)}\n  fr: {_q(summary_fr)}\n"
                f"actors: [{', '.join(ids)}]\n"
                "citations:\n"
            )
            for _ in range(rng.choices((1, 2), weights=(7, 3))[0]):
                text += self.citation(rng.randrange(self.n_sources), summary_en, summary_fr)
            text += self.notes(rng.choices((0, 1), weights=(85, 15))[0])
            self.event_files.append((f"events/synthetic-event-{k}.yaml", text))

    def dated(self, k: int, date: str, en_name: str, fr_name: str) -> str:
        """An event's date as the data writes it: most a date a source states; some inferred by
        the editors (with their reasoning and the passage they read it from); some with dated
        aspects, the announcement given differently by two sources, one preferred, the other set
        aside (both with the editors' reason)."""
        rng = self.rng
        shape = rng.random()
        if shape < 0.9:
            return f'date: "{date}"\n'
        src = rng.randrange(self.n_sources)
        if shape < 0.95:
            en = "The passage gives the week only; the editors read it as this date."
            fr = "Le passage ne donne que la semaine ; les rédacteurs le lisent ainsi."
            return (
                f'date:\n  on: "{date}"\n  basis: inferred\n  reasoning:\n'
                f"    en: {_q(en)}\n"
                f"    fr: {_q(fr)}\n"
                "  citations:\n"
                + self.citation(
                    src,
                    f"The {en_name} acted that week, measure {k}.",
                    f"{fr_name} a agi cette semaine-là, mesure {k}.",
                    indent="    ",
                )
            )
        later = f"{int(date[:4]) + 1}{date[4:]}"  # a year later: a report that dates it wrongly
        other = rng.randrange(self.n_sources)
        return (
            f'dates:\n  decided: "{date}"\n  announced:\n'
            f'    - on: "{date}"\n      rank: preferred\n      reason:\n'
            f"        en: {_q('The issuer dates its own announcement.')}\n"
            f"        fr: {_q('L’émetteur date sa propre annonce.')}\n"
            "      citations:\n"
            + self.citation(
                src,
                f"The {en_name} announced it {_said(date, 'en')}, measure {k}.",
                f"{fr_name} l’a annoncé {_said(date, 'fr')}, mesure {k}.",
                indent="        ",
            )
            + f'    - on: "{later}"\n      rank: set-aside\n      reason:\n'
            f"        en: {_q('A later report gives the day of its own writing.')}\n"
            f"        fr: {_q('Un article ultérieur donne le jour de sa rédaction.')}\n"
            "      citations:\n"
            + self.citation(
                other,
                f"The {en_name} announced it {_said(later, 'en')}, report {k}.",
                f"{fr_name} l’a annoncé {_said(later, 'fr')}, article {k}.",
                indent="        ",
            )
        )

    def sources(self) -> None:
        rng = self.rng
        for src in range(self.n_sources):
            lang = self.languages[src]
            kind = SOURCE_KINDS[src % len(SOURCE_KINDS)]
            date = f"{FIRST_YEAR + src % 25}-{1 + src % 12:02d}-{1 + src % 28:02d}"
            agency = f"Agence Exemple {src % 7}" if lang == "fr" else f"Example Agency {src % 7}"
            byline = f"Par {agency}" if lang == "fr" else f"By {agency}"
            filler = (
                "Aucune autre mesure n’a été annoncée."
                if lang == "fr"
                else "No other measure was announced."
            )
            body = [*self.sentences[src], filler]
            # Sentences no fact quotes, here and there: coverage below 100 %.
            for _ in range(len(body) // 8):
                body.insert(rng.randrange(len(body)), filler)
            # The body starts and ends with words found nowhere else in the text.
            first, last = (
                (f"Dépêche numéro {src} :", f"Fin de la dépêche {src}.")
                if lang == "fr"
                else (f"Dispatch number {src}:", f"End of dispatch {src}.")
            )
            body = [first, *body, last]
            text = (
                # The title as the source writes it (a title of its own is checked against it).
                f"{'Dépêche synthétique' if lang == 'fr' else 'Synthetic dispatch'} {src}\n\n"
                f"{byline}\n\n" + " ".join(body) + "\n"
            )
            (self.dest / "seeds" / f"synthetic-{src}.txt").write_text(text, encoding="utf-8")
            words = body[0].split()
            other = "en" if lang == "fr" else "fr"
            record = (
                "# yaml-language-server: $schema=../schema/source.schema.json\n"
                f"id: synthetic-{src}\nfile: seeds/synthetic-{src}.txt\n"
                f"language: {lang}\nkind: {kind}\n"
                "title:\n  text:\n"
                f"    en: {_q(f'Synthetic dispatch {src}')}\n"
                f"    fr: {_q(f'Dépêche synthétique {src}')}\n"
                f"  status: {'not-stored' if src % 2 else 'own'}\n"
                f"author: {_q(agency)}\n"
            )
            # A communiqué is its issuer's own words; a report or a web page is either.
            primary = kind == "communique" or (kind in ("report", "web-page") and src % 2 == 0)
            if kind in ("report", "web-page"):
                record += f"role: {'primary' if primary else 'secondary'}\n"
            if primary:
                record += f"issuer: {{entity: synthetic-body-{src % self.n_entities}}}\n"
            if kind == "press-review":
                record += f'reviewed:\n  publication: Journal Exemple\n  date: "{date}"\n'
            record += f'date: "{date}"\n'
            if src % 4 == 0:
                record += f'url: https://example.org/dispatch/{src}\nretrieved: "{date}"\n'
            record += (
                f"body_start: {_q(' '.join(words[:3]))}\n"
                f"body_end: {_q(' '.join(body[-1].split()[-3:]))}\n"
                "attribution:\n"
                f"  - source: synthetic-{src}\n    quote: {_q(byline)}\n"
                f"    translation:\n      {other}: {_q(byline)}\n"
            )
            (self.dest / "data" / "sources" / f"synthetic-{src}.yaml").write_text(
                record, encoding="utf-8"
            )


if __name__ == "__main__":
    out = make_project(Path(sys.argv[1]), int(sys.argv[2]))
    print(f"Wrote a knowledge base of the real data and {sys.argv[2]} synthetic events into {out}")
