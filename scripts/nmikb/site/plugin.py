"""MkDocs plugin `nmi-kb`, for a plain `mkdocs build` or `mkdocs serve` from the project folder.

Our own build does not use it: it writes each edition's Markdown tree (tree.py) and renders
that tree with no plugin at all, which is what lets other engines (Zensical, which has no plugin
API) render the same pages. This plugin does the same from inside MkDocs: it writes the tree of
the configured edition under `build_dir` and points MkDocs at it. Thin by design.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin

from nmikb.data.problems import ProblemsFound
from nmikb.edition.editions import EDITIONS, Edition
from nmikb.knowledge.load import load_knowledge_base

from .config import edition_config
from .slim import focusable_abbr
from .tree import write_tree


class KnowledgeBaseConfig(Config):
    # Where the edition's generated tree is written, relative to the project folder.
    build_dir = config_options.Type(str, default=".build")


class KnowledgeBasePlugin(BasePlugin[KnowledgeBaseConfig]):
    def __init__(self) -> None:
        self.edition: Edition | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # Validate before MkDocs touches site_dir, so bad data never costs the last good site.
        root = Path(config.config_file_path).resolve().parent
        self.edition = next(e for e in EDITIONS if e.lang == config.theme["language"])
        tree = root / self.config.build_dir / self.edition.lang
        try:
            kb = load_knowledge_base(root)
            write_tree(kb, root, self.edition, tree, Path(config.site_dir))
        except ProblemsFound as err:
            raise PluginError("\n" + err.report()) from None
        config.docs_dir = str(tree / "docs")
        derived = edition_config(kb, root, self.edition, tree, Path(config.site_dir))
        config.nav = derived["nav"]
        config.site_name = derived["site_name"]
        config.site_description = derived["site_description"]
        public = derived.get("extra", {}).get("public")
        if public:  # the site's address is known: alternates, OpenGraph (overrides/partials/)
            config.extra["public"], config.site_url = public, derived["site_url"]
        return config

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Callable
    ) -> LiveReloadServer:
        # `mkdocs serve` watches docs_dir, which is our generated tree: each rebuild writing it
        # would start another. The sources it is made from (data/, docs/, scripts/, seeds/) are
        # in mkdocs.yml's `watch`, which MkDocs adds after this event.
        server.unwatch(config.docs_dir)
        return server

    def on_page_content(self, html: str, **kwargs: object) -> str:
        return focusable_abbr(html)
