"""The sources: their list, newest first, and a page per source with the coverage of its body
sentence by sentence and the facts that cite it."""

from __future__ import annotations

from collections.abc import Iterator

from nmikb.data.registry import SOURCE, record_file
from nmikb.knowledge.base import KnowledgeBase
from nmikb.pages.helpers import Helpers
from nmikb.pages.lists import PAGE_SIZE, fixed, list_pages
from nmikb.pages.page import Page, source_page


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
        yield Page(
            source_page(s.id),
            "source.md.j2",
            h.source_title(s),
            h.source_label(s.id),
            fixed(context),
            (record_file(SOURCE, s.id),),
            record=(SOURCE, s),
        )
