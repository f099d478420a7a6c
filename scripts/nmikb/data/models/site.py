"""The site's own texts, and the two data files that hold one thing each."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .common import Slug, Strict, Text
from .scope import Scope

# The generated pages whose title and description the site's texts give.
PageName = Literal["index", "timeline", "scope", "entities", "glossary", "sources", "coverage"]


class Page(Strict):
    title: Text = Field(
        title="Page title", description="The page's heading and its name in the navigation."
    )
    description: Text = Field(
        title="Meta description",
        description="One or two sentences shown under the title and by search engines.",
    )


class Site(Strict):
    """Texts about the site itself: its name, and each page's title and description."""

    name: Text = Field(title="Site name", description="Shown in the header of every page.")
    headline: Slug = Field(
        title="Headline event",
        description="The id of the event the home page leads with.",
        examples=["nac-decides-nmi-expansion"],
    )
    mission: Slug = Field(
        title="Mission", description="The id of the entity the site is about.", examples=["nmi"]
    )
    pages: dict[PageName, Page] = Field(
        title="Pages", description="Title and description of each generated page."
    )


# The two data files that hold one thing each; every other record is a file of its own
# (registry.KINDS). The top-level key names what the file holds.
class SiteFile(Strict):
    site: Site


class ScopeFile(Strict):
    scope: Scope
