"""Ctrl+C (SIGINT) and `kill` (SIGTERM) end a command after its clean-up, quietly, with the
shell's exit codes (128 + the signal's number: 130 and 143).

SIGTERM's default action kills Python on the spot, so no `finally:` runs and a temporary folder
stays behind. Here both signals raise Interrupted in the main thread instead, which unwinds
through every clean-up on the way out.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager

NAMES: dict[int, str] = {signal.SIGINT: "Ctrl+C (SIGINT)", signal.SIGTERM: "SIGTERM"}

# Inside held(): how deep, and the first signal that came meanwhile.
_holding = 0
_pending: int | None = None


class Interrupted(BaseException):
    """A BaseException, like KeyboardInterrupt, so that no `except Exception` swallows it."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum
        self.exit_code = 128 + signum

    def __str__(self) -> str:
        return f"Stopped by {NAMES.get(self.signum, f'signal {self.signum}')}."


def _stop(signum, _frame):
    global _pending
    if _holding:
        _pending = _pending or signum
        return
    _raise(signum)


def _raise(signum: int):
    # A second Ctrl+C must not cut the clean-up short: ignore both signals from now on.
    for sig in NAMES:
        signal.signal(sig, signal.SIG_IGN)
    raise Interrupted(signum)


@contextmanager
def held() -> Iterator[None]:
    """Inside, SIGINT and SIGTERM wait; the first one raises Interrupted as the block ends.

    For starting a process and recording it in one step: interrupted between the two, the
    clean-up would not know of a process that then writes on into a folder removed under it. And
    a fork runs Python's own hooks (logging's lock), which swallow an exception raised inside
    them: the build would go on as if nothing had been asked.

    A block that raises still raises Interrupted for a signal that came meanwhile (the error
    becomes its context): left pending, it was raised by whatever held() block came next, in a
    `make serve` one save or more later."""
    global _holding, _pending
    _holding += 1
    try:
        yield
    finally:
        _holding -= 1
        if not _holding and _pending:
            signum, _pending = _pending, None
            _raise(signum)


@contextmanager
def stop_cleanly() -> Iterator[None]:
    """While inside, SIGINT and SIGTERM raise Interrupted; the previous handlers come back after.

    A signal the caller chose to ignore (nohup, a background job) stays ignored."""
    previous = {sig: signal.getsignal(sig) for sig in NAMES}
    for sig, handler in previous.items():
        if handler is not signal.SIG_IGN:
            signal.signal(sig, _stop)
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
