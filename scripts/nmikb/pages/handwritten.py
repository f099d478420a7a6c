"""Which pages each language edition has: generated ones, and hand-written ones from `docs/`.

Hand-written pages follow one naming rule: `name.md` is English, `name.fr.md` is French. Every
page exists in both languages (the tree writer, nmikb/site/tree.py, also refuses one that takes a
generated page's name).
"""

from __future__ import annotations

import re
from pathlib import Path

from nmikb.data.models import LANGS
from nmikb.data.problems import Problem
from nmikb.data.yamlsafe import load_bytes
from nmikb.edition.typography import typography

DOCS = "docs"  # hand-written pages and assets, in the project
DEFAULT_LANG = LANGS[0]
_SUFFIX = re.compile(r"^(?P<stem>.+?)(?:\.(?P<lang>[a-z]{2}))?\.md$")
_CODE = re.compile(r"(```.*?```|`[^`\n]*`)", re.S)  # a fenced block, or a code span


def split_name(src_uri: str) -> tuple[str, str]:
    """'about.fr.md' -> ('about.md', 'fr'); 'about.md' -> ('about.md', 'en')."""
    m = _SUFFIX.match(src_uri)
    if not m:
        return src_uri, DEFAULT_LANG
    lang = m["lang"] if m["lang"] in LANGS else DEFAULT_LANG
    stem = m["stem"] if m["lang"] in LANGS else src_uri[: -len(".md")]
    return f"{stem}.md", lang


def typeset_page(markdown: str, lang: str) -> str:
    """A hand-written page in its edition's typography, as every generated text is (no-break
    spaces before French `; : ! ?` and inside « »): an editor types ordinary spaces. Code, fenced
    or inline, stays as written. The rules never create a `: ` that was not there, so front
    matter stays the YAML it was."""
    parts = _CODE.split(markdown)
    return "".join(part if i % 2 else typography(part, lang) for i, part in enumerate(parts))


def hand_written(
    src_uris: list[str], docs_dir: str
) -> tuple[dict[str, dict[str, str]], list[Problem]]:
    """Pages by name and language ({'about.md': {'en': 'about.md', 'fr': 'about.fr.md'}}), and
    problems."""
    pages: dict[str, dict[str, str]] = {}
    problems: list[Problem] = []
    for uri in sorted(u for u in src_uris if u.endswith(".md")):
        name, lang = split_name(uri)
        pages.setdefault(name, {})[lang] = uri
    for name, variants in pages.items():
        any_uri = next(iter(variants.values()))
        for lang in LANGS:
            if lang not in variants:
                missing = name if lang == DEFAULT_LANG else name[:-3] + f".{lang}.md"
                problems.append(
                    Problem(
                        f"{docs_dir}/{any_uri}",
                        1,
                        1,
                        "",
                        f"no {lang} version of this page",
                        f"add {docs_dir}/{missing}",
                    )
                )
    return pages, problems


def check_front_matter(path: Path, display: str) -> list[Problem]:
    """MkDocs renders broken front matter as text and says nothing; we refuse it with its
    location."""
    text = path.read_bytes()
    if not text.startswith(b"---"):
        return []
    lines = text.split(b"\n")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].rstrip() in (b"---", b"..."))
    except StopIteration:
        return [
            Problem(display, 1, 1, "", "front matter is not closed", "end it with a line `---`")
        ]
    block = b"\n".join(lines[1:end])
    if not block.strip():
        return []
    loaded = load_bytes(block, display)
    # Shift locations: the block starts on the file's second line.
    return [
        Problem(p.path, p.line + 1, p.column, p.field, p.message, p.fix) for p in loaded.problems
    ]


def hand_written_names(root: Path) -> list[str]:
    """The hand-written pages of docs/ by name (`about.md` for about.md and about.fr.md)."""
    docs = Path(root) / DOCS
    written, _ = hand_written([p.relative_to(docs).as_posix() for p in docs.rglob("*.md")], DOCS)
    return sorted(written)
