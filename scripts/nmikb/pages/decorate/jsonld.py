"""Structured data for every page: JSON-LD with the schema.org types that fit, in the page's
language.

Each page gets a graph: the WebPage itself (in its language, part of the WebSite, with the date
its data last changed) and, on a record's page, the record as what it is — an Event, an
Organization (GovernmentOrganization, NewsMediaOrganization, Country, Place), a DefinedTerm of
the glossary's DefinedTermSet, a source as the kind of document it is — with each quoted passage
as a Quotation that cites its source. The knowledge base as a whole is a Dataset, described on the
home page and the Data page with its downloads.

An Event's startDate is where the timeline places it; its description ends with what that date
rests on (nmikb/edition/datewords.py), and each dated aspect (decided, announced…) is a subEvent
with its own date, basis and quotes. A source maps by kind: a press release, communiqué or
statement is an Article with its genre; a press review a NewsArticle, genre "press review",
based on the edition it reviews; a news article or agency dispatch a NewsArticle; a report a
Report; a web page a WebPage; any other document a CreativeWork. Its author is the byline (else
the issuer), its sourceOrganization the issuer; a copy's url is its original's and its sameAs the
copy's; archivedAt is its page here only when its text is stored, and a source with no stored
text says that quotes of it are not checked.
"""

from __future__ import annotations

from nmikb.data.models import DateValue, Entity, EntityRef, Event, Source, Term, Text
from nmikb.data.registry import ENTITY, EVENT, SOURCE
from nmikb.edition.address import DOWNLOADS, Share
from nmikb.edition.datewords import aspect_sentence, date_sentence, sources_phrase
from nmikb.edition.formats import day_of
from nmikb.edition.labels import share_labels
from nmikb.edition.typography import typography
from nmikb.knowledge.base import KnowledgeBase
from nmikb.pages.page import Page

from .cite import cited_sources, source_title

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
    "press-release": "Article",
    "communique": "Article",
    "statement": "Article",
    "press-review": "NewsArticle",
    "news-article": "NewsArticle",
    "press-article": "NewsArticle",
    "agency-dispatch": "NewsArticle",
    "report": "Report",
    "web-page": "WebPage",
    "document": "CreativeWork",
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
        thing = event_thing(kb, lang, share, record)
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
        thing = source_thing(kb, lang, share, record)
    thing["@id"] = ident
    thing.setdefault("url", url)
    thing["inLanguage"] = record.language if isinstance(record, Source) else lang
    cites = record.attribution if isinstance(record, Source) else record.citations
    thing["subjectOf" if not isinstance(record, Source) else "hasPart"] = quotations(
        kb, lang, share, cites
    )
    if not isinstance(record, Source):
        thing["citation"] = [
            {"@id": thing_id(share, lang, SOURCE.folder, s.id)}
            for s in cited_sources(kb, kind, record)
        ]
    return thing


def event_thing(kb: KnowledgeBase, lang: str, share: Share, e: Event) -> dict[str, object]:
    """The Event at its sort date, what that date rests on in its description, and each dated
    aspect as a subEvent (when the event dates more than when it occurred)."""
    view = kb.dates[e.id]
    cites = [c for f in kb.facts_by_page.get(f"{EVENT.folder}/{e.id}", []) for c in f.citations]
    documents = kb.documents(cites)
    unchecked = len({kb.original(c.source) for c in cites if not kb.checked(c.source)})
    thing: dict[str, object] = {
        "@type": "Event",
        "name": typography(e.title[lang], lang),
        "description": " ".join(
            (
                typography(e.summary[lang], lang),
                date_sentence(view, lang),
                sources_phrase(len(documents), unchecked, lang),
            )
        ),
        "startDate": view.when.iso,
    }
    if e.actors:
        thing["about"] = [
            {"@id": thing_id(share, lang, ENTITY.folder, a)} for a in dict.fromkeys(e.actors)
        ]
    if set(view.aspects) != {"occurred"}:
        names = share_labels(lang)["aspect_events"]
        subs = []
        for aspect, claim in view.aspects.items():
            sub: dict[str, object] = {
                "@type": "Event",
                "name": f"{names[aspect]} — {typography(e.title[lang], lang)}",
                "description": aspect_sentence(aspect, claim, lang),
            }
            on = claim.shown.value.on if any(v.value.on for v in claim.values) else None
            if on is not None:
                sub["startDate"] = on.iso
            quotes = [c for v in claim.values for c in v.value.citations]
            if quotes:
                sub["subjectOf"] = quotations(kb, lang, share, quotes)
            subs.append(sub)
        thing["subEvent"] = subs
    return thing


def source_thing(kb: KnowledgeBase, lang: str, share: Share, s: Source) -> dict[str, object]:
    """A source as the kind of document it is (see the module's docstring)."""
    X = share_labels(lang)
    title = typography(source_title(s, lang), lang)
    thing: dict[str, object] = {
        "@type": _SOURCE_TYPES[s.kind],
        "headline": title,
        "name": title,
        "datePublished": str(s.dated.on),
    }
    if _SOURCE_TYPES[s.kind] != "Report" and s.kind not in ("news-article", "press-article"):
        thing["genre"] = X["cite_kinds"][s.kind]
    by = s.author or s.issuer  # a release has no byline: its issuer speaks
    if by:
        thing["author"] = _agent(kb, lang, share, by)
    if s.publisher:
        thing["publisher"] = _agent(kb, lang, share, s.publisher)
    if s.issuer:
        thing["sourceOrganization"] = _agent(kb, lang, share, s.issuer)
    based: list[dict[str, object]] = []
    if s.reviewed:  # a press review is based on the edition it reviews
        edition = s.reviewed.date
        on = edition.on if isinstance(edition, DateValue) else edition
        based.append(
            {
                "@type": "CreativeWork",
                "name": kb.agent_name(s.reviewed.publication, lang),
                "datePublished": str(on),
                "publisher": _agent(kb, lang, share, s.reviewed.publication),
            }
        )
    based += [{"@id": thing_id(share, lang, SOURCE.folder, r)} for r in s.reports_on]
    if based:
        thing["isBasedOn"] = based
    if s.reproduces:  # a copy: the original's address, the copy's as another
        thing["url"] = s.reproduces.url
        if s.url:
            thing["sameAs"] = s.url
    elif s.url:
        thing["url"] = s.url
    if kb.checked(s.id):
        thing["archivedAt"] = share.page_url(lang, f"{SOURCE.folder}/{s.id}.md")
    else:
        thing["description"] = X["unstored_source"]
    return thing


def _agent(kb: KnowledgeBase, lang: str, share: Share, agent) -> dict[str, object]:
    """An issuer, author or publisher: an entity of the knowledge base by its node (with its
    name in this edition), or a name as written, whose kind (person or organisation) the data
    does not say."""
    name = kb.agent_name(agent, lang)
    if isinstance(agent, EntityRef) and agent.entity in kb.entity:
        kind = _ENTITY_TYPES.get(kb.entity[agent.entity].kind, "Organization")
        return {
            "@type": kind,
            "@id": thing_id(share, lang, ENTITY.folder, agent.entity),
            "name": name,
        }
    return {"name": name if not isinstance(agent, Text) else agent[lang]}
