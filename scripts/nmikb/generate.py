"""Write one edition's complete Markdown tree and its MkDocs configuration: the generation step.

The site engine then renders that tree like any hand-written docs folder, with none of our code
running inside it: `mkdocs build -f <tree>/mkdocs.yml`. The tree holds the generated pages, the
edition's hand-written pages (`about.fr.md` becomes `about.md` in the French tree) and the
assets. Files whose content did not change are not rewritten, so an engine's "dirty" rebuild
(and `make serve`) renders only what an edit changed; files that no longer belong are removed.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

import yaml
from mkdocs.utils.yaml import yaml_load

from . import layout
from .exports import DATA_PAGE, data_page, tree_files
from .knowledge import KnowledgeBase
from .pages import check_front_matter, hand_written
from .problems import Problem, ProblemsFound
from .registry import EDITIONS, Edition
from .render import Abbreviations, RenderedPage, helpers, render_pages
from .share import IMAGE, Share, share_from_config
from .share import labels as share_labels

DOCS = "docs"  # hand-written pages and assets, in the project
PLUGIN = (
    "nmi-kb"  # our MkDocs plugin's name (pyproject.toml's entry point), for plain `mkdocs build`
)


@dataclass(frozen=True)
class Tree:
    root: Path  # the tree's folder: mkdocs.yml and docs/
    config: Path
    pages: int  # Markdown pages in the tree
    written: int  # files written by this call (0 when nothing changed)
    removed: int


def write_tree(kb: KnowledgeBase, root: Path, edition: Edition, tree: Path, site_dir: Path) -> Tree:
    """Write `edition`'s tree into `tree` (created if missing). Raises ProblemsFound."""
    root, tree = Path(root), Path(tree)
    config = edition_config(kb, root, edition, tree, site_dir)
    from .build import source_date_epoch  # build.py imports this module

    share = share_from_config(config, root, int(source_date_epoch(root)))
    files = _tree_files(kb, root, edition, config.get("repo_url"), share)
    files["mkdocs.yml"] = (
        "# Written by the build (scripts/nmikb/generate.py) from "
        + edition.config
        + ": do not edit.\n"
        + yaml.safe_dump(config, allow_unicode=True, sort_keys=False)
    ).encode("utf-8")
    written = removed = 0
    folders: set[Path] = set()
    for rel, data in files.items():
        path = tree / rel
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
            removed += 1
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    pages = sum(1 for rel in files if rel.endswith(".md"))
    return Tree(tree, tree / "mkdocs.yml", pages, written, removed)


def edition_config(
    kb: KnowledgeBase, root: Path, edition: Edition, tree: Path, site_dir: Path
) -> dict:
    """The project's configuration of this edition, pointed at the tree, with no hook."""
    with open(root / edition.config, "rb") as f:
        config = yaml_load(f)  # MkDocs' own reader: INHERIT and !ENV work as in `mkdocs build`
    # The tree is complete: nothing is left for our plugin (or an old-style hook) to add.
    config.pop("hooks", None)
    plugins = config.get("plugins")
    if isinstance(plugins, dict):
        plugins.pop(PLUGIN, None)
    elif isinstance(plugins, list):
        config["plugins"] = [
            p for p in plugins if p != PLUGIN and not (isinstance(p, dict) and PLUGIN in p)
        ]
    config.pop("watch", None)
    config["docs_dir"] = str((tree / DOCS).absolute())
    config["site_dir"] = str(Path(site_dir).absolute())
    theme = config.get("theme") or {}
    if isinstance(theme, dict) and theme.get("custom_dir"):
        theme["custom_dir"] = str((root / theme["custom_dir"]).resolve())
    # The theme prints these without escaping (MkDocs' Jinja has no autoescape): escape them here.
    config["site_name"] = html.escape(kb.site.name[edition.lang])
    config["site_description"] = html.escape(kb.site.pages["index"].description[edition.lang])
    # One public address for the whole site (mkdocs.yml, or NMI_SITE_URL): each edition lives
    # under its own prefix, and the theme needs the root for language alternates (share.py).
    if config.get("site_url"):
        root_url = (
            config["site_url"] if config["site_url"].endswith("/") else config["site_url"] + "/"
        )
        config["site_url"] = root_url + (edition.prefix + "/" if edition.prefix else "")
        extra = config.setdefault("extra", {})
        extra["public"] = {
            "root": root_url,
            "locale": share_labels(edition.lang)["locale"],
            "locales": [
                {"lang": e.lang, "locale": share_labels(e.lang)["locale"]} for e in EDITIONS
            ],
            "image": IMAGE,
        }
    return config


def _tree_files(
    kb: KnowledgeBase,
    root: Path,
    edition: Edition,
    repo_url: str | None,
    share: Share | None = None,
) -> dict[str, bytes]:
    """Every file of the tree's docs folder, by path relative to the tree."""
    docs = root / DOCS
    out: dict[str, bytes] = {}
    abbr = Abbreviations(kb, edition.lang)
    generated = render_pages(kb, edition.lang, repo_url=repo_url, abbr=abbr, share=share)
    if share is not None:  # the exports and the Data page need the site's address (exports.py)
        exported = tree_files(kb, edition.lang, share)
        out.update({f"{DOCS}/{rel}": data for rel, data in exported.items()})
        generated.append(data_page(kb, edition.lang, share, exported, abbr))
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
            out[f"{DOCS}/{name}"] = abbr.append_to(
                (docs / variants[edition.lang]).read_text(encoding="utf-8")
            ).encode("utf-8")
    for rel in sources:
        if not rel.endswith(".md"):
            out[f"{DOCS}/{rel}"] = (docs / rel).read_bytes()
    for page in generated:
        out[f"{DOCS}/{page.name}"] = page.markdown.encode("utf-8")
    return out


def page_types(kb: KnowledgeBase, root: Path, lang: str = "en") -> list[str]:
    """One page of each type the site has, by path without ".md": checks that must see every kind
    of page once (the browser tests, the audit) walk these, so a new kind of page is checked as
    soon as the layout makes one.

    A type is a template within a section (the timeline's list pages, an event page, the
    glossary's index); of its pages, the one with the longest text (the richest: most links,
    tooltips and pictures), the first of equals. Then the Data page and the hand-written pages."""
    best: dict[tuple[str, str], RenderedPage] = {}
    specs = {page.path: page for page in layout.pages(kb, helpers(kb, lang))}
    for page in render_pages(kb, lang):
        spec = specs[page.name]
        key = (spec.template, page.name.rpartition("/")[0].partition("/")[0])
        if key not in best or len(page.markdown) > len(best[key].markdown):
            best[key] = page
    docs = Path(root) / DOCS
    written, _ = hand_written([p.relative_to(docs).as_posix() for p in docs.rglob("*.md")], DOCS)
    names = [p.name for p in best.values()] + [DATA_PAGE] + sorted(written)
    return [name.removesuffix(".md") for name in names]
