"""Which pages the site has, in a stable order: one per record, paginated lists, index pages.

Every record has its own page (`events/<id>.md`, `entities/<id>.md`, `glossary/<id>.md`,
`sources/<id>.md`). Lists (the timeline by year, entities by kind, the glossary A–Z, the
sources) are paginated (lists.py), so that no page grows with the data. The sidebar lists the
index pages only (NAV below), so it does not grow with the data either. Each type of page is a
module of types/, beside its template.
"""

from __future__ import annotations

from collections.abc import Iterator

from nmikb.knowledge.base import KnowledgeBase

from .helpers import Helpers
from .page import Page
from .types.coverage import coverage
from .types.entities import entities
from .types.glossary import glossary
from .types.home import home
from .types.redirects import redirects
from .types.scope import scope
from .types.sources import sources
from .types.timeline import timeline

# The sidebar, in reading order: the home page and the index pages, which the functions below make
# (the build adds the Data page and the hand-written pages after them: nmikb/site/config.py). No
# record or list page is in it, so that it does not grow with the data.
NAV = (
    "index.md",
    "timeline/index.md",
    "scope.md",
    "entities/index.md",
    "glossary/index.md",
    "sources/index.md",
    "coverage.md",
)


def pages(kb: KnowledgeBase, h: Helpers) -> Iterator[Page]:
    """Every generated page of one edition but the Data page (types/data.py), in a stable order."""
    yield home(kb, h)
    yield scope(kb, h)
    yield from timeline(kb, h)
    yield from entities(kb, h)
    yield from glossary(kb, h)
    yield from sources(kb, h)
    yield coverage(kb, h)
    yield from redirects(kb, h)
