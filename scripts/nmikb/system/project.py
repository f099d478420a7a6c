"""What makes a folder this project, checked before any command reads or writes in it.

A wrong --root used to get six "cannot read the file" problems from `validate`, and a
data/schema/ folder written into whatever folder `schema` was pointed at.
"""

from __future__ import annotations

from pathlib import Path

# Folders of the project that hold sources: no command may write a build over them.
SOURCE_FOLDERS = ("data", "docs", "seeds", "scripts", "tests", ".git")

# What each command reads; the project itself is recognised by mkdocs.yml.
NEEDS = {
    "validate": ("data", "seeds"),
    "schema": ("data",),
    "new": ("data", "seeds"),
    "site": ("data", "seeds", "docs", "mkdocs.fr.yml"),
    "serve": ("data", "seeds", "docs", "mkdocs.fr.yml"),
    "check-links": ("data", "seeds"),
    "release": ("data", "seeds", "docs", "mkdocs.fr.yml"),
}


class UsageError(Exception):
    """The command cannot run as asked; the message says what is wrong and what to do. Exit code
    2."""


def check_project(root: Path, command: str) -> None:
    """Raise UsageError unless `root` is a project folder with what `command` needs."""
    root = Path(root)
    if not root.is_dir():
        what = "is a file, not a folder" if root.exists() else "no such folder"
        raise UsageError(
            f"--root {root}: {what} — pass the project folder, the one that "
            "holds mkdocs.yml and data/"
        )
    if not (root / "mkdocs.yml").is_file():
        raise UsageError(
            f"--root {root} is not this project (it has no mkdocs.yml) — pass "
            "the project folder, the one that holds mkdocs.yml and data/"
        )
    for name in NEEDS.get(command, ()):
        if not (root / name).exists():
            kind = "file" if "." in name else "folder"
            raise UsageError(
                f"{root} has no {name} {kind}, which `{command}` needs — restore "
                f"it (git checkout -- {name}) or pass the right --root"
            )
