"""The sources: their list, newest first, and a page per source with the coverage of its body
sentence by sentence and the facts that cite it. A long document's sentences go on pages of
their own past the first SENTENCES_PER_PAGE (`sources/<id>/sentences-2.md`, …): a document has
no bound on its length, and every sentence lists the facts that quote it."""

from __future__ import annotations

from collections.abc import Iterator

from nmikb.data.registry import SOURCE, record_file
from nmikb.knowledge.base import KnowledgeBase
from nmikb.pages.helpers import Helpers
from nmikb.pages.lists import PAGE_SIZE, fixed, list_pages, pager
from nmikb.pages.page import Page, source_page

SENTENCES_PER_PAGE = 50


def sources(kb: KnowledgeBase, h: Helpers) -> Iterator[Page]:
    meta = kb.site.pages["sources"]
    newest = sorted(kb.sources, key=lambda s: (s.dated.on, s.id), reverse=True)
    yield from list_pages(
        "sources/index.md",
        "sources/page/{n}.md",
        h.t(meta.title),
        h.t(meta.description),
        [h.source_entry(s) for s in newest],
        [f"data/{SOURCE.folder}/"],
    )
    for s in kb.sources:
        citing = [f for f in kb.citing(s.id) if f.page != source_page(s.id)[:-3]]
        context = {
            "s": s,
            # Who the document is by (label of labels.yaml, agent): its issuer and publisher when
            # the data gives them, its author always (None: the document has no byline).
            "agents": [
                (label, agent)
                for label, agent in (
                    ("issuer", s.issuer),
                    ("author", s.author),
                    ("publisher", s.publisher),
                )
                if agent is not None or label == "author"
            ],
            "rows": kb.coverage.get(s.id),  # None: no stored text, no coverage
            "citing": citing[:PAGE_SIZE],
            "citing_count": len(citing),
        }
        rows = kb.coverage.get(s.id) or []
        chunks = [rows[i : i + SENTENCES_PER_PAGE] for i in range(0, len(rows), SENTENCES_PER_PAGE)]
        paths = [source_page(s.id)] + [
            f"sources/{s.id}/sentences-{n}.md" for n in range(2, len(chunks) + 1)
        ]
        files = (record_file(SOURCE, s.id),)
        title = h.source_title(s)
        yield Page(
            paths[0],
            "source.md.j2",
            title,
            h.source_label(s.id),
            fixed({**context, **_sentences(s, chunks, paths, 1)}),
            files,
            record=(SOURCE, s),
            links=tuple(paths),
        )
        for n in range(2, len(paths) + 1):
            yield Page(
                paths[n - 1],
                "sentences.md.j2",
                f"{title}{h.L['colon']} {h.L['body_sentences'].lower()}",
                h.source_label(s.id),
                fixed(_sentences(s, chunks, paths, n)),
                files,
                links=tuple(paths),
            )


def _sentences(s, chunks: list, paths: list[str], n: int) -> dict:
    """What page `n` of a source's sentences shows: its share of them, numbered on from the
    pages before, and the pager."""
    return {
        "s": s,
        "shown": chunks[n - 1] if chunks else [],
        "number": n,
        "paths": paths,
        "pager": pager(n, len(paths)),
        "start": (n - 1) * SENTENCES_PER_PAGE + 1,
    }
