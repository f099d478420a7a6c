"""`make serve`: both editions on one local server, rebuilt when a data file changes, and still
serving the last good site when an edit is broken."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from nmikb.serve.preview import Previewer

pytestmark = pytest.mark.build


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def wait_for(predicate, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


def test_serve_rebuilds_on_change_and_survives_a_broken_edit(project):
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    proc = subprocess.Popen(
        [sys.executable, "-m", "nmikb", "--root", str(project), "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert wait_for(
            lambda: "Creation of the NATO Mission" in fetch(base + "events/nmi-created.html")
        )
        assert "Création de la mission de l’OTAN" in fetch(base + "fr/events/nmi-created.html")
        event = project / "data" / "events" / "nmi-created.yaml"
        text = event.read_text(encoding="utf-8")
        event.write_text(
            text.replace("Creation of the NATO Mission", "Founding of the NATO Mission"),
            encoding="utf-8",
        )
        assert wait_for(
            lambda: "Founding of the NATO Mission" in fetch(base + "events/nmi-created.html")
        )
        # The year's list shows the new title too (NATO is an abbreviation there:
        # <abbr>NATO</abbr>).
        assert "Founding of the" in fetch(base + "timeline/2018.html")
        event.write_text("id: nmi-created\n\t- broken\n", encoding="utf-8")
        time.sleep(3)
        assert "Founding of the NATO Mission" in fetch(base + "events/nmi-created.html")
    finally:
        proc.terminate()
        output = proc.communicate(timeout=20)[0]
    assert (
        "data/events/nmi-created.yaml:2:1: YAML syntax: a tab character where YAML expects spaces"
        in output
    )
    assert "Traceback" not in output


def _replace(path: str, old: str, new: str):
    def edit(project: Path) -> None:
        file = project / path
        text = file.read_text(encoding="utf-8")
        assert old in text, f"{path} no longer holds {old!r}: choose another edit"
        file.write_text(text.replace(old, new), encoding="utf-8")

    return edit


def _delete(path: str):
    def edit(project: Path) -> None:
        (project / path).unlink()

    return edit


# Edits of each kind a rebuild handles differently (generate.Reuse): an event's own text, a
# glossary term (its abbreviation is a tooltip on every page using it), an entity whose name
# other pages list (the event pages of its events, the lists of entities), a record removed.
EDITS = [
    (
        "an event's title",
        _replace("data/events/nmi-created.yaml", "Creation of the NATO", "Founding of the NATO"),
    ),
    (
        "a glossary term's abbreviation",
        _replace("data/glossary/nac.yaml", "abbr: NAC,", "abbr: NACO,"),
    ),
    (
        "an entity's name, listed by other pages",
        _replace(
            "data/entities/iraq-ministry-of-interior.yaml",
            "Ministry of Interior",
            "Ministry of the Interior",
        ),
    ),
    ("an event removed", _delete("data/events/islamic-state-conquests-2014.yaml")),
    (
        "the same event's title again",
        _replace("data/events/nmi-created.yaml", "Founding of the NATO", "Birth of the NATO"),
    ),
]


def _files(preview: Previewer, part: str) -> dict[str, bytes]:
    """The files of a preview's trees/ or site/, with its own folder's path (in the trees'
    configurations) written as `@`."""
    folder = preview.folder / part
    own = str(preview.folder).encode()
    return {
        p.relative_to(folder).as_posix(): p.read_bytes().replace(own, b"@")
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_serve_after_each_edit_shows_what_a_build_from_scratch_shows(project, tmp_path):
    """A rebuild renders again only what an edit can change; after each kind of edit, the trees
    and the served site are byte for byte those of a preview built from scratch on the same
    data."""
    preview = Previewer(project, tmp_path / "served")
    assert preview.rebuild()
    for n, (what, edit) in enumerate(EDITS):
        edit(project)
        assert preview.rebuild(), what
        fresh = Previewer(project, tmp_path / f"fresh-{n}")
        assert fresh.rebuild(), what
        for part in ("trees", "site"):
            served, full = _files(preview, part), _files(fresh, part)
            assert sorted(served) == sorted(full), f"{what}: other files in {part}/"
            differ = [rel for rel in full if served[rel] != full[rel]]
            assert differ == [], f"{what}: {part}/ differs from a build from scratch"
