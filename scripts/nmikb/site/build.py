"""Build both language editions, check them, then swap them into the output folder atomically.

Each edition is generated as a complete Markdown tree (tree.py), rendered by MkDocs (or another
engine, engines.py), and finished (finish.py: unused theme CSS pruned, search index split,
links checked); then the offline archive is made (archive.py). A forked copy of the build writes
the French tree while this one writes the English tree, and each edition is finished by another
as soon as it is rendered, so that both cores work throughout.

A build keeps what it made in .build/kept/ (kept.py), and the next one redoes only what its
changes touch: pages of the trees whose data changed (reuse.py), pages MkDocs renders again
(mkdocs_run.py), files finished again, pieces of the archive compressed again. Its output is
byte for byte what a build from nothing makes (tests/test_incremental.py).

A failed `mkdocs build --strict` exits 1 but leaves a broken site_dir behind, after deleting the
previous one. Here nothing touches the published folder until both editions built without a
warning and every link leads somewhere: the new site is assembled in a fresh folder beside it,
of links to the kept site's files (which are never written in place: a published file keeps its
bytes), and one atomic rename exchanges old and new, so a reader, a server or a build killed at
any moment sees either the whole old site or the whole new one.
"""

from __future__ import annotations

import gc
import json
import marshal
import multiprocessing
import os
import shutil
import subprocess
import tempfile
import time
import zlib
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import IO

from nmikb.data.problems import ProblemsFound
from nmikb.edition.address import ARCHIVE
from nmikb.edition.editions import EDITIONS, PREFIX, Edition
from nmikb.knowledge.base import KnowledgeBase
from nmikb.knowledge.load import load_knowledge_base
from nmikb.pages.handwritten import hand_written_names
from nmikb.pages.page import Page
from nmikb.pages.plan import Outline, edition_plan, outline, plan_problems, with_stand_ins
from nmikb.pages.render import compile_templates
from nmikb.pages.types.data import DATA_PAGE
from nmikb.system.interrupts import held
from nmikb.system.oserrors import MachineFault, fault_in_output, machine_faults

from .archive import Part, make_part, show_archive_facts, wanted
from .archive import finish as finish_archive
from .config import sidebar, site_path
from .edition_state import Reuse
from .engines import DEFAULT, ENGINES, PLAIN, Engine
from .finish import Edition as Finishing
from .finish import Finished, finish_edition
from .forked import BuildFailed, Forked
from .history import source_date_epoch
from .kept import Kept, code_version, write_new
from .linkcheck import line_of, listing, problem, scan
from .outdir import MARKER, MARKER_TEXT, check_output_folder
from .swap import replace_folder
from .tree import write_tree


@dataclass
class BuildResult:
    kb: KnowledgeBase
    site: Path
    seconds: float
    pages: int
    bytes: int
    # What each step took, in seconds; the steps of both editions added (a step runs in each).
    steps: dict[str, float] = field(default_factory=dict)


