"""`make serve`: both editions on one local server, rebuilt when a data file changes, and still
serving the last good site when an edit is broken."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import TERMS, TINY, lopsided_glossary, make_project
from datafile import rewrite, set_text
from nmikb.edition.typography import typography
from nmikb.knowledge.load import load_knowledge_base
from nmikb.serve.preview import Previewer
from nmikb.site.mkdocs_run import SITEMAP

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


def title_of(html: str) -> str:
    return BeautifulSoup(html, "html.parser").find("h1").get_text()


def test_serve_rebuilds_on_change_and_survives_a_broken_edit(project, kb):
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    event = kb.timeline[0]
    page = f"events/{event.id}.html"
    proc = subprocess.Popen(
        [sys.executable, "-m", "nmikb", "--root", str(project), "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert wait_for(lambda: event.title.en in title_of(fetch(base + page)))
        assert typography(event.title.fr, "fr") in title_of(fetch(base + "fr/" + page))
        path = project / "data" / "events" / f"{event.id}.yaml"
        set_text(path, "title", "en", EDITED)
        assert wait_for(lambda: EDITED in title_of(fetch(base + page)))
        # The year's list shows the new title too.
        assert EDITED in fetch(base + f"timeline/{event.date.year}.html")
        path.write_text(f"id: {event.id}\n\t- broken\n", encoding="utf-8")
        time.sleep(3)
        assert EDITED in title_of(fetch(base + page))
    finally:
        proc.terminate()
        output = proc.communicate(timeout=20)[0]
    assert (
        f"data/events/{event.id}.yaml:2:1: YAML syntax: a tab character where YAML expects spaces"
        in output
    )
    assert "Traceback" not in output


# A title no record has, with no abbreviation in it (a tooltip would split it in the page).
EDITED = "A title edited while serving"


def _retitle(value: str):
    def edit(project: Path, kb) -> None:
        set_text(project / "data" / "events" / f"{kb.timeline[0].id}.yaml", "title", "en", value)

    return edit


def _new_abbreviation(project: Path, kb) -> None:
    term = next(t for t in kb.glossary if t.en.abbr)

    def change(data: dict) -> None:
        data["en"]["abbr"] = term.en.abbr + "Q"

    rewrite(project / "data" / "glossary" / f"{term.id}.yaml", change)


def _rename_entity(project: Path, kb) -> None:
    # An entity other pages list: an actor of an event (the event's page, the lists of entities).
    actor = next(a for e in kb.timeline for a in e.actors)
    name = kb.entity[actor].name.en
    set_text(project / "data" / "entities" / f"{actor}.yaml", "name", "en", f"{name} (renamed)")


def _remove_event(project: Path, kb) -> None:
    # One that nothing else names (the home page's headline, a decision of the scope).
    # Not the event the other edits retitle either.
    named = {kb.site.headline, kb.timeline[0].id} | {i.decided_by for i in kb.scope.institutions}
    event = next(e for e in reversed(kb.timeline) if e.id not in named)
    (project / "data" / "events" / f"{event.id}.yaml").unlink()


# Edits of each kind a rebuild handles differently (site/reuse.py): an event's own text, a
# glossary term (its abbreviation is a tooltip on every page using it), an entity whose name
# other pages list (the event pages of its events, the lists of entities), a record removed.
# Each is located in the data by what it is, not by what it says.
EDITS = [
    ("an event's title", _retitle(EDITED)),
    ("a glossary term's abbreviation", _new_abbreviation),
    ("an entity's name, listed by other pages", _rename_entity),
    ("an event removed", _remove_event),
    ("the same event's title again", _retitle("A title edited twice")),
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


def test_serve_after_each_edit_shows_what_a_build_from_scratch_shows(project, kb, tmp_path):
    """A rebuild renders again only what an edit can change; after each kind of edit, the trees
    and the served site are byte for byte those of a preview built from scratch on the same
    data."""
    preview = Previewer(project, tmp_path / "served")
    assert preview.rebuild()
    for n, (what, edit) in enumerate(EDITS):
        edit(project, kb)
        assert preview.rebuild(), what
        fresh = Previewer(project, tmp_path / f"fresh-{n}")
        assert fresh.rebuild(), what
        for part in ("trees", "site"):
            served, full = _files(preview, part), _files(fresh, part)
            assert sorted(served) == sorted(full), f"{what}: other files in {part}/"
            differ = [rel for rel in full if served[rel] != full[rel]]
            assert differ == [], f"{what}: {part}/ differs from a build from scratch"
        # What it keeps for the next save, as the copies that rendered this one sent it back
        # (nmikb/system/delta.py), is what a preview from scratch keeps: the front matter and
        # fingerprint of each edition, and each record's parts of the exports. (The sitemap's
        # is kept with its file's inode and time.)
        for lang, reuse in preview.reuse.items():
            kept, made = dict(reuse.state), dict(fresh.reuse[lang].state)
            assert kept.pop(SITEMAP)[0] == made.pop(SITEMAP)[0], what
            assert kept == made, f"{what}: the {lang} edition keeps another state"
        assert preview.pieces == fresh.pieces, f"{what}: other parts of the exports kept"


def test_what_a_preview_freezes_is_collected_again_once_it_has_grown_by_half():
    """Each save's reading is left out of the cycle collector's scans (preview._uncollected);
    what it discards in cycles stays frozen until those have grown by half, and no longer."""
    import gc
    import weakref

    from nmikb.serve.preview import _Collector, _uncollected

    class Node:
        other: Node

    def garbage(size: int) -> weakref.ref:
        """`size` objects in one cycle, unreachable once made."""
        nodes = [Node() for _ in range(size)]
        for a, b in zip(nodes, nodes[1:] + nodes[:1], strict=True):
            a.other = b
        return weakref.ref(nodes[0])

    collector = _Collector()
    try:
        with _uncollected(collector):
            pass
        baseline = collector.after_full
        assert baseline and gc.isenabled()
        dead, made = [], 0
        for _ in range(8):
            before = gc.get_freeze_count()
            with _uncollected(collector):
                dead.append(garbage(baseline // 8))  # a node and its __dict__: a quarter
            made = made or gc.get_freeze_count() - before  # one save's garbage
            # Never more than half again what the collector last left, and one save's garbage.
            assert gc.get_freeze_count() <= baseline * 3 // 2 + made
        assert dead[0]() is None  # collected by a later save
        # Not at every save: the collector's full pass costs about a second at 10,000 events.
        assert any(ref() is not None for ref in dead[:-1])
    finally:
        gc.unfreeze()
        gc.collect()


def test_serve_of_a_page_one_edition_lacks_is_what_a_build_from_scratch_shows(tmp_path):
    """A glossary whose letter N takes a page more in English than in French: after an event's
    edit, rendered in each edition's copy, and after the removal of the term that made that
    page, the preview is byte for byte one made from scratch, and the page's language switcher
    leads to the French glossary, which stands in for it."""
    data = tmp_path / "data"
    shutil.copytree(TINY / "data", data)
    lopsided_glossary(data)
    project = make_project(tmp_path / "p", data=data, seeds=TINY / "seeds")
    preview = Previewer(project, tmp_path / "served")
    assert preview.rebuild()
    english_only = preview.site / "glossary" / "letter" / "n-2.html"
    assert english_only.is_file()

    def switcher(page: Path) -> str:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        return next(a["href"] for a in soup.select("a.md-select__link") if a["hreflang"] == "fr")

    def retitle(kb) -> None:
        set_text(project / "data" / "events" / f"{kb.timeline[0].id}.yaml", "title", "en", EDITED)

    def remove_term(kb) -> None:
        (project / "data" / "glossary" / f"term-{TERMS - 1}.yaml").unlink()

    for n, edit in enumerate((retitle, remove_term)):
        edit(load_knowledge_base(project))
        assert preview.rebuild()
        fresh = Previewer(project, tmp_path / f"fresh-{n}")
        assert fresh.rebuild()
        served, full = _files(preview, "site"), _files(fresh, "site")
        assert sorted(served) == sorted(full)
        assert [rel for rel in full if served[rel] != full[rel]] == []
        assert english_only.is_file() == (edit is retitle)
        if edit is retitle:  # the French edition has no such page: its glossary stands in
            assert switcher(english_only) == "../../fr/glossary/index.html"


def test_a_whole_render_is_made_in_a_copy_and_one_that_dies_is_made_again(
    tiny_project, tmp_path, monkeypatch, capsys
):
    """The first build renders each edition whole in a copy of the process, one after the other
    (MkDocs empties its folder first, and the French edition's is inside the English one's):
    what MkDocs makes for every page stays out of the server's memory, where each later save's
    copies would make their objects among it. A copy that dies leaves its edition to be made
    whole again at the next save, which shows what a build from scratch shows."""
    import os

    from nmikb.serve import preview as module

    log, parent = tmp_path / "renders.log", os.getpid()
    real = module.render_edition
    dies = {"next": True}

    def noted(config, reuse, **kw):
        whole = reuse.pending is None
        with open(log, "a", encoding="utf-8") as f:
            f.write(f"{os.getpid()} {'whole' if whole else 'part'} start {time.monotonic()}\n")
        if whole and dies["next"] and Path(config).parent.name == "fr":  # trees/fr/mkdocs.yml
            assert os.getpid() != parent, "rendered whole in the server's own process"
            os._exit(9)  # as the system's out-of-memory killer would
        count = real(config, reuse, **kw)
        with open(log, "a", encoding="utf-8") as f:
            f.write(f"{os.getpid()} {'whole' if whole else 'part'} end {time.monotonic()}\n")
        return count

    monkeypatch.setattr(module, "render_edition", noted)
    preview = Previewer(tiny_project, tmp_path / "served")
    assert not preview.rebuild()
    assert "a step of the build stopped unexpectedly" in capsys.readouterr().out
    dies["next"] = False
    one_whole = [("whole", "start"), ("whole", "end")]  # an edition rendered whole, as logged
    log.write_text("", encoding="utf-8")
    assert preview.rebuild()
    lines = [line.split() for line in log.read_text(encoding="utf-8").splitlines()]
    # Only the French edition, whose copy died, rendered again whole; in a copy.
    assert [(kind, step) for _, kind, step, _ in lines] == one_whole
    assert int(lines[0][0]) != parent

    fresh = Previewer(tiny_project, tmp_path / "fresh")
    log.write_text("", encoding="utf-8")
    assert fresh.rebuild()
    lines = [line.split() for line in log.read_text(encoding="utf-8").splitlines()]
    assert [(kind, step) for _, kind, step, _ in lines] == one_whole * 2
    pids = [int(pid) for pid, *_ in lines]
    assert parent not in pids and pids[0] == pids[1] != pids[2] == pids[3]
    assert float(lines[1][3]) <= float(lines[2][3])  # one after the other
    for part in ("trees", "site"):
        assert _files(preview, part) == _files(fresh, part)


def test_a_preview_without_a_process_to_be_had_renders_here(tiny_project, tmp_path, monkeypatch):
    """When no copy of the process can be made (memory, process limits), each edition is
    rendered in the server's own process: the first build and a save show what a build from
    scratch shows."""
    import errno

    from nmikb.serve import preview as module

    def refused(*args):
        raise OSError(errno.EAGAIN, "Resource temporarily unavailable")

    preview = Previewer(tiny_project, tmp_path / "served")
    with monkeypatch.context() as m:
        m.setattr(module, "Forked", refused)
        assert preview.rebuild()
        _retitle(EDITED)(tiny_project, load_knowledge_base(tiny_project))
        assert preview.rebuild()
    fresh = Previewer(tiny_project, tmp_path / "fresh")
    assert fresh.rebuild()
    for part in ("trees", "site"):
        assert _files(preview, part) == _files(fresh, part)
    edited = load_knowledge_base(tiny_project).timeline[0]
    assert EDITED in (preview.site / "events" / f"{edited.id}.html").read_text(encoding="utf-8")
