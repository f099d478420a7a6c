"""Load every data file, validate it against the models, and report every problem at once."""

from __future__ import annotations

import difflib
import functools
import gc
import hashlib
import os
import types
import typing
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from nmikb.data.models import REPLACED_BY, RETIRED_FIELDS, ScopeFile, SiteFile
from nmikb.data.problems import Problem, ProblemsFound, field_path
from nmikb.data.registry import (
    DATA_DIR,
    ENTITY,
    EVENT,
    KIND_BY_FOLDER,
    KINDS,
    SCHEMA_DIR,
    SINGLE_FILES,
    SOURCE,
    TERM,
    Record,
    RecordKind,
)
from nmikb.data.yamlsafe import Loaded, load_bytes, load_file
from nmikb.system.forked import Forked
from nmikb.system.interrupts import held

from . import checks
from .base import KnowledgeBase
from .remembered import Remembered

_Model = TypeVar("_Model", bound=BaseModel)


def load_knowledge_base(
    root: Path,
    cache: dict | None = None,
    drafts: bool = True,
    remember: bool = False,
    lasting: bool = False,
    fresh: bool = False,
) -> KnowledgeBase:
    """The validated knowledge base of the project at `root`, or ProblemsFound listing all problems.

    With `cache` (a dict the caller keeps, as `make serve` does between saves), a file whose size
    and modification time are unchanged is not read and validated again; with `remember` (the
    commands an editor runs on the project: validate, site, serve), a file whose bytes are those an
    earlier command read is not parsed and validated again either (remembered.py); with `fresh` as
    well (a clean build), every file is read and what is read is remembered. The rules that span
    files always run on the whole knowledge base. When many files are to be read (a first command on
    a checkout), a copy of the process reads part of them (_read_all). With `drafts` (previews:
    `make serve`, `make new-…`), the placeholders a skeleton leaves ("TODO: …") pass; without
    (`validate`, `site`), each is a problem. With `lasting` (a command that keeps the knowledge base
    to its end: validate, site), what reading made is left out of the cycle collector's scans for
    good (gc.freeze): otherwise its first scan after reading goes over every object made (0.8 s at
    10,000 events), to free nothing. `make serve` reads again and again: it freezes each save's
    objects itself, and has the collector go over them again from time to time (serve/preview.py,
    _uncollected).
    """
    # Reading makes many objects that all live on, and Python's cycle collector would scan them
    # again and again as they pile up: a third of the time at 10,000 events, to free nothing
    # (what reading discards is freed as soon as it is dropped). It runs again afterwards.
    collecting = gc.isenabled()
    gc.disable()
    disk = Remembered(root, fresh) if remember else None
    try:
        return _load_knowledge_base(root, cache, drafts, disk)
    finally:
        if disk is not None:
            disk.save()  # what was read, valid or not: the next command reads only what changed
        if collecting:
            if lasting:
                gc.freeze()
            gc.enable()


def _load_knowledge_base(
    root: Path, cache: dict | None, drafts: bool, disk: Remembered | None
) -> KnowledgeBase:
    cache = {} if cache is None else cache
    root = Path(root)
    data_dir = root / DATA_DIR
    if not data_dir.is_dir():
        raise ProblemsFound(
            [
                Problem(
                    f"{DATA_DIR}/",
                    1,
                    1,
                    "",
                    f"no `{DATA_DIR}` folder in {root}",
                    "run the command from the project folder, or give it with --root",
                )
            ]
        )
    problems: list[Problem] = _stray_entries(data_dir)
    # Every file read first, each as the kind its place says, then taken in order below.
    entries = {kind.folder: _entries(data_dir / kind.folder) for kind in KINDS}
    files: list[tuple[Path, str, _Reader]] = [
        (data_dir / name, f"{DATA_DIR}/{name}", functools.partial(_read, model=model))
        for name, model in SINGLE_FILES.items()
    ] + [
        (path, f"{DATA_DIR}/{kind.folder}/{path.name}", functools.partial(_read_record, kind=kind))
        for kind in KINDS
        for path in entries[kind.folder]
        if _record_file(path)
    ]
    answers = _answers(files, cache, disk)
    if disk is not None and _cores() >= 2:  # with one core, a copy would only wait its turn
        disk.save_ahead()
    loaded: dict[str, Loaded] = {}
    singles: dict[str, BaseModel] = {}
    for name in SINGLE_FILES:
        result, single, found = answers[f"{DATA_DIR}/{name}"]
        loaded[result.path] = result
        problems.extend(found)
        if single is not None:
            singles[name] = single
    records: dict[str, list] = {}
    for kind in KINDS:
        records[kind.folder] = _load_records(entries[kind.folder], kind, answers, loaded, problems)
    if problems:
        raise ProblemsFound(problems)
    site_file, scope_file = singles["site.yaml"], singles["scope.yaml"]
    # Each was validated against its model in SINGLE_FILES, and no problem means both are here.
    assert isinstance(site_file, SiteFile) and isinstance(scope_file, ScopeFile)
    kb = KnowledgeBase(
        root=root,
        site=site_file.site,
        scope=scope_file.scope,
        sources=records[SOURCE.folder],
        entities=records[ENTITY.folder],
        events=records[EVENT.folder],
        glossary=records[TERM.folder],
        loaded=loaded,
    )
    if disk is not None:
        kb.split_text = disk.split_text
    problems = checks.check(kb) + ([] if drafts else checks.placeholders(kb))
    if any(p.level == "error" for p in problems):
        raise ProblemsFound(problems)
    kb.warnings = sorted(problems)
    return kb


