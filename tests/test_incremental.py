"""`make site` after a change redoes only what the change touches (.build/kept/), and its site is
byte for byte the site a build from nothing makes of the same sources: after each kind of change
(a record added, edited, renamed, deleted; a template changed; the code version changed), and
after a build that failed half way.

The project is the small second dataset, with a copy of the code (not a link to it) so that a
template and the code can be changed here without changing the project's."""

from __future__ import annotations

import filecmp
import json
import marshal
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import FIXTURES, ROOT, make_project
from nmikb.pages import render
from nmikb.pages.lists import PAGE_SIZE
from nmikb.site.build import BuildFailed, build_site, piece_shard

pytestmark = pytest.mark.build
TINY = FIXTURES / "tiny"
# Sentences added to a source: its body then takes two pages and a few more (SENTENCES_PER_PAGE 50).
SENTENCES = 60


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """The tiny dataset with its own copy of the code."""
    folder = tmp_path_factory.mktemp("incremental") / "p"
    make_project(folder, data=TINY / "data", seeds=TINY / "seeds")
    (folder / "scripts").unlink()
    shutil.copytree(
        ROOT / "scripts", folder / "scripts", ignore=shutil.ignore_patterns("__pycache__")
    )
    return folder


@pytest.fixture(scope="module", autouse=True)
def own_templates(project):
    """The page templates read from the project's copy of the code, which the tests change."""
    patch = pytest.MonkeyPatch()
    patch.setattr(render, "TEMPLATES", project / "scripts" / "nmikb" / "pages" / "types")
    render.environment.cache_clear()
    yield
    patch.undo()
    render.environment.cache_clear()


def files(folder: Path) -> dict[str, Path]:
    return {p.relative_to(folder).as_posix(): p for p in folder.rglob("*") if p.is_file()}


def assert_same_as_a_build_from_nothing(project: Path, tmp_path: Path) -> None:
    """The site of the kept build is byte for byte the site of a copy built from nothing."""
    fresh = tmp_path / f"fresh-{len(list(tmp_path.iterdir()))}"
    shutil.copytree(project, fresh, ignore=shutil.ignore_patterns(".build", "site"))
    build_site(fresh, fresh / "site")
    built, made = files(project / "site"), files(fresh / "site")
    assert built.keys() == made.keys()
    differ = [rel for rel in built if not filecmp.cmp(built[rel], made[rel], shallow=False)]
    assert differ == []


def kept(project: Path, rel: str) -> int:
    """The inode of a file of the kept site: a file made again is a new file."""
    return (project / ".build" / "kept" / "site" / rel).stat().st_ino


def parts(project: Path, lang: str) -> dict:
    """What each record adds to an edition's exports, as the kept build holds it (pieces.py), in
    shards (build.py)."""
    out: dict = {}
    for shard in sorted((project / ".build" / "kept" / f"pieces-{lang}").iterdir()):
        out.update(marshal.loads(shard.read_bytes()))
    return out


def part_shards(project: Path, lang: str) -> dict[str, int]:
    """Each shard of an edition's kept parts, and its inode: a shard written again is new."""
    folder = project / ".build" / "kept" / f"pieces-{lang}"
    return {shard.name: shard.stat().st_ino for shard in folder.iterdir()}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path} no longer holds {old!r}: choose another edit"
    path.write_text(text.replace(old, new), encoding="utf-8")


EVENTS = "data/events"


def test_a_first_build_keeps_what_it_made(project, tmp_path):
    build_site(project, project / "site")
    assert (project / ".build" / "kept" / "site" / "index.html").is_file()
    assert_same_as_a_build_from_nothing(project, tmp_path)


