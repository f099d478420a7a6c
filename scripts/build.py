"""Build both language editions into a fresh folder, check them, then swap it in atomically.

A failed `mkdocs build --strict` leaves a broken site_dir after deleting the previous one
(RECIPES.md). Here nothing touches the published folder until both editions built without a
warning; then one atomic rename exchanges old and new, so a reader, a server or a build killed
at any moment sees either the whole old site or the whole new one.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from .linkcheck import broken_links
from .knowledge import KnowledgeBase
from .load import load_knowledge_base
from .searchindex import shard_search_index
from .slim import slim_edition

# English at the root, French under fr/.
EDITIONS = (("mkdocs.yml", ""), ("mkdocs.fr.yml", "fr"))


class BuildFailed(Exception):
    """The site could not be built; the message says why, the previous site is untouched."""


@dataclass
class BuildResult:
    kb: KnowledgeBase
    site: Path
    seconds: float
    pages: int
    bytes: int


def source_date_epoch(root: Path) -> str:
    """The last commit's time, so that two builds of one commit are byte-identical."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    try:
        out = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%ct"], capture_output=True, text=True, timeout=10)
        stamp = out.stdout.strip()
    except (OSError, subprocess.SubprocessError):  # no git: fall back to a fixed date
        stamp = ""
    return stamp if stamp.isdigit() else "1692230400"  # 2023-08-17, the source's date


def build_site(root: Path, out: Path) -> BuildResult:
    """Validate, build both editions, check, and swap into `out`. Raises BuildFailed."""
    started = time.monotonic()
    root, out = Path(root).resolve(), Path(out).absolute()
    # Validating first gives the editor our located messages, not MkDocs' noise around them.
    kb = load_knowledge_base(root)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-build-", dir=out.parent))
    try:
        _build_editions(root, staging)
        broken = broken_links(staging / "site")
        if broken:
            raise BuildFailed("links that lead nowhere:\n" + "\n".join(broken))
        _swap_in(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    files = [p for p in out.rglob("*") if p.is_file()]
    return BuildResult(kb, out, time.monotonic() - started, sum(1 for p in files if p.suffix == ".html"), sum(p.stat().st_size for p in files))


def _build_editions(root: Path, staging: Path) -> None:
    env = dict(os.environ, SOURCE_DATE_EPOCH=source_date_epoch(root), NO_MKDOCS_2_WARNING="1", PYTHONHASHSEED="0")
    # Each edition builds into its own folder (MkDocs empties its site_dir first); both at once.
    runs = []
    for config, sub in EDITIONS:
        target = staging / (sub or "_root")
        # Not --quiet: it hides the warnings that --strict counts, and the build would pass.
        cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(root / config), "-d", str(target)]
        runs.append((config, target, sub, subprocess.Popen(cmd, cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)))
    errors = []
    for config, _target, _sub, proc in runs:
        stdout, stderr = proc.communicate()
        if proc.returncode != 0:
            errors.append(f"{config}:\n{_mkdocs_messages(stdout + stderr)}")
    if errors:
        raise BuildFailed("\n".join(errors))
    site = staging / "site"
    (staging / "_root").rename(site)
    for _config, target, sub, _proc in runs:
        if sub:
            target.rename(site / sub)
    for edition, lang in ((site, "en"), (site / "fr", "fr")):
        slim_edition(edition, lang)
        shard_search_index(edition, lang)
    # Servers show the root 404 page at any address; the French copy would link to English.
    (site / "fr" / "404.html").unlink(missing_ok=True)


def _mkdocs_messages(output: str) -> str:
    """MkDocs' own lines without Material's end-of-life banner."""
    noise = ("│", "NO_MKDOCS_2_WARNING", "Aborted with a BuildError", "INFO    -")
    keep = [line for line in output.splitlines() if line.strip() not in ("", "ERROR   -") and not any(n in line for n in noise)]
    return "\n".join(keep) or "mkdocs failed without a message"


_RENAME_EXCHANGE = 2


def _swap_in(staging: Path, out: Path) -> None:
    new = staging / "site"
    if not out.exists():
        new.rename(out)
        return
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is not None:
        at_fdcwd = -100
        if renameat2(at_fdcwd, os.fsencode(new), at_fdcwd, os.fsencode(out), _RENAME_EXCHANGE) == 0:
            return  # `new` now holds the old site and is removed with the staging folder
    # No atomic exchange on this system: two renames, with the old site kept until the end.
    old = staging / "old"
    out.rename(old)
    new.rename(out)
