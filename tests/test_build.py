"""Builds are atomic and reproducible: a failed or killed build leaves the last good site byte
for byte, and two builds of the same sources are identical."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import make_project
from datafile import set_text
from nmikb.data.problems import ProblemsFound
from nmikb.site.build import BuildFailed, build_site

pytestmark = pytest.mark.build

# A title no record has, with no abbreviation in it (a tooltip would split it in the page).
EDITED = "A title edited during a build"


def checksums(site: Path) -> dict[str, str]:
    return {
        str(p.relative_to(site)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def built(project):
    out = project / "site"
    build_site(project, out)
    return project, out, checksums(out)


def test_the_pages_and_bytes_a_build_reports_are_those_of_its_site(project):
    """The build counts the site's pages and bytes from what the archive's parts found, not by
    listing the site again: the same figures as a count file by file, after a build from nothing
    and after an edit."""
    from nmikb.edition.address import ARCHIVE
    from nmikb.site.build import _counted

    out = project / "site"
    for _ in range(2):
        result = build_site(project, out)
        assert (out / ARCHIVE).is_file()  # the parts of an archive were made
        assert (result.pages, result.bytes) == _counted(out)
        assert result.pages > 100
        event = next((project / "data" / "events").glob("*.yaml"))
        set_text(event, "title", "en", EDITED)


def test_bad_data_keeps_the_previous_site(built, kb):
    project, out, before = built
    event = kb.events[0].id
    (project / "data" / "events" / f"{event}.yaml").write_text(f"id: {event}\n\ttitle: x\n")
    with pytest.raises(ProblemsFound):
        build_site(project, out)
    assert checksums(out) == before


def test_invalid_front_matter_fails_the_build_unlike_plain_mkdocs(built):
    project, out, before = built
    (project / "docs" / "about.md").write_text("---\ndescription: [unclosed\n---\n\n# About\n")
    with pytest.raises(BuildFailed) as err:
        build_site(project, out)
    assert (
        "docs/about.md:2:23: YAML syntax: expected ',' or ']', but got "
        "'<stream end>' — close the list with ]" in str(err.value)
    )
    assert checksums(out) == before


@pytest.mark.parametrize(
    "page,link,named",
    [
        ("about.fr.md", "[lien](nulle-part.md)", "nulle-part.md"),
        ("about.md", "[gone](scope.md#no-such-term)", "no-such-term"),
    ],
)
def test_a_broken_link_or_anchor_fails_the_strict_build_and_keeps_the_site(
    built, page, link, named
):
    project, out, before = built
    about = project / "docs" / page
    about.write_text(about.read_text(encoding="utf-8") + f"\n{link}\n", encoding="utf-8")
    with pytest.raises(BuildFailed) as err:
        build_site(project, out)
    assert named in str(err.value)
    assert checksums(out) == before


def test_a_page_missing_its_translation_is_refused(built):
    project, out, before = built
    (project / "docs" / "extra.md").write_text("# Extra\n")
    with pytest.raises(BuildFailed) as err:
        build_site(project, out)
    assert "docs/extra.md:1:1: no fr version of this page — add docs/extra.fr.md" in str(err.value)
    assert checksums(out) == before


def test_killed_build_leaves_the_previous_site(built, kb):
    project, out, before = built
    event = kb.events[0].id
    set_text(project / "data" / "events" / f"{event}.yaml", "title", "en", EDITED)
    code = (
        "import sys; from pathlib import Path; from nmikb.site.build import "
        "build_site; build_site(Path(sys.argv[1]), Path(sys.argv[2]))"
    )
    for delay in (0.05, 0.3, 0.6, 0.9):
        proc = subprocess.Popen(
            [sys.executable, "-c", code, str(project), str(out)],
            cwd=Path(__file__).parent.parent,
            start_new_session=True,
        )
        time.sleep(delay)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        after = checksums(out)
        # Either the whole old site, or (if the swap already happened) the whole new one.
        assert after == before or EDITED in (out / "events" / f"{event}.html").read_text(
            encoding="utf-8"
        )
        assert (out / "index.html").is_file() and (out / "fr" / "index.html").is_file()


def test_deleted_facts_leave_no_stale_output(built, kb):
    project, out, _ = built
    # An event nothing else names (the home page's headline, a decision of the scope).
    named = {kb.site.headline} | {i.decided_by for i in kb.scope.institutions}
    event = next(e for e in kb.timeline if e.id not in named)
    page, year = f"events/{event.id}.html", f"timeline/{event.date.year}.html"
    assert (out / page).is_file() and page in (out / year).read_text(encoding="utf-8").replace(
        "../", ""
    )
    (project / "data" / "events" / f"{event.id}.yaml").unlink()
    build_site(project, out)
    for prefix in ("", "fr/"):
        assert not (out / prefix / page).exists()
        year_page = out / prefix / year
        assert not year_page.exists() or event.id not in year_page.read_text(encoding="utf-8")


def test_two_builds_of_the_same_sources_are_identical(tmp_path, monkeypatch):
    # Two checkouts in different folders, built at different times: the same bytes.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = make_project(tmp_path / "one" / "checkout") / "site"
    build_site(first.parent, first)
    time.sleep(1.1)  # a different second, in case anything stamped the time
    second = make_project(tmp_path / "elsewhere" / "two") / "site"
    build_site(second.parent, second)
    a, b = checksums(first), checksums(second)
    assert len(a) > 40
    assert [k for k in a if a[k] != b.get(k)] == []
    assert a == b


def test_plain_mkdocs_build_works_from_a_clean_checkout(project, kb):
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    plain = project / ".build" / "site"  # not site/, which holds both editions of `make site`
    assert (plain / "timeline" / "index.html").is_file()
    assert all((plain / "events" / f"{e.id}.html").is_file() for e in kb.events)
    assert not (project / "site").exists()
    assert "WARNING" not in result.stderr


def test_plain_mkdocs_build_reports_bad_data_without_traceback(project):
    (project / "data" / "glossary" / "x.yaml").write_text("id: x\nen: {abbr: NAC}\n")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert (
        "data/glossary/x.yaml:2:5: en.full: required field `full` is missing — add `full:` here"
        in result.stderr
    )


def test_built_site_drops_what_no_reader_loads(site):
    assert list(site.rglob("*.map")) == []
    assert sorted(
        p.name for p in (site / "fr" / "assets" / "javascripts" / "lunr").rglob("*.js")
    ) == ["lunr.fr.min.js", "lunr.stemmer.support.min.js"]
    palette = next((site / "assets" / "stylesheets").glob("palette.*.css")).read_text(
        encoding="utf-8"
    )
    assert "[data-md-color-scheme=slate]" in palette and "color-primary=red" not in palette
