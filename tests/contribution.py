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


def apply_contribution(project: Path) -> None:
    """Add the contribution to the project at `project` (a copy: its data files are rewritten)."""
    for rel in new_files():
        dest = project / rel
        # A new record must be new: an id the real data already has would replace its record.
        assert not dest.exists(), (
            f"{rel} of tests/fixtures/contribution/ now exists in the project: rename the "
            "fixture's file and its id"
        )
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(FIXTURE / rel, dest)
    for entry in additions():
        _add(project / entry["file"], entry.get("at", ""), entry.get("add", {}), entry["file"])
        if "date" in entry:
            _date(project / entry["file"], entry["date"], entry["file"])
        if "rival" in entry:
            _rival(project / entry["file"], entry["rival"], entry["file"])


def _add(path: Path, at: str, lists: dict[str, list], display: str) -> None:
    def change(data: dict) -> None:
        target = _locate(data, at, display)
        for key, items in lists.items():
            target.setdefault(key, []).extend(copy.deepcopy(items))

    rewrite(path, change, display)


def _locate(data, at: str, display: str) -> dict:
    """The mapping at a path such as `scope.institutions[entity=iraq-ministry-of-interior]`."""
    here = data
    for step in filter(None, at.split(".")):
        key, _, selector = step.partition("[")
        here = here[key]
        if selector:
            field, _, value = selector.rstrip("]").partition("=")
            found = [item for item in here if item.get(field) == value]
            assert found, (
                f"{display}: no item with {field} `{value}` in `{key}` any more: point this "
                "entry of tests/fixtures/contribution/additions.yaml at another record"
            )
            here = found[0]
    return here


def _aspects(data: dict) -> dict:
    """An event's dated aspects, its plain `date` turned into `dates: {occurred: …}`."""
    if "dates" not in data:
        data["dates"] = {"occurred": data.pop("date")}
    return data["dates"]


def _date(path: Path, entry: dict, display: str) -> None:
    def change(data: dict) -> None:
        _aspects(data)[entry["aspect"]] = copy.deepcopy(entry["value"])

    rewrite(path, change, display)


def _rival(path: Path, entry: dict, display: str) -> None:
    def change(data: dict) -> None:
        aspects = _aspects(data)
        assert entry["aspect"] in aspects, (
            f"{display}: no `{entry['aspect']}` date any more: point this entry of "
            "tests/fixtures/contribution/additions.yaml at another event or aspect"
        )
        here = aspects[entry["aspect"]]
        if not isinstance(here, list):
            value = {"on": here} if isinstance(here, str) else dict(here)
            if not value.get("citations"):  # a short date rests on the event's citations
                value["citations"] = copy.deepcopy(data["citations"][:1])
            here = [{**value, **copy.deepcopy(entry["keep"])}]
        aspects[entry["aspect"]] = [*here, copy.deepcopy(entry["value"])]

    rewrite(path, change, display)
