"""`make serve`: both editions on one local server, rebuilt when data, pages or code change.

A save rebuilds only what it changed, with the same machinery as `make site` between builds: the
knowledge base is validated again, the pages the edit can change are rendered again (nmikb/site/
reuse.py says which), each edition's Markdown tree is rewritten where its pages changed (nmikb/
site/tree.py keeps the others untouched), and MkDocs renders the changed pages only, in a copy of
this process for each edition (nmikb/site/mkdocs_run.py), and completes the sitemap and search
index so that the preview is byte for byte what a preview built from scratch on the same data
shows (tests/test_serve.py checks it for each kind of edit). A change of the code, templates or
configuration renders everything. A broken edit keeps the last good site on screen and prints
what is wrong.

`make site` also prunes, splits the search index, checks every link and archives, which a
preview does without.
"""

from __future__ import annotations

import gc
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import jinja2
from mkdocs.exceptions import MkDocsException

from nmikb.data.problems import ProblemsFound
from nmikb.edition import labels
from nmikb.edition.editions import EDITIONS
from nmikb.knowledge.load import load_knowledge_base
from nmikb.pages import render
from nmikb.pages.plan import site_plan
from nmikb.site.edition_state import Reuse
from nmikb.site.forked import BuildFailed, Forked
from nmikb.site.history import source_date_epoch
from nmikb.site.mkdocs_run import render as render_edition
from nmikb.site.reuse import EventPrints, fingerprint
from nmikb.site.tree import write_tree
from nmikb.system.delta import applied, changes
from nmikb.system.interrupts import held
from nmikb.system.oserrors import MachineFault

from .server import PortUnavailable, QuietServer, check_port, explain

WATCHED = ("data", "docs", "scripts", "seeds", "mkdocs.yml", "mkdocs.fr.yml")


class Previewer:
    """Keeps a preview of both editions in `folder`: trees under trees/, the site under site/."""

    def __init__(self, root: Path, folder: Path):
        self.root, self.folder = Path(root), Path(folder)
        self.site = self.folder / "site"
        self.code = self._code_stamp()
        self.files: dict = {}  # data files read and validated, kept until they change
        # What each edition's tree was written from and what MkDocs has not rendered yet
        # (nmikb/site/reuse.py), kept until the code changes: then everything is made again.
        self.reuse = {e.lang: Reuse() for e in EDITIONS}
        # The theme's templates, compiled once, on disk: each edition is built by a copy of this
        # process (_edition).
        self.compiled = jinja2.FileSystemBytecodeCache(self._folder("jinja"))
        # What each record adds to each edition's exports (nmikb/exports/pieces.py), kept until
        # the code changes.
        self.pieces: dict[str, dict] = {e.lang: {} for e in EDITIONS}
        # Each event's part of the data's fingerprint (nmikb/site/reuse.py), made here once for
        # both editions and kept until the code changes.
        self.events = EventPrints()
        self.collector = _Collector()

    def _folder(self, name: str) -> str:
        folder = self.folder / name
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        return str(folder)

    def _code_stamp(self) -> tuple:
        """When the code, templates or configuration last changed: then every page may change."""
        paths = [p for p in (self.root / "scripts").rglob("*") if p.is_file()] + [
            self.root / e.config for e in EDITIONS
        ]
        return tuple(sorted((str(p), p.stat().st_mtime_ns) for p in paths if p.exists()))

    def rebuild(self) -> bool:
        started = time.monotonic()
        code = self._code_stamp()
        if code != self.code:
            self.code = code
            labels.labels.cache_clear()
            labels.share_labels.cache_clear()
            render.environment.cache_clear()
            self.reuse = {e.lang: Reuse() for e in EDITIONS}
            self.compiled = jinja2.FileSystemBytecodeCache(self._folder("jinja"))
            self.pieces = {e.lang: {} for e in EDITIONS}
            self.events = EventPrints()
        try:
            with _uncollected(self.collector):
                kb = load_knowledge_base(self.root, cache=self.files, remember=True)
                plans = site_plan(kb)
                fingerprint(kb, None, None, self.events)  # each event's part, kept for the copies
            # Each edition in a copy of this process, which has everything loaded: both at once,
            # or one after the other when one is rendered whole (MkDocs empties its folder
            # first, and the French edition's is inside the English one's). A whole render in
            # a copy too: it leaves here none of the 1.4 GB MkDocs made at 10,000 events, among
            # which the copies of each later save would make their objects.
            whole = any(self.reuse[e.lang].pending is None for e in EDITIONS)
            counts = []
            for group in [[e] for e in EDITIONS] if whole else [list(EDITIONS)]:
                counts += self._in_copies(kb, plans, group)
        except ProblemsFound as err:
            print(err.report(), flush=True)
            return False
        except (MkDocsException, BuildFailed) as err:
            print(f"The build failed; still serving the previous site.\n{err}", flush=True)
            return False
        except MachineFault as err:  # a full disk, a read-only folder: one line
            print(err, flush=True)
            return False
        print(
            f"Rebuilt in {time.monotonic() - started:.1f} s ({sum(counts)} changed file(s)).",
            flush=True,
        )
        return True

    def _in_copies(self, kb, plans: dict, editions: list) -> list[int]:
        """The editions rendered at once, each in a copy of this process (_changed), and what
        each copy changed made here: how many files each changed."""
        steps: list[Forked | None] = []
        counts = []
        try:
            for e in editions:
                try:
                    with held():  # started and recorded in one step: the clean-up stops them all
                        steps.append(Forked(_uncollecting, self._changed, kb, plans[e.lang], e))
                except OSError:  # no process to be had (memory, limits): rendered here, below
                    steps.append(None)
            for edition, step in zip(editions, steps, strict=True):
                lang = edition.lang
                try:
                    if step is None:
                        state, count = self._edition(kb, plans[lang], edition)
                        self.reuse[lang] = Reuse(state)
                    else:
                        # What the copy changed in what it was given (nmikb/system/delta.py).
                        changed, pieces, count = step.result()
                        self.reuse[lang] = Reuse(applied(self.reuse[lang].state, changed))
                        self.pieces[lang] = applied(self.pieces[lang], pieces)
                except BaseException:
                    # What that copy changed before it failed is not known here: that edition
                    # is made again whole next time.
                    self.reuse[lang] = Reuse()
                    raise
                counts.append(count)
        finally:
            with held():  # a signal now waits for the end of this clean-up (site/build.py)
                for step in steps:
                    if step is not None:
                        step.stop()
        return counts

    def _changed(self, kb, plan, edition) -> tuple[tuple, tuple, int]:
        """_edition in a copy of this process: what it changed in the edition's kept state and
        parts of the exports, and how many files changed. The copy's state and parts take tens
        of megabytes at 10,000 events, for a few entries that changed: pickled whole at each save,
        here and in the copies (nmikb/system/delta.py says what sending only changes saved)."""
        state, pieces = dict(self.reuse[edition.lang].state), dict(self.pieces[edition.lang])
        after, count = self._edition(kb, plan, edition)
        return changes(state, after), changes(pieces, self.pieces[edition.lang]), count

    def _edition(self, kb, plan, edition) -> tuple[dict, int]:
        """One edition's tree written, and rendered where it changed: what is kept of it (the
        state of its Reuse) and how many files changed."""
        reuse = self.reuse[edition.lang]
        tree = write_tree(
            kb,
            self.root,
            edition,
            self.folder / "trees" / edition.lang,
            self.site / edition.prefix if edition.prefix else self.site,
            reuse,
            plan,
            self.pieces[edition.lang],
            self.events,
        )
        if reuse.pending != set():
            render_edition(
                tree.config,
                reuse,
                strict=False,
                compiled=self.compiled,
                search_entries=self.folder / f"search-entries-{edition.lang}",
            )
        return reuse.state, tree.written + tree.removed


