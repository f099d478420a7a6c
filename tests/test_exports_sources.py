"""Every export carries the many-sources model, and the Cite panel cites each source as what it
is: the fixture with several sources (tests/fixtures/multi/) built by the real pipeline in both
editions, each export read back with a real parser (json and jsonschema, csv, icalendar, XML,
PyLD; bibtexparser and citeproc-py for the Cite panel).

What the fixture holds that these tests rely on (its README says more): cvb-extends-flood-watch
is placed by its announcement of 16 May 2024, which two sources give and a third, set aside,
dates 17 May; berny-support-begins has two months from two sources and no preferred one (the
sources differ), the earlier inferred by the editors; cvb-statement-on-request has no date of its
own (placed at its report); valmont-requests-support quotes only minutes with no stored text.
"""

from __future__ import annotations

import csv
import json
import re
import warnings
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import bibtexparser
import citeproc
import icalendar
import jsonschema
import pytest
from bs4 import BeautifulSoup
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON
from pyld import jsonld

from conftest import make_multi
from nmikb.data.registry import KINDS, SOURCE
from nmikb.edition.address import Share
from nmikb.edition.editions import EDITIONS as EDITION_LIST
from nmikb.exports.calendar import icalendar as ics_export
from nmikb.exports.tables import csv_files
from nmikb.knowledge.load import load_knowledge_base
from nmikb.pages.decorate.cite import citations

pytestmark = pytest.mark.build

EDITIONS = {e.lang: e.prefix + "/" if e.prefix else "" for e in EDITION_LIST}
ATOM = {"a": "http://www.w3.org/2005/Atom"}
SCHEMA = "https://schema.org/"


def downloads(site: Path, lang: str) -> Path:
    return site / EDITIONS[lang] / "downloads"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def rows(site: Path, lang: str, name: str) -> dict[str, dict[str, str]]:
    with open(downloads(site, lang) / name, encoding="utf-8", newline="") as f:
        return {r["id"]: r for r in csv.DictReader(f)}


def calendar(site: Path, lang: str) -> dict[str, icalendar.Event]:
    cal = icalendar.Calendar.from_ical((downloads(site, lang) / "timeline.ics").read_bytes())
    return {str(e["UID"]).split("@")[0]: e for e in cal.walk("VEVENT")}


# kb.json and each record's JSON -----------------------------------------------------------------


