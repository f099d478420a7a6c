"""What a forked copy of `make serve` changed in the data it was given, sent back alone
(nmikb/system/delta.py): applied to the data as this process still holds it, it gives what the
copy ended with, and it holds only what changed."""

from __future__ import annotations

import pickle

import pytest

from nmikb.system.delta import SAME, applied, changes

BEFORE = {
    "pending": ["a.md"],
    "fingerprint": {
        "files": {f"data/events/e{i}.yaml": f"digest-{i}" for i in range(2000)},
        "events": {f"e{i}": [["nmi"], 2000 + i % 25, ["s1"], False, []] for i in range(2000)},
        "share": "x",
    },
    "meta": {f"events/e{i}.md": {"title": f"Event {i}", "hide": ["toc"]} for i in range(2000)},
    "theme_files": [["a", "b"]],
    "flag": 1,
    "nothing": None,
}


def _edited(before: dict) -> dict:
    """The data as a copy leaves it after one event's edit: new objects throughout (as a render
    makes them), most of them equal to what they replace."""
    after = pickle.loads(pickle.dumps(before))
    after["pending"] = []
    after["fingerprint"]["files"]["data/events/e7.yaml"] = "digest-7b"
    after["fingerprint"]["events"]["e7"][0] = ["nmi", "un"]
    after["meta"]["events/e7.md"]["title"] = "Event seven"
    del after["meta"]["events/e8.md"]
    after["meta"]["events/e9999.md"] = {"title": "New"}
    after["flag"] = True  # equal to 1, but not the same value
    after["nothing"] = {}
    after["added"] = {"k": [1]}
    del after["theme_files"]
    return after


def test_the_changes_applied_give_what_the_copy_ended_with():
    after = _edited(BEFORE)
    kept = pickle.loads(pickle.dumps(BEFORE))
    change = pickle.loads(pickle.dumps(changes(BEFORE, after)))  # as the pipe carries it
    result = applied(kept, change)
    assert result == after
    assert type(result["flag"]) is bool and type(result["nothing"]) is dict
    assert kept == BEFORE, "what this process holds is left as it was"


def test_only_what_changed_is_sent_back():
    after = _edited(BEFORE)
    change = changes(BEFORE, after)
    assert len(pickle.dumps(change)) < len(pickle.dumps(after)) / 50
    _, changed, removed = change
    assert set(changed) == {"pending", "fingerprint", "meta", "flag", "nothing", "added"}
    assert removed == ["theme_files"]
    _, meta, gone = changed["meta"]
    assert set(meta) == {"events/e7.md", "events/e9999.md"} and gone == ["events/e8.md"]
    assert set(changed["fingerprint"][1]) == {"files", "events"}
    assert set(changed["fingerprint"][1]["events"][1]) == {"e7"}


@pytest.mark.parametrize(
    "before, after",
    [({}, {}), ({"a": [1, {"b": 2}]}, {"a": [1, {"b": 2}]}), (3, 3), ("s", "s"), (None, None)],
)
def test_equal_data_is_no_change(before, after):
    assert changes(before, after) is SAME
    assert applied(before, SAME) is before


@pytest.mark.parametrize(
    "before, after",
    [
        ({}, {"a": 1}),
        ({"a": 1}, {}),
        ([1], (1,)),
        (1, 1.0),
        (0, False),
        ({"a": {"b": {}}}, {"a": {"b": []}}),
    ],
)
def test_any_difference_is_a_change(before, after):
    change = changes(before, after)
    assert change != SAME
    result = applied(before, change)
    assert result == after and type(result) is type(after)
