"""The validator on data broken in realistic ways: each mistake gets its exact located message
with a fix, every mistake is reported at once, and the command never shows a traceback.

The mistakes are made in the fixture `tiny` (tests/fixtures/tiny/), and each one says where its
report points by quoting the mutated file: the expected line and column are found there, so the
fixture can grow without renumbering anything. The real data is only checked to be valid.
"""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys
from pathlib import Path

import pytest

from datafile import position
from nmikb.cli import report_coverage
from nmikb.data.problems import ProblemsFound
from nmikb.knowledge.load import load_knowledge_base


@dataclasses.dataclass(frozen=True)
class Mutation:
    """A mistake: in `file` (under data/), `old` becomes `new`; the report points at the first
    occurrence of `at` in the mutated file and says `says`, in which `{line:TEXT}` stands for the
    line of the first occurrence of TEXT."""

    file: str
    old: str
    new: str
    at: str
    says: str

    def apply(self, project: Path) -> str:
        """Make the mistake in `project`; return the exact line the validator must report."""
        path = project / "data" / self.file
        text = path.read_text(encoding="utf-8")
        assert self.old in text, f"the mutation no longer applies to {self.file}: update the test"
        text = text.replace(self.old, self.new, 1)
        path.write_text(text, encoding="utf-8")
        line, col = position(text, self.at)
        says = re.sub(r"\{line:([^}]+)\}", lambda m: str(position(text, m[1])[0]), self.says)
        return f"data/{self.file}:{line}:{col}: {says}"


