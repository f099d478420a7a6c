"""A step of the build in a forked copy of the process, which has everything loaded already:
only its answer is pickled back. `make site` writes the editions' trees and finishes them this
way, and `make serve` builds both editions at once, so that both cores work."""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Callable

from nmikb.data.problems import ProblemsFound


class BuildFailed(Exception):
    """The site could not be built; the message says why, the previous site is untouched."""


class Forked:
    """fn(*args) in a forked copy of this process, which has everything loaded already: only the
    answer is pickled. Where fork is missing, fn runs right away, in this process."""

    def __init__(self, fn: Callable, *args) -> None:
        self.process = None
        if "fork" not in multiprocessing.get_all_start_methods():
            self.answer = _call(fn, args)
            return
        context = multiprocessing.get_context("fork")
        self.pipe, sender = context.Pipe(duplex=False)
        self.process = context.Process(target=_call_and_send, args=(sender, fn, args))
        self.process.start()
        sender.close()

    def result(self):
        if self.process is not None:
            try:
                self.answer = self.pipe.recv()
            except EOFError:  # it died without a word (killed)
                raise BuildFailed("a step of the build stopped unexpectedly") from None
            self.process.join()
            self.process = None
        kind, value = self.answer
        if kind == "raise":
            assert isinstance(value, BaseException)
            raise value
        return value

    def stop(self) -> None:
        if self.process is not None:
            if self.process.is_alive():
                self.process.kill()
            self.process.join()
            self.pipe.close()
            self.process = None


def _call(fn: Callable, args: tuple) -> tuple[str, object]:
    try:
        return ("value", fn(*args))
    except ProblemsFound as err:  # a hand-written page: the data itself was valid
        return ("raise", BuildFailed(err.report()))
    except Exception as err:
        return ("raise", err)


def _call_and_send(sender, fn: Callable, args: tuple) -> None:
    # Ctrl+C reaches the whole process group: the build says it stopped, once, and stops this copy
    # itself (_Forked.stop); SIGTERM ends it without a word.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    answer = _call(fn, args)
    try:
        sender.send(answer)
    except Exception:  # an exception that cannot be pickled: raised again as its description
        sender.send(("raise", BuildFailed(f"a step of the build failed: {answer[1]!r}")))
