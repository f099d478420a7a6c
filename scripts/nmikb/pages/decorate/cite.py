"""The "Cite this" panel of a record's page: the page as published here, in plain text, BibTeX
and CSL-JSON, then each source it quotes, cited as what it is.

Everything about a source comes from its record (data/models/sources.py), never from a fixed
shape: a press review is "Belga, press review of Le Soir of 17 August 2023, [title]" — the
agency's review of that edition, not an article in the newspaper, so it has no journal or
container; a press release is its issuer's, with no byline; a news article appears in its outlet,
which is then its container; a copy is cited by its original's address, the copy noted; an
excerpt or a source with no stored text says so. Names follow the edition (an entity's name in
each language, NATO/OTAN), and so does typography (French quotation marks and spaces).

No date here is the build's. The page's date is the day its data last changed (from the version
history; none without one); a source's "retrieved" date appears only when its record gives one.
A reader who copies a citation adds their own date of access.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from nmikb.data.models import DateValue, Entity, EntityRef, PartialDate, Source, Term
from nmikb.data.registry import RecordKind
from nmikb.edition.address import Share
from nmikb.edition.formats import day_of, format_partial_date, long_date
from nmikb.edition.labels import share_labels as labels
from nmikb.edition.running import running
from nmikb.edition.typography import NBSP, typography
from nmikb.knowledge.base import KnowledgeBase

# Kinds of source that appear in an outlet: their publisher is their container.
_IN_OUTLET = frozenset({"news-article", "press-article"})


def source_title(s: Source, lang: str) -> str:
    """A title the editors supplied is shown in square brackets, as citation styles do."""
    title = s.title.text[lang]
    return f"[{title}]" if s.title.status != "own" else title


def record_name(record, lang: str) -> str:
    if isinstance(record, Entity):
        return record.name[lang]
    if isinstance(record, Term):
        form = record.form(lang)
        return f"{form.abbr} — {form.full}" if form.abbr else form.full
    if isinstance(record, Source):
        return source_title(record, lang)
    return record.title[lang]


def cited_sources(kb: KnowledgeBase, kind: RecordKind, record) -> list[Source]:
    """Each source the record's page quotes (its dates' and facts' citations included), once,
    in order of first citation. A source's own page is about that document: it cites it, whether
    or not it quotes its byline."""
    if isinstance(record, Source):
        return [record]
    facts = kb.facts_by_page.get(f"{kind.folder}/{record.id}", [])
    ids = dict.fromkeys(c.source for f in facts for c in f.citations)
    return [kb.source[s] for s in ids if s in kb.source]


def colon(lang: str) -> str:
    """A label's colon: French puts a no-break space before it."""
    return NBSP + ":" if lang == "fr" else ":"


def quoted(text: str, lang: str) -> str:
    return f"« {text} »" if lang == "fr" else f"“{text}”"


@dataclass(frozen=True)
class Described:
    """A source as its citations describe it, in one edition's words."""

    source: Source
    by: str | None  # the byline; else the issuer (a release has no byline)
    organisation: bool  # `by` names an entity of the knowledge base, not a name as written
    title: str  # in [brackets] when the editors supply it
    kind: str  # "press release", in running text
    container: str | None  # the outlet a news article appears in
    publisher: str | None  # who published it, when recorded and not already named
    reviewed: str | None  # the publication a press review reviews: "Le Soir"
    reviewed_on: str | None  # the date of that edition: "17 August 2023"
    reviewed_inferred: bool  # that edition's date is the editors' reading
    on: PartialDate  # the document's own date
    show_date: bool  # False for a review whose edition's date already dates it
    url: str | None  # the original's address: a copy's original, else its own
    copy_url: str | None  # the copy's address, when it reproduces another
    retrieved: PartialDate | None  # recorded by someone, never computed
    where: str | None  # where to consult it, with no address

    @property
    def notes(self) -> list[str]:
        """The keys of cite_notes that apply, in the order they are said."""
        s = self.source
        out: list[str] = []
        if s.title.status != "own":
            out.append(s.title.status)
        if self.reviewed_inferred:
            out.append("reviewed_inferred")
        if self.show_date and s.dated.basis != "stated":
            out.append(f"date_{s.dated.basis}")
        if self.copy_url:
            out.append("copy_retrieved" if self.retrieved else "copy")
        if s.stored != "complete":
            out.append("excerpt" if s.stored == "excerpt" else "unstored")
        return out