def _stray_entries(data_dir: Path) -> list[Problem]:
    """Anything in data/ that is neither a single-record file, a kind's folder, nor the schemas."""
    expected = set(SINGLE_FILES) | set(KIND_BY_FOLDER) | {Path(SCHEMA_DIR).name}
    folders = ", ".join(f"{DATA_DIR}/{k.folder}/" for k in KINDS)
    out = []
    for entry in sorted(data_dir.iterdir()):
        if entry.name in expected or entry.name.startswith("."):
            continue
        display = f"{DATA_DIR}/{entry.name}" + ("/" if entry.is_dir() else "")
        if entry.is_dir():
            out.append(
                Problem(
                    display,
                    1,
                    1,
                    "",
                    "this folder is not part of the knowledge base",
                    f"records go one per file in {folders}",
                )
            )
        else:
            out.append(
                Problem(
                    display,
                    1,
                    1,
                    "",
                    "this file is not part of the knowledge base",
                    f"records go one per file in {folders}; "
                    f"the site's texts in {DATA_DIR}/site.yaml",
                )
            )
    return out


# Reading the files is half of a first `make validate` at 10,000 events (parsing YAML with every
# value's place, then validating): with this many files to read, a copy of the process reads part
# of them on the other core meanwhile and sends back its answers (at 10,000 events, 3.3 s of
# reading became 2.2-2.7 s: the answers are pickled there and unpickled here, which costs about
# half of what reading them does). Below it, the copy would cost more than it saves.
READ_AHEAD_FROM = 1000
# The share of those files this process reads itself: the copy also pickles its answers, and
# sending them waits until this process has read its own.
OWN_SHARE = 0.6

# A file's reader: (path, display, its bytes, None if they could not be read) -> its answer.
_Reader = typing.Callable[[Path, str, bytes | None], tuple]


def _answers(
    files: list[tuple[Path, str, _Reader]], cache: dict, disk: Remembered | None
) -> dict[str, tuple]:
    """Each file's answer by its display path: read(path, display, bytes), or its earlier answer
    if the file has not changed since: in `cache` if its size and modification time are the
    same, on `disk` if its bytes are."""
    answers: dict[str, tuple] = {}
    unread = []
    for path, display, read in files:
        try:
            info = path.stat()
            stamp = (info.st_mtime_ns, info.st_size)
        except OSError:
            stamp = None  # missing: read() says so
        hit = cache.get(display)
        if stamp is not None and hit is not None and hit[0] == stamp:
            if disk is not None:
                disk.still(display)
            answers[display] = hit[1]
            continue
        try:
            raw: bytes | None = path.read_bytes()
        except OSError:
            raw = None  # read() says why
        if disk is not None and raw is not None:
            answer = disk.get(display, hashlib.blake2b(raw, digest_size=16).hexdigest())
            if answer is not None:
                answers[display] = answer
                cache[display] = (stamp, answer)
                continue
        unread.append((path, display, read, raw, stamp))
    for (_, display, _, _, stamp), answer in zip(unread, _read_all(unread), strict=True):
        if disk is not None and answer[0].digest:
            disk.put(display, answer[0].digest, answer)
        answers[display] = answer
        cache[display] = (stamp, answer)
    return answers


def _read_all(unread: list) -> list[tuple]:
    """The answers of the files in `unread`, in order: part of them read by a copy of this
    process when there are many (READ_AHEAD_FROM). The copy is a help, never a condition: if it
    fails, this process reads its files too."""
    if len(unread) < READ_AHEAD_FROM or _cores() < 2:
        return _read_each(unread)
    own = int(len(unread) * OWN_SHARE)
    try:
        # Started and recorded in one step: a signal waits until `finally` can stop the copy.
        with held():
            copy = Forked(_read_each, unread[own:])
    except OSError:  # no process or pipe to be had (limits, memory): read them all here
        return _read_each(unread)
    try:
        answers = _read_each(unread[:own])
        try:
            theirs = copy.result()
        except Exception:  # noqa: BLE001 - it stopped or failed: read its files here
            theirs = _read_each(unread[own:])
    finally:
        with held():  # a signal now waits for the copy to be stopped
            copy.stop()
    return answers + theirs


