"""What a forked copy changed in plain data it was given, so that only that is sent back.

`make serve` renders each save's pages in copies of its process (nmikb/system/forked.py), and
each copy hands back what its edition keeps for the next save: the front matter of every page,
the fingerprint of the data, each record's part of the exports. At 10,000 events that is tens of
megabytes, pickled in the copy and unpickled here at each save, for a few entries that changed
(py-spy put about a second of CPU time on it, the processes' added; a save as a whole, with
reuse.EventPrints, took 0.2-0.3 s less once only changes were sent). The copy sends
`changes(before, after)` instead, from the data as the fork left it; this process, which still
holds `before`, makes `after` with `applied`.

Values are compared, not traced: a dict is gone through key by key only where it differs, and
`==` goes through equal values in C, at a glance where they are the same objects.
"""

from __future__ import annotations

from typing import Any

# A change: SAME; ("=", value): the value as it is now; ("dict", changed, removed): a dict's
# changed or added keys, each with its change, and the keys it no longer has.
SAME: tuple = ()


def changes(before: Any, after: Any) -> tuple:
    """What turns `before` into `after` (applied)."""
    if after is before:
        return SAME
    if isinstance(before, dict) and isinstance(after, dict):
        if before == after:
            return SAME
        changed = {}
        for key, value in after.items():
            if key not in before:
                changed[key] = ("=", value)
                continue
            change = changes(before[key], value)
            if change is not SAME:
                changed[key] = change
        removed = [key for key in before if key not in after]
        return ("dict", changed, removed)
    if type(before) is type(after) and before == after:
        return SAME
    return ("=", after)


def applied(before: Any, change: tuple) -> Any:
    """`before` with `change` made, as a new value: `before` itself is left as it is. A dict
    keeps its keys in the order `before` had them, added ones last."""
    if not change:  # SAME
        return before
    if change[0] == "=":
        return change[1]
    _, changed, removed = change
    after = dict(before)
    for key in removed:
        del after[key]
    for key, sub in changed.items():
        after[key] = applied(before.get(key), sub)
    return after