def test_an_edited_event_makes_again_only_what_shows_it(project, tmp_path):
    untouched = kept(project, "events/works-start.html"), kept(project, "glossary/index.html")
    shown = kept(project, "events/council-votes.html")
    before = {lang: parts(project, lang) for lang in ("en", "fr")}
    shards = {lang: part_shards(project, lang) for lang in ("en", "fr")}
    edit(project / EVENTS / "council-votes.yaml", "title: {en: ", "title: {en: Finally ")
    build_site(project, project / "site")
    assert "Finally The" in (project / "site" / "events" / "council-votes.html").read_text("utf-8")
    assert kept(project, "events/council-votes.html") != shown
    # The event's parts of the exports (its JSON in kb.json, its row, entry and slide) are made
    # again, in both editions (the French title did not change, but its record holds both); no
    # other record's.
    for lang, was in before.items():
        now = parts(project, lang)
        assert now.keys() == was.keys()
        made = {key.partition(":")[2] for key in now if now[key] != was[key]}
        assert made == {"events/council-votes"}, lang
        # Written again: the shard that holds the event's parts, no other.
        written = {n for n, inode in part_shards(project, lang).items() if shards[lang][n] != inode}
        assert written == {f"{piece_shard('x:events/council-votes'):02d}.marshal"}, lang
    assert (kept(project, "events/works-start.html"), kept(project, "glossary/index.html")) == (
        untouched
    )
    assert_same_as_a_build_from_nothing(project, tmp_path)


def test_an_event_moved_within_its_year_then_to_another(project, tmp_path):
    edit(project / EVENTS / "council-votes.yaml", 'date: "2024-02"', 'date: "2024-03"')
    build_site(project, project / "site")
    assert_same_as_a_build_from_nothing(project, tmp_path)
    edit(project / EVENTS / "council-votes.yaml", 'date: "2024-03"', 'date: "2023-03"')
    build_site(project, project / "site")
    assert (project / "site" / "timeline" / "2023.html").is_file()
    # 2024 keeps the fixture's other event of that year, and loses this one.
    year = (project / "site" / "timeline" / "2024.html").read_text(encoding="utf-8")
    assert "council-votes" not in year and "trust-to-advise" in year
    assert_same_as_a_build_from_nothing(project, tmp_path)
    # The only event of 2025 moved: that year's page goes.
    edit(project / EVENTS / "works-start.yaml", 'date: "2025"', 'date: "2023"')
    build_site(project, project / "site")
    assert not (project / "site" / "timeline" / "2025.html").exists()
    assert_same_as_a_build_from_nothing(project, tmp_path)


def test_an_added_event(project, tmp_path):
    shutil.copy(project / EVENTS / "works-start.yaml", project / EVENTS / "works-end.yaml")
    edit(project / EVENTS / "works-end.yaml", "id: works-start", "id: works-end")
    build_site(project, project / "site")
    assert (project / "site" / "fr" / "events" / "works-end.html").is_file()
    assert_same_as_a_build_from_nothing(project, tmp_path)


def test_a_renamed_event(project, tmp_path):
    (project / EVENTS / "works-end.yaml").rename(project / EVENTS / "works-finish.yaml")
    edit(project / EVENTS / "works-finish.yaml", "id: works-end", "id: works-finish")
    build_site(project, project / "site")
    assert not (project / "site" / "events" / "works-end.html").exists()
    assert not (project / "site" / "events" / "works-end.json").exists()
    assert (project / "site" / "events" / "works-finish.html").is_file()
    assert_same_as_a_build_from_nothing(project, tmp_path)


def test_a_deleted_event(project, tmp_path):
    (project / EVENTS / "works-finish.yaml").unlink()
    build_site(project, project / "site")
    assert not (project / "site" / "fr" / "events" / "works-finish.html").exists()
    assert_same_as_a_build_from_nothing(project, tmp_path)


def test_a_former_id_then_the_event_it_leads_to_edited(project, tmp_path):
    """A record merged into another leaves a redirect page, which shows the event's title: an
    edit of the event makes it again."""
    edit(project / EVENTS / "council-votes.yaml", "actors: [", "former_ids: [votes-old]\nactors: [")
    build_site(project, project / "site")
    assert (project / "site" / "fr" / "events" / "votes-old.html").is_file()
    assert_same_as_a_build_from_nothing(project, tmp_path)
    edit(project / EVENTS / "council-votes.yaml", "fr: Le conseil vote", "fr: Le conseil revote")
    build_site(project, project / "site")
    redirect = project / "site" / "fr" / "events" / "votes-old.html"
    assert "Le conseil revote" in redirect.read_text(encoding="utf-8")
    assert_same_as_a_build_from_nothing(project, tmp_path)


