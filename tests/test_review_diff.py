"""`nmi-kb diff` on small git repositories of the tiny fixture: each kind of change as a reviewer
reads it, in plain text and in Markdown; the commit side read from git without touching the
working tree; the extension points for rival values and dated aspects; each fault in one line
with its exit code."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest

from nmikb.cli import main
from nmikb.knowledge.load import load_knowledge_base
from nmikb.review.claims import DateClaim, RivalClaim, claims_of
from nmikb.review.compare import compare
from nmikb.review.report import write
from nmikb.review.styles import Markdown, Plain
from review_repo import (
    GIT_ENV,
    add_bulletin,
    append,
    cite,
    commit,
    edit,
    git,
    tiny_repo,
)


@pytest.fixture
def repo(tmp_path) -> Path:
    return tiny_repo(tmp_path / "repo")


def run(repo: Path, capsys, *args: str) -> tuple[int, str, str]:
    code = main(["--root", str(repo), "diff", *args])
    out, err = capsys.readouterr()
    return code, out, err


def short(repo: Path, rev: str = "main") -> str:
    return git(repo, "rev-parse", "--short=7", rev)


def corroborate(repo: Path) -> None:
    """The English source of the fixtures, quoted for an existing event."""
    add_bulletin(repo)
    append(
        repo,
        "data/events/works-start.yaml",
        cite("The works will begin in 2025.", "Les travaux commenceront en 2025."),
    )


PLAIN = """\
What changes in the knowledge base, from {base} (main) to the working tree
1 source added; 1 record changed; 1 citation added to 1 existing fact; pages that change: \
5 English, 5 French.

Sources
  + sources/bulletin «Council backs bridge repairs» — press-article, English, Ardennes District \
Bulletin, 2024-03-05
    coverage: 1/3 sentences (33%) of its body quoted
    attribution: «Bulletin of the Ardennes district, 5 March 2024»

Records
  ~ event events/works-start «Works begin» (citations)

Citations added to existing facts (corroboration)
  ~ events/works-start «Works begin» — now 2 sources: bulletin, gazette
    + bulletin: «The works will begin in 2025.»
      fr: «Les travaux commenceront en 2025.»

Pages that change (paths in the built site, the preview)
  English (5):
    + sources/bulletin.html
    ~ index.html
    ~ events/works-start.html
    ~ sources/index.html
    ~ coverage.html
  French (5):
    + fr/sources/bulletin.html
    ~ fr/index.html
    ~ fr/events/works-start.html
    ~ fr/sources/index.html
    ~ fr/coverage.html
"""

MARKDOWN = """\
## What changes in the knowledge base, from {base} (main) to the working tree
1 source added; 1 record changed; 1 citation added to 1 existing fact; pages that change: \
5 English, 5 French.

### Sources

- **+** `sources/bulletin` «Council backs bridge repairs» — press\\-article\\, English\\, Ardennes \
District Bulletin\\, 2024\\-03\\-05
  - coverage: 1/3 sentences (33%) of its body quoted
  - attribution: «Bulletin of the Ardennes district\\, 5 March 2024»

### Records

- **~** event `events/works-start` «Works begin» (citations)

### Citations added to existing facts (corroboration)

- **~** `events/works-start` «Works begin» — now 2 sources: `bulletin`, `gazette`
  - **+** `bulletin`: «The works will begin in 2025\\.»
    - fr: «Les travaux commenceront en 2025\\.»

### Pages that change (paths in the built site, the preview)

- English (5):
  - **+** `sources/bulletin.html`
  - **~** `index.html`
  - **~** `events/works-start.html`
  - **~** `sources/index.html`
  - **~** `coverage.html`
- French (5):
  - **+** `fr/sources/bulletin.html`
  - **~** `fr/index.html`
  - **~** `fr/events/works-start.html`
  - **~** `fr/sources/index.html`
  - **~** `fr/coverage.html`
