"""Data files as the last command read them, remembered on disk (`.build/kept/read/`) so that the
next `make validate`, `make site` or `make serve` reads and validates again only the files whose
bytes changed: at 10,000 events, parsing and validating every file is most of what `make
validate` costs, and an edit changes one file.

A file's answer (what it holds, where each value is, its problems, its validated record) is kept
under the digest of its bytes and its path, and reused only for the same bytes at the same path,
read by the same code: each shard holds the VERSION of the code that wrote it, a digest of the
code that reads a file (nmikb/data/ and nmikb/knowledge/), of the YAML library's and libyaml's
versions, pydantic's and Python's; any other, and nothing of it is reused.
A stored source's text split into sentences is kept too, under the digest of the text and its
body's marks: splitting the long texts of 200 sources was a fifth of `make validate` at 10,000
events. The checks that span files always run on the whole knowledge base.

The answers are spread over SHARDS files by the file's path, so that an edit rewrites one small
file, not all of them, and the texts over TEXT_SHARDS more. When many shards are to be written (a
first command on a checkout), a copy of the process writes the files' shards while this one checks
the knowledge base and splits the texts (Remembered.save_ahead). Each is a pickle, written by this
code into the project's own build folder and read by nothing else (CI restores it only from the
same repository's earlier runs).
Remembering is a help, never a condition: a shard that cannot be read or written is ignored
(read only, full disk, another command writing it at the same time), and the files are read.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from pathlib import Path

import pydantic
import pydantic_core
import yaml

from nmikb.data.quotes import SourceText
from nmikb.system.forked import Forked
from nmikb.system.interrupts import held

FOLDER = Path(".build") / "kept" / "read"  # in the project
SHARDS = 64
TEXT_SHARDS = 8
_TEXT = "text:"  # what a split text's name starts with (Remembered.split_text)
# A save that writes this many shards or more is written by a copy of the process while this
# process goes on (Remembered.save_ahead).
AHEAD_FROM = 16
_CODE = ("data", "knowledge")  # the subpackages of nmikb whose code decides a file's answer


def _version() -> str:
    package = Path(__file__).resolve().parents[1]
    # The C library's own version, when PyYAML was built with it (its parser is used then).
    libyaml = yaml._yaml.get_version_string() if yaml.__with_libyaml__ else ""
    h = hashlib.sha256(
        f"{sys.version}\0{yaml.__version__}\0{libyaml}\0"
        f"{pydantic.VERSION}\0{pydantic_core.__version__}\0".encode()
    )
    for path in sorted(p for name in _CODE for p in (package / name).rglob("*.py")):
        h.update(path.relative_to(package).as_posix().encode() + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


# Worked out once, when the code is imported: the version of the code this process runs. `make
# serve` runs for hours while its code may be edited on disk, and what it reads is what its own
# code makes of a file, whatever the files on disk say now.
VERSION = _version()


# The texts the last read of this process used, split or read back, by digest: `make serve`
# reads the knowledge base again at each save, and reading the shards to find the texts again
# was a fifth of a reload's reading at 10,000 events (they hold every file's answer). The same
# text and marks, the same split. Each read that used texts keeps only those (Remembered.save):
# an edited text's earlier split does not pile up.
_SPLIT: dict[str, SourceText] = {}


def _shard_of(display: str) -> int:
    n = hashlib.blake2b(display.encode("utf-8"), digest_size=2).digest()[0]
    # The texts have shards of their own: a copy may write the files' shards while this process
    # is still splitting texts (Remembered.save_ahead).
    return SHARDS + n % TEXT_SHARDS if display.startswith(_TEXT) else n % SHARDS


class Remembered:
    """The answers of an earlier read of a project's data files, by file and digest."""

    def __init__(self, root: Path, fresh: bool = False) -> None:
        """`fresh` (a clean build): nothing remembered is read, and every shard is written anew
        with what this read found, so that the next command reads only what changes."""
        self.folder = Path(root) / FOLDER
        self.version = VERSION
        every = range(SHARDS + TEXT_SHARDS)
        self._shards: dict[int, dict] = {n: {} for n in every} if fresh else {}
        self._changed: set[int] = set(every) if fresh else set()
        self._seen: set[str] = set()
        self._texts: dict[str, tuple[str, SourceText]] = {}  # the texts this read used, by name
        self._copy: Forked | None = None  # writing the files' shards (save_ahead)
        self._ahead: list[int] = []  # the shards it writes

    def _shard(self, n: int) -> dict:
        shard = self._shards.get(n)
        if shard is None:
            shard = {}
            try:
                with open(self.folder / f"{n:02d}.pickle", "rb") as f:
                    version, loaded = pickle.load(f)
                # Each shard says which code wrote it: another command, run by other code (a
                # `make serve` started before an edit of the code), may have written it last.
                if version == self.version and isinstance(loaded, dict):
                    shard = loaded
            except Exception:  # noqa: BLE001 - missing, cut short or another shape: read the files
                shard = {}
            self._shards[n] = shard
        return shard

    def get(self, display: str, digest: str):
        """The answer kept for the file `display` with these bytes, or None."""
        self._seen.add(display)
        entry = self._shard(_shard_of(display)).get(display)
        if entry is not None and entry[0] == digest:
            return entry[1]
        return None

    def still(self, display: str) -> None:
        """The file is there, unchanged since the caller's own cache read it (`make serve`):
        kept when its shard is written, without reading the shard."""
        self._seen.add(display)

    def split_text(self, raw: str, body_start: str | None, body_end: str | None) -> SourceText:
        """A stored source's text split into sentences (KnowledgeBase.split_text), as an earlier
        command split the same text with the same body marks, or split now and remembered."""
        marks = f"{body_start}\0{body_end}" if body_start is not None else ""
        digest = hashlib.blake2b(f"{raw}\0{marks}".encode(), digest_size=16).hexdigest()
        display = f"{_TEXT}{digest}"  # the same text under any file name is split the same way
        kept = _SPLIT.get(digest)
        if kept is not None:  # split by this process already (`make serve`, an earlier save)
            self.still(display)
        else:
            kept = self.get(display, digest)
            if not isinstance(kept, SourceText):
                kept = SourceText(raw, body_start, body_end)
                self.put(display, digest, kept)
            _SPLIT[digest] = kept
        self._texts[display] = (digest, kept)
        return kept

    def put(self, display: str, digest: str, answer) -> None:
        n = _shard_of(display)
        self._shard(n)[display] = (digest, answer)
        self._changed.add(n)

    def save_ahead(self) -> None:
        """Once every data file is read, before the texts are split: the files' shards that
        changed written by a copy of this process while this one checks the knowledge base, when
        there are many (a first command on a checkout: pickling 34 MB of answers took 0.5 s at
        10,000 events). save() waits for it, or writes them itself if the copy failed."""
        files = sorted(n for n in self._changed if n < SHARDS)
        if len(files) < AHEAD_FROM or self._copy is not None or not self._seen:
            return  # few, or nothing read (no data files: save() writes nothing)
        try:
            with held():  # started and recorded in one step: save() waits for it
                self._copy = Forked(self._write, files)
                self._changed.difference_update(files)
                self._ahead = files
        except OSError:  # no process to be had: save() writes them
            return

    def save(self) -> None:
        """Write the shards that changed, each without the files this read did not see (removed
        or renamed), as new files renamed over the old. A text this read used is written with
        its shard whatever the shard on disk held: found in this process (_SPLIT), it was not
        looked for there."""
        if self._texts:
            used = {digest for digest, _ in self._texts.values()}
            for digest in [d for d in _SPLIT if d not in used]:
                del _SPLIT[digest]
        if self._copy is not None:
            copy, self._copy = self._copy, None
            pid = (copy.process.pid if copy.process is not None else None) or os.getpid()
            written = False
            try:
                written = copy.result() is True
            except Exception:  # noqa: BLE001 - it stopped or failed: its shards are written here
                pass
            finally:
                # Also when a signal stops the wait (Ctrl+C): the copy is stopped, and what it was
                # writing when it stopped (killed, it cannot remove its own new files) removed.
                with held():
                    copy.stop()
                    if not written:
                        self._changed.update(self._ahead)
                        for n in self._ahead:
                            _new_file(self.folder / f"{n:02d}.pickle", pid).unlink(missing_ok=True)
        if not self._changed or not self._seen:
            return  # nothing changed, or nothing read (no data folder here): nothing to write
        self._write(sorted(self._changed))
        self._changed.clear()

    def _write(self, shards: list[int]) -> bool:
        """Write these shards; whether they all were."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            for n in shards:
                shard = {k: v for k, v in self._shards[n].items() if k in self._seen}
                for display, entry in self._texts.items():
                    if _shard_of(display) == n:
                        shard.setdefault(display, entry)
                data = pickle.dumps((self.version, shard), protocol=5)
                _write_new(self.folder / f"{n:02d}.pickle", data)
        except Exception:  # noqa: BLE001 - a help, not a condition: the next command reads the files
            return False
        return True


def _new_file(path: Path, pid: int) -> Path:
    """Where the process `pid` writes `path` anew before renaming it over `path`."""
    return path.with_name(f".{path.name}.{pid}.new")


def _write_new(path: Path, data: bytes) -> None:
    tmp = _new_file(path, os.getpid())
    try:
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
