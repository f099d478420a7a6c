"""Build both language editions into a fresh folder, check them, then swap it in atomically.

Each edition is generated as a complete Markdown tree (tree.py), then rendered by a plain
`mkdocs build --strict` of that tree (or another engine's strict build, engines.py). A forked
copy of the build writes the French tree while this one writes the English tree, and each
edition is finished (pruned, its search split, its links scanned) by another as soon as it is
built, so that both cores work throughout.

A failed `mkdocs build --strict` exits 1 but leaves a broken site_dir behind, after deleting the
previous one. Here nothing touches the published folder until both editions built without a
warning; then one atomic rename exchanges old and new, so a reader, a server or a build killed
at any moment sees either the whole old site or the whole new one.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from nmikb.data.problems import ProblemsFound
from nmikb.edition.editions import EDITIONS, Edition
from nmikb.knowledge.base import KnowledgeBase
from nmikb.knowledge.load import load_knowledge_base
from nmikb.system.interrupts import held
from nmikb.system.oserrors import MachineFault, fault_in_output, machine_faults

from .archive import finish as finish_archive
from .config import site_path
from .engines import DEFAULT, ENGINES, Engine
from .history import source_date_epoch
from .linkcheck import Scanned, broken_links, scan_pages
from .outdir import check_output_folder, write_marker
from .searchindex import shard_search_index
from .slim import slim_edition
from .swap import replace_folder
from .tree import write_tree


class BuildFailed(Exception):
    """The site could not be built; the message says why, the previous site is untouched."""


@dataclass
class BuildResult:
    kb: KnowledgeBase
    site: Path
    seconds: float
    pages: int
    bytes: int


def build_site(
    root: Path, out: Path, kb: KnowledgeBase | None = None, engine: str = DEFAULT
) -> BuildResult:
    """Validate, build both editions with `engine` (a name of engines.ENGINES), check, and swap
    into `out`.

    Raises UnsafeOutput (a folder no build may replace), ProblemsFound, BuildFailed or MachineFault.
    """
    started = time.monotonic()
    root, out = Path(root).resolve(), Path(out).absolute()
    # Before anything else: a build replaces its output folder whole (UnsafeOutput if it must not).
    check_output_folder(root, out)
    # Validating first gives the editor our located messages, not MkDocs' noise around them.
    kb = kb or load_knowledge_base(root, drafts=False)
    with machine_faults():  # a full disk or a read-only folder: one line (MachineFault)
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = None
        try:
            with held():  # made and known together, so that the clean-up below removes it
                staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-build-", dir=out.parent))
            scanned = _build_editions(kb, root, staging, ENGINES[engine])
            write_marker(staging / "site")
            # The offline archive holds the finished site, so it comes last (archive.py). It
            # changes no link of the pages scanned before (the Data pages get its size only).
            finish_archive(staging / "site", root, int(source_date_epoch(root)))
            broken = broken_links(staging / "site", site_path(root), scanned)
            if broken:
                raise BuildFailed("links that lead nowhere:\n" + "\n".join(broken))
            _swap_in(staging, out)
        finally:
            if staging is not None:
                shutil.rmtree(staging, ignore_errors=True)
    files = [p for p in out.rglob("*") if p.is_file()]
    return BuildResult(
        kb,
        out,
        time.monotonic() - started,
        sum(1 for p in files if p.suffix == ".html"),
        sum(p.stat().st_size for p in files),
    )


def mkdocs_env(root: Path) -> dict:
    return dict(
        os.environ,
        SOURCE_DATE_EPOCH=source_date_epoch(root),
        NO_MKDOCS_2_WARNING="1",
        PYTHONHASHSEED="0",
    )


def mkdocs_build(config: Path, site_dir: Path, env: dict) -> subprocess.Popen:
    """A plain, strict MkDocs build of one generated tree, started in the background."""
    return ENGINES[DEFAULT].start(config, site_dir, env)


def _edition_dir(staging: Path, edition: Edition) -> Path:
    return staging / "editions" / (edition.prefix or "_root")


def _build_editions(kb: KnowledgeBase, root: Path, staging: Path, engine: Engine) -> Scanned:
    """Build every edition into staging/site; return its pages' links, scanned (linkcheck.py)."""
    env = mkdocs_env(root)
    # Each edition renders in its own process (MkDocs empties its site_dir first), while the next
    # edition's tree is written, and each is finished (pruned, its search index split, its links
    # scanned) as soon as it is built, while the next one still renders: both cores work.
    runs = []
    errors = []
    scanned: Scanned = {}
    # The other editions' trees are written by forked copies of this process while this one
    # writes the first, and each edition is finished by one as soon as it is built, so that
    # both cores work throughout (_Forked).
    forked: list[_Forked] = []
    # Each run writes its output to files, not pipes: a run whose pipe were full would wait for
    # the one before it to be built and finished, and no thread reads while this process forks.
    logs = [
        (
            tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace"),
            tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace"),
        )
        for _ in EDITIONS
    ]
    try:
        for e in EDITIONS[1:]:
            trees = staging / "trees" / e.lang
            # Started and recorded in one step (held): the clean-up below stops every process.
            with held():
                forked.append(_Forked(write_tree, kb, root, e, trees, _edition_dir(staging, e)))
        for n, edition in enumerate(EDITIONS):
            target = _edition_dir(staging, edition)
            if n:
                tree = forked[n - 1].result()
            else:
                try:
                    tree = write_tree(kb, root, edition, staging / "trees" / edition.lang, target)
                except ProblemsFound as err:  # a hand-written page: the data itself was valid
                    raise BuildFailed(err.report()) from None
            with held():
                runs.append((edition, tree, engine.start(tree.config, target, env, logs[n])))
        for (edition, tree, proc), log in zip(runs, logs, strict=True):
            proc.wait()
            stdout, stderr = (_read_back(f) for f in log)
            if proc.returncode != 0:
                fault = fault_in_output(stdout + stderr)
                if fault:
                    raise MachineFault(fault)
                named = "" if engine.name == DEFAULT else f" ({engine.name})"
                errors.append(f"{edition.config}{named}:\n{engine.messages(stdout + stderr)}")
            elif not errors:
                engine.finish(tree.config, _edition_dir(staging, edition))
                folder = _edition_dir(staging, edition)
                with held():
                    forked.append(_Forked(_finish_edition, folder, edition, engine))
        if not errors:
            for finishing in forked[len(EDITIONS) - 1 :]:
                scanned |= finishing.result()
    finally:
        # Interrupted or failed: stop the other run before its folder is removed under it.
        for _, _, proc in runs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        for log in logs:
            for f in log:
                f.close()
        for step in forked:
            step.stop()
    if errors:
        raise BuildFailed("\n".join(errors))
    site = staging / "site"
    default = EDITIONS[0]
    _edition_dir(staging, default).rename(site)
    for edition in EDITIONS[1:]:
        _edition_dir(staging, edition).rename(site / edition.prefix)
        # Servers show the root 404 page at any address; another edition's copy would only confuse.
        (site / edition.prefix / "404.html").unlink(missing_ok=True)
        scanned.pop(f"{edition.prefix}/404.html", None)
    return scanned


