"""Structured data for every page: JSON-LD with the schema.org types that fit, in the page's
language.

Each page gets a graph: the WebPage itself (in its language, part of the WebSite, with the date
its data last changed) and, on a record's page, the record as what it is — an Event, an
Organization (GovernmentOrganization, NewsMediaOrganization, Country, Place), a DefinedTerm of
the glossary's DefinedTermSet, the source as a NewsArticle or Report — with each quoted passage
as a Quotation that cites its source. The knowledge base as a whole is a Dataset, described on the
home page and the Data page with its downloads.
"""

from __future__ import annotations

from nmikb.data.models import DateValue, Entity, Event, Source, Term
from nmikb.data.registry import ENTITY, SOURCE
from nmikb.edition.address import DOWNLOADS, Share
from nmikb.edition.formats import day_of
from nmikb.knowledge.base import KnowledgeBase
from nmikb.pages.page import Page

from .cite import source_title

CONTEXT = "https://schema.org"

_ENTITY_TYPES = {
    "ministry": "GovernmentOrganization",
    "government": "GovernmentOrganization",
    "office": "GovernmentOrganization",
    "command": "GovernmentOrganization",
    "council": "GovernmentOrganization",
    "institution": "GovernmentOrganization",
    "country": "Country",
    "place": "Place",
    "news-agency": "NewsMediaOrganization",
    "newspaper": "NewsMediaOrganization",
}
_SOURCE_TYPES = {
    "press-review": "NewsArticle",
    "press-article": "NewsArticle",
    "report": "Report",
    "web-page": "WebPage",
    "communique": "Article",
}


def thing_id(share: Share, lang: str, folder: str, ident: str) -> str:
    return share.page_url(lang, f"{folder}/{ident}.md") + "#record"


def page_graph(kb: KnowledgeBase, lang: str, page: Page, share: Share) -> dict:
    path, title = page.path, page.title
    url = share.page_url(lang, path)
    site = {
        "@type": "WebSite",
        "@id": share.edition_url(lang) + "#website",
        "name": kb.site.name[lang],
        "url": share.edition_url(lang),
        "inLanguage": lang,
    }
    webpage = {
        "@type": "WebPage",
        "@id": url,
        "url": url,
        "name": title,
        "inLanguage": lang,
        "isPartOf": {"@id": site["@id"]},
    }
    if share.as_of:
        webpage["dateModified"] = day_of(share.as_of).isoformat()
    graph = [webpage, site]
    if page.record:
        kind, record = page.record
        thing = record_thing(kb, lang, share, kind, record)
        webpage["mainEntity"] = {"@id": thing["@id"]}
        changed = share.last_changed([f"data/{kind.folder}/{record.id}.yaml"])
        if changed:
            webpage["dateModified"] = day_of(changed).isoformat()
        graph.append(thing)
    elif path in ("index.md", "data.md"):
        graph.append(dataset(kb, lang, share))
        webpage["about"] = {"@id": share.edition_url(lang) + "#dataset"}
    elif path == "glossary/index.md":
        webpage["@type"] = "CollectionPage"
        graph.append(
            {
                "@type": "DefinedTermSet",
                "@id": share.page_url(lang, "glossary/index.md") + "#set",
                "name": title,
                "inLanguage": lang,
            }
        )
    else:
        webpage["@type"] = (
            "CollectionPage" if path.endswith("index.md") or "/" in path else "WebPage"
        )
    return {"@context": CONTEXT, "@graph": graph}


