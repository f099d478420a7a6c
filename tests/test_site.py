"""Real strict builds, both editions, then checks on the HTML a reader gets, for any valid data.

Each test runs on the real data and on the real data with a realistic contribution added (the
`dataset` fixture), and checks only what must hold whatever the data says: every page exists in
both languages, every quote is found in the source it cites, a quote of a source in another
language says from which it is translated, every record is listed, nothing asks another host.
What a page says, in which words and order, is checked on the fixture: tests/test_pages.py.
"""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pydantic import BaseModel

from conftest import PAGE_BOUND
from frenchtype import edition_faults
from nmikb.data.models import Text
from nmikb.data.quotes import normalize
from nmikb.edition.editions import EDITIONS as EDITION_LIST
from nmikb.edition.formats import format_partial_date
from nmikb.edition.labels import labels
from nmikb.edition.typography import typography
from nmikb.pages.helpers import helpers
from nmikb.pages.plan import NAV
from nmikb.pages.types.data import DATA_PAGE
from nmikb.pages.types.sources import SENTENCES_PER_PAGE
from nmikb.site.searchindex import read_shards, separator_of, tokenize

pytestmark = pytest.mark.build

EDITIONS = {e.lang: e.prefix + "/" if e.prefix else "" for e in EDITION_LIST}
LANGS = list(EDITIONS.items())


def all_pages(site: Path, prefix: str) -> list[str]:
    """Every page of one edition, relative to the edition's root."""
    base = site / prefix
    other = [site / p for p in EDITIONS.values() if p and p != prefix]
    return sorted(
        p.relative_to(base).as_posix()
        for p in base.rglob("*.html")
        if p.name != "404.html" and not any(o in p.parents for o in other)
    )


def soup(site: Path, rel: str) -> BeautifulSoup:
    return BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html.parser")


def text_of(el) -> str:
    """An element's text, its runs of spaces and line breaks as one space (no-break spaces,
    which French typography puts in, are kept)."""
    return re.sub(r"[ \t\r\n]+", " ", el.get_text(" ", strip=True))


def search_index(site: Path, prefix: str) -> dict:
    """The stub a page loads: Material's config and no documents."""
    return json.loads((site / prefix / "search" / "search_index.json").read_text(encoding="utf-8"))


def indexed(site: Path, prefix: str) -> tuple[list[list], dict[str, list[int]]]:
    """What the edition's search shards hold: documents, and token -> document numbers."""
    return read_shards(site / prefix)


def date_in(d, lang: str) -> str:
    """A date as the pages of one edition write it."""
    return typography(format_partial_date(d, lang), lang)


def when_phrase(kb, event_id: str, lang: str) -> str:
    """What an event page writes beside its date (pages/marks.py), as text."""
    return typography(helpers(kb, lang).when_phrase(kb.dates[event_id]), lang)


def texts_in(model, lang: str) -> set[str]:
    """Every text of one language in a model, however deep."""
    found: set[str] = set()
    if isinstance(model, Text):
        found.add(model[lang])
    elif isinstance(model, BaseModel):
        for name in type(model).model_fields:
            found |= texts_in(getattr(model, name), lang)
    elif isinstance(model, (list, tuple)):
        for item in model:
            found |= texts_in(item, lang)
    elif isinstance(model, dict):
        for item in model.values():
            found |= texts_in(item, lang)
    return found


def data_terms(site: Path, prefix: str) -> set[str]:
    """The words an edition's search index holds from the pages the data makes (the Data page
    and the About page are written in the edition's language by hand)."""
    docs, terms = indexed(site, prefix)
    own = {i for i, d in enumerate(docs) if d[0].split("#")[0] in ("data.html", "about.html")}
    return {term for term, found in terms.items() if set(found) - own}


def interface(lang: str) -> list[str]:
    """Every word the pages of one edition print of their own (edition/labels.yaml)."""
    out: list[str] = []

    def walk(value):
        if isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, str):
            out.append(value)

    walk(labels(lang))
    return out


def everything(kb) -> list:
    return [kb.site, kb.sources, kb.entities, kb.events, kb.scope, kb.glossary]