def describe(kb: KnowledgeBase, s: Source, lang: str) -> Described:
    X = labels(lang)
    agent = s.author or s.issuer
    # A name heads the citation: capitalised, though French writes bodies in lower case in
    # running text ("conseil communal de Valmont").
    by = _cap(kb.agent_name(agent, lang)) if agent else None
    publisher = _cap(kb.agent_name(s.publisher, lang)) if s.publisher else None
    container = publisher if s.kind in _IN_OUTLET else None
    reviewed = reviewed_on = None
    inferred = False
    show_date = True
    if s.reviewed:
        edition = _dated(s.reviewed.date)
        assert edition.on is not None  # Source's validator: a document's dates are known
        reviewed = kb.agent_name(s.reviewed.publication, lang)
        reviewed_on = _short(edition.on, lang)
        inferred = edition.basis == "inferred"
        # The review's own date adds something only when it is known to the day and differs.
        own = s.dated.on
        show_date = own is not None and own.precision == "day" and own != edition.on
    on = s.dated.on
    assert on is not None  # Source's validator: a document's date is known
    copy = s.reproduces is not None
    return Described(
        source=s,
        by=by,
        organisation=isinstance(agent, EntityRef),
        title=typography(source_title(s, lang), lang),
        kind=X["cite_kinds"][s.kind],
        container=container,
        publisher=publisher if publisher not in (by, container) else None,
        reviewed=reviewed,
        reviewed_on=reviewed_on,
        reviewed_inferred=inferred,
        on=on,
        show_date=show_date,
        url=s.reproduces.url if s.reproduces else s.url,
        copy_url=s.url if copy else None,
        retrieved=s.retrieved,
        where=typography(s.where[lang], lang) if s.where and not s.url else None,
    )


def _dated(written) -> DateValue:
    return written if isinstance(written, DateValue) else DateValue(on=written)


def citations(
    kb: KnowledgeBase, lang: str, kind: RecordKind, record, share: Share, stamp: int | None
) -> tuple[str, str, str]:
    """The record as published here, in three forms: plain text, BibTeX and CSL-JSON.

    The plain text follows the usual shape of a web citation (site, title, date of its last
    change, address), then names each source the record quotes.
    """
    X = labels(lang)
    site = kb.site.name[lang]
    title = typography(record_name(record, lang), lang)
    url = share.page_url(lang, f"{kind.folder}/{record.id}.md")
    changed = day_of(stamp) if stamp else None
    sources = [describe(kb, s, lang) for s in cited_sources(kb, kind, record)]
    source_texts = [source_plain(d, lang) for d in sources]
    quoting = (
        typography(f"{X['quoting']}{colon(lang)} " + "; ".join(source_texts), lang)
        if sources
        else ""
    )
    when = f" {X['last_changed_on'].capitalize()} {long_date(changed, lang)}." if changed else ""
    plain = f"{site}. {quoted(title, lang)}.{when} {url}" + (f" — {quoting}" if quoting else "")
    key = f"nmikb-{kind.name}-{record.id}"
    bib = [
        f"@misc{{{key},",
        f"  title = {{{_bib(title)}}},",
        f"  author = {{{{{_bib(site)}}}}},",
        f"  howpublished = {{\\url{{{url}}}}},",
        f"  url = {{{url}}},",
    ]
    if changed:
        bib += [f"  year = {{{changed.year}}},", f"  date = {{{changed.isoformat()}}},"]
    bib.append(f"  language = {{{_BIB_LANGUAGE[lang]}}},")
    if quoting:
        bib.append(f"  note = {{{_bib(quoting)}}},")
    bib.append("}")
    for d in sources:
        bib += source_bibtex(d, lang)
    page: dict[str, object] = {
        "id": key,
        "type": "webpage",
        "title": title,
        "container-title": site,
        "URL": url,
        "language": lang,
    }
    if changed:
        page["issued"] = {"date-parts": [[changed.year, changed.month, changed.day]]}
    if quoting:
        page["note"] = quoting
    items = [page] + [source_csl(d, lang) for d in sources]
    return (
        typography(plain, lang),
        "\n".join(bib),
        "[\n"
        + ",\n".join("  " + json.dumps(item, ensure_ascii=False, sort_keys=True) for item in items)
        + "\n]",
    )


def source_plain(d: Described, lang: str) -> str:
    """'Belga, press review of Le Soir of 17 August 2023 (date inferred), [title], in French.'"""
    X = labels(lang)
    s = d.source
    parts = [d.by] if d.by else []
    if d.reviewed:
        review = X["cite_review"].format(publication=d.reviewed, date=d.reviewed_on)
        mark = f" ({X['cite_date_marks']['inferred']})" if d.reviewed_inferred else ""
        parts += [review + mark, d.title]
    else:
        parts.append(d.title if s.title.status != "own" else quoted(d.title, lang))
        parts.append(d.container or d.kind)
    if d.publisher:
        parts.append(d.publisher)
    if d.show_date:
        mark = X["cite_date_marks"].get(s.dated.basis)
        parts.append(_short(d.on, lang) + (f" ({mark})" if mark else ""))
    if s.language != lang:
        parts.append(X["cite_in"][s.language])
    if d.url:
        parts.append(d.url)
    if d.where:
        parts.append(running(_unstop(d.where), lang))
    notes = []
    if d.copy_url:
        notes.append(X["cite_copy"].format(url=d.copy_url))
    if d.retrieved:
        notes.append(X["retrieved"].format(date=_short(d.retrieved, lang)))
    if s.stored != "complete":
        notes.append(X["cite_excerpt"] if s.stored == "excerpt" else X["cite_unstored"])
    return ", ".join(parts) + (f" ({', '.join(notes)})" if notes else "")


