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
import itertools
import json
import os
import re
import tarfile
import tempfile
import threading
import zlib
from collections.abc import Set
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from nmikb.data.registry import DATA_DIR, SEEDS_DIR
from nmikb.edition.address import ARCHIVE
from nmikb.edition.editions import EDITIONS, PREFIX
from nmikb.edition.formats import human_size
from nmikb.edition.labels import share_labels as labels

from .kept import write_new

FOLDER = "nmi-kb"  # everything unpacks into one folder: nmi-kb/index.html
SOURCE_FOLDER = "source-data"  # the data and the sources' texts, beside the site
PROJECT_FILES = ("LICENSE", "CITATION.cff")
_SKIP = {ARCHIVE, ".nmi-kb-site"}


# A file of the archive: its name in the archive, where it is, and its stat (size, time, inode).
_Entry = tuple[str, str, os.stat_result]


def _files(
    folder: str, prefix: str, hidden: bool = True, leave_out: Set[str] = frozenset()
) -> list[_Entry]:
    """Every file under `folder`, as os.walk finds them (a link to a folder is not followed),
    with the stat the directory listing gives: at 10,000 events (66,000 files), the archive took
    1.35 s with every piece kept when each file was made a Path and stat'ed through it; 0.95 s
    so. `leave_out`: names in `folder` itself not to take."""
    out = []
    with os.scandir(folder) as found:
        for entry in found:
            if entry.name in leave_out:  # at the top only
                continue
            if entry.is_dir():
                if not entry.is_symlink():
                    out += _files(entry.path, f"{prefix}{entry.name}/", hidden)
            elif hidden or not entry.name.startswith("."):
                out.append((prefix + entry.name, entry.path, entry.stat()))
    return out


def _edition_entries(site: Path, prefix: str) -> list[_Entry]:
    """The files of one edition of the site: its folder (`prefix`: "" for the site's root, or
    "fr/"), but for the other editions' folders and the archive, and for any file a build is
    writing (".name.new")."""
    if prefix:
        if not (site / prefix).is_dir():
            return []
        found = _files(str(site / prefix), f"{FOLDER}/{prefix}", hidden=False)
    else:
        # Not even listed: another process may be finishing the other editions meanwhile.
        others = _SKIP | {e.prefix for e in EDITIONS if e.prefix}
        found = _files(str(site), f"{FOLDER}/", hidden=False, leave_out=others)
    return sorted(found, key=lambda entry: entry[0])


def _source_entries(root: Path) -> list[_Entry]:
    """The data and the sources' texts, and the project's licence and citation."""
    out = []
    for folder in (DATA_DIR, SEEDS_DIR):
        if (root / folder).is_dir():
            out += _files(str(root / folder), f"{FOLDER}/{SOURCE_FOLDER}/{folder}/")
    out += [
        (f"{FOLDER}/{name}", str(root / name), (root / name).stat())
        for name in PROJECT_FILES
        if (root / name).is_file()
    ]
    return sorted(out, key=lambda entry: entry[0])


# Deflate's level: 6 compresses the site about twice as fast as 9, for half a percent more bytes.
LEVEL = 6
# The archive is a series of gzip members (what `gzip -d`, tar and every unpacker read as one
# stream), each a piece of the tar: a build compresses again only the pieces whose files changed.
# A piece of small files ends after a file whose name's hash says so, about one in PIECE_FILES
# (so that a file added or removed moves no other boundary), or once it holds PIECE_BYTES. At
# 10,000 events a one-event edit changes some twenty pages and search files, scattered: pieces of
# 1 MB instead of 4 compress a quarter of the bytes again.
PIECE_FILES = 32
PIECE_BYTES = 1 << 20
# A file of BIG bytes or more is pieces of its own, cut where its content says (_cuts). Such are
# the exports that hold every record (kb.json: 29 MB at 10,000 events, twice, one per edition):
# an edit changes a few of their lines, and their pieces around it are compressed again, not the
# whole file (121 MB of exports at each one-event edit before, 0.6 s of a 9 s build). Their
# pieces are kept by a digest of what they hold. With the smaller pieces above, the archive is
# 0.7 % bigger (196.1 MB against 194.8 MB at 10,000 events).
BIG = 1 << 20
CUT_MIN = 512 << 10  # a big file's pieces hold this much at least,
CUT_MAX = 2 << 20  # and this much at most (where no line end qualifies: a file of no lines)
CUT_ODDS = 64  # about one line end in this many qualifies to end a piece
CUT_WINDOW = 32  # the bytes before a line end that decide whether it qualifies
# What each big file of a part was cut into, by the file's stat (as the small files' pieces are
# kept): a big file the build left as it was is not read again to find its pieces.
BIG_INDEX = "big-files-{part}.json"
# The parts of the archive, in its order: each edition's files (the edition's language), then
# the data and the sources'.
SOURCE_PART = "source"
PARTS = (*(e.lang for e in EDITIONS), SOURCE_PART)