def cited_source(cite) -> str:
    """The id of the source a citation (`.kb-cite`) links to."""
    href = cite.select_one("a[href]")["href"]
    return posixpath.basename(href.split("#")[0]).removesuffix(".html")


def source_texts(kb) -> dict[str, str]:
    """Each source's stored text, read from its file, normalized as quotes are compared."""
    return {s.id: normalize((kb.root / s.file).read_text(encoding="utf-8")) for s in kb.sources}


# --- Any valid data: the real data, and the real data with a contribution --------------------


@pytest.mark.parametrize("lang,prefix", LANGS)
def test_every_page_exists_with_lang_title_and_description(dataset, lang, prefix):
    pages = all_pages(dataset.site, prefix)
    assert {f"{p}.html" for p in dataset.page_types} <= set(pages)
    for page in pages:
        doc = soup(dataset.site, prefix + page)
        assert doc.html["lang"] == lang, page
        assert doc.find("meta", attrs={"name": "description"})["content"].strip(), page
        assert len(doc.find_all("h1")) == 1, page
        assert doc.find("main") is not None, page


@pytest.mark.parametrize("lang,prefix", LANGS)
def test_language_switcher_leads_to_the_same_page(dataset, lang, prefix):
    site = dataset.site
    for page in all_pages(site, prefix):
        here = (site / prefix / page).parent
        links = {
            a["hreflang"]: a["href"] for a in soup(site, prefix + page).select("a.md-select__link")
        }
        assert set(links) == {"en", "fr"}
        for target_lang, href in links.items():
            target = (here / href).resolve()
            same = (site / EDITIONS[target_lang] / page).resolve()
            # A glossary letter that no term of the other language starts with leads to its
            # glossary.
            assert target == same or (
                not same.exists()
                and target == (site / EDITIONS[target_lang] / "glossary/index.html").resolve()
            ), page
            assert target.is_file()


@pytest.mark.parametrize("lang,prefix", LANGS)
def test_home_page_leads_with_the_headline_event_and_links_every_index(dataset, lang, prefix):
    kb = dataset.kb
    headline = kb.event[kb.site.headline]
    doc = soup(dataset.site, prefix + "index.html")
    lede = doc.select_one(".kb-lede")
    when = kb.dates[headline.id].when  # where the timeline places it (knowledge/dates.py)
    assert lede.find("time")["datetime"] == when.iso
    assert lede.find("time").get_text() == date_in(when, lang)
    # What the date rests on is said beside it, in words.
    assert text_of(lede.select_one(".kb-precision")) == when_phrase(kb, headline.id, lang)
    assert lede.select_one(f'a[href="events/{headline.id}.html"]') is not None
    hrefs = {a["href"].split("#")[0] for a in doc.select("article a[href]")}
    assert {
        "timeline/index.html",
        "scope.html",
        "glossary/index.html",
        "sources/index.html",
        "entities/index.html",
    } <= hrefs


@pytest.mark.parametrize("lang,prefix", LANGS)
def test_timeline_lists_every_event_oldest_first_with_its_date_and_precision(dataset, lang, prefix):
    kb, site, L = dataset.kb, dataset.site, labels(lang)
    doc = soup(site, prefix + "timeline/index.html")
    # Each entry's date (the first: when the sources differ, the span they give follows).
    times = [li.find("time") for li in doc.select("article .kb-list__title")]
    when = {e.id: kb.dates[e.id].when for e in kb.events}
    assert [t["datetime"] for t in times] == [when[e.id].iso for e in kb.timeline]
    assert [t.get_text() for t in times] == [date_in(when[e.id], lang) for e in kb.timeline]
    for year in sorted({d.year for d in when.values()}):
        listed = [
            a["href"]
            for a in soup(site, prefix + f"timeline/{year}.html").select(
                "article ol.kb-list > li a[href^='../events/']:not(.kb-mark)"
            )
        ]
        expected = [f"../events/{e.id}.html" for e in kb.timeline if when[e.id].year == year]
        # A long year is paginated: its first page lists the first events.
        assert listed and listed == expected[: len(listed)], year
    # Each event page says in words what its date rests on: how precise, stated or inferred.
    for e in kb.events:
        precision = soup(site, prefix + f"events/{e.id}.html").select_one(".kb-precision")
        assert text_of(precision) == when_phrase(kb, e.id, lang), e.id
        if kb.dates[e.id].basis != "stated":
            assert L["basis"]["stated"]["day"] not in text_of(precision), e.id


