"""What pages show of many sources, on the fixture that has them (tests/fixtures/multi/), built
once by the real pipeline, both editions: dates with what they rest on and the dates sources
dispute, how many sources support a value, rival wordings and verbs, quotes no stored copy
checks, sources as they are, the old address of a merged record, the editors' additions, and
French typography over every text a reader sees.

The fixture's texts are ours: the tests name its records and words. What must hold for any data
is checked on the real data in tests/test_site.py.
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as ET

import pytest

from frenchtype import edition_faults
from nmikb.data.models import SOURCE_LANGS
from nmikb.edition.labels import labels
from nmikb.pages.render import render_pages
from nmikb.site.linkcheck import broken_links
from test_site import EDITIONS, all_pages, indexed, soup, text_of

pytestmark = pytest.mark.build

EXTENDS = "cvb-extends-flood-watch"  # announced 16 May (stated), 17 May set aside
BERNY = "berny-support-begins"  # May (inferred) or June: the sources differ, none preferred
ON_REQUEST = "cvb-statement-on-request"  # no date of its own: placed at its first report
MINUTES = "valmont-minutes-2024-04-12"  # no stored text
SVG = "{http://www.w3.org/2000/svg}"
# The words each edition uses, from its labels: the tests follow a reworded label.
WORDS = {
    "en": {
        "friday": "Friday 17 May 2024",
        "set_aside": "(set aside)",
        "exact": "exact day",
        "span": ("May 2024", "June 2024"),
    },
    "fr": {
        "friday": "vendredi 17 mai 2024",
        "set_aside": "(écartée)",
        "exact": "jour exact",
        "span": ("mai 2024", "juin 2024"),
    },
}


def entry(doc, event: str):
    """The line of a list that leads to an event's page."""
    link = doc.select_one(f"article .kb-list__title a[href$='events/{event}.html']")
    assert link is not None, event
    return link.find_parent(class_="kb-list__title")


def marks(el, kind: str) -> list:
    return el.select(f"a.kb-mark--{kind}")


# Dates: what they rest on, and the dates sources dispute ----------------------------------------


@pytest.mark.parametrize("lang,prefix", EDITIONS.items())
def test_every_list_of_events_marks_a_disputed_an_inferred_and_a_reported_date(
    multi_site, lang, prefix
):
    L, w = labels(lang), WORDS[lang]
    pages = ["timeline/2024.html", "timeline/index.html", "entities/flood-watch.html", "index.html"]
    for page in pages:
        doc = soup(multi_site, prefix + page)
        # Another date a source gives, set aside: said in words right after the date.
        [rival] = marks(entry(doc, EXTENDS), "rival")
        assert w["friday"] in rival.get_text() and w["set_aside"] in rival.get_text(), page
        assert rival["href"].endswith(f"events/{EXTENDS}.html#dates")
        # Sources that differ with none preferred: the span they give, and the mark.
        line = entry(doc, BERNY)
        assert [t["datetime"] for t in line.find_all("time")] == ["2024-05", "2024-06"], page
        [differ] = marks(line, "differ")
        assert text_of(differ) == L["sources_differ"]
        # Its full phrase names every date with its basis, for the tooltip and a screen reader.
        for month in w["span"]:
            assert month in differ["aria-label"] and month in differ["title"]
        assert L["basis"]["inferred"]["month"] in differ["aria-label"]
        # No source dates the statement: it is placed at its report, and says so.
        [reported] = marks(entry(doc, ON_REQUEST), "reported")
        assert text_of(reported) == L["marks"]["reported"]
        assert reported["aria-label"] == L["date_reported"]
        # Each mark's name contains the words it shows (a reader and a screen reader agree).
        for mark in doc.select("article a.kb-mark"):
            assert text_of(mark) in mark.get("aria-label", text_of(mark)), (page, mark)


def test_an_entitys_own_event_list_pages_carry_the_marks(multi_kb, monkeypatch):
    # Past ENTITY_EVENTS an entity's events move to list pages of their own: the fixture's
    # mission has 4, so with a limit of 2 it gets one.
    from nmikb.pages.types import entities

    monkeypatch.setattr(entities, "ENTITY_EVENTS", 2)
    pages = {p.name: p.markdown for p in render_pages(multi_kb, "en")}
    listed = pages["entities/flood-watch/events.md"]
    assert 'class="kb-mark kb-mark--differ"' in listed
    assert 'class="kb-mark kb-mark--rival"' in listed and "Friday 17 May 2024" in listed


