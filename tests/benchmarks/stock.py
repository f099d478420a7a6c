"""A stock Material for MkDocs site of the same pages, to measure ours against."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from scripts.load import load_knowledge_base
from scripts.render import abbreviations, render_pages

STOCK_CONFIG = """\
site_name: Stock Material
use_directory_urls: false
theme:
  name: material
plugins:
  - search
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


def build_stock(root: Path, dest: Path) -> Path:
    """The English pages, built by plain MkDocs with Material's defaults and no hook."""
    kb = load_knowledge_base(root)
    docs = dest / "docs"
    if dest.exists():
        shutil.rmtree(dest)
    docs.mkdir(parents=True)
    abbr = abbreviations(kb, "en")
    for page in render_pages(kb, "en"):
        (docs / page.name).write_text(page.markdown + "\n\n" + abbr + "\n", encoding="utf-8")
    shutil.copy(root / "docs" / "about.md", docs / "about.md")
    (dest / "mkdocs.yml").write_text(STOCK_CONFIG, encoding="utf-8")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(dest / "mkdocs.yml"), "-d", str(dest / "site")], check=True, env=env, capture_output=True)
    return dest / "site"
