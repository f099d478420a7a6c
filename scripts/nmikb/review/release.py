"""`nmi-kb release VERSION`: a dated release of the data, made from one commit, the same bytes
every time that commit is released.

A release is the committed HEAD, never uncommitted edits: it refuses to run while files it is made
of (data, sources, pages, code, CITATION.cff) differ from the commit. It builds the site as `make
site` does, with SOURCE_DATE_EPOCH the commit's time, then assembles in `release/vVERSION/`:

- `nmi-kb-VERSION.tar.gz`, the offline archive (both editions, the data, the sources), exactly as
  the build made it, so its SHA-256 is the one the Data page of that build shows;
- every export of each edition, named by its language: `kb.en.json`, `events.fr.csv`,
  `timeline.en.ics`…, and `kb.schema.json` (the same for both);
- `CHANGELOG.md`: this release's section, the diff (diff.py) since the previous release tag;
- `CITATION.cff` with the version, the release date (the commit's day) and the commit;
- `SHA256SUMS`, in the form `sha256sum -c` reads.

Every file gets the commit's time and mode 0644, and the archive fixes its own entries' times,
owners and order (site/archive.py), so two releases of one commit are byte for byte the same (with
the same site address: NMI_SITE_URL, as a fork's workflow sets it).
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from nmikb.edition.address import ARCHIVE, DOWNLOADS
from nmikb.edition.editions import EDITIONS, PREFIX
from nmikb.exports.files import FEEDS
from nmikb.site.build import build_site
from nmikb.system.project import UsageError

from .claims import claims_of
from .compare import compare
from .report import write
from .sides import CannotCompare, InvalidSide, Side, git, knowledge_at, resolve
from .styles import Markdown

VERSION = re.compile(r"v?(\d+)\.(\d+)\.(\d+)")
# What a release is made of: an uncommitted change to any of these would be in it, not in the
# commit it names.
INPUTS = (
    "data",
    "seeds",
    "docs",
    "scripts",
    "mkdocs.yml",
    "mkdocs.fr.yml",
    "LICENSE",
    "CITATION.cff",
)
SHARED = {"kb.schema.json"}
# What the first release counts: the records of each kind.
_FIRST_COUNTS = (
    ("sources", "source"),
    ("entities", "entity"),
    ("events", "event"),
    ("glossary", "glossary term"),
)  # the same bytes in every edition: released once


@dataclass(frozen=True)
class Released:
    folder: Path
    version: str
    commit: str
    previous: str | None  # the tag the changelog starts from
    files: tuple[str, ...]


def version_of(text: str) -> str:
    """'v1.2.0' or '1.2.0' -> '1.2.0'; UsageError for anything else."""
    m = VERSION.fullmatch(text.strip())
    if not m:
        raise UsageError(
            f"`{text}` is not a version — give MAJOR.MINOR.PATCH, e.g. 1.0.0 (its tag: v1.0.0)"
        )
    return ".".join(str(int(part)) for part in m.groups())


def release(root: Path, version_text: str, out: Path | None = None) -> Released:
    root = Path(root).resolve()
    version = version_of(version_text)
    head = resolve(root, "HEAD", "HEAD")
    assert head.commit is not None  # a resolved commit
    _check_committed(root)
    out = Path(out) if out is not None else root / "release" / f"v{version}"
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise UsageError(
            f"{out} already exists — remove it (rm -r {out}) or give another folder with --out"
        )
    epoch = int(_out(git(root, "log", "-1", "--format=%ct", head.commit)))
    day = datetime.fromtimestamp(epoch, tz=UTC).strftime("%Y-%m-%d")
    previous = previous_tag(root, version)
    files: dict[str, bytes] = {
        "CHANGELOG.md": changelog(root, version, day, head, previous).encode("utf-8"),
        "CITATION.cff": citation(root, version, day, head.commit),
    }
    with tempfile.TemporaryDirectory(prefix="nmi-kb-release-") as tmp, _epoch(epoch):
        site = build_site(root, Path(tmp) / "site").site
        files[f"nmi-kb-{version}.tar.gz"] = (site / ARCHIVE).read_bytes()
        for edition in EDITIONS:
            for name in FEEDS:
                data = (site / PREFIX[edition.lang] / DOWNLOADS / name).read_bytes()
                stem, _, ext = name.partition(".")
                files[name if name in SHARED else f"{stem}.{edition.lang}.{ext}"] = data
    files["SHA256SUMS"] = "".join(
        f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in sorted(files.items())
    ).encode("utf-8")
    out.mkdir(parents=True, exist_ok=True)
    for name, data in sorted(files.items()):
        path = out / name
        path.write_bytes(data)
        path.chmod(0o644)
        os.utime(path, (epoch, epoch))
    return Released(out, version, head.commit, previous, tuple(sorted(files)))


def _out(run) -> str:
    return run.stdout.decode("utf-8", "replace").strip()


def _check_committed(root: Path) -> None:
    present = [name for name in INPUTS if (root / name).exists()]
    status = git(root, "status", "--porcelain", "--untracked-files=all", "--", *present)
    # Each line is two status letters, a space and the path: not stripped, or " M" loses one.
    lines = status.stdout.decode("utf-8", "replace").splitlines()
    changed = [line[3:] for line in lines if line.strip()]
    if changed:
        shown = ", ".join(changed[:5]) + (
            f" and {len(changed) - 5} more" if len(changed) > 5 else ""
        )
        raise UsageError(
            f"uncommitted changes to what the release is made of ({shown}) — a release is of a "
            "commit: commit them, or set them aside with `git stash -u`, then run it again"
        )


def previous_tag(root: Path, version: str) -> str | None:
    """The newest release tag (vX.Y.Z) in HEAD's history other than this version's own."""
    tags = _out(git(root, "tag", "--list", "v*", "--merged", "HEAD", "--sort=-v:refname"))
    for tag in tags.splitlines():
        if VERSION.fullmatch(tag) and version_of(tag) != version:
            return tag
    return None


def changelog(root: Path, version: str, day: str, head: Side, previous: str | None) -> str:
    """This release's CHANGELOG section: what the data says now that it did not at `previous`."""
    title = f"v{version} ({day})"
    with knowledge_at(root, head) as new_kb:
        new = claims_of(new_kb)
        if previous is None:
            counts = ", ".join(
                _count(sum(1 for k in new.records if k[0] == folder), one)
                for folder, one in _FIRST_COUNTS
            )
            return (
                f"## {title}\n\nThe first release of the data: {counts}; "
                f"{_count(len(new.facts), 'fact')} quoting their sources in "
                f"{_count(len(new.citations), 'citation')}.\n"
            )
        try:
            base = resolve(root, previous, "BASE")
            with knowledge_at(root, base) as old_kb:
                changes = compare(claims_of(old_kb), new)
        except (InvalidSide, CannotCompare) as err:
            # An older release whose data this version's model no longer reads (the model grew):
            # the commits still say what changed.
            return (
                f"## {title}\n\nNo list of changes: the data of {previous} cannot be read by this "
                f"version ({str(err).splitlines()[0]}). `git log {previous}..v{version} -- data` "
                "lists the commits.\n"
            )
    return write(
        changes,
        Markdown(),
        previous,
        f"v{version}",
        None,
        title=f"{title}: changes since {previous}",
    )


def _count(n: int, one: str) -> str:
    many = one[:-1] + "ies" if one.endswith("y") else one + "s"
    return f"{n} {one if n == 1 else many}"


def citation(root: Path, version: str, day: str, commit: str) -> bytes:
    """CITATION.cff as committed, with this release's version, date and commit.

    Written into the released copy, not the repository's file: the tag names the version, and a
    commit cannot hold the version of a tag made after it. So releasing needs no "bump" commit,
    the same commit always gives the same release, and the repository's CITATION.cff goes on
    citing the knowledge base as a whole, as it grows."""
    path = root / "CITATION.cff"
    text = path.read_text(encoding="utf-8") if path.is_file() else "cff-version: 1.2.0\n"
    kept = [
        line for line in text.splitlines() if not re.match(r"(version|date-released|commit):", line)
    ]
    added = [
        "# This release (written by `nmi-kb release`):",
        f'version: "{version}"',
        f'date-released: "{day}"',
        f'commit: "{commit}"',
    ]
    return ("\n".join(kept + added) + "\n").encode("utf-8")


@contextmanager
def _epoch(epoch: int) -> Iterator[None]:
    """The build's SOURCE_DATE_EPOCH set to the commit's time, whatever the shell said."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before
