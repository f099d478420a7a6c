"""Read YAML fact files strictly: plain data only, every value with its line and column.

PyYAML's `safe_load` is not strict enough for files edited by strangers: it keeps the last of
duplicate keys, turns `NO` into false and `1.10` into 1.1, follows aliases (the "billion laughs"
bomb) and builds dates. So we never let PyYAML construct anything: we read its event stream
(libyaml's parser when available) and build dicts, lists and scalars ourselves, refusing
everything ambiguous with a located message.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.scanner import Scanner

from .problems import Problem, field_path


class PythonParser(Reader, Scanner, Parser):
    """PyYAML's pure-Python event parser. Always installed, and its syntax error messages are
    the ones `_SYNTAX_FIXES` explains, so every broken file is reported through it."""

    def __init__(self, stream):
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)


try:
    # libyaml emits the same events with the same marks, 20 times faster, but for a few inputs
    # that `_parse` and `_Builder.check_agreement` hand over to PyYAML. PyYAML 6 does not export
    # it as `yaml.CParser`: it lives in yaml._yaml (which yaml.cyaml imports it from, without
    # exporting it), and that fails to import without libyaml.
    from yaml._yaml import CParser

    FastParser: type[CParser] | type[PythonParser] = CParser
except ImportError:  # pragma: no cover - the wheels ship libyaml; some source builds do not
    FastParser = PythonParser


MAX_BYTES = 512 * 1024
MAX_DEPTH = 40

# Plain scalars that YAML 1.1 tools read as something other than text.
_BOOLEAN = re.compile(r"^(true|false)$")
_BOOL_11 = re.compile(r"^(yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|True|TRUE|False|FALSE)$")
_NULL = re.compile(r"^(null|Null|NULL|~|)$")
_INT = re.compile(r"^[-+]?(0|[1-9][0-9_]*)$")
_NUMBER_11 = re.compile(
    r"""^(?:[-+]?0[0-7_]+            # octal 0755
    |[-+]?0x[0-9a-fA-F_]+           # hex
    |[-+]?0b[01_]+                  # binary
    |[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?  # sexagesimal 1:20
    |[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+]?[0-9]+)?  # float 1.10
    |[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+
    |[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$""",
    re.X,
)
_TIMESTAMP = re.compile(r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt ].*)?$")
# Whatever a plain scalar matching none of these is, it is text: one match instead of six for
# most values. (re.X applies to all; only _NUMBER_11 has blanks outside character classes.)
_NOT_TEXT = re.compile(
    "|".join(f"(?:{p.pattern})" for p in (_BOOLEAN, _NULL, _INT, _BOOL_11, _NUMBER_11, _TIMESTAMP)),
    re.X,
)
# Blanks then `#` then a non-blank, on the same line: matched from where a plain scalar ends.
_GLUED_COMMENT = re.compile(r"[^\S\r\n]+#\S")
_LINE_END = re.compile(r"[\r\n]|\Z")
# The header of a block scalar as PyYAML reads it: `|` or `>`, indicators, then a blank or a break.
_BLOCK_HEADER = re.compile(r"[|>](?:[-+][1-9]?|[1-9][-+]?)?(?:[ \r\n]|\Z)")

# Characters that have no business in a fact file: they hide text or reorder it on screen.
_FORBIDDEN = {
    "\u200b": "zero-width space",
    "\u200c": "zero-width non-joiner",
    "\u200d": "zero-width joiner",
    "\u2060": "word joiner",
    "\ufeff": "zero-width no-break space",
    "\u202a": "bidirectional embedding",
    "\u202b": "bidirectional embedding",
    "\u202c": "bidirectional formatting",
    "\u202d": "bidirectional override",
    "\u202e": "bidirectional override",
    "\u2066": "bidirectional isolate",
    "\u2067": "bidirectional isolate",
    "\u2068": "bidirectional isolate",
    "\u2069": "bidirectional isolate",
    "\u200e": "left-to-right mark",
    "\u200f": "right-to-left mark",
}
# Control characters (Unicode category Cc) but tab, line feed and carriage return, which YAML
# uses, plus the line and paragraph separators, which YAML 1.1 reads as line breaks unseen.
_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029"
# One regex instead of a per-character loop: the search runs in C, and the first match is the
# first bad character of the file.
_BAD_CHARACTER = re.compile(f"[{''.join(_FORBIDDEN)}{_CONTROL}]")
# A line with something other than blanks and a comment: its first non-blank is not `#`. Lines
# end at \n, \r or \r\n here; the other line breaks Python knows were refused as control characters.
_CONTENT_LINE = re.compile(r"(?:\A|[\r\n])[^\S\r\n]*[^\s#]")

_SYNTAX_FIXES = [
    ("'\\t'", "indent with spaces, not tabs"),
    ("never closed", "add the closing quote"),
    ("expected ',' or ']'", "close the list with ]"),
    ("expected ',' or '}'", "close the mapping with }"),
    ("expected <block end>", "align this line with the lines above it (same number of spaces)"),
    (
        "found unknown escape character",
        "in double quotes, write a backslash as \\\\ or use single quotes",
    ),
    ("mapping values are not allowed here", "put text that contains ': ' in quotes"),
    (
        "could not find expected ':'",
        "each line of a mapping is `key: value`; check the indentation",
    ),
    ("did not find expected key", "check the indentation of this line against the lines above"),
    ("did not find expected '-' indicator", "align the `- ` of list items"),
    (
        "found character that cannot start any token",
        "put text that starts with @, ` or % in quotes",
    ),
]


@dataclass
class Loaded:
    """A file's data and where each value came from, keyed by its path in the data."""

    path: str
    data: dict[str, Any] | None = None  # the file's top-level mapping; None if it could not be read
    where: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    keys: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # A digest of the file's bytes as read: what a build keeps is keyed by it (nmikb/site/reuse.py).
    digest: str = ""
    # Whether the file may hold a skeleton's placeholder ("TODO"): false only when its bytes do
    # not, so that checking for placeholders needs not read every text of every file.
    todo: bool = True

    def locate(self, loc: tuple, key: bool = False) -> tuple[int, int]:
        """Line and column of the deepest known part of `loc` (of its key, if `key`)."""
        loc = tuple(loc)
        if key and loc in self.keys:
            return self.keys[loc]
        while loc and loc not in self.where:
            loc = loc[:-1]
        return self.where.get(loc, (1, 1))


class _Stop(Exception):
    """A problem after which the rest of the file cannot be read."""


class _Disagree(Exception):
    """libyaml read something that PyYAML reads otherwise: the file is to be read by PyYAML."""


def load_file(path: Path, display: str | None = None, *, parser=FastParser) -> Loaded:
    display = display or str(path)
    try:
        raw = path.read_bytes()
    except OSError as err:
        out = Loaded(display)
        out.problems.append(
            Problem(
                display,
                1,
                1,
                "",
                f"cannot read the file ({err.strerror})",
                "check that it exists and is readable",
            )
        )
        return out
    return load_bytes(raw, display, parser=parser)


def load_bytes(raw: bytes, display: str, *, parser=FastParser) -> Loaded:
    """Read one file's bytes. `parser` is for tests and benchmarks: both give the same result."""
    try:
        _check_size(raw)
        text = _decode(raw)
        _check_characters(text)
        _check_not_empty(text)
    except _Refused as refused:
        out = Loaded(display)
        out.problems.append(Problem(display, *refused.args))
    else:
        out = _parse(text, display, parser)
    out.digest = hashlib.blake2b(raw, digest_size=16).hexdigest()
    out.todo = b"TODO" in raw
    return out


class _Refused(Exception):
    """A file refused before parsing: args are (line, column, field, message, fix)."""


def _check_size(raw: bytes) -> None:
    if len(raw) > MAX_BYTES:
        raise _Refused(
            1,
            1,
            "",
            f"file is {len(raw):,} bytes, more than the limit of {MAX_BYTES:,}",
            "split it or remove what does not belong in a fact file",
        )


def _decode(raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(raw) > 1 and b"\x00" in raw[:2]):
        raise _Refused(1, 1, "", "file is UTF-16, not UTF-8", "save it as UTF-8")
    if raw.startswith(b"\xef\xbb\xbf"):
        raise _Refused(
            1, 1, "", "file starts with a byte order mark", "save it as UTF-8 without BOM"
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        col = (
            len(raw[raw.rfind(b"\n", 0, err.start) + 1 : err.start].decode("utf-8", "replace")) + 1
        )
        raise _Refused(
            line, col, "", f"byte 0x{raw[err.start]:02x} is not UTF-8", "save the file as UTF-8"
        ) from None


def _check_characters(text: str) -> None:
    found = _BAD_CHARACTER.search(text)
    if found is None:
        return
    at, ch = found.start(), found.group()
    line, col = text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)
    if ch in _FORBIDDEN:
        raise _Refused(
            line,
            col,
            "",
            f"invisible character U+{ord(ch):04X} ({_FORBIDDEN[ch]})",
            "delete it; it can hide or reorder text",
        )
    raise _Refused(line, col, "", f"control character U+{ord(ch):04X}", "delete it")


def _check_not_empty(text: str) -> None:
    if not _CONTENT_LINE.search(text):
        raise _Refused(1, 1, "", "file is empty", "add the data, or delete the file")


def _parse(text: str, display: str, parser) -> Loaded:
    """Build the file's values with `parser`, falling back to the pure-Python parser wherever
    libyaml and PyYAML disagree, so that the result never depends on which one is installed."""
    if "\t" in text:
        # libyaml takes tabs for blanks in places where PyYAML refuses them (`ke\ty: 1`).
        parser = PythonParser
    try:
        out = _build(text, display, parser)
    except _Disagree:
        return _build(text, display, PythonParser)
    if out.problems and parser is not PythonParser:
        # A refused file: libyaml words syntax errors differently, and accepts some tags that
        # PyYAML refuses as syntax errors, so start over and report what PyYAML reports.
        return _build(text, display, PythonParser)
    return out


def _build(text: str, display: str, parser) -> Loaded:
    out = Loaded(display)
    try:
        out.data = _Builder(text, out, parser).run()
    except _Stop:
        out.data = None
    except yaml.YAMLError as err:
        out.data = None
        out.problems.append(_syntax_problem(display, err, text))
    return out


def _syntax_problem(display: str, err: yaml.YAMLError, text: str) -> Problem:
    if not isinstance(err, yaml.MarkedYAMLError):  # reader errors carry no mark
        return Problem(display, 1, 1, "", f"YAML: {err}", "check the file's syntax")
    mark = err.problem_mark or err.context_mark
    problem = (err.problem or err.context or "invalid YAML").strip()
    fix = ""
    if "quoted scalar" in (err.context or "") and err.context_mark:
        # The end of the file is not where the mistake is: the opening quote is.
        mark, problem = err.context_mark, "this quoted text is never closed"
    elif mark is not None and (quoted := _quoted_before(text, mark.index)) is not None:
        mark, problem, fix = _misplaced_quote(quoted, mark)
    fix = fix or next(
        (f for key, f in _SYNTAX_FIXES if key in problem), "check the YAML syntax on this line"
    )
    if "'\\t'" in problem:
        problem = "a tab character where YAML expects spaces"
    return Problem(
        display,
        mark.line + 1 if mark else 1,
        mark.column + 1 if mark else 1,
        "",
        f"YAML syntax: {problem}",
        fix,
    )


def _quoted_before(text: str, index: int) -> yaml.ScalarToken | None:
    """The quoted text that ends right before the token at `index`, if that is what precedes it.

    A quote closed too early (`"NATO announces" the expansion`, `'NATO's mission'`) or not
    closed on its line (the next quote in the file closes it, lines below) leaves the parser
    stuck on the text that follows: its message ("expected <block end>") then points at the wrong
    place and suggests indentation. The tokens before the error tell what really happened."""
    previous = None
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if token.start_mark.index >= index:
                break
            previous = token
    except yaml.YAMLError:
        pass  # the tokens up to the scanner's own error are the ones that count
    if isinstance(previous, yaml.ScalarToken) and previous.style in ('"', "'"):
        return previous
    return None


def _misplaced_quote(quoted: yaml.ScalarToken, mark: Any) -> tuple[Any, str, str]:
    """(where, what, what to do) for text stuck after a quoted text."""
    q = quoted.style
    inside = 'write a " inside them as \\"' if q == '"' else "write a ' inside them as ''"
    start, end = quoted.start_mark, quoted.end_mark
    if start.line < end.line:  # opened on one line, closed by a quote lines below
        return (
            start,
            f"this quoted text is not closed on its line: the {q} on line {end.line + 1} closes it",
            f"add the closing {q} at the end of the text on this line",
        )
    return (
        mark,
        f"text after the closing {q}",
        f"put all of the text inside the quotes, and {inside}",
    )


class _Builder:
    """Turns parser events into plain values, remembering each value's position."""

    def __init__(self, text: str, out: Loaded, parser):
        self.text = text  # marks' index is a character offset in it, with either parser
        self.out = out
        self.next_event = parser(text).get_event
        self.libyaml = parser is not PythonParser
        self.flow = 0  # how many flow collections ([...] or {...}) enclose the current node
        # A value left empty at the very end of a text with no final line break: PyYAML puts it
        # at the end of the text, libyaml on a line past it. Report PyYAML's place.
        self.past_end_line: int | None = None
        self.end_of_text: tuple[int, int] | None = None
        if self.libyaml and not text.endswith(("\n", "\r")):
            breaks = text.count("\n") + text.count("\r") - text.count("\r\n")
            self.past_end_line = breaks + 1
            self.end_of_text = (breaks + 1, len(text) - max(text.rfind("\n"), text.rfind("\r")))

    def fail(self, mark, loc: tuple, message: str, fix: str) -> None:
        self.out.problems.append(
            Problem(self.out.path, mark.line + 1, mark.column + 1, field_path(loc), message, fix)
        )

    def run(self):
        documents = 0
        result = None
        while (kind := type(event := self.next_event())) is not StreamEndEvent:
            if kind is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    self.fail(
                        event.start_mark,
                        (),
                        "several YAML documents in one file",
                        "keep one document: remove the `---` line and merge, or move it "
                        "to its own file",
                    )
                    raise _Stop
            elif kind is not DocumentEndEvent and kind is not StreamStartEvent:
                result = self.node(event, ())
        if not isinstance(result, dict):
            held = "a list" if isinstance(result, list) else "a single value"
            self.fail(
                _Mark(0, 0),
                (),
                f"the file holds {held}, not a mapping",
                "start with the top-level key, e.g. `events:`",
            )
            raise _Stop
        return result

    def node(self, event, loc: tuple):
        if len(loc) > MAX_DEPTH:
            self.fail(
                event.start_mark,
                loc[:3],
                f"nesting deeper than {MAX_DEPTH} levels",
                "fact files are shallow; flatten this structure",
            )
            raise _Stop
        kind = type(event)
        if kind is AliasEvent:
            self.fail(
                event.start_mark,
                loc,
                f"alias *{event.anchor} is not allowed",
                "write the value out in full; fact files do not use anchors or aliases",
            )
            raise _Stop
        if event.anchor:
            self.fail(
                event.start_mark,
                loc,
                f"anchor &{event.anchor} is not allowed",
                "remove it and write values out in full",
            )
            raise _Stop
        if event.tag is not None:
            self.fail(
                event.start_mark,
                loc,
                f"tag {event.tag} is not allowed",
                "remove the tag; fact files hold plain text, lists and mappings",
            )
            raise _Stop
        mark = event.start_mark
        self.out.where[loc] = (mark.line + 1, mark.column + 1)
        if kind is ScalarEvent:
            return self.scalar(event, loc)
        if kind is MappingStartEvent:
            return self.collection(event, self.mapping, loc)
        if kind is SequenceStartEvent:
            return self.collection(event, self.sequence, loc)
        raise _Stop  # pragma: no cover - the parser emits nothing else here

    def collection(self, start, build, loc: tuple):
        if not start.flow_style:
            return build(loc)
        self.flow += 1
        value = build(loc)
        self.flow -= 1
        return value

    def sequence(self, loc: tuple) -> list:
        items: list = []
        next_event = self.next_event
        while type(event := next_event()) is not SequenceEndEvent:
            items.append(self.node(event, loc + (len(items),)))
        return items

    def mapping(self, loc: tuple) -> dict:
        result: dict = {}
        next_event, keys = self.next_event, self.out.keys
        while type(key_event := next_event()) is not MappingEndEvent:
            if type(key_event) is not ScalarEvent or key_event.tag is not None or key_event.anchor:
                self.fail(
                    key_event.start_mark, loc, "keys must be plain words", "write `name: value`"
                )
                raise _Stop
            key = key_event.value
            if self.libyaml and (key_event.style or self.flow):
                self.check_agreement(key_event)
            key_loc = loc + (key,)
            mark = key_event.start_mark
            assert mark is not None  # both parsers mark every event; only the stubs allow None
            if key in result:
                self.fail(
                    mark,
                    key_loc,
                    f"duplicate key `{key}` (first on line {keys[key_loc][0]}, again "
                    f"on line {mark.line + 1})",
                    "keep one of them",
                )
                self.node(next_event(), key_loc)
                continue
            # "Unknown field" points at the key; "wrong value" at the value.
            keys[key_loc] = (mark.line + 1, mark.column + 1)
            result[key] = self.node(next_event(), key_loc)
        return result

    def scalar(self, event, loc: tuple):
        value = event.value
        if self.libyaml and (event.style or self.flow):
            self.check_agreement(event)
        if event.style:  # quoted or block scalars are always text
            return value
        if _NOT_TEXT.match(value):
            return self.not_text(event, loc)
        # "Update #2": YAML keeps "Update" and drops "#2" as a comment. A real comment has a
        # space after its "#"; a "#" glued to text means the text was cut.
        end = event.end_mark
        if end.line == event.start_mark.line and _GLUED_COMMENT.match(self.text, end.index):
            line_end_match = _LINE_END.search(self.text, end.index)
            assert line_end_match is not None  # `\Z` matches at the end of any text
            line_end = line_end_match.start()
            rest = self.text[end.index : line_end].strip()
            self.fail(
                event.start_mark,
                loc,
                f"text `{value}` is followed by `{rest}`, which YAML drops as a comment",
                "put the whole text in quotes",
            )
            raise _Stop
        return value

    def not_text(self, event, loc: tuple):
        """A plain scalar that YAML reads as a boolean, null or number, or might."""
        value = event.value
        if value in ("true", "false"):
            return value == "true"
        if _NULL.match(value):
            if event.start_mark.line == self.past_end_line:
                assert self.end_of_text is not None  # set together with past_end_line
                self.out.where[loc] = self.end_of_text
            return None
        if _INT.match(value):
            return int(value.replace("_", ""))
        if _BOOL_11.match(value):
            self.fail(
                event.start_mark,
                loc,
                f"`{value}` is ambiguous (YAML 1.1 reads it as a boolean)",
                f'write "{value}" in quotes for text, or true/false',
            )
            raise _Stop
        if _NUMBER_11.match(value):
            self.fail(
                event.start_mark,
                loc,
                f"`{value}` is ambiguous (YAML reads it as a number, not as written)",
                f'write "{value}" in quotes',
            )
            raise _Stop
        # What is left of _NOT_TEXT: _TIMESTAMP.
        self.fail(
            event.start_mark, loc, f"`{value}` is an unquoted date", f'write "{value}" in quotes'
        )
        raise _Stop

    def check_agreement(self, event) -> None:
        """Raise _Disagree for the scalars libyaml reads where PyYAML refuses or splits them."""
        if event.style in ("|", ">"):
            if not _BLOCK_HEADER.match(self.text, event.start_mark.index):
                # `text: |# note`: libyaml allows a comment glued to `|`, PyYAML does not
                raise _Disagree
        elif not event.style and (not event.value or "?" in event.value):
            # Inside [...] or {...}, PyYAML ends plain text at `?` and then refuses the `?`, where
            # libyaml keeps `What?` whole; and the two place a missing key or value (`{en: }`)
            # differently. Both are rare in fact files.
            raise _Disagree


@dataclass
class _Mark:
    line: int
    column: int
