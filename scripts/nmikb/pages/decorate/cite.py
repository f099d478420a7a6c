"""The "Cite this" panel of a record's page: the record as published here, in plain text, BibTeX
and CSL-JSON, naming the sources it quotes."""

from __future__ import annotations

import json

from nmikb.data.models import Entity, PartialDate, Source, Term
from nmikb.data.registry import RecordKind
from nmikb.edition.address import Share
from nmikb.edition.formats import day_of, format_partial_date, long_date
from nmikb.edition.labels import share_labels as labels
from nmikb.knowledge.base import KnowledgeBase


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


def record_citations(record) -> list:
    return list(record.attribution if isinstance(record, Source) else record.citations)


def cited_sources(kb: KnowledgeBase, record) -> list[Source]:
    return [kb.source[s] for s in dict.fromkeys(c.source for c in record_citations(record))]


def colon(lang: str) -> str:
    return " :" if lang == "fr" else ":"


def citations(
    kb: KnowledgeBase, lang: str, kind: RecordKind, record, share: Share, stamp: int | None
) -> tuple[str, str, str]:
    """The record as published here, in three forms: plain text, BibTeX and CSL-JSON.

    The plain text follows the usual shape of a web citation (site, title, date, address,
    retrieved on), then names the source the record quotes. The retrieval date is the build's:
    the date of the version a reader sees, the same in every build of one commit.
    """
    X = labels(lang)
    site = kb.site.name[lang]
    title = record_name(record, lang)
    url = share.page_url(lang, f"{kind.folder}/{record.id}.md")
    retrieved = day_of(share.epoch)
    changed = day_of(stamp) if stamp else retrieved
    sources = cited_sources(kb, record)
    source_texts = [_source_plain(kb, s, lang) for s in sources]
    plain = (
        f"{site}. “{title}”. {X['last_changed_on'].capitalize()} {long_date(changed, lang)}. "
        f"{X['retrieved']} {long_date(retrieved, lang)}. {url}"
    )
    if source_texts:  # a source's own page quotes its byline from the document itself
        plain += f" — {X['quoting']}{colon(lang)} " + "; ".join(source_texts)
    key = f"nmikb-{kind.name}-{record.id}"
    bib = [
        f"@misc{{{key},",
        f"  title = {{{_bib(title)}}},",
        f"  author = {{{{{_bib(site)}}}}},",
        f"  howpublished = {{\\url{{{url}}}}},",
        f"  url = {{{url}}},",
        f"  year = {{{changed.year}}},",
        f"  date = {{{changed.isoformat()}}},",
        f"  urldate = {{{retrieved.isoformat()}}},",
        f"  language = {{{_BIB_LANGUAGE[lang]}}},",
    ]
    if sources and not isinstance(record, Source):
        bib.append(
            f"  note = {{{_bib(X['quoting'] + colon(lang) + ' ' + '; '.join(source_texts))}}},"
        )
    bib.append("}")
    for s in sources:
        bib += _bib_source(kb, s, lang)
    items = [
        {
            "id": key,
            "type": "webpage",
            "title": title,
            "container-title": site,
            "URL": url,
            "language": lang,
            "issued": {"date-parts": [[changed.year, changed.month, changed.day]]},
            "accessed": {"date-parts": [[retrieved.year, retrieved.month, retrieved.day]]},
        }
    ]
    if sources and not isinstance(record, Source):
        items[0]["note"] = X["quoting"] + colon(lang) + " " + "; ".join(source_texts)
    items += [_csl_source(kb, s, lang) for s in sources]
    return (
        plain,
        "\n".join(bib),
        "[\n"
        + ",\n".join("  " + json.dumps(item, ensure_ascii=False, sort_keys=True) for item in items)
        + "\n]",
    )


def _source_plain(kb: KnowledgeBase, s: Source, lang: str) -> str:
    reviewed = ""
    if s.reviewed:
        edition = (
            s.reviewed.date if isinstance(s.reviewed.date, PartialDate) else s.reviewed.date.on
        )
        assert edition is not None  # Source's validator: a document's dates are known
        publication = kb.agent_name(s.reviewed.publication, lang)
        reviewed = f", {publication} ({format_partial_date(edition, lang)})"
    on = s.dated.on
    assert on is not None  # Source's validator: a document's date is known
    return (
        f"{_by(kb, s, lang)}, “{source_title(s, lang)}”{reviewed}, "
        f"{format_partial_date(on, lang)}" + (f", {s.url}" if s.url else "")
    )


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


def _csl_date(d: PartialDate) -> dict:
    return {"date-parts": [[p for p in (d.year, d.month, d.day) if p]]}


def _csl_type(s: Source) -> str:
    return {
        "press-review": "article-newspaper",
        "press-article": "article-newspaper",
        "report": "report",
        "web-page": "webpage",
    }.get(s.kind, "document")


def _csl_source(kb: KnowledgeBase, s: Source, lang: str) -> dict:
    by = _by(kb, s, lang)
    on = s.dated.on
    assert on is not None  # Source's validator: a document's date is known
    item = {
        "id": f"source-{s.id}",
        "type": _csl_type(s),
        "title": source_title(s, lang),
        "publisher": by,
        "author": [{"literal": by}],
        "issued": _csl_date(on),
        "language": s.language,
    }
    if s.reviewed:  # what a press review reports on
        item["container-title"] = kb.agent_name(s.reviewed.publication, lang)
    if s.url:
        item["URL"] = s.url
    return item


def _bib_source(kb: KnowledgeBase, s: Source, lang: str) -> list[str]:
    entry = "article" if s.kind in ("press-review", "press-article") else "misc"
    on = s.dated.on
    assert on is not None  # Source's validator: a document's date is known
    out = [
        f"@{entry}{{source-{s.id},",
        f"  title = {{{_bib(source_title(s, lang))}}},",
        f"  author = {{{{{_bib(_by(kb, s, lang))}}}}},",
    ]
    if s.reviewed:
        publication = kb.agent_name(s.reviewed.publication, lang)
        out.append(
            f"  journal = {{{_bib(publication)}}},"
            if entry == "article"
            else f"  howpublished = {{{_bib(publication)}}},"
        )
    out.append(f"  year = {{{on.year}}},")
    out.append(f"  date = {{{on.iso}}},")
    out.append(f"  language = {{{_BIB_LANGUAGE[s.language]}}},")
    if s.url:
        out.append(f"  url = {{{s.url}}},")
    out.append("}")
    return out


def _by(kb: KnowledgeBase, s: Source, lang: str) -> str:
    agent = s.author or s.issuer or s.publisher
    return kb.agent_name(agent, lang) if agent else ""
