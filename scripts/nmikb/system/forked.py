"""A step run in a forked copy of the process, which has everything loaded already: only its
answer is pickled back. Both cores work this way: `make site` writes and finishes the two
editions at once, `make serve` renders them at once, and a first read of many data files reads
part of them in a copy (nmikb/knowledge/load.py)."""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Callable


class StepFailed(Exception):
    """The copy stopped without an answer (killed), or its exception could not be sent back: the
    message says which, to follow "a step" or the like."""


class Forked:
    """fn(*args) in a forked copy of this process: result() returns its value or raises its
    exception. Where fork is missing, fn runs right away, in this process."""

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
                raise StepFailed("stopped unexpectedly") from None
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
    except Exception as err:
        return ("raise", err)


def _call_and_send(sender, fn: Callable, args: tuple) -> None:
    # Ctrl+C reaches the whole process group: the command says it stopped, once, and stops this
    # copy itself (Forked.stop); SIGTERM ends it without a word.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    answer = _call(fn, args)
    try:
        sender.send(answer)
    except Exception:  # an exception that cannot be pickled: raised again as its description
        sender.send(("raise", StepFailed(f"failed: {answer[1]!r}")))
