"""Write one edition's complete Markdown tree and its MkDocs configuration: the generation step.

The site engine then renders that tree like any hand-written docs folder, with none of our code
running inside it: `mkdocs build -f <tree>/mkdocs.yml`. The tree holds the generated pages, the
edition's hand-written pages (`about.fr.md` becomes `about.md` in the French tree) and the
assets. Only the pages and exports the data changed are made again (reuse.py), files whose
content did not change are not rewritten, and files that no longer belong are removed: the tree
says which files changed, for the engine to render only those (mkdocs_run.py).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from nmikb.data.problems import Problem, ProblemsFound
from nmikb.data.registry import KINDS, record_file
from nmikb.edition.address import Share
from nmikb.edition.editions import Edition
from nmikb.exports.files import data_rows, tree_files
from nmikb.exports.pieces import Pieces
from nmikb.knowledge.base import KnowledgeBase
from nmikb.pages.abbreviations import Abbreviations
from nmikb.pages.handwritten import DOCS, check_front_matter, hand_written, typeset_page
from nmikb.pages.page import Page
from nmikb.pages.plan import site_plan
from nmikb.pages.render import render_data_page, render_pages

from .config import edition_config, share_from_config
from .edition_state import Reuse
from .history import source_date_epoch
from .kept import digest
from .reuse import EventPrints, changes, fingerprint, others_digest


@dataclass(frozen=True)
class Tree:
    root: Path  # the tree's folder: mkdocs.yml and docs/
    config: Path
    pages: int  # Markdown pages in the tree
    written: int  # files written by this call (0 when nothing changed)
    removed: int
    gone: tuple[str, ...] = ()  # the removed files, relative to the tree
    changed: tuple[str, ...] = ()  # the files written or removed, relative to the tree
    # The keys of the parts of the exports given (`pieces`) that were made or forgotten.
    pieces_changed: frozenset[str] = frozenset()


def write_tree(
    kb: KnowledgeBase,
    root: Path,
    edition: Edition,
    tree: Path,
    site_dir: Path,
    reuse: Reuse | None = None,
    plan: list[Page] | None = None,
    pieces: dict | None = None,
    events: EventPrints | None = None,
) -> Tree:
    """Write `edition`'s tree into `tree` (created if missing). Raises ProblemsFound.

    With `reuse` (what the tree in `tree` was written from: nmikb/site/reuse.py), only what the
    data changed since is made again; it records what this call changes. `plan`: the edition's
    pages, as nmikb.pages.plan.site_plan made them (made here when not given). `pieces`: what
    each record adds to the exports that hold them all (nmikb/exports/pieces.py), kept between
    calls by the caller and updated here. `events`: each event's part of the data's fingerprint,
    kept by the caller between calls (reuse.EventPrints)."""
    root, tree = Path(root), Path(tree)
    config = edition_config(kb, root, edition, tree, site_dir)
    share = share_from_config(config, root, int(source_date_epoch(root)))
    repo_url = config.get("repo_url")
    now = fingerprint(kb, share, repo_url, events)
    found = changes(reuse.fingerprint if reuse is not None else None, now, kb)
    # What the tree holds: every file, and the folders deepest first (emptied ones go).
    existing: set[str] = set()
    folders: list[Path] = []
    for dirpath, _dirs, names in os.walk(tree):
        rel_dir = os.path.relpath(dirpath, tree).replace(os.sep, "/")
        folders.append(Path(dirpath))
        existing.update(n if rel_dir == "." else f"{rel_dir}/{n}" for n in names)
    folders.sort(key=lambda f: len(f.parts), reverse=True)
    piece = Pieces({} if pieces is None else pieces, _stamps(kb, now, edition.lang))
    files = _tree_files(
        kb,
        root,
        edition,
        repo_url,
        share,
        plan,
        # A page or a JSON file is kept as the tree has it when the changes leave it as it was.
        keep_page=lambda p: found.keeps_page(p) and f"{DOCS}/{p}" in existing,
        keep_record=lambda p: found.keeps_record(p) and f"{DOCS}/{p}" in existing,
        piece=piece,
    )
    files["mkdocs.yml"] = (
        "# Written by the build (scripts/nmikb/site/tree.py) from "
        + edition.config
        + ": do not edit.\n"
        + yaml.safe_dump(config, allow_unicode=True, sort_keys=False)
    ).encode("utf-8")
    changed = []
    for rel, data in files.items():
        if data is None:  # kept as it is
            continue
        path = tree / rel
        if rel in existing and path.stat().st_size == len(data) and path.read_bytes() == data:
            continue
        changed.append(rel)
    gone = sorted(existing - files.keys())
    if reuse is not None:
        reuse.writing([_in_docs(rel) for rel in changed + gone])
    made: set[Path] = set()
    for rel in changed:
        path = tree / rel
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        data = files[rel]
        assert data is not None
        path.write_bytes(data)
    for rel in gone:
        (tree / rel).unlink()
    for folder in folders:
        if folder != tree and not any(folder.iterdir()):
            folder.rmdir()
    if reuse is not None:
        reuse.written(now)
    pages = sum(1 for rel in files if rel.endswith(".md"))
    return Tree(
        tree,
        tree / "mkdocs.yml",
        pages,
        len(changed),
        len(gone),
        tuple(gone),
        tuple(changed + gone),
        frozenset(piece.changed),
    )


def _stamps(kb: KnowledgeBase, now: dict, lang: str) -> dict[str, str]:
    """Each record's stamp for its parts of the exports (nmikb/exports/pieces.py), by
    "folder/id": its data file's digest and a digest of what else the parts are made from — every
    other file but the events' (the other kinds of record, the site, the scope), the sources'
    texts, the site's address and history (the fingerprint `now`, reuse.py) and the edition."""
    rest = digest(
        json.dumps([others_digest(now["files"], now["texts"]), now["share"], lang]).encode("utf-8")
    )
    return {
        f"{kind.folder}/{record.id}": f"{now['files'].get(record_file(kind, record.id))} {rest}"
        for kind in KINDS
        for record in kb.records(kind)
    }


