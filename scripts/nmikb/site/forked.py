"""The build's steps in forked copies of the process (nmikb/system/forked.py), failing the way
the build fails: with BuildFailed and a message for the editor."""

from __future__ import annotations

from collections.abc import Callable

from nmikb.data.problems import ProblemsFound
from nmikb.system import forked


class BuildFailed(Exception):
    """The site could not be built; the message says why, the previous site is untouched."""


class Forked(forked.Forked):
    """fn(*args) in a forked copy of this process; a copy that stopped, or problems found in a
    hand-written page (the data itself was valid), are raised as BuildFailed."""

    def __init__(self, fn: Callable, *args) -> None:
        super().__init__(_as_build_step, fn, *args)

    def result(self):
        try:
            return super().result()
        except forked.StepFailed as err:
            raise BuildFailed(f"a step of the build {err}") from None


def _as_build_step(fn: Callable, *args):
    try:
        return fn(*args)
    except ProblemsFound as err:
        raise BuildFailed(err.report()) from None