"""


def test_a_new_source_that_corroborates_a_fact_in_plain_text(repo, capsys):
    corroborate(repo)
    assert run(repo, capsys, "main") == (0, PLAIN.format(base=short(repo)), "")


def test_the_same_change_in_markdown_for_a_pull_request(repo, capsys):
    corroborate(repo)
    code, out, _ = run(repo, capsys, "main", "--format", "markdown")
    assert (code, out) == (0, MARKDOWN.format(base=short(repo)))


def test_two_commits_give_the_same_report_as_the_working_tree(repo, capsys):
    base = short(repo)
    corroborate(repo)
    head = commit(repo, "A second source")[:7]
    code, out, _ = run(repo, capsys, "main~1", "main")
    expected = PLAIN.format(base=base).replace(
        " (main) to the working tree", f" (main~1) to {head} (main)"
    )
    assert (code, out) == (0, expected)


def test_a_commit_is_its_own_files_not_the_working_trees_edits(repo, capsys):
    corroborate(repo)
    commit(repo, "A second source")
    # Uncommitted, and not part of the commit compared: neither an edit nor a new file.
    edit(repo, "data/events/works-start.yaml", "Works begin", "Works start")
    (repo / "data/glossary/stray.yaml").write_text("not even valid", encoding="utf-8")
    out = run(repo, capsys, "main~1", "main")[1]
    assert "1 source added; 1 record changed;" in out
    assert "Works start" not in out and "stray" not in out


def test_no_change_says_so(repo, capsys):
    code, out, _ = run(repo, capsys, "main")
    assert (code, out.splitlines()[1]) == (0, "No change to what the knowledge base claims.")


def test_the_commit_is_read_without_touching_the_working_tree(repo, capsys):
    corroborate(repo)
    git(repo, "add", "data/sources/bulletin.yaml")  # one file staged, the others not
    before = (git(repo, "status", "--porcelain"), git(repo, "diff", "--cached"), git(repo, "diff"))
    times = {p: p.stat().st_mtime_ns for p in (repo / "data").rglob("*") if p.is_file()}
    assert run(repo, capsys, "main")[0] == 0
    assert (
        git(repo, "status", "--porcelain"),
        git(repo, "diff", "--cached"),
        git(repo, "diff"),
    ) == before
    assert {p: p.stat().st_mtime_ns for p in (repo / "data").rglob("*") if p.is_file()} == times
    assert git(repo, "stash", "list") == ""


def many_changes(repo: Path) -> None:
    """One change of each kind, on a base whose vote is dated to the day (a Tuesday)."""
    edit(repo, "data/events/council-votes.yaml", 'date: "2024-02"', 'date: "2024-02-27"')
    commit(repo, "The vote's day")
    add_bulletin(repo)
    cv = "data/events/council-votes.yaml"
    append(
        repo,
        cv,
        cite(
            "The Namur municipal council voted on Monday to renovate the Ardennes bridge.",
            "Le conseil communal de Namur a voté lundi la rénovation du pont des Ardennes.",
        ),
    )
    edit(
        repo,
        cv,
        '{en: "The council votes <the> *renovation*."',
        '{en: "The council votes its *renovation*."',
    )
    edit(repo, cv, "actors: [namur-council, ardennes-bridge]", "actors: [namur-council]")
    edit(
        repo,
        "data/events/works-start.yaml",
        "quote: Les travaux commenceront en 2025, a précisé la Ville.",
        "quote: Les travaux commenceront en 2025",
    )
    council = "data/entities/namur-council.yaml"
    edit(repo, council, "kind: council", "kind: institution")
    edit(repo, council, "name: {en: Namur municipal council,", "name: {en: Namur town council,")
    edit(repo, council, "{form: Namur municipal council,", "{form: Namur town council,")
    edit(
        repo,
        "data/entities/ardennes-bridge.yaml",
        "citations:",
        "context:\n  - kind: explanation\n"
        "    text: {en: The bridge crosses the Meuse., fr: Le pont franchit la Meuse.}\n"
        "citations:",
    )
    (repo / "data/glossary/bridge.yaml").write_text(
        "id: bridge\nen: {full: Bridge, status: translation}\nfr: {full: Pont}\n"
        "definition: {en: What the works renovate., fr: Ce que les travaux rénovent.}\n"
        "citations:\n  - source: gazette\n    quote: pont des Ardennes\n"
        "    translation: {en: Ardennes bridge}\n",
        encoding="utf-8",
    )


def sections(report: str) -> dict[str, list[str]]:
    """Each section's lines, by heading (plain text: a heading is a line after a blank one)."""
    out: dict[str, list[str]] = {}
    current = ""
    for block in report.split("\n\n"):
        lines = block.splitlines()
        current = lines[0].removeprefix("### ")
        out[current] = [line for line in lines[1:] if line]
    return out


