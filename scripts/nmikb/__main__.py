"""The `nmi-kb` command (also `python -m nmikb`): validate, site, serve, schema, new."""

from __future__ import annotations

import os
import signal
import sys


def _stop_while_loading(*_) -> None:
    print("Stopped by Ctrl+C (SIGINT).", file=sys.stderr)
    raise SystemExit(130)


def run() -> None:
    """The command: its work, then its exit code (leave)."""
    leave(_command())


def _command() -> int:
    # Ctrl+C while the libraries load (MkDocs, pydantic: about a second): nothing is made yet,
    # so leave at once with the usual exit code, not a traceback from deep inside an import.
    # A shell that started us in the background (SIGINT ignored) keeps it ignored.
    if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:
        signal.signal(signal.SIGINT, _stop_while_loading)
    from .cli import main  # the slow imports

    return main()


def leave(code: int) -> None:
    """Exit with `code` once everything said is written, without freeing the knowledge base
    object by object first: at 10,000 events that took a third of a second, for a process that
    ends anyway (mypy leaves the same way). Every file the commands write is closed by then, and
    no command registers anything to run at exit."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (`| head`) or a closed stream: nothing to add
            pass
    os._exit(code)


if __name__ == "__main__":
    run()