def build_site(
    root: Path,
    out: Path,
    kb: KnowledgeBase | None = None,
    engine: str = DEFAULT,
    clean: bool = False,
) -> BuildResult:
    """Validate, build both editions with `engine` (a name of engines.ENGINES), check, and swap
    into `out`. `clean`: use nothing kept from earlier builds (.build/kept/ is emptied but for
    the data files as read, and every data file is read again and remembered anew there).

    Raises UnsafeOutput (a folder no build may replace), ProblemsFound, BuildFailed or MachineFault.
    """
    started = time.monotonic()
    steps = _Steps()
    root, out = Path(root).resolve(), Path(out).absolute()
    # Before anything else: a build replaces its output folder whole (UnsafeOutput if it must not).
    check_output_folder(root, out)
    # Validating first gives the editor our located messages, not MkDocs' noise around them.
    kb = kb or steps.run(
        "validate",
        lambda: load_knowledge_base(root, drafts=False, remember=True, lasting=True, fresh=clean),
    )
    with machine_faults():  # a full disk or a read-only folder: one line (MachineFault)
        out.parent.mkdir(parents=True, exist_ok=True)
        with Kept(root, code_version(root, engine), clean).opened() as kept, ExitStack() as hold:
            staging = None
            swapped = False
            counted = None
            try:
                with held():  # made and known together, so that the clean-up below removes it
                    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-build-", dir=out.parent))
                staged = staging / "site"
                compile_templates(kept.path("jinja-pages"))
                finished, parts = _build_editions(kb, root, kept, ENGINES[engine], steps)
                site = kept.path("site")
                # The offline archive holds the finished site, so it comes last (archive.py): of
                # the parts each edition's finishing made, and of the data's. It changes no link
                # of the pages (the Data pages get its size only).
                facts = steps.run(
                    "archive",
                    lambda: finish_archive(
                        site, root, int(source_date_epoch(root)), kept.path("archive"), parts
                    ),
                )
                spare = kept.path(SPARE)
                added = steps.run("stage", lambda: _stage(site, staged, facts, spare))
                # What the site holds, from what the archive's parts found: listing and stating
                # its 66,000 files again took 0.15 s at 10,000 events.
                if facts is not None and parts.keys() == {e.lang for e in EDITIONS}:
                    counted = (
                        sum(part.pages for part in parts.values()),
                        sum(part.size for part in parts.values())
                        + facts[0]
                        + added
                        + len(MARKER_TEXT.encode("utf-8")),
                    )
                broken = steps.run("links", lambda: _broken(finished, site, root))
                if broken:
                    raise BuildFailed("links that lead nowhere:\n" + "\n".join(broken))
                # From the swap on, a signal waits for the end of the clean-up below (`hold` is
                # left after it). One that came right as the new site went in was raised as the
                # clean-up began, before its own held(), which then never ran: the old site stayed
                # behind in the staging folder.
                hold.enter_context(held())
                _swap_in(staging, out)
                swapped = True
            finally:
                # Held: a signal that comes while the folder is being removed (the old site is in
                # it after a swap: thousands of files) would otherwise stop the removal halfway
                # and leave the rest behind. It is raised once the folder is gone.
                with held():
                    if staging is not None:
                        if not kept.renewed:
                            _keep_spare(staging / "old", kept.path(SPARE))
                        elif swapped:
                            _new_spare(site, kept.path(SPARE))
                        shutil.rmtree(staging, ignore_errors=True)
    pages, size = counted or _counted(out)
    return BuildResult(kb, out, time.monotonic() - started, pages, size, steps.seconds)


def _counted(site: Path) -> tuple[int, int]:
    """The pages of a site and its bytes, counted file by file."""
    pages = size = 0
    for folder, _dirs, names in os.walk(site):
        pages += sum(1 for n in names if n.endswith(".html"))
        size += sum(os.stat(os.path.join(folder, n)).st_size for n in names)
    return pages, size