def test_each_kind_of_change_in_plain_text(repo, capsys):
    many_changes(repo)
    code, out, _ = run(repo, capsys, "main")
    s = sections(out)
    assert code == 0
    assert out.splitlines()[1] == (
        "1 source added; 1 record added; 4 records changed; 1 citation added to 1 existing "
        "fact; 1 possible disagreement on a date; 1 context note added; pages that change: "
        "21 English, 17 French."
    )
    assert s["Records"] == [
        "  + term glossary/bridge «Bridge» / «Pont»",
        "  ~ entity entities/ardennes-bridge «Ardennes bridge» (context notes)",
        "  ~ entity entities/namur-council «Namur town council» (title or fields, names)",
        "    name (en): «Namur [-municipal-]{+town+} council»",
        "    kind: «council» → «institution»",
        "  ~ event events/council-votes «The council votes the works» (text, citations, relations)",
        "  ~ event events/works-start «Works begin» (citations)",
    ]
    assert s["Facts added and removed"] == [
        "  + glossary/bridge «Bridge»",
        "    definition: «What the works renovate.»",
        "    + gazette: «pont des Ardennes»",
        "      en: «Ardennes bridge»",
    ]
    assert s["Quotes edited or removed"] == [
        "  ~ events/works-start «Works begin»: quote of gazette",
        "    «Les travaux commenceront en [-2025, a précisé la Ville.-]{+2025+}»",
    ]
    assert s["Texts changed"] == [
        "  ~ events/council-votes «The council votes the works»: summary",
        "    en: «The council votes [-<the>-]{+its+} *renovation*.»",
    ]
    assert s["Possible disagreements on dates (the machine's reading: check them)"] == [
        "The data cannot record rival dates yet: a quote that gives another day is kept as one "
        "more citation of the date it contradicts.",
        "  events/council-votes «The council votes the works» is dated Tuesday 27 February 2024 "
        "(day); the new quote from bulletin names «Monday», «lundi»",
        "    «The Namur municipal council voted on Monday to renovate the Ardennes bridge.»",
    ]
    assert s["Names"] == [
        "  ~ entities/namur-council «Namur town council» (en, translation): "
        "«Namur [-municipal-]{+town+} council»"
    ]
    assert s["Relations"] == ["  - events/council-votes concerns entities/ardennes-bridge"]
    assert s["Context notes (the editors' words, no quote behind them)"] == [
        "  + entities/ardennes-bridge «Ardennes bridge» (explanation):",
        "    en: «The bridge crosses the Meuse.»",
        "    fr: «Le pont franchit la Meuse.»",
    ]
    pages = s["Pages that change (paths in the built site, the preview)"]
    for line in (
        "  English (21):",
        "    + glossary/bridge.html",
        "    ~ entities/namur-council.html",
        "    - entities/kind/council.html",
        "  French (17):",
        "    + fr/glossary/letter/p.html",
    ):
        assert line in pages


