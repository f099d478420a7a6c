"""`nmi-kb release VERSION` on a small git repository of the tiny fixture: two releases of one
commit are the same bytes; a release holds the exports of both editions, the offline archive, its
CHANGELOG section (the diff since the previous tag), CITATION.cff with its version, and checksums
that `sha256sum -c` accepts; it refuses uncommitted changes, a bad version and a used folder."""

from __future__ import annotations

import json
import os
import subprocess
import tarfile
from pathlib import Path

import pytest
import yaml

from nmikb.cli import main
from nmikb.review.release import changelog
from nmikb.review.sides import resolve
from review_repo import append, commit, edit, git, tiny_repo

NOTE = (
    "context:\n  - kind: explanation\n"
    "    text: {en: The bridge crosses the Meuse., fr: Le pont franchit la Meuse.}\n"
)
EXPORTS = [
    f"{stem}.{lang}.{ext}"
    for lang in ("en", "fr")
    for stem, ext in (
        ("kb", "json"),
        ("events", "csv"),
        ("entities", "csv"),
        ("glossary", "csv"),
        ("sources", "csv"),
        ("timeline", "ics"),
        ("timeline", "timelinejs.json"),
        ("timeline", "atom"),
    )
]


@pytest.fixture(scope="module")
def released(tmp_path_factory) -> tuple[Path, Path, Path]:
    """A repository with a release tag, one commit after it, and two releases of that commit."""
    tmp = tmp_path_factory.mktemp("release")
    repo = tiny_repo(tmp / "repo", project_files=True)
    git(repo, "tag", "v0.1.0")
    append(repo, "data/entities/ardennes-bridge.yaml", NOTE)
    commit(repo, "A note on the bridge")
    for out in ("one", "two"):
        assert main(["--root", str(repo), "release", "0.2.0", "--out", str(tmp / out)]) == 0
    return repo, tmp / "one", tmp / "two"


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_two_releases_of_one_commit_are_the_same_bytes(released):
    repo, one, two = released
    assert files(one) == files(two)
    epoch = int(git(repo, "log", "-1", "--format=%ct"))
    for path in one.iterdir():
        assert (path.stat().st_mtime, path.stat().st_mode & 0o777) == (epoch, 0o644)


def test_a_release_holds_the_exports_the_archive_and_checksums_sha256sum_accepts(released):
    _, one, _ = released
    assert sorted(files(one)) == sorted(
        [*EXPORTS, "kb.schema.json", "nmi-kb-0.2.0.tar.gz", "CHANGELOG.md", "CITATION.cff"]
        + ["SHA256SUMS"]
    )
    check = subprocess.run(
        ["sha256sum", "--check", "--strict", "SHA256SUMS"], cwd=one, capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout.count(": OK\n") == len(files(one)) - 1
    for lang in ("en", "fr"):
        assert json.loads((one / f"kb.{lang}.json").read_text(encoding="utf-8"))["lang"] == lang
    with tarfile.open(one / "nmi-kb-0.2.0.tar.gz") as tar:
        names = tar.getnames()
    assert {"nmi-kb/index.html", "nmi-kb/fr/index.html", "nmi-kb/CITATION.cff"} <= set(names)


def test_the_changelog_is_the_diff_since_the_previous_release(released):
    _, one, _ = released
    assert (one / "CHANGELOG.md").read_text(encoding="utf-8") == (
        "## v0.2.0 (2024-03-06): changes since v0.1.0\n"
        "1 record changed; 1 context note added.\n"
        "\n### Records\n\n"
        "- **~** entity `entities/ardennes-bridge` «Ardennes bridge» (context notes)\n"
        "\n### Context notes (the editors' words, no quote behind them)\n\n"
        "- **+** `entities/ardennes-bridge` «Ardennes bridge» (explanation):\n"
        "  - en: «The bridge crosses the Meuse\\.»\n"
        "  - fr: «Le pont franchit la Meuse\\.»\n"
    )


def test_citation_cff_gets_the_version_date_and_commit(released):
    repo, one, _ = released
    cff = yaml.safe_load((one / "CITATION.cff").read_text(encoding="utf-8"))
    assert (cff["version"], cff["date-released"], cff["commit"]) == (
        "0.2.0",
        "2024-03-06",
        git(repo, "rev-parse", "HEAD"),
    )
    # The repository's own file is left as it is: the version lives in the released copy.
    assert (repo / "CITATION.cff").read_bytes() == git_show(repo, "HEAD:CITATION.cff")


def git_show(repo: Path, what: str) -> bytes:
    return subprocess.run(["git", "-C", str(repo), "show", what], capture_output=True).stdout


def test_the_first_release_counts_what_it_holds(tmp_path):
    repo = tiny_repo(tmp_path / "repo")
    text = changelog(repo, "1.0.0", "2024-03-06", resolve(repo, "HEAD", "HEAD"), None)
    assert text == (
        "## v1.0.0 (2024-03-06)\n\nThe first release of the data: 1 source, 2 entities, "
        "2 events, 1 glossary term; 12 facts quoting their sources in 12 citations.\n"
    )


def test_a_previous_release_this_model_cannot_read(tmp_path):
    repo = tiny_repo(tmp_path / "repo")
    edit(repo, "data/events/works-start.yaml", "id: works-start", "id: works-start\nlater: yes")
    commit(repo, "A field of a later model")
    git(repo, "tag", "v0.9.0")
    git(repo, "revert", "--no-edit", "HEAD")
    text = changelog(repo, "1.0.0", "2024-03-06", resolve(repo, "HEAD", "HEAD"), "v0.9.0")
    assert text.startswith(
        "## v1.0.0 (2024-03-06)\n\nNo list of changes: the data of v0.9.0 cannot be read by "
        "this version (The data at BASE, commit "
    )
    assert text.endswith("`git log v0.9.0..v1.0.0 -- data` lists the commits.\n")


@pytest.mark.parametrize(
    "args,says",
    [
        (["1.0"], "`1.0` is not a version — give MAJOR.MINOR.PATCH, e.g. 1.0.0 (its tag: v1.0.0)"),
        (
            ["1.0.0"],
            "uncommitted changes to what the release is made of (data/events/works-start.yaml) "
            "— a release is of a commit: commit them, or set them aside with `git stash -u`, then "
            "run it again",
        ),
    ],
)
def test_a_release_refuses_what_it_cannot_make_in_one_line(tmp_path, capsys, args, says):
    repo = tiny_repo(tmp_path / "repo", project_files=True)
    edit(repo, "data/events/works-start.yaml", "Works begin", "Works start")
    assert main(["--root", str(repo), "release", *args]) == 2
    assert capsys.readouterr() == ("", says + "\n")
    assert not (repo / "release").exists()


def test_a_release_never_writes_over_a_folder_in_use(tmp_path, capsys):
    repo = tiny_repo(tmp_path / "repo", project_files=True)
    used = tmp_path / "used"
    used.mkdir()
    (used / "notes.txt").write_text("keep", encoding="utf-8")
    assert main(["--root", str(repo), "release", "1.0.0", "--out", str(used)]) == 2
    assert capsys.readouterr().err == (
        f"{used} already exists — remove it (rm -r {used}) or give another folder with --out\n"
    )
    assert os.listdir(used) == ["notes.txt"]
