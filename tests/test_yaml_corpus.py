"""Every broken or hostile YAML file in tests/corpus/yaml/ gets the exact located message
written beside it in a .expected file — quickly, with bounded memory, and no traceback."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest

from scripts.yamlsafe import MAX_BYTES, load_bytes, load_file

CORPUS = Path(__file__).parent / "corpus" / "yaml"
CASES = sorted(CORPUS.glob("*.yaml"))


def test_corpus_is_not_empty():
    assert len(CASES) >= 30


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_bad_yaml_gets_its_exact_located_message(case: Path):
    expected = case.with_suffix(".expected").read_text(encoding="utf-8").strip()
    tracemalloc.start()
    started = time.perf_counter()
    result = load_file(case, f"data/{case.name}")
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert "\n".join(map(str, result.problems)) == expected
    assert result.data is None or result.problems
    # Limits from the hardening issue: every bad input answered fast and small.
    assert elapsed < 2.0
    assert peak < 200 * 1024 * 1024


def test_oversized_file_is_refused_before_parsing():
    result = load_bytes(b"a: " + b"x" * (MAX_BYTES + 1), "data/huge.yaml")
    assert [str(p) for p in result.problems] == [
        f"data/huge.yaml:1:1: file is {MAX_BYTES + 4:,} bytes, more than the limit of {MAX_BYTES:,} — split it or remove what does not belong in a fact file"
    ]


def test_plain_values_are_read_as_written():
    result = load_bytes(b"a: text\nb: 12\nc: true\nd: ~\ne: '2014'\nf: \"NO\"\ng: [x, y]\n", "f.yaml")
    assert result.problems == []
    assert result.data == {"a": "text", "b": 12, "c": True, "d": None, "e": "2014", "f": "NO", "g": ["x", "y"]}


def test_every_value_knows_its_line_and_column():
    result = load_bytes(b"events:\n  - id: a\n    title:\n      en: x\n", "f.yaml")
    assert result.locate(("events", 0, "title", "en")) == (4, 11)
    assert result.locate(("events", 0, "title"), key=True) == (3, 5)
    # Unknown deeper paths fall back to the nearest known parent.
    assert result.locate(("events", 0, "nope", 3)) == (2, 5)
