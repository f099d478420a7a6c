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
from .registry import EDITIONS, ENTITY, EVENT, TERM, Edition
from .render import Abbreviations, RenderedPage, helpers, render_pages
from .share import IMAGE, Share, share_from_config
from .share import labels as share_labels
from .views import entity_page, event_page

DOCS = "docs"  # hand-written pages and assets, in the project
PLUGIN = (
    "nmi-kb"  # our MkDocs plugin's name (pyproject.toml's entry point), for plain `mkdocs build`
)


class Reuse:
    """What one edition's last write_tree rendered, kept by `make serve` between saves, so that
    the next one renders again only the pages and exports an edit can change.

    Any change but to events' contents (the site, the scope, an entity, a term, a source or its
    text, a record added or removed, the site's address or the data's history) renders
    everything. When only some events changed, what shows an event is rendered again: its own
    page and JSON, the home page, the scope, the timeline, the sources and coverage (the facts
    citing them), the Data page, and the pages of the entities it concerns (before or after the
    edit: their lists of events). Nothing else shows an event's data: another event's page shows
    that event alone, with its actors' names, its sources and the glossary's tooltips; an
    entity's page shows the events it is an actor of, and the scope's relations (which
    give the date of the event that decided them: if a changed event is one, every entity's page
    is rendered again); the glossary shows no event at all. Code, templates and configuration
    are the caller's to watch (serve.py starts a new Reuse when they change).
    """

    def __init__(self) -> None:
        self.kb: KnowledgeBase | None = None
        self.share: Share | None = None
        self.repo_url: str | None = None
        self.pages: dict[str, RenderedPage] = {}
        self.exports: dict[str, bytes] = {}
        self.tree: Path | None = None  # the tree last written, and its files
        self.files: dict[str, bytes] = {}

    def changed_events(
        self, kb: KnowledgeBase, share: Share | None, repo_url: str | None
    ) -> set[str] | None:
        """Ids of the events whose contents changed since the last call, or None when anything
        else did (or there was no last call): then nothing is kept."""
        old = self.kb
        if (
            old is None
            or share != self.share
            or repo_url != self.repo_url
            or old.site != kb.site
            or old.scope != kb.scope
            or old.sources != kb.sources
            or old.entities != kb.entities
            or old.glossary != kb.glossary
            or [e.id for e in old.events] != [e.id for e in kb.events]
            or {k: t.raw for k, t in old.texts.items()} != {k: t.raw for k, t in kb.texts.items()}
        ):
            return None
        return {new.id for new, was in zip(kb.events, old.events, strict=True) if new != was}

    def kept_pages(self, kb: KnowledgeBase, changed: set[str] | None) -> dict[str, RenderedPage]:
        """The pages of the last call that `changed` events leave as they were, by path."""
        old = self.kb
        if changed is None or old is None:
            return {}
        keep = {event_page(e.id) for e in kb.events if e.id not in changed}
        decided_by = {i.decided_by for i in kb.scope.institutions}
        if not changed & decided_by:
            actors = {a for ev in changed for a in (*old.event[ev].actors, *kb.event[ev].actors)}
            shown = {entity_page(a) for a in actors}
            keep |= {
                path
                for path in self.pages
                if path.startswith(f"{TERM.folder}/")
                or (
                    path.startswith(f"{ENTITY.folder}/")
                    and path not in shown
                    and not any(path.startswith(f"{ENTITY.folder}/{a}/") for a in actors)
                )
            }
        return {path: self.pages[path] for path in keep if path in self.pages}

    def keep(
        self,
        kb: KnowledgeBase,
        share: Share | None,
        repo_url: str | None,
        pages: list[RenderedPage],
        exports: dict[str, bytes],
    ) -> None:
        self.kb, self.share, self.repo_url = kb, share, repo_url
        self.pages = {p.name: p for p in pages}
        self.exports = exports


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
    from .build import source_date_epoch  # build.py imports this module

    share = share_from_config(config, root, int(source_date_epoch(root)))
    files = _tree_files(kb, root, edition, config.get("repo_url"), share, reuse)
    files["mkdocs.yml"] = (
        "# Written by the build (scripts/nmikb/generate.py) from "
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
    # The sidebar comes from the layout, not from mkdocs.yml: the index pages, the Data page,
    # then the hand-written pages, so a new hand-written page joins it without editing a list.
    config["nav"] = [*layout.NAV, DATA_PAGE, *_hand_written_names(root)]
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
    if share is not None:  # the exports and the Data page need the site's address (exports.py)
        kept = {}
        if reuse is not None and changed is not None:
            # A record's JSON shows that record alone.
            paths = (f"{EVENT.folder}/{e.id}.json" for e in kb.events if e.id not in changed)
            kept = {p: reuse.exports[p] for p in paths if p in reuse.exports}
        exported = tree_files(kb, edition.lang, share, kept)
        out.update({f"{DOCS}/{rel}": data for rel, data in exported.items()})
        generated.append(data_page(kb, edition.lang, share, exported, abbr))
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
            out[f"{DOCS}/{name}"] = abbr.append_to(
                (docs / variants[edition.lang]).read_text(encoding="utf-8")
            ).encode("utf-8")
    for rel in sources:
        if not rel.endswith(".md"):
            out[f"{DOCS}/{rel}"] = (docs / rel).read_bytes()
    for page in generated:
        out[f"{DOCS}/{page.name}"] = page.markdown.encode("utf-8")
    return out


def _hand_written_names(root: Path) -> list[str]:
    """The hand-written pages of docs/ by name (`about.md` for about.md and about.fr.md)."""
    docs = Path(root) / DOCS
    written, _ = hand_written([p.relative_to(docs).as_posix() for p in docs.rglob("*.md")], DOCS)
    return sorted(written)


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
    names = [p.name for p in best.values()] + [DATA_PAGE] + _hand_written_names(root)
    return [name.removesuffix(".md") for name in names]