@pytest.mark.parametrize("lang,prefix", EDITIONS.items())
def test_an_event_page_says_what_its_date_rests_on_and_what_other_sources_give(
    multi_site, lang, prefix
):
    L, w = labels(lang), WORDS[lang]
    doc = soup(multi_site, prefix + f"events/{EXTENDS}.html")
    when = doc.select_one(".kb-timeline__when")
    assert when.find("time")["datetime"] == "2024-05-16"
    assert text_of(when.select_one(".kb-precision")) == w["exact"]
    [rival] = marks(when, "rival")
    assert w["friday"] in text_of(rival) and rival["href"] == "#dates"
    # The editors' reason for setting it aside is in the mark's full phrase.
    assert "Post" in rival["aria-label"]
    # Two sources give the day it is placed at: the release, and the review that reports on it.
    [count] = marks(when, "count")
    assert text_of(count) == L["sources_count"].format(count=2)
    # The Dates section: each aspect, each value with its rank, the editors' reading and reason
    # boxed as theirs, and its quotes.
    dates = doc.select_one("dl.kb-dates")
    assert [text_of(dt) for dt in dates.find_all("dt")] == [
        L["aspects"]["decided"],
        L["aspects"]["announced"],
    ]
    [aside] = dates.select(".kb-dates__value--set-aside")
    assert aside.find("time")["datetime"] == "2024-05-17"
    assert L["basis"]["inferred"]["day"] in text_of(aside)
    notes = aside.select(".kb-context[role=note] .kb-context__label")
    assert [text_of(n) for n in notes] == [
        L["reading"],
        f"{L['reason']} ({L['ranks']['set-aside']})",
    ]
    assert aside.select(".kb-cite a[href$='sources/riverside-post-2024-05-17.html']")


@pytest.mark.parametrize("lang,prefix", EDITIONS.items())
def test_no_date_is_called_exact_when_the_editors_inferred_it(multi_site, multi_kb, lang, prefix):
    L = labels(lang)
    for e in multi_kb.events:
        view = multi_kb.dates[e.id]
        doc = soup(multi_site, prefix + f"events/{e.id}.html")
        phrase = text_of(doc.select_one(".kb-timeline__when .kb-precision"))
        if view.state == "unresolved":
            assert phrase.startswith(L["sources_differ"]), e.id
        elif view.aspect == "reported":
            assert phrase == L["date_reported"], e.id
        else:
            assert phrase == L["basis"][view.basis][view.when.precision], e.id
        if view.basis != "stated" or view.aspect == "reported":
            assert L["basis"]["stated"]["day"] not in phrase, e.id
    # The span of dates the sources give, each with its own basis.
    when = soup(multi_site, prefix + f"events/{BERNY}.html").select_one(".kb-timeline__when")
    assert [t["datetime"] for t in when.find_all("time")] == ["2024-05", "2024-06"]
    phrase = text_of(when.select_one(".kb-precision"))
    assert L["basis"]["inferred"]["month"] in phrase and L["basis"]["stated"]["month"] in phrase


@pytest.mark.parametrize("lang,prefix", EDITIONS.items())
def test_the_home_pages_headline_carries_its_dates_marks(multi_site, lang, prefix):
    L, w = labels(lang), WORDS[lang]
    lede = soup(multi_site, prefix + "index.html").select_one(".kb-lede")
    assert text_of(lede.select_one(".kb-precision")) == w["exact"]
    [rival] = marks(lede, "rival")
    assert w["friday"] in text_of(rival) and rival["href"] == f"events/{EXTENDS}.html#dates"
    assert [text_of(c) for c in marks(lede, "count")] == [L["sources_count"].format(count=2)]