KINDS = (
    "'alliance', 'council', 'mission', 'country', 'government', 'ministry', 'office', "
    "'command', 'institution', 'armed-group', 'coalition', 'group', 'place', 'news-agency' "
    "or 'newspaper'"
)
ID_FIX = (
    "use lowercase letters, digits and single hyphens, e.g. `nato-mission-iraq` "
    "(64 characters at most)"
)
DATE_FIX = "write the date in quotes as YYYY, YYYY-MM or YYYY-MM-DD"
DECISION = '      start: {on: "2024-03-04", basis: decision}\n'
M = Mutation
MUTATIONS = [
    # Fields, types and dates.
    M(
        "events/council-votes.yaml",
        "title: {en: The council",
        "titel: {en: The council",
        "titel",
        "titel: unknown field `titel` — did you mean `title`?",
    ),
    M(
        "events/works-start.yaml",
        'date: "2025"\n',
        "",
        "id: works-start",
        "give either `date` (one date) or `dates` (dated aspects) — write "
        '`date: "2023-08-17"`, or `dates:` with `decided`, `announced`, `takes_effect` or '
        "`occurred`",
    ),
    M(
        "events/works-start.yaml",
        'date: "2025"',
        "date: 2025",
        "2025",
        f'date: a date must be text, got int 2025 — {DATE_FIX}: "2025"',
    ),
    # A date in another form: the exact text to write (both readings when day and month could
    # be either way round).
    M(
        "events/works-start.yaml",
        'date: "2025"',
        'date: "17/08/2023"',
        '"17/08/2023"',
        f'date: `17/08/2023` is not a date — {DATE_FIX}: "2023-08-17"',
    ),
    M(
        "events/works-start.yaml",
        'date: "2025"',
        'date: "08/07/2023"',
        '"08/07/2023"',
        f'date: `08/07/2023` is not a date — {DATE_FIX}: "2023-07-08" (8 July 2023) or '
        '"2023-08-07" (7 August 2023)',
    ),
    M(
        "events/works-start.yaml",
        'date: "2025"',
        'date: "17 août 2023"',
        '"17 août 2023"',
        f'date: `17 août 2023` is not a date — {DATE_FIX}: "2023-08-17"',
    ),
    M(
        "events/council-votes.yaml",
        'date: "2024-02"',
        'date: "2023-02-30"',
        '"2023-02-30"',
        "date: `2023-02-30` does not exist: February 2023 has 28 days — check the day",
    ),
    M(
        "events/works-start.yaml",
        'date: "2025"',
        'date: "2025-13"',
        '"2025-13"',
        "date: `2025-13` has no month 13 — months run from 01 to 12",
    ),
    # Ids: valid, the file's own, not a section of the page, unique on their page.
    M(
        "events/works-start.yaml",
        "id: works-start",
        "id: ../x",
        "../x",
        f"id: `../x` is not a valid id — {ID_FIX}",
    ),
    M(
        "events/works-start.yaml",
        "id: works-start",
        "id: Works-Start",
        "Works-Start",
        f"id: `Works-Start` is not a valid id — {ID_FIX}",
    ),
    M(
        "events/works-start.yaml",
        "id: works-start",
        "id: council-votes",
        "council-votes",
        "id: id `council-votes` does not match the file name `works-start.yaml` — rename the "
        "file to council-votes.yaml, or change the id to `works-start`",
    ),
    M(
        "scope.yaml",
        "    - id: vote\n",
        "    - id: works\n",
        "works\n      text: {en: A vote",
        "scope.principles[0].id: duplicate id `works` on the scope page (first used in "
        "data/scope.yaml line {line:- id: works}) — give each one its own id",
    ),
    M(
        "entities/meuse-bridges-trust.yaml",
        "  - id: trust-advises-city",
        "  - id: events",
        "events",
        "facts[0].id: `events` names a section of the page — give the fact another id",
    ),
    # References, quotes and translations, across files.
    M(
        "events/council-votes.yaml",
        "actors: [namur-council, ardennes-bridge]",
        "actors: [namur-council, ardennes-bridg]",
        "ardennes-bridg]",
        "actors[1]: no entity `ardennes-bridg` — did you mean `ardennes-bridge`?",
    ),
    M(
        "entities/ardennes-bridge.yaml",
        "quote: la rénovation du pont des Ardennes",
        "quote: la rénovation du pont des Flandres",
        "la rénovation du pont des Flandres",
        "citations[0].quote: this quote is not in source `gazette` — copy it word for word; "
        "the closest passage is: «la rénovation du pont des Ardennes.»; where they differ, "
        "[-the quote's words-]{+the source's+}: «… rénovation du pont des "
        "[-Flandres-]{+Ardennes.+}»",
    ),
    M(
        "entities/namur-council.yaml",
        "kind: council",
        "kind: counsil",
        "counsil",
        f"kind: `counsil` is not allowed — use one of: {KINDS}",
    ),
    M(
        "glossary/eu.yaml",
        "related: [municipal-council]",
        "related: municipal-council",
        "municipal-council",
        "related: expected a list, got `municipal-council` — write a list, one `- item` per line",
    ),
    M(
        "glossary/municipal-council.yaml",
        "    translation: {en: municipal council}\n",
        "",
        "source: gazette",
        "citations[0].translation: no en translation of the quote — add "
        "`translation: {en: ...}` with a faithful translation",
    ),
    M(
        "scope.yaml",
        "  mission: namur-council",
        "  mission: [namur-council]",
        "[namur-council]",
        "scope.mission: expected text, got a list — write text here",
    ),
    M(
        "sources/gazette.yaml",
        "author: Agence Exemple",
        "author: 42",
        "42",
        'author: expected text, got the number 42 — put it in quotes: "42"',
    ),
    M(
        "site.yaml",
        "  headline: council-votes",
        "  headline: council-vote",
        "council-vote",
        "site.headline: no event `council-vote` — did you mean `council-votes`?",
    ),
    M(
        "sources/gazette.yaml",
        "language: fr",
        "language: NO",
        "NO",
        'language: `NO` is ambiguous (YAML 1.1 reads it as a boolean) — write "NO" in quotes '
        "for text, or true/false",
    ),
    M(
        "glossary/municipal-council.yaml",
        "en: {abbr: MC, full: Municipal council",
        "en: {abbr: EU, full: Municipal council",
        "EU",
        "en.abbr: abbreviation `EU` is already used by term `eu` — an abbreviation may name "
        "one term only",
    ),
    M(
        "sources/gazette.yaml",
        "file: seeds/gazette-2024-03-03.txt",
        "file: seeds/missing.txt",
        "seeds/missing.txt",
        "file: no file `seeds/missing.txt` — store the source text there, byte for byte, "
        "or fix the path",
    ),
    # Time: a relation says when it holds and what that rests on, or it is refused.
    M(
        "scope.yaml",
        DECISION,
        DECISION.replace("2024-03-04", "2024-03-05"),
        '"2024-03-05"',
        "scope.institutions[2].start.on: the start is 2024-03-05 but the deciding event "
        "`trust-to-advise` is dated 2024-03-04 — remove `on:` (the event gives the date), or make "
        "the two dates agree",
    ),
    M(
        "scope.yaml",
        "      start: {unknown: true, basis: start-of-activity}\n",
        "",
        "entity: ardennes-bridge",
        "scope.institutions[0].start: required field `start` is missing — add `start:` here",
    ),
    M(
        "scope.yaml",
        "start: {unknown: true, basis: start-of-activity}",
        "start: {unknown: true}",
        "{unknown: true}",
        "scope.institutions[0].start.basis: required field `basis` is missing — add `basis:` here",
    ),
    M(
        "scope.yaml",
        DECISION + "      decided_by: trust-to-advise\n",
        DECISION,
        "entity: meuse-bridges-trust",
        "scope.institutions[2]: a start that rests on a decision names the decision — add "
        "`decided_by: <event id>`",
    ),
    M(
        "scope.yaml",
        "start: {unknown: true, basis: start-of-activity}",
        "start: {basis: start-of-activity}",
        "{basis: start-of-activity}",
        "scope.institutions[0].start: say exactly one of `on`, `before` or `unknown: true` — e.g. "
        '`on: "2018"`, or `unknown: true` when no source says',
    ),
    # Names: "official" is a claim, and needs its source; "as written in" is checked against it.
    M(
        "entities/namur-council.yaml",
        "{form: conseil communal de Namur, lang: fr, status: used-by-source, source: gazette}",
        "{form: conseil communal de Namur, lang: fr, status: official}",
        "{form: conseil communal de Namur",
        "names[0]: a name called official needs what says so — add `source:` (a source that says "
        "it is official) or `reference:` (where a reader can check it)",
    ),
    M(
        "entities/namur-council.yaml",
        "{form: Namur municipal council, lang: en, status: translation}",
        "{form: Namur municipal council, lang: en, status: used-by-source, source: gazette}",
        "Namur municipal council, lang",
        "names[2].form: `Namur municipal council` is not written in source `gazette` — copy the "
        "form as the source writes it, remove `gazette` from `source`, or give it the status "
        "`translation` or `common`",
    ),
    # Sources: a title is the document's or marked as the editors'.
    M(
        "sources/gazette.yaml",
        "  status: not-stored\n",
        "",
        "text: {en: The bridge vote",
        "title.status: required field `status` is missing — add `status:` here",
    ),
    # A quote of a source in English needs its French translation, as a French one its English.
    M(
        "glossary/eu.yaml",
        "    translation: {fr: Une partie du coût est couverte par le fonds régional de l’UE.}\n",
        "",
        "source: bridges-trust",
        "citations[0].translation: no fr translation of the quote — add "
        "`translation: {fr: ...}` with a faithful translation",
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


def test_the_fixture_is_valid_and_every_body_sentence_of_its_sources_is_covered(tiny_kb):
    assert {s.language for s in tiny_kb.sources} == {"en", "fr"}
    assert all(r.facts for rows in tiny_kb.coverage.values() for r in rows)


@pytest.mark.parametrize("mutation", MUTATIONS, ids=lambda m: m.says.split(": ")[0])
def test_mistake_gets_its_located_message(tiny_project, mutation):
    expected = mutation.apply(tiny_project)
    assert problems_of(tiny_project) == [expected]


def test_typographic_variants_of_a_quote_are_accepted(tiny_project):
    # Straight or curly apostrophes, spaced guillemets, non-breaking spaces (and the narrow one
    # French typography puts inside guillemets), doubled spaces: the same words, in either
    # language.
    mutate(
        tiny_project,
        "scope.yaml",
        "quote: «Le pont restera ouvert aux piétons», a ajouté l’échevine des travaux.\n",
        "quote: \"« Le pont\\u00a0restera ouvert aux piétons\\u202f», a ajouté l'échevine des "
        'travaux."\n',
    )
    mutate(
        tiny_project,
        "entities/ardennes-bridge.yaml",
        "quote: la rénovation du pont des Ardennes",
        "quote: la rénovation  du pont des Ardennes",
    )
    mutate(
        tiny_project,
        "glossary/eu.yaml",
        "quote: Part of the cost is met by the EU's regional fund.",
        "quote: Part of the cost is met by the EU’s regional fund.",
    )
    mutate(
        tiny_project,
        "sources/bridges-trust.yaml",
        "quote: Issued by the Meuse Bridges Trust’s press office.",
        "quote: Issued by the Meuse Bridges Trust's press office.",
    )
    load_knowledge_base(tiny_project)


def test_a_changed_word_is_never_tolerated(tiny_project):
    mutate(
        tiny_project,
        "entities/ardennes-bridge.yaml",
        "quote: la rénovation du pont des Ardennes",
        "quote: la rénovation des ponts des Ardennes",
    )
    assert "this quote is not in source" in problems_of(tiny_project)[0]


def test_all_problems_are_reported_at_once(tiny_project):
    expected = [MUTATIONS[i].apply(tiny_project) for i in (0, 16, 19)]
    assert len({m.file for m in (MUTATIONS[0], MUTATIONS[16], MUTATIONS[19])}) == 3
    assert problems_of(tiny_project) == sorted(expected)


def test_unknown_data_file_is_refused(tiny_project):
    (tiny_project / "data" / "evnts.yaml").write_text("events: []\n")
    assert problems_of(tiny_project) == [
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


def test_validate_command_reports_and_exits_nonzero(tiny_project):
    expected = [MUTATIONS[i].apply(tiny_project) for i in (0, 15)]
    result = run_cli(tiny_project, "validate")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        *sorted(expected),
        "2 problems found; fix them and run it again.",
    ]


def test_validate_command_on_good_data(tiny_project, tiny_kb):
    result = run_cli(tiny_project, "validate")
    assert result.returncode == 0, result.stderr
    citations = sum(len(f.citations) for f in tiny_kb.facts)
    assert result.stdout.splitlines() == [
        f"OK: {len(tiny_kb.facts)} facts, {citations} citations, every quote of a stored source "
        "found in it.",
        "Coverage of 2 sources: 7/7 sentences of their bodies quoted by a fact (100%).",
    ]


def test_coverage_report_of_one_source_and_of_sentences_no_fact_quotes(tiny_kb, capsys):
    # One source: named; a sentence no fact quotes: listed with its number.
    gazette = dataclasses.replace(
        tiny_kb, sources=[s for s in tiny_kb.sources if s.id == "gazette"]
    )
    report_coverage(gazette)
    assert capsys.readouterr().out == (
        "Coverage of gazette: 3/3 sentences of the body quoted by a fact (100%).\n"
    )
    unquoted = dataclasses.replace(tiny_kb, glossary=[t for t in tiny_kb.glossary if t.id != "eu"])
    report_coverage(unquoted)
    assert capsys.readouterr().out.splitlines() == [
        "Coverage of 2 sources: 6/7 sentences of their bodies quoted by a fact (86%).",
        "  not covered: bridges-trust sentence 3: "
        "Part of the cost is met by the EU's regional fund.",
    ]


def test_yaml_syntax_error_in_a_data_file_has_no_traceback(tiny_project):
    (tiny_project / "data" / "events" / "a.yaml").write_text("id: a\n\ttitle: x\n")
    result = run_cli(tiny_project, "validate")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(
        "data/events/a.yaml:2:1: YAML syntax: a tab character where YAML "
        "expects spaces — indent with spaces, not tabs"
    )


# The real data, and the real data with a contribution added: valid, whatever they say.


def test_real_data_is_valid_and_validate_says_so(dataset):
    kb = load_knowledge_base(dataset.root)
    assert kb.facts and {c.source for f in kb.facts for c in f.citations} <= set(kb.source)
    result = run_cli(dataset.root, "validate")
    assert result.returncode == 0 and result.stderr == "", result.stderr
    lines = result.stdout.splitlines()
    citations = sum(len(f.citations) for f in kb.facts)
    assert lines[0] == (
        f"OK: {len(kb.facts)} facts, {citations} citations, every quote of a stored source "
        "found in it."
    )
    # The coverage figures are the knowledge base's, whatever they are.
    rows = [r for sentences in kb.coverage.values() for r in sentences]
    covered = sum(1 for r in rows if r.facts)
    assert re.fullmatch(rf"Coverage of .+: {covered}/{len(rows)} sentences .*", lines[1])
    assert set(kb.coverage) == set(kb.source)


def test_a_body_that_follows_its_date_line_without_a_blank_line_is_counted_whole(tmp_path):
    # "Press release, 4 March 2024" has no full stop: with the body on the very next line, the
    # date line and the body's first sentence read as one sentence, which starts before the body.
    # Cut at the body's start, the first sentence still counts, and the fact quoting it covers it.
    from conftest import TINY, make_project

    project = make_project(tmp_path / "p", data=TINY / "data", seeds=TINY / "seeds")
    seed = project / "seeds" / "bridges-trust-2024-03-04.txt"
    text = seed.read_text(encoding="utf-8")
    seed.write_text(text.replace("4 March 2024\n\nOn Wednesday", "4 March 2024\nOn Wednesday"))
    kb = load_knowledge_base(project)
    rows = kb.coverage["bridges-trust"]
    assert len(rows) == 4 and all(r.facts for r in rows)
    assert rows[0].text.startswith("On Wednesday 28 February 2024 the Namur")


def test_a_body_edge_at_a_wrapped_line_inside_a_sentence_is_still_refused(tmp_path):
    # A line edge counts as a sentence's only where the line before holds whole lines of its
    # own (a title, a date line) and the line opens as a sentence does: in hard-wrapped text,
    # a body cut at a line inside a sentence is refused as before, and the fix suggested starts
    # at the line that opens the body, not at the date line above it.
    from conftest import TINY, make_project

    project = make_project(tmp_path / "p", data=TINY / "data", seeds=TINY / "seeds")
    seed = project / "seeds" / "bridges-trust-2024-03-04.txt"
    text = seed.read_text(encoding="utf-8")
    wrapped = text.replace("4 March 2024\n\nOn Wednesday", "4 March 2024\nOn Wednesday")
    wrapped = wrapped.replace(
        "2024 the Namur municipal council", "2024\nthe Namur municipal council"
    )
    seed.write_text(wrapped, encoding="utf-8")
    record = project / "data" / "sources" / "bridges-trust.yaml"
    source = record.read_text(encoding="utf-8")
    for body_start, fix in [
        ("the Namur municipal council", "On Wednesday 28 February"),
        ("Wednesday 28 February 2024", "On Wednesday 28 February"),
    ]:
        record.write_text(
            source.replace("body_start: On Wednesday 28 February 2024", f"body_start: {body_start}")
        )
        with pytest.raises(ProblemsFound) as err:
            load_knowledge_base(project)
        [problem] = [p for p in err.value.problems if p.field == "body_start"]
        assert "starts in the middle of a sentence" in problem.message
        assert problem.fix.endswith(f"«{fix}»"), problem.fix
