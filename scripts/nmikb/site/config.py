"""Each edition's MkDocs configuration, derived from the project's (mkdocs.yml, mkdocs.fr.yml),
and what the build reads from it: the site's public address and the path links start from."""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.utils.yaml import yaml_load

from nmikb.edition.address import IMAGE, Share
from nmikb.edition.editions import EDITIONS, Edition
from nmikb.edition.labels import share_labels
from nmikb.knowledge.base import KnowledgeBase
from nmikb.pages.handwritten import DOCS, hand_written_names
from nmikb.pages.plan import NAV
from nmikb.pages.types.data import DATA_PAGE

from .history import last_changed

# Our MkDocs plugin's name (pyproject.toml's entry point), for a plain `mkdocs build`.
PLUGIN = "nmi-kb"
_URL = re.compile(r"https?://[A-Za-z0-9.:-]+(/[A-Za-z0-9._~%-]+)*/")


def edition_config(
    kb: KnowledgeBase, root: Path, edition: Edition, tree: Path, site_dir: Path
) -> dict:
    """The project's configuration of this edition, pointed at the tree, with no hook."""
    with open(root / edition.config, "rb") as f:
        config = yaml_load(f)  # MkDocs' own reader: INHERIT and !ENV work as in `mkdocs build`
    # The tree is complete: nothing is left for our plugin (or an old-style hook) to add.
    config.pop("hooks", None)
    plugins = config.get("plugins")
    if isinstance(plugins, dict):
        plugins.pop(PLUGIN, None)
    elif isinstance(plugins, list):
        config["plugins"] = [
            p for p in plugins if p != PLUGIN and not (isinstance(p, dict) and PLUGIN in p)
        ]
    config.pop("watch", None)
    # The sidebar comes from the layout, not from mkdocs.yml: the index pages, the Data page,
    # then the hand-written pages, so a new hand-written page joins it without editing a list.
    config["nav"] = sidebar(root)
    config["docs_dir"] = str((tree / DOCS).absolute())
    config["site_dir"] = str(Path(site_dir).absolute())
    theme = config.get("theme") or {}
    if isinstance(theme, dict) and theme.get("custom_dir"):
        theme["custom_dir"] = str((root / theme["custom_dir"]).resolve())
    # The theme prints these without escaping (MkDocs' Jinja has no autoescape): escape them here.
    config["site_name"] = html.escape(kb.site.name[edition.lang])
    config["site_description"] = html.escape(kb.site.pages["index"].description[edition.lang])
    # One public address for the whole site (mkdocs.yml, or NMI_SITE_URL): each edition lives
    # under its own prefix, and the theme needs the root for language alternates
    # (scripts/overrides/partials/share-meta.html).
    if config.get("site_url"):
        root_url = (
            config["site_url"] if config["site_url"].endswith("/") else config["site_url"] + "/"
        )
        config["site_url"] = root_url + (edition.prefix + "/" if edition.prefix else "")
        extra = config.setdefault("extra", {})
        extra["public"] = {
            "root": root_url,
            "locale": share_labels(edition.lang)["locale"],
            "locales": [
                {"lang": e.lang, "locale": share_labels(e.lang)["locale"]} for e in EDITIONS
            ],
            "image": IMAGE,
        }
    return config


def sidebar(root: Path) -> list[str]:
    """The sidebar of every page: the index pages, the Data page, the hand-written pages."""
    return [*NAV, DATA_PAGE, *hand_written_names(root)]


def share_from_config(config: dict, root: Path, epoch: int) -> Share | None:
    """The Share of a build, from an edition's MkDocs configuration (site_url, repo_url)."""
    # The root of the whole site: edition_config points each edition's own site_url at its prefix.
    site_url = (
        ((config.get("extra") or {}).get("public") or {}).get("root")
        or config.get("site_url")
        or ""
    )
    if not site_url:
        return None
    site_url = site_url if site_url.endswith("/") else site_url + "/"
    if not _URL.fullmatch(site_url):
        raise ValueError(f"site_url must be a plain http(s) address, got {site_url!r}")
    repo_url = (config.get("repo_url") or "").rstrip("/") or None
    branch = ((config.get("extra") or {}).get("repo_branch")) or "main"
    # git runs only for builds that publish an address: the dates serve permalinks and citations.
    return Share(site_url, repo_url, str(branch), int(epoch), last_changed(root))


def site_path(root: Path) -> str:
    """The path part of the site's address ('/nmi-kb/'), where absolute links start; '/' if none."""
    with open(Path(root) / EDITIONS[0].config, "rb") as f:
        config = yaml_load(f)  # MkDocs' own reader: !ENV overrides apply
    path = urlsplit(config.get("site_url") or "/").path or "/"
    return path if path.endswith("/") else path + "/"


def repo_address(root: Path) -> str | None:
    """The repository's address (`repo_url`, or NMI_REPO_URL), without a trailing "/"."""
    with open(Path(root) / EDITIONS[0].config, "rb") as f:
        config = yaml_load(f)  # MkDocs' own reader: !ENV overrides apply
    return (config.get("repo_url") or "").rstrip("/") or None