@pytest.mark.parametrize("lang,prefix", LANGS)
def test_scope_table_has_a_row_per_institution(dataset, lang, prefix):
    kb = dataset.kb
    doc = soup(dataset.site, prefix + "scope.html")
    rows = {text_of(tr.find("td")).casefold() for tr in doc.select("table tbody tr")}
    names = {
        typography(kb.entity[i.entity].name[lang], lang).casefold() for i in kb.scope.institutions
    }
    assert rows == names
    for group in ("activities", "principles", "aims"):
        for st in getattr(kb.scope, group):
            assert doc.find(id=st.id) is not None, st.id


def test_glossary_term_pages_give_both_forms_of_every_term(dataset):
    for prefix in EDITIONS.values():
        for t in dataset.kb.glossary:
            doc = soup(dataset.site, prefix + f"glossary/{t.id}.html")
            text = doc.select_one("article").get_text()
            for lang in EDITIONS:
                form = t.form(lang)
                for part in filter(None, (form.abbr, form.full)):
                    assert normalize(part) in normalize(text), (prefix, t.id, part)
            assert doc.find("dd", lang="fr") is not None and doc.find("dd", lang="en") is not None


def test_every_glossary_term_is_listed_on_both_editions(dataset):
    site = dataset.site
    for prefix in EDITIONS.values():
        listed = {
            a["href"]
            for page in all_pages(site, prefix)
            if page.startswith("glossary/letter/")
            for a in soup(site, prefix + page).select("article .kb-list a")
        }
        assert sorted(f"../{t.id}.html" for t in dataset.kb.glossary) == sorted(listed)


@pytest.mark.parametrize("lang,prefix", LANGS)
def test_each_abbreviation_is_a_tooltip_that_says_what_its_long_form_rests_on(
    dataset, lang, prefix
):
    """One convention for every tooltip: the long form, then what the site knows it from (the
    sources' wording, the official form, the editors' translation, a common form), in the page's
    language, with the form's language when it is not the page's."""
    kb, L = dataset.kb, labels(lang)
    for t in kb.glossary:
        own = t.form(lang)
        if not own.abbr:
            continue
        titles = {
            a.get_text(): a["title"]
            for a in soup(dataset.site, prefix + f"glossary/{t.id}.html").find_all("abbr")
        }
        in_own = (own.lang or lang) == lang
        mark = (
            L["form_status"][own.status]
            if in_own
            else L["form_status_in"][own.status].format(language=L["lang_name"][own.lang])
        )
        assert titles[own.abbr].startswith(typography(f"{own.full} ({mark})", lang)), (
            prefix,
            t.id,
        )


def test_every_abbreviation_on_every_page_has_a_tooltip(dataset):
    abbrs = {form.abbr for t in dataset.kb.glossary for form in (t.en, t.fr) if form.abbr}
    for prefix in EDITIONS.values():
        for page in all_pages(dataset.site, prefix):
            for a in soup(dataset.site, prefix + page).select("article abbr"):
                assert a.get_text() in abbrs and a.get("title", "").strip(), (page, a)


@pytest.mark.parametrize("lang,prefix", LANGS)
def test_other_common_names_are_searchable_in_both_editions(dataset, lang, prefix):
    terms = indexed(dataset.site, prefix)[1]
    separator = separator_of(search_index(dataset.site, prefix)["config"])
    editors = typography(labels(lang)["name_status"]["common"], lang)
    for entity in dataset.kb.entities:
        common = [n.form for n in entity.names if n.status == "common"]
        if not common:
            continue
        shown = {
            li.find("span").get_text(): text_of(li)
            for li in soup(dataset.site, prefix + f"entities/{entity.id}.html").select(
                ".kb-names li"
            )
        }
        for name in common:
            assert all(word in terms for word in tokenize(name, separator)), name
            # ...and each is said to be the editors' knowledge, never a source's.
            assert editors in shown[name], name


