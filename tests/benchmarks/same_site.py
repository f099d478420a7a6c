"""Do two versions of the code build the same site? Byte for byte, on the real data and on a
synthetic knowledge base.

    python tests/benchmarks/same_site.py BASE [HEAD] [--events 1000]

BASE and HEAD are commits (HEAD defaults to the working tree, uncommitted changes included). Each
is checked out into a temporary folder and builds, with its own code, its own real data and a
synthetic knowledge base of `--events` events made by its own generator (synthetic.py), with
SOURCE_DATE_EPOCH fixed; then the two sites are compared file by file. For a change that moves
code without changing what it does, every file must be the same: the script prints what differs
and exits 1 if anything does.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EPOCH = "1700000000"


def checkout(rev: str | None, dest: Path) -> Path:
    """The project at `rev` in `dest`, with its history (the pages' dates come from it); None:
    the working tree as it is on disk, on top of the history of HEAD."""
    subprocess.run(
        [
            "git",
            "-C",
            str(ROOT),
            "worktree",
            "add",
            "--detach",
            "--quiet",
            str(dest),
            rev or "HEAD",
        ],
        check=True,
    )
    if rev is None:
        for path in dest.iterdir():
            if path.name != ".git":
                shutil.rmtree(path) if path.is_dir() and not path.is_symlink() else path.unlink()
        shutil.copytree(ROOT, dest, ignore=_not_project, symlinks=True, dirs_exist_ok=True)
    return dest


def _not_project(folder: str, names: list[str]) -> set[str]:
    """What a copy of the working tree leaves out: the history, what builds and tests make."""
    top = {".git", ".venv", "site", ".build", "node_modules", "test-output"}
    skipped = {n for n in names if n == "__pycache__" or n.endswith("_cache")}
    return skipped | (top & set(names) if Path(folder) == ROOT else set())


def build(code: Path, project: Path, out: Path) -> float:
    env = dict(
        os.environ,
        PYTHONPATH=str(code / "scripts"),
        SOURCE_DATE_EPOCH=EPOCH,
        NO_MKDOCS_2_WARNING="1",
    )
    started = time.monotonic()
    run = subprocess.run(
        [sys.executable, "-m", "nmikb", "--root", str(project), "site", "--out", str(out)],
        env=env,
        capture_output=True,
        text=True,
    )
    if run.returncode:
        raise SystemExit(f"the build of {project} failed:\n{run.stdout}\n{run.stderr}")
    return time.monotonic() - started


def differences(a: Path, b: Path) -> list[str]:
    files_a = {p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file()}
    files_b = {p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file()}
    out = [f"only in the first: {f}" for f in sorted(files_a - files_b)]
    out += [f"only in the second: {f}" for f in sorted(files_b - files_a)]
    out += [
        f"differs: {f}"
        for f in sorted(files_a & files_b)
        if not filecmp.cmp(a / f, b / f, shallow=False)
    ]
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base")
    parser.add_argument("head", nargs="?")
    parser.add_argument("--events", type=int, default=1000)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="same-site-"))
    worktrees = []
    failed = False
    try:
        sites = []
        for n, rev in enumerate((args.base, args.head)):
            code = checkout(rev, tmp / f"code-{n}")
            worktrees.append(code)
            synthetic = tmp / f"synthetic-{n}"
            subprocess.run(
                [
                    sys.executable,
                    str(code / "tests" / "benchmarks" / "synthetic.py"),
                    str(synthetic),
                    str(args.events),
                ],
                check=True,
                capture_output=True,
            )
            built = {}
            for name, project in (("real data", code), (f"{args.events} events", synthetic)):
                out = tmp / f"site-{n}-{len(built)}"
                seconds = build(code, project, out)
                print(f"{rev or 'working tree'}: {name} built in {seconds:.1f} s", flush=True)
                built[name] = out
            sites.append(built)
        for name in sites[0]:
            found = differences(sites[0][name], sites[1][name])
            count = sum(1 for p in sites[0][name].rglob("*") if p.is_file())
            if found:
                failed = True
                print(f"{name}: {len(found)} of {count} files differ")
                print("\n".join("  " + line for line in found[:50]))
            else:
                print(f"{name}: all {count} files are byte-identical")
    finally:
        for code in worktrees:
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(code)], check=False
            )
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