@pytest.mark.parametrize("lang,prefix", EDITIONS.items())
def test_the_timeline_picture_draws_inferred_and_other_dates_apart_and_names_them(
    multi_site, multi_kb, lang, prefix
):
    L, w = labels(lang), WORDS[lang]
    figure = soup(multi_site, prefix + "timeline/index.html").select_one("figure.kb-picture")
    svg = ET.fromstring(str(figure.find("svg")))
    links = {a.get("href"): a for a in svg.iter(f"{SVG}a")}

    def titled(a, title_has: str):
        return [g for g in a.iter(f"{SVG}g") if title_has in (g.findtext(f"{SVG}title") or "")]

    # An inferred date: hollow and dashed, its words in its own title.
    berny = links[f"../events/{BERNY}.html"]
    [inferred] = titled(berny, L["basis"]["inferred"]["month"])
    shape = inferred.find(f"{SVG}rect")
    assert shape.get("fill") == "none" and shape.get("stroke-dasharray")
    # Another date a source gives: a faint mark of its own, joined, named in words.
    other = L["another_source"].format(date=w["span"][1])
    [june] = titled(berny, other)
    assert june.get("class") == "kb-pic-other" and june.find(f"{SVG}line") is not None
    extends = links[f"../events/{EXTENDS}.html"]
    [friday] = titled(extends, w["friday"])
    assert w["set_aside"] in friday.findtext(f"{SVG}title")
    # A stated day: a filled dot, and its link's name never calls an inferred date exact.
    assert extends.find(f"{SVG}circle").get("fill") is None
    for e in multi_kb.events:
        name = links[f"../events/{e.id}.html"].findtext(f"{SVG}title")
        if multi_kb.dates[e.id].basis != "stated":
            assert L["basis"]["stated"]["day"] not in name, e.id
    # The key and the description say what the shapes mean.
    words = " ".join(svg.itertext())
    assert L["pic_inferred"] in words and L["pic_rival"] in words
    desc = svg.findtext(f"{SVG}desc")
    assert L["pic_desc_inferred"] in desc and L["pic_desc_rival"] in desc


# Corroboration, rival wordings and verbs, names ------------------------------------------------


@pytest.mark.parametrize("lang,prefix", EDITIONS.items())
def test_a_value_two_sources_give_says_so_and_leads_to_its_quotes(multi_site, lang, prefix):
    L = labels(lang)
    two = L["sources_count"].format(count=2)

    def counts(page: str, where: str) -> list[tuple[str, str]]:
        el = soup(multi_site, prefix + page).select_one(where)
        return [(text_of(a), a["href"]) for a in marks(el, "count")]

    # An event's summary (the release and the newspaper), an entity's description, a
    # statement and a relation of the scope.
    summary = soup(multi_site, prefix + f"events/{EXTENDS}.html").select(".kb-mark--count")[-1]
    assert (text_of(summary), summary["href"]) == (two, "#sources")
    entity = soup(multi_site, prefix + "entities/cvb.html")
    assert (two, "#sources") in counts("entities/cvb.html", "article")
    assert entity.select_one("#sources .kb-cite") is not None  # where it leads
    assert counts("scope.html", "#monitoring ~ p") == [(two, "#monitoring")]
    assert counts("scope.html", "#on-request") == [(two, "#on-request")]
    assert counts("scope.html", "#advises-valmont-town-hall") == [
        (two, "#advises-valmont-town-hall")
    ]
    # The review reports on the release: its title says so, and never that they are independent.
    review = summary["aria-label"]
    assert "Ana Ferreira" in review and "Commission" in review
    date = marks(soup(multi_site, prefix + f"events/{EXTENDS}.html"), "count")[0]
    assert L["reports_on_note"].split("{")[1].split("}")[1].strip() in date["aria-label"]
    # One source: no count.
    assert not marks(soup(multi_site, prefix + "events/flood-watch-created.html"), "count")


@pytest.mark.parametrize("lang,prefix", EDITIONS.items())
def test_rival_wordings_are_shown_with_their_ranks_reasons_and_quotes(multi_site, lang, prefix):
    L = labels(lang)
    aim = soup(multi_site, prefix + "scope.html").select_one("#upper-basin")
    shown, rivals = aim.find("p"), aim.select_one(".kb-rivals")
    assert f"({L['ranks']['preferred']})" in text_of(shown)
    reason = aim.select_one(".kb-context .kb-context__label")
    assert text_of(reason).startswith(f"{L['reason']} ({L['ranks']['preferred']})")
    [other] = rivals.select(".kb-rival--other")
    assert f"({L['ranks']['other']})" in text_of(other)
    assert other.select(".kb-cite a[href$='sources/riverside-post-2024-05-17.html']")
    # A wording set aside on an entity's page, with why.
    fact = soup(multi_site, prefix + "entities/flood-watch.html").select_one("#weekly-report")
    [aside] = fact.select(".kb-rival--set-aside")
    assert f"({L['ranks']['set-aside']})" in text_of(aside)
    assert aside.select_one(".kb-context") is not None and aside.select_one(".kb-cite")
    # The home page's key facts show the wording followed, and that another source differs.
    facts = soup(multi_site, prefix + "index.html").select_one("#key-facts").find_next("ul")
    [wording] = marks(facts, "wording")
    assert text_of(wording) == L["another_wording"] and wording["href"] == "scope.html#upper-basin"


