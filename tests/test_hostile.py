"""Hostile text in the data renders as literal, harmless text: checked through a real MkDocs
build, and by hypothesis with arbitrary strings in every text field. Links are checked too."""

from __future__ import annotations

import dataclasses
import html
import json
import os
import re
import shutil
from functools import lru_cache
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from mkdocs.config import load_config
from mkdocs.utils.meta import get_data
from pydantic import BaseModel

from conftest import FIXTURES, ROOT, make_project
from nmikb.knowledge.load import load_knowledge_base
from nmikb.pages.render import render_pages
from nmikb.site.build import build_site
from nmikb.site.linkcheck import broken_links

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "click {: onclick=alert(1) }",
    "[link](javascript:alert(1))",
    "[data](data:text/html;base64,PHNjcmlwdD4=)",
    "<!-- comment --> hidden",
    '--8<-- "/etc/passwd"',
    "{{ 7*7 }} {% raw %}",
    "*emphasis* __strong__ `code`",
    "# not a heading",
    "| a | b |",
    "---",
    "&lt;already escaped&gt; &amp;",
    "<https://example.com>",
    "![image](x.png)",
    "Text\\ with \\*backslashes\\*",
]


def _hostile_project(tmp_path):
    """The real data with a hostile string in the site name, page titles and descriptions, and
    every event title and summary."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    strings = iter(HOSTILE * 4)
    files = [(data / "site.yaml", r"^(\s+(?:en|fr): )(.+)$")] + [
        (path, r"^(  (?:en|fr): )(.+)$") for path in sorted((data / "events").glob("*.yaml"))
    ]
    for path, pattern in files:
        text = re.sub(
            pattern,
            lambda m: m.group(1) + json.dumps(next(strings) + " " + m.group(2)),
            path.read_text(encoding="utf-8"),
            count=40,
            flags=re.M,
        )
        path.write_text(text, encoding="utf-8")
    return make_project(tmp_path / "project", data=data)


@pytest.mark.build
def test_hostile_strings_in_real_data_render_as_text(tmp_path):
    project = _hostile_project(tmp_path)
    out = project / "site"
    build_site(project, out)
    shown = []
    for page in sorted(out.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        doc = BeautifulSoup(html, "html.parser")
        # French typography puts no-break spaces before ; : ! ? % and inside « » (also "{ %" for
        # "{%"): compare the text without its spaces.
        shown.append("".join(doc.get_text().split()))
        where = page.relative_to(out)
        # Anywhere in the page — header, title, navigation, table of contents, article:
        assert doc.find("img") is None, where
        assert not [
            el for el in doc.find_all(True) if any(k.lower().startswith("on") for k in el.attrs)
        ], where
        assert not [
            a
            for a in doc.find_all("a")
            if a.get("href", "").lower().startswith(("javascript:", "data:"))
        ], where
        scripts = [
            s
            for s in doc.find_all("script")
            if not s.get("src")
            and s.get("type") != "application/ld+json"
            and "alert" in s.get_text()
        ]
        assert scripts == [], where
        # Structured data carries data text, but only as JSON that cannot close its element.
        for s in doc.find_all("script", type="application/ld+json"):
            json.loads(s.string)
            assert "<" not in s.string and ">" not in s.string, where
        assert "root:" not in html and "<!-- comment -->" not in html
        assert doc.select_one("article").find("script") is None
    timeline = BeautifulSoup(
        (out / "timeline" / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    text = " ".join(
        BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser").select_one("article").get_text()
        for p in (out / "events").glob("*.html")
    )
    # Shown literally, exactly as written: the title and summary of each English event page.
    events = len(list((project / "data" / "events").glob("*.yaml")))
    assert sum(h in text for h in HOSTILE) >= min(len(HOSTILE), 2 * events)
    # Every one of them is shown as written, as text, somewhere on the site.
    assert [h for h in HOSTILE if not any("".join(h.split()) in t for t in shown)] == []
    assert (
        "<script>alert(1)</script>" in timeline.title.get_text()
        or "<script>alert(1)</script>" in timeline.select_one(".md-header__topic").get_text()
    )


# --- Property: arbitrary text in any text field -------------------------------------------

TINY = load_knowledge_base(FIXTURES / "tiny")


# Fields that hold ids, names of files, codes or addresses rather than prose.
NOT_PROSE = {
    "id",
    "file",
    "url",
    "language",
    "kind",
    "relation",
    "source",
    "entity",
    "part_of",
    "mission",
    "headline",
    "decided_by",
    "abbr",
    "body_start",
    "body_end",
    "actors",
    "related",
    "status",
    "lang",
    "basis",
    # Values of a closed list, or ids, written by the models' kinds of field:
    "stored",
    "rank",
    "role",
    "weekday",
    "timeline",
    "former_ids",
    "reports_on",
    "sources",
}


def _text_paths(model, path=()):
    """Paths to every prose string of a model."""
    if isinstance(model, str):
        yield path
    elif isinstance(model, BaseModel):
        for name in type(model).model_fields:
            if name not in NOT_PROSE:
                yield from _text_paths(getattr(model, name), path + (name,))
    elif isinstance(model, (list, tuple)):
        for i, item in enumerate(model):
            yield from _text_paths(item, path + (i,))
    elif isinstance(model, dict):
        for key, item in model.items():
            yield from _text_paths(item, path + (key,))


def _replace(model, path, value):
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(model, BaseModel):
        return model.model_copy(update={head: _replace(getattr(model, head), rest, value)})
    if isinstance(model, list):
        return [(_replace(x, rest, value) if i == head else x) for i, x in enumerate(model)]
    if isinstance(model, dict):
        return {k: (_replace(v, rest, value) if k == head else v) for k, v in model.items()}
    raise TypeError(path)


PARTS = ("site", "entities", "events", "scope", "glossary", "sources")
# The site's name is printed by the theme (autoescaped), not by our pages.
TEXT_FIELDS = [
    (part, p) for part in PARTS for p in _text_paths(getattr(TINY, part)) if p[:1] != ("name",)
]


@lru_cache(maxsize=1)
def _markdown_config():
    config = load_config(str(ROOT / "mkdocs.yml"))
    return config.markdown_extensions, config.mdx_configs


def _to_html(md_text: str) -> BeautifulSoup:
    # The same Markdown extensions, with the same settings, as the MkDocs build; front matter
    # parsed as MkDocs does, and kept on the document as `meta`.
    extensions, configs = _markdown_config()
    body, meta = get_data(md_text)
    doc = BeautifulSoup(
        markdown.Markdown(extensions=extensions, extension_configs=configs).convert(body),
        "html.parser",
    )
    doc.meta_data = meta
    return doc


def _shape(doc: BeautifulSoup):
    """Elements and attributes, without text: what data must never change. (A picture's label
    too long for one line is cut into <tspan> lines: a longer text may add some.)"""
    return sorted(
        (el.name, tuple(sorted(k for k in el.attrs if k not in ("title", "id"))))
        for el in doc.find_all(True)
        if el.name not in ("abbr", "tspan")
    )


SAFE = "Plain words"
text_strategy = (
    st.text(
        alphabet=st.characters(
            blacklist_categories=("Cc", "Cs", "Zl", "Zp"),
            blacklist_characters="\u200b\u200c\u200d\u2060\ufeff\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f",
        ),
        min_size=1,
        max_size=60,
    )
    .map(str.strip)
    .filter(bool)
)


def test_text_fields_found():
    assert len(TEXT_FIELDS) > 60
    assert ("events", (0, "citations", 0, "quote")) in TEXT_FIELDS


@settings(
    max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(field=st.sampled_from(TEXT_FIELDS), value=text_strategy)
# A title too long for one line of a picture's label (once taken for a change of structure).
@example(field=("events", (0, "title", "en")), value="0" * 40)
def test_any_text_in_any_field_renders_literally(field, value):
    part, path = field

    def render(text):
        kb = dataclasses.replace(TINY, **{part: _replace(getattr(TINY, part), path, text)})
        return {
            f"{lang}/{p.name}": _to_html(p.markdown)
            for lang in ("en", "fr")
            for p in render_pages(kb, lang)
        }

    baseline, hostile = render(SAFE), render(value)
    # A term's new name can file it under another glossary letter: other list pages, same kinds of
    # element.
    regrouped = set(hostile) != set(baseline)
    tags = {el.name for doc in baseline.values() for el in doc.find_all(True)} | {"abbr"}
    shown = False
    for name, doc in hostile.items():
        # Coverage links sentences to the facts that quote them: a changed quote changes them.
        if name in baseline and not (
            name.endswith("coverage.md")
            or "/sources/" in name
            or (
                regrouped
                and "/glossary/" in name
                and "/glossary/letter/" not in name
                and name.endswith("index.md")
            )
        ):
            assert _shape(doc) == _shape(baseline[name]), (
                f"{name}: data changed the page's structure"
            )
        assert {el.name for el in doc.find_all(True)} <= tags
        assert not [
            el for el in doc.find_all(True) if any(k.lower().startswith("on") for k in el.attrs)
        ]
        for a in doc.find_all("a"):
            assert not a.get("href", "").lower().startswith(("javascript:", "data:", "vbscript:"))
        # Front matter holds exactly the page's title and description, whatever the data says,
        # HTML-escaped because the theme prints them as they are.
        assert sorted(set(doc.meta_data) - {"search", "alternate"}) == ["description", "title"]
        assert doc.meta_data.get("search", {"exclude": True}) == {"exclude": True}
        assert doc.meta_data.get("alternate", "glossary/index.html") == "glossary/index.html"
        # French typography may add or change spaces (never words or marks): compare without them.
        bare = "".join(value.split())
        shown = (
            shown
            or bare in "".join(doc.get_text().split())
            or bare
            in {
                "".join(html.unescape(v).split())
                for v in doc.meta_data.values()
                if isinstance(v, str)
            }
        )
    assert shown, "the value appears literally on some page"


# --- Links and scripts of the built site --------------------------------------------------


def test_every_internal_link_and_anchor_of_the_real_site_resolves(dataset):
    assert broken_links(dataset.site) == []


def test_link_checker_finds_a_broken_link_and_anchor(site, kb, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    term = kb.glossary[0].id
    page = copy / "fr" / "glossary" / f"{term}.html"
    html = page.read_text(encoding="utf-8")
    page.write_text(
        html.replace(
            "<article",
            '<article><a href="../timeline/index.html#no-such-year">x</a><a '
            'href="../../nowhere.html">y</a>',
            1,
        ),
        encoding="utf-8",
    )
    problems = broken_links(copy)
    assert len(problems) == 2
    assert re.fullmatch(
        rf"fr/glossary/{term}\.html:\d+: \.\./timeline/index\.html#no-such-year "
        r"— no element with id `no-such-year`",
        problems[1] if "nowhere" in problems[0] else problems[0],
    )
    assert any(
        re.fullmatch(rf"fr/glossary/{term}\.html:\d+: \.\./\.\./nowhere\.html — no such file", p)
        for p in problems
    )


def test_no_script_in_the_site_comes_from_data(dataset):
    site = dataset.site
    # Theme scripts are the same on every page of an edition; a script from data would not be.
    for prefix in ("", "fr/"):
        signatures = {}
        for path in sorted((site / prefix).rglob("*.html")):
            if not prefix and path.is_relative_to(site / "fr"):
                continue
            doc = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
            assert doc.select_one("article").find("script") is None
            # Inline theme scripts differ only by the page's way back to the root: new URL("../..",
            # location).
            # Structured data (application/ld+json) is the page's own data by design: never run,
            # it must be JSON that cannot close its element.
            for s in doc.find_all("script", type="application/ld+json"):
                json.loads(s.string)
                assert "<" not in s.string and ">" not in s.string, path
            inline = [
                re.sub(r'new URL\("[./]*"', 'new URL("."', s.get_text().strip())[:60]
                for s in doc.find_all("script")
                if not s.get("src")
                and s.get("id") != "__config"
                and s.get("type") != "application/ld+json"
            ]
            signatures[path.relative_to(site).as_posix()] = sorted(
                [Path(s["src"]).name for s in doc.find_all("script") if s.get("src")] + inline
            )
        assert len({tuple(v) for k, v in signatures.items() if not k.endswith("404.html")}) == 1, (
            signatures
        )
