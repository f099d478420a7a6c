"""Data files remembered between commands (.build/kept/read/): `make validate`, `make site` and
`make serve` parse and validate again only the files whose bytes changed, and give the same
knowledge base, the same problems, as reading everything would.

What is counted here is the real reader (nmikb.data.yamlsafe.load_bytes, which the bytes of every
data file go through), wrapped to note which files it is asked for."""

from __future__ import annotations

import contextlib
import os
import pickle
import shutil
from pathlib import Path

import pytest

from conftest import TINY, make_project
from nmikb.data.problems import ProblemsFound
from nmikb.knowledge import load as loader
from nmikb.knowledge.load import load_knowledge_base
from nmikb.knowledge.remembered import FOLDER, VERSION, Remembered
from nmikb.site.build import build_site


@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path / "p", data=TINY / "data", seeds=TINY / "seeds")


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """The data files the reader is asked for, in order."""
    asked: list[str] = []
    real = loader.load_bytes

    def noted(raw, display, **kw):
        asked.append(display)
        return real(raw, display, **kw)

    monkeypatch.setattr(loader, "load_bytes", noted)
    return asked


def _facts(kb) -> list:
    return [(f.file, f.anchor, [c.quote for c in f.citations]) for f in kb.facts]


def test_a_second_read_of_the_same_files_parses_none_and_gives_the_same_base(project, reads):
    first = load_knowledge_base(project, remember=True)
    files = len(reads)
    assert files == len(first.loaded) > 5
    assert len(list((project / FOLDER).glob("*.pickle"))) > 1
    reads.clear()
    again = load_knowledge_base(project, remember=True)
    assert reads == []
    assert _facts(again) == _facts(first)
    assert again.events == first.events and again.sources == first.sources
    assert {p: f.digest for p, f in again.loaded.items()} == {
        p: f.digest for p, f in first.loaded.items()
    }


def test_make_serve_reads_nothing_remembered_again_when_it_holds_it_all(project, monkeypatch):
    # `make serve` keeps the files it read (cache) and the texts it split: a save that changed no
    # file opens none of the remembered shards, which hold every file's answer (a fifth of a
    # reload's reading at 10,000 events went to finding the texts there again).
    files: dict = {}
    first = load_knowledge_base(project, cache=files, remember=True)
    opened: list[int] = []
    real = Remembered._shard
    monkeypatch.setattr(Remembered, "_shard", lambda self, n: opened.append(n) or real(self, n))
    again = load_knowledge_base(project, cache=files, remember=True)
    assert opened == []
    assert again.texts.keys() == first.texts.keys()
    assert [t.sentences for t in again.texts.values()] == [
        t.sentences for t in first.texts.values()
    ]


def test_an_edited_file_is_read_again_and_only_it(project, reads):
    load_knowledge_base(project, remember=True)
    event = project / "data" / "events" / "council-votes.yaml"
    text = event.read_text(encoding="utf-8")
    edited = text.replace("{en: The council votes the works,", "{en: The council votes (edited),")
    assert edited != text
    event.write_text(edited, encoding="utf-8")
    reads.clear()
    kb = load_knowledge_base(project, remember=True)
    assert reads == [f"data/events/{event.name}"]
    assert "(edited)" in event.read_text(encoding="utf-8")
    assert any("(edited)" in str(e.model_dump()) for e in kb.events)
    # Its bytes as before: read once more (what is remembered is the edited file), then not.
    event.write_text(text, encoding="utf-8")
    reads.clear()
    load_knowledge_base(project, remember=True)
    assert reads == [f"data/events/{event.name}"]
    # A file touched but not changed (a checkout, a save without edits): its bytes decide.
    os.utime(event, (1, 1))
    reads.clear()
    load_knowledge_base(project, remember=True)
    assert reads == []


def test_a_broken_file_gives_the_same_problems_when_remembered(project, reads):
    broken = project / "data" / "events" / "broken.yaml"
    broken.write_text("id: broken\ntitle: [unclosed\n", encoding="utf-8")
    with pytest.raises(ProblemsFound) as first:
        load_knowledge_base(project, remember=True)
    reads.clear()
    with pytest.raises(ProblemsFound) as again:
        load_knowledge_base(project, remember=True)
    assert reads == []
    assert [str(p) for p in again.value.problems] == [str(p) for p in first.value.problems]
    assert any("broken.yaml:" in str(p) for p in again.value.problems)


