"""Which folders a build may replace: only an empty or missing one, or an earlier build of this
site.

A build swaps its output in whole, deleting whatever the folder held before. `--out data` once
put the site where the facts were and deleted every data file. So the output folder is checked
before anything is validated, staged or written, and each build leaves a marker file in its
output by which the next build (and `make clean`) recognises a folder it may replace.
"""

from __future__ import annotations

import os
from pathlib import Path

from nmikb.system.project import SOURCE_FOLDERS, UsageError

MARKER = ".nmi-kb-site"
MARKER_TEXT = (
    "This folder is a build of the NATO Mission in Iraq knowledge base (make site).\n"
    "The next build replaces all of it and `make clean` deletes it: keep nothing else here.\n"
)
# The repository that holds this code (scripts/nmikb/site/outdir.py, three folders up): protected
# too when --root names another copy.
CODE_ROOT = Path(__file__).resolve().parents[3]


class UnsafeOutput(UsageError):
    """The output folder is one a build must never replace."""


def write_marker(site: Path) -> None:
    """Mark a freshly built site as one that later builds may replace."""
    (Path(site) / MARKER).write_text(MARKER_TEXT, encoding="utf-8")


def is_previous_build(folder: Path) -> bool:
    return (Path(folder) / MARKER).is_file()


def check_output_folder(root: Path, out: Path) -> None:
    """Raise UnsafeOutput unless `out` is missing, empty, or an earlier build of this site."""
    out = Path(out)
    shown = str(out)
    # The folder as written (a symlink is replaced, not followed) and where it really is.
    places = {Path(os.path.normpath(out.absolute())), out.resolve()}
    for base in {Path(root).resolve(), CODE_ROOT}:
        for place in places:
            if place == base or place in base.parents:
                raise UnsafeOutput(
                    f"--out {shown} is the project folder or a folder above it — build "
                    "into a folder of its own, e.g. --out site"
                )
            for name in SOURCE_FOLDERS:
                for source in {base / name, (base / name).resolve()}:
                    if place == source or source in place.parents or place in source.parents:
                        raise UnsafeOutput(
                            f"--out {shown} is, holds or lies inside the project's {name}/ folder, "
                            "which a build would overwrite — build into a folder of its own, "
                            "e.g. --out site"
                        )
    try:
        home = Path.home().resolve()
    except (RuntimeError, KeyError):  # no home folder known: nothing more to protect
        home = None
    for place in places:
        if home and (place == home or place in home.parents):
            raise UnsafeOutput(
                f"--out {shown} is your home folder or a folder above it — build "
                "into a folder of its own, e.g. --out site"
            )
    if not os.path.lexists(out):
        return
    if not out.is_dir():
        raise UnsafeOutput(
            f"--out {shown} is a file, not a folder — remove it or choose another folder"
        )
    try:
        empty = next(out.iterdir(), None) is None
    except OSError as err:
        raise UnsafeOutput(
            f"--out {shown} cannot be read ({err.strerror}) — choose another folder"
        ) from None
    if not empty and not is_previous_build(out):
        raise UnsafeOutput(
            f"--out {shown} holds files that no build of this site made (no "
            f"{MARKER} in it) and the build would delete them — "
            "choose an empty or new folder, or remove this one yourself"
        )