def _read_back(f: IO[str]) -> str:
    f.seek(0)
    return f.read()


class _Forked:
    """fn(*args) in a forked copy of this process, which has everything loaded already: only the
    answer is pickled. Where fork is missing, fn runs right away, in this process."""

    def __init__(self, fn: Callable, *args) -> None:
        self.process = None
        if "fork" not in multiprocessing.get_all_start_methods():
            self.answer = _call(fn, args)
            return
        context = multiprocessing.get_context("fork")
        self.pipe, sender = context.Pipe(duplex=False)
        self.process = context.Process(target=_call_and_send, args=(sender, fn, args))
        self.process.start()
        sender.close()

    def result(self):
        if self.process is not None:
            try:
                self.answer = self.pipe.recv()
            except EOFError:  # it died without a word (killed)
                raise BuildFailed("a step of the build stopped unexpectedly") from None
            self.process.join()
            self.process = None
        kind, value = self.answer
        if kind == "raise":
            assert isinstance(value, BaseException)
            raise value
        return value

    def stop(self) -> None:
        if self.process is not None:
            if self.process.is_alive():
                self.process.kill()
            self.process.join()
            self.pipe.close()
            self.process = None


def _call(fn: Callable, args: tuple) -> tuple[str, object]:
    try:
        return ("value", fn(*args))
    except ProblemsFound as err:  # a hand-written page: the data itself was valid
        return ("raise", BuildFailed(err.report()))
    except Exception as err:
        return ("raise", err)


def _call_and_send(sender, fn: Callable, args: tuple) -> None:
    # Ctrl+C reaches the whole process group: the build says it stopped, once, and stops this copy
    # itself (_Forked.stop); SIGTERM ends it without a word.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    answer = _call(fn, args)
    try:
        sender.send(answer)
    except Exception:  # an exception that cannot be pickled: raised again as its description
        sender.send(("raise", BuildFailed(f"a step of the build failed: {answer[1]!r}")))


def _finish_edition(folder: Path, edition: Edition, engine: Engine) -> Scanned:
    """Before the editions nest, each is pruned and indexed on its own; its pages are then final,
    and scanned for the link check, by their paths in the nested site."""
    slim_edition(folder, edition.lang, theme=engine.material_output)
    if engine.material_output:  # Material's search index, which other engines do not write
        shard_search_index(folder, edition.lang)
    return scan_pages(folder, edition.prefix + "/" if edition.prefix else "")


def _swap_in(staging: Path, out: Path) -> None:
    # The old site ends in the staging folder, which is removed after.
    replace_folder(staging / "site", out, staging / "old")