def test_each_kind_of_change_in_markdown(repo, capsys):
    many_changes(repo)
    out = run(repo, capsys, "main", "--format", "markdown")[1]
    for line in (
        "### Records",
        "  - name (en): «Namur ~~municipal~~ **town** council»",
        "  - «Les travaux commenceront en ~~2025\\, a précisé la Ville\\.~~ **2025**»",
        # Data text cannot become markup: the angle brackets and asterisks stay text.
        "  - en: «The council votes ~~&lt;the&gt;~~ **its** \\*renovation\\*\\.»",
        "- **-** `events/council-votes` concerns `entities/ardennes-bridge`",
        "  - **-** `entities/kind/council.html`",
    ):
        assert line in out.splitlines(), line


def test_dates_records_removed_and_relations_from_what_to_what(repo, capsys):
    edit(repo, "data/events/council-votes.yaml", 'date: "2024-02"', 'date: "2024-02-27"')
    (repo / "data/events/works-start.yaml").unlink()
    edit(
        repo,
        "data/entities/ardennes-bridge.yaml",
        "kind: place\n",
        "kind: place\npart_of: namur-council\n",
    )
    edit(repo, "data/scope.yaml", "      decided_by: council-votes\n", "")
    s = sections(run(repo, capsys, "main")[1])
    assert s["Records"][0] == "  - event events/works-start «Works begin»"
    assert s["Facts added and removed"] == ["  - events/works-start «Works begin»"]
    assert s["Dates"] == [
        "  ~ events/council-votes «The council votes the works»: date February 2024 (month) → "
        "Tuesday 27 February 2024 (day)"
    ]
    assert s["Relations"] == [
        "  + entities/ardennes-bridge part of entities/namur-council",
        "  ~ entities/namur-council advises entities/ardennes-bridge: decided by "
        "events/council-votes → —",
    ]
    assert (
        "    - events/works-start.html"
        in s["Pages that change (paths in the built site, the preview)"]
    )


def test_a_quote_removed_from_an_existing_fact_and_a_source_coverage_going_down(repo, capsys):
    # The scope's activity quotes "Les travaux" once more; works-start keeps its own quote.
    edit(
        repo,
        "data/events/council-votes.yaml",
        "quote: a voté mardi la rénovation du pont des Ardennes.",
        "quote: a voté mardi",
    )
    s = sections(run(repo, capsys, "main")[1])
    assert s["Quotes edited or removed"] == [
        "  ~ events/council-votes «The council votes the works»: quote of gazette",
        "    «a voté mardi [-la rénovation du pont des Ardennes.-]»",
    ]


def test_rival_values_and_dated_aspects_land_as_entries(repo):
    """The extension points for the richer data model: a rival value and a dated aspect are
    entries of the claims, and the report lists them without a change to the diff."""
    kb = load_knowledge_base(repo)
    old = claims_of(kb)
    new = dataclasses.replace(old, rivals=dict(old.rivals), dates=dict(old.dates))
    ref = ("events", "council-votes")
    new.rivals[("events/council-votes", "", "date", "2024-02-26")] = RivalClaim(
        ref, "other", ("bulletin",), ""
    )
    new.rivals[("events/council-votes", "", "date", "2024-02-27")] = RivalClaim(
        ref, "preferred", ("gazette",), ""
    )
    new.dates[("events/council-votes", "", "announced")] = DateClaim(
        ref, "2024-03-03", "day", "inferred"
    )
    report = write(compare(old, new), Plain(), "a", "b", None)
    assert sections(report)["Disagreements (rival values)"] == [
        "  + events/council-votes «The council votes the works»: date «2024-02-26» "
        "(other; bulletin)",
        "  + events/council-votes «The council votes the works»: date «2024-02-27» "
        "(preferred; gazette)",
    ]
    assert sections(report)["Dates"] == [
        "  + events/council-votes «The council votes the works»: announced Sunday 3 March 2024 "
        "(day, the editors' reading)"
    ]
    assert "2 new disagreements" in report.splitlines()[1]
    markdown = write(compare(old, new), Markdown(), "a", "b", None)
    assert (
        "- **+** `events/council-votes` «The council votes the works»: date «2024\\-02\\-26» "
        "(other; `bulletin`)"
    ) in markdown.splitlines()