@pytest.mark.parametrize("lang,prefix", EDITIONS.items())
def test_rival_verbs_are_one_relation_everywhere(multi_site, lang, prefix):
    L = labels(lang)
    rival = L["another_verb"].format(verb=L["will_supports"].lower())
    scope = soup(multi_site, prefix + "scope.html")
    rows = [
        text_of(tr)
        for tr in scope.select("table tbody tr")
        if tr.select_one("a[href='#advises-valmont-town-hall']")
    ]
    assert len(rows) == 1 and rival in rows[0]
    item = scope.select_one("#advises-valmont-town-hall")
    verbs = [text_of(p) for p in item.select(".kb-rival__verb")]
    assert verbs == [
        f"{L['will_advises']} ({L['ranks']['preferred']})",
        f"{L['will_supports']} ({L['ranks']['other']})",
    ]
    assert len(item.select(".kb-cites")) == 2  # each verb with the quote that gives it
    home = text_of(soup(multi_site, prefix + "index.html").select_one("#key-facts").find_next("ul"))
    assert rival in home
    # The pictures: one box for the relation, the other verb beside the name.
    words = " ".join(scope.select_one("figure.kb-picture svg").stripped_strings)
    assert words.count(rival) >= 1
    hall = soup(multi_site, prefix + "entities/valmont-town-hall.html")
    passive = L["another_verb"].format(verb=L["pic_will_supports_by"].lower())
    assert passive in " ".join(hall.select_one("figure.kb-picture svg").stripped_strings)


@pytest.mark.parametrize("lang,prefix", EDITIONS.items())
def test_names_show_their_sources_and_a_form_set_aside_with_why(multi_site, lang, prefix):
    L = labels(lang)
    names = soup(multi_site, prefix + "entities/flood-watch.html").select(".kb-names > li")
    by_form = {text_of(li.find("span")): li for li in names}
    both = by_form["Varenne Flood Watch"]
    assert L["name_status_many"]["used-by-source"].format(count=2) in text_of(both)
    assert [a["href"] for a in both.select("a")] == [
        "../sources/cvb-release-2024-05-16.html",
        "../sources/riverside-post-2024-05-17.html",
    ]
    aside = by_form["Varenne Flood-Watch"]
    assert "kb-names__set-aside" in aside["class"] and L["ranks"]["set-aside"] in text_of(aside)
    assert aside.select_one(".kb-context[role=note]") is not None


# Quotes no stored copy checks ------------------------------------------------------------------


@pytest.mark.parametrize("lang,prefix", EDITIONS.items())
def test_a_quote_of_a_source_with_no_stored_text_says_it_is_not_checked(multi_site, lang, prefix):
    L = labels(lang)
    seen = 0
    for page in all_pages(multi_site, prefix):
        for cite in soup(multi_site, prefix + page).select(".kb-cite"):
            unstored = cite.select_one(f"a[href*='sources/{MINUTES}.html']") is not None
            mark = cite.select_one("a.kb-mark--unchecked")
            assert (mark is not None) == unstored, (page, text_of(cite))
            if mark is not None:
                seen += 1
                assert text_of(mark) == L["not_checked"]
                assert mark["href"].endswith(f"sources/{MINUTES}.html#coverage")
    assert seen >= 2  # the event and the entity that quote the minutes


# Sources as they are ---------------------------------------------------------------------------


def fields(doc) -> dict[str, object]:
    return {text_of(dt): dt.find_next_sibling("dd") for dt in doc.select("article dl.kb-fields dt")}