class _Steps:
    """What each step took."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    def run(self, name: str, fn: Callable):
        at = time.perf_counter()
        try:
            return fn()
        finally:
            self.add(name, time.perf_counter() - at)

    def add(self, name: str, seconds: float) -> None:
        self.seconds[name] = self.seconds.get(name, 0.0) + seconds


def _planned(
    kb: KnowledgeBase, root: Path, edition: Edition, others: list[Connection], steps: _Steps
) -> list[Page]:
    """The first edition's pages, planned while each copy in `others` plans its own edition
    (_plan_then_write), once every link the plan gives a page of any edition (language
    switcher, pager, sidebar) is known to lead to a page; BuildFailed naming each fault
    otherwise, in seconds, before anything is rendered (the link check of the finished site, at
    the end, checks every link of the HTML again). The copies are then told whether to go on.

    Planning an edition took 0.4-0.6 s at 10,000 events, and both were planned here one after
    the other, while the other core waited. The editions' paths are exchanged, for the
    stand-ins (nmikb.pages.plan.site_plan), then what the check reads of each page (Outline)."""
    at = time.perf_counter()
    plan = edition_plan(kb, edition.lang)
    paths = {edition.lang: {page.path for page in plan}}
    paths.update((lang, _received(link)) for lang, link in _langs(others))
    for lang, link in _langs(others):
        _send(link, [there for other, there in paths.items() if other != lang])
    plan = with_stand_ins(plan, [there for lang, there in paths.items() if lang != edition.lang])
    plans: dict[str, list[Page] | list[Outline]] = {edition.lang: plan}
    plans.update((lang, _received(link)) for lang, link in _langs(others))
    more = {DATA_PAGE, *hand_written_names(root)}
    problems = plan_problems(plans, {lang: more for lang in plans}, sidebar(root))
    steps.add("plan", time.perf_counter() - at)
    for link in others:
        _send(link, not problems)
    if problems:
        raise BuildFailed(
            "the page plan has links that lead nowhere (nothing was rendered):\n"
            + "\n".join(problems)
        )
    return plan


def _langs(links: list[Connection]) -> list[tuple[str, Connection]]:
    # The copies' links, in the order of their editions (the others than the first).
    return [(e.lang, link) for e, link in zip(EDITIONS[1:], links, strict=True)]


class _CopyStopped(Exception):
    """A copy that plans an edition ended before it answered: its own error says why."""

    def __init__(self, link: Connection) -> None:
        super().__init__()
        self.link = link


def _received(link: Connection):
    try:
        return link.recv()
    except (EOFError, OSError):  # it ended (an error, which its result holds, or killed)
        raise _CopyStopped(link) from None


def _send(link: Connection, value) -> None:
    try:
        link.send(value)
    except OSError:  # it ended: a broken pipe, or the connection reset by its end
        raise _CopyStopped(link) from None


def _plan_then_write(
    link: Connection,
    ours: Connection,
    kb: KnowledgeBase,
    root: Path,
    edition: Edition,
    kept: Kept,
    gc_on: bool,
) -> tuple[object, float] | None:
    """In the copy that writes `edition`'s tree: its pages planned and their paths sent, the
    other editions' paths received and the stand-ins set, what the check reads sent back
    (_planned); then, told that the plan holds, its tree written (None if it does not).

    The first process's end of the link (`ours`), which this copy holds too, is closed here, so
    that this copy's link ends when that process ends however it ends; and this copy's end is
    closed before its answer is sent back: an error it raised, told in more than a pipe holds
    (64 KiB), waited for the first process to read it, which waited for the link to end."""
    ours.close()
    try:
        plan = edition_plan(kb, edition.lang)
        link.send({page.path for page in plan})
        plan = with_stand_ins(plan, link.recv())
        link.send(outline(plan))
        # The plan made, as in the first edition's process: its objects are frozen (build_site).
        gc.freeze()
        if gc_on:
            gc.enable()
        if not link.recv():
            return None
    finally:
        link.close()
    return _write_tree(kb, root, edition, kept, plan)


def mkdocs_env(root: Path) -> dict:
    return dict(
        os.environ,
        SOURCE_DATE_EPOCH=source_date_epoch(root),
        NO_MKDOCS_2_WARNING="1",
        PYTHONHASHSEED="0",
    )


def mkdocs_build(config: Path, site_dir: Path, env: dict) -> subprocess.Popen:
    """A plain, strict MkDocs build of one generated tree, started in the background."""
    return PLAIN.start(config, site_dir, env)


def _rendered(kept: Kept, edition: Edition) -> Path:
    return kept.path("rendered", edition.prefix or "_root")


def _state(kept: Kept, edition: Edition) -> Path:
    return kept.path(f"edition-{edition.lang}.json")


def _write_tree(
    kb: KnowledgeBase,
    root: Path,
    edition: Edition,
    kept: Kept,
    plan: list[Page],
) -> tuple[object, float]:
    """One edition's tree, from what the kept one was written from (reuse.py) and the parts of
    its exports kept by the last build (nmikb/exports/pieces.py)."""
    at = time.perf_counter()
    state_file = _state(kept, edition)
    try:
        state = json.loads(state_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        state = {}
    # Tens of megabytes at 10,000 events, of plain strings and lists: marshal reads and writes
    # them ten times faster than JSON. Its format is Python's own, and the kept folder is made
    # again whole under another Python (kept.code_version). In shards by record, so that an edit
    # of one record writes one shard again, not 62 MB (0.2 s of a one-event build's tree).
    pieces_folder = kept.path(f"pieces-{edition.lang}")
    pieces: dict = {}
    for shard in range(PIECE_SHARDS):
        try:
            pieces.update(marshal.loads((pieces_folder / f"{shard:02d}.marshal").read_bytes()))
        except (OSError, ValueError, EOFError, TypeError):
            pass  # none kept, or unreadable: its records' parts are made again, and it is written

    def save(state: dict) -> None:
        write_new(state_file, json.dumps(state, ensure_ascii=False).encode("utf-8"))

    tree = write_tree(
        kb,
        root,
        edition,
        kept.path("trees", edition.lang),
        _rendered(kept, edition),
        Reuse(state, save),
        plan,
        pieces,
    )
    shards = {piece_shard(key) for key in tree.pieces_changed}
    if shards:
        pieces_folder.mkdir(exist_ok=True)
        held: dict[int, dict] = {shard: {} for shard in shards}
        for key, value in pieces.items():
            if (shard := piece_shard(key)) in held:
                held[shard][key] = value
        for shard, part in held.items():
            write_new(pieces_folder / f"{shard:02d}.marshal", marshal.dumps(part))
    return tree, time.perf_counter() - at


# The shards of the parts of the exports kept between builds (_write_tree), by record.
PIECE_SHARDS = 32


def piece_shard(key: str) -> int:
    # A part's key is "part:folder/id": every part of a record goes in the record's shard.
    return zlib.crc32(key.partition(":")[2].encode("utf-8")) % PIECE_SHARDS


def _build_editions(
    kb: KnowledgeBase,
    root: Path,
    kept: Kept,
    engine: Engine,
    steps: _Steps,
) -> tuple[list[Finished], dict[str, Part]]:
    """Build every edition into the kept site; return what finishing each found, and the parts
    of the archive made meanwhile, by edition (archive.make_part)."""
    env = mkdocs_env(root)
    root_path = site_path(root)
    runs = []
    errors = []
    # The other editions' trees are written by forked copies of this process while this one
    # writes the first, and each edition is finished by one as soon as it is rendered, so that
    # both cores work throughout (Forked).
    forked: list[Forked] = []
    finishing: list[Forked] = []
    # Each run writes its output to files, not pipes: a run whose pipe were full would wait for
    # the one before it to be built and finished, and no thread reads while this process forks.
    logs = [
        (
            tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace"),
            tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace"),
        )
        for _ in EDITIONS
    ]
    # The knowledge base and the plan live as long as the build: Python's cycle collector need
    # not scan their million objects, neither while the plan is made (1.2 s instead of 1.85 s at
    # 10,000 events) nor again each time the pages' rendering makes garbage (half a second each
    # time at 10,000 events). The copies are made with it off, and turn it on as this process
    # does once they planned.
    collecting = gc.isenabled()
    gc.disable()
    links: list[Connection] = []
    try:
        try:
            for e in EDITIONS[1:]:
                ours, theirs = multiprocessing.get_context("fork").Pipe()
                # Started and recorded in one step (held): the clean-up below stops every process.
                with held():
                    forked.append(
                        Forked(_plan_then_write, theirs, ours, kb, root, e, kept, collecting)
                    )
                theirs.close()
                links.append(ours)
            plan = _planned(kb, root, EDITIONS[0], links, steps)
        except _CopyStopped as stopped:
            forked[links.index(stopped.link)].result()  # raises what stopped it
            raise BuildFailed("a step of the build stopped unexpectedly") from None
        finally:
            gc.freeze()
            if collecting:
                gc.enable()
        for n, edition in enumerate(EDITIONS):
            if n:
                tree, seconds = forked[n - 1].result()
            else:
                try:
                    tree, seconds = _write_tree(kb, root, edition, kept, plan)
                except ProblemsFound as err:  # a hand-written page: the data itself was valid
                    raise BuildFailed(err.report()) from None
            steps.add("trees", seconds)
            with held():  # started and recorded in one step: the clean-up below stops it
                proc = engine.start(
                    tree.config, _rendered(kept, edition), env, logs[n], _state(kept, edition)
                )
                runs.append((edition, tree, proc, time.perf_counter()))
        for (edition, tree, proc, at), log in zip(runs, logs, strict=True):
            proc.wait()
            steps.add("mkdocs", time.perf_counter() - at)
            stdout, stderr = (_read_back(f) for f in log)
            if proc.returncode != 0:
                fault = fault_in_output(stdout + stderr)
                if fault:
                    raise MachineFault(fault)
                named = "" if engine.name == DEFAULT else f" ({engine.name})"
                errors.append(f"{edition.config}{named}:\n{engine.messages(stdout + stderr)}")
            elif not errors:
                engine.finish(tree.config, _rendered(kept, edition))
                default = edition == EDITIONS[0]
                with held():  # started and recorded in one step, as above
                    finishing.append(
                        Forked(
                            _finish,
                            kept,
                            root,
                            int(env["SOURCE_DATE_EPOCH"]),
                            Finishing(
                                rendered=_rendered(kept, edition),
                                final=kept.path("site", edition.prefix),
                                lang=edition.lang,
                                prefix=PREFIX[edition.lang],
                                theme=engine.material_output,
                                # Servers show the root 404 page at any address; another edition's
                                # copy would only confuse.
                                skip=frozenset() if default else frozenset({"404.html"}),
                                others=frozenset(
                                    {ARCHIVE, *(e.prefix for e in EDITIONS if e.prefix)}
                                    if default
                                    else ()
                                ),
                            ),
                            kept.path(f"finish-{edition.lang}.json"),
                            root_path,
                        )
                    )
        done = [step.result() for step in finishing] if not errors else []
    finally:
        # Interrupted or failed: stop the other run before its folder is removed under it. Held:
        # a first signal that comes during this clean-up waits for its end, not to leave a
        # process running.
        with held():
            for _, _, proc, _ in runs:
                if proc.poll() is None:
                    proc.kill()
                    proc.wait()
            for log in logs:
                for f in log:
                    f.close()
            for step in forked + finishing:
                step.stop()
            for link in links:
                link.close()
    if errors:
        raise BuildFailed("\n".join(errors))
    for finished, _part in done:
        for name, seconds in finished.seconds.items():
            steps.add(f"finish.{name}", seconds)
    parts = {e.lang: part for e, (_, part) in zip(EDITIONS, done, strict=True) if part is not None}
    return [finished for finished, _ in done], parts


def _finish(
    kept: Kept, root: Path, epoch: int, edition: Finishing, state_file: Path, root_path: str
) -> tuple[Finished, Part | None]:
    """Finish an edition (finish.py), then make its part of the archive (archive.py): the copy
    that finishes one edition compresses its files while the other edition is being finished,
    and the archive is put together from the parts once both are. A site without an archive,
    or an edition whose links fail the build: no part."""
    finished = finish_edition(edition, state_file, root_path)
    if finished.problems or not wanted(edition.final):
        return finished, None
    at = time.perf_counter()
    part = make_part(edition.lang, kept.path("site"), root, epoch, kept.path("archive"))
    finished.seconds["archive"] = time.perf_counter() - at
    return finished, part


# The site the last build replaced, kept for the next build to stage in (_stage): its files are
# links to the kept site's files of the build before, most of which a small change leaves as they
# were. Linking every file of a new folder and removing every file of the old site took 2.8 s of a
# one-event build at 10,000 events (26,000 files); bringing the spare up to date, a few tenths.
SPARE = "spare-site"


def _stage(
    site: Path, staging: Path, facts: tuple[int, str] | None, spare: Path | None = None
) -> int:
    """The site to publish, in a new folder: a link to each file of the kept site (which a build
    never writes in place), the Data pages with the archive's figures, and the marker. The
    `spare` site, when there is one on the same file system, becomes that folder, brought up to
    date: a file that is already a link to the kept one stays, any other is replaced or removed.
    Returns the bytes the archive's figures added to the Data pages."""
    try:
        os.rename(spare, staging) if spare is not None else os.mkdir(staging)
    except OSError:  # none kept, or on another file system than the site: a new folder
        os.mkdir(staging)
    _sync(str(site), str(staging))
    added = show_archive_facts(staging, *facts) if facts is not None else 0
    (staging / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    return added


def _sync(source: str, target: str, copy: bool = True) -> None:
    """Make the folder `target` hold a link to each file of `source` (names starting with a dot
    left out: files being written), and nothing else. Paths as strings and directory entries,
    whose inode comes with the listing: tens of thousands of files, and a Path object or a stat
    each would cost more than the link. Where a file cannot be linked, a copy; without `copy`,
    OSError (a spare of copies would be thrown away file by file by the build that takes it)."""
    held = {entry.name: entry for entry in os.scandir(target)}
    for entry in os.scandir(source):
        if entry.name.startswith("."):
            continue
        dest = os.path.join(target, entry.name)
        old = held.pop(entry.name, None)
        if entry.is_dir(follow_symlinks=False):
            if old is not None and not old.is_dir(follow_symlinks=False):
                _remove(old)
                old = None
            if old is None:
                os.mkdir(dest)
            _sync(entry.path, dest, copy)
            continue
        if old is not None:
            if not old.is_dir(follow_symlinks=False) and old.inode() == entry.inode():
                continue  # a link to this very file already
            _remove(old)
        if copy:
            _link(entry.path, dest)
        else:
            os.link(entry.path, dest)
    for old in held.values():  # not in the site (any more)
        _remove(old)


def _remove(entry: os.DirEntry) -> None:
    if entry.is_dir(follow_symlinks=False):
        shutil.rmtree(entry.path)
    else:
        os.unlink(entry.path)


def _keep_spare(old: Path, spare: Path) -> None:
    """The site a build replaced becomes the next build's spare (SPARE), when the kept folder is
    on its file system; else it is removed with the staging folder. Not after a build that kept
    nothing from the one before (Kept.renewed: a clean build, a new code version): the replaced
    site's files would be links to files no longer kept, every one to be replaced, and freeing
    them then cost the next build 10 s at 10,000 events instead of this one (_new_spare
    instead)."""
    if not old.is_dir():
        return
    shutil.rmtree(spare, ignore_errors=True)  # a spare not taken: on another file system
    try:
        os.rename(old, spare)
    except OSError:
        pass


def _new_spare(site: Path, spare: Path) -> None:
    """After a build that kept nothing from the one before (_keep_spare), a spare made anew: a
    link to each file of the kept site, as the site just published holds. The next build then
    links again only the files it changed, instead of all of them (0.8 s at 10,000 events: the
    first build after a clean one, or after a new code version, is what an editor waits for).
    A spare cut short is still a spare: the build that takes it brings it up to date (_sync)."""
    shutil.rmtree(spare, ignore_errors=True)
    try:
        os.mkdir(spare)
        _sync(str(site), str(spare), copy=False)
    except OSError:  # a help, not a condition: the next build links every file
        shutil.rmtree(spare, ignore_errors=True)


def _link(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:  # another file system, or one without links: a copy
        shutil.copy2(source, target)


def _broken(finished: list[Finished], site: Path, root: Path) -> list[str]:
    """The links that lead nowhere: those each edition found, and those that leave an edition,
    checked against the whole site."""
    files = listing(site)
    scans: dict[str, set[str]] = {}

    def ids(rel: str) -> set[str]:
        if rel not in scans:
            scans[rel] = scan((site / rel).read_bytes())[0] if (site / rel).is_file() else set()
        return scans[rel]

    broken = []
    for done in finished:
        broken += done.problems
        for page, links in sorted(done.outward.items()):
            for link, target, anchor, at in links:
                found = problem(target, anchor, files, ids)
                if found:
                    line = line_of((site / page).read_bytes(), at)
                    broken.append(f"{page}:{line}: {link} — {found}")
    return broken


def _read_back(f: IO[str]) -> str:
    f.seek(0)
    return f.read()


def _swap_in(staging: Path, out: Path) -> None:
    # The old site ends in the staging folder, which is removed after.
    replace_folder(staging / "site", out, staging / "old")
