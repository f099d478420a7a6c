"""The words of each edition, read once from the two files beside this module and typeset for
their language: labels.yaml (the pages' words) and share.yaml (the Cite panel, the Data page,
the exports and the archive)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from nmikb.data.yamlsafe import load_file

from .typography import typeset

HERE = Path(__file__).parent


def _read(name: str, lang: str) -> dict:
    loaded = load_file(HERE / name)
    if loaded.problems:  # a developer's file, but report it like data
        raise ValueError("\n".join(map(str, loaded.problems)))
    assert loaded.data is not None  # a file read without problems holds a mapping
    return typeset(loaded.data[lang], lang)


@cache
def labels(lang: str) -> dict:
    """The pages' words (labels.yaml)."""
    return _read("labels.yaml", lang)


@cache
def share_labels(lang: str) -> dict:
    """The words of the Cite panel, the Data page, the exports and the archive (share.yaml)."""
    return _read("share.yaml", lang)
