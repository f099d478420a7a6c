"""Every broken or hostile YAML file in tests/corpus/yaml/ gets the exact located message
written beside it in a .expected file — quickly, with bounded memory, and no traceback."""

from __future__ import annotations

import subprocess
import sys
import time
import tracemalloc
import unicodedata
from pathlib import Path

import pytest
import yaml

from nmikb.data import yamlsafe
from nmikb.data.yamlsafe import (
    _BAD_CHARACTER,
    _FORBIDDEN,
    MAX_BYTES,
    FastParser,
    PythonParser,
    load_bytes,
    load_file,
)

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).parent / "corpus" / "yaml"
CASES = sorted(CORPUS.glob("*.yaml"))
# Every file the real pipeline reads with the strict reader.
REAL_FILES = sorted(
    [
        *ROOT.glob("data/**/*.yaml"),
        *ROOT.glob("tests/fixtures/*/data/**/*.yaml"),
        *ROOT.glob("scripts/nmikb/edition/*.yaml"),
    ]
)
PARSERS = [pytest.param(PythonParser, id="python"), pytest.param(FastParser, id="libyaml")]


def snapshot(result) -> tuple:
    """Everything a reader of `Loaded` sees. repr, not ==, so that True and 1 differ."""
    return (
        repr(result.data),
        repr(result.where),
        repr(result.keys),
        [str(p) for p in result.problems],
    )


def test_corpus_is_not_empty():
    assert len(CASES) >= 30


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_bad_yaml_gets_its_exact_located_message(case: Path):
    expected = case.with_suffix(".expected").read_text(encoding="utf-8").strip()
    # Time and memory in two runs: tracing every allocation slows the reader several times over.
    started = time.perf_counter()
    load_file(case, f"data/{case.name}")
    elapsed = time.perf_counter() - started
    tracemalloc.start()
    result = load_file(case, f"data/{case.name}")
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
        f"data/huge.yaml:1:1: file is {MAX_BYTES + 4:,} bytes, more than "
        f"the limit of {MAX_BYTES:,} — split it or remove what does not "
        "belong in a fact file"
    ]


def test_plain_values_are_read_as_written():
    result = load_bytes(
        b"a: text\nb: 12\nc: true\nd: ~\ne: '2014'\nf: \"NO\"\ng: [x, y]\n", "f.yaml"
    )
    assert result.problems == []
    assert result.data == {
        "a": "text",
        "b": 12,
        "c": True,
        "d": None,
        "e": "2014",
        "f": "NO",
        "g": ["x", "y"],
    }


def test_every_value_knows_its_line_and_column():
    result = load_bytes(b"events:\n  - id: a\n    title:\n      en: x\n", "f.yaml")
    assert result.locate(("events", 0, "title", "en")) == (4, 11)
    assert result.locate(("events", 0, "title"), key=True) == (3, 5)
    # Unknown deeper paths fall back to the nearest known parent.
    assert result.locate(("events", 0, "nope", 3)) == (2, 5)


def test_libyaml_is_used_when_the_wheel_ships_it():
    assert (FastParser is not PythonParser) == yaml.__with_libyaml__


def test_real_files_list_is_complete():
    assert len(REAL_FILES) >= 12 and all(p.is_file() for p in REAL_FILES)


@pytest.mark.parametrize("parser", PARSERS)
@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_both_parsers_give_the_exact_located_message(case: Path, parser):
    expected = case.with_suffix(".expected").read_text(encoding="utf-8").strip()
    result = load_file(case, f"data/{case.name}", parser=parser)
    assert "\n".join(map(str, result.problems)) == expected


