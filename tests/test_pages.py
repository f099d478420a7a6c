"""What the pages say, in which words and order: the fixture `tiny` (tests/fixtures/tiny/),
built once by the real pipeline, both editions, strict.

Its texts are ours and change only with these tests: two sources in two languages that disagree
on a day, a decided, an announced and an ongoing relation, an abbreviation no source spells out,
a fact as of a date, another common name. The real data is checked in tests/test_site.py, for
what holds for any valid data.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from test_site import EDITIONS, cited_source, indexed, soup, text_of

pytestmark = pytest.mark.build


def test_home_page_says_what_happened(tiny_site):
    # The headline's date says how precise it is, as everywhere a date is shown in full.
    lede = text_of(soup(tiny_site, "index.html").select_one(".kb-lede"))
    assert lede == (
        "February 2024 month only — The council votes the works . "
        "The council votes <the> *renovation*."
    )
    fr = text_of(soup(tiny_site, "fr/index.html").select_one(".kb-lede"))
    assert fr == (
        "février 2024 mois seulement — Le conseil vote les travaux . Le conseil vote la rénovation."
    )


@pytest.mark.parametrize("prefix,day", [("", "Monday 4 March 2024"), ("fr/", "lundi 4 mars 2024")])
def test_timeline_is_an_ordered_list_of_dated_entries(tiny_site, prefix, day):
    doc = soup(tiny_site, prefix + "timeline/index.html")
    times = doc.select("article .kb-list time[datetime]")
    assert [t["datetime"] for t in times] == ["2024-02", "2024-03-04", "2025"]
    assert times[1].get_text() == day
    year = soup(tiny_site, prefix + "timeline/2024.html")
    assert [a["href"] for a in year.select("article ol.kb-list > li a[href^='../events/']")] == [
        "../events/council-votes.html",
        "../events/trust-to-advise.html",
    ]
    # Each event page says how precise its date is, in words.
    precision = {
        soup(tiny_site, prefix + f"events/{e}.html").select_one(".kb-precision").get_text()
        for e in ("council-votes", "trust-to-advise", "works-start")
    }
    assert len(precision) == 3


def scope_rows(site: Path, page: str) -> dict[str, list[str]]:
    return {
        tr.find("td").get_text(strip=True) + " " + str(i): [
            td.get_text(strip=True) for td in tr.find_all("td")[1:]
        ]
        for i, tr in enumerate(soup(site, page).select("table tbody tr"))
    }


def test_scope_shows_institutions_before_and_after(tiny_site):
    assert scope_rows(tiny_site, "scope.html") == {
        # In effect as of the scope's date, start not stated: whether it held before is not
        # known, never a tick (issue 22 item 7).
        "Ardennes bridge 0": ["not stated", "✓ Supports (ongoing as of Sunday 3 March 2024)"],
        # Announced for later, and added by a decision: never work under way.
        "Ardennes bridge 1": ["—", "→ Will advise (start announced for 2025)"],
        "Meuse Bridges Trust 2": [
            "—",
            "→ Will support (added by the decision announced on Monday 4 March 2024)",
        ],
    }
    assert scope_rows(tiny_site, "fr/scope.html") == {
        "Pont des Ardennes 0": ["non précisé", "✓ Soutient (en cours le dimanche 3 mars 2024)"],
        "Pont des Ardennes 1": ["—", "→ Conseillera (début annoncé pour 2025)"],
        "Fondation des ponts de la Meuse 2": [
            "—",
            "→ Soutiendra (ajout de la décision annoncée le lundi 4 mars 2024)",
        ],
    }
    text = text_of(soup(tiny_site, "scope.html"))
    for phrase in ("The council renovates the bridge.", "A vote first.", "A sound bridge."):
        assert phrase in text


def test_home_page_key_facts_follow_the_data_and_keep_names_in_lower_case_in_french(tiny_site):
    def key_facts(prefix):
        doc = soup(tiny_site, prefix + "index.html")
        return re.sub(r"[ \n]+", " ", doc.select_one("#key-facts").find_next("ul").get_text())

    en = key_facts("")
    assert (
        "Will support (added by the decision announced on Monday 4 March 2024): "
        "Meuse Bridges Trust." in en
    )
    assert "Before" not in en
    fr = key_facts("fr/")
    # A common noun in running text keeps no capital: "… : pont des Ardennes"; headings and
    # table cells add it.
    assert "\u00a0: pont des Ardennes." in fr and "\u00a0: fondation des ponts de la Meuse." in fr
    assert "Pont des" not in fr and "Fondation" not in fr


@pytest.mark.parametrize(
    "prefix,term,forms",
    [
        ("", "eu", ["EU", "European Union", "UE", "Union européenne"]),
        ("fr/", "eu", ["UE", "Union européenne", "EU", "European Union"]),
        ("fr/", "municipal-council", ["CC", "Conseil communal", "MC", "Municipal council"]),
    ],
)
def test_glossary_term_has_its_page_and_both_forms(tiny_site, prefix, term, forms):
    doc = soup(tiny_site, prefix + f"glossary/{term}.html")
    text = doc.select_one("article").get_text()
    for form in forms:
        assert form in text
    assert doc.find("dd", lang="fr") is not None and doc.find("dd", lang="en") is not None


def test_abbreviations_are_tooltips_with_their_long_form_and_who_gives_it(tiny_site):
    def titles(page):
        return {a.get_text(): a["title"] for a in soup(tiny_site, page).find_all("abbr")}

    for prefix in EDITIONS.values():
        for page in ("index.html", "events/council-votes.html", "glossary/municipal-council.html"):
            assert "MC" in titles(prefix + page) or "CC" in titles(prefix + page), page
    en, fr = titles("glossary/municipal-council.html"), titles("fr/glossary/municipal-council.html")
    # Each says what its long form rests on, in the page's language.
    assert en["MC"] == "Municipal council (editors' translation)"
    assert en["CC"] == (
        "Conseil communal (in French, as the sources write it); in English: MC — Municipal council"
    )
    assert fr["CC"] == "Conseil communal (forme des sources)"
    assert fr["MC"] == (
        "Municipal council (traduction des rédacteurs en anglais)\u202f; "
        "en français\u00a0: CC — Conseil communal"
    )
    en, fr = titles("glossary/eu.html"), titles("fr/glossary/eu.html")
    assert en["EU"] == "European Union (official name, editors' knowledge)"
    assert fr["UE"] == "Union européenne (nom officiel, connaissance des rédacteurs)"


@pytest.mark.parametrize("prefix", EDITIONS.values())
def test_another_common_name_is_searchable_and_said_to_be_the_editors(tiny_site, prefix):
    terms = indexed(tiny_site, prefix)[1]
    assert {"pont", "jambes"} <= set(terms)
    names = soup(tiny_site, prefix + "entities/ardennes-bridge.html").select(".kb-names li")
    jambes = next(li for li in names if li.find("span").get_text() == "pont de Jambes").get_text()
    assert "editors" in jambes or "rédacteurs" in jambes


def test_each_search_index_holds_its_languages_words(tiny_site):
    (_, en_terms), (_, fr_terms) = indexed(tiny_site, ""), indexed(tiny_site, "fr")
    for word in ("mc", "cc", "municipal", "council", "bridge", "trust"):
        assert word in en_terms, word
    # Dates in the page's language: English ones on English pages, French ones on French pages.
    assert {"monday", "march"} <= set(en_terms) and "monday" not in fr_terms
    assert set(fr_terms["lundi"]) & set(fr_terms["mars"]) and "lundi" not in en_terms
    # A French source's "mardi" is quoted on English pages too, never as a date of theirs; an
    # English source's "Wednesday" on French pages likewise.
    assert "mardi" in en_terms and not set(en_terms["mardi"]) & set(en_terms.get("mars", []))
    assert "wednesday" in fr_terms


def test_sources_page_lists_metadata_and_citing_facts(tiny_site):
    doc = soup(tiny_site, "sources/gazette.html")
    # A librarian's record: the review's author, what it reviews and when (as the byline gives
    # it: no weekday), its own date with what it rests on, and a title marked as the editors' own.
    fields = {
        dt.get_text(strip=True): text_of(dt.find_next("dd")) for dt in doc.select("article dl dt")
    }
    assert fields["Author or agency"] == "Agence Exemple"
    assert fields["Reviewed publication"] == "La Gazette, 3 March 2024 exact day"
    assert fields["Date of the document"] == "March 2024 month only"
    assert fields["Language"] == "French"
    assert fields["Kind"] == "Press review · secondary source: a report about others' words"
    assert doc.find("h1").get_text().rstrip("¶") == "[The bridge vote]"
    trust = soup(tiny_site, "sources/bridges-trust.html")
    fields = {
        dt.get_text(strip=True): text_of(dt.find_next("dd")) for dt in trust.select("article dl dt")
    }
    assert fields["Language"] == "English"
    assert fields["Kind"] == "Communiqué · primary source: the issuer's own words"
    assert fields["Date of the document"] == "4 March 2024 exact day"
    # Its own title, as the document gives it, in both editions.
    for prefix in EDITIONS.values():
        title = soup(tiny_site, prefix + "sources/bridges-trust.html").find("h1").get_text()
        assert title.rstrip("¶") == "Namur council backs Ardennes bridge works"
    cited_by = [a["href"] for a in trust.find(id="cited-by").find_next("ul").find_all("a")]
    assert "../events/council-votes.html" in cited_by and "../glossary/eu.html" in cited_by
    listed = soup(tiny_site, "sources/index.html").select("article .kb-list a")
    assert [a["href"] for a in listed] == ["bridges-trust.html", "gazette.html"]


def test_coverage_page_reports_every_sentence_covered(tiny_site):
    for prefix, phrase, each in (
        ("", "7 of 7 sentences (100%)", ("3 of 3 sentences (100%)", "4 of 4 sentences (100%)")),
        (
            "fr/",
            "7 phrases sur 7 (100\u00a0%)",
            ("3 phrases sur 3 (100\u00a0%)", "4 phrases sur 4 (100\u00a0%)"),
        ),
    ):
        assert phrase in text_of(soup(tiny_site, prefix + "coverage.html"))
        for source, wanted, n in (("gazette", each[0], 3), ("bridges-trust", each[1], 4)):
            doc = soup(tiny_site, prefix + f"sources/{source}.html")
            assert wanted in text_of(doc)
            assert len(doc.select(".kb-coverage__sentence--covered")) == n
            assert doc.select(".kb-coverage__sentence--uncovered") == []


def test_quotes_are_marked_as_translations_with_the_original_at_hand(tiny_site):
    # One event quotes a French source and an English one: each edition translates the other.
    for prefix, own, other, note in (
        ("", "en", "fr", "(editors' translation from French)"),  # the editors', not the speaker's
        ("fr/", "fr", "en", "anglais par les rédacteurs"),
    ):
        doc = soup(tiny_site, prefix + "events/council-votes.html")
        cites = doc.select(".kb-cite")
        assert [cited_source(c) for c in cites] == ["gazette", "bridges-trust"]
        translated = [c for c in cites if c.select_one(".kb-cite__note")]
        assert len(translated) == 1 and note in translated[0].get_text()
        assert translated[0].select_one("q")["lang"] == own
        original = translated[0].find_next_sibling("details", class_="kb-cite__original")
        assert original.select_one(f'p[lang="{other}"] q') is not None
        untranslated = next(c for c in cites if c is not translated[0])
        assert untranslated.select_one("q")["lang"] == own


def test_facts_that_can_change_say_as_of(tiny_site):
    for prefix, says in (
        ("", "The trust will advise the City on the works. (as of Monday 4 March 2024)"),
        ("fr/", "La fondation conseillera la Ville sur les travaux. (au lundi 4 mars 2024)"),
    ):
        doc = soup(tiny_site, prefix + "entities/meuse-bridges-trust.html")
        assert text_of(doc.find(id="trust-advises-city")).startswith(says)


@pytest.mark.parametrize("prefix", EDITIONS.values())
def test_the_editors_words_are_boxed_under_a_label_of_their_own(tiny_site, prefix):
    # Not "Label: Text": French writes no capital after a colon, and the editors' sentences
    # start with one ("Les sources divergent…"). The label is a line of its own, the text as
    # written.
    doc = soup(tiny_site, prefix + "events/council-votes.html")
    [box] = doc.select("article .kb-context[role=note]")
    label, text = box.find_all("p")
    assert "kb-context__label" in label["class"] and not text_of(label).rstrip().endswith(":")
    assert text_of(text).startswith(
        {"": "The sources disagree", "fr/": "Les sources divergent"}[prefix]
    )


def test_a_pictures_words_keep_french_names_as_running_text_writes_them(tiny_site):
    # The boxes of the scope picture start with a capital; the sentence a screen reader hears
    # lists the same names after a colon, where French keeps them as stored ("pont des Ardennes").
    doc = soup(tiny_site, "fr/scope.html")
    svg = doc.select_one("article svg")
    desc = " ".join(svg.find("desc").get_text().split())
    boxes = [t.get_text() for t in svg.select("a.kb-pic-link > title")]
    assert "Pont des Ardennes" in boxes and "Pont des" not in desc
    assert "\u00a0: pont des Ardennes" in desc or " : pont des Ardennes" in desc
    # The relations picture's title names the entity inside its sentence too.
    bridge = soup(tiny_site, "fr/entities/ardennes-bridge.html").select_one("article svg title")
    assert bridge.get_text().endswith(": pont des Ardennes"), bridge.get_text()


def test_after_a_colon_french_drops_the_capital_of_a_word_but_not_of_a_name(tiny_kb):
    from nmikb.pages.helpers import Helpers

    h = Helpers(kb=tiny_kb, lang="fr", L={}, date=str, percent=str)
    assert h.after_colon("Le vote a lieu mardi.") == "le vote a lieu mardi."
    # A name of the data keeps its capital, as a whole: "Conseil communal" (the glossary's form)…
    assert h.after_colon("Conseil communal de Namur vote.") == "Conseil communal de Namur vote."
    assert h.after_colon("Union européenne et Namur.") == "Union européenne et Namur."
    # …but a sentence that only starts with the same word as a name is a sentence.
    assert h.after_colon("Conseil donné à la ville.") == "conseil donné à la ville."
    assert h.after_colon("Union des deux rives.") == "union des deux rives."
    # A name followed by punctuation is still a name.
    assert h.after_colon("Conseil communal, dit-on.") == "Conseil communal, dit-on."
    # Abbreviations and the English edition are left alone.
    assert h.after_colon("CC vote.") == "CC vote."
    assert (
        Helpers(kb=tiny_kb, lang="en", L={}, date=str, percent=str).after_colon("The vote.")
        == "The vote."
    )
