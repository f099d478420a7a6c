"""A realistic contribution to the real data (tests/fixtures/contribution/), applied to a copy.

The fixture is what a new contributor sends, following README and CONTRIBUTING only: two
English sources with their stored texts (an invented NATO press release and an invented news
report that dates the announcement a day later), a new entity and a new event, and citations
added to records already in data/ (`additions.yaml`). Its texts are our own, marked as test
material. tests/test_contribution.py runs every check of the real data on the result: a valid
data pull request must never break a test.
"""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

from datafile import rewrite
from nmikb.data.yamlsafe import load_file

FIXTURE = Path(__file__).parent / "fixtures" / "contribution"


def new_files() -> list[Path]:
    """The contribution's new files (data records and stored texts), relative to the fixture."""
    return sorted(
        p.relative_to(FIXTURE)
        for folder in ("data", "seeds")
        for p in (FIXTURE / folder).rglob("*")
        if p.is_file()
    )


def additions() -> list[dict]:
    # Read as the build reads data (PyYAML's safe_load would turn the key `on:` into true).
    loaded = load_file(FIXTURE / "additions.yaml", "tests/fixtures/contribution/additions.yaml")
    assert not loaded.problems, "\n".join(map(str, loaded.problems))
    return loaded.data["additions"]


def apply_contribution(project: Path) -> list[str]:
    """Add the contribution to the project at `project` (a copy: its data files are rewritten).

    It applies to whatever valid data the project holds, as a contributor's branch would be
    rebased on it: an entry whose record, list item or date is gone is left out, and a date the
    data already gives is not given twice (the contribution's quotes join that value instead).
    Returns what was left out, one line each."""
    for rel in new_files():
        dest = project / rel
        # A new record must be new: an id the real data already has would replace its record.
        assert not dest.exists(), (
            f"{rel} of tests/fixtures/contribution/ now exists in the project: rename the "
            "fixture's file and its id"
        )
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(FIXTURE / rel, dest)
    left_out: list[str] = []
    for entry in additions():
        path, display = project / entry["file"], entry["file"]
        if not path.is_file():
            left_out.append(f"{display}: no such record any more")
            continue
        for step, args in (
            (_add, (entry.get("at", ""), entry.get("add", {}))),
            (_date, (entry.get("date"),)),
            (_rival, (entry.get("rival"),)),
        ):
            if args[-1] is None:
                continue
            try:
                rewrite(path, lambda data, step=step, args=args: step(data, *args), display)
            except _Gone as gone:
                left_out.append(f"{display}: {gone}")
    return left_out


class _Gone(Exception):
    """What an entry adds to is no longer in the data: the entry is left out."""


def _add(data: dict, at: str, lists: dict[str, list]) -> None:
    target = _locate(data, at)
    for key, items in lists.items():
        target.setdefault(key, []).extend(copy.deepcopy(items))


def _locate(data, at: str) -> dict:
    """The mapping at a path such as `scope.institutions[entity=iraq-ministry-of-interior]`."""
    here = data
    for step in filter(None, at.split(".")):
        key, _, selector = step.partition("[")
        if not isinstance(here, dict) or key not in here:
            raise _Gone(f"no `{key}` in it any more")
        here = here[key]
        if selector:
            field, _, value = selector.rstrip("]").partition("=")
            found = [item for item in here if item.get(field) == value]
            if not found:
                raise _Gone(f"no item with {field} `{value}` in `{key}` any more")
            here = found[0]
    return here


def _aspects(data: dict) -> dict:
    """An event's dated aspects, its plain `date` turned into `dates: {occurred: …}`."""
    if "dates" not in data:
        data["dates"] = {"occurred": data.pop("date")}
    return data["dates"]


def _values(here) -> list[dict]:
    """A dated aspect's values, each a mapping (a short date becomes `{on: …}`)."""
    items = here if isinstance(here, list) else [here]
    return [{"on": v} if isinstance(v, str) else v for v in items]


def _date(data: dict, entry: dict) -> None:
    aspects = _aspects(data)
    if entry["aspect"] in aspects:
        # The data dates it already: the contribution's quotes join the same date, or the
        # aspect is left as the editors wrote it.
        same = [v for v in _values(aspects[entry["aspect"]]) if v.get("on") == entry["value"]["on"]]
        if not same or "citations" not in same[0]:
            raise _Gone(f"its `{entry['aspect']}` date is already given")
        same[0]["citations"].extend(copy.deepcopy(entry["value"]["citations"]))
        return
    aspects[entry["aspect"]] = copy.deepcopy(entry["value"])


def _rival(data: dict, entry: dict) -> None:
    aspects = _aspects(data)
    if entry["aspect"] not in aspects:
        raise _Gone(f"no `{entry['aspect']}` date any more")
    here = aspects[entry["aspect"]]
    values = _values(here)
    if any(v.get("unknown") for v in values):
        raise _Gone(f"its `{entry['aspect']}` date is unknown")
    same = [v for v in values if v.get("on") == entry["value"]["on"]]
    if same:  # the data gives this day already: the report's quote supports it too
        if "citations" not in same[0]:
            raise _Gone(f"its `{entry['aspect']}` date is already given")
        same[0]["citations"].extend(copy.deepcopy(entry["value"]["citations"]))
        if isinstance(here, str):
            aspects[entry["aspect"]] = same[0]
        return
    if not isinstance(here, list):
        value = dict(values[0])
        if not value.get("citations"):  # a short date rests on the event's citations
            value["citations"] = copy.deepcopy(data["citations"][:1])
        here = [{**value, **copy.deepcopy(entry["keep"])}]
    aspects[entry["aspect"]] = [*here, copy.deepcopy(entry["value"])]