@dataclass(frozen=True)
class Part:
    """A part of the archive, compressed: its files' folders, and its pieces in order, each as
    its key and the length of the tar it holds (kept in the pieces' folder as KEY-LENGTH.gz)."""

    folders: frozenset[str]
    pieces: tuple[tuple[str, int], ...]
    pages: int = 0  # its files that are pages (.html)
    size: int = 0  # its files' bytes


def make_part(part: str, site: Path, root: Path, epoch: int, pieces: Path) -> Part:
    """Compress the part `part` of PARTS (an edition's language: that edition's files of the
    kept `site`; SOURCE_PART: the data and the sources of the project `root`), into the folder
    `pieces` where the pieces are kept between builds by a digest of what they hold (each
    file's name, size, time and inode: the kept site's files are never changed in place,
    kept.py; a big file's bytes); only those not kept there are compressed. An edition's part can
    be made as soon as the edition is finished (build.py: by the process that finished it),
    while the other is still being finished."""
    if part == SOURCE_PART:
        entries = _source_entries(Path(root))
    else:
        entries = _edition_entries(Path(site), PREFIX[part])
    plan: list[list[_Entry]] = [[]]
    held = 0
    for entry in entries:
        size = entry[2].st_size
        if size >= BIG:  # pieces of its own (big), after the small files before it
            if not plan[-1]:
                plan.pop()
            plan += [[entry], []]
            held = 0
            continue
        plan[-1].append(entry)
        held += size
        if zlib.crc32(entry[0].encode()) % PIECE_FILES == 0 or held >= PIECE_BYTES:
            plan.append([])
            held = 0
    pieces.mkdir(parents=True, exist_ok=True)
    # Each kept piece's key, and the length of the tar it holds.
    kept = {key: int(n) for key, n in (p.stem.split("-") for p in pieces.glob("*.gz"))}
    index_file = pieces / BIG_INDEX.format(part=part)
    try:
        index = json.loads(index_file.read_bytes())
    except (OSError, ValueError):
        index = {}
    cut: dict[str, list] = {}  # what each big file of this build was cut into (BIG_INDEX)
    written: set[str] = set()
    writing = threading.Lock()

    def compressed(key: str, tar: bytes) -> tuple[str, int]:
        if key in kept:
            return key, len(tar)
        # Two pieces may hold the same bytes (a big file's padding, in two files): written once.
        with writing:
            first = key not in written
            written.add(key)
        if first:
            member = gzip.compress(tar, compresslevel=LEVEL, mtime=epoch)
            _write_piece(pieces / f"{key}-{len(tar)}.gz", member)
        return key, len(tar)

    def small(files: list[_Entry]) -> list[tuple[str, int]]:
        held = [(n, i.st_size, i.st_mtime_ns, i.st_ino) for n, _, i in files]
        key = hashlib.sha256(repr((LEVEL, epoch, held)).encode()).hexdigest()[:32]
        if key in kept:
            return [(key, kept[key])]
        return [compressed(key, _tar(files, epoch))]

    def big(entry: _Entry) -> list[tuple[str, int]]:
        name, path, info = entry
        stat = repr((LEVEL, epoch, name, info.st_size, info.st_mtime_ns, info.st_ino))
        was = index.get(stat)
        if was is not None and all(key in kept for key, _ in was):
            cut[stat] = was
            return [(key, length) for key, length in was]
        with open(path, "rb") as f:
            data = f.read()
        head = _info(name, tarfile.REGTYPE, 0o644, len(data), epoch).tobuf(
            tarfile.PAX_FORMAT, "utf-8", "surrogateescape"
        )
        # The tar's header (which holds the size) and its padding up to a whole block (its
        # length depends on the size) are pieces of their own: an edit that adds a line to the
        # file compresses them again, not the first and last pieces of its content too.
        ends = [*_cuts(data), len(data)]
        tars = [head, *(data[a:b] for a, b in zip([0, *ends[:-1]], ends, strict=True))]
        if len(data) % tarfile.BLOCKSIZE:
            tars.append(b"\0" * (-len(data) % tarfile.BLOCKSIZE))
        made = [
            compressed(hashlib.sha256(b"%d %d\n%s" % (LEVEL, epoch, tar)).hexdigest()[:32], tar)
            for tar in tars
        ]
        cut[stat] = [list(piece) for piece in made]
        return made

    def piece(files: list[_Entry]) -> list[tuple[str, int]]:
        return big(files[0]) if files[0][2].st_size >= BIG else small(files)

    # zlib and hashlib let go of Python's lock while they work: each core compresses its pieces.
    # The biggest first, so that the last to start are not the longest.
    plan = [p for p in plan if p]
    order = sorted(range(len(plan)), key=lambda n: -max(plan[n][0][2].st_size - BIG + 1, 0))
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        done = dict(zip(order, pool.map(piece, [plan[n] for n in order]), strict=True))
    if cut != index:
        write_new(index_file, json.dumps(cut, sort_keys=True).encode("utf-8"))
    return Part(
        frozenset(name.rpartition("/")[0] for name, _, _ in entries),
        tuple(m for n in range(len(plan)) for m in done[n]),
        sum(1 for name, _, _ in entries if name.endswith(".html")),
        sum(info.st_size for _, _, info in entries),
    )


