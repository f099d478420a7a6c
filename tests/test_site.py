"""A real strict build of the real data, both editions, then checks on the HTML a reader gets."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import PAGE_TYPES
from scripts.quotes import normalize
from scripts.registry import EDITIONS as EDITION_LIST

pytestmark = pytest.mark.build

ROOT = Path(__file__).resolve().parent.parent
SEED = (ROOT / "seeds" / "lesoir-2023-08-17-belga-otan-irak.txt").read_text(encoding="utf-8")
EDITIONS = {e.lang: e.prefix + "/" if e.prefix else "" for e in EDITION_LIST}


def all_pages(site: Path, prefix: str) -> list[str]:
    """Every page of one edition, relative to the edition's root."""
    base = site / prefix
    other = [site / p for p in EDITIONS.values() if p and p != prefix]
    return sorted(p.relative_to(base).as_posix() for p in base.rglob("*.html") if p.name != "404.html" and not any(o in p.parents for o in other))


def soup(site: Path, rel: str) -> BeautifulSoup:
    return BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html.parser")


def search_index(site: Path, prefix: str) -> dict:
    return json.loads((site / prefix / "search" / "search_index.json").read_text(encoding="utf-8"))


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
        links = {a["hreflang"]: a["href"] for a in soup(site, prefix + page).select("a.md-select__link")}
        assert set(links) == {"en", "fr"}
        for target_lang, href in links.items():
            target = (here / href).resolve()
            same = (site / EDITIONS[target_lang] / page).resolve()
            # A glossary letter that no term of the other language starts with leads to its glossary.
            assert target == same or (not same.exists() and target == (site / EDITIONS[target_lang] / "glossary/index.html").resolve()), page
            assert target.is_file()


def test_home_page_says_what_happened(site):
    doc = soup(site, "index.html")
    lede = doc.select_one(".kb-lede").get_text(" ", strip=True)
    assert "Thursday 17 August 2023" in lede
    assert "Ministry of Interior" in lede and "Federal Police Command" in lede
    hrefs = {a["href"].split("#")[0] for a in doc.select("article a[href]")}
    assert {"timeline/index.html", "scope.html", "glossary/index.html", "sources/index.html", "entities/index.html"} <= hrefs


@pytest.mark.parametrize("lang,prefix,day", [("en", "", "Thursday 17 August 2023"), ("fr", "fr/", "jeudi 17 août 2023")])
def test_timeline_is_an_ordered_list_of_dated_entries(site, lang, prefix, day):
    doc = soup(site, prefix + "timeline/index.html")
    times = doc.select("article .kb-list time[datetime]")
    assert [t["datetime"] for t in times] == ["2014", "2018", "2023-08-17", "2023-08-17"]
    assert times[2].get_text() == day
    year = soup(site, prefix + "timeline/2023.html")
    assert [a["href"] for a in year.select("article ol.kb-list > li a")] == ["../events/nac-decides-nmi-expansion.html", "../events/nato-communique-principles.html"]
    # Each event page says how precise its date is, in words.
    precision = {soup(site, prefix + f"events/{e}.html").select_one(".kb-precision").get_text() for e in ("nmi-created", "nac-decides-nmi-expansion")}
    assert len(precision) == 2


def test_scope_shows_institutions_before_and_after(site):
    doc = soup(site, "scope.html")
    rows = {tr.find("td").get_text(strip=True): [td.get_text(strip=True) for td in tr.find_all("td")[1:]] for tr in doc.select("table tbody tr")}
    assert rows["Ministry of Defence"] == ["✓ Advises", "✓ Advises"]
    assert rows["Ministry of Interior"] == ["—", "✓ Advises (added)"]
    assert rows["Federal Police Command"] == ["—", "✓ Advises (added)"]
    assert set(rows) >= {"Office of the National Security Advisor", "Prime Minister's National Operations Centre"}
    text = doc.get_text(" ", strip=True)
    for phrase in ("non-combat", "sovereignty and territorial integrity", "complementarity", "resurgence of the jihadist group Islamic State", "Training Iraqi forces"):
        assert phrase in text


