"""The validator on real data broken in realistic ways: each mistake gets its exact located
message with a fix, every mistake is reported at once, and the command never shows a traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest

from nmikb.data.problems import ProblemsFound
from nmikb.knowledge.load import load_knowledge_base

# (file under data/, text to replace, replacement, the exact report line)
E = "events/"
MUTATIONS = [
    (
        E + "nac-decides-nmi-expansion.yaml",
        "title:\n  en: NATO announces",
        "titel:\n  en: NATO announces",
        "data/events/nac-decides-nmi-expansion.yaml:9:1: titel: unknown "
        "field `titel` — did you mean `title`?",
    ),
    (
        E + "nmi-created.yaml",
        'date: "2018"\n',
        "",
        "data/events/nmi-created.yaml:3:1: date: required field `date` "
        "is missing — add `date:` here",
    ),
    (
        E + "nmi-created.yaml",
        'date: "2018"',
        "date: 2018",
        "data/events/nmi-created.yaml:4:7: date: a date must be text, got "
        "int 2018 — write the date in quotes as YYYY, YYYY-MM or YYYY-MM-DD: "
        '"2018"',
    ),
    (
        E + "nac-decides-nmi-expansion.yaml",
        'date: "2023-08-17"',
        'date: "2023-02-30"',
        "data/events/nac-decides-nmi-expansion.yaml:5:7: date: `2023-02-30` "
        "does not exist: February 2023 has 28 days — check the day",
    ),
    (
        E + "nmi-created.yaml",
        'date: "2018"',
        'date: "2018-13"',
        "data/events/nmi-created.yaml:4:7: date: `2018-13` has no month "
        "13 — months run from 01 to 12",
    ),
    (
        E + "nmi-created.yaml",
        "id: nmi-created",
        "id: ../x",
        "data/events/nmi-created.yaml:3:5: id: `../x` is not a valid id "
        "— use lowercase letters, digits and single hyphens, e.g. `nato-mission-iraq` "
        "(64 characters at most)",
    ),
    (
        E + "nmi-created.yaml",
        "id: nmi-created",
        "id: NMI-Created",
        "data/events/nmi-created.yaml:3:5: id: `NMI-Created` is not a valid "
        "id — use lowercase letters, digits and single hyphens, e.g. `nato-mission-iraq` "
        "(64 characters at most)",
    ),
    (
        E + "nmi-created.yaml",
        "id: nmi-created",
        "id: islamic-state-conquests-2014",
        "data/events/nmi-created.yaml:3:5: id: id `islamic-state-conquests-2014` "
        "does not match the file name `nmi-created.yaml` — rename the file "
        "to islamic-state-conquests-2014.yaml, or change the id to `nmi-created`",
    ),
    (
        "scope.yaml",
        "    - id: capacity-building",
        "    - id: training-iraqi-forces",
        "data/scope.yaml:109:11: scope.activities[2].id: duplicate id `training-iraqi-forces` "
        "on the scope page (first used in data/scope.yaml line 91) — give "
        "each one its own id",
    ),
    (
        "entities/nmi.yaml",
        "  - id: nmi-created-2018",
        "  - id: events",
        "data/entities/nmi.yaml:20:9: facts[0].id: `events` names a section "
        "of the page — give the fact another id",
    ),
    (
        E + "nato-communique-principles.yaml",
        "actors: [nato, nmi, iraq, other-partners]",
        "actors: [nato, nmi, iraq, other-partner]",
        "data/events/nato-communique-principles.yaml:14:27: actors[3]: "
        "no entity `other-partner` — did you mean `other-partners`?",
    ),
    (
        "entities/iraq-ministry-of-defence.yaml",
        "en poste au ministère de la Défense\n",
        "en poste au ministère de la Guerre\n",
        "data/entities/iraq-ministry-of-defence.yaml:17:12: citations[0].quote: "
        "this quote is not in source `lesoir-2023-08-17` — copy it word "
        "for word; the closest passage is: «Depuis 2018, date de sa création, "
        "la NMI conseille les responsables irakiens des secteurs de la "
        "défense et de la sécurité en poste au ministère de la Défense,»; where they "
        "differ, [-the quote's words-]{+the source's+}: «… au ministère de la "
        "[-Guerre-]{+Défense,+}»",
    ),
    (
        "entities/iraq-ministry-of-defence.yaml",
        "kind: ministry",
        "kind: ministery",
        "data/entities/iraq-ministry-of-defence.yaml:4:7: kind: `ministery` "
        "is not allowed — use one of: 'alliance', 'council', 'mission', "
        "'country', 'government', 'ministry', 'office', 'command', 'institution', "
        "'armed-group', 'coalition', 'group', 'place', 'news-agency' or 'newspaper'",
    ),
    (
        "glossary/nac.yaml",
        "related: [nato, nmi]\n",
        "related: nato\n",
        "data/glossary/nac.yaml:9:10: related: expected a list, got `nato` "
        "— write a list, one `- item` per line",
    ),
    (
        "glossary/nmi.yaml",
        "    quote: Depuis 2018, date de sa création, la NMI\n    translation:\n "
        "     en: Since 2018, the year it was created, NMI\n",
        "    quote: Depuis 2018, date de sa création, la NMI\n",
        "data/glossary/nmi.yaml:16:5: citations[1].translation: no en translation "
        "of the quote — add `translation: {en: ...}` with a faithful translation",
    ),
    (
        "scope.yaml",
        "  mission: nmi",
        "  mission: [nmi]",
        "data/scope.yaml:4:12: scope.mission: expected text, got a list — write text here",
    ),
    (
        "sources/lesoir-2023-08-17.yaml",
        "author: Belga",
        "author: 42",
        "data/sources/lesoir-2023-08-17.yaml:13:9: author: expected text, "
        'got the number 42 — put it in quotes: "42"',
    ),
    (
        "site.yaml",
        "  headline: nac-decides-nmi-expansion",
        "  headline: nac-decides-nmi-expanson",
        "data/site.yaml:7:13: site.headline: no event `nac-decides-nmi-expanson` "
        "— did you mean `nac-decides-nmi-expansion`?",
    ),
    (
        "sources/lesoir-2023-08-17.yaml",
        "language: fr",
        "language: NO",
        "data/sources/lesoir-2023-08-17.yaml:5:11: language: `NO` is ambiguous "
        '(YAML 1.1 reads it as a boolean) — write "NO" in quotes for text, '
        "or true/false",
    ),
    (
        "scope.yaml",
        '      start: {on: "2023-08-17", basis: decision}',
        '      start: {on: "2023-08-16", basis: decision}',
        "data/scope.yaml:56:19: scope.institutions[3].start.on: the start "
        "is 2023-08-16 but the deciding event `nac-decides-nmi-expansion` "
        "is dated 2023-08-17 — make the two dates agree",
    ),
    (
        "glossary/security-sector-reform.yaml",
        "en: {full: Security sector reform}",
        "en: {abbr: NAC, full: Security sector reform}",
        "data/glossary/security-sector-reform.yaml:4:12: en.abbr: abbreviation "
        "`NAC` is already used by term `nac` — an abbreviation may name "
        "one term only",
    ),
    (
        "sources/lesoir-2023-08-17.yaml",
        "file: seeds/lesoir-2023-08-17-belga-otan-irak.txt",
        "file: seeds/missing.txt",
        "data/sources/lesoir-2023-08-17.yaml:4:7: file: no file `seeds/missing.txt` "
        "— store the source text there, byte for byte, or fix the path",
    ),
    # Time: a relation says when it holds and what that rests on, or it is refused.
    (
        "scope.yaml",
        '      start: {on: "2018", basis: start-of-activity}\n',
        "",
        "data/scope.yaml:25:7: scope.institutions[0].start: required field "
        "`start` is missing — add `start:` here",
    ),
    (
        "scope.yaml",
        '      start: {on: "2018", basis: start-of-activity}',
        '      start: {on: "2018"}',
        "data/scope.yaml:27:14: scope.institutions[0].start.basis: required "
        "field `basis` is missing — add `basis:` here",
    ),
    (
        "scope.yaml",
        '      start: {on: "2023-08-17", basis: decision}\n      decided_by: '
        "nac-decides-nmi-expansion\n",
        '      start: {on: "2023-08-17", basis: decision}\n',
        "data/scope.yaml:54:7: scope.institutions[3]: a start that rests "
        "on a decision names the decision — add `decided_by: <event id>`",
    ),
    (
        "scope.yaml",
        "      start: {unknown: true, basis: start-of-activity}",
        "      start: {basis: start-of-activity}",
        "data/scope.yaml:83:14: scope.institutions[5].start: say exactly "
        'one of `on`, `before` or `unknown: true` — e.g. `on: "2018"`, '
        "or `unknown: true` when the source does not say",
    ),
    # Names: "official" is a claim, and needs its source; "as written in" is checked against it.
    (
        "entities/nmi.yaml",
        "{form: NATO Mission in Iraq, lang: en, status: used-by-source, source: lesoir-2023-08-17}",
        "{form: NATO Mission in Iraq, lang: en, status: official}",
        "data/entities/nmi.yaml:16:5: names[0]: a name called official "
        "needs the source that says so — add `source: <source id>`, or "
        "give it the status `translation` or `common`",
    ),
    (
        "entities/nmi.yaml",
        "{form: mission de l’OTAN en Irak, lang: fr, status: translation}",
        "{form: mission de l’OTAN en Irak, lang: fr, status: used-by-source, "
        "source: lesoir-2023-08-17}",
        "data/entities/nmi.yaml:18:12: names[2].form: `mission de l’OTAN "
        "en Irak` is not written in source `lesoir-2023-08-17` — copy the "
        "form as the source writes it, or give it the status `translation` or `common`",
    ),
    # Sources: a press review names what it reviews; a title is the document's or marked as the
    # editors'.
    (
        "sources/lesoir-2023-08-17.yaml",
        "  supplied: true\n",
        "",
        "data/sources/lesoir-2023-08-17.yaml:9:3: title.supplied: required "
        "field `supplied` is missing — add `supplied:` here",
    ),
    # A date in another form: the exact text to write (both readings when day and month could
    # be either way round).
    (
        E + "nac-decides-nmi-expansion.yaml",
        'date: "2023-08-17"',
        'date: "17/08/2023"',
        "data/events/nac-decides-nmi-expansion.yaml:5:7: date: `17/08/2023` is not a date "
        '— write the date in quotes as YYYY, YYYY-MM or YYYY-MM-DD: "2023-08-17"',
    ),
    (
        E + "nac-decides-nmi-expansion.yaml",
        'date: "2023-08-17"',
        'date: "08/07/2023"',
        "data/events/nac-decides-nmi-expansion.yaml:5:7: date: `08/07/2023` is not a date "
        '— write the date in quotes as YYYY, YYYY-MM or YYYY-MM-DD: "2023-07-08" '
        '(8 July 2023) or "2023-08-07" (7 August 2023)',
    ),
    (
        E + "nac-decides-nmi-expansion.yaml",
        'date: "2023-08-17"',
        'date: "17 août 2023"',
        "data/events/nac-decides-nmi-expansion.yaml:5:7: date: `17 août 2023` is not a date "
        '— write the date in quotes as YYYY, YYYY-MM or YYYY-MM-DD: "2023-08-17"',
    ),
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


@pytest.mark.parametrize(
    "file,old,new,expected",
    MUTATIONS,
    ids=[m[3].split(": ")[1] + "-" + str(i) for i, m in enumerate(MUTATIONS)],
)
def test_mistake_gets_its_located_message(project, file, old, new, expected):
    mutate(project, file, old, new)
    assert problems_of(project) == [expected]


def test_typographic_variants_of_a_quote_are_accepted(project):
    # Straight apostrophe, spaced guillemets and non-breaking spaces: the same words.
    # (and the narrow no-break space French typography puts inside guillemets)
    mutate(
        project,
        "glossary/nmi.yaml",
        "quote: sa mission en Irak (la «NATO Mission in Iraq», NMI), qui "
        "verra son rôle de conseil et de renforcement des capacités étendu\n",
        'quote: "sa mission en Irak (la « NATO\\u00a0Mission in Iraq\\u202f», '
        'NMI), qui verra son rôle de conseil et de renforcement des capacités étendu"\n',
    )
    mutate(
        project,
        "entities/nmi.yaml",
        "quote: Depuis 2018, date de sa création, la NMI",
        "quote: Depuis  2018, date de sa création, la NMI",
    )
    mutate(
        project,
        "scope.yaml",
        "dans le plein respect de la souveraineté et de l’intégrité territoriale du pays\n",
        "dans le plein respect de la souveraineté et de l'intégrité territoriale du pays\n",
    )
    load_knowledge_base(project)


def test_a_changed_word_is_never_tolerated(project):
    mutate(project, "entities/syria.yaml", "et de la Syrie voisine -", "et de la Syrie voisines -")
    assert "this quote is not in source" in problems_of(project)[0]


def test_all_problems_are_reported_at_once(project):
    for file, old, new, _ in (MUTATIONS[0], MUTATIONS[13], MUTATIONS[16]):
        mutate(project, file, old, new)
    assert problems_of(project) == sorted([MUTATIONS[0][3], MUTATIONS[13][3], MUTATIONS[16][3]])


def test_unknown_data_file_is_refused(project):
    (project / "data" / "evnts.yaml").write_text("events: []\n")
    assert problems_of(project) == [
        "data/evnts.yaml:1:1: this file is not part of the knowledge base "
        "— records go one per file in data/sources/, data/entities/, data/events/, "
        "data/glossary/; the site's texts in data/site.yaml"
    ]


def run_cli(project, *args):
    return subprocess.run(
        [sys.executable, "-m", "nmikb", "--root", str(project), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_validate_command_reports_and_exits_nonzero(project):
    for file, old, new, _ in (MUTATIONS[0], MUTATIONS[15]):
        mutate(project, file, old, new)
    result = run_cli(project, "validate")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        MUTATIONS[0][3],
        MUTATIONS[15][3],
        "2 problems found; fix them and run it again.",
    ]


def test_validate_command_on_good_data(project):
    result = run_cli(project, "validate")
    assert result.returncode == 0, result.stderr
    assert "every quote found in its source" in result.stdout
    assert (
        "Coverage of lesoir-2023-08-17: 8/8 sentences of the body quoted by a fact (100%)."
        in result.stdout
    )


def test_yaml_syntax_error_in_real_file_has_no_traceback(project):
    (project / "data" / "events" / "a.yaml").write_text("id: a\n\ttitle: x\n")
    result = run_cli(project, "validate")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(
        "data/events/a.yaml:2:1: YAML syntax: a tab character where YAML "
        "expects spaces — indent with spaces, not tabs"
    )
