"""`make serve`: both editions on one local server, rebuilt when data, pages or code change.

A save rebuilds only what it changed: the knowledge base is validated again, the pages the
edit can change are rendered again (nmikb/site/reuse.py says which), each edition's Markdown tree
is rewritten where its pages changed (nmikb/site/tree.py keeps the others untouched), and MkDocs
renders the changed pages only (its own "dirty" build, in this process). The first build and any
change of the theme or configuration render everything. A broken edit keeps the
last good site on screen and prints what is wrong.

What a dirty build leaves stale (sidebar titles, the sitemap's alternates, the search entries
of pages it does not render, pages of deleted records) is completed here (_Complete), so that
after any edit the preview is byte for byte what a preview built from scratch on the same data
shows (tests/test_serve.py checks it for each kind of edit). `make site` always builds
everything, and also prunes, splits the search index and archives, which a preview does without.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import time
from pathlib import Path

import jinja2
import jinja2.bccache
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from nmikb.data.problems import ProblemsFound
from nmikb.edition import labels
from nmikb.edition.editions import EDITIONS
from nmikb.knowledge.load import load_knowledge_base
from nmikb.pages import render
from nmikb.site.history import source_date_epoch
from nmikb.site.reuse import Reuse
from nmikb.site.tree import Tree, write_tree
from nmikb.system.oserrors import MachineFault

from .server import PortUnavailable, QuietServer, check_port, explain

WATCHED = ("data", "docs", "scripts", "seeds", "mkdocs.yml", "mkdocs.fr.yml")


class Previewer:
    """Keeps a preview of both editions in `folder`: trees under trees/, the site under site/."""

    def __init__(self, root: Path, folder: Path):
        self.root, self.folder = Path(root), Path(folder)
        self.site = self.folder / "site"
        self.full = True  # the next build renders everything
        self.code = self._code_stamp()
        self.files: dict = {}  # data files read and validated, kept until they change
        # Each edition's last rendered pages and exports (site/reuse.py), kept until the code
        # changes.
        self.reuse = {e.lang: Reuse() for e in EDITIONS}
        self.search: dict[Path, dict] = {}  # each edition's search entries by page (_Complete)
        self.sources: dict[Path, dict] = {}  # each edition's pages as read (_Complete)
        self.compiled = _Compiled()

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
            labels.labels.cache_clear()
            labels.share_labels.cache_clear()
            render.environment.cache_clear()
            self.reuse = {e.lang: Reuse() for e in EDITIONS}
        try:
            kb = load_knowledge_base(self.root, cache=self.files)
            counts = []
            for edition in EDITIONS:
                target = self.site / edition.prefix if edition.prefix else self.site
                tree = write_tree(
                    kb,
                    self.root,
                    edition,
                    self.folder / "trees" / edition.lang,
                    target,
                    self.reuse[edition.lang],
                )
                if tree.written or tree.removed or self.full:
                    self._render(tree, dirty=not self.full)
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

    def _render(self, tree: Tree, dirty: bool) -> None:
        config = load_config(str(tree.config), strict=False)
        if dirty:
            # A dirty build writes over the site it had written, and never removes a file whose
            # source is gone (a record deleted): that is done here.
            docs = Path(config.docs_dir)
            for rel in tree.gone:
                if not (tree.root / rel).is_relative_to(docs):
                    continue
                name = (tree.root / rel).relative_to(docs).as_posix()
                built = File(name, str(docs), config.site_dir, config.use_directory_urls)
                Path(built.abs_dest_path).unlink(missing_ok=True)
        # What a dirty build leaves out of the pages it does not render, put back (_Complete).
        config.plugins["nmi-kb-complete"] = _Complete(
            self.search.setdefault(tree.config, {}),
            self.sources.setdefault(tree.config, {}),
            self.compiled,
        )
        # The language switcher links editions by relative paths: each edition keeps its folder.
        mkdocs_build(config, dirty=dirty)


class _Compiled(jinja2.BytecodeCache):
    """Compiled templates, in memory, for as long as the server runs."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


class _Complete(BasePlugin):
    """Makes a dirty build write what a full build writes, from the pages it does not render.

    MkDocs reads only the pages changed since its last build, but the sidebar of every page it
    writes takes its entries' titles from the pages they lead to, and the sitemap the language
    alternates of every page from its front matter: the other pages' sources are read too
    (reading is cheap; rendering is what a dirty build saves). The search index gets entries
    from rendered pages only: those of the other pages are kept from the builds that rendered
    them, in the order a full build writes them.
    """

    def __init__(
        self,
        entries: dict[str, list[dict]],
        sources: dict[str, tuple],
        compiled: jinja2.BytecodeCache,
    ):
        super().__init__()
        self.entries = entries  # search entries by page address, kept between builds
        # Pages read by an earlier build and not changed since, by source: (size and time of
        # the file, its text, its front matter), kept between builds.
        self.sources = sources
        self.compiled = compiled
        self.order: list[str] = []
        self.rendered: set[str] = set()

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        pages = [f.page for f in files.documentation_pages(inclusion=InclusionLevel.is_included)]
        for page in pages:
            if page is None:
                continue
            name = page.file.src_uri
            if page.markdown is not None:  # read by this build: changed
                self.sources.pop(name, None)
                continue
            source = page.file.abs_src_path  # None for a file a plugin made: read every time
            stat = os.stat(source) if source else None
            stamp = (stat.st_size, stat.st_mtime_ns) if stat else None
            known = self.sources.get(name)
            if stamp and known and known[0] == stamp:
                page.markdown, page.meta = known[1], dict(known[2])
            else:
                page.read_source(config)
                self.sources[name] = (stamp, page.markdown, dict(page.meta))
        self.order = [page.url for page in pages if page is not None]
        # Each build has a new Jinja environment: the theme's templates compiled by the last
        # one are taken from here (Jinja compiles again any whose source changed).
        env.bytecode_cache = self.compiled
        return env

    def on_page_context(self, context, *, page: Page, config: MkDocsConfig, nav):
        self.rendered.add(page.url)
        return context

    # After Material's search plugin wrote the index (priority 0), before its offline plugin
    # copies it into a script (-100).
    @event_priority(-50)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        path = Path(config.site_dir) / "search" / "search_index.json"
        if not path.is_file():
            return
        data = json.loads(path.read_text(encoding="utf-8"))
        fresh: dict[str, list[dict]] = {url: [] for url in self.rendered}
        for entry in data["docs"]:
            fresh.setdefault(entry["location"].partition("#")[0], []).append(entry)
        self.entries.update(fresh)
        for url in set(self.entries) - set(self.order):
            del self.entries[url]
        data["docs"] = [entry for url in self.order for entry in self.entries.get(url, [])]
        # As Material's search plugin writes it.
        path.write_bytes(json.dumps(data, separators=(",", ":"), default=str).encode("utf-8"))


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
        # Also on Ctrl+C and SIGTERM (nmikb/system/interrupts.py turns both into an exception).
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
