"""`make serve`: both editions on one local server, rebuilt when data, pages or code change.

A save rebuilds only what it changed: the knowledge base is validated again, each edition's
Markdown tree is rewritten where its pages changed (generate.py keeps the others untouched),
and MkDocs renders the changed pages only (its own "dirty" build, in this process). The first
build and any change of the theme or configuration render everything. A broken edit keeps the
last good site on screen and prints what is wrong.

What a dirty build does not redo, and a preview can live without: pages that only link to a
changed page keep their old link text until they change themselves, and search knows the pages
rendered since the server started. `make site` always builds everything.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from . import render
from .build import source_date_epoch
from .generate import write_tree
from .liveserver import PortUnavailable, QuietServer, check_port, explain
from .load import load_knowledge_base
from .oserrors import MachineFault
from .problems import ProblemsFound
from .registry import EDITIONS

WATCHED = ("data", "docs", "scripts", "seeds", "mkdocs.yml", "mkdocs.fr.yml")


class Previewer:
    """Keeps a preview of both editions in `folder`: trees under trees/, the site under site/."""

    def __init__(self, root: Path, folder: Path):
        self.root, self.folder = Path(root), Path(folder)
        self.site = self.folder / "site"
        self.full = True  # the next build renders everything
        self.code = self._code_stamp()
        self.files: dict = {}  # data files read and validated, kept until they change

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
            self.code, self.full = code, True
            render.labels.cache_clear()
            render.environment.cache_clear()
        try:
            kb = load_knowledge_base(self.root, cache=self.files)
            counts = []
            for edition in EDITIONS:
                target = self.site / edition.prefix if edition.prefix else self.site
                tree = write_tree(
                    kb, self.root, edition, self.folder / "trees" / edition.lang, target
                )
                if tree.written or tree.removed or self.full:
                    self._render(tree.config, dirty=not self.full)
                counts.append(tree.written)
        except ProblemsFound as err:
            print(err.report(), flush=True)
            return False
        except MkDocsException as err:
            print(f"The build failed; still serving the previous site.\n{err}", flush=True)
            self.full = True
            return False
        except MachineFault as err:  # a full disk, a read-only folder: one line
            print(err, flush=True)
            self.full = True
            return False
        self.full = False
        print(
            f"Rebuilt in {time.monotonic() - started:.1f} s ({sum(counts)} changed file(s)).",
            flush=True,
        )
        return True

    def _render(self, config_file: Path, dirty: bool) -> None:
        config = load_config(str(config_file), strict=False)
        # The language switcher links editions by relative paths: each edition keeps its folder.
        mkdocs_build(config, dirty=dirty)


class _QuietDirty(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        # MkDocs warns on every dirty build that links may be stale: said once, in this module.
        return "'dirty' build" not in record.getMessage()


def serve(root: Path, host: str, port: int) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    # The server says where it listens and when it sees changes; MkDocs' builds only warn.
    logging.getLogger("mkdocs.livereload").setLevel(logging.INFO)
    logging.getLogger("mkdocs.commands.build").addFilter(_QuietDirty())
    check_port(host, port)  # a busy port is said before a build is spent on nothing
    os.environ.setdefault("SOURCE_DATE_EPOCH", source_date_epoch(root))
    workdir = Path(tempfile.mkdtemp(prefix="nmi-kb-serve-"))
    try:
        return _serve(Previewer(root, workdir), host, port)
    finally:
        # Also on Ctrl+C and SIGTERM (scripts/nmikb/interrupts.py turns both into an exception).
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
