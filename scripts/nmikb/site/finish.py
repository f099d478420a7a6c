"""Finish an edition as its engine rendered it into what is published: the theme's unused CSS
and files dropped (slim.py), abbreviations made focusable, the search index split into shards
(searchindex.py), and every link of its pages checked (linkcheck.py).

It reads the rendered edition (.build/kept/rendered/<edition>/) and writes the finished one
into the kept site (.build/kept/site/, French in fr/), redoing only what changed since it last
finished it: the rendered files it finished are known by their size, time and inode, which
any rewrite changes. A page is read once, for the words the theme's stylesheets ask about and
for its links and ids, and written once; every page is written again only when the pruned
stylesheets get a new name. Files of the kept site are never written in place (kept.write_new):
a published site links to them.

Links are checked page by page: each page finished is scanned, and its links to its own edition
checked at once; a page that another links to with an anchor is checked for that anchor when it
changes; links that leave the edition (the language switcher, the archive) are returned, to be
checked once every edition is finished (build.py). When a file of the edition goes, every page
is scanned again: any of them may have linked to it.
"""

from __future__ import annotations

import json
import os
import posixpath
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from .kept import digest, write_new
from .linkcheck import line_of, problem, resolve, scan
from .searchindex import build_shards, check_language, update_shards
from .slim import (
    colours_of,
    css_names,
    focusable_abbr_bytes,
    kept_lunr,
    pruned_stylesheets,
    script_prefixes,
    without_source_map,
    words_in,
    words_of_page,
)

SEARCH_INDEX = "search/search_index.json"


@dataclass
class Finished:
    """What finishing an edition found: its link problems, the links that leave it (site path of
    the page: [(link, target, anchor, line)]), and what it cost."""

    problems: list[str] = field(default_factory=list)
    outward: dict[str, list[list]] = field(default_factory=dict)
    pages: int = 0  # pages written
    seconds: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Edition:
    """Where an edition is rendered and finished, and what it is."""

    rendered: Path
    final: Path
    lang: str
    prefix: str  # its folder in the site: "" or "fr/"
    theme: bool  # rendered by Material (engines.py): its own files are pruned and split
    skip: frozenset[str]  # rendered files the site does not publish (another edition's 404 page)
    others: frozenset[str]  # entries of `final` that are not this edition's (fr/, the archive)


