"""Which pages the site has, in a stable order: one per record, paginated lists, index pages.

Every record has its own page (`events/<id>.md`, `entities/<id>.md`, `glossary/<id>.md`,
`sources/<id>.md`). Lists (the timeline by year, entities by kind, the glossary A–Z, the
sources) are paginated (lists.py), so that no page grows with the data. The sidebar lists the
index pages only (NAV below), so it does not grow with the data either. Each type of page is a
module of types/, beside its template.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace

from nmikb.data.models import LANGS
from nmikb.edition.editions import PREFIX
from nmikb.knowledge.base import KnowledgeBase

from .helpers import Helpers, helpers
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
    yield from coverage(kb, h)
    yield from redirects(kb, h)


def site_plan(kb: KnowledgeBase) -> dict[str, list[Page]]:
    """Every generated page of every edition (but the Data page), by language.

    Each edition makes its own pages, and they differ where the languages do: a glossary letter,
    or one of its list pages, that terms fill in one language and not in the other (NAC is CAN
    in French). So which pages exist in every edition is decided here, page by page: a page that
    another edition lacks names a stand-in there (`alternate`), which its language switcher
    leads to. The same in steps, one edition per process (`make site`: nmikb/site/build.py):
    edition_plan, then with_stand_ins once every edition's paths are known."""
    plans = {lang: edition_plan(kb, lang) for lang in LANGS}
    paths = {lang: {page.path for page in plan} for lang, plan in plans.items()}
    return {
        lang: with_stand_ins(plan, [paths[other] for other in LANGS if other != lang])
        for lang, plan in plans.items()
    }


def edition_plan(kb: KnowledgeBase, lang: str) -> list[Page]:
    """One edition's pages, as site_plan makes them but for the stand-ins (with_stand_ins)."""
    return list(pages(kb, helpers(kb, lang)))


def with_stand_ins(plan: list[Page], others: list[set[str]]) -> list[Page]:
    """An edition's pages (edition_plan), each page that one of the `others` editions (the paths
    of their pages) lacks naming its stand-in there."""
    return [
        page
        if all(page.path in there for there in others)
        else replace(page, alternate=_stand_in(page.path, others))
        for page in plan
    ]


@dataclass(frozen=True, slots=True)
class Outline:
    """What plan_problems reads of a page: a copy of the process that planned an edition sends
    this, not the pages (nmikb/site/build.py)."""

    path: str
    alternate: str
    links: tuple[str, ...]


def outline(plan: Iterable[Page]) -> list[Outline]:
    return [Outline(page.path, page.alternate, page.links) for page in plan]


def _stand_in(path: str, others: list[set[str]]) -> str:
    # The index of the page's own section (the glossary's, for a letter), else the home page.
    section = path.split("/")[0] + "/index.md"
    return section if all(section in there for there in others) else NAV[0]


def plan_problems(
    plans: Mapping[str, Iterable[Page | Outline]],
    more: Mapping[str, Iterable[str]],
    nav: Iterable[str],
) -> list[str]:
    """Every link the plan gives a page that leads to no page of the plan: the language switcher
    (to the same page, or its stand-in, in each other edition), the pages a page links by the
    plan's making (pager, the lists beside it, its groups: Page.links) and the sidebar (`nav`).
    `more`: each edition's pages made besides the plan (the Data page, the hand-written pages).

    One line per fault, 'page: what — why', in the site's paths: checked before anything is
    rendered, so that such a fault stops the build in seconds rather than at its end."""
    planned = {lang: list(plan) for lang, plan in plans.items()}
    known = {
        lang: {p.path for p in plan} | set(more.get(lang, ())) for lang, plan in planned.items()
    }
    problems = []
    for lang, plan in planned.items():
        here = PREFIX[lang]
        problems += [
            f"the sidebar of the {lang} edition: {here}{_html(name)} — no such page in the plan"
            for name in nav
            if name not in known[lang]
        ]
        for page in plan:
            for other in planned:
                target = page.alternate or page.path
                if other != lang and target not in known[other]:
                    problems.append(
                        f"{here}{_html(page.path)}: its language switcher leads to "
                        f"{PREFIX[other]}{_html(target)} — the {other} edition has no such page"
                    )
            problems += [
                f"{here}{_html(page.path)}: links to {here}{_html(link)} — the {lang} edition "
                "has no such page"
                for link in page.links
                if link not in known[lang]
            ]
    return problems


def _html(path: str) -> str:
    return path[: -len(".md")] + ".html" if path.endswith(".md") else path