def source_note(d: Described, lang: str) -> str:
    """What BibTeX's and CSL's `note` say of a source: its notes as sentences."""
    N = labels(lang)["cite_notes"]
    retrieved = _short(d.retrieved, lang) if d.retrieved else ""
    return " ".join(N[key].format(url=d.copy_url, date=retrieved) for key in d.notes)


def source_bibtex(d: Described, lang: str) -> list[str]:
    """An @article for a news article in its outlet; else @misc, with what it is in
    `howpublished` (a press review: "Press review of \\emph{Le Soir} of …")."""
    X = labels(lang)
    s = d.source
    entry = "article" if d.container else "misc"
    out = [f"@{entry}{{source-{s.id},"]
    if d.by:
        # An organisation in double braces: BibTeX must not split it into given and family names.
        out.append(f"  author = {{{_bib_name(d.by, d.organisation)}}},")
    out.append(f"  title = {{{_bib(d.title)}}},")
    if d.container:
        out += [f"  journal = {{{_bib(d.container)}}},", "  entrysubtype = {newspaper},"]
    else:
        if d.reviewed and d.reviewed_on:
            how = X["cite_review"].format(
                publication="\\emph{" + _bib(d.reviewed) + "}", date=_bib(d.reviewed_on)
            )
            if d.reviewed_inferred:  # as the plain citation says it: the date is a reading
                how += f" ({_bib(X['cite_date_marks']['inferred'])})"
        else:
            how = _bib(d.kind)
        out.append(f"  howpublished = {{{_cap(typography(how, lang))}}},")
    if d.publisher:
        out.append(f"  publisher = {{{_bib(d.publisher)}}},")
    out += [f"  year = {{{d.on.year}}},", f"  date = {{{d.on.iso}}},"]
    out.append(f"  language = {{{_BIB_LANGUAGE[s.language]}}},")
    if d.url:
        out.append(f"  url = {{{d.url}}},")
    if d.retrieved and not d.copy_url:  # a copy's retrieval is the copy's: said in the note
        out.append(f"  urldate = {{{d.retrieved.iso}}},")
    note = " ".join(x for x in (d.where or "", source_note(d, lang)) if x)
    if note:
        out.append(f"  note = {{{_bib(typography(note, lang))}}},")
    out.append("}")
    return out


# CSL has no type for a press release or a communiqué: "report" is the type for a work
# "distributed by an institution", and `genre` says which.
_CSL_TYPES = {
    "press-release": "report",
    "communique": "report",
    "statement": "report",
    "press-review": "article",
    "news-article": "article-newspaper",
    "press-article": "article-newspaper",
    "agency-dispatch": "article",
    "report": "report",
    "web-page": "webpage",
    "document": "document",
}


def source_csl(d: Described, lang: str) -> dict:
    s = d.source
    item: dict[str, object] = {
        "id": f"source-{s.id}",
        "type": _CSL_TYPES[s.kind],
        "title": d.title,
        "issued": _csl_date(d.on),
        "language": s.language,
    }
    if not d.container:
        item["genre"] = d.kind
    if d.by:
        item["author"] = [{"literal": d.by}]
    if d.container:
        item["container-title"] = d.container
    if d.publisher:
        item["publisher"] = d.publisher
    if d.reviewed:  # what a press review reviews: an edition, not its container
        item["reviewed-title"] = f"{d.reviewed}, {d.reviewed_on}"
    if d.url:
        item["URL"] = d.url
    if d.retrieved and not d.copy_url:
        item["accessed"] = _csl_date(d.retrieved)
    if d.where:
        item["archive"] = d.where
    note = source_note(d, lang)
    if note:
        item["note"] = typography(note, lang)
    return item


# BibLaTeX's names of the languages a source may be in (models SOURCE_LANGS).
_BIB_LANGUAGE = {
    "en": "english",
    "fr": "french",
    "ar": "arabic",
    "de": "german",
    "es": "spanish",
    "it": "italian",
    "nl": "dutch",
}
_BIB = {ch: "\\" + ch for ch in "&%$#_{}"} | {
    "\\": "\\textbackslash{}",
    "~": "\\textasciitilde{}",
    "^": "\\textasciicircum{}",
}


def _bib(text: str) -> str:
    """Text in a BibTeX field: characters that TeX reads as commands escaped, UTF-8 kept."""
    return "".join(_BIB.get(ch, ch) for ch in text)


def _bib_name(name: str, organisation: bool) -> str:
    return f"{{{_bib(name)}}}" if organisation else _bib(name)


def _csl_date(d: PartialDate) -> dict:
    return {"date-parts": [[p for p in (d.year, d.month, d.day) if p]]}


def _short(d: PartialDate, lang: str) -> str:
    return format_partial_date(d, lang, weekday=False)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _unstop(text: str) -> str:
    return text[:-1] if text.endswith(".") else text
