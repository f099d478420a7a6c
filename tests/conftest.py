"""Shared fixtures: the real project, throwaway copies of it, and real builds.

Tests of the real data check only what holds for any valid data (it validates, both editions
build strictly, every quote is found, every link resolves...): a data pull request must never
break them. Those that take `dataset` run twice, on the real data (`data`) and on a copy with the
realistic contribution of tests/fixtures/contribution/ added (`data+contribution`), each built
once per session. Behaviour (what a page says, in which order, in which words) is tested on the
fixture `tiny` (tests/fixtures/tiny/: our own texts, in two languages), built once too.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from contribution import apply_contribution
from nmikb.knowledge.base import KnowledgeBase
from nmikb.knowledge.load import load_knowledge_base
from nmikb.pages.lists import PAGE_SIZE
from nmikb.pages.render import page_types
from nmikb.site.archive import PROJECT_FILES
from nmikb.site.build import build_site

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
TINY = FIXTURES / "tiny"
# The most HTML a page may weigh, whatever the data: lists are paginated and long lists of facts
# cut short with a link to the rest (tests/test_scale.py holds hundreds of records to it too).
PAGE_BOUND = 100_000
# One page of each type in the real site, without ".html" (the home page, each index and list
# page, a record page of each kind, the Data page, the hand-written pages), as the layout makes
# them: a new kind of page joins the HTML, browser and engine checks without editing this file.
PAGE_TYPES = page_types(load_knowledge_base(ROOT), ROOT)


def make_project(
    dest: Path, data: Path | None = None, seeds: Path | None = None, docs: Path | None = None
) -> Path:
    """A copy of the project whose data (and seeds, docs) can be replaced or broken freely."""
    dest.mkdir(parents=True, exist_ok=True)
    # The configurations, and the project's files the offline archive carries beside the site.
    for name in ("mkdocs.yml", "mkdocs.fr.yml", *PROJECT_FILES):
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


@pytest.fixture(scope="session")
def contributed_project(tmp_path_factory) -> Path:
    """A copy of the project with the contribution of tests/fixtures/contribution/ added."""
    project = make_project(tmp_path_factory.mktemp("contributed") / "project")
    apply_contribution(project)
    return project


@pytest.fixture(scope="session")
def contributed_site(contributed_project) -> Path:
    """That copy, built once by the real pipeline: both editions, strict."""
    out = contributed_project / "site"
    build_site(contributed_project, out)
    return out


@dataclass(frozen=True)
class Dataset:
    """Valid data as the tests of the real data see it: its project, its knowledge base, its
    site, and one page of each type (as `PAGE_TYPES`)."""

    name: str
    root: Path
    kb: KnowledgeBase
    site: Path

    @property
    def page_types(self) -> list[str]:
        return page_types(self.kb, self.root)


@pytest.fixture(scope="session", params=["data", "data+contribution"])
def dataset(request) -> Dataset:
    """The real data, then the real data with a realistic contribution added: a test of the
    real data that takes this fixture proves it holds for data it has never seen."""
    if request.param == "data":
        return Dataset("data", ROOT, request.getfixturevalue("kb"), request.getfixturevalue("site"))
    root = request.getfixturevalue("contributed_project")
    site = request.getfixturevalue("contributed_site")
    return Dataset(request.param, root, load_knowledge_base(root), site)


@pytest.fixture(scope="session")
def tiny_kb() -> KnowledgeBase:
    return load_knowledge_base(TINY)


@pytest.fixture(scope="session")
def tiny_site(tmp_path_factory) -> Path:
    """The fixture `tiny` (two sources in two languages, a disagreement on a day, every kind of
    record and relation), built once by the real pipeline: both editions, strict."""
    project = make_project(
        tmp_path_factory.mktemp("tiny") / "project", data=TINY / "data", seeds=TINY / "seeds"
    )
    build_site(project, project / "site")
    return project / "site"


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


@pytest.fixture
def tiny_project(tmp_path) -> Path:
    """A copy of the project with the fixture `tiny` as its data, to break or edit freely."""
    return make_project(tmp_path / "tiny", data=TINY / "data", seeds=TINY / "seeds")


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


# One more than a list page holds: the English letter N takes two pages, the French one one.
TERMS = PAGE_SIZE + 1


def lopsided_glossary(data: Path) -> None:
    """Terms whose English abbreviations all start with N, and whose French ones start with
    other letters but for one: N has two list pages in English and one in French."""
    for i in range(TERMS):
        french = "NF" if i == 0 else f"{'ABDEGHJKLOPQRSTUVXYZ'[i % 19]}F{i}"
        (data / "glossary" / f"term-{i}.yaml").write_text(
            f"id: term-{i}\n"
            f"en: {{abbr: NE{i}, full: Named entry {i}, status: common}}\n"
            f"fr: {{abbr: {french}, full: Entrée nommée {i}, status: common}}\n"
            f"definition: {{en: Entry {i} of the test glossary., "
            f"fr: Entrée {i} du glossaire de test.}}\n"
            "citations:\n"
            "  - source: gazette\n"
            "    quote: conseil communal\n"
            "    translation: {en: municipal council}\n",
            encoding="utf-8",
        )
