"""The language editions of the site, declared once: each is its own MkDocs build, with its own
search index, in its own folder of the site (English at the root, French in fr/)."""

from __future__ import annotations

from dataclasses import dataclass

from nmikb.data.models import LANGS


@dataclass(frozen=True)
class Edition:
    lang: str
    config: str  # the project's MkDocs configuration for this edition
    prefix: str  # folder under the site root: "" for the default language


EDITIONS: tuple[Edition, ...] = (
    Edition("en", "mkdocs.yml", ""),
    Edition("fr", "mkdocs.fr.yml", "fr"),
)
assert tuple(e.lang for e in EDITIONS) == LANGS, "every language of the models has one edition"

# Each edition's folder under the site's root, as a path prefix: "" or "fr/".
PREFIX = {e.lang: (e.prefix + "/" if e.prefix else "") for e in EDITIONS}
