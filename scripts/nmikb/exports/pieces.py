"""What one event adds to each export that holds them all (its JSON in kb.json, its row of
events.csv, its entry in the calendar, the TimelineJS data and the Atom feed), kept between
builds: at 10,000 events, making every event's part again after an edit of one was most of what
`make site` and `make serve` spent writing the trees.

A part is kept under its event's stamp, which the caller works out (nmikb/site/tree.py): the
digest of the event's data file and of everything else an event's part is made from (the other
kinds of record, the sources' texts, the site's address and history, the edition). No event's
part shows another event, so an edit of one event leaves every other part as it was. The code
is not in the stamp: a build by other code keeps nothing (nmikb/site/kept.py), and `make serve`
forgets the parts when its code changes. Without a stamp, a part is made every time.

Parts are plain data (text, lists of text and numbers), which the caller keeps as it likes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

T = TypeVar("T")

# How an export asks for an event's part: piece(part, "events/<id>", make) -> the part.
Piece = Callable[[str, str, Callable[[], Any]], Any]


class Pieces:
    """Parts of the exports by event: `kept` ({part:event: [stamp, part]}) is what an earlier
    build made, and is updated in place; `stamps`: each event's stamp, by event id."""

    def __init__(self, kept: dict | None = None, stamps: Mapping[str, str] | None = None):
        self.kept = {} if kept is None else kept
        self.stamps = stamps or {}
        self._used: set[str] = set()
        self.changed = False  # whether a part was made or forgotten: `kept` is to be saved

    def __call__(self, part: str, event: str, make: Callable[[], T]) -> T:
        """The part `part` of the event `event`: kept, or made by make() now."""
        stamp = self.stamps.get(event)
        if stamp is None:
            return make()
        key = f"{part}:{event}"
        self._used.add(key)
        hit = self.kept.get(key)
        if hit is not None and hit[0] == stamp:
            return hit[1]
        value = make()
        self.kept[key] = [stamp, value]
        self.changed = True
        return value

    def forget_the_rest(self) -> None:
        """Forget the parts this build did not ask for (events removed or renamed)."""
        for key in set(self.kept) - self._used:
            del self.kept[key]
            self.changed = True


def every_time(_part: str, _event: str, make: Callable[[], T]) -> T:
    """A part made every time (nothing kept): what the exports do when not given Pieces."""
    return make()
