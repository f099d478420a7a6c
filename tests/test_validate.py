"""The validator on real data broken in realistic ways: each mistake gets its exact located
message with a fix, every mistake is reported at once, and the command never shows a traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest

from scripts.load import load_knowledge_base
from scripts.problems import ProblemsFound

# (file under data/, text to replace, replacement, the exact report line)
E = "events/"
MUTATIONS = [
    (E + "nac-decides-nmi-expansion.yaml", "title:\n  en: The North Atlantic Council", "titel:\n  en: The North Atlantic Council",
     "data/events/nac-decides-nmi-expansion.yaml:8:1: titel: unknown field `titel` — did you mean `title`?"),
    (E + "nmi-created.yaml", 'date: "2018"\n', "",
     "data/events/nmi-created.yaml:3:1: date: required field `date` is missing — add `date:` here"),
    (E + "nmi-created.yaml", 'date: "2018"', "date: 2018",
     'data/events/nmi-created.yaml:4:7: date: a date must be text, got int 2018 — write the date in quotes as YYYY, YYYY-MM or YYYY-MM-DD, e.g. "2023-08-17"'),
    (E + "nac-decides-nmi-expansion.yaml", 'date: "2023-08-17"', 'date: "2023-02-30"',
     "data/events/nac-decides-nmi-expansion.yaml:4:7: date: `2023-02-30` does not exist: February 2023 has 28 days — check the day"),
    (E + "nmi-created.yaml", 'date: "2018"', 'date: "2018-13"',
     "data/events/nmi-created.yaml:4:7: date: `2018-13` has no month 13 — months run from 01 to 12"),
    (E + "nmi-created.yaml", "id: nmi-created", "id: ../x",
     "data/events/nmi-created.yaml:3:5: id: `../x` is not a valid id — use lowercase letters, digits and single hyphens, e.g. `nato-mission-iraq` (64 characters at most)"),
    (E + "nmi-created.yaml", "id: nmi-created", "id: NMI-Created",
     "data/events/nmi-created.yaml:3:5: id: `NMI-Created` is not a valid id — use lowercase letters, digits and single hyphens, e.g. `nato-mission-iraq` (64 characters at most)"),
    (E + "nmi-created.yaml", "id: nmi-created", "id: islamic-state-conquests-2014",
     "data/events/nmi-created.yaml:3:5: id: id `islamic-state-conquests-2014` does not match the file name `nmi-created.yaml` — rename the file to islamic-state-conquests-2014.yaml, or change the id to `nmi-created`"),
    ("scope.yaml", "    - id: capacity-building", "    - id: training-iraqi-forces",
     "data/scope.yaml:86:11: scope.activities[2].id: duplicate id `training-iraqi-forces` on the scope page (first used in data/scope.yaml line 68) — give each one its own id"),
    ("entities/nmi.yaml", "  - id: nmi-created-2018", "  - id: events",
     "data/entities/nmi.yaml:16:9: facts[0].id: `events` names a section of the page — give the fact another id"),
    (E + "nato-communique-principles.yaml", "actors: [nato, nmi, iraq, other-partners]", "actors: [nato, nmi, iraq, other-partner]",
     "data/events/nato-communique-principles.yaml:14:27: actors[3]: no entity `other-partner` — did you mean `other-partners`?"),
    ("entities/iraq-ministry-of-defence.yaml", "quote: en poste au ministère de la Défense", "quote: en poste au ministère de la Guerre",
     "data/entities/iraq-ministry-of-defence.yaml:14:12: citations[0].quote: this quote is not in source `lesoir-2023-08-17` — copy it word for word; the closest passage is: «en poste au ministère de la Défense,»"),
    ("entities/iraq-ministry-of-defence.yaml", "kind: ministry", "kind: ministery",
     "data/entities/iraq-ministry-of-defence.yaml:4:7: kind: `ministery` is not allowed — use one of: 'alliance', 'council', 'mission', 'country', 'government', 'ministry', 'office', 'command', 'institution', 'armed-group', 'coalition', 'group', 'place', 'news-agency' or 'newspaper'"),
    ("glossary/nac.yaml", "related: [nato, nmi]\n", "related: nato\n",
     "data/glossary/nac.yaml:9:10: related: expected a list, got `nato` — write a list, one `- item` per line"),
    ("glossary/nmi.yaml", '    quote: la «NATO Mission in Iraq», NMI\n    translation:\n      en: the "NATO Mission in Iraq", NMI\n', "    quote: la «NATO Mission in Iraq», NMI\n",
     "data/glossary/nmi.yaml:12:5: citations[0].translation: no en translation of the quote — add `translation: {en: ...}` with a faithful translation"),
    ("scope.yaml", "  mission: nmi", "  mission: [nmi]",
     "data/scope.yaml:4:12: scope.mission: expected text, got a list — write text here"),
    ("sources/lesoir-2023-08-17.yaml", "publisher: Belga", "publisher: 42",
     'data/sources/lesoir-2023-08-17.yaml:10:12: publisher: expected text, got the number 42 — put it in quotes: "42"'),
    ("site.yaml", "  headline: nac-decides-nmi-expansion", "  headline: nac-decides-nmi-expanson",
     "data/site.yaml:7:13: site.headline: no event `nac-decides-nmi-expanson` — did you mean `nac-decides-nmi-expansion`?"),
    ("sources/lesoir-2023-08-17.yaml", "language: fr", "language: NO",
     'data/sources/lesoir-2023-08-17.yaml:5:11: language: `NO` is ambiguous (YAML 1.1 reads it as a boolean) — write "NO" in quotes for text, or true/false'),
    ("scope.yaml", '      since: "2023-08-17"', '      since: "2023-08-16"',
     "data/scope.yaml:44:14: scope.institutions[3].since: `since` is 2023-08-16 but the deciding event `nac-decides-nmi-expansion` is dated 2023-08-17 — make the two dates agree"),
    ("glossary/security-sector-reform.yaml", "en: {abbr: SSR, full: Security sector reform}", "en: {abbr: NAC, full: Security sector reform}",
     "data/glossary/security-sector-reform.yaml:4:12: en.abbr: abbreviation `NAC` is already used by term `nac` — an abbreviation may name one term only"),
    ("sources/lesoir-2023-08-17.yaml", "file: seeds/lesoir-2023-08-17-belga-otan-irak.txt", "file: seeds/missing.txt",
     "data/sources/lesoir-2023-08-17.yaml:4:7: file: no file `seeds/missing.txt` — store the source text there, byte for byte, or fix the path"),
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
    rows = kb.coverage["lesoir-2023-08-17"]
    assert len(rows) == 8
    assert [r.number for r in rows if not r.facts] == []


@pytest.mark.parametrize("file,old,new,expected", MUTATIONS, ids=[m[3].split(": ")[1] + "-" + str(i) for i, m in enumerate(MUTATIONS)])
def test_mistake_gets_its_located_message(project, file, old, new, expected):
    mutate(project, file, old, new)
    assert problems_of(project) == [expected]


def test_typographic_variants_of_a_quote_are_accepted(project):
    # Straight apostrophe, spaced guillemets and non-breaking spaces: the same words.
    mutate(project, "glossary/nmi.yaml", "quote: la «NATO Mission in Iraq», NMI", 'quote: "la « NATO\\u00a0Mission in Iraq », NMI"')
    mutate(project, "entities/nmi.yaml", "quote: Depuis 2018, date de sa création, la NMI", "quote: Depuis  2018, date de sa création, la NMI")
    mutate(project, "scope.yaml", "quote: dans le plein respect de la souveraineté et de l’intégrité", "quote: dans le plein respect de la souveraineté et de l'intégrité")
    load_knowledge_base(project)


def test_a_changed_word_is_never_tolerated(project):
    mutate(project, "entities/syria.yaml", "quote: et de la Syrie voisine", "quote: et de la Syrie voisines")
    assert "this quote is not in source" in problems_of(project)[0]


def test_all_problems_are_reported_at_once(project):
    for file, old, new, _ in (MUTATIONS[0], MUTATIONS[13], MUTATIONS[16]):
        mutate(project, file, old, new)
    assert problems_of(project) == sorted([MUTATIONS[0][3], MUTATIONS[13][3], MUTATIONS[16][3]])


def test_unknown_data_file_is_refused(project):
    (project / "data" / "evnts.yaml").write_text("events: []\n")
    assert problems_of(project) == ["data/evnts.yaml:1:1: this file is not part of the knowledge base — records go one per file in data/sources/, data/entities/, data/events/, data/glossary/; the site's texts in data/site.yaml"]


def run_cli(project, *args):
    return subprocess.run([sys.executable, "-m", "scripts.cli", "--root", str(project), *args], capture_output=True, text=True, timeout=120)


def test_validate_command_reports_and_exits_nonzero(project):
    for file, old, new, _ in (MUTATIONS[0], MUTATIONS[15]):
        mutate(project, file, old, new)
    result = run_cli(project, "validate")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [MUTATIONS[0][3], MUTATIONS[15][3], "2 problems found; nothing was built."]


def test_validate_command_on_good_data(project):
    result = run_cli(project, "validate")
    assert result.returncode == 0, result.stderr
    assert "every quote found in its source" in result.stdout
    assert "Coverage of lesoir-2023-08-17: 8/8 sentences of the body quoted by a fact (100%)." in result.stdout


def test_yaml_syntax_error_in_real_file_has_no_traceback(project):
    (project / "data" / "events" / "a.yaml").write_text("id: a\n\ttitle: x\n")
    result = run_cli(project, "validate")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("data/events/a.yaml:2:1: YAML syntax: a tab character where YAML expects spaces — indent with spaces, not tabs")