def finish_edition(edition: Edition, state_file: Path, root_path: str) -> Finished:
    """Finish `edition` into its final folder. `state_file`: what it finished last time, and
    from what (JSON, rewritten at the end; missing: finish everything, from an emptied folder)."""
    clock = _Clock()
    try:
        state = json.loads(state_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        state = {}
    state_file.unlink(missing_ok=True)  # until this is done, nothing finished is known
    rendered, final = edition.rendered, edition.final
    now = _identities(rendered, edition.skip)
    before: dict[str, list] = state.get("files", {})
    if not before:
        _empty(final, edition.others)
    changed = {rel for rel, ident in now.items() if before.get(rel) != ident}
    removed = set(before) - set(now)
    pages = sorted(rel for rel in now if rel.endswith(".html"))
    out = Finished()

    # The theme's stylesheets, pruned for the words every page and script mentions.
    renamed: dict[str, str] = {}
    words = _load_words(state.get("words"))
    stylesheets: dict[str, tuple[str, str | None]] = {}
    if edition.theme:
        # The theme's files as published: other languages' search files are not (_published).
        assets = {
            rel: rendered / rel
            for rel in now
            if rel.startswith("assets/") and _published(rel, edition)
        }
        sheets = {
            posixpath.basename(rel): path.read_text(encoding="utf-8")
            for rel, path in assets.items()
            if rel.endswith(".css")
        }
        scripts = [p.read_text(encoding="utf-8") for r, p in assets.items() if r.endswith(".js")]
        # Reading the theme's stylesheet takes a second or two: what it asks about and how it is
        # pruned are kept, by a digest of what they are made from.
        theme = digest("\0".join(f"{n}\0{t}" for n, t in sorted(sheets.items())).encode())
        if state.get("theme") == theme:
            names = frozenset(n.encode() for n in state["names"])
        else:
            names = css_names(sheets[n] for n in sheets if n.startswith(("main.", "palette.")))
            words = {}  # other stylesheets: every page is read again
        signature = sorted(n.decode() for n in names)
        shared: dict[frozenset[str], frozenset[str]] = {w: w for w in words.values()}
        seen: dict[bytes, frozenset[bytes]] = {}
        for rel in pages:
            if rel in changed or rel not in words:
                found = words_of_page((rendered / rel).read_bytes(), names, seen)
                words[rel] = shared.setdefault(found, found)  # pages of a kind share their words
        for rel in list(words):
            if rel not in now:
                del words[rel]
        known = set().union(*words.values()) if words else set()
        for text in scripts:
            known |= words_in(text.encode("utf-8"), names)
        if SEARCH_INDEX in now:
            known |= words_in((rendered / SEARCH_INDEX).read_bytes(), names)
        home = rendered / "index.html"
        colours = colours_of(home.read_text(encoding="utf-8")) if home.is_file() else set()
        prefixes = script_prefixes(scripts)
        pruning = digest(json.dumps([theme, sorted(known), sorted(colours), prefixes]).encode())
        folder = final / "assets" / "stylesheets"
        if state.get("pruning") == pruning and all(
            (folder / new).is_file() for new in (state.get("renamed") or {}).values()
        ):
            stylesheets = {old: (new, None) for old, new in state["renamed"].items()}
        else:
            stylesheets = dict(pruned_stylesheets(sheets, colours, known, prefixes))
        renamed = {old: new for old, (new, _css) in stylesheets.items()}
        state.update(theme=theme, names=signature, pruning=pruning)
    clock.lap("slim")
    again = renamed != state.get("renamed") or not before
    to_write = [rel for rel in pages if again or rel in changed]

    # The pages, then every other file.
    scans: dict[str, tuple[set[str], list[tuple[str, int]]]] = {}
    for rel in to_write:
        # As bytes: every text replaced is ASCII, and a page need not be decoded for it.
        data = (rendered / rel).read_bytes()
        for old, new in renamed.items():
            data = data.replace(f"stylesheets/{old}".encode(), f"stylesheets/{new}".encode())
        data = focusable_abbr_bytes(data)
        _write(final / rel, data)
        scans[rel] = scan(data)
    out.pages = len(to_write)
    clock.lap("pages")
    for rel in sorted(changed):
        if rel.endswith(".html") or (edition.theme and rel.startswith("search/")):
            continue
        source = rendered / rel
        name = posixpath.basename(rel)
        if not _published(rel, edition):
            continue
        if name in renamed:
            continue  # written below under its new name
        if rel.startswith("assets/") and rel.endswith((".js", ".css")):
            _write(final / rel, without_source_map(source.read_text(encoding="utf-8")).encode())
        else:
            _write(final / rel, source.read_bytes())
    for old, (new, css) in stylesheets.items():
        folder = final / "assets" / "stylesheets"
        if css is not None:
            _write(folder / new, css.encode("utf-8"))
        for earlier in (state.get("renamed") or {}).get(old, ""), old:
            if earlier and earlier != new:
                (folder / earlier).unlink(missing_ok=True)
    for rel in sorted(removed):
        (final / rel).unlink(missing_ok=True)
    clock.lap("files")

    if edition.theme and (SEARCH_INDEX in changed or not before):
        previous = state_file.with_name(f"search-{edition.lang}.json")
        _shard(rendered, final, edition.lang, previous, bool(before))
    clock.lap("search")

    # Links: those of the pages written, those into the pages written with an anchor, and every
    # link again when a file went.
    if removed:
        for rel in pages:
            if rel not in scans:
                scans[rel] = scan((final / rel).read_bytes())
    listing = _listing(final, edition.others)
    anchors: dict[str, list[list]] = state.get("anchors", {})
    for rel in list(anchors):
        if rel not in now or rel in scans:
            del anchors[rel]
    outward: dict[str, list[list]] = state.get("outward", {})
    for rel in list(outward):
        if rel not in now or rel in scans:
            del outward[rel]
    ids_of = _Ids(final, scans)
    prefix = edition.prefix
    for rel, (_ids, links) in sorted(scans.items()):
        page = prefix + rel
        for link, at in links:
            resolved = resolve(page, link, root_path)
            if resolved is None:
                continue
            target, anchor = resolved
            own = target[len(prefix) :] if target.startswith(prefix) else None
            if own is None or (not prefix and _other(own, edition.others)):
                outward.setdefault(rel, []).append([link, target, anchor, at])
                continue
            if anchor and own.endswith(".html") and own != rel:
                anchors.setdefault(rel, []).append([own, anchor, link, at])
            wrong = problem(own, anchor, listing, ids_of)
            if wrong:
                out.problems.append(f"{page}:{line_of_page(final, rel, at)}: {link} — {wrong}")
    for rel, into in sorted(anchors.items()):
        if rel in scans:
            continue
        for own, anchor, link, at in into:
            if own in scans and anchor not in ids_of(own):
                line = line_of_page(final, rel, at)
                out.problems.append(f"{prefix}{rel}:{line}: {link} — no element with id `{anchor}`")
    out.outward = {prefix + rel: links for rel, links in outward.items()}
    clock.lap("links")

    state.update(
        files=now, words=_saved_words(words), renamed=renamed, anchors=anchors, outward=outward
    )
    if not out.problems:  # a page with a broken link is finished again next time
        write_new(state_file, json.dumps(state, ensure_ascii=False).encode("utf-8"))
    out.seconds = clock.laps
    return out


def _published(rel: str, edition: Edition) -> bool:
    """Whether a rendered file is published: source maps are not, nor Material's search files for
    other languages."""
    if rel.endswith(".map"):
        return False
    return not (
        edition.theme
        and rel.startswith("assets/javascripts/lunr/")
        and posixpath.basename(rel) not in kept_lunr(edition.lang)
    )


def _load_words(saved: dict | None) -> dict[str, frozenset[str]]:
    if not saved:
        return {}
    sets = [frozenset(s) for s in saved["sets"]]
    return {rel: sets[i] for rel, i in saved["pages"].items()}


def _saved_words(words: dict[str, frozenset[str]]) -> dict:
    """Each page's words, each set once (a few dozen sets for tens of thousands of pages)."""
    index: dict[frozenset[str], int] = {}
    for found in words.values():
        index.setdefault(found, len(index))
    return {
        "sets": [sorted(s) for s in index],
        "pages": {rel: index[found] for rel, found in words.items()},
    }


def _identities(folder: Path, skip: frozenset[str]) -> dict[str, list]:
    """Every file of `folder` by path: [size, modification time in ns, inode]."""
    out = {}
    for dirpath, _dirs, names in os.walk(folder):
        rel_dir = os.path.relpath(dirpath, folder).replace(os.sep, "/")
        for name in names:
            rel = name if rel_dir == "." else f"{rel_dir}/{name}"
            if rel in skip:
                continue
            info = os.stat(os.path.join(dirpath, name))
            out[rel] = [info.st_size, info.st_mtime_ns, info.st_ino]
    return out


def _empty(final: Path, others: frozenset[str]) -> None:
    final.mkdir(parents=True, exist_ok=True)
    for entry in final.iterdir():
        if entry.name in others:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()


def _other(rel: str, others: frozenset[str]) -> bool:
    return rel.split("/", 1)[0] in others


def _listing(final: Path, others: frozenset[str]) -> set[str]:
    files: set[str] = set()
    for dirpath, dirs, names in os.walk(final):
        rel_dir = os.path.relpath(dirpath, final).replace(os.sep, "/")
        if rel_dir == ".":
            dirs[:] = [d for d in dirs if d not in others]
            files.update(n for n in names if n not in others)
        else:
            files.update(f"{rel_dir}/{n}" for n in names)
    return files


class _Ids:
    """The ids of a page of the edition: from its scan, or read when first asked."""

    def __init__(self, final: Path, scans: dict) -> None:
        self.final, self.scans = final, scans
        self.read: dict[str, set[str]] = {}

    def __call__(self, rel: str) -> set[str]:
        if rel in self.scans:
            return self.scans[rel][0]
        if rel not in self.read:
            path = self.final / rel
            self.read[rel] = scan(path.read_bytes())[0] if path.is_file() else set()
        return self.read[rel]


def line_of_page(final: Path, rel: str, at: int) -> int:
    return line_of((final / rel).read_bytes(), at)


def _write(path: Path, data: bytes) -> None:
    """`data` in a new file at `path`, unless the file there holds it already: a file that did not
    change keeps its identity, by which the archive knows it (archive.py)."""
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return
    except FileNotFoundError:
        # No file there: no published site holds one, and a new file is written in one step.
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "xb") as f:
            f.write(data)
        return
    write_new(path, data)