def dataset(kb: KnowledgeBase, lang: str, share: Share) -> dict:
    base = share.edition_url(lang) + DOWNLOADS + "/"
    formats = [
        ("kb.json", "application/json"),
        ("kb.schema.json", "application/schema+json"),
        ("events.csv", "text/csv"),
        ("entities.csv", "text/csv"),
        ("glossary.csv", "text/csv"),
        ("sources.csv", "text/csv"),
        ("timeline.ics", "text/calendar"),
        ("timeline.timelinejs.json", "application/json"),
        ("timeline.atom", "application/atom+xml"),
    ]
    out = {
        "@type": "Dataset",
        "@id": share.edition_url(lang) + "#dataset",
        "name": kb.site.name[lang],
        "description": kb.site.pages["index"].description[lang],
        "url": share.edition_url(lang),
        "inLanguage": lang,
        "isAccessibleForFree": True,
        "distribution": [
            {"@type": "DataDownload", "contentUrl": base + name, "encodingFormat": fmt}
            for name, fmt in formats
        ],
    }
    if share.as_of:
        out["dateModified"] = day_of(share.as_of).isoformat()
    if share.repo_url:
        out["license"] = share.repo_url + "/blob/" + share.branch + "/LICENSE"
    return out


def quotations(kb: KnowledgeBase, lang: str, share: Share, citations) -> list[dict]:
    out = []
    for c in citations:
        source = kb.source[c.source]
        q = {
            "@type": "Quotation",
            "text": c.quote,
            "inLanguage": source.language,
            "citation": {"@id": thing_id(share, lang, SOURCE.folder, source.id)},
        }
        translated = getattr(c.translation, lang, None) if source.language != lang else None
        if translated:
            q["description"] = translated
        out.append(q)
    return out


def record_thing(kb: KnowledgeBase, lang: str, share: Share, kind, record) -> dict:
    url = share.page_url(lang, f"{kind.folder}/{record.id}.md")
    ident = thing_id(share, lang, kind.folder, record.id)
    thing: dict[str, object]  # JSON: texts, and mappings and lists of them
    if isinstance(record, Event):
        thing = {
            "@type": "Event",
            "name": record.title[lang],
            "description": record.summary[lang],
            "startDate": kb.dates[record.id].when.iso,
        }
        if record.actors:
            thing["about"] = [
                {"@id": thing_id(share, lang, ENTITY.folder, a)}
                for a in dict.fromkeys(record.actors)
            ]
    elif isinstance(record, Entity):
        thing = {
            "@type": _ENTITY_TYPES.get(record.kind, "Organization"),
            "name": record.name[lang],
            "description": record.description[lang],
        }
        abbr = getattr(record.abbr, lang, None) if record.abbr else None
        if abbr:
            thing["alternateName"] = abbr
        if record.part_of:
            key = (
                "containedInPlace"
                if thing["@type"] in ("Place", "Country")
                else "parentOrganization"
            )
            thing[key] = {"@id": thing_id(share, lang, ENTITY.folder, record.part_of)}
    elif isinstance(record, Term):
        form = record.form(lang)
        thing = {
            "@type": "DefinedTerm",
            "name": form.full,
            "description": record.definition[lang],
            "inDefinedTermSet": {"@id": share.page_url(lang, "glossary/index.md") + "#set"},
        }
        if form.abbr:
            thing["termCode"] = form.abbr
    else:
        assert isinstance(record, Source)
        thing = {
            "@type": _SOURCE_TYPES.get(record.kind, "CreativeWork"),
            "headline": source_title(record, lang),
            "name": source_title(record, lang),
            "datePublished": str(record.dated.on),
        }
        by = record.author or record.issuer or record.publisher
        if by:
            thing["author"] = {"@type": "Organization", "name": kb.agent_name(by, lang)}
        if record.reviewed:  # a press review is based on the edition it reports on
            edition = record.reviewed.date
            thing["isBasedOn"] = {
                "@type": "CreativeWork",
                "name": kb.agent_name(record.reviewed.publication, lang),
                "datePublished": str(edition.on if isinstance(edition, DateValue) else edition),
            }
        if record.url:
            thing["sameAs"] = record.url
    thing["@id"] = ident
    thing["url"] = url
    thing["inLanguage"] = record.language if isinstance(record, Source) else lang
    cites = record.attribution if isinstance(record, Source) else record.citations
    thing["subjectOf" if not isinstance(record, Source) else "hasPart"] = quotations(
        kb, lang, share, cites
    )
    if not isinstance(record, Source):
        thing["citation"] = [
            {"@id": thing_id(share, lang, SOURCE.folder, s)}
            for s in dict.fromkeys(c.source for c in cites)
        ]
    return thing