def _in_docs(rel: str) -> str:
    """A tree file's path as the engine knows it: relative to the docs folder ("mkdocs.yml"
    stays as it is: a change of the configuration renders everything, mkdocs_run.py)."""
    return rel.removeprefix(f"{DOCS}/")


def _tree_files(
    kb: KnowledgeBase,
    root: Path,
    edition: Edition,
    repo_url: str | None,
    share: Share | None,
    plan: list[Page] | None,
    keep_page: Callable[[str], bool],
    keep_record: Callable[[str], bool],
    piece: Pieces,
) -> dict[str, bytes | None]:
    """Every file of the tree's docs folder, by path relative to the tree; None for a file kept
    as the tree has it."""
    docs = root / DOCS
    out: dict[str, bytes | None] = {}
    abbr = Abbreviations(kb, edition.lang)
    plan = site_plan(kb)[edition.lang] if plan is None else plan
    generated = render_pages(
        kb, edition.lang, repo_url=repo_url, abbr=abbr, share=share, keep=keep_page, plan=plan
    )
    out.update({f"{DOCS}/{page.path}": None for page in plan if keep_page(page.path)})
    names = {page.path for page in plan}
    if share is not None:  # the exports and the Data page need the site's address
        exported = tree_files(kb, edition.lang, share, keep_record, piece)
        piece.forget_the_rest()
        out.update({f"{DOCS}/{rel}": data for rel, data in exported.items()})
        rows = data_rows(exported, edition.lang)
        generated.append(render_data_page(kb, edition.lang, share, rows, abbr))
        names.add(generated[-1].name)
    sources = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file())
    pages, problems = hand_written([s for s in sources if s.endswith(".md")], DOCS)
    for name, variants in pages.items():
        if name in names:
            problems.append(
                Problem(
                    f"{DOCS}/{next(iter(variants.values()))}",
                    1,
                    1,
                    "",
                    f"`{name}` is a generated page",
                    "rename the hand-written page",
                )
            )
        if edition.lang in variants:
            problems += check_front_matter(
                docs / variants[edition.lang], f"{DOCS}/{variants[edition.lang]}"
            )
    if problems:
        raise ProblemsFound(problems)
    for name, variants in pages.items():
        if edition.lang in variants:
            text = (docs / variants[edition.lang]).read_text(encoding="utf-8")
            text = typeset_page(text, edition.lang)
            out[f"{DOCS}/{name}"] = abbr.append_to(text).encode("utf-8")
    for rel in sources:
        if not rel.endswith(".md"):
            out[f"{DOCS}/{rel}"] = (docs / rel).read_bytes()
    for page in generated:
        out[f"{DOCS}/{page.name}"] = page.markdown.encode("utf-8")
    return out