def _shard(rendered: Path, final: Path, lang: str, previous: Path, again: bool) -> None:
    """The edition's search index split into shards, in place of Material's (searchindex.py):
    with `again`, from the shards of the `previous` index (a copy kept by the last call) when
    only some of its documents changed."""
    raw = (rendered / SEARCH_INDEX).read_bytes()
    index = json.loads(raw)
    check_language(index, lang, rendered / "search")
    folder = final / "search"
    made = None
    if again and previous.is_file() and (folder / "search_index.json").is_file():
        made = update_shards(
            json.loads(previous.read_bytes()),
            index,
            json.loads((folder / "search_index.json").read_bytes()),
            lambda rel: (folder / rel).read_bytes(),
        )
    # Until the shards below are all written, which index they were made from is not known.
    previous.unlink(missing_ok=True)
    stub, files = made or build_shards(index)
    for sub in ("t", "d"):
        if (folder / sub).is_dir():
            for old in (folder / sub).glob("*.js"):
                if f"{sub}/{old.name}" not in files:
                    old.unlink()
    for rel, data in files.items():
        path = folder / rel
        if not path.is_file() or path.stat().st_size != len(data) or path.read_bytes() != data:
            _write(path, data)
    text = json.dumps(stub, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    _write(folder / "search_index.json", text.encode("utf-8"))
    # Material's offline plugin writes the same index as a script for pages opened from disk.
    _write(folder / "search_index.js", f"var __index = {text}".encode())
    write_new(previous, raw)


class _Clock:
    def __init__(self) -> None:
        self.laps: dict[str, float] = {}
        self.at = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = self.laps.get(name, 0.0) + now - self.at
        self.at = now