def test_search_indexes_are_one_per_language(dataset):
    site = dataset.site
    en, fr = search_index(site, ""), search_index(site, "fr")
    assert en["config"]["lang"] == ["en"] and fr["config"]["lang"] == ["fr"]
    (en_docs, _), (fr_docs, _) = indexed(site, ""), indexed(site, "fr")
    # Every French entry points inside the French edition; English ones never do.
    assert all(not d[0].startswith("fr/") for d in en_docs + fr_docs)
    assert len(en_docs) == len(fr_docs)
    # What a page loads is a stub (for file:// use too); the worker loads the shards.
    for prefix in ("", "fr/"):
        assert search_index(site, prefix)["docs"] == []
        assert (
            (site / prefix / "search" / "search_index.js")
            .read_text(encoding="utf-8")
            .startswith("var __index = ")
        )


REMOTE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.I)
# Elements and attributes that make the browser fetch something (links a reader clicks do not).
NOT_FETCHED = {"canonical", "alternate"}
FETCHING = {
    "script": ["src"],
    "link": ["href"],
    "img": ["src", "srcset"],
    "iframe": ["src"],
    "source": ["src", "srcset"],
    "video": ["src", "poster"],
    "audio": ["src"],
    "object": ["data"],
    "embed": ["src"],
    "use": ["href", "xlink:href"],
}


def test_no_page_or_asset_asks_another_host(dataset):
    site = dataset.site
    offenders = []
    for path in site.rglob("*.html"):
        doc = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for tag, attrs in FETCHING.items():
            for el in doc.find_all(tag):
                # A page's canonical address and its language alternates are absolute by nature,
                # and no browser fetches them (the browser tests record every request).
                if tag == "link" and set(el.get("rel") or []) <= NOT_FETCHED:
                    continue
                offenders += [
                    (path.name, el.get(a)) for a in attrs if el.get(a) and REMOTE.match(el.get(a))
                ]
        for style in doc.find_all("style"):
            offenders += [
                (path.name, u)
                for u in re.findall(r"url\(\s*['\"]?((?:https?:)?//[^)'\"]+)", style.get_text())
            ]
    for path in site.rglob("*.css"):
        text = path.read_text(encoding="utf-8")
        offenders += [
            (path.name, u)
            for u in re.findall(r"(?:url\(|@import)\s*['\"]?((?:https?:)?//[^)'\"]+)", text)
        ]
    # (The theme's bundle names a CDN for diagrams we never use; the browser tests prove no
    # request.)
    for path in site.rglob("*"):
        if path.suffix in (".html", ".css") and any(
            host in path.read_text(encoding="utf-8", errors="replace")
            for host in ("fonts.googleapis", "fonts.gstatic", "unpkg.com")
        ):
            offenders.append((path.name, "font or CDN host"))
    assert offenders == []


def test_polyfill_is_served_by_the_site(site):
    for prefix in EDITIONS.values():
        page = soup(site, prefix + "index.html")
        scripts = page.find_all("script")
        # Written in place by an inline script, on pages opened from disk only (the one place it
        # does anything), as a tag for the site's own copy; test_browser.py checks that pages
        # fetch it from disk and not over HTTP.
        writer = next(i for i, s in enumerate(scripts) if "iframe-worker.js" in s.get_text())
        code = scripts[writer].get_text()
        assert 'if (location.protocol === "file:")' in code
        written = [
            BeautifulSoup(json.loads(m), "html.parser").script
            for m in re.findall(r'document\.write\(("(?:[^"\\]|\\.)*")\);', code)
        ]
        assert [tag.get("src") for tag in written] == ["assets/javascripts/iframe-worker.js"]
        bundle = next(
            i for i, s in enumerate(scripts) if "javascripts/bundle." in (s.get("src") or "")
        )
        # Before the theme's script starts the worker, but not in <head>, where it delays the first
        # paint.
        assert writer < bundle
        assert scripts[writer].find_parent("head") is None
        assert page.head.find("script", src=True) is None
        assert (site / prefix / "assets/javascripts/iframe-worker.js").is_file()


