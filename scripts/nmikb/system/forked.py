"""A step run in a forked copy of the process, which has everything loaded already: only its
answer is pickled back. Both cores work this way: `make site` writes and finishes the two
editions at once, `make serve` renders them at once, and a first read of many data files reads
part of them in a copy (nmikb/knowledge/load.py)."""

from __future__ import annotations

import multiprocessing
import signal
import threading
from collections.abc import Callable, Iterable


class StepFailed(Exception):
    """The copy stopped without an answer (killed), or its exception could not be sent back: the
    message says which, to follow "a step" or the like."""


def can_fork() -> bool:
    """Whether a Forked step runs in a copy of this process (else in this process, at once)."""
    return "fork" in multiprocessing.get_all_start_methods()


class Forked:
    """fn(*args) in a forked copy of this process: result() returns its value or raises its
    exception. Where fork is missing, fn runs right away, in this process."""

    def __init__(self, fn: Callable, *args) -> None:
        self.process = None
        if not can_fork():
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


class Swap:
    """Plain data that sibling copies (Forked steps started while this is open) give each other
    half way through their work: each gives its own and gets every other's (swap). Made here
    before they are forked, and closed here once they all are (close), so that a sibling that
    dies before it gives its own is seen by the others, which stop too (StepFailed). Only where
    the steps run in copies (can_fork): in this process, one would wait for the next forever."""

    def __init__(self, names: Iterable[str]) -> None:
        context = multiprocessing.get_context("fork")
        names = list(names)
        # One pipe for each sibling and each other sibling it gives to: (receiving, sending) end.
        self.pipes = {(a, b): context.Pipe(duplex=False) for a in names for b in names if a != b}

    def swap(self, name: str, value) -> dict:
        """In the copy `name`: gives `value` to every sibling, returns each one's, by name."""
        for (a, b), (receiving, sending) in self.pipes.items():
            if a != name:
                sending.close()  # only the sibling itself holds its sending ends
            if b != name:
                receiving.close()
        # Given in threads: a pipe holds 64 KB, and every sibling gives before it takes.
        givers = [
            threading.Thread(target=_give, args=(sending, value), daemon=True)
            for (a, _b), (_receiving, sending) in self.pipes.items()
            if a == name
        ]
        for giver in givers:
            giver.start()
        theirs = {}
        for (a, b), (receiving, _sending) in self.pipes.items():
            if b == name:
                try:
                    theirs[a] = receiving.recv()
                except (EOFError, OSError):  # nothing, or a message cut short
                    raise StepFailed(f"stopped: the step for {a} stopped first") from None
        for giver in givers:
            giver.join()
        return theirs

    def close(self) -> None:
        """Here, once every sibling is forked: the copies hold the ends they use."""
        for receiving, sending in self.pipes.values():
            receiving.close()
            sending.close()


def _give(sending, value) -> None:
    try:
        sending.send(value)
    except OSError:  # the sibling has stopped: its own step says why
        pass