def test_a_source_edited_changes_what_the_exports_say_of_events_that_did_not_change(
    project, tmp_path
):
    """An event's JSON holds what the build works out from its sources (the date of the earliest
    that reports it): kept by its file alone, it would say what the source said before."""
    edit(
        project / "data" / "sources" / "bridges-trust.yaml",
        'date: "2024-03-04"',
        'date: "2024-03-05"',
    )
    build_site(project, project / "site")
    record = (project / "site" / "events" / "trust-to-advise.json").read_text(encoding="utf-8")
    assert '"reported": "2024-03-05"' in record
    assert_same_as_a_build_from_nothing(project, tmp_path)


def test_the_editors_reading_of_a_date_edited(project, tmp_path):
    """An event with no note but an inferred date: the coverage pages list the editors' reading,
    so an edit of it makes them again. Notes enough before it put it on the second page, which
    only an event with additions makes again."""
    term = project / "data" / "glossary" / "municipal-council.yaml"
    notes = "".join(
        f"  - kind: definition\n    text: {{en: Note {i}., fr: Note {i}.}}\n"
        for i in range(PAGE_SIZE)
    )
    term.write_text(term.read_text(encoding="utf-8") + "context:\n" + notes, encoding="utf-8")
    path = project / EVENTS / "works-start.yaml"
    text = path.read_text(encoding="utf-8")
    year = re.search(r'^date: "(\d{4})"$', text, re.M)
    assert year, "works-start no longer has a year of its own: choose another event"
    inferred = (
        f'date:\n  on: "{year[1]}"\n  basis: inferred\n'
        "  reasoning: {en: The City names the year only., fr: La Ville ne donne que l’année.}\n"
        "  citations:\n    - source: gazette\n"
        "      quote: Les travaux commenceront en 2025, a précisé la Ville.\n"
        '      translation: {en: "The works will begin in 2025, the City specified."}\n'
    )
    path.write_text(text.replace(year[0] + "\n", inferred), encoding="utf-8")
    build_site(project, project / "site")
    assert_same_as_a_build_from_nothing(project, tmp_path)
    edit(path, "The City names the year only.", "The City gives the year alone.")
    build_site(project, project / "site")
    second = project / "site" / "coverage" / "notes-2.html"
    assert "The City gives the year alone." in second.read_text(encoding="utf-8")
    assert_same_as_a_build_from_nothing(project, tmp_path)


def test_an_edited_entity_and_a_hand_written_page(project, tmp_path):
    edit(
        project / "data" / "entities" / "ardennes-bridge.yaml", "{en: Ardennes", "{en: Old Ardennes"
    )
    edit(
        project / "docs" / "about.md", "# About this site\n", "# About this site\n\nA line more.\n"
    )
    build_site(project, project / "site")
    assert_same_as_a_build_from_nothing(project, tmp_path)


def test_a_page_of_the_sidebar_with_a_new_title(project, tmp_path):
    """Every page's sidebar shows the titles of the index pages and the hand-written ones."""
    edit(project / "docs" / "about.md", "# About this site\n", "# About this knowledge base\n")
    build_site(project, project / "site")
    assert "About this knowledge base" in (
        project / "site" / "events" / "works-start.html"
    ).read_text("utf-8")
    assert_same_as_a_build_from_nothing(project, tmp_path)
    site_yaml = project / "data" / "site.yaml"
    text = site_yaml.read_text(encoding="utf-8")
    timeline = text.index("timeline:")
    title = text.index("en: ", timeline)
    site_yaml.write_text(text[: title + 4] + "Dated " + text[title + 4 :], encoding="utf-8")
    build_site(project, project / "site")
    assert_same_as_a_build_from_nothing(project, tmp_path)


def test_a_changed_template(project, tmp_path):
    template = project / "scripts" / "nmikb" / "pages" / "types" / "event.md.j2"
    edit(template, "{{ m.front(page) }}\n", "{{ m.front(page) }}\n\nA line of the template.\n")
    render.environment.cache_clear()
    build_site(project, project / "site")
    assert "A line of the template." in (
        project / "site" / "events" / "works-start.html"
    ).read_text("utf-8")
    assert_same_as_a_build_from_nothing(project, tmp_path)