@pytest.mark.parametrize("case", CASES + REAL_FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_both_parsers_read_every_file_identically(case: Path):
    assert snapshot(load_file(case, parser=FastParser)) == snapshot(
        load_file(case, parser=PythonParser)
    )


@pytest.mark.parametrize("case", REAL_FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_real_files_load_cleanly(case: Path):
    result = load_file(case)
    assert result.problems == [] and isinstance(result.data, dict) and result.where and result.keys


def libyaml_raises(text: str) -> bool:
    parser = FastParser(text)
    try:
        while not isinstance(parser.get_event(), yaml.StreamEndEvent):
            pass
    except yaml.YAMLError:
        return True
    return False


# Broken files that libyaml reads without error (tabs inside text, `?` inside [...] or {...},
# a comment glued to `|`, a malformed tag): the reader must notice and let PyYAML report them.
LIBYAML_LENIENT = {
    "block-scalar-comment",
    "malformed-tag",
    "question-mark-in-list",
    "question-mark-in-mapping",
    "tab-in-text",
}


@pytest.mark.skipif(FastParser is PythonParser, reason="libyaml is not installed")
def test_libyaml_raises_on_broken_files_but_those_it_reads_leniently():
    for case in REAL_FILES:
        assert not libyaml_raises(case.read_text(encoding="utf-8")), case
    broken = {
        c.stem
        for c in CASES
        if ": YAML syntax: " in c.with_suffix(".expected").read_text(encoding="utf-8")
    }
    assert (
        broken
        == {
            "bad-indentation",
            "colon-in-text",
            "duplicate-then-broken",
            "tab-indent",
            "unclosed-quote",
            "quote-closed-lines-below",
            "text-after-closing-quote",
            "apostrophe-in-single-quotes",
        }
        | LIBYAML_LENIENT
    )
    for case in broken:
        assert libyaml_raises((CORPUS / f"{case}.yaml").read_text(encoding="utf-8")) == (
            case not in LIBYAML_LENIENT
        ), case


@pytest.mark.skipif(FastParser is PythonParser, reason="libyaml is not installed")
def test_libyaml_does_the_work_and_pure_python_reads_only_refused_files(monkeypatch):
    used = []
    build = yamlsafe._build
    monkeypatch.setattr(
        yamlsafe,
        "_build",
        lambda text, display, parser: used.append(parser) or build(text, display, parser),
    )
    for case in REAL_FILES:
        load_file(case)
    assert used == [FastParser] * len(REAL_FILES)
    used.clear()
    load_file(CORPUS / "duplicate-key.yaml")
    assert used == [FastParser, PythonParser]


def test_without_libyaml_the_pure_python_parser_is_used():
    """Installs built without libyaml have no yaml.cyaml; the reader must still import and work."""
    script = """
import sys
sys.modules["yaml._yaml"] = sys.modules["yaml.cyaml"] = None  # import fails as without libyaml
from pathlib import Path
from nmikb.data import yamlsafe
assert yamlsafe.FastParser is yamlsafe.PythonParser
print(yamlsafe.load_file(Path("tests/corpus/yaml/duplicate-key.yaml"),
"data/duplicate-key.yaml").problems[0])
print(sorted(yamlsafe.load_file(Path("data/scope.yaml")).data))
"""
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        (CORPUS / "duplicate-key.expected").read_text(encoding="utf-8").strip(),
        "['scope']",
    ]


# YAML that valid fact files may hold, in all its forms: both parsers must build the same values
# at the same places, line endings and non-ASCII text included.
VARIED = """\
# comment
plain: text with é, ’ and 😀 # a real comment
multi: a plain scalar
  that continues
single: 'it''s'
double: "tab\\t, quote \\" and \\u00e9"
literal: |
  line one
    indented 😀

  after a blank line
folded: >-
  folded
  text
keep: |+
  kept

empty:
nulls: [~, null, Null]
numbers: [0, -12, +3, 1_000]
booleans: [true, false]
flow: {a: 1, b: [x, 'y'], c: {d: "e"}}
list:
- at the key's indentation
-   - nested
    - list
- key: value
  other: value
'quoted key': 1
"2014": year as a key
"""


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
def test_both_parsers_read_varied_yaml_identically(newline: str):
    raw = VARIED.replace("\n", newline).encode("utf-8")
    fast, python = (
        load_bytes(raw, "f.yaml", parser=FastParser),
        load_bytes(raw, "f.yaml", parser=PythonParser),
    )
    assert python.problems == []
    assert snapshot(fast) == snapshot(python)
    assert (
        python.data["plain"] == "text with é, ’ and 😀"
        and python.data["multi"] == "a plain scalar that continues"
    )
    assert python.locate(("list", 1, 1)) == (26, 7)


def test_the_character_scan_refuses_exactly_invisible_and_control_characters():
    """The regex refuses what the rule says, over every code point: the forbidden invisible
    characters, category Cc but tab, line feed and carriage return, and U+2028/U+2029."""
    everything = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    rule = {
        ch
        for ch in everything
        if ch in _FORBIDDEN
        or ch in "\u2028\u2029"
        or (unicodedata.category(ch) == "Cc" and ch not in "\t\n\r")
    }
    assert set(_BAD_CHARACTER.findall(everything)) == rule


@pytest.mark.parametrize(
    "raw, expected",
    [
        (b"a: b\r\nc: d\x07", "f.yaml:2:5: control character U+0007 — delete it"),
        (b"\x0c", "f.yaml:1:1: control character U+000C — delete it"),
        (
            "a: x\n\n  b: é😀\u200dc\u202e".encode(),
            "f.yaml:3:8: invisible character U+200D (zero-width joiner) — delete "
            "it; it can hide or reorder text",
        ),
        ("a: b\nc: \u2028".encode(), "f.yaml:2:4: control character U+2028 — delete it"),
        ("a: \x85".encode(), "f.yaml:1:4: control character U+0085 — delete it"),
    ],
)
def test_the_first_bad_character_is_located_by_line_and_column(raw: bytes, expected: str):
    assert [str(p) for p in load_bytes(raw, "f.yaml").problems] == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n",
        " \t \n\n",
        "# c\n  # d\n",
        "#",
        "\u3000\u00a0\n",
        "\r\n#x\r\n",
        "\t#\r",
        "a",
        "\u3000a",
        "  #x\n b: 1",
        "# c\rkey: v",
        "# c\r\n key: v\r\n",
    ],
)
def test_a_file_is_empty_when_every_line_is_blank_or_a_comment(text: str):
    # The rule as first written, line by line: the regex must agree with it.
    empty = not any(
        line.strip() and not line.lstrip().startswith("#") for line in text.splitlines()
    )
    problems = [str(p) for p in load_bytes(text.encode(), "f.yaml", parser=PythonParser).problems]
    assert (problems == ["f.yaml:1:1: file is empty — add the data, or delete the file"]) == empty


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
@pytest.mark.parametrize("parser", PARSERS)
def test_a_comment_glued_to_text_is_found_whatever_the_line_endings(newline: str, parser):
    raw = "a: x\nb: Update #2 and more  \nc: y # a real comment\nd: z\n#e\n".replace(
        "\n", newline
    ).encode()
    assert [str(p) for p in load_bytes(raw, "f.yaml", parser=parser).problems] == [
        "f.yaml:2:4: b: text `Update` is followed by `#2 and more`, which "
        "YAML drops as a comment — put the whole text in quotes"
    ]
    clean = load_bytes(raw.replace(b"#2", b"# 2"), "f.yaml", parser=parser)
    assert clean.problems == [] and clean.data == {"a": "x", "b": "Update", "c": "y", "d": "z"}


