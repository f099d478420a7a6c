"""A real strict build of the real data, both editions, then checks on the HTML a reader gets."""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import PAGE_TYPES
from nmikb.data.quotes import normalize
from nmikb.edition.editions import EDITIONS as EDITION_LIST
from nmikb.site.searchindex import read_shards, separator_of, tokenize

pytestmark = pytest.mark.build

ROOT = Path(__file__).resolve().parent.parent
SEED = (ROOT / "seeds" / "lesoir-2023-08-17-belga-otan-irak.txt").read_text(encoding="utf-8")
EDITIONS = {e.lang: e.prefix + "/" if e.prefix else "" for e in EDITION_LIST}


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


def search_index(site: Path, prefix: str) -> dict:
    """The stub a page loads: Material's config and no documents."""
    return json.loads((site / prefix / "search" / "search_index.json").read_text(encoding="utf-8"))


def indexed(site: Path, prefix: str) -> tuple[list[list], dict[str, list[int]]]:
    """What the edition's search shards hold: documents, and token -> document numbers."""
    return read_shards(site / prefix)


@pytest.mark.parametrize("lang,prefix", EDITIONS.items())
def test_every_page_exists_with_lang_title_and_description(site, lang, prefix):
    pages = all_pages(site, prefix)
    assert {f"{p}.html" for p in PAGE_TYPES} <= set(pages)
    for page in pages:
        doc = soup(site, prefix + page)
        assert doc.html["lang"] == lang, page
        assert doc.find("meta", attrs={"name": "description"})["content"].strip(), page
        assert len(doc.find_all("h1")) == 1, page
        assert doc.find("main") is not None, page


@pytest.mark.parametrize("lang,prefix", EDITIONS.items())
def test_language_switcher_leads_to_the_same_page(site, lang, prefix):
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


def test_home_page_says_what_happened(site):
    doc = soup(site, "index.html")
    lede = doc.select_one(".kb-lede").get_text(" ", strip=True)
    assert "Thursday 17 August 2023" in lede
    assert "Ministry of Interior" in lede and "Federal Police Command" in lede
    hrefs = {a["href"].split("#")[0] for a in doc.select("article a[href]")}
    assert {
        "timeline/index.html",
        "scope.html",
        "glossary/index.html",
        "sources/index.html",
        "entities/index.html",
    } <= hrefs


@pytest.mark.parametrize(
    "lang,prefix,day", [("en", "", "Thursday 17 August 2023"), ("fr", "fr/", "jeudi 17 août 2023")]
)
def test_timeline_is_an_ordered_list_of_dated_entries(site, lang, prefix, day):
    doc = soup(site, prefix + "timeline/index.html")
    times = doc.select("article .kb-list time[datetime]")
    assert [t["datetime"] for t in times] == ["2014", "2018", "2023-08-17", "2023-08-17"]
    assert times[2].get_text() == day
    year = soup(site, prefix + "timeline/2023.html")
    assert [a["href"] for a in year.select("article ol.kb-list > li a")] == [
        "../events/nac-decides-nmi-expansion.html",
        "../events/nato-communique-principles.html",
    ]
    # Each event page says how precise its date is, in words.
    precision = {
        soup(site, prefix + f"events/{e}.html").select_one(".kb-precision").get_text()
        for e in ("nmi-created", "nac-decides-nmi-expansion")
    }
    assert len(precision) == 2


def test_scope_shows_institutions_before_and_after(site):
    doc = soup(site, "scope.html")
    rows = {
        tr.find("td").get_text(strip=True): [
            td.get_text(strip=True) for td in tr.find_all("td")[1:]
        ]
        for tr in doc.select("table tbody tr")
    }
    assert rows["Ministry of Defence"] == [
        "✓ Advises (since 2018)",
        "✓ Advises (since 2018, ongoing as of Thursday 17 August 2023)",
    ]
    # The article's future ("Dorénavant, elle conseillera"): a decision, not advice under way.
    decided = ["—", "→ Will advise (added by the decision announced on Thursday 17 August 2023)"]
    assert rows["Ministry of Interior"] == decided
    assert rows["Federal Police Command"] == decided
    # Its present ("prête également son concours"), with no start: in effect on both sides.
    assert rows["Professional military education institutions of greater Baghdad"] == [
        "✓ Supports (start not stated in the source)",
        "✓ Supports (ongoing as of Thursday 17 August 2023)",
    ]
    assert set(rows) >= {
        "Office of the National Security Advisor",
        "Prime Minister's National Operations Centre",
    }
    text = doc.get_text(" ", strip=True)
    for phrase in (
        "non-combat",
        "sovereignty and territorial integrity",
        "complementarity",
        "resurgence of the jihadist group Islamic State",
        "Training Iraqi forces",
    ):
        assert phrase in text
    fr = {
        tr.find("td").get_text(strip=True): [
            td.get_text(strip=True) for td in tr.find_all("td")[1:]
        ]
        for tr in soup(site, "fr/scope.html").select("table tbody tr")
    }
    assert fr["Ministère de l’Intérieur"] == [
        "—",
        "→ Conseillera (ajout par la décision annoncée le jeudi 17 août 2023)",
    ]