def test_a_new_code_version_keeps_nothing(project, tmp_path):
    home = kept(project, "index.html")
    theme = project / "scripts" / "overrides" / "main.html"
    edit(theme, '{% extends "base.html" %}\n', '{% extends "base.html" %}\n{#- changed -#}\n')
    build_site(project, project / "site")
    assert kept(project, "index.html") != home  # made again, though its bytes are the same
    # The site it replaced links to files no longer kept: it goes with the staging folder, and
    # the spare the next build stages its site in is made anew, of links to the files now kept.
    assert not any(project.glob(".site-build-*"))
    spare = project / ".build" / "kept" / "spare-site"
    site = project / ".build" / "kept" / "site"
    held = sorted(p.relative_to(spare) for p in spare.rglob("*") if p.is_file())
    assert held == sorted(
        p.relative_to(site) for p in site.rglob("*") if p.is_file() and not p.name.startswith(".")
    )
    assert all((spare / rel).stat().st_ino == (site / rel).stat().st_ino for rel in held)
    assert_same_as_a_build_from_nothing(project, tmp_path)


def test_a_build_publishes_the_site_it_replaced_last_time_brought_up_to_date(project, tmp_path):
    """The site a build replaces is kept (.build/kept/spare-site), and the next build stages its
    site in that folder instead of a new one: only what differs is linked again, and what the
    new site does not hold goes."""
    spare = project / ".build" / "kept" / "spare-site"
    build_site(project, project / "site")  # it replaces the site of a build that kept nothing
    assert (spare / "index.html").is_file()
    folder = spare.stat().st_ino
    (spare / "stray.html").write_text("Not a page of this site.\n", encoding="utf-8")
    (spare / "events" / "works-start.html").unlink()
    (spare / "fr" / "glossary").rename(spare / "fr" / "glossaire")
    edit(project / EVENTS / "trust-to-advise.yaml", "trust will advise", "trust is to advise")
    build_site(project, project / "site")
    assert (project / "site").stat().st_ino == folder  # the spare, now published
    assert not (project / "site" / "stray.html").exists()
    assert not (project / "site" / "fr" / "glossaire").exists()
    for rel in ("events/works-start.html", "events/trust-to-advise.html", "fr/glossary/index.html"):
        assert (project / "site" / rel).stat().st_ino == kept(project, rel)
    assert_same_as_a_build_from_nothing(project, tmp_path)


def test_a_build_from_nothing_where_no_site_was_published_makes_a_spare_too(project, tmp_path):
    """A clean build (or the first one) with no site at its output still leaves the next build a
    spare of links to the site it kept (build.py, _new_spare)."""
    shutil.rmtree(project / "site", ignore_errors=True)
    build_site(project, project / "site", clean=True)
    spare = project / ".build" / "kept" / "spare-site"
    for rel in ("index.html", "fr/index.html", "events/works-start.html"):
        assert (spare / rel).stat().st_ino == kept(project, rel)
    assert_same_as_a_build_from_nothing(project, tmp_path)


def test_a_file_added_to_the_theme_is_published_by_the_next_build(project, tmp_path):
    """The theme's files MkDocs found are kept in each edition's state (site/mkdocs_run.py), so
    that a build need not list Material's 14,000 files again: a file added to our overrides is
    still found, since the state is forgotten when the code changes."""
    state = json.loads((project / ".build" / "kept" / "edition-en.json").read_text("utf-8"))
    assert any(path.startswith("assets/") for path, _ in state["theme_files"][1])
    added = project / "scripts" / "overrides" / "assets" / "nmi-kb-added.txt"
    added.parent.mkdir(parents=True, exist_ok=True)
    added.write_text("A file of the theme.\n", encoding="utf-8")
    build_site(project, project / "site")
    for prefix in ("", "fr/"):
        published = project / "site" / prefix / "assets" / "nmi-kb-added.txt"
        assert published.read_text("utf-8") == "A file of the theme.\n"
    assert_same_as_a_build_from_nothing(project, tmp_path)


