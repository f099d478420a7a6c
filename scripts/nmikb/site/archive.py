"""One file to take the whole site away: both editions, search included, with the data and the
sources they are built from, at the site's root (nmi-kb.tar.gz).

A gzip-compressed tar rather than a ZIP: a ZIP compresses each file on its own, and every page
repeats the same header, navigation and footer, so the same site takes 1.3 MB as a ZIP and about
0.7 MB as a .tar.gz. Windows (10 and later), macOS and Linux unpack it with what they ship.

It is made after both editions are built, since it holds them. The Data page that links to it
shows its size and SHA-256, which are known only once the archive exists: so the archive holds the
pages as they were before that line was filled in (its Data page says where to find the figures),
and it never holds itself. Entries are sorted, dated with the build's SOURCE_DATE_EPOCH and given
fixed permissions, so two builds of one commit write the same bytes.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import os
import re
import tarfile
from pathlib import Path

from nmikb.data.registry import DATA_DIR, SEEDS_DIR
from nmikb.edition.address import ARCHIVE
from nmikb.edition.editions import PREFIX
from nmikb.edition.formats import human_size
from nmikb.edition.labels import share_labels as labels

FOLDER = "nmi-kb"  # everything unpacks into one folder: nmi-kb/index.html
SOURCE_FOLDER = "source-data"  # the data and the sources' texts, beside the site
PROJECT_FILES = ("LICENSE", "CITATION.cff")
_SKIP = {ARCHIVE, ".nmi-kb-site"}


def _entries(site: Path, root: Path) -> list[tuple[str, Path]]:
    out = [
        (f"{FOLDER}/{p.relative_to(site).as_posix()}", p)
        for p in site.rglob("*")
        if p.is_file() and p.relative_to(site).as_posix() not in _SKIP
    ]
    for folder in (DATA_DIR, SEEDS_DIR):
        out += [
            (f"{FOLDER}/{SOURCE_FOLDER}/{p.relative_to(root).as_posix()}", p)
            for p in (root / folder).rglob("*")
            if p.is_file()
        ]
    out += [(f"{FOLDER}/{name}", root / name) for name in PROJECT_FILES if (root / name).is_file()]
    return sorted(out)


def write_archive(site: Path, root: Path, epoch: int) -> tuple[int, str]:
    """Write the archive at the site's root; return its size in bytes and its SHA-256."""
    site, root = Path(site), Path(root)
    entries = _entries(site, root)
    folders = sorted({str(Path(name).parent) for name, _ in entries} | {FOLDER})
    folders = sorted(
        {"/".join(f.split("/")[: i + 1]) for f in folders for i in range(f.count("/") + 1)}
    )
    target = site / ARCHIVE
    # Streamed to disk, one file at a time: a knowledge base of thousands of pages never sits in
    # memory whole. One fixed owner, date and mode for every entry: the same bytes on every machine.
    with (
        open(target, "wb") as f,
        gzip.GzipFile(filename="", mode="wb", fileobj=f, compresslevel=9, mtime=epoch) as gz,
    ):
        with tarfile.open(fileobj=gz, mode="w", format=tarfile.PAX_FORMAT) as tar:
            for name in folders:
                tar.addfile(_info(name + "/", tarfile.DIRTYPE, 0o755, 0, epoch))
            for name, path in entries:
                with open(path, "rb") as data:
                    tar.addfile(
                        _info(name, tarfile.REGTYPE, 0o644, os.fstat(data.fileno()).st_size, epoch),
                        data,
                    )
    digest = hashlib.sha256()
    with open(target, "rb") as written:
        for block in iter(lambda: written.read(1 << 20), b""):
            digest.update(block)
    return target.stat().st_size, digest.hexdigest()


def _info(name: str, kind: bytes, mode: int, size: int, epoch: int) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type, info.mode, info.size, info.mtime = kind, mode, size, epoch
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info


_FACTS = re.compile(r'(<span class="kb-archive-facts" id="archive-facts">)(.*?)(</span>)', re.S)


def show_archive_facts(site: Path, size: int, sha256: str) -> None:
    """Fill in the archive's size and SHA-256 on each edition's Data page."""
    for lang, prefix in PREFIX.items():
        page = Path(site) / prefix / "data.html"
        if not page.is_file():
            continue
        text = labels(lang)["archive_facts"].format(size=human_size(size, lang), sha256=sha256)
        html_text = page.read_text(encoding="utf-8")
        escaped = html.escape(text)

        def fill(m: re.Match[str], escaped: str = escaped) -> str:
            return m[1] + escaped + m[3]

        new = _FACTS.sub(fill, html_text, count=1)
        page.write_text(new, encoding="utf-8")


def finish(site: Path, root: Path, epoch: int) -> tuple[int, str] | None:
    """The archive and the figures on the Data pages, for a site that has a Data page."""
    if not (Path(site) / "data.html").is_file():
        return None  # no public address configured: no exports, no archive (site/config.py)
    size, sha256 = write_archive(site, root, epoch)
    show_archive_facts(site, size, sha256)
    return size, sha256
