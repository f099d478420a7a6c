"""The sharing features in a real headless Chromium: the Cite panel's Copy buttons, from disk and
served, and the downloaded archive opened from disk, search included. No request leaves the
site's own origin."""

from __future__ import annotations

import tarfile

import pytest

from nmikb.edition.address import ARCHIVE
from test_browser import (  # noqa: F401 (fixtures; `browser` and the sites are in conftest)
    Reader,
    found,
    tiny_base,
    tiny_server,
)

pytestmark = pytest.mark.browser

CLIPBOARD = ["clipboard-read", "clipboard-write"]


@pytest.mark.parametrize(
    "prefix,copied", [("", "Copied to the clipboard."), ("fr/", "Copié dans le presse-papiers.")]
)
def test_copy_button_puts_the_citation_on_the_clipboard(browser, tiny_base, prefix, copied):  # noqa: F811
    r = Reader(browser, tiny_base, viewport={"width": 1280, "height": 900}, permissions=CLIPBOARD)
    try:
        page = r.open(prefix + "events/council-votes.html")
        page.locator("details.kb-cite-panel > summary").click()
        for key in ("text", "bibtex", "csl"):
            expected = page.locator(f"#cite-{key} pre").text_content()
            page.evaluate("() => { document.querySelector('.kb-copy__status').textContent = ''; }")
            page.locator(f'button.kb-copy[data-copy="cite-{key}"]').click()
            page.wait_for_function(
                "t => document.querySelector('.kb-copy__status').textContent === t",
                arg=copied,
                timeout=5000,
            )
            assert page.evaluate("() => navigator.clipboard.readText()") == expected
        assert "https://" in expected and "events/council-votes.html" in expected
        assert r.foreign_requests() == []
        assert r.errors == []
    finally:
        r.close()


@pytest.mark.parametrize("prefix", ["", "fr/"])
def test_open_cite_panel_and_data_page_pass_axe(browser, site, kb, prefix):
    from axe_playwright_python.sync_playwright import Axe

    # Opening the panel scrolls the page, and the theme fades the page title into the header:
    # axe must see the page at rest, not halfway through that fade.
    r = Reader(
        browser,
        site.as_uri() + "/",
        viewport={"width": 1280, "height": 900},
        reduced_motion="reduce",
    )
    try:
        found = {}
        # The home page's event, the mission's entity page, and the Data page.
        pages = (f"events/{kb.site.headline}", f"entities/{kb.scope.mission}", "data")
        for name in pages:
            page = r.open(prefix + name + ".html")
            if page.locator("details.kb-cite-panel > summary").count():
                page.locator("details.kb-cite-panel > summary").click()
                page.wait_for_timeout(500)
            result = Axe().run(page)
            found[name] = [
                (v["id"], [n["target"] for n in v["nodes"][:3]])
                for v in result.response["violations"]
            ]
        assert found == {name: [] for name in found}
    finally:
        r.close()


def test_unpacked_archive_opens_from_disk_with_search(browser, site, kb, tmp_path):  # noqa: F811
    with tarfile.open(site / ARCHIVE) as tar:
        tar.extractall(tmp_path, filter="data")
    root = tmp_path / "nmi-kb"
    assert (root / "index.html").is_file() and (root / "source-data" / "data").is_dir()
    r = Reader(browser, root.as_uri() + "/", viewport={"width": 1280, "height": 900})
    try:
        # Each edition finds a term by its abbreviation in that edition's language.
        for lang, prefix in (("en", ""), ("fr", "fr/")):
            term = next(t for t in kb.glossary if t.form(lang).abbr)
            r.open(prefix + "index.html")
            assert found(r.search(term.form(lang).abbr), f"{prefix}glossary/{term.id}.html")
        r.open("fr/data.html")
        assert r.foreign_requests() == []
        assert r.errors == []
    finally:
        r.close()