def citations_of(site: Path, prefix: str):
    """Every citation on every page of an edition: (page, its element, the source's id)."""
    for page in all_pages(site, prefix):
        for cite in soup(site, prefix + page).select(".kb-cite"):
            yield page, cite, cited_source(cite)


@pytest.mark.parametrize("lang,prefix", LANGS)
def test_every_quoted_passage_is_in_the_source_it_cites(dataset, lang, prefix):
    texts = source_texts(dataset.kb)
    missing, seen = [], 0
    for page, cite, source in citations_of(dataset.site, prefix):
        language = dataset.kb.source[source].language
        # The passage in the source's own words: the quote itself, or the original at hand.
        q = cite.select_one("q.kb-cite__quote")
        if q["lang"] != language:
            q = cite.find_next_sibling("details", class_="kb-cite__original").select_one(
                f'p[lang="{language}"] q'
            )
        seen += 1
        if normalize(q.get_text()) not in texts[source]:
            missing.append((page, source, q.get_text()))
    # Coverage pages show each source's sentences, in its words.
    for s in dataset.kb.sources:
        for quote in soup(dataset.site, prefix + f"sources/{s.id}.html").select(
            ".kb-coverage__text"
        ):
            if normalize(quote.get_text().strip()) not in texts[s.id]:
                missing.append((s.id, "coverage", quote.get_text()))
    assert seen and missing == []


@pytest.mark.parametrize("lang,prefix", LANGS)
def test_a_quote_of_a_source_in_another_language_says_it_is_translated_and_from_which(
    dataset, lang, prefix
):
    L = labels(lang)
    wrong = []
    for page, cite, source in citations_of(dataset.site, prefix):
        language = dataset.kb.source[source].language
        q = cite.select_one("q.kb-cite__quote")
        note = cite.select_one(".kb-cite__note")
        original = cite.find_next_sibling("details", class_="kb-cite__original")
        if language == lang:
            ok = q["lang"] == lang and note is None
        else:
            name = typography(L["lang_name"][language], lang)
            ok = (
                q["lang"] == lang
                and note is not None
                and name in note.get_text()
                and original is not None
                and original.select_one(f'p[lang="{language}"] q') is not None
            )
        if not ok:
            wrong.append((page, source, text_of(cite)[:80]))
    assert wrong == []


def test_french_pages_have_no_english_text_from_data(dataset):
    kb, site = dataset.kb, dataset.site
    french = " ".join(texts_in(everything(kb), "fr"))
    # English texts that French never uses (French keeps "NATO Mission in Iraq", for one).
    english_only = {t for t in texts_in(everything(kb), "en") if t not in french}
    assert english_only
    for page in all_pages(site, "fr/"):
        article = soup(site, "fr/" + page).select_one("article")
        # English forms marked lang="en", the source's own words, and the titles of references
        # (cited as they are) are meant to be there.
        for el in article.select('[lang]:not([lang="fr"]), q, blockquote, cite'):
            el.decompose()
        text = article.get_text(" ", strip=True)
        leaks = [t for t in english_only if t in text]
        assert leaks == [], page


@pytest.mark.parametrize("lang,prefix", LANGS)
def test_facts_that_can_change_say_as_of_when(dataset, lang, prefix):
    L = labels(lang)
    for e in dataset.kb.entities:
        dated = [st for st in e.facts if st.as_of]
        if not dated:
            continue
        doc = soup(dataset.site, prefix + f"entities/{e.id}.html")
        for st in dated:
            # The date, and what it rests on when the editors read it from a source's byline.
            on = format_partial_date(st.as_of, lang)
            text = text_of(doc.find(id=st.id).select_one(".kb-asof"))
            assert text.startswith("(") and on in text, st.id
            basis = helpers(dataset.kb, lang).as_of_basis(st.as_of, st.all_citations)
            assert (L["basis"][basis][st.as_of.precision] in text) == (basis != "stated"), st.id


