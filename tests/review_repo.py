"""Small git repositories of fixture data, for the reviewers' tools (diff, release)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

from conftest import FIXTURES, ROOT, make_project

# The reviewers' kit is tested on a knowledge base of its own (the tiny one as it was when these
# tests were written), so that the tiny fixture can grow without rewriting every expected report.
TINY = FIXTURES / "review" / "base"
REVIEW = FIXTURES / "review"
# A git of its own: no user or system configuration (signing, hooks, templates) leaks in, and
# every commit has a fixed author and date, so commit ids and dates are the same on every run.
GIT_ENV = {
    **os.environ,
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Editor",
    "GIT_AUTHOR_EMAIL": "editor@example.org",
    "GIT_COMMITTER_NAME": "Editor",
    "GIT_COMMITTER_EMAIL": "editor@example.org",
    "GIT_AUTHOR_DATE": "2024-03-06T10:00:00+00:00",
    "GIT_COMMITTER_DATE": "2024-03-06T10:00:00+00:00",
}


def git(repo: Path, *args: str) -> str:
    run = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, env=GIT_ENV
    )
    assert run.returncode == 0, run.stderr
    return run.stdout.strip()


def tiny_repo(path: Path, project_files: bool = False) -> Path:
    """A repository whose one commit (on branch main) holds the tiny knowledge base; with
    `project_files`, also the LICENSE and CITATION.cff a release ships."""
    repo = make_project(path, data=TINY / "data", seeds=TINY / "seeds")
    if project_files:
        for name in ("LICENSE", "CITATION.cff"):
            shutil.copy(ROOT / name, repo / name)
    git(repo, "init", "--quiet", "--initial-branch=main")
    commit(repo, "The tiny knowledge base")
    return repo


def commit(repo: Path, message: str) -> str:
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "--allow-empty", "--message", message)
    return git(repo, "rev-parse", "HEAD")


def edit(repo: Path, file: str, old: str, new: str) -> None:
    path = repo / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {file}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def append(repo: Path, file: str, text: str) -> None:
    path = repo / file
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def add_bulletin(repo: Path) -> None:
    """The English source of tests/fixtures/review/: its record and its stored text."""
    shutil.copy(REVIEW / "data/sources/bulletin.yaml", repo / "data/sources/bulletin.yaml")
    shutil.copy(REVIEW / "seeds/bulletin-2024-03-05.txt", repo / "seeds/bulletin-2024-03-05.txt")


def cite(quote: str, fr: str, indent: int = 2, source: str = "bulletin") -> str:
    pad, q = " " * indent, lambda text: json.dumps(text, ensure_ascii=False)
    return (
        f"{pad}- source: {source}\n{pad}  quote: {q(quote)}\n{pad}  translation: {{fr: {q(fr)}}}\n"
    )