def test_home_page_key_facts_follow_the_data_and_keep_names_in_lower_case_in_french(site):
    text = re.sub(
        r"[ \n]+", " ", soup(site, "index.html").select_one("#key-facts").find_next("ul").get_text()
    )
    assert (
        "Will advise (added by the decision announced on Thursday 17 August "
        "2023): Ministry of Interior, Federal Police Command." in text
    )
    assert "Before" not in text
    fr = re.sub(
        r"[ \n]+",
        " ",
        soup(site, "fr/index.html").select_one("#key-facts").find_next("ul").get_text(),
    )
    # A common noun in running text keeps no capital: "… : ministère de la Défense".
    assert "\u00a0: ministère de la Défense, Bureau du conseiller à la sécurité nationale" in fr
    assert "Ministère" not in fr


@pytest.mark.parametrize(
    "prefix,anchor,forms",
    [
        ("", "nac", ["NAC", "North Atlantic Council", "CAN", "Conseil de l’Atlantique Nord"]),
        ("fr/", "nac", ["CAN", "Conseil de l’Atlantique Nord", "NAC", "North Atlantic Council"]),
        ("", "nato", ["NATO", "OTAN"]),
        ("", "islamic-state", ["Islamic State", "État islamique", "ISIS", "Daesh"]),
        ("fr/", "nmi", ["NMI", "Mission de l’OTAN en Irak", "NATO Mission in Iraq"]),
    ],
)
def test_glossary_term_has_its_page_and_both_forms(site, prefix, anchor, forms):
    doc = soup(site, prefix + f"glossary/{anchor}.html")
    text = doc.select_one("article").get_text()
    for form in forms:
        assert form in text
    assert doc.find("dd", lang="fr") is not None and doc.find("dd", lang="en") is not None


def test_every_glossary_term_is_listed_on_both_editions(site, kb):
    for prefix in EDITIONS.values():
        listed = {
            a["href"]
            for page in all_pages(site, prefix)
            if page.startswith("glossary/letter/")
            for a in soup(site, prefix + page).select("article .kb-list a")
        }
        assert sorted(f"../{t.id}.html" for t in kb.glossary) == sorted(listed)


def test_abbreviations_are_tooltips_on_every_page(site):
    for prefix in EDITIONS.values():
        for page in (
            "index.html",
            "scope.html",
            "events/nac-decides-nmi-expansion.html",
            "entities/nmi.html",
            "glossary/nmi.html",
            "about.html",
        ):
            titles = {a.get_text(): a["title"] for a in soup(site, prefix + page).find_all("abbr")}
            assert "NMI" in titles, page
    en = {a.get_text(): a["title"] for a in soup(site, "glossary/nac.html").find_all("abbr")}
    fr = {a.get_text(): a["title"] for a in soup(site, "fr/glossary/nac.html").find_all("abbr")}
    assert en["NAC"] == "North Atlantic Council"
    assert en["CAN"].startswith("Conseil de l’Atlantique Nord (French; NAC")
    assert fr["CAN"] == "Conseil de l’Atlantique Nord"
    assert fr["NAC"].startswith("North Atlantic Council (anglais\u202f; CAN")
    # A long form no source gives is marked as the editors' knowledge; one the source gives is not.
    en = {a.get_text(): a["title"] for a in soup(site, "glossary/nato.html").find_all("abbr")}
    fr = {a.get_text(): a["title"] for a in soup(site, "fr/glossary/nato.html").find_all("abbr")}
    assert en["NATO"] == "North Atlantic Treaty Organization (editors' knowledge)"
    assert fr["OTAN"] == "Organisation du traité de l’Atlantique Nord (connaissance des rédacteurs)"
    assert en["NMI"] == "NATO Mission in Iraq" and fr["NMI"] == "Mission de l’OTAN en Irak"


@pytest.mark.parametrize("prefix", EDITIONS.values())
def test_other_common_names_are_searchable_in_both_editions(site, prefix):
    terms = indexed(site, prefix)[1]
    separator = separator_of(search_index(site, prefix)["config"])
    for name in ("Daech", "Daesh", "ISIS", "ISIL", "État islamique"):
        assert all(word in terms for word in tokenize(name, separator)), name
    # ...and each is said to be the editors' knowledge, never the source's.
    names = soup(site, prefix + "entities/islamic-state.html").select(".kb-names li")
    daesh = next(li for li in names if li.find("span").get_text() == "Daesh").get_text()
    assert "editors" in daesh or "rédacteurs" in daesh


