"""Write one edition's complete Markdown tree and its MkDocs configuration: the generation step.

The site engine then renders that tree like any hand-written docs folder, with none of our code
running inside it: `mkdocs build -f <tree>/mkdocs.yml`. The tree holds the generated pages, the
edition's hand-written pages (`about.fr.md` becomes `about.md` in the French tree) and the
assets. Files whose content did not change are not rewritten, so an engine's "dirty" rebuild
(and `make serve`) renders only what an edit changed; files that no longer belong are removed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from nmikb.data.problems import Problem, ProblemsFound
from nmikb.data.registry import EVENT
from nmikb.edition.address import Share
from nmikb.edition.editions import Edition
from nmikb.exports.files import data_rows, tree_files
from nmikb.knowledge.base import KnowledgeBase
from nmikb.pages.abbreviations import Abbreviations
from nmikb.pages.handwritten import DOCS, check_front_matter, hand_written, typeset_page
from nmikb.pages.render import render_data_page, render_pages

from .config import edition_config, share_from_config
from .history import source_date_epoch
from .reuse import Reuse


@dataclass(frozen=True)
class Tree:
    root: Path  # the tree's folder: mkdocs.yml and docs/
    config: Path
    pages: int  # Markdown pages in the tree
    written: int  # files written by this call (0 when nothing changed)
    removed: int
    gone: tuple[str, ...] = ()  # the removed files, relative to the tree


def write_tree(
    kb: KnowledgeBase,
    root: Path,
    edition: Edition,
    tree: Path,
    site_dir: Path,
    reuse: Reuse | None = None,
) -> Tree:
    """Write `edition`'s tree into `tree` (created if missing). Raises ProblemsFound.

    With `reuse` (the same object for the same edition each time), only what the data changed
    since the last call is rendered again (see Reuse)."""
    root, tree = Path(root), Path(tree)
    config = edition_config(kb, root, edition, tree, site_dir)
    share = share_from_config(config, root, int(source_date_epoch(root)))
    files = _tree_files(kb, root, edition, config.get("repo_url"), share, reuse)
    files["mkdocs.yml"] = (
        "# Written by the build (scripts/nmikb/site/tree.py) from "
        + edition.config
        + ": do not edit.\n"
        + yaml.safe_dump(config, allow_unicode=True, sort_keys=False)
    ).encode("utf-8")
    written = 0
    gone = []
    folders: set[Path] = set()
    # What the last call wrote needs no reading back, unless that file is gone.
    before = reuse.files if reuse is not None and reuse.tree == tree else {}
    for rel, data in files.items():
        path = tree / rel
        if before.get(rel) == data and path.is_file():
            continue
        if path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
            continue
        if path.parent not in folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            folders.add(path.parent)
        path.write_bytes(data)
        written += 1
    for path in sorted(tree.rglob("*"), reverse=True):
        rel = path.relative_to(tree).as_posix()
        if path.is_file() and rel not in files:
            path.unlink()
            gone.append(rel)
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    if reuse is not None:
        reuse.tree, reuse.files = tree, files
    pages = sum(1 for rel in files if rel.endswith(".md"))
    return Tree(tree, tree / "mkdocs.yml", pages, written, len(gone), tuple(gone))


def _tree_files(
    kb: KnowledgeBase,
    root: Path,
    edition: Edition,
    repo_url: str | None,
    share: Share | None = None,
    reuse: Reuse | None = None,
) -> dict[str, bytes]:
    """Every file of the tree's docs folder, by path relative to the tree."""
    docs = root / DOCS
    out: dict[str, bytes] = {}
    abbr = Abbreviations(kb, edition.lang)
    changed = reuse.changed_events(kb, share, repo_url) if reuse else None
    kept_pages = reuse.kept_pages(kb, changed) if reuse else {}
    generated = render_pages(
        kb, edition.lang, repo_url=repo_url, abbr=abbr, share=share, reuse=kept_pages
    )
    exported: dict[str, bytes] = {}
    if share is not None:  # the exports and the Data page need the site's address
        kept = {}
        if reuse is not None and changed is not None:
            # A record's JSON shows that record alone.
            paths = (f"{EVENT.folder}/{e.id}.json" for e in kb.events if e.id not in changed)
            kept = {p: reuse.exports[p] for p in paths if p in reuse.exports}
        exported = tree_files(kb, edition.lang, share, kept)
        out.update({f"{DOCS}/{rel}": data for rel, data in exported.items()})
        rows = data_rows(exported, edition.lang)
        generated.append(render_data_page(kb, edition.lang, share, rows, abbr))
    if reuse is not None:
        reuse.keep(kb, share, repo_url, generated, exported)
    names = {p.name for p in generated}
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
