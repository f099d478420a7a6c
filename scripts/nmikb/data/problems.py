"""Located problems: what every stage reports instead of raising tracebacks."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one place of one file, and what to do about it."""

    path: str
    line: int
    column: int
    field: str
    message: str
    fix: str = ""
    # "error" stops the command; "warning" is said and does not (wording to check by a person).
    level: str = "error"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}"
        what = f"{self.field}: {self.message}" if self.field else self.message
        if self.level != "error":
            what = f"{self.level}: {what}"
        return f"{where}: {what}" + (f" — {self.fix}" if self.fix else "")


class ProblemsFound(Exception):
    """Raised once, with every problem collected, when input cannot be used."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__(self.report())

    def report(self, outcome: str = "nothing was built") -> str:
        """Every problem, one per line, then their count and what the command did not do."""
        errors = [p for p in self.problems if p.level == "error"]
        warnings = len(self.problems) - len(errors)
        lines = [str(p) for p in self.problems]
        count = f"{len(errors)} problem{'s' if len(errors) != 1 else ''} found"
        if warnings:
            count += f" (and {warnings} warning{'s' if warnings != 1 else ''})"
        lines.append(f"{count}; {outcome}.")
        return "\n".join(lines)


def field_path(loc: tuple) -> str:
    """('events', 2, 'date') -> 'events[2].date'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