def test_search_indexes_are_one_per_language(site):
    en, fr = search_index(site, ""), search_index(site, "fr")
    assert en["config"]["lang"] == ["en"] and fr["config"]["lang"] == ["fr"]
    (en_docs, en_terms), (fr_docs, fr_terms) = indexed(site, ""), indexed(site, "fr")
    for word in ("nac", "can", "nmi", "north", "atlantic", "council"):
        assert word in en_terms
    assert {"thursday", "august"} <= set(en_terms) and "thursday" not in fr_terms
    # French dates on French pages only (English pages quote the source's "jeudi", not its date).
    assert set(fr_terms["jeudi"]) & set(fr_terms["août"])
    assert not set(en_terms["jeudi"]) & set(en_terms.get("août", []))
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


def test_no_page_or_asset_asks_another_host(site):
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


def test_every_quoted_passage_is_in_the_seed(site):
    seed = normalize(SEED)
    quotes = [q.get_text() for q in soup(site, "fr/sources/lesoir-2023-08-17.html").find_all("q")]
    for page in all_pages(site, "fr/"):
        quotes += [q.get_text() for q in soup(site, "fr/" + page).select(".kb-cite q")]
    for page in all_pages(site, ""):
        quotes += [q.get_text() for q in soup(site, page).select(".kb-cite__original q")]
    assert len(quotes) > 50
    assert [q for q in quotes if normalize(q) not in seed] == []


def test_english_quotes_are_marked_as_translations_with_the_original_at_hand(site):
    doc = soup(site, "events/nac-decides-nmi-expansion.html")
    cites = doc.select(".kb-cite")
    assert cites and all("translated from French" in c.get_text() for c in cites)
    originals = doc.select("details.kb-cite__original p[lang=fr] q")
    assert len(originals) == len(cites)


def texts_in(model, lang: str) -> set[str]:
    """Every text of one language in a model, however deep."""
    from pydantic import BaseModel

    from nmikb.data.models import Text

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


def test_french_pages_have_no_english_text_from_data(site, kb):
    everything = [kb.site, kb.sources, kb.entities, kb.events, kb.scope, kb.glossary]
    french = " ".join(texts_in(everything, "fr"))
    # English texts that French never uses (French keeps "NATO Mission in Iraq", for one).
    english_only = {t for t in texts_in(everything, "en") if t not in french}
    assert len(english_only) > 50
    for page in all_pages(site, "fr/"):
        article = soup(site, "fr/" + page).select_one("article")
        # English forms marked lang="en", the source's own words, and the titles of references
        # (cited as they are) are meant to be there.
        for el in article.select('[lang]:not([lang="fr"]), q, blockquote, cite'):
            el.decompose()
        text = article.get_text(" ", strip=True)
        leaks = [t for t in english_only if t in text]
        assert leaks == [], page


def test_facts_that_can_change_say_as_of(site):
    text = soup(site, "entities/nac.html").get_text(" ", strip=True)
    assert re.search(r"31 member countries\.\s*\(as of Thursday 17 August 2023\)", text)
    assert re.search(
        r"31 pays membres\.\s*\(au jeudi 17 août 2023\)",
        soup(site, "fr/entities/nac.html").get_text(" ", strip=True),
    )


def test_sources_page_lists_metadata_and_citing_facts(site):
    doc = soup(site, "sources/lesoir-2023-08-17.html")
    text = doc.get_text(" ", strip=True)
    for value in ("Belga", "Le Soir", "Thursday 17 August 2023", "French", "Press review"):
        assert value in text
    # A librarian's record: the review's author, what it reviews and when, the date the stored
    # text gives (to the month), and a title marked as the editors' own.
    fields = {
        dt.get_text(strip=True): dt.find_next("dd").get_text(" ", strip=True)
        for dt in doc.select("article dl dt")
    }
    assert fields["Author or agency"] == "Belga"
    assert fields["Reviewed publication"] == "Le Soir, Thursday 17 August 2023"
    assert fields["Date given by the stored text"] == "August 2023 (month only)"
    title = doc.find("h1").get_text().rstrip("¶")
    assert title.startswith("[") and title.endswith("]")
    cited_by = doc.find(id="cited-by").find_next("ul").find_all("a")
    assert len(cited_by) > 40
    listed = soup(site, "sources/index.html").select("article .kb-list a")
    assert [a["href"] for a in listed] == ["lesoir-2023-08-17.html"]


