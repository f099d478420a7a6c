"""MkDocs hook: add the pages of one language edition, generated from data/. Thin by design:
the work happens in plain functions that the tests call without MkDocs."""

from __future__ import annotations

import html
import sys
from pathlib import Path

# MkDocs imports hooks by file path, not as part of a package: make `scripts` importable.
_PROJECT = Path(__file__).resolve().parent.parent
if str(_PROJECT) not in sys.path:
    sys.path.insert(0, str(_PROJECT))

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.structure.files import File  # noqa: E402

from scripts.load import load_knowledge_base  # noqa: E402
from scripts.pages import check_front_matter, hand_written  # noqa: E402
from scripts.problems import ProblemsFound  # noqa: E402
from scripts.render import abbreviations, render_pages  # noqa: E402

_edition: dict = {}


def on_config(config):
    # Validate before MkDocs touches site_dir, so bad data never costs the last good site.
    lang = config.theme["language"]
    root = Path(config.config_file_path).resolve().parent
    try:
        kb = load_knowledge_base(root)
    except ProblemsFound as err:
        raise PluginError("\n" + err.report()) from None
    _edition.update(lang=lang, pages=render_pages(kb, lang, repo_url=config.repo_url), abbr=abbreviations(kb, lang))
    # The site's name and description are data too. The theme prints config values without
    # escaping them (MkDocs' Jinja has no autoescape), so they are escaped here.
    config.site_name = html.escape(kb.site.name[lang])
    config.site_description = html.escape(kb.site.pages["index"].description[lang])
    return config


def on_files(files, config):
    lang = _edition["lang"]
    docs = Path(config.docs_dir)
    pages, problems = hand_written([f.src_uri for f in files.documentation_pages()], docs.name)
    for variants in pages.values():
        problems += check_front_matter(docs / variants[lang], f"{docs.name}/{variants[lang]}") if lang in variants else []
    if problems:
        raise PluginError("\n" + ProblemsFound(problems).report())
    # Each edition keeps its own language's hand-written pages, under the common name.
    for name, variants in pages.items():
        for uri in variants.values():
            files.remove(files.get_file_from_path(uri))
        files.append(File.generated(config, name, abs_src_path=str(docs / variants[lang])))
    for page in _edition["pages"]:
        files.append(File.generated(config, page.name, content=page.markdown))
    return files


def on_page_markdown(markdown, page, config, files):
    # Glossary abbreviations become tooltips on every page.
    return f"{markdown}\n\n{_edition['abbr']}\n"


def on_page_content(html, page, config, files):
    # Keyboard users reach each abbreviation with Tab, and its tooltip shows on focus.
    return html.replace("<abbr title=", '<abbr tabindex="0" title=')
