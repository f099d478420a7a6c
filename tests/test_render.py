"""Rendering: golden pages for a small second dataset (about something else entirely, which
proves nothing about NMI is hard-coded), and escaping that keeps data text literal.

To accept a deliberate change of output: UPDATE_GOLDEN=1 pytest tests/test_render.py
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import TINY, make_project
from nmikb.data.registry import KINDS
from nmikb.pages.abbreviations import abbreviations
from nmikb.pages.render import escape_md, render_pages
from nmikb.site.build import build_site

GOLDEN = Path(__file__).parent / "golden" / "tiny"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_pages_match_golden_files(tiny_kb, lang):
    pages = {p.name: p.markdown for p in render_pages(tiny_kb, lang)}
    pages["abbreviations.md"] = "\n".join(abbreviations(tiny_kb, lang).values()) + "\n"
    folder = GOLDEN / lang
    if os.environ.get("UPDATE_GOLDEN"):
        shutil.rmtree(folder, ignore_errors=True)
        for name, text in pages.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(text, encoding="utf-8")
    expected = {
        p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
        for p in folder.rglob("*.md")
    }
    assert sorted(expected) == sorted(pages)
    for name in pages:
        assert pages[name] == expected[name], f"{lang}/{name} differs from its golden file"


def test_every_record_has_its_page_and_every_list_its_index(tiny_kb):
    names = [p.name for p in render_pages(tiny_kb, "en")]
    assert len(names) == len(set(names))
    for kind in KINDS:
        for record in tiny_kb.records(kind):
            assert f"{kind.folder}/{record.id}.md" in names
    index_pages = [
        "index.md",
        "scope.md",
        "timeline/index.md",
        "entities/index.md",
        "glossary/index.md",
        "sources/index.md",
        "coverage.md",
    ]
    assert set(index_pages) <= set(names)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("<script>alert(1)</script>", r"&lt;script&gt;alert\(1\)&lt;\/script&gt;"),
        ("<A b", "&lt;A b"),
        ("&lt; & AT&T", r"&amp;lt\; &amp; AT&amp;T"),
        ("[x](javascript:alert(1))", r"\[x\]\(javascript\:alert\(1\)\)"),
        ("{: onclick=alert(1) }", r"\{\: onclick\=alert\(1\) \}"),
        ('--8<-- "/etc/passwd"', r"\-\-8&lt;\-\- \"\/etc\/passwd\""),
        ("line\n# heading\n---", r"line \# heading \-\-\-"),
        ("{{ 7*7 }}", r"\{\{ 7\*7 \}\}"),
        ("l’Atlantique « NMI »", "l’Atlantique « NMI »"),
    ],
)
def test_escape_md_makes_markdown_syntax_literal(text, expected):
    assert escape_md(text) == expected


@pytest.mark.build
def test_second_dataset_builds_into_a_site_about_it(tmp_path):
    project = make_project(tmp_path / "tiny", data=TINY / "data", seeds=TINY / "seeds")
    out = project / "site"
    build_site(project, out)
    html = (out / "timeline" / "index.html").read_text(encoding="utf-8")
    doc = BeautifulSoup(html, "html.parser")
    assert doc.select_one("article a[href='../events/council-votes.html']") is not None
    assert [t["datetime"] for t in doc.select("article time[datetime]")] == [
        "2024-02",
        "2024-03-04",
        "2025",
    ]
    # Data with markup in it shows as text.
    assert "The council votes &lt;the&gt; *renovation*." in (
        out / "events" / "council-votes.html"
    ).read_text(encoding="utf-8")
    assert doc.find("the") is None and doc.find("em", string="renovation") is None
    fr = BeautifulSoup(
        (out / "fr" / "glossary" / "municipal-council.html").read_text(encoding="utf-8"),
        "html.parser",
    )
    assert fr.find("h1").get_text().startswith("CC — Conseil communal")
    # Nothing of the real knowledge base leaks into another dataset's site.
    for page in out.rglob("*.html"):
        text = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one("article")
        if text is not None and page.name != "about.html":
            assert "NMI" not in text.get_text() and "Iraq" not in text.get_text(), page


def test_pages_link_their_data_files_when_the_repository_is_known(tiny_kb):
    pages = {
        p.name: p for p in render_pages(tiny_kb, "en", repo_url="https://github.com/example/nmi-kb")
    }
    page = pages["events/council-votes.md"]
    assert (
        f"[{escape_md('data/events/council-votes.yaml')}](https://github.com/example/nmi-kb/blob/HEAD/data/events/council-votes.yaml)"
        in page.markdown
    )
    with pytest.raises(ValueError):
        render_pages(tiny_kb, "en", repo_url="javascript:alert(1)")


# --- Time, derived from data -------------------------------------------------------------------


def _scope_rows(markdown: str) -> dict[str, list[str]]:
    """The scope table's rows: anchor of the institution -> [before, from]."""
    rows = {}
    for line in markdown.splitlines():
        if line.startswith("| [") and "](#" in line:
            cells = [re.sub(r"<[^>]+>", "", c).strip() for c in line.strip("|").split(" | ")]
            rows[cells[0].split("](#")[1].rstrip(")")] = cells[1:]
    return rows


