"""A first read of many data files is shared with a copy of the process, on the other core
(nmikb/knowledge/load.py, READ_AHEAD_FROM): the knowledge base, its problems and their order,
and what is remembered for the next command are what one process reading every file gives. The
copy is a help, never a condition: if it dies or fails, this process reads its files itself.

The fixtures have a dozen files, far below the real threshold: the tests lower it."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import TINY, make_project
from nmikb.data.problems import ProblemsFound
from nmikb.knowledge import load as loader
from nmikb.knowledge.load import load_knowledge_base


@pytest.fixture
def project(tmp_path, monkeypatch):
    # Two cores, as on the machines this runs on: with one, no copy is made (_read_all).
    monkeypatch.setattr(loader, "_cores", lambda: 2)
    return make_project(tmp_path / "p", data=TINY / "data", seeds=TINY / "seeds")


@pytest.fixture
def readers(monkeypatch, tmp_path) -> Path:
    """A file where the reader of each data file writes `<process id> <file>`, one line each:
    the copy writes there too."""
    log = tmp_path / "readers.log"
    log.touch()
    real = loader.load_bytes

    def noted(raw, display, **kw):
        with open(log, "a", encoding="utf-8") as f:
            f.write(f"{os.getpid()} {display}\n")
        return real(raw, display, **kw)

    monkeypatch.setattr(loader, "load_bytes", noted)
    return log


def _read_by(log: Path) -> list[tuple[int, str]]:
    lines = log.read_text(encoding="utf-8").split("\n")
    return [(int(pid), name) for pid, _, name in (line.partition(" ") for line in lines if line)]


def _outcome(project: Path, **kw):
    """What a read gives, in comparable form: the problems' lines, or the base's records."""
    try:
        kb = load_knowledge_base(project, **kw)
    except ProblemsFound as err:
        return [str(p) for p in err.problems]
    return (
        [e.model_dump() for e in kb.events],
        [s.model_dump() for s in kb.sources],
        [str(w) for w in kb.warnings],
        {path: loaded.digest for path, loaded in kb.loaded.items()},
    )


def _break(project: Path) -> None:
    """Problems in files of both halves of the list, one that spans files, and entries of a
    record folder that are not records, among those that are."""
    events = sorted((project / "data" / "events").glob("*.yaml"))
    events[0].write_text("id: [unclosed\n", encoding="utf-8")
    entities = sorted((project / "data" / "entities").glob("*.yaml"))
    entities[-1].write_text(
        entities[-1].read_text(encoding="utf-8") + "colour: blue\n", encoding="utf-8"
    )
    shutil.copy(events[-1], project / "data" / "sources" / events[-1].name)
    shutil.copy(events[1], project / "data" / "events" / (events[1].stem + "-copy.yml"))
    (project / "data" / "events" / (events[1].stem + "-folder.yaml")).mkdir()


@pytest.mark.parametrize("broken", [False, True], ids=["valid", "broken"])
def test_a_read_shared_with_a_copy_gives_what_one_process_reads(
    project, readers, monkeypatch, broken
):
    if broken:
        _break(project)
    alone = _outcome(project)
    assert (project / ".build").exists() is False
    alone_readers = _read_by(readers)
    assert {pid for pid, _ in alone_readers} == {os.getpid()}
    readers.write_text("", encoding="utf-8")

    monkeypatch.setattr(loader, "READ_AHEAD_FROM", 2)
    shared = _outcome(project, remember=True)
    assert shared == alone
    by = _read_by(readers)
    # Every file read once, by this process or by one copy, each reading some.
    assert sorted(name for _, name in by) == sorted(name for _, name in alone_readers)
    assert len({pid for pid, _ in by}) == 2
    assert 0 < sum(pid == os.getpid() for pid, _ in by) < len(by)
    # What the copy read is remembered as well: the next command reads nothing.
    readers.write_text("", encoding="utf-8")
    assert _outcome(project, remember=True) == alone
    assert _read_by(readers) == []


@pytest.mark.parametrize("how", ["dies", "fails"])
def test_a_copy_that_stops_leaves_its_files_to_this_process(project, monkeypatch, tmp_path, how):
    _break(project)
    alone = _outcome(project)
    parent = os.getpid()
    real = loader.load_bytes
    stopped = tmp_path / "the copy stopped"

    def in_the_copy_it_stops(raw, display, **kw):
        if os.getpid() != parent:
            stopped.touch()
            if how == "dies":
                os._exit(9)
            raise RuntimeError("the copy fails")
        return real(raw, display, **kw)

    monkeypatch.setattr(loader, "load_bytes", in_the_copy_it_stops)
    monkeypatch.setattr(loader, "READ_AHEAD_FROM", 2)
    assert _outcome(project) == alone
    assert stopped.exists()


def test_make_serve_keeps_what_a_shared_read_read(project, readers, monkeypatch):
    """`make serve` keeps each file's answer in memory (cache) between saves: those the copy
    read too, so that a save that changed one file reads that one only."""
    monkeypatch.setattr(loader, "READ_AHEAD_FROM", 2)
    files: dict = {}
    first = _outcome(project, cache=files)
    assert len({pid for pid, _ in _read_by(readers)}) == 2
    event = sorted((project / "data" / "events").glob("*.yaml"))[-1]
    event.write_text(event.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    readers.write_text("", encoding="utf-8")
    again = _outcome(project, cache=files)
    assert [name for _, name in _read_by(readers)] == [f"data/events/{event.name}"]
    assert again[:3] == first[:3]