def _cores() -> int:
    """The cores this process may run on (a container's share, where the system says it)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _read_each(unread: list) -> list[tuple]:
    return [read(path, display, raw) for path, display, read, raw, _ in unread]


def _read(
    path: Path, display: str, raw: bytes | None, model: type[_Model]
) -> tuple[Loaded, _Model | None, list[Problem]]:
    """One file read strictly and validated against `model`: (loaded, the model or None,
    problems). `raw`: the file's bytes, None if they could not be read (load_file says why)."""
    result = load_file(path, display) if raw is None else load_bytes(raw, display)
    if result.data is None:
        return result, None, list(result.problems)
    try:
        return result, model.model_validate(result.data), list(result.problems)
    except ValidationError as err:
        return result, None, list(result.problems) + _problems_from(err, result, model)


def _read_record(
    path: Path, display: str, raw: bytes | None, kind: RecordKind
) -> tuple[Loaded, Record | None, list[Problem]]:
    result, record, problems = _read(path, display, raw, kind.model)
    if record is None and result.data is not None:
        # Valid as another kind: the file is in the wrong folder, and that is the one problem.
        problems = _misplaced(result, kind) or problems
    elif record is not None and record.id != path.stem:
        line, col = result.locate(("id",))
        problems.append(
            Problem(
                display,
                line,
                col,
                "id",
                f"id `{record.id}` does not match the file name `{path.name}`",
                f"rename the file to {record.id}.yaml, or change the id to `{path.stem}`",
            )
        )
        record = None
    return result, record, problems


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.iterdir(), key=lambda p: p.name) if folder.is_dir() else []


def _record_file(path: Path) -> bool:
    """Whether `path`, in a kind's folder, is read as a record (_load_records says why not)."""
    return not path.name.startswith(".") and path.suffix == ".yaml" and not path.is_dir()


def _load_records(
    entries: list[Path],
    kind: RecordKind,
    answers: dict[str, tuple],
    loaded: dict[str, Loaded],
    problems: list[Problem],
) -> list:
    """Every record of one kind, in file-name order; problems are added to `problems`."""
    display_dir = f"{DATA_DIR}/{kind.folder}/"
    out = []
    for path in entries:
        display = display_dir + path.name
        if display in answers:  # a record file (_record_file), read
            result, record, found = answers[display]
            loaded[display] = result
            problems.extend(found)
            if record is not None:
                out.append(record)
            continue
        if path.name.startswith("."):
            continue
        if path.is_dir():
            problems.append(
                Problem(
                    display + "/",
                    1,
                    1,
                    "",
                    "a folder inside a record folder",
                    f"put each {kind.name} directly in {display_dir}",
                )
            )
            continue
        if path.suffix != ".yaml":
            fix = (
                f"rename it to {path.stem}.yaml"
                if path.suffix == ".yml"
                else f"only {kind.name} records (`<id>.yaml`) belong in {display_dir}"
            )
            problems.append(Problem(display, 1, 1, "", "not a `.yaml` file", fix))
    if not out and not any(p.path.startswith(display_dir) for p in problems):
        problems.append(
            Problem(
                display_dir,
                1,
                1,
                "",
                f"no {kind.name} records",
                f"add at least one file {display_dir}<id>.yaml"
                + (
                    f", e.g. with `make new-{kind.name} ID=my-{kind.name}`"
                    if kind.name in ("event", "entity", "term")
                    else ""
                ),
            )
        )
    return out


def _misplaced(result: Loaded, kind: RecordKind) -> list[Problem]:
    """A record that is valid as another kind was put in the wrong folder: say that, once."""
    for other in KINDS:
        if other is kind:
            continue
        try:
            other.model.model_validate(result.data)
        except ValidationError:
            continue
        return [
            Problem(
                result.path,
                1,
                1,
                "",
                f"this is {_article(other.name)} {other.name}, "
                f"not {_article(kind.name)} {kind.name}",
                f"move it to {DATA_DIR}/{other.folder}/",
            )
        ]
    return []


def _article(word: str) -> str:
    return "an" if word[0] in "aeiou" else "a"


