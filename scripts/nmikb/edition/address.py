"""Where the site lives: its public address, its repository, and where each page and file is
under them.

mkdocs.yml says so once (`site_url`, `repo_url`); a fork or a preview overrides them with the
environment variables NMI_SITE_URL and NMI_REPO_URL (mkdocs.yml reads them with `!ENV`). The
build reads them (nmikb/site/config.py) into a Share; without a `site_url`, pages get no
permalinks, citations or structured data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from .editions import PREFIX

ARCHIVE = "nmi-kb.tar.gz"  # at the site's root, beside the English index.html
DOWNLOADS = "downloads"  # each edition's exports
IMAGE = "assets/images/social.png"  # each edition's link-preview image


@dataclass(frozen=True)
class Share:
    root_url: str  # the site's root, ending with "/": the default edition
    repo_url: str | None  # the repository's page, without a trailing "/"
    branch: str  # the branch the published site is built from, for "edit" links
    epoch: int  # SOURCE_DATE_EPOCH: the build's date, that of the last commit
    changed: dict[str, int] = field(default_factory=dict)  # data file -> last commit touching it

    def edition_url(self, lang: str) -> str:
        return self.root_url + PREFIX[lang]

    def page_url(self, lang: str, path: str) -> str:
        """'events/x.md' -> the page's absolute address in that edition."""
        return self.edition_url(lang) + re.sub(r"\.md$", ".html", path)

    def view_url(self, file: str) -> str | None:
        return f"{self.repo_url}/blob/{self.branch}/{file}" if self.repo_url else None

    def edit_url(self, file: str) -> str | None:
        return f"{self.repo_url}/edit/{self.branch}/{file}" if self.repo_url else None

    def last_changed(self, files) -> int | None:
        known = [self.changed[f] for f in files if f in self.changed]
        return max(known) if known else None

    @cached_property  # asked by every page: once per build, not once per page and file
    def as_of(self) -> int | None:
        """When the knowledge base last changed: its newest committed data file."""
        data = [t for f, t in self.changed.items() if f.endswith(".yaml")]
        return max(data) if data else None
