"""A stock Material for MkDocs site of the same pages, to measure ours against."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from nmikb.edition.editions import EDITIONS, Edition
from nmikb.knowledge.load import load_knowledge_base
from nmikb.site.tree import write_tree

STOCK_CONFIG = """\
site_name: Stock Material
use_directory_urls: false
theme:
  name: material
  language: {lang}
plugins:
  - search:
      lang: {lang}
markdown_extensions:
  - abbr
  - attr_list
  - def_list
  - md_in_html
  - tables
  - pymdownx.escapeall
  - toc:
      permalink: true
"""


def build_stock(root: Path, dest: Path, edition: Edition = EDITIONS[0]) -> Path:
    """An edition's generated pages (the default one's unless told), built by plain MkDocs with
    Material's defaults in that edition's language, at the root of its own site."""
    kb = load_knowledge_base(root)
    if dest.exists():
        shutil.rmtree(dest)
    tree = write_tree(kb, root, edition, dest, dest / "site")
    # Our tree with stock settings: no theme overrides, our stylesheet and scripts unused.
    shutil.rmtree(dest / "docs" / "assets")
    (dest / "mkdocs.yml").write_text(
        STOCK_CONFIG.format(lang=edition.lang)
        + "nav:\n  - index.md\n  - timeline/index.md\n  - scope.md\n  - entities/index.md\n "
        " - glossary/index.md\n  - sources/index.md\n  - coverage.md\n "
        " - about.md\n",
        encoding="utf-8",
    )
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "-q",
            "-f",
            str(tree.config),
            "-d",
            str(dest / "site"),
        ],
        check=True,
        env=env,
        capture_output=True,
    )
    return dest / "site"