@pytest.mark.parametrize("lang", EDITIONS)
def test_kb_json_publishes_each_events_date_view_and_validates(multi_site, multi_kb, lang):
    data = json.loads((downloads(multi_site, lang) / "kb.json").read_text(encoding="utf-8"))
    schema = json.loads(
        (downloads(multi_site, lang) / "kb.schema.json").read_text(encoding="utf-8")
    )
    jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)
    events = {e["id"]: e for e in data["events"]}

    # A disagreement the editors resolved: the value followed, and the one set aside with why.
    d = events["cvb-extends-flood-watch"]["derived"]
    assert (d["date"], d["precision"], d["aspect"], d["basis"], d["disagreement"]) == (
        "2024-05-16",
        "day",
        "announced",
        "stated",
        "resolved",
    )
    [other] = d["alternatives"]
    assert (other["date"], other["rank"], other["basis"], other["sources"]) == (
        "2024-05-17",
        "set-aside",
        "inferred",
        ["riverside-post-2024-05-17"],
    )
    assert other["reason"]["en"] and other["reason"]["fr"] and other["reasoning"]["en"]
    assert d["aspects"]["decided"]["date"] == "2024-05-14"
    assert d["source_count"] == 3 and len(d["sources"]) == 3 and d["unchecked_sources"] == []

    # Sources that differ, none preferred: the earliest (inferred) to the latest.
    d = events["berny-support-begins"]["derived"]
    assert (d["date"], d["latest"], d["basis"], d["disagreement"]) == (
        "2024-05",
        "2024-06",
        "inferred",
        "unresolved",
    )
    assert [(v["date"], v["rank"]) for v in d["aspects"]["occurred"]["values"]] == [
        ("2024-05", "other"),
        ("2024-06", "other"),
    ]

    # No source dates it: placed at its report, and said so; an aspect not stated is null.
    d = events["cvb-statement-on-request"]["derived"]
    assert (d["aspect"], d["date"]) == ("reported", "2024-05-16")
    assert d["aspects"]["occurred"]["date"] is None

    # A quote of a source with no stored text: the event names it, the citation says so.
    event = events["valmont-requests-support"]
    assert event["derived"]["unchecked_sources"] == ["valmont-minutes-2024-04-12"]
    assert [c["checked"] for c in event["citations"]] == [False]
    assert all(c["checked"] for c in events["cvb-extends-flood-watch"]["citations"])

    roles = {s["id"]: s["derived"]["role"] for s in data["sources"]}
    assert roles == {
        "cvb-release-2024-05-16": "primary",  # implied by its kind
        "gazette-review-2024-05-16": "secondary",
        "riverside-post-2024-05-17": "secondary",
        "basin-bulletin-2024-06": "primary",  # written: a report may be either
        "valmont-minutes-2024-04-12": "primary",
    }
    checked = {s["id"]: s["derived"]["checked"] for s in data["sources"]}
    assert checked["valmont-minutes-2024-04-12"] is False and checked["basin-bulletin-2024-06"]
    for e in data["entities"] + data["glossary"]:
        assert e["derived"]["source_count"] == len(e["derived"]["sources"]) >= 1

    # The schema holds what the build adds: a citation must say whether it was checked, and a
    # disagreement is one of three words.
    broken = json.loads(json.dumps(data))
    del broken["events"][0]["citations"][0]["checked"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema, cls=jsonschema.Draft202012Validator)
    broken = json.loads(json.dumps(data))
    broken["events"][0]["derived"]["disagreement"] = "maybe"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema, cls=jsonschema.Draft202012Validator)

    # Each record's own JSON holds the same record, valid against the same definitions.
    own = json.loads(
        (multi_site / EDITIONS[lang] / "events/cvb-extends-flood-watch.json").read_text(
            encoding="utf-8"
        )
    )
    assert own["record"] == events["cvb-extends-flood-watch"]
    jsonschema.validate(
        own["record"],
        {"$ref": "#/$defs/PublishedEvent", "$defs": schema["$defs"]},
        cls=jsonschema.Draft202012Validator,
    )
    assert multi_kb.dates["cvb-extends-flood-watch"].when.iso == own["record"]["derived"]["date"]


# CSV --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", EDITIONS)
def test_csv_columns_carry_dates_sources_and_what_each_source_is(multi_site, lang):
    events = rows(multi_site, lang, "events.csv")
    extends = events["cvb-extends-flood-watch"]
    assert (extends["date"], extends["date_aspect"], extends["date_disagreement"]) == (
        "2024-05-16",
        "announced",
        "resolved",
    )
    assert extends["date_alternatives"] == "2024-05-17 set-aside inferred"
    assert (extends["decided"], extends["decided_basis"]) == ("2024-05-14", "stated")
    assert (extends["announced"], extends["announced_basis"]) == ("2024-05-16", "stated")
    assert extends["takes_effect"] == extends["occurred"] == ""  # not written
    assert extends["source_count"] == "3"
    berny = events["berny-support-begins"]
    assert (berny["date"], berny["date_latest"], berny["date_basis"]) == (
        "2024-05",
        "2024-06",
        "inferred",
    )
    assert (berny["occurred"], berny["occurred_basis"]) == ("2024-05 2024-06", "inferred stated")
    assert berny["date_disagreement"] == "unresolved"
    statement = events["cvb-statement-on-request"]
    assert (statement["date_aspect"], statement["occurred"], statement["occurred_basis"]) == (
        "reported",
        "",
        "unknown",
    )

    sources = rows(multi_site, lang, "sources.csv")
    for row in sources.values():
        assert row["title_supplied"] == ("no" if row["title_status"] == "own" else "yes")
    review = sources["gazette-review-2024-05-16"]
    assert (review["role"], review["date_basis"], review["reviewed_date_basis"]) == (
        "secondary",
        "metadata",
        "inferred",
    )
    assert review["reports_on"] == "cvb-release-2024-05-16"
    release = sources["cvb-release-2024-05-16"]
    assert release["reproduces_url"] == "https://cvb.example/press/2024-05-16"
    assert release["original_url"] == "https://news-mirror.example/cvb/2024-05-16"
    # Names in the edition's language: the issuer is an entity named in each.
    assert (
        release["issuer"]
        == {
            "en": "Commission of the Varenne Basin",
            "fr": "Commission du bassin de la Varenne",
        }[lang]
    )
    minutes = sources["valmont-minutes-2024-04-12"]
    assert (minutes["stored"], minutes["role"]) == ("none", "primary") and minutes["where"]
    assert sources["basin-bulletin-2024-06"]["stored"] == "excerpt"
    for name in ("entities.csv", "glossary.csv"):
        assert all(int(r["source_count"]) >= 1 for r in rows(multi_site, lang, name).values())