@pytest.mark.parametrize("lang,prefix", EDITIONS.items())
def test_a_source_page_shows_the_source_as_it_is(multi_site, lang, prefix):
    L = labels(lang)
    review = soup(multi_site, prefix + "sources/gazette-review-2024-05-16.html")
    f = fields(review)
    assert text_of(f[L["kind"]]) == f"{L['kinds']['press-review']} · {L['roles']['secondary']}"
    assert f[L["author"]].find("a")["href"] == "../entities/agence-exemple.html"
    # The reviewed edition's date: the editors' reading, boxed as theirs, and the byline quoted
    # as it is, with no weekday added.
    edition = f[L["reviewed"]]
    assert L["basis"]["inferred"]["day"] in text_of(edition)
    assert edition.select_one(".kb-context[role=note]") is not None
    byline = edition.find("q", lang="fr")
    assert re.sub(r"\s", " ", byline.get_text()) == (
        "Par Agence Exemple (revue de presse : La Gazette du Val – 16 mai 2024)"
    )
    assert "jeudi" not in text_of(edition).lower() and "thursday" not in text_of(edition).lower()
    # The document's own date: from the saved page's metadata, shown as metadata, not a quote.
    own = f[L["document_date"]]
    assert L["basis"]["metadata"]["month"] in text_of(own)
    assert own.find("code").get_text() == "date 2024-05"
    assert own.find("q") is None and not own.select(".kb-cite")
    assert all("date 2024-05" not in q.get_text() for q in review.select("article q"))
    assert f[L["reports_on"]].find("a")["href"] == "cvb-release-2024-05-16.html"
    assert text_of(review.select_one(".kb-meta")) == L["title_not_stored"]
    assert review.select_one(".kb-context[role=note]") is not None  # the source's own notes
    assert L["retrieved"] not in text_of(review.select_one("article"))

    release = fields(soup(multi_site, prefix + "sources/cvb-release-2024-05-16.html"))
    assert text_of(release[L["kind"]]).endswith(L["roles"]["primary"])
    assert release[L["issuer"]].find("a")["href"] == "../entities/cvb.html"
    assert release[L["publisher"]].find("a")["href"] == "../entities/cvb.html"
    assert text_of(release[L["author"]]) == L["no_byline"]
    assert text_of(release[L["reproduces"]]).startswith("https://cvb.example/press/2024-05-16")
    address = text_of(release[L["address"]])
    assert address.startswith("https://news-mirror.example/") and L["retrieved"] in address
    assert {"Monday", "lundi"}.isdisjoint(address.split())  # a recorded day, as written

    minutes = soup(multi_site, prefix + f"sources/{MINUTES}.html")
    f = fields(minutes)
    assert text_of(f[L["stored"]]) == L["stored_kinds"]["none"]
    assert "Valmont" in text_of(f[L["where"]]) and L["address"] not in f
    assert L["coverage_not_stored"] in text_of(minutes)
    bulletin = soup(multi_site, prefix + "sources/basin-bulletin-2024-06.html")
    assert text_of(fields(bulletin)[L["stored"]]).startswith(L["stored_kinds"]["excerpt"])
    assert L["coverage_excerpt"] in text_of(bulletin)


# The scope's table ----------------------------------------------------------------------------


@pytest.mark.parametrize("lang,prefix", EDITIONS.items())
def test_a_relation_whose_start_is_not_stated_is_never_ticked_before(multi_site, lang, prefix):
    L = labels(lang)
    rows = {
        tr.find("a")["href"]: [td for td in tr.find_all("td")[1:]]
        for tr in soup(multi_site, prefix + "scope.html").select("table tbody tr")
    }
    before, after = rows["#supports-berny-services"]
    assert text_of(before) == L["before_unknown"] and "✓" not in text_of(before)
    assert before.find(title=L["before_unknown_full"]) is not None
    # "As of" the review's edition: a day the editors read from the byline, and said so.
    assert L["basis"]["inferred"]["day"] in text_of(after)


def test_french_labels_around_dates_read_right(multi_site):
    scope = text_of(soup(multi_site, "fr/scope.html"))
    assert "en cours le jeudi 16 mai 2024" in scope
    assert "ajout de la décision annoncée le jeudi 16 mai 2024" in scope
    assert "Avant le jeudi 16 mai 2024" in scope
    for wrong in ("en cours au", "ajout par", "Avant le mai", "de 2019 à 16"):
        assert wrong not in scope
    desc = soup(multi_site, "fr/timeline/index.html").select_one("figure desc").get_text()
    # The last date is the report's (no source dates that event): said, inside the parentheses.
    assert "(2019 – 16 mai 2024, date du premier compte rendu)" in desc


