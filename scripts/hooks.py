"""MkDocs hook, for a plain `mkdocs build` or `mkdocs serve` from the project folder.

Our own build does not use it: it writes each edition's Markdown tree (generate.py) and renders
that tree with no hook at all. This hook does the same from inside MkDocs: it writes the tree of
the configured edition under `.build/` and points MkDocs at it. Thin by design.
"""

from __future__ import annotations

import sys
from pathlib import Path

# MkDocs imports hooks by file path, not as part of a package: make `scripts` importable.
_PROJECT = Path(__file__).resolve().parent.parent
if str(_PROJECT) not in sys.path:
    sys.path.insert(0, str(_PROJECT))

from mkdocs.exceptions import PluginError  # noqa: E402

from scripts.generate import edition_config, write_tree  # noqa: E402
from scripts.load import load_knowledge_base  # noqa: E402
from scripts.problems import ProblemsFound  # noqa: E402
from scripts.registry import EDITIONS  # noqa: E402
from scripts.slim import focusable_abbr  # noqa: E402


def on_config(config):
    # Validate before MkDocs touches site_dir, so bad data never costs the last good site.
    root = Path(config.config_file_path).resolve().parent
    edition = next(e for e in EDITIONS if e.lang == config.theme["language"])
    tree = root / ".build" / edition.lang
    try:
        kb = load_knowledge_base(root)
        write_tree(kb, root, edition, tree, Path(config.site_dir))
    except ProblemsFound as err:
        raise PluginError("\n" + err.report()) from None
    config.docs_dir = str(tree / "docs")
    derived = edition_config(kb, root, edition, tree, Path(config.site_dir))
    config.site_name, config.site_description = derived["site_name"], derived["site_description"]
    if derived.get("extra", {}).get("public"):  # the site's address known: alternates, OpenGraph (share.py)
        config.extra["public"], config.site_url = derived["extra"]["public"], derived["site_url"]
    return config


def on_page_content(html, page, config, files):
    return focusable_abbr(html)
