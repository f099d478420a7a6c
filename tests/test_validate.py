"""The validator on real data broken in realistic ways: each mistake gets its exact located
message with a fix, every mistake is reported at once, and the command never shows a traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest

from scripts.load import load_knowledge_base
from scripts.problems import ProblemsFound
from scripts.views import coverage

# (file, text to replace, replacement, the exact report line)
MUTATIONS = [
    ("events.yaml", "    title:\n      en: The North Atlantic Council", "    titel:\n      en: The North Atlantic Council",
     "data/events.yaml:39:5: events[2].titel: unknown field `titel` — did you mean `title`?"),
    ("events.yaml", '  - id: nmi-created\n    date: "2018"\n', "  - id: nmi-created\n",
     "data/events.yaml:19:5: events[1].date: required field `date` is missing — add `date:` here"),
    ("events.yaml", 'date: "2018"', "date: 2018",
     'data/events.yaml:20:11: events[1].date: a date must be text, got int 2018 — write the date in quotes as YYYY, YYYY-MM or YYYY-MM-DD, e.g. "2023-08-17"'),
    ("events.yaml", 'date: "2023-08-17"\n    date_note:\n      en: The article', 'date: "2023-02-30"\n    date_note:\n      en: The article',
     "data/events.yaml:35:11: events[2].date: `2023-02-30` does not exist: February 2023 has 28 days — check the day"),
    ("events.yaml", 'date: "2018"', 'date: "2018-13"',
     "data/events.yaml:20:11: events[1].date: `2018-13` has no month 13 — months run from 01 to 12"),
    ("events.yaml", "  - id: nmi-created", "  - id: ../x",
     "data/events.yaml:19:9: events[1].id: `../x` is not a valid id — use lowercase letters, digits and single hyphens, e.g. `nato-mission-iraq` (64 characters at most)"),
    ("events.yaml", "  - id: nmi-created", "  - id: NMI-Created",
     "data/events.yaml:19:9: events[1].id: `NMI-Created` is not a valid id — use lowercase letters, digits and single hyphens, e.g. `nato-mission-iraq` (64 characters at most)"),
    ("events.yaml", "  - id: nmi-created", "  - id: islamic-state-conquests-2014",
     "data/events.yaml:19:9: events[1].id: duplicate id `islamic-state-conquests-2014` on the timeline page (first used in data/events.yaml line 4) — give each one its own id"),
    ("entities.yaml", "      - id: nmi-created-2018", "      - id: nac",
     "data/entities.yaml:67:13: entities[2].facts[0].id: duplicate id `nac` on the entities page (first used in data/entities.yaml line 25) — give each one its own id"),
    ("events.yaml", "actors: [nato, nmi, iraq, other-partners]", "actors: [nato, nmi, iraq, other-partner]",
     "data/events.yaml:67:31: events[3].actors[3]: no entity `other-partner` — did you mean `other-partners`?"),
    ("entities.yaml", "quote: en poste au ministère de la Défense", "quote: en poste au ministère de la Guerre",
     "data/entities.yaml:122:16: entities[5].citations[0].quote: this quote is not in source `lesoir-2023-08-17` — copy it word for word; the closest passage is: «en poste au ministère de la Défense,»"),
    ("entities.yaml", "    kind: ministry\n    name:\n      en: Ministry of Defence", "    kind: ministery\n    name:\n      en: Ministry of Defence",
     "data/entities.yaml:112:11: entities[5].kind: `ministery` is not allowed — use one of: 'alliance', 'council', 'mission', 'country', 'government', 'ministry', 'office', 'command', 'institution', 'armed-group', 'coalition', 'group', 'place', 'news-agency' or 'newspaper'"),
    ("glossary.yaml", "    related: [nato, nmi]\n", "    related: nato\n",
     "data/glossary.yaml:10:14: glossary[0].related: expected a list, got `nato` — write a list, one `- item` per line"),
    ("glossary.yaml", '        quote: la «NATO Mission in Iraq», NMI\n        translation:\n          en: the "NATO Mission in Iraq", NMI\n', "        quote: la «NATO Mission in Iraq», NMI\n",
     "data/glossary.yaml:45:9: glossary[2].citations[0].translation: no en translation of the quote — add `translation: {en: ...}` with a faithful translation"),
    ("scope.yaml", "  mission: nmi", "  mission: [nmi]",
     "data/scope.yaml:4:12: scope.mission: expected text, got a list — write text here"),
    ("sources.yaml", "    publisher: Belga", "    publisher: 42",
     'data/sources.yaml:11:16: sources[0].publisher: expected text, got the number 42 — put it in quotes: "42"'),
    ("site.yaml", "  headline: nac-decides-nmi-expansion", "  headline: nac-decides-nmi-expanson",
     "data/site.yaml:7:13: site.headline: no event `nac-decides-nmi-expanson` — did you mean `nac-decides-nmi-expansion`?"),
    ("sources.yaml", "    language: fr", "    language: NO",
     'data/sources.yaml:6:15: sources[0].language: `NO` is ambiguous (YAML 1.1 reads it as a boolean) — write "NO" in quotes for text, or true/false'),
    ("scope.yaml", '      since: "2023-08-17"', '      since: "2023-08-16"',
     "data/scope.yaml:44:14: scope.institutions[3].since: `since` is 2023-08-16 but the deciding event `nac-decides-nmi-expansion` is dated 2023-08-17 — make the two dates agree"),
    ("glossary.yaml", "    en: {abbr: SSR, full: Security sector reform}", "    en: {abbr: NAC, full: Security sector reform}",
     "data/glossary.yaml:65:16: glossary[4].en.abbr: abbreviation `NAC` is already used by term `nac` — an abbreviation may name one term only"),
    ("sources.yaml", "    file: seeds/lesoir-2023-08-17-belga-otan-irak.txt", "    file: seeds/missing.txt",
     "data/sources.yaml:5:11: sources[0].file: no file `seeds/missing.txt` — store the source text there, byte for byte, or fix the path"),
]


def mutate(project, file, old, new):
    path = project / "data" / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"the mutation no longer applies to {file}: update the test"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems_of(project) -> list[str]:
    with pytest.raises(ProblemsFound) as err:
        load_knowledge_base(project)
    return [str(p) for p in err.value.problems]


def test_real_data_is_valid(kb):
    assert len(kb.facts) > 40


def test_every_body_sentence_of_the_article_is_covered(kb):
    rows = coverage(kb)["lesoir-2023-08-17"]
    assert len(rows) == 8
    assert [r.number for r in rows if not r.facts] == []


@pytest.mark.parametrize("file,old,new,expected", MUTATIONS, ids=[m[3].split(": ")[1] + "-" + str(i) for i, m in enumerate(MUTATIONS)])
def test_mistake_gets_its_located_message(project, file, old, new, expected):
    mutate(project, file, old, new)
    assert problems_of(project) == [expected]


def test_typographic_variants_of_a_quote_are_accepted(project):
    # Straight apostrophe, spaced guillemets and non-breaking spaces: the same words.
    mutate(project, "glossary.yaml", "quote: la «NATO Mission in Iraq», NMI", 'quote: "la « NATO\\u00a0Mission in Iraq », NMI"')
    mutate(project, "entities.yaml", "quote: Depuis 2018, date de sa création, la NMI", "quote: Depuis  2018, date de sa création, la NMI")
    mutate(project, "scope.yaml", "quote: dans le plein respect de la souveraineté et de l’intégrité", "quote: dans le plein respect de la souveraineté et de l'intégrité")
    load_knowledge_base(project)


def test_a_changed_word_is_never_tolerated(project):
    mutate(project, "entities.yaml", "quote: et de la Syrie voisine", "quote: et de la Syrie voisines")
    assert "this quote is not in source" in problems_of(project)[0]


def test_all_problems_are_reported_at_once(project):
    for file, old, new, _ in (MUTATIONS[0], MUTATIONS[12], MUTATIONS[15]):
        mutate(project, file, old, new)
    assert problems_of(project) == sorted([MUTATIONS[0][3], MUTATIONS[12][3], MUTATIONS[15][3]])


def test_unknown_data_file_is_refused(project):
    (project / "data" / "evnts.yaml").write_text("events: []\n")
    assert problems_of(project) == ["data/evnts.yaml:1:1: this file is not part of the knowledge base — move its entries into one of: site.yaml, sources.yaml, entities.yaml, events.yaml, scope.yaml, glossary.yaml"]


def run_cli(project, *args):
    return subprocess.run([sys.executable, "-m", "scripts.cli", "--root", str(project), *args], capture_output=True, text=True, timeout=120)


def test_validate_command_reports_and_exits_nonzero(project):
    for file, old, new, _ in (MUTATIONS[0], MUTATIONS[14]):
        mutate(project, file, old, new)
    result = run_cli(project, "validate")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [MUTATIONS[0][3], MUTATIONS[14][3], "2 problems found; nothing was built."]


def test_validate_command_on_good_data(project):
    result = run_cli(project, "validate")
    assert result.returncode == 0, result.stderr
    assert "every quote found in its source" in result.stdout
    assert "Coverage of lesoir-2023-08-17: 8/8 sentences of the body quoted by a fact (100%)." in result.stdout


def test_yaml_syntax_error_in_real_file_has_no_traceback(project):
    (project / "data" / "events.yaml").write_text("events:\n  - id: a\n\ttitle: x\n")
    result = run_cli(project, "validate")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("data/events.yaml:3:1: YAML syntax: a tab character where YAML expects spaces — indent with spaces, not tabs")
