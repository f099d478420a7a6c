"""Edits of data files in a copy of the project, located by structure rather than by text, so
that a test of the real data edits whatever the data says (and however its file is laid out)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import yaml

from nmikb.data.yamlsafe import load_file


def rewrite(path: Path, change: Callable[[dict], None], display: str | None = None) -> None:
    """Read a data file as the build reads it (strictly), let `change` edit it, and write it
    back with PyYAML: its leading comments are kept, the rest may change its layout, as an
    editor's save may."""
    data = load_file(path, display or path.name).data
    change(data)
    text = path.read_text(encoding="utf-8")
    header = 0
    for line in text.splitlines(keepends=True):
        if not line.startswith("#"):
            break
        header += len(line)
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1 << 20)
    path.write_text(text[:header] + body, encoding="utf-8")


def set_text(path: Path, field: str, lang: str, value: str) -> None:
    """Give a record's text field (`title`, `name`…) a new value in one language."""

    def change(data: dict) -> None:
        data[field][lang] = value

    rewrite(path, change)


def position(text: str, needle: str) -> tuple[int, int]:
    """Line and column (from 1) of the first occurrence of `needle` in `text`."""
    index = text.index(needle)
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1
