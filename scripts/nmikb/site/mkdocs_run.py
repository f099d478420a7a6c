"""Render an edition's tree with MkDocs, only the pages that changed since its last render: the
same for `make serve` (in its own process, after each save) and `make site` (a process per
edition: `python -m nmikb.site.mkdocs_run`).

The tree writer records which of the tree's files it changed since MkDocs last rendered them all
(edition_state.Reuse.pending; None: render everything, into an emptied folder). MkDocs' own "dirty"
build decides by file times, which say nothing of a build that failed half way; here it is told
which files changed (_Incremental). A change of the configuration renders everything.

What a partial build would leave out of the pages it does not render is completed, so that its
output is byte for byte what a full render of the same tree makes (tests/test_incremental.py):
the sitemap lists every page with its language alternates and date, and the sidebar of every page
the titles of the pages it lists (the front matter of every page, kept from the render that read
it with the title it found, but for its structured data, which only the page itself shows), and
the search index keeps the entries of the pages not rendered, as the last render wrote them
(kept as bytes beside the edition's state, else read from its index), in the order a full build
writes them. The build's date is worked out once, not once per page. Outputs of removed files
are deleted.
"""

from __future__ import annotations

import gc
import hashlib
import json
import logging
import marshal
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import jinja2
from mkdocs import utils
from mkdocs.commands import build as mkdocs_commands
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, MkDocsException
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure import pages as mkdocs_pages
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from .edition_state import Reuse
from .kept import write_new

# Front matter that only the page itself shows, and which would make the kept front matter of
# every page as large as the pages (nmikb/pages/decorate/tools.py writes it).
PAGE_ONLY_META = ("jsonld",)
# The theme's files, as MkDocs found them (_theme_files_kept), in an edition's state.
THEME_FILES = "theme_files"
# What the sitemap was made from (_sitemap_kept), in an edition's state.
SITEMAP = "sitemap"
# The title a render found for a page (its front matter's, or its first heading's), kept with its
# front matter for the sidebars of the pages rendered without it.
TITLE = "title"


def render(
    config_file: Path,
    reuse: Reuse,
    strict: bool,
    compiled=None,
    search_entries: Path | None = None,
) -> int:
    """Render the tree of `config_file` into its site_dir; returns how many pages were rendered.
    Raises MkDocsException (a warning, with `strict`) or OSError; `reuse` then still says what
    is to be rendered. `compiled`: a Jinja bytecode cache kept between calls (make serve).
    `search_entries`: a file of the caller's where each page's entries of the search index the
    last render wrote are kept (_Incremental)."""
    config = load_config(str(config_file), strict=strict)
    pending = reuse.pending
    site_dir = Path(config.site_dir)
    full = pending is None or "mkdocs.yml" in pending or not (site_dir / "index.html").is_file()
    if full:
        # MkDocs makes a Markdown object for each page, full of cycles (some 50 KB a page): a
        # whole render needs the cycle collector on, even in `make serve`'s copy of the process
        # that renders a save's pages without it (serve/preview.py, _uncollecting).
        gc.enable()
    if not full:
        assert pending is not None
        docs = Path(config.docs_dir)
        for rel in sorted(pending):
            if not (docs / rel).is_file():  # removed from the tree: its output goes too
                gone = File(rel, str(docs), str(site_dir), config.use_directory_urls)
                Path(gone.abs_dest_path).unlink(missing_ok=True)
    plugin = _Incremental(
        None if full else pending,
        {} if full else reuse.state.get("meta", {}),
        compiled,
        search_entries,
    )
    config.plugins["nmi-kb-incremental"] = plugin
    quiet = _QuietDirty()
    logging.getLogger("mkdocs.commands.build").addFilter(quiet)
    try:
        with (
            _theme_files_kept(reuse.state),
            _sitemap_kept(reuse.state, full),
            _one_build_date(),
            _canonical_urls_joined(),
        ):
            mkdocs_build(config, dirty=not full)
    except _SidebarChanged:
        # A page of the sidebar has a new title: every page shows it. Everything, then.
        reuse.state["pending"] = None
        return render(config_file, reuse, strict, compiled, search_entries)
    finally:
        logging.getLogger("mkdocs.commands.build").removeFilter(quiet)
    reuse.rendered(plugin.meta)
    return len(plugin.rendered)