def test_another_code_version_reuses_nothing(project, reads):
    """Each shard says which code wrote it: a command run by other code (a `make serve` started
    before the code was edited) may have written it last."""
    load_knowledge_base(project, remember=True)
    shards = sorted((project / FOLDER).glob("*.pickle"))
    for shard in shards:
        version, answers = pickle.loads(shard.read_bytes())
        assert version == VERSION and answers
        shard.write_bytes(pickle.dumps(("an older version", answers)))
    reads.clear()
    kb = load_knowledge_base(project, remember=True)
    assert len(reads) == len(kb.loaded)
    assert all(pickle.loads(s.read_bytes())[0] == VERSION for s in shards)
    reads.clear()
    load_knowledge_base(project, remember=True)
    assert reads == []


def test_a_build_from_nothing_reads_every_file_and_remembers_what_it_read(project, reads):
    """`make site CLEAN=1` is the way out of anything a build keeps, this too: it uses nothing
    remembered, even an answer kept for the very bytes of a file. What it reads, it remembers,
    over whatever was there: the build after it (the first edit after a clean build) reads
    nothing again, where it used to read all 10,000 events (4.7 s)."""
    load_knowledge_base(project, remember=True)
    shards = sorted((project / FOLDER).glob("*.pickle"))
    # Each answer replaced by another of the same shape, under the same digest: only reading the
    # files again, not the memory, gives the knowledge base of the data.
    for shard in shards:
        version, answers = pickle.loads(shard.read_bytes())
        wrong = {name: (digest, "not this file's answer") for name, (digest, _) in answers.items()}
        shard.write_bytes(pickle.dumps((version, wrong)))
    reads.clear()
    built = build_site(project, project / "site", clean=True)
    assert len(reads) >= len(list((project / "data").rglob("*.yaml")))
    assert built.kb.events and all(e.id for e in built.kb.events)
    reads.clear()
    again = build_site(project, project / "site")
    assert reads == []  # remembered by the clean build
    assert again.kb.events == built.kb.events and again.kb.sources == built.kb.sources


def test_a_clean_read_where_there_is_no_data_writes_nothing(tmp_path, monkeypatch):
    # `nmi-kb site --clean` run from the wrong folder says so, and leaves the folder as it was.
    with pytest.raises(ProblemsFound):
        load_knowledge_base(tmp_path, remember=True, fresh=True)
    assert list(tmp_path.iterdir()) == []
    # A data folder with no file in it: nothing read, nothing written (by a copy either).
    monkeypatch.setattr(loader, "_cores", lambda: 2)
    (tmp_path / "data").mkdir()
    with pytest.raises(ProblemsFound):
        load_knowledge_base(tmp_path, remember=True, fresh=True)
    assert list(tmp_path.iterdir()) == [tmp_path / "data"]


def test_damaged_or_unwritable_memory_is_ignored(project, reads):
    load_knowledge_base(project, remember=True)
    shards = sorted((project / FOLDER).glob("*.pickle"))
    assert shards
    for shard in shards:
        shard.write_bytes(shard.read_bytes()[:20])  # cut short, as by a full disk
    reads.clear()
    kb = load_knowledge_base(project, remember=True)
    assert len(reads) == len(kb.loaded)
    # A folder the command cannot write: it reads, validates and says nothing about it.
    shutil.rmtree(project / ".build")
    (project / ".build").write_text("not a folder", encoding="utf-8")
    reads.clear()
    kb = load_knowledge_base(project, remember=True)
    assert len(reads) == len(kb.loaded)


def test_a_text_found_in_the_process_is_written_with_its_shard(project):
    # A text `make serve` found in memory was not looked for in its shard: when that shard is
    # written again (another entry of it changed), the text goes with it, even if the shard on
    # disk had lost it (written meanwhile by a save that failed before reading the texts).
    from nmikb.knowledge.remembered import _shard_of

    raw, marks = "Title line\nFirst sentence. Second one.", ("First sentence.", "Second one.")
    first = Remembered(project)
    first.split_text(raw, *marks)
    first.save()
    [text_shard] = {_shard_of(name) for name in first._texts}
    (project / FOLDER / f"{text_shard:02d}.pickle").unlink()
    again = Remembered(project)
    kept = again.split_text(raw, *marks)
    # Texts have shards of their own (the files' shards may be written by a copy meanwhile).
    other = next(f"text:x{i}" for i in range(10_000) if _shard_of(f"text:x{i}") == text_shard)
    again.put(other, "digest", "answer")
    again.still(other)
    again.save()
    third = Remembered(project)
    [(display, (digest, _))] = again._texts.items()
    assert isinstance(third.get(display, digest), type(kept))


