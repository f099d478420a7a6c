"""Dates from the version history: the build's own (the last commit's, SOURCE_DATE_EPOCH), and
when each data file last changed, read in one pass.

A record page says when its data last changed, and the home page when the knowledge base as a
whole did. Both come from the commits, never from file times, so that two builds of one commit
are byte-identical wherever they run. One `git log` over `data/` serves every file: the knowledge
base will hold tens of thousands of files, and one git call per file would cost minutes.

A file that no commit holds yet (an edit in progress) has no date: pages then say nothing rather
than something that changes from one build to the next. Without git, or outside a repository,
nothing has a date. A shallow clone only knows its last commit: CI fetches the whole history
before it builds the site it publishes (.github/workflows/deploy.yml).
"""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from nmikb.data.registry import DATA_DIR


def source_date_epoch(root: Path) -> str:
    """The last commit's time, so that two builds of one commit are byte-identical."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    try:
        out = subprocess.run(
            ["git", "-C", str(root), "log", "-1", "--format=%ct"],
            capture_output=True,
            text=True,
            timeout=10,
        )
        stamp = out.stdout.strip()
    except (OSError, subprocess.SubprocessError):  # no git: fall back to a fixed date
        stamp = ""
    return stamp if stamp.isdigit() else "1692230400"  # 2023-08-17, the source's date


def last_changed(root: Path) -> dict[str, int]:
    """Data file (relative to the project root, 'data/events/x.yaml') -> Unix time of the last
    commit that touched it."""
    try:
        out = subprocess.run(
            # Newest first; renames count as a change of the new path; paths relative to `root`,
            # which may be a folder inside the repository (the tests' small dataset).
            [
                "git",
                "-C",
                str(root),
                "log",
                "--no-renames",
                "--relative",
                "--format=%x00%ct",
                "--name-only",
                "--",
                DATA_DIR,
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return {}
    if out.returncode != 0:
        return {}
    seen: dict[str, int] = {}
    stamp = 0
    for line in out.stdout.splitlines():
        if line.startswith("\0"):
            stamp = int(line[1:])
        elif line and line not in seen:
            seen[line] = stamp
    # Files the history knows but the work tree no longer has (renamed, deleted) date nothing.
    return {f: t for f, t in seen.items() if (Path(root) / f).is_file()}


def day(stamp: int) -> str:
    """'2023-08-17' (UTC) for a Unix time."""
    return datetime.fromtimestamp(stamp, tz=UTC).strftime("%Y-%m-%d")