@contextmanager
def _theme_files_kept(state: dict) -> Iterator[None]:
    """MkDocs adds the theme's files to every build by listing every file of the theme's folders
    and matching each against its patterns: Material's folder holds some 14,000 files (its icons),
    and that took a third of a reload of `make serve`'s at 1,000 events. The files it finds are
    kept in the edition's state, with the folders and patterns they were found from; a build adds
    those. The state is forgotten when the code, the configuration or an installed package changes
    (nmikb/site/kept.py; serve/preview.py when the code changes), and a theme's folders change
    only then. The docs' own files still come first, as in MkDocs."""
    listed = Files.add_files_from_theme

    def add(files: Files, env: jinja2.Environment, config: MkDocsConfig) -> None:
        key = [list(config.theme.dirs), list(config.theme.static_templates)]
        kept = state.get(THEME_FILES)
        if kept is None or kept[0] != key:
            found = Files([])
            listed(found, env, config)
            kept = state[THEME_FILES] = [key, [[f.src_uri, f.src_dir] for f in found]]
        for path, folder in kept[1]:
            if files.get_file_from_path(path) is None:  # a file of the docs wins, as in MkDocs
                files.append(File(path, folder, config.site_dir, config.use_directory_urls))

    Files.add_files_from_theme = add  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        Files.add_files_from_theme = listed  # type: ignore[method-assign]


@contextmanager
def _one_build_date() -> Iterator[None]:
    """MkDocs gives each page the build's date, working it out again for every page (reading
    SOURCE_DATE_EPOCH, formatting a date): 13,000 times per edition and per `make serve` reload
    at 10,000 events. One build has one date: worked out once."""
    dated = mkdocs_pages.get_build_date
    date = dated()
    mkdocs_pages.get_build_date = lambda: date
    try:
        yield
    finally:
        mkdocs_pages.get_build_date = dated


@contextmanager
def _canonical_urls_joined() -> Iterator[None]:
    """MkDocs works out each page's address on the published site with urljoin and urlsplit, for
    all 13,000 pages of an edition at 10,000 events, at every build and `make serve` reload (a
    quarter of a second per edition). Where the page's address is a plain relative path (no
    scheme, query, fragment, dot or empty segment) and the site's address one that urljoin keeps
    as it is, the answer is the two strings joined: that is done instead, and MkDocs' own way for
    any other address (tests/test_incremental.py compares the two)."""
    joined = mkdocs_pages.Page._set_canonical_url
    bases: dict[str, str | None] = {}  # the site's address -> its path, or None: not plain

    def join(page: Page, base: str | None) -> None:
        if not base or not _plain_path(page.url):
            return joined(page, base)
        if not base.endswith("/"):
            base += "/"
        if base not in bases:
            bases[base] = _plain_base(base)
        path = bases[base]
        if path is None:
            return joined(page, base)
        page.canonical_url = base + page.url
        page.abs_url = path + page.url
        return None

    mkdocs_pages.Page._set_canonical_url = join  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        mkdocs_pages.Page._set_canonical_url = joined  # type: ignore[method-assign]


# What a plain path has none of: a scheme's colon, a query, a fragment, a backslash, blanks and
# control characters (urlsplit drops them at the start, and tabs and line breaks anywhere; MkDocs'
# own addresses quote them).
_NOT_PLAIN = re.compile(r"[\x00-\x20:?#\\]")


def _plain_path(url: str) -> bool:
    """A relative path that urljoin appends to a base as it is: no scheme, query or fragment, no
    blank or control character, no `.` or `..` segment, no empty segment but the last (a
    folder's address ends with `/`)."""
    if url.startswith("/") or _NOT_PLAIN.search(url):
        return False
    segments = url.split("/")
    return all(segments[:-1]) and not any(s in (".", "..") for s in segments)


def _plain_base(base: str) -> str | None:
    """The path of `base` (ending with `/`) if urljoin keeps it as it is, else None: it drops a
    query or fragment, and resolves empty and dot segments, of the base as of the page's path."""
    return urlsplit(base).path if urljoin(base, "a/b") == base + "a/b" else None


@contextmanager
def _sitemap_kept(state: dict, full: bool) -> Iterator[None]:
    """MkDocs renders the sitemap's template over every page at every build, the pages it does not
    render too: 0.15-0.25 s of each edition's render in a `make serve` reload at 1,000 events, to
    write the same file again after most edits. A partial render keeps the sitemap the last render
    wrote when what the template reads is the same: its source, the build's date (the `.gz`
    copy's time) and, page by page in the order it lists them, the address and the front matter
    it shows (scripts/overrides/sitemap.xml). A change of the configuration renders everything,
    the sitemap too."""
    built = mkdocs_commands._build_theme_template

    def build(name: str, env: jinja2.Environment, files: Files, config: MkDocsConfig, nav) -> None:
        if name != "sitemap.xml":
            return built(name, env, files, config, nav)
        key = _sitemap_key(env, files)
        written = [Path(config.site_dir) / name, Path(config.site_dir) / f"{name}.gz"]
        # The files as the render that made them left them: a render that failed after writing
        # them (and so kept the state it started with) leaves files it did not record.
        if full or state.get(SITEMAP) != [key, _stamps(written)]:
            built(name, env, files, config, nav)
            state[SITEMAP] = [key, _stamps(written)]
        return None

    mkdocs_commands._build_theme_template = build  # type: ignore[assignment]
    try:
        yield
    finally:
        mkdocs_commands._build_theme_template = built


