"""What one record adds to each export that holds them all (its JSON in kb.json; an event's row
of events.csv, its entry in the calendar, the TimelineJS data and the Atom feed), kept between
builds: at 10,000 events, making every record's part again after an edit of one event was most of
what `make site` and `make serve` spent writing the trees.

A part is kept under its record's stamp, which the caller works out (nmikb/site/tree.py): the
digest of the record's data file and of everything else a part is made from (every data file but
the events', the sources' texts, the site's address and history, the edition). A part shows its
own record and what the rest of the data says of it (a source's name, whether it is stored),
never another event: so an edit of one event leaves every other part as it was, and any other
edit makes them all again. The code is not in the stamp: a build by other code keeps nothing
(nmikb/site/kept.py), and `make serve` forgets the parts when its code changes. Without a stamp,
a part is made every time.

Parts are bytes, each as it stands in its file (an item of kb.json's list, indented to its depth;
a CSV line; a VEVENT; an Atom entry): putting a file of tens of megabytes together after an edit
is then joining them. The caller keeps them as it likes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

T = TypeVar("T")

# How an export asks for a record's part: piece(part, "events/<id>", make) -> the part.
Piece = Callable[[str, str, Callable[[], Any]], Any]


class Pieces:
    """Parts of the exports by record: `kept` ({"part:folder/id": [stamp, part]}) is what an
    earlier build made, and is updated in place; `stamps`: each record's stamp, by "folder/id"."""

    def __init__(self, kept: dict | None = None, stamps: Mapping[str, str] | None = None):
        self.kept = {} if kept is None else kept
        self.stamps = stamps or {}
        self._used: set[str] = set()
        # The keys of `kept` whose parts were made or forgotten: what is to be saved of it.
        self.changed: set[str] = set()

    def __call__(self, part: str, record: str, make: Callable[[], T]) -> T:
        """The part `part` of the record `record` ("events/<id>"): kept, or made by make() now."""
        stamp = self.stamps.get(record)
        if stamp is None:
            return make()
        key = f"{part}:{record}"
        self._used.add(key)
        hit = self.kept.get(key)
        if hit is not None and hit[0] == stamp:
            return hit[1]
        value = make()
        self.kept[key] = [stamp, value]
        self.changed.add(key)
        return value

    def forget_the_rest(self) -> None:
        """Forget the parts this build did not ask for (records removed or renamed)."""
        for key in set(self.kept) - self._used:
            del self.kept[key]
            self.changed.add(key)


def every_time(_part: str, _record: str, make: Callable[[], T]) -> T:
    """A part made every time (nothing kept): what the exports do when not given Pieces."""
    return make()