# iCalendar --------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", EDITIONS)
def test_calendar_spans_a_disagreement_and_says_what_each_date_rests_on(multi_site, lang):
    events = calendar(multi_site, lang)
    words = {
        "en": ("dates differ", "date inferred", "another source differs", "set aside"),
        "fr": ("les dates divergent", "date déduite", "une autre source diverge", "écartée"),
    }[lang]

    # Unresolved: the whole span of the values not set aside, May and June.
    berny = events["berny-support-begins"]
    assert (berny.decoded("DTSTART"), berny.decoded("DTEND")) == (
        date(2024, 5, 1),
        date(2024, 7, 1),
    )
    assert str(berny["X-KB-DATE-DISAGREEMENT"]) == "unresolved"
    assert str(berny["X-KB-DATE-BASIS"]) == "inferred"
    assert words[0] in str(berny["SUMMARY"]) and words[1] in str(berny["SUMMARY"])
    [alternative] = _all(berny, "X-KB-DATE-ALTERNATIVE")
    assert str(alternative) == "2024-06"
    assert alternative.params["X-KB-RANK"] == "other"
    assert alternative.params["X-KB-PRECISION"] == "month"

    # Resolved: the day followed, the day set aside as a property and in words, with why.
    extends = events["cvb-extends-flood-watch"]
    assert (extends.decoded("DTSTART"), extends.decoded("DTEND")) == (
        date(2024, 5, 16),
        date(2024, 5, 17),
    )
    assert str(extends["X-KB-DATE-ASPECT"]) == "announced"
    assert str(extends["X-KB-DATE-DISAGREEMENT"]) == "resolved"
    assert str(extends["X-KB-SOURCES"]) == "3"
    [alternative] = _all(extends, "X-KB-DATE-ALTERNATIVE")
    assert str(alternative) == "2024-05-17"
    assert (alternative.params["X-KB-RANK"], alternative.params["X-KB-BASIS"]) == (
        "set-aside",
        "inferred",
    )
    assert words[2] in str(extends["SUMMARY"])
    description = str(extends["DESCRIPTION"])
    reason = {"en": "the day of its own report", "fr": "le jour de son propre article"}[lang]
    assert words[3] in description and reason in description

    statement = events["cvb-statement-on-request"]
    assert str(statement["X-KB-DATE-ASPECT"]) == "reported"
    valmont = events["valmont-requests-support"]
    assert {"en": "not checked", "fr": "pas vérifiées"}[lang] in str(valmont["DESCRIPTION"])
    # A date stated to the day with no rival carries no mark at all.
    assert "(" not in str(valmont["SUMMARY"])