def test_a_build_that_fails_half_way_leaves_the_next_one_right(project, tmp_path):
    """A broken link in a hand-written page stops MkDocs' strict build after the trees changed;
    once it is mended, the next build is right: what the failed one changed is known."""
    edit(project / EVENTS / "council-votes.yaml", "title: {en: Finally ", "title: {en: At last ")
    edit(project / "docs" / "about.md", "A line more.", "A [link](nowhere.md).")
    with pytest.raises(BuildFailed):
        build_site(project, project / "site")
    edit(project / "docs" / "about.md", "A [link](nowhere.md).", "A line more.")
    build_site(project, project / "site")
    assert "At last The" in (project / "site" / "events" / "council-votes.html").read_text("utf-8")
    assert_same_as_a_build_from_nothing(project, tmp_path)


def test_the_sitemap_is_made_again_only_when_what_it_shows_changes(project, tmp_path):
    """A render keeps the sitemap the last one wrote when no page's address or shown front matter
    changed (site/mkdocs_run.py, _sitemap_kept); an added page makes it again."""
    maps = ("sitemap.xml", "fr/sitemap.xml", "sitemap.xml.gz")
    before = [kept(project, rel) for rel in maps]
    edit(project / "docs" / "about.md", "A line more.", "A line more, and another.")
    build_site(project, project / "site")
    assert "and another" in (project / "site" / "about.html").read_text("utf-8")
    assert [kept(project, rel) for rel in maps] == before
    # An event's new title changes its page's description, which the sitemap does not show.
    edit(project / EVENTS / "works-start.yaml", "title: {en: ", "title: {en: Soon ")
    build_site(project, project / "site")
    assert "Soon " in (project / "site" / "events" / "works-start.html").read_text("utf-8")
    assert [kept(project, rel) for rel in maps] == before
    shutil.copy(project / EVENTS / "works-start.yaml", project / EVENTS / "works-again.yaml")
    edit(project / EVENTS / "works-again.yaml", "id: works-start", "id: works-again")
    build_site(project, project / "site")
    assert all(kept(project, rel) != was for rel, was in zip(maps, before, strict=True))
    assert "events/works-again.html" in (project / "site" / "sitemap.xml").read_text("utf-8")
    assert_same_as_a_build_from_nothing(project, tmp_path)


def test_a_build_that_fails_after_writing_the_sitemap_leaves_the_next_one_right(project, tmp_path):
    """MkDocs writes the sitemap before the pages; a strict build that then fails leaves the new
    sitemap in the edition's folder with the state of the render before. Once the change is
    undone, the next build must not take that sitemap for the one it recorded."""
    (project / EVENTS / "works-again.yaml").unlink()
    build_site(project, project / "site")
    edit(project / "docs" / "about.md", "and another.", "and another [link](nowhere.md).")
    shutil.copy(project / EVENTS / "works-start.yaml", project / EVENTS / "works-later.yaml")
    edit(project / EVENTS / "works-later.yaml", "id: works-start", "id: works-later")
    with pytest.raises(BuildFailed):
        build_site(project, project / "site")
    edit(project / "docs" / "about.md", "and another [link](nowhere.md).", "and another.")
    (project / EVENTS / "works-later.yaml").unlink()
    build_site(project, project / "site")
    assert "works-later" not in (project / "site" / "sitemap.xml").read_text("utf-8")
    assert_same_as_a_build_from_nothing(project, tmp_path)