# The old address of a merged record ------------------------------------------------------------


@pytest.mark.parametrize("lang,prefix", EDITIONS.items())
def test_the_old_address_of_a_merged_record_leads_to_it(multi_site, lang, prefix):
    doc = soup(multi_site, prefix + "events/cvb-adds-terms.html")
    refresh = doc.find("meta", attrs={"http-equiv": "refresh"})
    assert refresh["content"] == f"0; url={EXTENDS}.html"
    canonical = doc.find("link", rel="canonical")["href"]
    assert canonical.endswith(f"/{prefix}events/{EXTENDS}.html")
    assert doc.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    text = doc.select_one("article")
    assert labels(lang)["redirect_text"] in text_of(text)
    assert text.select_one(f"a[href='{EXTENDS}.html']") is not None
    # Kept out of search, search engines' sitemap, and no link of it is broken.
    sitemap = (multi_site / prefix / "sitemap.xml").read_text(encoding="utf-8")
    assert "cvb-adds-terms" not in sitemap and f"events/{EXTENDS}.html" in sitemap
    docs, _terms = indexed(multi_site, prefix)
    assert not [d for d in docs if "cvb-adds-terms" in d[0]]
    assert [p for p in broken_links(multi_site) if "cvb-adds-terms" in p] == []


# The editors' additions ------------------------------------------------------------------------


@pytest.mark.parametrize("lang,prefix", EDITIONS.items())
def test_the_coverage_page_lists_every_addition_of_the_editors_where_it_is_shown(
    multi_site, multi_kb, lang, prefix
):
    L = labels(lang)
    listed = soup(multi_site, prefix + "coverage.html").select("#context ~ ol > li")
    kinds: dict[str, set[str]] = {}
    for li in listed:
        link = li.find("a")
        label = text_of(li.select_one(".kb-context__label"))
        kinds.setdefault(link["href"], set()).add(label)
        # Each leads to where it is shown: a page with that anchor.
        page, _, anchor = link["href"].partition("#")
        target = soup(multi_site, prefix + posixpath.normpath(page))
        assert not anchor or target.find(id=anchor) is not None, link["href"]

    def kind(key: str) -> str:
        # The label, a line of its own above the editors' words: no colon.
        return f"{L['additions'][key][:1].upper()}{L['additions'][key][1:]}"

    assert kind("reasoning") in kinds[f"events/{BERNY}.html#dates"]
    assert {kind("reasoning"), kind("reason")} <= kinds[f"events/{EXTENDS}.html#dates"]
    assert kind("reason") in kinds["scope.html#upper-basin"]
    assert kind("reason") in kinds["scope.html#advises-valmont-town-hall"]
    assert kind("reason") in kinds["entities/flood-watch.html#names"]
    assert kind("reason") in kinds["entities/flood-watch.html#weekly-report"]
    review = kinds["sources/gazette-review-2024-05-16.html"]
    assert {kind("source_reading"), kind("title")} <= review
    assert any(label.startswith(L["context_label"]) for label in review)  # its note


# Words -----------------------------------------------------------------------------------------

SINGLE_SOURCE = {"en": re.compile(r"\b(the|this|that) source\b", re.I), "fr": None}
SINGLE_SOURCE["fr"] = re.compile(r"\b(la|cette) source\b", re.I)


def strings(value):
    if isinstance(value, dict):
        for v in value.values():
            yield from strings(v)
    elif isinstance(value, str):
        yield value


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_labels_never_assume_one_source_or_one_language(lang):
    L = labels(lang)
    assert [s for s in strings(L) if SINGLE_SOURCE[lang].search(s)] == []
    # A phrase for every language a source may be in, written out in each edition.
    assert set(L["translated_from"]) == set(L["original_in"]) == set(SOURCE_LANGS)
    if lang == "fr":
        # Elision written out: "de l’anglais", never "du anglais" or "de anglais".
        elided = re.compile(r"\bdu [aeiouéèêâîô]|\bde [aeiouéèê]", re.I)
        assert [s for s in strings(L) if elided.search(s)] == []