@pytest.mark.parametrize("lang", EDITIONS)
def test_a_disagreement_about_an_aspect_that_does_not_place_the_event_is_exported(tmp_path, lang):
    """cvb-extends-flood-watch placed by its decision (stated, one value): the day of its
    announcement that the editors set aside is still in the calendar and the CSV, with its
    aspect, and the date shown has no alternative of its own."""
    project = make_multi(tmp_path / "p")
    path = project / "data/events/cvb-extends-flood-watch.yaml"
    text = path.read_text(encoding="utf-8")
    assert "timeline: announced\n" in text
    path.write_text(text.replace("timeline: announced\n", "timeline: decided\n"), "utf-8")
    kb = load_knowledge_base(project)
    share = Share("https://example.org/kb/", None, "main", 1700000000)

    cal = icalendar.Calendar.from_ical(ics_export(kb, lang, share))
    [event] = [e for e in cal.walk("VEVENT") if str(e["UID"]).startswith("cvb-extends-flood")]
    assert str(event["X-KB-DATE-ASPECT"]) == "decided"
    assert str(event["X-KB-DATE-DISAGREEMENT"]) == "none"
    [alternative] = _all(event, "X-KB-DATE-ALTERNATIVE")
    assert str(alternative) == "2024-05-17"
    assert dict(alternative.params) == {
        "X-KB-ASPECT": "announced",
        "X-KB-RANK": "set-aside",
        "X-KB-PRECISION": "day",
        "X-KB-BASIS": "inferred",
    }

    table = csv_files(kb, lang, share)["events.csv"].decode("utf-8")
    row = {r["id"]: r for r in csv.DictReader(table.splitlines())}["cvb-extends-flood-watch"]
    assert (row["date_aspect"], row["date_alternatives"]) == ("decided", "")
    assert row["announced"] == "2024-05-16"
    assert row["announced_alternatives"] == "2024-05-17 set-aside inferred"
    assert row["decided_alternatives"] == row["occurred_alternatives"] == ""


def _all(event: icalendar.Event, name: str) -> list:
    value = event.get(name)
    return value if isinstance(value, list) else [value] if value is not None else []


def test_every_x_property_of_the_calendar_is_documented(multi_site):
    """The Data page (both editions) and the README name every X- property the calendar has."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for lang, prefix in EDITIONS.items():
        ics = (downloads(multi_site, lang) / "timeline.ics").read_text(encoding="utf-8")
        names = set(re.findall(r"^(X-KB-[A-Z-]+)", ics.replace("\r\n ", ""), re.M))
        params = set(re.findall(r";(X-KB-[A-Z-]+)=", ics.replace("\r\n ", "")))
        assert {"X-KB-DATE-ALTERNATIVE", "X-KB-SOURCES"} <= names
        note = soup(multi_site / prefix / "data.html").select_one("#calendar").find_next("p")
        for name in names | params:
            assert name in note.get_text(), (lang, name)
            assert name in readme, name


# Atom and TimelineJS ----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", EDITIONS)
def test_atom_and_timelinejs_carry_the_same_marks(multi_site, lang):
    feed = ET.parse(downloads(multi_site, lang) / "timeline.atom").getroot()
    entries = {
        e.find("a:id", ATOM).text.rsplit("/", 1)[-1].removesuffix(".html"): e
        for e in feed.findall("a:entry", ATOM)
    }
    calendar_events = calendar(multi_site, lang)
    for ident, entry in entries.items():
        terms = {c.get("term") for c in entry.findall("a:category", ATOM)}
        v = calendar_events[ident]
        assert f"date-basis-{v['X-KB-DATE-BASIS']}" in terms
        assert f"date-disagreement-{v['X-KB-DATE-DISAGREEMENT']}" in terms
        assert f"sources-{v['X-KB-SOURCES']}" in terms
        # The same words in the title as in the calendar's summary.
        summary = str(v["SUMMARY"])
        inside = summary[summary.index("(") + 1 : -1] if "(" in summary else ""
        marks = [m for m in re.split(r"\s*;\s*", inside) if m]  # "\u202f;" in French
        title = entry.find("a:title", ATOM).text
        for mark in marks:
            assert mark in title or mark.endswith(("only", "seulement")), (mark, title)
    berny = entries["berny-support-begins"]
    assert "date-basis-inferred" in {c.get("term") for c in berny.findall("a:category", ATOM)}

    tl = json.loads(
        (downloads(multi_site, lang) / "timeline.timelinejs.json").read_text(encoding="utf-8")
    )
    slides = {s["unique_id"]: s for s in tl["events"]}
    berny = slides["berny-support-begins"]
    assert berny["start_date"] == {"year": 2024, "month": 5}
    assert berny["end_date"] == {"year": 2024, "month": 6}
    assert {"en": "dates differ", "fr": "les dates divergent"}[lang] in berny["display_date"]
    extends = slides["cvb-extends-flood-watch"]
    assert extends["start_date"] == {"year": 2024, "month": 5, "day": 16}
    assert "end_date" not in extends
    assert "3 sources" in extends["text"]["text"]
    assert "end_date" not in slides["flood-watch-created"]
    assert slides["flood-watch-created"]["start_date"] == {"year": 2019}


# JSON-LD ----------------------------------------------------------------------------------------

_CONTEXT = {"@context": {"@vocab": SCHEMA, "url": {"@id": SCHEMA + "url", "@type": "@id"}}}


def _offline_loader(url, options=None):
    if url.rstrip("/") in ("https://schema.org", "http://schema.org"):
        return {"contextUrl": None, "documentUrl": url, "document": _CONTEXT}
    raise AssertionError(f"the JSON-LD processor asked for {url}")


def thing(site: Path, lang: str, page: str) -> dict:
    """The record a page is about, in the page's JSON-LD, expanded by PyLD."""
    doc = soup(site / EDITIONS[lang] / page)
    data = json.loads(doc.find("script", type="application/ld+json").string)
    nodes = {n["@id"]: n for n in jsonld.expand(data, {"documentLoader": _offline_loader})}
    webpage = next(n for n in nodes.values() if SCHEMA + "mainEntity" in n)
    return nodes[webpage[SCHEMA + "mainEntity"][0]["@id"]]