# Faults -----------------------------------------------------------------------------------------


def test_a_commit_that_does_not_exist(repo, capsys):
    assert run(repo, capsys, "nope") == (
        2,
        "",
        "BASE `nope` is no commit, branch or tag of this repository — give one that `git log "
        "--oneline` or `git branch -a` lists (a branch of the remote may need `git fetch origin "
        "<branch>` first)\n",
    )
    assert run(repo, capsys, "mian")[2] == (
        "BASE `mian` is no commit, branch or tag of this repository — did you mean `main`?\n"
    )
    # Something git would read as an option is never passed to it as a revision.
    assert run(repo, capsys, "--", "--output=x") == (
        2,
        "",
        "BASE `--output=x` is not a commit — give a commit id, a branch or a tag, e.g. main\n",
    )
    assert not (repo / "x").exists()


def test_a_side_whose_data_does_not_validate_names_the_side_and_its_problems(repo, capsys):
    edit(repo, "data/events/works-start.yaml", "a précisé la Ville.", "a dit la Ville.")
    broken = commit(repo, "A quote that is not in the source")[:7]
    git(repo, "revert", "--no-edit", "HEAD")
    code, out, err = run(repo, capsys, "main~1", "main")
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        f"The data at BASE, commit {broken} (main~1), does not validate (in the files as that "
        "commit has them):",
        "data/events/works-start.yaml:9:12: citations[0].quote: this quote is not in source "
        "`gazette` — copy it word for word; the closest passage is: «Les travaux commenceront "
        "en 2025, a précisé la Ville.»; where they differ, [-the quote's words-]{+the source's+}: "
        "«… commenceront en 2025, a [-dit-]{+précisé+} la Ville.»",
        "1 problem found; nothing was compared.",
    ]


def test_a_commit_without_data(repo, capsys):
    git(repo, "checkout", "--quiet", "--orphan", "empty")
    git(repo, "rm", "-r", "--quiet", "--cached", "data", "seeds")
    git(repo, "commit", "--quiet", "--message", "Nothing yet")
    empty = git(repo, "rev-parse", "--short=7", "HEAD")
    assert run(repo, capsys, "empty", "main") == (
        2,
        "",
        f"BASE {empty} (empty) has no data/ folder: the knowledge base is not in that commit "
        "— compare from a later one\n",
    )


def test_a_shallow_clone_says_how_to_fetch_history(repo, tmp_path, capsys):
    commit(repo, "A second commit")
    shallow = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "--quiet", "--depth", "1", f"file://{repo}", str(shallow)],
        check=True,
        env=GIT_ENV,
    )
    (shallow / "scripts").unlink()
    (shallow / "scripts").symlink_to(repo / "scripts")
    assert run(shallow, capsys, "HEAD~1") == (
        2,
        "",
        "BASE `HEAD~1` is not in this clone, which is shallow (it holds only the latest "
        "commits) — fetch the history with `git fetch --unshallow` (in a GitHub workflow: "
        "`fetch-depth: 0` in actions/checkout); a branch of the remote also needs `git fetch "
        "origin <branch>`\n",
    )


def test_outside_a_repository_one_line_and_no_traceback(repo, tmp_path):
    outside = tmp_path / "copy"
    outside.mkdir()
    for name in ("mkdocs.yml", "data", "seeds"):
        (outside / name).symlink_to(repo / name)
    env = {**GIT_ENV, "GIT_CEILING_DIRECTORIES": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "nmikb", "--root", str(outside), "diff", "main"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        f"{outside} is not in a git repository, and the diff compares commits of one — run it "
        "in a clone of the project (git clone …), or pass its folder with --root\n"
    )