def test_coverage_page_reports_every_sentence_covered(site):
    for prefix, phrase in (
        ("", "8 of 8 sentences (100%)"),
        ("fr/", "8 phrases sur 8 (100\u00a0%)"),
    ):
        assert phrase in soup(site, prefix + "coverage.html").get_text(" ", strip=True)
        doc = soup(site, prefix + "sources/lesoir-2023-08-17.html")
        assert phrase in doc.get_text(" ", strip=True)
        assert len(doc.select(".kb-coverage__sentence--covered")) == 8
        assert doc.select(".kb-coverage__sentence--uncovered") == []
        # Each fact is listed once under a sentence, however many of its quotes overlap it.
        for sentence in doc.select(".kb-coverage__sentence"):
            links = [a["href"] for a in sentence.select(".kb-meta a")]
            assert len(links) == len(set(links))


def test_each_generated_page_names_its_data_files(site):
    for page in all_pages(site, ""):
        if page != "about.html":
            assert "data/" in soup(site, page).select_one(".kb-built-from").get_text(), page


def test_each_search_index_holds_only_its_language(site, kb):
    everything = [kb.site, kb.sources, kb.entities, kb.events, kb.scope, kb.glossary]
    en_texts, fr_texts = texts_in(everything, "en"), texts_in(everything, "fr")
    # Glossary forms are shown in both languages on purpose ("NAC — North Atlantic Council"), and
    # so are the forms of entities' names, so that a reader finds them in either edition.
    forms = (
        " ".join(f"{t.en.full} {t.fr.full}" for t in kb.glossary)
        + " "
        + " ".join(n.form for e in kb.entities for n in e.names)
    )
    fr_all, en_all = " ".join(fr_texts) + forms, " ".join(en_texts) + forms
    english_only = {t for t in en_texts if t not in fr_all and len(t) > 20}
    # The source's own words are quoted, in French, on English pages too.
    seed = normalize(SEED).casefold()
    french_only = {
        t
        for t in fr_texts
        if t not in en_all and len(t) > 20 and normalize(t).casefold() not in seed
    }
    # Compared word by word: the shards hold words, and only short excerpts of the texts.
    separator = separator_of(search_index(site, "")["config"])

    def words(texts):
        return {w for t in texts for w in tokenize(t, separator) if len(w) > 3}

    en_index, fr_index = (set(indexed(site, p)[1]) for p in ("", "fr"))
    # Pages of both editions name their data files ("data/events/nmi-created.yaml").
    files = words(p.relative_to(ROOT).as_posix() for p in (ROOT / "data").rglob("*.yaml"))
    english_words = words(english_only) - words([fr_all]) - files
    french_words = words(french_only) - words([en_all, seed])
    assert english_words and french_words
    assert sorted(english_words & fr_index) == []
    assert sorted(french_words & en_index) == []
    # ...and each holds its own language's words (some texts, such as the site's name, are
    # on no page's body).
    assert len(english_words & en_index) > 0.8 * len(english_words)
    assert len(french_words & fr_index) > 0.8 * len(french_words)


def test_every_context_statement_is_marked_and_listed(site, kb):
    """What the editors add is marked as theirs where it is shown, and listed for review."""
    notes = kb.context_notes
    assert len(notes) >= 10
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


# A regular space where French typography wants a no-break one: before ; : ! ? » and %, after «.
FRENCH_SPACE = re.compile(r"\S (?=[;:!?»%])|« ")


def test_french_pages_use_french_typography(site):
    offenders = []
    for page in all_pages(site, "fr/"):
        doc = soup(site, "fr/" + page)
        texts = [doc.title.get_text(), doc.find("meta", attrs={"name": "description"})["content"]]
        article = doc.select_one("article")
        for el in article.select('[lang]:not([lang="fr"]), code, pre'):
            el.decompose()  # English forms and file names follow their own rules
        texts += [s for s in article.find_all(string=True)]
        offenders += [(page, t.strip()[:80]) for t in texts if FRENCH_SPACE.search(t)]
    assert offenders == []


@pytest.mark.parametrize("prefix", EDITIONS.values())
def test_the_sidebar_is_the_layouts_index_pages_then_data_and_hand_written_pages(site, prefix):
    from nmikb.pages.plan import NAV
    from nmikb.pages.types.data import DATA_PAGE

    expected = [p.removesuffix(".md") + ".html" for p in (*NAV, DATA_PAGE, "about.md")]
    for page in ("index.html", "events/nmi-created.html", "timeline/2023.html"):
        here = posixpath.dirname(page)
        links = [
            posixpath.normpath(posixpath.join(here, a["href"]))
            for a in soup(site, prefix + page).select(".md-sidebar--primary .md-nav__link[href]")
            if not a["href"].startswith("#")  # the table of contents of the current page
        ]
        assert list(dict.fromkeys(links)) == expected, page