@pytest.mark.parametrize("lang,prefix", EDITIONS.items())
def test_translated_from_names_each_sources_language(multi_site, lang, prefix):
    L = labels(lang)
    doc = soup(multi_site, prefix + f"events/{EXTENDS}.html")
    for cite in doc.select(".kb-cite"):
        source = cite.select_one("a[href*='sources/']")["href"]
        source_lang = "fr" if "gazette-review" in source else "en"
        note = cite.select_one(".kb-cite__note")
        assert (note is None) == (source_lang == lang), source
        if note is not None:
            assert text_of(note) == f"({L['translated_from'][source_lang]})"


# French typography over every text a reader sees ----------------------------------------------


def test_the_french_edition_has_french_typography_everywhere(multi_site):
    # (On the real data, with and without a contribution: tests/test_site.py.)
    # Every page, the Cite panel, permalink line, references and hand-written pages included.
    assert edition_faults(multi_site) == {}


def test_the_typography_check_finds_what_it_looks_for():
    from frenchtype import page_faults

    page = (
        '<html lang="fr"><head><title>Lien : x</title></head><body>'
        '<p><strong>Lien permanent</strong> : a</p><p title="« mot»">b</p>'
        '<svg><text>Événements : x</text></svg><p>un "mot" et “un autre”</p>'
        '<p lang="en">an "English" quote: fine</p><code>a : b</code></body></html>'
    )
    faults = page_faults(page)
    assert len([f for f in faults if "plain space" in f]) == 4
    assert len([f for f in faults if "quote" in f]) == 4
    assert not [f for f in faults if "English" in f or "a : b" in f]


# Hostile data stays text -----------------------------------------------------------------------

HOSTILE = '<script>alert(1)</script> "q" {{ 7*7 }} *x* [a](javascript:alert(1))'


def test_hostile_words_in_a_reason_stay_text_in_marks_and_boxes(tmp_path):
    import json

    from conftest import make_multi
    from nmikb.site.build import build_site

    project = make_multi(tmp_path / "p")
    event = project / "data" / "events" / f"{EXTENDS}.yaml"
    text = event.read_text(encoding="utf-8")
    # JSON is YAML: the set-aside date's English reason becomes the hostile string.
    text, n = re.subn(
        r"reason: \{en: The Post's[^\n]*?, fr:", f"reason: {{en: {json.dumps(HOSTILE)}, fr:", text
    )
    assert n == 1
    event.write_text(text, encoding="utf-8")
    site = tmp_path / "site"
    build_site(project, site)
    for page in (f"events/{EXTENDS}.html", "timeline/2024.html", "index.html", "coverage.html"):
        doc = soup(site, page)
        for script in doc.find_all("script"):
            if script.get("type") == "application/ld+json":  # data, which may hold the words
                assert "<" not in script.string, page  # escaped: nothing in it ends the script
            else:
                assert "alert" not in script.get_text(), page
        assert not doc.select("a[href^='javascript']") and not doc.find("em", string="x"), page
        # The words as written: in a mark's title and name, and in the editors' boxes.
        rival = doc.select_one("a.kb-mark--rival[href$='#dates']")
        if page != "coverage.html":
            assert rival["title"].endswith(HOSTILE) and rival["aria-label"].endswith(HOSTILE)
    for page in (f"events/{EXTENDS}.html", "coverage.html"):
        boxes = soup(site, page).select("article .kb-context")
        assert any(text_of(b).endswith(HOSTILE) for b in boxes), page


def test_a_term_named_in_another_language_is_marked_as_such(multi_site, multi_kb):
    """A term whose French form is its English name (`lang: en`) is shown in that language on
    the French pages that name it, marked `lang="en"`: a screen reader says it in English, and
    no French page passes English words off as French."""
    foreign = [t for t in multi_kb.glossary if t.form("fr").lang not in (None, "fr")]
    assert foreign
    for t in foreign:
        form = t.form("fr")
        page = soup(multi_site, f"fr/glossary/{t.id}.html")
        heading = page.select_one("article h1")
        assert [s.get_text() for s in heading.select(f'[lang="{form.lang}"]')] == [form.full]
        listed = soup(multi_site, "fr/glossary/index.html").select_one(
            f'article a[href$="{t.id}.html"]'
        )
        assert listed.select_one(f'[lang="{form.lang}"]').get_text() == text_of(listed)
    # A French form written in French stays unmarked.
    french = next(t for t in multi_kb.glossary if t.form("fr").lang in (None, "fr"))
    assert not soup(multi_site, f"fr/glossary/{french.id}.html").select("article h1 [lang]")
