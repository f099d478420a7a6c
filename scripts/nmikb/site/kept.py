"""What a build keeps for the next one (`.build/kept/` in the project), so that a build after a
small change redoes only what that change touches.

    .build/kept/
      VERSION             the code version it was made by (code_version): any other version,
                          and it is thrown away whole before anything is built
      edition-<lang>.json what each edition's tree was written from, and which of its files
                          MkDocs has not rendered since they changed (reuse.py)
      edition-<lang>.search-entries each page's entries of the search index its last render
                          wrote, as bytes (mkdocs_run.py: a partial render's index is put
                          together from them)
      trees/<lang>/       each edition's Markdown tree (tree.py)
      rendered/<e>/       each edition as MkDocs made it (mkdocs_run.py)
      pieces-<lang>/      what each record adds to the edition's exports that hold them all (its
                          JSON in kb.json, an event's row, calendar entry, slide and feed entry),
                          by the digest of its data file and of the rest of the data
                          (nmikb/exports/pieces.py, tree.py), in shards by record (NN.marshal:
                          Python's own format, build.py)
      finish-<lang>.json  which rendered files each edition was finished from (finish.py)
      site/               the finished site, both editions, and the archive
      archive/            the archive's compressed pieces (KEY-LENGTH.gz), and what each big
                          file of each part was cut into (big-files-<part>.json, archive.py)
      search-<lang>.json  the search index each edition's shards were made from (finish.py)
      jinja/              the theme's templates as MkDocs compiled them (mkdocs_run.py)
      jinja-pages/        the pages' templates as compiled (nmikb/pages/render.py)
      read/               the data files as last read and validated, by their bytes' digest
                          (nmikb/knowledge/remembered.py: a version of its own, so a code
                          change elsewhere keeps it; a build from nothing reads every file
                          again and writes it anew)
      spare-site/         the site the last build replaced, to stage the next one in; after a
                          build that kept nothing, links to the site it kept (build.py)

Every stage records, before it changes a folder, that what the folder holds is not known (or
which of its files are about to change), and only once it succeeded, what it holds: a build
that fails or is interrupted at any point leaves the next one a state that says what to redo.
Files of site/ are never written in place (a new file is renamed over the old), since the
published site holds links to them (build.py): what a reader has is never changed under them.

`make clean` throws it all away. `nmi-kb site --clean` (`make site CLEAN=1`) throws away all but
read/, which its validation has just read anew and written back (it uses nothing remembered).
"""

from __future__ import annotations

import fcntl
import hashlib
import importlib.metadata
import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

FOLDER = Path(".build") / "kept"  # in the project
# The code a site is made by: the package, its templates and the theme's overrides (all of
# scripts/), and the editions' configurations.
CODE = ("scripts",)
CONFIGS = ("mkdocs.yml", "mkdocs.fr.yml")


def code_version(root: Path, engine: str) -> str:
    """A digest of everything but the data that decides a build's bytes: the code under scripts/,
    the MkDocs configurations, every installed package's version, Python's, and the engine."""
    root = Path(root)
    h = hashlib.sha256(f"{sys.version}\0{engine}\0".encode())
    for dist in sorted(
        f"{d.metadata['Name']}=={d.version}" for d in importlib.metadata.distributions()
    ):
        h.update(dist.encode() + b"\0")
    paths = [p for name in CODE for p in (root / name).rglob("*")] + [root / c for c in CONFIGS]
    for path in sorted(p for p in paths if p.is_file() and "__pycache__" not in p.parts):
        h.update(path.relative_to(root).as_posix().encode() + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


class Kept:
    """The kept build of one project, opened for one build (a lock keeps two builds apart)."""

    def __init__(self, root: Path, version: str, clean: bool = False) -> None:
        self.folder = Path(root) / FOLDER
        self.version = version
        self.clean = clean
        self.renewed = True  # until _load finds a kept build of this version

    @contextmanager
    def opened(self) -> Iterator[Kept]:
        self.folder.mkdir(parents=True, exist_ok=True)
        with open(self.folder.parent / "kept.lock", "w") as lock:
            # Another build of the same project waits here: both would write the same folders.
            fcntl.flock(lock, fcntl.LOCK_EX)
            self._load()
            yield self

    def _load(self) -> None:
        stamp = self.folder / "VERSION"
        try:
            same = not self.clean and stamp.read_text(encoding="utf-8") == self.version
        except OSError:  # none yet
            same = False
        # Nothing kept was of this version: every file this build makes is new.
        self.renewed = not same
        if not same:
            for entry in list(self.folder.iterdir()):
                if entry.name == "read":
                    # The data files as read, with a version of their own (remembered.py), which
                    # a code change elsewhere leaves valid; a clean build's validation read them
                    # all again, using nothing remembered, and wrote what it found there.
                    continue
                if entry.is_dir() and not entry.is_symlink():
                    shutil.rmtree(entry)
                else:
                    entry.unlink()
            write_new(stamp, self.version.encode("utf-8"))

    def path(self, *parts: str) -> Path:
        return self.folder.joinpath(*parts)


def write_new(path: Path, data: bytes) -> None:
    """Write `data` to `path` as a new file renamed over the old one: whoever holds the old one
    (a link from a published site, a reader) keeps it as it was, and no one sees half a file."""
    tmp = path.with_name(f".{path.name}.new")
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)