def _stamps(paths: list[Path]) -> list[list[int] | None]:
    out: list[list[int] | None] = []
    for path in paths:
        try:
            st = path.stat()
        except OSError:
            out.append(None)
        else:
            out.append([st.st_ino, st.st_size, st.st_mtime_ns])
    return out


def _sitemap_key(env: jinja2.Environment, files: Files) -> str:
    """A digest of what the sitemap's template reads (see _sitemap_kept)."""
    assert env.loader is not None  # MkDocs' theme environment loads from the theme's folders
    source = env.loader.get_source(env, "sitemap.xml")[0]
    read = _meta_read(source)
    h = hashlib.sha256(f"{source}\0{utils.get_build_date()}\0".encode())
    for file in files.documentation_pages():
        page = file.page
        if page is None:
            continue
        # The front matter as the state keeps it (on_page_context), whether this render read the
        # page or not, but for the title it adds: a sitemap shows no title, and a page read by
        # this render has none yet in its front matter unless written there. Only the fields
        # the template reads, where it names them: a page's description changes with most edits.
        meta = {
            k: v
            for k, v in page.meta.items()
            if k not in PAGE_ONLY_META and k != TITLE and (read is None or k in read)
        }
        shown = (page.is_link, page.url, page.canonical_url, meta)
        h.update(json.dumps(shown, sort_keys=True, default=str).encode("utf-8"))
    return h.hexdigest()


def _meta_read(source: str) -> set[str] | None:
    """The front matter fields a template reads, when every mention of `meta` in it is
    `page.meta.<field>` (`page.meta.updated`); None when it may read any (`page.meta` whole,
    `page.meta.get(…)`, `meta[…]`, the page under another name) or includes other templates."""
    if re.search(r"\{%-?\s*(?:include|import|from|extends)\b", source):
        return None
    fields: set[str] = set()
    for mention in re.finditer(r"\bmeta\b", source):
        read = re.compile(r"(?<=\bpage\.)meta\.(\w+)\b(?!\s*\()").match(source, mention.start())
        if read is None or read[1] in dir(dict):
            return None
        fields.add(read[1])
    return fields


class _SidebarChanged(Exception):
    """A page of the sidebar changed its title."""