def _value(node: dict, key: str):
    return node[SCHEMA + key][0].get("@value", node[SCHEMA + key][0].get("@id"))


@pytest.mark.parametrize("lang", EDITIONS)
def test_json_ld_dates_each_aspect_and_types_each_source_by_kind(multi_site, lang):
    event = thing(multi_site, lang, "events/cvb-extends-flood-watch.html")
    assert _value(event, "startDate") == "2024-05-16"
    subs = {_value(s, "startDate"): s for s in event[SCHEMA + "subEvent"]}
    assert set(subs) == {"2024-05-14", "2024-05-16"}  # decided, announced
    assert all(s[SCHEMA + "subjectOf"] for s in subs.values())  # each with its quotes
    assert len(event[SCHEMA + "citation"]) == 3

    def source(ident: str) -> dict:
        return thing(multi_site, lang, f"sources/{ident}.html")

    release = source("cvb-release-2024-05-16")
    assert release["@type"] == [SCHEMA + "Article"] and _value(release, "genre")
    assert _value(release, "url") == "https://cvb.example/press/2024-05-16"  # the original
    assert _value(release, "sameAs") == "https://news-mirror.example/cvb/2024-05-16"
    assert SCHEMA + "archivedAt" in release and SCHEMA + "sourceOrganization" in release
    review = source("gazette-review-2024-05-16")
    assert review["@type"] == [SCHEMA + "NewsArticle"]
    based = review[SCHEMA + "isBasedOn"]
    assert any(_value(b, "name") == "La Gazette du Val" for b in based if SCHEMA + "name" in b)
    assert any(b.get("@id", "").endswith("cvb-release-2024-05-16.html#record") for b in based)
    assert source("riverside-post-2024-05-17")["@type"] == [SCHEMA + "NewsArticle"]
    assert source("basin-bulletin-2024-06")["@type"] == [SCHEMA + "Report"]
    minutes = source("valmont-minutes-2024-04-12")
    assert minutes["@type"] == [SCHEMA + "CreativeWork"]
    assert SCHEMA + "archivedAt" not in minutes
    assert {"en": "not checked", "fr": "pas vérifiées"}[lang] in _value(minutes, "description")


# The Cite panel ---------------------------------------------------------------------------------


def cite_panel(site: Path, lang: str, page: str) -> tuple[str, str, list[dict]]:
    doc = soup(site / EDITIONS[lang] / page)
    texts = {
        box["id"]: box.select_one("pre").get_text()
        for box in doc.select("details.kb-cite-panel .kb-cite-panel__format")
    }
    return texts["cite-text"], texts["cite-bibtex"], json.loads(texts["cite-csl"])


def bibtex(text: str) -> dict[str, dict[str, str]]:
    """The entries of a BibTeX text, parsed back by bibtexparser: key -> fields (and its type)."""
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks, library.failed_blocks
    return {
        e.key: {"@type": e.entry_type, **{k: f.value for k, f in e.fields_dict.items()}}
        for e in library.entries
    }