def test_a_partial_render_puts_its_search_index_together_from_the_entries_it_kept(
    project, tmp_path
):
    """Each page's entries of the search index are kept beside the edition's state (site/
    mkdocs_run.py, _Incremental): a partial render takes those of the pages it does not render
    from there, as long as the index on disk is the very file they were kept with."""
    kept_entries = project / ".build" / "kept" / "edition-en.search-entries"
    index = project / ".build" / "kept" / "rendered" / "_root" / "search" / "search_index.json"
    stamp, entries = marshal.loads(kept_entries.read_bytes())
    assert [json.loads(e) for page in entries.values() for e in page] == json.loads(
        index.read_bytes()
    )["docs"]
    page = "events/works-start.html"
    marked = json.loads(entries[page][0])
    marked["text"] = "Kept, not read again."
    entries[page][0] = json.dumps(marked, separators=(",", ":")).encode("ascii")
    # The index is not the file the entries were kept with (the same bytes, written anew): they
    # are not used, and the render reads the index.
    index.with_name("copy.json").write_bytes(index.read_bytes())
    index.with_name("copy.json").replace(index)
    kept_entries.write_bytes(marshal.dumps([stamp, entries]))
    edit(project / "docs" / "about.md", "and another.", "and another one.")
    build_site(project, project / "site")
    assert b"Kept, not read again." not in index.read_bytes()
    assert_same_as_a_build_from_nothing(project, tmp_path)
    # The index they were kept with: they are used (here, the altered entry of a page this
    # render does not render), and the index is not read.
    stamp, entries = marshal.loads(kept_entries.read_bytes())
    entries[page][0] = json.dumps(marked, separators=(",", ":")).encode("ascii")
    kept_entries.write_bytes(marshal.dumps([stamp, entries]))
    edit(project / "docs" / "about.md", "and another one.", "and another.")
    build_site(project, project / "site")
    assert b"Kept, not read again." in index.read_bytes()
    # Rendered again, the page has its own entries back.
    edit(project / EVENTS / "works-start.yaml", "title: {en: Soon ", "title: {en: Later ")
    build_site(project, project / "site")
    assert b"Kept, not read again." not in index.read_bytes()
    assert_same_as_a_build_from_nothing(project, tmp_path)


def test_a_long_sources_sentence_pages_follow_the_events_that_quote_them(project, tmp_path):
    """A document longer than a page of sentences (types/sources.py): its later sentences are on
    pages of their own, which an edited event that quotes one of them makes again (and no other
    source's pages), in a strict build, byte for byte as from nothing."""
    seed = project / "seeds" / "bridges-trust-2024-03-04.txt"
    extra = " ".join(f"Inspection number {i} found the deck sound." for i in range(SENTENCES))
    edit(seed, "The bridge will stay", f"{extra} The bridge will stay")
    build_site(project, project / "site")
    second = project / "site" / "sources" / "bridges-trust" / "sentences-2.html"
    assert (
        second.is_file()
        and (project / "site" / "fr" / second.relative_to(project / "site")).is_file()
    )
    first = (project / "site" / "sources" / "bridges-trust.html").read_text(encoding="utf-8")
    pager = BeautifulSoup(first, "html.parser").select("nav.kb-pages a")
    assert [a["href"] for a in pager] == ["bridges-trust/sentences-2.html"] * 2  # 2, Next
    assert_same_as_a_build_from_nothing(project, tmp_path)
    other = kept(project, "sources/gazette.html")
    # A sentence on the second page, quoted by an event that did not quote the source before.
    quoted = f"Inspection number {SENTENCES - 5} found the deck sound."
    event = project / EVENTS / "works-start.yaml"
    text = event.read_text(encoding="utf-8")
    # Its own citations (the top-level key; its date may have citations of its own, indented).
    indent = re.search(r"^citations:\n( *)- ", text, re.M)
    assert indent, "works-start.yaml: its citations are no longer a block list"
    pad = indent.group(1)
    added = (
        f"citations:\n{pad}- source: bridges-trust\n{pad}  quote: {quoted}\n"
        f"{pad}  translation: {{fr: L’inspection {SENTENCES - 5} a jugé le tablier sain.}}\n"
    )
    event.write_text(text[: indent.start()] + added + text[indent.end() - len(pad) - 2 :], "utf-8")
    build_site(project, project / "site")
    page = BeautifulSoup(second.read_text(encoding="utf-8"), "html.parser")
    sentence = next(li for li in page.select("ol.kb-coverage > li") if quoted in li.get_text())
    assert [a["href"] for a in sentence.select(".kb-meta a")] == ["../../events/works-start.html"]
    assert page.select_one("ol.kb-coverage")["start"] == "51"
    assert kept(project, "sources/gazette.html") == other
    assert_same_as_a_build_from_nothing(project, tmp_path)