def _write_piece(path: Path, member: bytes) -> None:
    # As kept.write_new, under a name of this process's own: the processes that make the
    # editions' parts at once may both write a piece that two files share.
    tmp = path.with_name(f".{path.name}.{os.getpid()}.new")
    with open(tmp, "wb") as f:
        f.write(member)
    os.replace(tmp, path)


def write_archive(
    site: Path,
    root: Path,
    epoch: int,
    pieces: Path | None = None,
    parts: dict[str, Part] | None = None,
) -> tuple[int, str]:
    """Write the archive at the site's root; return its size in bytes and its SHA-256.

    `parts`: parts of PARTS made already (make_part), by name; the others are made here.
    `pieces`: the folder where the compressed pieces are kept between builds (make_part). The
    archive is written as a new file, never over the old one."""
    if pieces is None:  # nothing kept between calls: the pieces are kept until written
        with tempfile.TemporaryDirectory() as folder:
            return write_archive(site, root, epoch, Path(folder), parts)
    site, root = Path(site), Path(root)
    made = [(parts or {}).get(part) or make_part(part, site, root, epoch, pieces) for part in PARTS]
    named = set().union(*(part.folders for part in made)) | {FOLDER}
    folders = sorted(
        {"/".join(f.split("/")[: i + 1]) for f in named for i in range(f.count("/") + 1)}
    )
    # One fixed owner, date and mode for every entry: the same bytes on every machine.
    header = b"".join(
        _info(name + "/", tarfile.DIRTYPE, 0o755, 0, epoch).tobuf(
            tarfile.PAX_FORMAT, "utf-8", "surrogateescape"
        )
        for name in folders
    )
    every = [piece for part in made for piece in part.pieces]
    length = len(header) + sum(n for _, n in every)
    # The end of a tar: two empty blocks, and zeros up to a whole record, as tarfile writes it.
    end = b"\0" * (2 * tarfile.BLOCKSIZE)
    length += len(end)
    end += b"\0" * (-length % tarfile.RECORDSIZE)
    target = site / ARCHIVE
    digest = hashlib.sha256()
    tmp = target.with_name(f".{target.name}.new")
    size = 0

    def member(key: str, n: int) -> bytes:
        with open(pieces / f"{key}-{n}.gz", "rb") as f:
            return f.read()

    with open(tmp, "wb") as f:
        members = itertools.chain(
            [gzip.compress(header, compresslevel=LEVEL, mtime=epoch)],
            (member(key, n) for key, n in every),
            [gzip.compress(end, compresslevel=LEVEL, mtime=epoch)],
        )
        for data in members:  # one at a time: the archive is never held whole
            f.write(data)
            digest.update(data)
            size += len(data)
    os.replace(tmp, target)
    used = {key for key, _ in every}
    for old in pieces.glob("*.gz"):  # pieces of files the site no longer holds as they were
        if old.name.split("-")[0] not in used:
            old.unlink()
    # A piece being written when its process was stopped (Ctrl+C during a build): none is being
    # written now, every part is made.
    for half in pieces.glob(".*.new"):
        half.unlink()
    return size, digest.hexdigest()