# CSL 1.0.2's variables and types, as its schema (shipped with citeproc-py) lists them.
_CSL_SCHEMA = Path(citeproc.__file__).parent / "data/schema/schemas/styles"
_CSL_STYLE = Path(citeproc.__file__).parent / "data/styles/harvard-cite-them-right.csl"


def _csl_names(file: str) -> set[str]:
    return set(
        re.findall(r'"([A-Za-z][A-Za-z_-]*)"', (_CSL_SCHEMA / file).read_text(encoding="utf-8"))
    )


def check_csl(items: list[dict]) -> str:
    """CSL-JSON as a CSL processor reads it: every key a CSL variable, every type a CSL type;
    loaded and rendered by citeproc-py with the style it ships. The rendered bibliography."""
    variables, types = _csl_names("csl-variables.rnc"), _csl_names("csl-types.rnc")
    for item in items:
        assert item["type"] in types, item["type"]
        assert set(item) - {"id", "type"} <= variables, set(item) - variables
    # citeproc-py knows CSL 1.0.1: the 1.0.2 variables it does not know (reviewed-title) it
    # ignores with a warning, which is all that may be said.
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        source = CiteProcJSON(items)
    assert all("reviewed_title" in str(w.message) for w in said), [str(w.message) for w in said]
    style = CitationStylesStyle(str(_CSL_STYLE), validate=False)
    bibliography = CitationStylesBibliography(style, source, formatter.plain)
    bibliography.register(Citation([CitationItem(item["id"].lower()) for item in items]))
    return "\n".join(str(entry) for entry in bibliography.bibliography())


KINDS_IN_FIXTURE = {
    "press-review": "gazette-review-2024-05-16",
    "press-release": "cvb-release-2024-05-16",
    "news-article": "riverside-post-2024-05-17",
    "excerpt": "basin-bulletin-2024-06",
    "not-stored": "valmont-minutes-2024-04-12",
}


@pytest.mark.parametrize("lang", EDITIONS)
@pytest.mark.parametrize("kind", KINDS_IN_FIXTURE)
def test_the_cite_panel_cites_each_kind_of_source_as_what_it_is(multi_site, multi_kb, lang, kind):
    ident = KINDS_IN_FIXTURE[kind]
    plain, bib, csl = cite_panel(multi_site, lang, f"sources/{ident}.html")
    entries = bibtex(bib)
    entry = entries[f"source-{ident}"]
    [item] = [i for i in csl if i["id"] == f"source-{ident}"]
    rendered = check_csl(csl)
    assert rendered
    issuer = {"en": "Commission of the Varenne Basin", "fr": "Commission du bassin de la Varenne"}
    other = {"en": "fr", "fr": "en"}[lang]

    if kind == "press-review":
        # The agency's review of an edition: no journal, no container, the edition named.
        assert entry["@type"] == "misc" and "journal" not in entry
        assert "La Gazette du Val" in entry["howpublished"]
        assert "container-title" not in item and item["genre"]
        assert item["reviewed-title"].startswith("La Gazette du Val")
        assert item["author"] == [{"literal": "Agence Exemple"}]
        edition = {"en": "16 May 2024", "fr": "16 mai 2024"}[lang]
        assert f"La Gazette du Val {'of' if lang == 'en' else 'du'} {edition}" in plain
        # One date in the plain form: the edition's, marked as the editors' reading.
        assert {"en": "date inferred", "fr": "date déduite"}[lang] in plain
        assert {"en": "May 2024", "fr": "mai 2024"}[lang] not in plain.replace(edition, "")
        assert "[" in item["title"]  # a title the editors supply, in brackets
    elif kind == "press-release":
        # The issuer's own words: the issuer as author (no byline), named in the edition.
        assert item["author"] == [{"literal": issuer[lang]}]
        assert issuer[other] not in plain + bib
        assert item["URL"] == entry["url"] == "https://cvb.example/press/2024-05-16"
        assert "https://news-mirror.example/cvb/2024-05-16" in item["note"] + plain
        # Its recorded retrieval (of the copy) is said, as recorded.
        assert {"en": "20 May 2024", "fr": "20 mai 2024"}[lang] in plain
        assert item["type"] == "report" and item["genre"]
    elif kind == "news-article":
        # An article in its outlet: there a container is right.
        assert item["type"] == "article-newspaper"
        assert item["container-title"] == entry["journal"] == "The Riverside Post"
        assert entry["@type"] == "article" and item["author"] == [{"literal": "Ana Ferreira"}]
    elif kind == "excerpt":
        assert {"en": "excerpt stored", "fr": "extrait conservé"}[lang] in plain
        assert {"en": "excerpt", "fr": "extrait"}[lang] in item["note"] + entry["note"]
        assert item["author"] == [{"literal": issuer[lang]}]
    else:
        assert {"en": "not stored: quotes not checked", "fr": "non conservé"}[lang] in plain
        assert {"en": "not checked", "fr": "pas vérifiées"}[lang] in item["note"]
        assert "URL" not in item and item["archive"]

    # Nothing dated by the build, and a date of access only where the data records one.
    for word in ("urldate", "accessed"):
        assert word not in bib + json.dumps(csl)
    if kind != "press-release":
        assert not re.search(r"(?i)retrieved|consult", plain + bib + json.dumps(csl))