def _remembered(project) -> dict:
    """Every answer remembered on disk, by name: (digest, the answer as comparable values)."""
    out = {}
    for shard in (project / FOLDER).glob("*.pickle"):
        version, answers = pickle.loads(shard.read_bytes())
        assert version == VERSION
        for name, (digest, answer) in answers.items():
            out[name] = (digest, _comparable(answer))
    return out


def _comparable(answer):
    if isinstance(answer, tuple):  # a file's: (what was read, its record, its problems)
        loaded, record, problems = answer
        return (loaded, record and record.model_dump(), [str(p) for p in problems])
    return (answer.norm, answer.sentences, answer.body_span)  # a split text


def _writers(project, monkeypatch, stop: str = "") -> Path:
    """A file where each shard written adds the writing process's id, a line each (the copy
    writes there too). With `stop`, the copy "dies" or "fails" as it comes to write."""
    from nmikb.knowledge import remembered

    log = project / "writers.log"
    log.touch()
    parent, real = os.getpid(), remembered._write_new

    def noted(path, data):
        if os.getpid() != parent and stop == "dies":
            os._exit(9)
        if os.getpid() != parent and stop == "fails":
            raise OSError("the copy fails")
        if os.getpid() != parent and stop == "dies writing":  # killed with its new file made
            remembered._new_file(path, os.getpid()).write_bytes(data[:10])
            os._exit(9)
        with open(log, "a", encoding="utf-8") as f:
            f.write(f"{os.getpid()}\n")
        real(path, data)

    monkeypatch.setattr(remembered, "_write_new", noted)
    return log


@pytest.mark.parametrize("broken", [False, True], ids=["valid", "broken"])
def test_a_copy_writes_the_files_shards_as_this_process_would(project, monkeypatch, reads, broken):
    """A first command on a checkout has every shard to write: a copy of the process writes the
    files' shards while this one checks and splits the texts (save_ahead). What is remembered
    is what one process writes, valid data or not, and the next command reads nothing."""
    from nmikb.knowledge import remembered

    if broken:  # a file that cannot be read: the problems are raised after the files are read
        (project / "data" / "events" / "broken.yaml").write_text(
            "id: broken\ntitle: [unclosed\n", encoding="utf-8"
        )
    expected = pytest.raises(ProblemsFound) if broken else contextlib.nullcontext()
    monkeypatch.setattr(remembered, "AHEAD_FROM", 10_000)  # this process writes them all
    with expected:
        load_knowledge_base(project, remember=True, fresh=True)
    alone = _remembered(project)
    assert len(alone) > 5
    shutil.rmtree(project / FOLDER)

    log = _writers(project, monkeypatch)
    monkeypatch.setattr(remembered, "AHEAD_FROM", 1)
    with expected as raised:
        load_knowledge_base(project, remember=True, fresh=True)
    writers = [int(pid) for pid in log.read_text(encoding="utf-8").split()]
    copies = {pid for pid in writers if pid != os.getpid()}
    assert len(copies) == 1 and writers.count(copies.pop()) > 1
    assert writers.count(os.getpid()) <= remembered.TEXT_SHARDS  # the copy's are not written again
    assert _remembered(project) == alone
    reads.clear()
    with pytest.raises(ProblemsFound) if broken else contextlib.nullcontext() as again:
        load_knowledge_base(project, remember=True)
    assert reads == []
    if broken:
        assert [str(p) for p in again.value.problems] == [str(p) for p in raised.value.problems]


@pytest.mark.parametrize("how", ["dies", "fails", "dies writing"])
def test_a_copy_that_cannot_write_leaves_its_shards_to_this_process(project, monkeypatch, how):
    from nmikb.knowledge import remembered

    monkeypatch.setattr(remembered, "AHEAD_FROM", 10_000)
    load_knowledge_base(project, remember=True, fresh=True)
    alone = _remembered(project)
    shutil.rmtree(project / FOLDER)
    log = _writers(project, monkeypatch, stop=how)
    monkeypatch.setattr(remembered, "AHEAD_FROM", 1)
    load_knowledge_base(project, remember=True, fresh=True)
    assert {int(pid) for pid in log.read_text(encoding="utf-8").split()} == {os.getpid()}
    assert _remembered(project) == alone
    assert not [p for p in (project / FOLDER).iterdir() if p.suffix != ".pickle"]
