"""Validation problems as GitHub annotations (`nmi-kb validate --format github`): read back with
the runner's own unescaping, each says what the terminal says, at the same place, suggested fix
included; `%`, line breaks, `:` and `,` survive the trip."""

from __future__ import annotations

import re

from conftest import make_project
from nmikb.cli import main
from nmikb.review.annotations import annotation, escape_data, escape_property
from review_repo import TINY, edit, git

# A workflow command as the runner reads it: `::name key=value,key=value::message`.
_COMMAND = re.compile(r"::(?P<level>[a-z]+)(?: (?P<props>[^:]*))?::(?P<message>.*)")


def _unescape(text: str, property: bool = False) -> str:
    # In the runner's order: %25 last, so that an escaped "%3A" stays "%3A".
    pairs = [("%0D", "\r"), ("%0A", "\n")] + ([("%3A", ":"), ("%2C", ",")] if property else [])
    for code, char in pairs + [("%25", "%")]:
        text = text.replace(code, char)
    return text


def parse(line: str) -> tuple[str, dict[str, str], str]:
    m = _COMMAND.fullmatch(line)
    assert m, line
    props = {}
    for pair in (m["props"] or "").split(","):
        if pair:
            key, _, value = pair.partition("=")
            props[key] = _unescape(value, property=True)
    return m["level"], props, _unescape(m["message"])


def test_escaping_follows_the_workflow_command_rules():
    assert escape_data("50% done\r\nnext: a, b") == "50%25 done%0D%0Anext: a, b"
    assert escape_property("notes, v2: 100%") == "notes%2C v2%3A 100%25"
    line = annotation("warning", "50% done\nnext", "data/a,b:c.yaml", 3, 7, "moved: here")
    assert line == (
        "::warning file=data/a%2Cb%3Ac.yaml,line=3,col=7,title=moved%3A here::50%25 done%0Anext"
    )
    assert parse(line) == (
        "warning",
        {"file": "data/a,b:c.yaml", "line": "3", "col": "7", "title": "moved: here"},
        "50% done\nnext",
    )


def test_each_problem_is_an_annotation_with_the_terminal_words(tmp_path, capsys):
    project = make_project(tmp_path / "p", data=TINY / "data", seeds=TINY / "seeds")
    # A date copied as a French page prints it, and a stray file whose name holds the
    # separators of a command's properties.
    edit(project, "data/events/council-votes.yaml", 'date: "2024-02"', 'date: "27/02/2024"')
    (project / "data" / "notes, v2: 100%.txt").write_text("draft", encoding="utf-8")
    assert main(["--root", str(project), "validate", "--format", "github"]) == 1
    out, err = capsys.readouterr()
    terminal = err.splitlines()
    assert terminal[-1] == "2 problems found; fix them and run it again."
    annotations = [parse(line) for line in out.splitlines()]
    assert [level for level, _, _ in annotations] == ["error"] * 2
    rebuilt = [f"{p['file']}:{p['line']}:{p['col']}: {message}" for _, p, message in annotations]
    assert rebuilt == terminal[:-1]
    assert rebuilt[0] == (
        "data/events/council-votes.yaml:4:7: date: `27/02/2024` is not a date — write the date "
        'in quotes as YYYY, YYYY-MM or YYYY-MM-DD: "2024-02-27"'
    )
    assert annotations[1][1]["file"] == "data/notes, v2: 100%.txt"
    assert annotations[1][2].startswith("this file is not part of the knowledge base — ")


def test_the_quote_fix_marks_the_words_that_differ_in_the_annotation_too(tmp_path, capsys):
    project = make_project(tmp_path / "p", data=TINY / "data", seeds=TINY / "seeds")
    edit(project, "data/events/works-start.yaml", "a précisé la Ville", "a dit la Ville")
    main(["--root", str(project), "validate", "--format", "github"])
    out, _ = capsys.readouterr()
    ((_, props, message),) = [parse(line) for line in out.splitlines()]
    assert (props["file"], props["line"], props["col"]) == (
        "data/events/works-start.yaml",
        "9",
        "12",
    )
    assert message.endswith(
        "where they differ, [-the quote's words-]{+the source's+}: «… commenceront en 2025, a "
        "[-dit-]{+précisé+} la Ville.»"
    )


def test_paths_start_from_the_repository_when_the_project_is_in_a_folder_of_it(tmp_path, capsys):
    repo = tmp_path / "repo"
    project = make_project(repo / "kb", data=TINY / "data", seeds=TINY / "seeds")
    git(repo, "init", "--quiet")
    edit(project, "data/events/council-votes.yaml", 'date: "2024-02"', "date: 2024")
    main(["--root", str(project), "validate", "--format", "github"])
    out, _ = capsys.readouterr()
    assert parse(out.splitlines()[0])[1]["file"] == "kb/data/events/council-votes.yaml"


def test_valid_data_prints_no_annotation(tmp_path, capsys):
    project = make_project(tmp_path / "p", data=TINY / "data", seeds=TINY / "seeds")
    assert main(["--root", str(project), "validate", "--format", "github"]) == 0
    assert "::" not in capsys.readouterr().out
