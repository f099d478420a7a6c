"""Problems as GitHub workflow commands, so that each shows on the line of the pull request's diff
that caused it: `::error file=data/x.yaml,line=3,col=5::what is wrong — what to do`.

The words are the terminal's: the annotation's message is the problem's line without its
location, which the command's properties carry instead. GitHub reads `%`, carriage returns and
line feeds in a message as escapes and line ends, and `:` and `,` in a property as the command's
own punctuation, so each is percent-encoded (actions/toolkit, `command.ts`: escapeData and
escapeProperty). GitHub shows the first 10 errors and 10 warnings of a step: the plain report
printed beside them keeps every problem in the log.
"""

from __future__ import annotations

from collections.abc import Iterable

from nmikb.data.problems import Problem

LEVELS = ("error", "warning", "notice")


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(
    level: str, message: str, file: str | None = None, line: int = 0, col: int = 0, title: str = ""
) -> str:
    """One workflow command; `file`, `line`, `col` and `title` only when given."""
    if level not in LEVELS:
        raise ValueError(f"an annotation is one of {', '.join(LEVELS)}, not {level!r}")
    props = []
    if file:
        props.append(f"file={escape_property(file)}")
        if line:
            props.append(f"line={line}")
            if col:
                props.append(f"col={col}")
    if title:
        props.append(f"title={escape_property(title)}")
    return f"::{level}{' ' + ','.join(props) if props else ''}::{escape_data(message)}"


def problem_message(problem: Problem) -> str:
    """A problem's line as the terminal prints it, without the location: `field: what — fix`."""
    # Cut from the very line the terminal shows, so the two can never say different things.
    return str(problem).removeprefix(f"{problem.path}:{problem.line}:{problem.column}: ")


def problem_annotations(
    problems: Iterable[Problem], prefix: str = "", level: str = "error", title: str = ""
) -> list[str]:
    """Each problem as an annotation; `prefix` is the project's folder in the repository ('' at
    its root), which GitHub's paths start from. Warnings are passed with level="warning"."""
    return [
        annotation(level, problem_message(p), prefix + p.path, p.line, p.column, title)
        for p in problems
    ]