# Where libyaml and PyYAML differ on valid YAML, the reader must still give PyYAML's result.
AGREEMENT = [
    "a: x\nb:",  # an empty value at the end of a text with no final line break
    "a:\n  b: 1\n  c:",
    "- x\n-",
    "a: {en: , fr: x}\n",  # empty values inside flow collections
    "a: {en: x, fr: \n  }\n",
    "a: [x, , y]\n",
    "a: [x: \n]\n",
    "a: {? , b: c}\n",
    "a: {? x\n}\n",
    "a: What?\nb: [x, ?y]\nc: '{x?}'\n",  # `?` outside flow, as a flow key indicator, quoted
    "a: |-\n  x\nb: >+2\n   y\n\nc: |2-\n   z\nd: > # folded\n  w\n",  # block scalar headers
    "a: |",
    "a: >-",
]


@pytest.mark.parametrize("text", AGREEMENT)
def test_where_libyaml_differs_the_result_is_pyyamls(text: str):
    raw = text.encode("utf-8")
    assert snapshot(load_bytes(raw, "f.yaml")) == snapshot(
        load_bytes(raw, "f.yaml", parser=PythonParser)
    )


def test_both_parsers_agree_on_a_grid_of_awkward_yaml():
    """Small pieces of YAML syntax in many places: the reader never depends on libyaml."""
    pieces = [
        "a",
        "?",
        ":",
        " ",
        "? b",
        ": b",
        "'q'",
        '"q"',
        " #",
        "#",
        "-",
        "- ",
        "!",
        "&",
        "*",
        ",",
        "\n",
        "\n  ",
        "[",
        "]",
        "{",
        "}",
        "|",
        "|#",
        ">-",
        "%",
        "@",
        "~",
        "é",
        "\t",
    ]
    templates = [
        "a:{}\nb: 1\n",
        "a:\n  - b:{}",
        "a: [x{}]\n",
        "a: {{k: x{}}}\n",
        "a: {{x{}: v}}\n",
        "a: x{}\n",
        "a{}: x\n",
        "a: |\n  x{}\n",
        "? x{}\n: v\n",
    ]
    differ = []
    for first in pieces:
        for second in pieces:
            for template in templates:
                raw = template.format(first + second).encode("utf-8")
                if snapshot(load_bytes(raw, "f.yaml")) != snapshot(
                    load_bytes(raw, "f.yaml", parser=PythonParser)
                ):
                    differ.append(raw)
    assert differ == []


@pytest.mark.parametrize(
    "value",
    [
        "true",
        "True",
        "false",
        "",
        "~",
        "null",
        "NULL",
        "12",
        "-3",
        "1_000",
        "yes",
        "NO",
        "on",
        "Off",
        "0755",
        "0x1F",
        "0b11",
        "1:20",
        "1.10",
        ".5",
        "1e3",
        ".inf",
        "-.Inf",
        ".NaN",
        "2023-02-30",
        "2023-01-01 10:00",
        "2023-1-1T1",
        "text",
        "Tuesday",
        "nothing",
        "on the move",
        "1.2.3",
        "+",
        "-",
        ".",
        "2023",
        "v1.10",
    ],
)
def test_one_regex_tells_text_from_what_the_checks_look_at(value: str):
    """_NOT_TEXT is the union of the six patterns the slow path tries one by one."""
    one_by_one = any(
        p.match(value)
        for p in (
            yamlsafe._BOOLEAN,
            yamlsafe._NULL,
            yamlsafe._INT,
            yamlsafe._BOOL_11,
            yamlsafe._NUMBER_11,
            yamlsafe._TIMESTAMP,
        )
    )
    assert bool(yamlsafe._NOT_TEXT.match(value)) == one_by_one
