"""The two sides of a diff: the knowledge base at a commit, or in the working tree.

A commit's data is read with `git archive` into a temporary folder, never by checking it out: the
working tree, its uncommitted edits and the index are left exactly as they were. Only `data/` and
`seeds/` are read (what the knowledge base is made of), from the project's folder in the
repository, which may be a folder inside it.

Each way this can fail is one line that says what to do (CannotCompare, exit code 2); a side whose
data does not validate is InvalidSide (exit code 1), with that side's problems, located in the
files of that side.
"""

from __future__ import annotations

import difflib
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from nmikb.data.problems import ProblemsFound
from nmikb.data.registry import DATA_DIR, SEEDS_DIR
from nmikb.knowledge.base import KnowledgeBase
from nmikb.knowledge.load import load_knowledge_base
from nmikb.system.project import UsageError

HISTORY_FIX = (
    "fetch the history with `git fetch --unshallow` (in a GitHub workflow: `fetch-depth: 0` "
    "in actions/checkout)"
)


class CannotCompare(UsageError):
    """A side cannot be read: no git, no repository, no such commit, a shallow clone."""


class InvalidSide(Exception):
    """One side's data does not validate: which side, and its problems, located."""

    def __init__(self, side: Side, problems: ProblemsFound):
        self.side, self.problems = side, problems
        super().__init__(self.report())

    def report(self) -> str:
        side = self.side
        what = (
            f"The data at {side.label}, commit {side.name}, does not validate (in the files as "
            "that commit has them)"
            if side.commit is not None
            else f"The data of {side.label}, {side.name}, does not validate"
        )
        return f"{what}:\n" + self.problems.report("nothing was compared")


@dataclass(frozen=True)
class Side:
    label: str  # "BASE" or "HEAD": which argument it is
    commit: str | None  # the full commit id; None for the working tree
    name: str  # how the report names it: "7f93ad6 (main)", "the working tree"


def git(root: Path, *args: str) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(
            ["git", "-C", str(root), *args], capture_output=True, timeout=120, check=False
        )
    except FileNotFoundError:
        raise CannotCompare(
            "git is not installed, and the diff reads commits with it — install git "
            "(Debian: apt-get install git), then run it again"
        ) from None


def _out(run: subprocess.CompletedProcess) -> str:
    return run.stdout.decode("utf-8", "replace").strip()


def repository(root: Path) -> tuple[Path, str]:
    """The repository's top folder and the project's folder inside it ('' or 'sub/dir/')."""
    top = git(root, "rev-parse", "--show-toplevel")
    if top.returncode != 0:
        raise CannotCompare(
            f"{root} is not in a git repository, and the diff compares commits of one — run it "
            "in a clone of the project (git clone …), or pass its folder with --root"
        )
    return Path(_out(top)), _out(git(root, "rev-parse", "--show-prefix"))


def resolve(root: Path, rev: str, label: str) -> Side:
    """The commit `rev` names, or CannotCompare saying why there is none and what to do."""
    if not rev or rev.startswith("-"):
        raise CannotCompare(
            f"{label} `{rev}` is not a commit — give a commit id, a branch or a tag, e.g. main"
        )
    found = git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}")
    if found.returncode == 0:
        commit = _out(found)
        return Side(label, commit, _describe(rev, commit, label))
    if _out(git(root, "rev-parse", "--is-shallow-repository")) == "true":
        raise CannotCompare(
            f"{label} `{rev}` is not in this clone, which is shallow (it holds only the latest "
            f"commits) — {HISTORY_FIX}; a branch of the remote also needs `git fetch origin "
            "<branch>`"
        )
    # Branches and tags by their names, a remote's branches also without the remote's name
    # ("mian" finds origin/main in a clone that has no local main).
    refs: dict[str, str] = {}
    for ref in _out(git(root, "for-each-ref", "--format=%(refname:short)")).splitlines():
        refs.setdefault(ref, ref)
        refs.setdefault(ref.partition("/")[2] or ref, ref)
    guess = difflib.get_close_matches(rev, list(refs), n=1)
    hint = (
        f"did you mean `{refs[guess[0]]}`?"
        if guess
        else "give one that `git log --oneline` or `git branch -a` lists (a branch of the "
        "remote may need `git fetch origin <branch>` first)"
    )
    if not _out(git(root, "rev-parse", "--verify", "--quiet", "HEAD")):
        hint = "the repository has no commit yet: commit the data first"
    raise CannotCompare(f"{label} `{rev}` is no commit, branch or tag of this repository — {hint}")


def _describe(rev: str, commit: str, label: str) -> str:
    """'7f93ad6 (main)'; the short id alone when the name says nothing more."""
    short = commit[:7]
    plain = rev.lower() in (commit.lower(), short.lower()) or rev == label
    return short if plain else f"{short} ({rev})"


@contextmanager
def knowledge_at(root: Path, side: Side) -> Iterator[KnowledgeBase]:
    """The validated knowledge base of a side, kept on disk while the caller uses it."""
    root = Path(root)
    if side.commit is None:
        yield _load(root, side)
        return
    top, prefix = repository(root)
    if _checked_out(root, side.commit):
        # The commit is the one checked out and its data is as committed (a pull request's run):
        # the working tree is that side, and writing its thousands of files again is time lost.
        yield _load(root, side)
        return
    with tempfile.TemporaryDirectory(prefix="nmi-kb-diff-") as tmp:
        folder = Path(tmp)
        _extract(top, side, prefix, folder)
        yield _load(folder / prefix, side)


def _checked_out(root: Path, commit: str) -> bool:
    """Whether `commit` is HEAD and data/ and seeds/ hold exactly its files: nothing changed,
    added, or ignored by git (which an archive would leave out) in them."""
    if _out(git(root, "rev-parse", "--verify", "--quiet", "HEAD")) != commit:
        return False
    status = git(
        root,
        "status",
        "--porcelain",
        "--untracked-files=all",
        "--ignored",
        "--",
        DATA_DIR,
        SEEDS_DIR,
    )
    return status.returncode == 0 and not status.stdout.strip()


def _extract(top: Path, side: Side, prefix: str, into: Path) -> None:
    """`data/` and `seeds/` of the project at the side's commit, as files under `into`."""
    commit = side.commit or "HEAD"
    listed = git(top, "ls-tree", "--name-only", commit, "--", prefix or ".")
    names = {Path(n).name for n in _out(listed).splitlines()}
    if DATA_DIR not in names:
        raise CannotCompare(
            f"{side.label} {side.name} has no {prefix}{DATA_DIR}/ folder: the knowledge base is "
            "not in that commit — compare from a later one"
        )
    wanted = [f"{prefix}{d}" for d in (DATA_DIR, SEEDS_DIR) if d in names]
    archive = subprocess.Popen(
        ["git", "-C", str(top), "archive", "--format=tar", commit, "--", *wanted],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert archive.stdout is not None  # a pipe was asked for
    with tarfile.open(fileobj=archive.stdout, mode="r|") as tar:
        # The "data" filter refuses links out of the folder, absolute paths and device files.
        tar.extractall(into, filter="data")
    _, err = archive.communicate()
    if archive.wait() != 0:
        raise CannotCompare(
            f"git could not read commit {commit[:7]}: {err.decode('utf-8', 'replace').strip()}"
            " — check the repository with `git fsck`"
        )


def _load(root: Path, side: Side) -> KnowledgeBase:
    try:
        return load_knowledge_base(root, drafts=True)
    except ProblemsFound as err:
        raise InvalidSide(side, err) from None
