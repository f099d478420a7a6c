"""The page plan: which pages each edition has is decided page by page, and every link the plan
gives a page (language switcher, pager, sidebar) is checked before anything is rendered.

A glossary letter can take more list pages in one language than in the other: abbreviations
are each language's own (NAC is CAN in French). The fixture here is the tiny dataset with one
list page more under N in English than in French, as the data of a large knowledge base has.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import threading
import time
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import FIXTURES, lopsided_glossary, make_project
from nmikb.knowledge.load import load_knowledge_base
from nmikb.pages import plan as page_plan
from nmikb.pages.helpers import helpers
from nmikb.pages.lists import PAGE_SIZE
from nmikb.pages.plan import plan_problems, site_plan
from nmikb.pages.render import render_pages
from nmikb.pages.types.coverage import additions
from nmikb.pages.types.sources import SENTENCES_PER_PAGE
from nmikb.site import build as site_build
from nmikb.site.build import BuildFailed, build_site

TINY = FIXTURES / "tiny"
# Sentences added to a source's text: its body then takes three pages.
SENTENCES = 2 * SENTENCES_PER_PAGE + 1


@pytest.fixture(scope="module")
def lopsided(tmp_path_factory) -> Path:
    data = tmp_path_factory.mktemp("data") / "data"
    shutil.copytree(TINY / "data", data)
    lopsided_glossary(data)
    return make_project(tmp_path_factory.mktemp("lopsided") / "p", data=data, seeds=TINY / "seeds")


def test_a_list_page_one_edition_lacks_leads_its_switcher_to_a_stand_in(lopsided):
    plans = site_plan(load_knowledge_base(lopsided))
    en = {p.path: p for p in plans["en"]}
    fr = {p.path for p in plans["fr"]}
    assert "glossary/letter/n-2.md" in en and "glossary/letter/n-2.md" not in fr
    # Decided page by page: the letter's first page is in both editions, its second in one.
    assert "glossary/letter/n.md" in fr
    assert en["glossary/letter/n.md"].alternate == ""
    assert en["glossary/letter/n-2.md"].alternate == "glossary/index.md"
    assert plan_problems(plans, {}, ["index.md"]) == []


def test_the_site_builds_and_each_switcher_leads_to_a_page(lopsided, tmp_path):
    out = tmp_path / "site"
    build_site(lopsided, out)

    def switcher(page: str) -> dict[str, str]:
        soup = BeautifulSoup((out / page).read_text(encoding="utf-8"), "html.parser")
        return {a["hreflang"]: a["href"] for a in soup.select("a.md-select__link")}

    assert not (out / "fr" / "glossary" / "letter" / "n-2.html").exists()
    assert switcher("glossary/letter/n-2.html")["fr"] == "../../fr/glossary/index.html"
    assert switcher("glossary/letter/n.html")["fr"] == "../../fr/glossary/letter/n.html"
    # A page with a stand-in names no alternate in the other language: it is not the same page.
    for page, hreflangs in (
        ("glossary/letter/n-2.html", {"en", "x-default"}),
        ("glossary/letter/n.html", {"en", "fr", "x-default"}),
    ):
        soup = BeautifulSoup((out / page).read_text(encoding="utf-8"), "html.parser")
        assert {link["hreflang"] for link in soup.select("link[hreflang]")} == hreflangs, page


def test_each_fault_of_a_plan_is_named_with_its_page_and_link(lopsided):
    plans = site_plan(load_knowledge_base(lopsided))
    en = plans["en"]
    # The switcher decided per letter (as it was): page 2 of N believed to be in French too.
    n2 = next(i for i, p in enumerate(en) if p.path == "glossary/letter/n-2.md")
    en[n2] = replace(en[n2], alternate="")
    # A list page whose pager names a page the plan does not make.
    n1 = next(i for i, p in enumerate(en) if p.path == "glossary/letter/n.md")
    en[n1] = replace(en[n1], links=(*en[n1].links, "glossary/letter/n-3.md"))
    assert plan_problems(
        plans, {"en": ["data.md"], "fr": ["data.md"]}, ["index.md", "data.md", "gone.md"]
    ) == [
        "the sidebar of the en edition: gone.html — no such page in the plan",
        "glossary/letter/n.html: links to glossary/letter/n-3.html — "
        "the en edition has no such page",
        "glossary/letter/n-2.html: its language switcher leads to fr/glossary/letter/n-2.html — "
        "the fr edition has no such page",
        "the sidebar of the fr edition: fr/gone.html — no such page in the plan",
    ]


def test_a_faulty_plan_stops_the_build_before_anything_is_rendered(lopsided, tmp_path, monkeypatch):
    """The old rule (a letter in both editions has all its pages in both) as a fault: the build
    stops with the page and the link named, having written no tree and started no engine."""
    monkeypatch.setattr(
        page_plan,
        "_stand_in",
        lambda path, others: path if path.endswith("-2.md") else "glossary/index.md",
    )
    written = []
    monkeypatch.setattr(site_build, "write_tree", lambda *args, **kw: written.append(args))
    out = tmp_path / "site"
    with pytest.raises(BuildFailed) as err:
        build_site(lopsided, out)
    assert str(err.value).splitlines() == [
        "the page plan has links that lead nowhere (nothing was rendered):",
        "glossary/letter/n-2.html: its language switcher leads to fr/glossary/letter/n-2.html — "
        "the fr edition has no such page",
    ]
    assert written == [] and not out.exists()


def test_each_edition_is_planned_by_the_process_that_writes_it(lopsided, tmp_path, monkeypatch):
    """`make site` plans the first edition in its own process and each other one in the copy
    that writes that edition's tree, at once: this process plans no other edition, and the
    stand-ins are still set where the other edition lacks a page (the English letter N's second
    page; its language switcher leads to the French glossary). A copy that fails while planning
    fails the build with its own message, before anything is written."""
    planned = []
    real = site_build.edition_plan

    def recorded(kb, lang):
        planned.append(lang)
        return real(kb, lang)

    monkeypatch.setattr(site_build, "edition_plan", recorded)
    out = tmp_path / "site"
    build_site(lopsided, out)
    assert planned == ["en"]
    soup = BeautifulSoup(
        (out / "glossary/letter/n-2.html").read_text(encoding="utf-8"), "html.parser"
    )
    switcher = {a["hreflang"]: a["href"] for a in soup.select("a.md-select__link")}
    assert switcher["fr"] == "../../fr/glossary/index.html"

    # Told in more than a pipe holds (64 KiB): the copy waited for this process to read it, which
    # waited for the copy's link to end (a hang, until the copy closed its link first).
    told = "the French plan could not be made: " + "a long report " * 6000

    def failing(kb, lang):
        if lang == "fr":
            raise BuildFailed(told)
        return real(kb, lang)

    monkeypatch.setattr(site_build, "edition_plan", failing)
    again = tmp_path / "again"
    with pytest.raises(BuildFailed) as err, _hangs_after(60):
        build_site(lopsided, again)
    assert str(err.value) == told
    assert not again.exists()


@pytest.mark.parametrize("when", ["before its paths", "after its paths"])
def test_a_copy_killed_while_planning_fails_the_build_with_one_line(
    lopsided, tmp_path, monkeypatch, when
):
    """Killed (out of memory) before it sends its pages' paths, or once this process waits for
    what the check reads: the build says a step stopped, not that the disk failed (a broken
    pipe), and publishes nothing."""
    real = site_build.edition_plan

    def dying(kb, lang):
        if lang == "fr":
            if when == "before its paths":
                os.kill(os.getpid(), signal.SIGKILL)
            threading.Timer(0.05, os.kill, (os.getpid(), signal.SIGKILL)).start()
            return real(kb, lang)
        time.sleep(0.5)  # this process plans past the copy's death
        return real(kb, lang)

    monkeypatch.setattr(site_build, "edition_plan", dying)
    out = tmp_path / "site"
    with pytest.raises(BuildFailed) as err, _hangs_after(60):
        build_site(lopsided, out)
    assert str(err.value) == "a step of the build stopped unexpectedly"
    assert not out.exists()


@contextmanager
def _hangs_after(seconds: int):
    """A hang becomes a failure of the test (SIGALRM), not of the whole run."""

    def hung(*_):
        raise AssertionError(f"still waiting after {seconds} s: a hang")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_the_editors_notes_past_a_page_go_on_pages_of_their_own(tmp_path):
    """Every record can hold notes, and the coverage page lists them all, with the editors' other
    additions (readings of dates, reasons, supplied titles): past PAGE_SIZE, the rest go on pages
    of their own, numbered on, with a pager both ways."""
    data = tmp_path / "data"
    shutil.copytree(TINY / "data", data)
    term = data / "glossary" / "municipal-council.yaml"
    notes = "".join(
        f"  - kind: definition\n    text: {{en: Note {i}., fr: Note {i}.}}\n"
        for i in range(PAGE_SIZE + 1)
    )
    term.write_text(term.read_text(encoding="utf-8") + "context:\n" + notes, encoding="utf-8")
    kb = load_knowledge_base(make_project(tmp_path / "p", data=data, seeds=TINY / "seeds"))
    plans = site_plan(kb)
    assert plan_problems(plans, {}, ["coverage.md"]) == []
    pages = {p.name: p.markdown for p in render_pages(kb, "en", plan=plans["en"])}
    first = BeautifulSoup(pages["coverage.md"], "html.parser")
    second = BeautifulSoup(pages["coverage/notes-2.md"], "html.parser")
    assert len(first.select("ol.kb-context-list > li")) == PAGE_SIZE
    # The notes, and the fixture's other additions after them (a title the editors supply).
    rest = len(additions(kb, helpers(kb, "en"))) - PAGE_SIZE
    assert len(kb.context_notes) - PAGE_SIZE < rest
    assert 0 < rest <= PAGE_SIZE
    assert len(second.select("ol.kb-context-list > li")) == rest
    assert f"Note {PAGE_SIZE}\\." in second.get_text()
    assert second.select_one("ol.kb-context-list")["start"] == str(PAGE_SIZE + 1)
    assert "[2](coverage/notes-2.md)" in pages["coverage.md"]
    assert "[← Previous](../coverage.md)" in pages["coverage/notes-2.md"]
    assert "coverage/notes-3.md" not in pages


def test_a_long_documents_sentences_past_a_page_go_on_pages_of_their_own(tmp_path):
    """A source's page shows its body sentence by sentence, each with the facts that quote it,
    and a document has no bound on its length: past SENTENCES_PER_PAGE, its sentences go on pages
    of their own (sources/<id>/sentences-2.md, …), numbered and anchored on, with a pager both
    ways, in both editions; the summary still counts every sentence."""
    data, seeds = tmp_path / "data", tmp_path / "seeds"
    shutil.copytree(TINY / "data", data)
    shutil.copytree(TINY / "seeds", seeds)
    seed = seeds / "bridges-trust-2024-03-04.txt"
    text = seed.read_text(encoding="utf-8")
    extra = " ".join(f"Inspection number {i} found the deck sound." for i in range(SENTENCES))
    last = "The bridge will stay open to pedestrians."
    seed.write_text(text.replace(last, f"{extra} {last}"), encoding="utf-8")
    kb = load_knowledge_base(make_project(tmp_path / "p", data=data, seeds=seeds))
    total = len(kb.coverage["bridges-trust"])
    assert SENTENCES_PER_PAGE < total - SENTENCES_PER_PAGE <= 2 * SENTENCES_PER_PAGE
    plans = site_plan(kb)
    assert plan_problems(plans, {}, ["index.md"]) == []
    for lang in ("en", "fr"):
        pages = {p.name: p.markdown for p in render_pages(kb, lang, plan=plans[lang])}
        first, second, third = (
            BeautifulSoup(pages[name], "html.parser")
            for name in (
                "sources/bridges-trust.md",
                "sources/bridges-trust/sentences-2.md",
                "sources/bridges-trust/sentences-3.md",
            )
        )
        assert "sources/bridges-trust/sentences-4.md" not in pages
        numbers = [
            int(li["id"].removeprefix("sentence-"))
            for page in (first, second, third)
            for li in page.select("ol.kb-coverage > li")
        ]
        assert numbers == list(range(1, total + 1))
        assert len(first.select("ol.kb-coverage > li")) == SENTENCES_PER_PAGE
        assert second.select_one("ol.kb-coverage")["start"] == str(SENTENCES_PER_PAGE + 1)
        assert f"Inspection number {SENTENCES - 1} found" in third.get_text()
        summary = pages["sources/bridges-trust.md"].split("#coverage")[1].split("<ol")[0]
        assert f" {total} " in summary and "(3 pages " in summary
        # The pagers' links, relative to the docs folder (MkDocs resolves them).
        pager = {
            name: re.findall(r"\]\((?:\.\./)+([^)]+)\)", pages[name].split('class="kb-pages"')[1])
            for name in ("sources/bridges-trust.md", "sources/bridges-trust/sentences-2.md")
        }
        assert "sources/bridges-trust/sentences-2.md" in pager["sources/bridges-trust.md"]
        assert pager["sources/bridges-trust/sentences-2.md"][0] == "sources/bridges-trust.md"
        assert (
            "sources/bridges-trust/sentences-3.md" in pager["sources/bridges-trust/sentences-2.md"]
        )
