"""Faults of the machine (a full disk, a read-only folder) told in one line instead of a traceback.

They reach the build two ways: as an OSError in this process (staging folder, slimming, swap),
or as the last line of a MkDocs run's traceback when MkDocs itself could not write a file.
"""

from __future__ import annotations

import errno
import re
from collections.abc import Iterator
from contextlib import contextmanager

# errno -> (what is wrong, what to do)
_REASONS = {
    errno.ENOSPC: ("no space left on the disk", "free some space, then build again"),
    errno.EDQUOT: (
        "the disk quota is used up",
        "free some space or ask for a larger quota, then build again",
    ),
    errno.EFBIG: (
        "a file is larger than this session may write (ulimit -f)",
        "raise the limit (ulimit -f unlimited), then build again",
    ),
    errno.EROFS: (
        "the folder is on a read-only file system",
        "build into a writable folder (--out)",
    ),
    errno.EACCES: (
        "permission denied",
        "build into a folder you may write to (--out), or fix its permissions",
    ),
    errno.EPERM: (
        "operation not permitted",
        "build into a folder you may write to (--out), or check its attributes (lsattr)",
    ),
}
# How Python prints an OSError: "PermissionError: [Errno 13] Permission denied: '/a'" or "... '/a'
# -> '/b'".
_PRINTED = re.compile(
    r"^\w*Error: \[Errno (\d+)\] [^\n]*?(?:: '([^'\n]*)'(?: -> '([^'\n]*)')?)?$", re.M
)


class MachineFault(Exception):
    """The machine refused a read or write; the message is one line and the previous site is
    untouched."""


def describe(code: int | None, strerror: str | None, path: str | None) -> str:
    fallback = (strerror or "an operating system error", "check the folder, then build again")
    reason, fix = _REASONS.get(code, fallback) if code is not None else fallback
    where = f" ({path})" if path else ""
    return f"The build stopped: {reason}{where} — {fix}; the previous site is unchanged."


@contextmanager
def machine_faults() -> Iterator[None]:
    """Turn any OSError raised inside into a one-line MachineFault."""
    try:
        yield
    except OSError as err:
        raise MachineFault(
            describe(err.errno, err.strerror, err.filename2 or err.filename)
        ) from None


def fault_in_output(output: str) -> str | None:
    """The one-line description of a machine fault that ended a MkDocs run, if that is what ended
    it."""
    found = _PRINTED.findall(output)
    if not found:
        return None
    code, path, target = found[-1]
    if int(code) not in _REASONS:
        return None  # some other failure: MkDocs' own message says it better
    return describe(int(code), None, target or path or None)
