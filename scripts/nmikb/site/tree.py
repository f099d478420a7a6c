"""Write one edition's complete Markdown tree and its MkDocs configuration: the generation step.

The site engine then renders that tree like any hand-written docs folder, with none of our code
running inside it: `mkdocs build -f <tree>/mkdocs.yml`. The tree holds the generated pages, the
edition's hand-written pages (`about.fr.md` becomes `about.md` in the French tree) and the
assets. Only the pages and exports the data changed are made again (reuse.py), files whose
content did not change are not rewritten, and files that no longer belong are removed: the tree
says which files changed, for the engine to render only those (mkdocs_run.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from nmikb.data.problems import Problem, ProblemsFound
from nmikb.edition.address import Share
from nmikb.edition.editions import Edition
from nmikb.exports.files import data_rows, tree_files
from nmikb.knowledge.base import KnowledgeBase
from nmikb.pages.abbreviations import Abbreviations
from nmikb.pages.handwritten import DOCS, check_front_matter, hand_written
from nmikb.pages.page import Page
from nmikb.pages.plan import site_plan
from nmikb.pages.render import render_data_page, render_pages

from .config import edition_config, share_from_config
from .history import source_date_epoch
from .reuse import Reuse, changes, fingerprint


@dataclass(frozen=True)
class Tree:
    root: Path  # the tree's folder: mkdocs.yml and docs/
    config: Path
    pages: int  # Markdown pages in the tree
    written: int  # files written by this call (0 when nothing changed)
    removed: int
    gone: tuple[str, ...] = ()  # the removed files, relative to the tree
    changed: tuple[str, ...] = ()  # the files written or removed, relative to the tree


def write_tree(
    kb: KnowledgeBase,
    root: Path,
    edition: Edition,
    tree: Path,
    site_dir: Path,
    reuse: Reuse | None = None,
    plan: list[Page] | None = None,
) -> Tree:
    """Write `edition`'s tree into `tree` (created if missing). Raises ProblemsFound.

    With `reuse` (what the tree in `tree` was written from: nmikb/site/reuse.py), only what the
    data changed since is made again; it records what this call changes. `plan`: the edition's
    pages, as nmikb.pages.plan.site_plan made them (made here when not given)."""
    root, tree = Path(root), Path(tree)
    config = edition_config(kb, root, edition, tree, site_dir)
    share = share_from_config(config, root, int(source_date_epoch(root)))
    repo_url = config.get("repo_url")
    now = fingerprint(kb, share, repo_url)
    found = changes(reuse.fingerprint if reuse is not None else None, now, kb)
    docs = tree / DOCS
    files = _tree_files(
        kb,
        root,
        edition,
        repo_url,
        share,
        plan,
        # A page or a JSON file is kept as the tree has it when the changes leave it as it was.
        keep_page=lambda p: found.keeps_page(p) and (docs / p).is_file(),
        keep_record=lambda p: found.keeps_record(p) and (docs / p).is_file(),
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
        if path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
            continue
        changed.append(rel)
    gone = []
    folders = []
    for path in sorted(tree.rglob("*"), reverse=True):
        rel = path.relative_to(tree).as_posix()
        if path.is_dir():
            folders.append(path)
        elif rel not in files:
            gone.append(rel)
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
        if not any(folder.iterdir()):
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
    )


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
        exported = tree_files(kb, edition.lang, share, keep_record)
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
            out[f"{DOCS}/{name}"] = abbr.append_to(
                (docs / variants[edition.lang]).read_text(encoding="utf-8")
            ).encode("utf-8")
    for rel in sources:
        if not rel.endswith(".md"):
            out[f"{DOCS}/{rel}"] = (docs / rel).read_bytes()
    for page in generated:
        out[f"{DOCS}/{page.name}"] = page.markdown.encode("utf-8")
    return out