@pytest.mark.parametrize("lang,prefix", LANGS)
def test_each_source_page_describes_it_and_lists_the_facts_citing_it(dataset, lang, prefix):
    kb, site, L = dataset.kb, dataset.site, labels(lang)
    listed = soup(site, prefix + "sources/index.html").select("article .kb-list a")
    assert sorted(a["href"] for a in listed) == sorted(f"{s.id}.html" for s in kb.sources)
    for s in kb.sources:
        doc = soup(site, prefix + f"sources/{s.id}.html")
        fields = {
            dt.get_text(strip=True): text_of(dt.find_next("dd"))
            for dt in doc.select("article dl dt")
        }
        author = kb.agent_name(s.author, lang) if s.author else L["no_byline"]
        assert fields[L["author"]] == typography(author, lang)
        if s.reviewed:
            publication = kb.agent_name(s.reviewed.publication, lang)
            assert fields[L["reviewed"]].startswith(typography(publication, lang))
        title = doc.find("h1").get_text().rstrip("¶")
        # A title the editors supplied is in [brackets], as citation styles do; the document's
        # own is as it is.
        assert (title.startswith("[") and title.endswith("]")) == (s.title.status != "own")
        assert s.title.text[lang] in title
        cited_by = [
            posixpath.normpath(posixpath.join("sources", a["href"]))
            for a in doc.find(id="cited-by").find_next("ul").find_all("a")
        ]
        # (Its own attribution, which cites it, is on this very page.)
        citing = {f.target.replace(".md", ".html") for f in kb.citing(s.id)} - {
            f"sources/{s.id}.html"
        }
        assert cited_by and set(cited_by) <= citing, s.id
        assert len(cited_by) == len(citing) or typography(L["and_more"].split("{")[0], lang) in (
            text_of(doc.find(id="cited-by").parent)
        )