@pytest.mark.parametrize(
    "prefix,anchor,forms",
    [
        ("", "nac", ["NAC", "North Atlantic Council", "CAN", "Conseil de l’Atlantique Nord"]),
        ("fr/", "nac", ["CAN", "Conseil de l’Atlantique Nord", "NAC", "North Atlantic Council"]),
        ("", "nato", ["NATO", "OTAN"]),
        ("", "islamic-state", ["IS", "Islamic State", "EI", "État islamique"]),
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
        listed = {a["href"] for page in all_pages(site, prefix) if page.startswith("glossary/letter/") for a in soup(site, prefix + page).select("article .kb-list a")}
        assert sorted(f"../{t.id}.html" for t in kb.glossary) == sorted(listed)


def test_abbreviations_are_tooltips_on_every_page(site):
    for prefix in EDITIONS.values():
        for page in ("index.html", "scope.html", "events/nac-decides-nmi-expansion.html", "entities/nmi.html", "glossary/nmi.html", "about.html"):
            titles = {a.get_text(): a["title"] for a in soup(site, prefix + page).find_all("abbr")}
            assert "NMI" in titles, page
    en = {a.get_text(): a["title"] for a in soup(site, "glossary/nac.html").find_all("abbr")}
    fr = {a.get_text(): a["title"] for a in soup(site, "fr/glossary/nac.html").find_all("abbr")}
    assert en["NAC"] == "North Atlantic Council"
    assert en["CAN"].startswith("Conseil de l’Atlantique Nord (French; NAC")
    assert fr["CAN"] == "Conseil de l’Atlantique Nord"
    assert fr["NAC"].startswith("North Atlantic Council (anglais; CAN")


def test_search_indexes_are_one_per_language(site):
    en, fr = search_index(site, ""), search_index(site, "fr")
    assert en["config"]["lang"] == ["en"] and fr["config"]["lang"] == ["fr"]
    en_text = " ".join(d["text"] + d["title"] for d in en["docs"])
    fr_text = " ".join(d["text"] + d["title"] for d in fr["docs"])
    for word in ("NAC", "CAN", "NMI", "North Atlantic Council"):
        assert word in en_text
    assert "Thursday 17 August 2023" in en_text and "Thursday" not in fr_text
    assert "jeudi 17 août 2023" in fr_text and "jeudi 17 août" not in en_text
    # Every French entry points inside the French edition; English ones never do.
    assert all(not d["location"].startswith("fr/") for d in en["docs"])
    # The offline plugin inlines each index for file:// use.
    for prefix in ("", "fr/"):
        assert (site / prefix / "search" / "search_index.js").read_text(encoding="utf-8").startswith("var __index = ")


REMOTE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.I)
# Elements and attributes that make the browser fetch something (links a reader clicks do not).
NOT_FETCHED = {"canonical", "alternate"}
FETCHING = {"script": ["src"], "link": ["href"], "img": ["src", "srcset"], "iframe": ["src"], "source": ["src", "srcset"], "video": ["src", "poster"], "audio": ["src"], "object": ["data"], "embed": ["src"], "use": ["href", "xlink:href"]}


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
                offenders += [(path.name, el.get(a)) for a in attrs if el.get(a) and REMOTE.match(el.get(a))]
        for style in doc.find_all("style"):
            offenders += [(path.name, u) for u in re.findall(r"url\(\s*['\"]?((?:https?:)?//[^)'\"]+)", style.get_text())]
    for path in site.rglob("*.css"):
        text = path.read_text(encoding="utf-8")
        offenders += [(path.name, u) for u in re.findall(r"(?:url\(|@import)\s*['\"]?((?:https?:)?//[^)'\"]+)", text)]
    # (The theme's bundle names a CDN for diagrams we never use; the browser tests prove no request.)
    for path in site.rglob("*"):
        if path.suffix in (".html", ".css") and any(host in path.read_text(encoding="utf-8", errors="replace") for host in ("fonts.googleapis", "fonts.gstatic", "unpkg.com")):
            offenders.append((path.name, "font or CDN host"))
    assert offenders == []


def test_polyfill_is_served_by_the_site(site):
    for prefix in EDITIONS.values():
        page = soup(site, prefix + "index.html")
        scripts = [s.get("src") for s in page.find_all("script") if s.get("src")]
        polyfill = next(i for i, s in enumerate(scripts) if s.endswith("assets/javascripts/iframe-worker.js"))
        bundle = next(i for i, s in enumerate(scripts) if "javascripts/bundle." in s)
        # Before the theme's script starts the worker, but not in <head>, where it delays the first paint.
        assert polyfill < bundle
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

    from scripts.models import Text

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
        # English forms marked lang="en", and the source's own words, are meant to be there.
        for el in article.select('[lang]:not([lang="fr"]), q, blockquote'):
            el.decompose()
        text = article.get_text(" ", strip=True)
        leaks = [t for t in english_only if t in text]
        assert leaks == [], page


def test_facts_that_can_change_say_as_of(site):
    text = soup(site, "entities/nac.html").get_text(" ", strip=True)
    assert re.search(r"31 member countries\.\s*\(as of Thursday 17 August 2023\)", text)
    assert re.search(r"31 pays membres\.\s*\(au jeudi 17 août 2023\)", soup(site, "fr/entities/nac.html").get_text(" ", strip=True))


def test_sources_page_lists_metadata_and_citing_facts(site):
    doc = soup(site, "sources/lesoir-2023-08-17.html")
    text = doc.get_text(" ", strip=True)
    for value in ("Belga", "Le Soir", "Thursday 17 August 2023", "French", "Press review"):
        assert value in text
    cited_by = doc.find(id="cited-by").find_next("ul").find_all("a")
    assert len(cited_by) > 40
    listed = soup(site, "sources/index.html").select("article .kb-list a")
    assert [a["href"] for a in listed] == ["lesoir-2023-08-17.html"]


def test_coverage_page_reports_every_sentence_covered(site):
    for prefix, phrase in (("", "8 of 8 sentences (100%)"), ("fr/", "8 phrases sur 8 (100\u00a0%)")):
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
    # Glossary forms are shown in both languages on purpose ("NAC — North Atlantic Council").
    forms = " ".join(f"{t.en.full} {t.fr.full}" for t in kb.glossary)
    fr_all, en_all = " ".join(fr_texts) + forms, " ".join(en_texts) + forms
    english_only = {t for t in en_texts if t not in fr_all and len(t) > 20}
    # The source's own words are quoted, in French, on English pages too.
    seed = normalize(SEED).casefold()
    french_only = {t for t in fr_texts if t not in en_all and len(t) > 20 and normalize(t).casefold() not in seed}
    docs = {p: " ".join(d["text"] + " " + d["title"] for d in search_index(site, p)["docs"]) for p in ("", "fr")}

    def squash(s):
        return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", s))

    en_index, fr_index = squash(docs[""]), squash(docs["fr"])
    assert [t for t in english_only if t in fr_index] == []
    assert [t for t in french_only if t in en_index] == []
    # ...and each holds its own language's texts.
    assert sum(t in en_index for t in english_only) > 0.8 * len(english_only)
    assert sum(t in fr_index for t in french_only) > 0.8 * len(french_only)