def _problems_from(err: ValidationError, loaded: Loaded, model: type[BaseModel]) -> list[Problem]:
    out = []
    errors = err.errors(include_url=False)
    for e in errors:
        # A field that takes several forms (text, a mapping, a list) names the form in its
        # location ("<long>"): the editor's file has no such key.
        e["loc"] = tuple(p for p in e["loc"] if not (isinstance(p, str) and p.startswith("<")))
    # A misspelt field is reported once, as "did you mean", not also as a missing field; a
    # retired one as what replaces it.
    misspelt: set[tuple[int | str, ...]] = set()
    for e in errors:
        if e["type"] == "extra_forbidden" and e["loc"][-1] in REPLACED_BY:
            misspelt.add(tuple(e["loc"][:-1]) + (REPLACED_BY[e["loc"][-1]],))
        elif e["type"] == "extra_forbidden":
            loc = tuple(e["loc"])
            guess = difflib.get_close_matches(str(loc[-1]), _fields_at(model, loc[:-1]), n=1)
            misspelt.update((loc[:-1] + (g,)) for g in guess)
    for e in errors:
        loc = tuple(e["loc"])
        kind = e["type"]
        ctx = e.get("ctx") or {}
        value = e.get("input")
        if kind == "extra_forbidden" and loc[-1] in RETIRED_FIELDS:
            line, col = loaded.locate(loc, key=True)
            message = f"`{loc[-1]}` is no longer used"
            out.append(
                Problem(loaded.path, line, col, field_path(loc), message, RETIRED_FIELDS[loc[-1]])
            )
            continue
        if kind == "extra_forbidden":
            line, col = loaded.locate(loc, key=True)
            allowed = _fields_at(model, loc[:-1])
            guess = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
            fix = (
                f"did you mean `{guess[0]}`?" if guess else f"allowed fields: {', '.join(allowed)}"
            )
            out.append(
                Problem(loaded.path, line, col, field_path(loc), f"unknown field `{loc[-1]}`", fix)
            )
            continue
        if kind == "missing" and loc in misspelt:
            continue
        line, col = loaded.locate(loc)
        if kind == "missing":
            name = loc[-1]
            message, fix = f"required field `{name}` is missing", f"add `{name}:` here"
            loc = loc[:-1] if loc else loc
            line, col = loaded.locate(loc)
            out.append(Problem(loaded.path, line, col, field_path(loc + (name,)), message, fix))
            continue
        message, fix = _describe(kind, e["msg"], ctx, value)
        out.append(Problem(loaded.path, line, col, field_path(loc), message, fix))
    return out


def _describe(kind: str, msg: str, ctx: dict, value) -> tuple[str, str]:
    """A sentence for the editor, and what to do, for each kind of pydantic error."""
    shown = _show(value)
    if "fix" in ctx:  # our own validators carry their fix
        return msg, ctx["fix"]
    if kind == "string_type":
        return f"expected text, got {shown}", f'put it in quotes: "{value}"' if isinstance(
            value, (int, float, bool)
        ) else "write text here"
    if kind == "literal_error":
        return f"{shown} is not allowed", f"use one of: {ctx.get('expected', '')}"
    if kind in ("list_type", "tuple_type"):
        return f"expected a list, got {shown}", "write a list, one `- item` per line"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return (
            f"expected a mapping of fields, got {shown}",
            "write `field: value` lines, indented under this key",
        )
    if kind == "too_short":
        return "must not be empty", "add at least one entry"
    if kind == "string_too_long":
        return f"text is longer than {ctx.get('max_length')} characters", "shorten it"
    if kind == "string_pattern_mismatch":
        return f"{shown} does not have the expected form", f"match the pattern {ctx.get('pattern')}"
    return msg, "see CONTRIBUTING.md for the expected form"


def _show(value) -> str:
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"`{value[:60]}`"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if value is None:
        return "nothing"
    return type(value).__name__


def _fields_at(model: type, loc: tuple) -> list[str]:
    """Names of the fields allowed at `loc` inside `model`, for "did you mean" suggestions. Where
    a field takes several forms (text, or a mapping, or a list), every mapping form is tried."""
    current: list = [model]  # the annotations the value at this point may have
    for part in loc:
        found: list = []
        for annotation in _forms(current):
            if isinstance(part, int):
                if typing.get_origin(annotation) is list:
                    found.append(typing.get_args(annotation)[0])
            elif typing.get_origin(annotation) is dict:
                found.append(typing.get_args(annotation)[1])
            elif (
                isinstance(annotation, type)
                and issubclass(annotation, BaseModel)
                and part in annotation.model_fields
            ):
                found.append(annotation.model_fields[part].annotation)
        current = found
    names: list[str] = []
    for annotation in _forms(current):
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            names += [n for n in annotation.model_fields if n not in names]
    return names


def _forms(annotations: list) -> list:
    """Each annotation with Annotated[…] and unions opened: the forms a value may take."""
    out = []
    for annotation in annotations:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            out += _forms([typing.get_args(annotation)[0]])
        elif origin in (typing.Union, types.UnionType):
            out += _forms([a for a in typing.get_args(annotation) if a is not type(None)])
        else:
            out.append(annotation)
    return out