def test_page_addresses_joined_as_strings_are_what_mkdocs_works_out():
    """Each page's address on the published site is the site's address and the page's joined
    (mkdocs_run._canonical_urls_joined) where that is what urljoin gives, MkDocs' own way
    elsewhere: the two agree for every kind of address, plain or not."""
    from types import SimpleNamespace

    from mkdocs.structure import pages as mkdocs_pages

    from nmikb.site import mkdocs_run

    urls = ["", "index.html", "events/a-b.html", "fr/glossary/c-2.html", "dir/", "é/ü.html"]
    urls += ["a//b.html", "../x.html", "./x.html", "a/./b.html", "a/../b.html", "a/..", "."]
    urls += ["x?y=1", "x#top", "/abs.html", "http://elsewhere/x", "mailto:a@b.example", "a\\b"]
    urls += [" a.html", "a\tb.html", "a\nb.html", "\x01a.html", "a%20b.html", "a;b.html"]
    bases = [None, "", "https://h.example/p/", "https://h.example/p", "https://h.example/p/fr/"]
    bases += ["https://h.example", "https://h.example/p/?q=1", "https://h.example/p/#f"]
    bases += ["https://h.example//p/", "https://h.example/p/../q/", "http://h.example/a/./b/"]
    own = mkdocs_pages.Page._set_canonical_url
    expected = {}
    for base in bases:
        for url in urls:
            page = SimpleNamespace(url=url)
            own(page, base)
            expected[base, url] = (page.canonical_url, page.abs_url)
    joined = {}
    with mkdocs_run._canonical_urls_joined():
        assert mkdocs_pages.Page._set_canonical_url is not own
        for base in bases:
            for url in urls:
                page = SimpleNamespace(url=url)
                mkdocs_pages.Page._set_canonical_url(page, base)
                joined[base, url] = (page.canonical_url, page.abs_url)
    assert mkdocs_pages.Page._set_canonical_url is own
    assert joined == expected
    # The site's own addresses take the joined way.
    assert mkdocs_run._plain_path("events/a-b.html") and mkdocs_run._plain_path("")
    assert mkdocs_run._plain_base("https://h.example/p/fr/") == "/p/fr/"


def test_each_events_part_of_the_fingerprint_is_kept_only_while_what_it_is_made_from_is(
    tmp_path,
):
    """`make serve` keeps each event's part of the data's fingerprint between saves
    (reuse.EventPrints). After an edit of an event's file, and after an edit of a source that
    changes what an event's part says while no event's file changes, it is what a fingerprint
    made from nothing says."""
    from conftest import make_multi
    from nmikb.knowledge.load import load_knowledge_base
    from nmikb.site.reuse import EventPrints, fingerprint

    project = make_multi(tmp_path / "p")
    sources, events = project / "data" / "sources", project / "data" / "events"
    original = "cvb-release-2024-05-16"
    # A copy of a source, which names the source it reproduces: an event citing the copy shows
    # on the original's page too.
    copy = (
        (sources / f"{original}.yaml")
        .read_text(encoding="utf-8")
        .replace(f"id: {original}", "id: cvb-release-copy")
        .replace("url: https://news-mirror.example/cvb/2024-05-16", "url: https://copy.example/r")
        .replace(
            "reproduces: {url: https://cvb.example/press/2024-05-16}",
            f"reproduces: {{url: https://news-mirror.example/cvb/2024-05-16, source: {original}}}",
        )
        .replace(f"- source: {original}", "- source: cvb-release-copy")
    )
    (sources / "cvb-release-copy.yaml").write_text(copy, encoding="utf-8")
    prints = EventPrints()

    def cited() -> list[str]:
        kb = load_knowledge_base(project)
        kept = fingerprint(kb, None, None, prints)
        assert kept == fingerprint(kb, None, None)
        return kept["events"]["flood-watch-created"][2]

    assert cited() == [original]
    event = events / "flood-watch-created.yaml"
    event.write_text(
        event.read_text(encoding="utf-8").replace(
            f"- source: {original}", "- source: cvb-release-copy"
        ),
        encoding="utf-8",
    )
    assert cited() == [original, "cvb-release-copy"]
    # The copy no longer names its original: the event's file is as it was.
    (sources / "cvb-release-copy.yaml").write_text(
        copy.replace(f", source: {original}}}", "}"), encoding="utf-8"
    )
    assert cited() == ["cvb-release-copy"]