@pytest.mark.parametrize("lang,prefix", LANGS)
def test_coverage_pages_report_what_the_facts_quote_of_each_source(dataset, lang, prefix):
    for s in dataset.kb.sources:
        rows = dataset.kb.coverage[s.id]
        covered = sum(1 for r in rows if r.facts)
        doc = soup(dataset.site, prefix + f"sources/{s.id}.html")
        # A long document's sentences past the first page are on pages of their own.
        pages = [doc] + [
            soup(dataset.site, prefix + f"sources/{s.id}/sentences-{n}.html")
            for n in range(2, 1 + -(-len(rows) // SENTENCES_PER_PAGE))
        ]
        sentences = [li for page in pages for li in page.select(".kb-coverage__sentence")]
        assert [li["id"] for li in sentences] == [f"sentence-{r.number}" for r in rows]
        marked = [li for li in sentences if "kb-coverage__sentence--covered" in li["class"]]
        assert len(marked) == covered
        summary = labels(lang)["coverage_summary"].split("{percent}")[0]
        phrase = typography(summary.format(covered=covered, total=len(rows)), lang)
        assert phrase.strip() in text_of(doc), s.id
        # Each fact is listed once under a sentence, however many of its quotes overlap it.
        for sentence in sentences:
            links = [a["href"] for a in sentence.select(".kb-meta a")]
            assert len(links) == len(set(links))


def test_every_page_stays_within_its_size_bound(dataset):
    sizes = {
        p.relative_to(dataset.site).as_posix(): p.stat().st_size
        for p in dataset.site.rglob("*.html")
    }
    assert {page: size for page, size in sizes.items() if size >= PAGE_BOUND} == {}


def test_each_generated_page_names_its_data_files(dataset):
    for page in all_pages(dataset.site, ""):
        if page != "about.html":
            assert "data/" in soup(dataset.site, page).select_one(".kb-built-from").get_text(), page


def test_each_search_index_holds_only_its_language(dataset):
    kb, site = dataset.kb, dataset.site
    en_texts, fr_texts = texts_in(everything(kb), "en"), texts_in(everything(kb), "fr")
    # Glossary forms are shown in both languages on purpose ("NAC — North Atlantic Council"), and
    # so are the forms of entities' names, so that a reader finds them in either edition.
    forms = (
        " ".join(f"{t.en.full} {t.fr.full}" for t in kb.glossary)
        + " "
        + " ".join(n.form for e in kb.entities for n in e.names)
    )
    fr_all, en_all = " ".join(fr_texts) + forms, " ".join(en_texts) + forms
    # The sources' own words are quoted, in their language, on the pages of both editions; so
    # are the titles a document gives itself.
    sources = " ".join(source_texts(kb).values()).casefold()
    english_only = {t for t in en_texts if t not in fr_all and len(t) > 20}
    french_only = {t for t in fr_texts if t not in en_all and len(t) > 20}
    # Compared word by word: the shards hold words, and only short excerpts of the texts.
    separator = separator_of(search_index(site, "")["config"])

    def words(texts):
        return {w for t in texts for w in tokenize(t, separator) if len(w) > 3}

    en_index, fr_index = (data_terms(site, p) for p in ("", "fr"))
    # Pages of both editions name their data files ("data/events/nmi-created.yaml").
    files = words(
        p.relative_to(dataset.root).as_posix() for p in (dataset.root / "data").rglob("*.yaml")
    )
    quoted = words([sources])
    # A word of the data that is also a word of the other edition's own interface ("dates" is
    # French too) proves nothing.
    english_words = words(english_only) - words([fr_all]) - files - quoted - words(interface("fr"))
    french_words = words(french_only) - words([en_all]) - quoted - words(interface("en"))
    assert english_words and french_words
    assert sorted(english_words & fr_index) == []
    assert sorted(french_words & en_index) == []
    # ...and each holds its own language's words (some texts, such as the site's name, are
    # on no page's body).
    assert len(english_words & en_index) > 0.8 * len(english_words)
    assert len(french_words & fr_index) > 0.8 * len(french_words)


def test_every_context_statement_is_marked_and_listed(dataset):
    """What the editors add is marked as theirs where it is shown, and listed for review."""
    kb, site = dataset.kb, dataset.site
    notes = kb.context_notes
    assert notes
    for lang, prefix in EDITIONS.items():
        listed = " ".join(
            el.get_text()
            for el in soup(site, prefix + "coverage.html").select("#context ~ ol .kb-context")
        )
        for fact, _, note in notes:
            text = " ".join(normalize(note.text[lang]).split())
            doc = soup(site, prefix + fact.page + ".html")
            marked = [
                el
                for el in doc.select("article .kb-context")
                if text in " ".join(normalize(el.get_text()).split())
            ]
            assert marked and all(
                el.get("role") == "note" and el.select_one(".kb-context__label") for el in marked
            ), (prefix, fact.page)
            # Nowhere on its page unmarked.
            for el in doc.select("article .kb-context"):
                el.decompose()
            assert text not in " ".join(normalize(doc.select_one("article").get_text()).split()), (
                prefix,
                fact.page,
            )
            assert text in " ".join(normalize(listed).split()), (prefix, fact.page)


def test_french_pages_use_french_typography(dataset):
    # Every text a reader sees or hears on every French page (tests/frenchtype.py): generated and
    # hand-written pages, the Cite panel and the permalink line.
    assert edition_faults(dataset.site) == {}


@pytest.mark.parametrize("prefix", EDITIONS.values())
def test_the_sidebar_is_the_layouts_index_pages_then_data_and_hand_written_pages(site, kb, prefix):
    expected = [p.removesuffix(".md") + ".html" for p in (*NAV, DATA_PAGE, "about.md")]
    event = kb.timeline[0]
    year = kb.dates[event.id].when.year
    for page in ("index.html", f"events/{event.id}.html", f"timeline/{year}.html"):
        here = posixpath.dirname(page)
        links = [
            posixpath.normpath(posixpath.join(here, a["href"]))
            for a in soup(site, prefix + page).select(".md-sidebar--primary .md-nav__link[href]")
            if not a["href"].startswith("#")  # the table of contents of the current page
        ]
        assert list(dict.fromkeys(links)) == expected, page