def test_scope_view_is_derived_from_each_relations_time(tiny_kb):
    from nmikb.pages.helpers import helpers

    h = helpers(tiny_kb, "en")
    ongoing, announced, _decided = tiny_kb.scope.institutions
    # The data, not the template, decides: a relation in effect as of the scope's date, whose
    # start no source gives, holds from the reference date; whether it held before is not known
    # (None), never a tick...
    view = h.relation(ongoing)
    assert (view.state, view.before) == ("ongoing", None)
    # ...and one the source puts in the future is what was decided, not work under way.
    view = h.relation(announced)
    assert (view.state, view.before) == ("planned", False)
    assert h.relation_label(view) == "Will advise"
    scope = {p.name: p.markdown for p in render_pages(tiny_kb, "en")}["scope.md"]
    rows = _scope_rows(scope)
    assert rows["supports-ardennes-bridge"] == [
        "not stated",
        "✓ Supports (ongoing as of Sunday 3 March 2024)",
    ]
    # ...which its title says in full.
    assert 'title="no cited source says when it began">not stated<' in scope
    assert rows["advises-ardennes-bridge"] == ["—", "→ Will advise (start announced for 2025)"]
    assert rows["supports-meuse-bridges-trust"] == [
        "—",
        "→ Will support (added by the decision announced on Monday 4 March 2024)",
    ]


def test_a_decision_is_shown_as_a_decision_and_a_start_as_a_start(tiny_kb):
    from nmikb.data.models import Start
    from nmikb.pages.helpers import helpers

    h = helpers(tiny_kb, "en")
    item = tiny_kb.scope.institutions[1]
    decided = item.model_copy(
        update={"start": Start(on=str(tiny_kb.event["council-votes"].date), basis="decision")}
    )
    view = h.relation(decided)
    assert (view.state, view.before) == ("decided", False)
    # Said with the aspect that dates the deciding event: a vote dated by when it took place.
    assert view.after_note == "added by the decision taken in February 2024"
    # A start known only to the year is not known to be before a day of that same year.
    for on, before in (("2023", True), ("2024", False), ("2024-02", True), ("2024-03", False)):
        started = item.model_copy(
            update={
                "start": Start.model_validate(
                    {"on": on, "basis": "start-of-activity"}, strict=False
                )
            }
        )
        assert h.relation(started).before is before, on


# --- Language -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Source : Le Soir", "Source\u00a0: Le Soir"),
        ("x ; y ! z ?", "x\u202f; y\u202f! z\u202f?"),
        (
            "à la suite «d’une demande», a précisé",
            "à la suite «\u202fd’une demande\u202f», a précisé",
        ),
        ("« NATO »", "«\u202fNATO\u202f»"),
        ("100 %", "100\u00a0%"),
        ("https://example.org 12:30", "https://example.org 12:30"),
    ],
)
def test_french_typography(text, expected):
    from nmikb.edition.typography import typography

    assert typography(text, "fr") == expected
    assert typography(text, "en") == text


def test_every_label_is_used_and_both_languages_have_the_same():
    import re

    import nmikb
    from nmikb.edition.labels import labels

    en, fr = labels("en"), labels("fr")
    assert set(en) == set(fr)
    package = Path(nmikb.__file__).parent
    code = "".join(
        p.read_text(encoding="utf-8") for p in [*package.rglob("*.j2"), *package.rglob("*.py")]
    )
    # Labels looked up by a computed key: precision_<day|month|year>, on_<…>, will_<relation>,
    # title_<status>, pic_desc_<key>. Also L[relation] (advises, supports), L[group] (the scope's
    # activities, principles, aims), L[label] (a source's issuer, author, publisher; how its date
    # is given: byline, document_quote) and the timeline picture's keys (pic_<key>).
    dynamic = ("precision_", "on_", "will_", "title_", "pic_desc_")
    computed = {"advises", "supports", "activities", "principles", "aims"}
    computed |= {"issuer", "author", "publisher", "byline", "document_quote"}
    computed |= {"pic_inferred", "pic_rival"}
    unused = [
        k
        for k in en
        if not k.startswith(dynamic)
        and k not in computed
        # Labels around a date are looked up by Helpers.dated("key", date).
        and not re.search(rf"L\.{k}\b|L\[\"{k}\"\]|L\['{k}'\]|dated\(\"{k}\"", code)
    ]
    assert unused == []