def _uncollecting(fn, *args):
    """fn(*args) without the cycle collector, in a copy that renders a save's pages and ends:
    its scans went over what the copy made (MkDocs' file and page of each of the edition's 13,000
    pages at 10,000 events, each save), to free nothing the copy's end does not free. (Where
    there is no fork, the copy is this process: the collector is on again after.)"""
    collecting = gc.isenabled()
    gc.disable()
    try:
        return fn(*args)
    finally:
        if collecting:
            gc.enable()


class _Collector:
    """How many objects the cycle collector left when it last went over everything, and whether
    it must do so again."""

    def __init__(self) -> None:
        self.after_full: int | None = None
        self.due = True


@contextmanager
def _uncollected(collector: _Collector) -> Iterator[None]:
    """Reading and planning without Python's cycle collector, and what they made left out of its
    scans until the next save (gc.freeze).

    What they make lives until the next save, and with the collector on, its scans went over it
    and over the last save's objects again and again, to free nothing: at 10,000 events half a
    reload's reading and planning (2.3 s instead of 5.4 s without). What a save discards is
    freed when it is dropped, but for objects in cycles: those stay among the frozen ones. Once
    these have grown by half since the collector last went over everything, it does so again,
    first thing at the next save (about a second at 10,000 events).
    """
    if collector.due:
        gc.unfreeze()
        gc.collect()
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        frozen = gc.get_freeze_count()
        if collector.due or collector.after_full is None:
            collector.after_full, collector.due = frozen, False
        else:
            collector.due = frozen > collector.after_full * 3 // 2
        if collecting:
            gc.enable()


def serve(root: Path, host: str, port: int) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    # The server says where it listens and when it sees changes; MkDocs' builds only warn.
    logging.getLogger("mkdocs.livereload").setLevel(logging.INFO)
    check_port(host, port)  # a busy port is said before a build is spent on nothing
    os.environ.setdefault("SOURCE_DATE_EPOCH", source_date_epoch(root))
    workdir = Path(tempfile.mkdtemp(prefix="nmi-kb-serve-"))
    try:
        return _serve(Previewer(root, workdir), host, port)
    finally:
        # Also on Ctrl+C and SIGTERM (nmikb/system/interrupts.py turns both into an exception);
        # held: a signal that comes during the removal waits for its end, not to leave half.
        with held():
            shutil.rmtree(workdir, ignore_errors=True)


def _serve(preview: Previewer, host: str, port: int) -> int:
    if not preview.rebuild():
        print("Nothing to serve yet: fix the problems above and run `make serve` again.")
        return 1
    server = QuietServer(builder=preview.rebuild, host=host, port=port, root=str(preview.site))
    server.watch_project(preview.root, WATCHED)
    print(
        f"Serving English at http://{host}:{port}/ and French at http://{host}:{port}/fr/ "
        "— Ctrl+C to stop.",
        flush=True,
    )
    try:
        server.serve()
    except OSError as err:  # the port was taken while the first build ran
        raise PortUnavailable(explain(err, host, port)) from None
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
    return 0
