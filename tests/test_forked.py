"""Sibling copies of the process swap plain data half way through their work
(nmikb/system/forked.py, Swap: `make serve`'s copies give each other their pages' paths): each
gets every other's, however large, and a sibling that dies before it gives its own stops the
others with a message, rather than leaving them waiting."""

from __future__ import annotations

import os
import re
import threading

import pytest

from nmikb.system.forked import Forked, StepFailed, Swap, can_fork

pytestmark = pytest.mark.skipif(not can_fork(), reason="siblings swap only as forked copies")

NAMES = ("en", "fr", "de")


def _swapping(swap: Swap, name: str) -> dict:
    # Each gives far more than a pipe holds at once (64 KB): all give before any takes.
    return swap.swap(name, {f"{name}/page-{i}.md" for i in range(20_000)})


def _dying(swap: Swap, name: str) -> dict:
    os._exit(1)


def _run(*steps) -> list:
    swap = Swap(NAMES)
    forked = [Forked(fn, swap, name) for fn, name in zip(steps, NAMES, strict=True)]
    swap.close()
    answers = []
    for step in forked:
        try:
            answers.append(step.result())
        except StepFailed as err:
            answers.append(err)
        finally:
            step.stop()
    return answers


def test_each_sibling_gets_every_others_data():
    answers = _run(_swapping, _swapping, _swapping)
    for name, theirs in zip(NAMES, answers, strict=True):
        assert sorted(theirs) == sorted(set(NAMES) - {name})
        for other, paths in theirs.items():
            assert len(paths) == 20_000 and f"{other}/page-7.md" in paths


def test_a_sibling_that_dies_first_stops_the_others_with_a_message():
    answers: list = []
    running = threading.Thread(target=lambda: answers.extend(_run(_swapping, _dying, _swapping)))
    running.daemon = True
    running.start()
    running.join(120)
    assert not running.is_alive(), "a sibling still waits for the one that died"
    assert isinstance(answers[1], StepFailed)
    # Each stops, when the sibling it takes from first has stopped (that one, or one stopped by
    # it): none waits forever.
    for answer in (answers[0], answers[2]):
        assert isinstance(answer, StepFailed)
        assert re.fullmatch(r"stopped: the step for (en|fr|de) stopped first", str(answer))
