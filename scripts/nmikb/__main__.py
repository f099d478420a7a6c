"""The `nmi-kb` command (also `python -m nmikb`): validate, site, serve, schema, new."""

from __future__ import annotations

import signal
import sys


def _stop_while_loading(*_) -> None:
    print("Stopped by Ctrl+C (SIGINT).", file=sys.stderr)
    raise SystemExit(130)


def run() -> int:
    # Ctrl+C while the libraries load (MkDocs, pydantic: about a second): nothing is made yet,
    # so leave at once with the usual exit code, not a traceback from deep inside an import.
    # A shell that started us in the background (SIGINT ignored) keeps it ignored.
    if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:
        signal.signal(signal.SIGINT, _stop_while_loading)
    from .cli import main  # the slow imports

    return main()


if __name__ == "__main__":
    sys.exit(run())
