"""Shared fixtures: the real project, throwaway copies of it, and real builds."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from nmikb.knowledge.load import load_knowledge_base
from nmikb.pages.render import page_types
from nmikb.site.build import build_site

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
# One page of each type in the real site, without ".html" (the home page, each index and list
# page, a record page of each kind, the Data page, the hand-written pages), as the layout makes
# them: a new kind of page joins the HTML, browser and engine checks without editing this file.
PAGE_TYPES = page_types(load_knowledge_base(ROOT), ROOT)


def make_project(
    dest: Path, data: Path | None = None, seeds: Path | None = None, docs: Path | None = None
) -> Path:
    """A copy of the project whose data (and seeds, docs) can be replaced or broken freely."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "mkdocs.fr.yml"):
        shutil.copy(ROOT / name, dest / name)
    shutil.copytree(data or ROOT / "data", dest / "data")
    shutil.copytree(seeds or ROOT / "seeds", dest / "seeds")
    shutil.copytree(docs or ROOT / "docs", dest / "docs")
    # The code is the code under test: link it, never copy it.
    (dest / "scripts").symlink_to(ROOT / "scripts")
    return dest


@pytest.fixture(scope="session")
def kb():
    return load_knowledge_base(ROOT)


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real data, built once by the real pipeline: both editions, strict."""
    out = tmp_path_factory.mktemp("real") / "site"
    build_site(ROOT, out)
    return out


CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for every browser test (Playwright's sync API allows one per
    thread)."""
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: run `make test` (it installs "
            "Debian's chromium) or set CHROMIUM=/path/to/chromium"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def project(tmp_path) -> Path:
    return make_project(tmp_path / "project")


MULTI = FIXTURES / "multi"  # several sources in two languages (tests/fixtures/multi/README.md)


def make_multi(dest: Path) -> Path:
    """A project of the fixture with several sources, to change or break freely."""
    return make_project(dest, MULTI / "data", MULTI / "seeds")


@pytest.fixture(scope="session")
def multi_project(tmp_path_factory) -> Path:
    return make_multi(tmp_path_factory.mktemp("multi") / "project")


@pytest.fixture(scope="session")
def multi_kb(multi_project):
    return load_knowledge_base(multi_project)


@pytest.fixture(scope="session")
def multi_site(multi_project) -> Path:
    """The fixture with several sources, built once by the real pipeline: both editions."""
    out = multi_project.parent / "site"
    build_site(multi_project, out)
    return out