def test_the_french_cite_panel_has_french_typography(multi_site, multi_kb):
    """Every record page of the French edition: the permalink's label and the whole panel."""
    for kind in KINDS:
        for record in multi_kb.records(kind):
            page = f"{kind.folder}/{record.id}.html"
            line = soup(multi_site / "fr" / page).select_one(".kb-permalink-line").get_text()
            assert line.startswith("Lien permanent\u00a0:"), line
            plain, bib, csl = cite_panel(multi_site, "fr", page)
            for text in (plain, bib, *(str(v) for item in csl for v in item.values())):
                assert_french_typography(text)
            assert "«\u202f" in plain and "“" not in plain + bib


def assert_french_typography(text: str) -> None:
    """No plain space before : ; ! ? », none missing after «, no English quotation marks."""
    for found in re.finditer(r"(?<=\s)[:;!?»]|«(?=[^\u202f\u00a0])|[“”]", text):
        context = text[max(0, found.start() - 20) : found.end() + 20]
        if found[0] in ":;!?»":
            assert text[found.start() - 1] in "\u00a0\u202f", context
        else:
            raise AssertionError(context)


@pytest.mark.parametrize("name", ["events.csv", "sources.csv", "timeline.ics", "timeline.atom"])
def test_french_exports_have_french_typography(multi_site, name):
    text = (downloads(multi_site, "fr") / name).read_bytes().decode("utf-8")
    if name.endswith(".ics"):  # unfolded and unescaped, as a calendar shows it
        text = text.replace("\r\n ", "").replace("\\n", "\n").replace("\\", "")
    assert_french_typography(text)
    if name.startswith("timeline"):  # their date sentences: French typeset, not merely absent
        assert "Date\u00a0:" in text


def test_a_recorded_retrieval_is_cited_as_precise_as_it_was_recorded(tmp_path):
    """The one date of access a citation gives is the one a source records, to its precision."""
    project = make_multi(tmp_path / "p")
    post = project / "data/sources/riverside-post-2024-05-17.yaml"
    post.write_text(
        post.read_text(encoding="utf-8")
        + 'url: https://riverside-post.example/flood-watch-grows\nretrieved: "2024-05"\n',
        encoding="utf-8",
    )
    kb = load_knowledge_base(project)
    share = Share("https://example.org/kb/", None, "main", 1700000000)
    for lang, month in (("en", "May 2024"), ("fr", "mai 2024")):
        plain, bib, csl = citations(
            kb, lang, SOURCE, kb.source["riverside-post-2024-05-17"], share, None
        )
        [item] = [i for i in json.loads(csl) if i["id"] == "source-riverside-post-2024-05-17"]
        assert item["accessed"] == {"date-parts": [[2024, 5]]}
        assert bibtex(bib)["source-riverside-post-2024-05-17"]["urldate"] == "2024-05"
        assert month in plain.split(" — ", 1)[1]
        # The page itself has no date of access, and no date at all without a version history.
        page = json.loads(csl)[0]
        assert "accessed" not in page and "issued" not in page