class _Incremental(BasePlugin):
    """Tells MkDocs which files changed (None: all) and completes what it does not render."""

    def __init__(
        self,
        changed: set[str] | None,
        meta: dict[str, dict],
        compiled: jinja2.BytecodeCache | None,
        kept_entries: Path | None = None,
    ):
        super().__init__()
        self.changed = changed
        self.meta = dict(meta)  # each page's front matter, by source path, for the next render
        self.compiled = compiled
        self.kept_entries = kept_entries  # the search entries kept beside the tree
        self.order: list[str] = []
        self.rendered: set[str] = set()
        # Each page's entries of the search index, by page address: each entry as the index
        # writes it (compact JSON, ASCII), so that the index of a partial render is put together
        # from bytes. The whole index went through json.loads at the start of each partial render
        # and again at its end, then json.dumps: 0.4 s of an edition's render per `make serve`
        # reload at 10,000 events (a 13 MB index).
        self.entries: dict[str, list[bytes]] = {}
        self.sidebar: set[str] = set()  # the pages the sidebar lists (the configuration's nav)

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        # The entries of the pages this build does not render, as the last render wrote them:
        # kept beside the tree when they are those of the index on disk (the file as that render
        # left it), else read from the index.
        index = Path(config.site_dir) / "search" / "search_index.json"
        if self.changed is None or not index.is_file():
            return
        if self.kept_entries is not None:
            try:
                stamp, entries = marshal.loads(self.kept_entries.read_bytes())
                if stamp == _stamps([index]) and isinstance(entries, dict):
                    self.entries = entries
                    return
            except Exception:  # noqa: BLE001 - none kept, cut short, another shape: the index
                pass
        self.entries = _entries_by_page(json.loads(index.read_bytes())["docs"])

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        self.sidebar = {entry for entry in config.nav or [] if isinstance(entry, str)}
        if self.changed is None:
            return files
        for file in files:
            modified = file.src_uri in self.changed or not os.path.exists(file.abs_dest_path)
            # MkDocs asks each file whether it changed since its output was written; a dirty
            # build then reads, renders and copies only those.
            file.is_modified = _TRUE if modified else _FALSE  # type: ignore[method-assign]
        return files

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        pages = [f.page for f in files.documentation_pages(inclusion=InclusionLevel.is_included)]
        present = set()
        for page in pages:
            if page is None:
                continue
            name = page.file.src_uri
            present.add(name)
            if page.markdown is not None and self.changed is not None and name in self.sidebar:
                # Read again by this build: the sidebars of the pages it does not render show
                # its title as it was.
                if self.meta.get(name, {}).get(TITLE) != page.title:
                    raise _SidebarChanged
            if page.markdown is None:  # not read by this build: its front matter, as kept
                if name in self.meta:
                    page.markdown, page.meta = "", dict(self.meta[name])
                else:  # never rendered yet (cannot happen: such a page is in `changed`)
                    page.read_source(config)
        for name in set(self.meta) - present:
            del self.meta[name]
            if name in self.sidebar:
                raise _SidebarChanged
        self.order = [page.url for page in pages if page is not None]
        if self.compiled is not None:
            # Each build has a new Jinja environment: the theme's templates compiled by the last
            # one are taken from here (Jinja compiles again any whose source changed).
            env.bytecode_cache = self.compiled
        return env

    def on_page_context(self, context, *, page: Page, config: MkDocsConfig, nav):
        self.rendered.add(page.url)
        kept = {k: v for k, v in page.meta.items() if k not in PAGE_ONLY_META}
        kept[TITLE] = page.title  # in the page's sidebar, as the pages rendered without it show it
        self.meta[page.file.src_uri] = kept
        return context

    # After Material's search plugin wrote the index (priority 0), before its offline plugin
    # copies it into a script (-100).
    @event_priority(-50)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        path = Path(config.site_dir) / "search" / "search_index.json"
        if not path.is_file():
            return
        # Material's index: every page's entries after a full render, else those of the pages
        # this one rendered only (Material's own merging keeps nothing between processes).
        data = json.loads(path.read_bytes())
        fresh = _entries_by_page(data["docs"], {url: [] for url in self.rendered})
        entries = fresh if self.changed is None else self.entries | fresh
        kept = {url: entries.get(url, []) for url in self.order}
        if self.changed is not None:
            # As Material's search plugin writes it: json.dumps(data, separators=(",", ":"),
            # default=str), the list's items each written the same way and joined by commas.
            config_json = _compact(data["config"]).encode("ascii")
            docs = b",".join(entry for url in self.order for entry in kept[url])
            write_new(path, b'{"config":' + config_json + b',"docs":[' + docs + b"]}")
        if self.kept_entries is not None:
            try:
                write_new(self.kept_entries, marshal.dumps([_stamps([path]), kept]))
            except OSError:  # a help, not a condition: the next render reads the index
                self.kept_entries.unlink(missing_ok=True)


def _compact(value) -> str:
    """JSON as Material's search plugin writes its index (ASCII: non-ASCII is escaped)."""
    return json.dumps(value, separators=(",", ":"), default=str)


def _entries_by_page(
    docs: list[dict], out: dict[str, list[bytes]] | None = None
) -> dict[str, list[bytes]]:
    """Entries of a search index (each as the index writes it: _compact), by page address."""
    out = {} if out is None else out
    for entry in docs:
        out.setdefault(entry["location"].partition("#")[0], []).append(
            _compact(entry).encode("ascii")
        )
    return out


def _TRUE() -> bool:
    return True


def _FALSE() -> bool:
    return False


class _QuietDirty(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        # MkDocs warns on every dirty build that links may be stale: what it leaves stale is
        # completed here, and the finished site's links are all checked (linkcheck.py).
        return "'dirty' build" not in record.getMessage()


class _Lines(logging.Formatter):
    # As the `mkdocs` command writes them ("WARNING -  Doc file …"): engines.py reads them.
    def format(self, record: logging.LogRecord) -> str:
        return f"{record.levelname:<8}-  {record.getMessage()}"


def main(argv: list[str]) -> int:
    """`python -m nmikb.site.mkdocs_run CONFIG STATE`: a strict render of one tree, told what
    changed by the edition's kept state (a JSON file, written back once rendered)."""
    config, state_file = Path(argv[0]), Path(argv[1])
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_Lines())
    logging.getLogger("mkdocs").addHandler(handler)
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    try:
        state = json.loads(state_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        state = {}  # nothing known: everything is rendered

    def save(state: dict) -> None:
        write_new(state_file, json.dumps(state, ensure_ascii=False).encode("utf-8"))

    # The theme's templates, compiled by the last run: Jinja compiles again any whose source
    # changed (its cache is keyed by the template's name and a checksum of its source).
    folder = state_file.parent / "jinja"
    folder.mkdir(exist_ok=True)
    compiled = jinja2.FileSystemBytecodeCache(str(folder))
    try:
        render(
            config,
            Reuse(state, save),
            strict=True,
            compiled=compiled,
            search_entries=state_file.with_suffix(".search-entries"),
        )
    except (Abort, MkDocsException) as err:
        print(f"ERROR   -  {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
