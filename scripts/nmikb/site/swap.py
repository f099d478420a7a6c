"""Put a freshly built site in place of the previous one, so that a reader never sees half of each.

On Linux, renameat2(RENAME_EXCHANGE) swaps two folders in one step: at every instant the output
path holds either the whole old site or the whole new one. Python has no binding for it (os.rename
replaces only an empty folder), so it is called from the C library. Where it is missing (another
system, an old C library, a file system that refuses it), two renames do the job with the old site
kept until the new one is in place.
"""

from __future__ import annotations

import ctypes
import os
from pathlib import Path

_AT_FDCWD = -100  # "relative to the current folder" (paths here are absolute or relative alike)
_RENAME_EXCHANGE = 2  # from <linux/fs.h>


def exchange(a: Path, b: Path) -> bool:
    """Swap two existing paths atomically; False if this system cannot (nothing is changed then)."""
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    code = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return code == 0


def replace_folder(new: Path, out: Path, spare: Path) -> None:
    """Move `new` to `out`, replacing what `out` holds. The old content ends at `spare` (a free path
    on the same file system, which the caller removes), or stays at `out` if moving fails."""
    if not out.exists():
        new.rename(out)
        return
    if exchange(new, out):
        new.rename(spare)  # `new` now holds the old site
        return
    out.rename(spare)
    try:
        new.rename(out)
    except BaseException:
        spare.rename(out)  # the old site back in place
        raise