def _cuts(data: bytes) -> list[int]:
    """Where a big file's pieces end (after each, the next begins): at the first line end
    CUT_MIN bytes or more after the last cut whose line's last CUT_WINDOW bytes hash to a
    multiple of CUT_ODDS, or CUT_MAX bytes after it where none does. Content-defined chunking, as
    backup tools cut files: a cut depends on the line at it and on the cut before it. An edit
    that adds or removes bytes moves the cut of its own piece, but the search for the next one
    soon meets a line where the old search stopped too, and from there on every cut is where it
    was: the pieces before the edit and after it are the same bytes as before."""
    cuts: list[int] = []
    start = 0
    while len(data) - start > CUT_MAX:
        at, limit = start + CUT_MIN, start + CUT_MAX
        end = limit
        while (line := data.find(b"\n", at, limit)) >= 0:
            if zlib.crc32(data[max(line - CUT_WINDOW, 0) : line]) % CUT_ODDS == 0:
                end = line + 1
                break
            at = line + 1
        cuts.append(end)
        start = end
    return cuts


def _tar(files: list[_Entry], epoch: int) -> bytes:
    out = []
    for name, path, _stat in files:
        with open(path, "rb") as f:
            data = f.read()
        out.append(
            _info(name, tarfile.REGTYPE, 0o644, len(data), epoch).tobuf(
                tarfile.PAX_FORMAT, "utf-8", "surrogateescape"
            )
        )
        out.append(data)
        out.append(b"\0" * (-len(data) % tarfile.BLOCKSIZE))
    return b"".join(out)


def _info(name: str, kind: bytes, mode: int, size: int, epoch: int) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type, info.mode, info.size, info.mtime = kind, mode, size, epoch
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info


_FACTS = re.compile(r'(<span class="kb-archive-facts" id="archive-facts">)(.*?)(</span>)', re.S)


def show_archive_facts(site: Path, size: int, sha256: str) -> int:
    """Fill in the archive's size and SHA-256 on each edition's Data page; return how many bytes
    that added to the pages."""
    added = 0
    for lang, prefix in PREFIX.items():
        page = Path(site) / prefix / "data.html"
        if not page.is_file():
            continue
        text = labels(lang)["archive_facts"].format(size=human_size(size, lang), sha256=sha256)
        html_text = page.read_text(encoding="utf-8")
        escaped = html.escape(text)

        def fill(m: re.Match[str], escaped: str = escaped) -> str:
            return m[1] + escaped + m[3]

        new = _FACTS.sub(fill, html_text, count=1).encode("utf-8")
        added += len(new) - page.stat().st_size
        # A new file: the page of the kept site this one may be a link to keeps its own bytes.
        write_new(page, new)
    return added


def wanted(final: Path) -> bool:
    """Whether a site gets an archive, from an edition's finished folder: when it has a Data
    page, which shows the archive's size and SHA-256 (show_archive_facts). Without a public
    address configured, it has neither exports nor an archive (site/config.py)."""
    return (Path(final) / "data.html").is_file()


def finish(
    site: Path,
    root: Path,
    epoch: int,
    pieces: Path | None = None,
    parts: dict[str, Part] | None = None,
) -> tuple[int, str] | None:
    """The archive (its size and SHA-256), for a site that has a Data page (wanted). `parts`:
    those made already (write_archive)."""
    if not wanted(site):
        return None
    return write_archive(site, root, epoch, pieces, parts)
