"""Split an edition's search index into small files that the search worker loads on demand.

Material's search downloads the whole index on every page load and builds a lunr index from it
in the browser. With one page per record that is megabytes and seconds per page. Here, after the
build, the index Material wrote becomes:

  search/search_index.json and .js  a stub: Material's config and no documents, so a page load
                                    downloads a few hundred bytes for search;
  search/t/<key>.js                 term shards: every token whose folded first two characters
                                    are <key>, with the documents that contain it;
  search/d/<n>.js                   document shards: location, title and a short excerpt of
                                    DOCS_PER_SHARD documents, for the results a query shows.

docs/assets/javascripts/workers/search-shards.js answers queries from these files, in
Material's worker protocol. Shards are scripts, not JSON, so that they load from disk too
(a worker's importScripts, or <script> tags through our iframe polyfill); each one is a single
call `__kbSearch(<JSON>)`, so the worker may also fetch one and parse its JSON, with no eval.

Tokens are what Material's own tokenizer makes of the text (markup out, split with the config's
separator, lowercased), unstemmed: the worker stems the query and each candidate token with
lunr's stemmer for the edition's language, so both sides are stemmed by the same code.
Everything is written in a stable order, so two builds write the same bytes.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import unicodedata
from collections import defaultdict
from pathlib import Path

DOCS_PER_SHARD = 25
EXCERPT_CHARS = 200
# A term shard bigger than this is split by the tokens' third character (the shard keeps the
# tokens of one or two characters and names its children), so that a query for a frequent word
# ("the", "de") does not download every word that shares its first two letters.
SPLIT_BYTES = 24_000
CALL = "__kbSearch"
_DEFAULT_SEPARATOR = r"[\s\-]+"
_TAG = re.compile(r"<[^>]*>")
# Inline markup joins the words around it ("l’<code>OTAN</code>"); any other tag separates them.
_INLINE = re.compile(r"</?(?:a|abbr|b|code|em|i|kbd|mark|small|span|strong|sub|sup)\b[^>]*>", re.I)
# What is left of a token once leading and trailing non-word characters go ("(2018)" -> "2018").
# The worker uses the same class: [^\p{L}\p{N}_].
_EDGES = re.compile(r"^[\W]+|[\W]+$")


def plain(markup: str) -> str:
    """Text of an index entry: tags out (each one separates words), entities decoded."""
    return html.unescape(_TAG.sub(" ", _INLINE.sub("", markup)))


def fold(token: str) -> str:
    """The token without accents, to file and compare "etat" with "état"."""
    decomposed = unicodedata.normalize("NFD", token)
    bare = "".join(c for c in decomposed if not unicodedata.category(c).startswith("M"))
    return bare.replace("œ", "oe").replace("æ", "ae")


def tokenize(text: str, separator: re.Pattern[str]) -> list[str]:
    """Lowercased tokens of plain text, as Material's tokenizer and the worker's query split it."""
    out = []
    for part in _split(text, separator):
        token = _EDGES.sub("", unicodedata.normalize("NFC", part.lower()))
        if token:
            out.append(token)
    return out


def _split(text: str, separator: re.Pattern[str]) -> list[str]:
    # The text between matches, like Material's split(): groups in the separator add nothing.
    parts, at = [], 0
    for m in separator.finditer(text):
        parts.append(text[at : m.start()])
        at = m.end()
    parts.append(text[at:])
    return parts


def shard_key(token: str, length: int = 2) -> str:
    return fold(token)[:length]


def shard_name(key: str) -> str:
    """A file name for a key that any file system keeps as written: ASCII letters and digits as
    they are, anything else as its code point between underscores ("é" never occurs: keys are
    folded; "ع" -> "_639_")."""
    return "".join(c if c.isascii() and c.isalnum() else f"_{ord(c):x}_" for c in key)


def separator_of(config: dict) -> re.Pattern[str]:
    try:
        return re.compile(config.get("separator") or _DEFAULT_SEPARATOR)
    except re.error:  # a JavaScript-only construct: split on spaces and hyphens like lunr
        return re.compile(_DEFAULT_SEPARATOR)


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """The start of a document's text for its result preview, cut at a word boundary."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,;:.") + "…"


def _script(payload: object) -> bytes:
    data = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return f"{CALL}({data});\n".encode()


def _postings(docs: list[dict], separator: re.Pattern[str]) -> dict[str, list[int]]:
    """token -> sorted doc numbers, each times two plus one when the token is in the title."""
    seen: dict[str, dict[int, int]] = defaultdict(dict)
    for n, doc in enumerate(docs):
        for field, flag in (("text", 0), ("title", 1)):
            for token in tokenize(plain(doc.get(field) or ""), separator):
                seen[token][n] = max(seen[token].get(n, 0), flag)
    return {
        token: [n * 2 + flag for n, flag in sorted(found.items())] for token, found in seen.items()
    }


def _deltas(values: list[int]) -> list[int]:
    # Gaps between sorted numbers are small numbers: about half the bytes of the numbers.
    return [b - a for a, b in zip([0, *values], values, strict=False)]


def _term_shards(postings: dict[str, list[int]]) -> tuple[dict[str, dict], dict[str, str]]:
    """(key -> shard payload, split key -> the third characters of its children). A shard too
    big is split: it keeps the tokens of one or two characters, its children the longer ones."""
    groups: dict[str, dict[str, list[int]]] = defaultdict(dict)
    for token, values in postings.items():
        groups[shard_key(token)][token] = _deltas(values)
    shards, split = {}, {}
    for key, terms in groups.items():
        if len(key) < 2 or len(_script({"key": key, "terms": terms})) <= SPLIT_BYTES:
            shards[key] = {"key": key, "terms": terms}
            continue
        children: dict[str, dict[str, list[int]]] = defaultdict(dict)
        for token, deltas in terms.items():
            if len(fold(token)) >= 3:
                children[shard_key(token, 3)][token] = deltas
        shards[key] = {"key": key, "terms": {t: v for t, v in terms.items() if len(fold(t)) < 3}}
        shards.update(
            (child, {"key": child, "terms": child_terms}) for child, child_terms in children.items()
        )
        split[key] = "".join(sorted(child[2] for child in children))
    return shards, split


def _documents(docs: list[dict]) -> list[list]:
    """[location, title, excerpt, back] per document; back is how many documents before this one
    its page's own entry is (0: it is the page), to group sections under their page."""
    first: dict[str, int] = {}
    out = []
    for n, doc in enumerate(docs):
        location = doc["location"]
        page = location.split("#", 1)[0]
        first.setdefault(page, n)
        back = n - first[page] if "#" in location and docs[first[page]]["location"] == page else 0
        title = " ".join(plain(doc.get("title") or "").split())
        out.append([location, title, excerpt(plain(doc.get("text") or "")), back])
    return out


def build_shards(index: dict) -> tuple[dict, dict[str, bytes]]:
    """(stub index, {relative path: bytes}) for a Material search index."""
    config = dict(index["config"])
    docs = index["docs"]
    separator = separator_of(config)
    files: dict[str, bytes] = {}
    shards, split = _term_shards(_postings(docs, separator))
    for key, payload in sorted(shards.items()):
        files[f"t/{shard_name(key)}.js"] = _script(payload)
    documents = _documents(docs)
    for start in range(0, len(documents), DOCS_PER_SHARD):
        n = start // DOCS_PER_SHARD
        files[f"d/{n}.js"] = _script({"n": n, "docs": documents[start : start + DOCS_PER_SHARD]})
    digest = hashlib.sha256()
    for path, data in sorted(files.items()):
        digest.update(path.encode("utf-8") + b"\0" + data)
    # The version goes into every shard's URL: a browser never mixes shards of two builds.
    # The worker must know which shards exist: asking for a missing file is an error on screen.
    keys = " ".join(sorted(k for k in shards if len(k) <= 2))
    config["shards"] = {
        "docs": len(docs),
        "keys": keys,
        "per": DOCS_PER_SHARD,
        "split": split,
        "version": digest.hexdigest()[:12],
    }
    return {"config": config, "docs": []}, files


def shard_search_index(edition: Path, lang: str) -> dict:
    """Replace the edition's search index by a stub and shards. Returns figures for the build.

    `lang` is the edition's language; the index's own config says the same, and the worker
    reads it from there."""
    folder = Path(edition) / "search"
    index = json.loads((folder / "search_index.json").read_text(encoding="utf-8"))
    check_language(index, lang, folder)
    stub, files = build_shards(index)
    for sub in ("t", "d"):
        if (folder / sub).exists():
            for old in (folder / sub).glob("*.js"):
                old.unlink()
        (folder / sub).mkdir(exist_ok=True)
    for rel, data in files.items():
        (folder / rel).write_bytes(data)
    text = json.dumps(stub, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    (folder / "search_index.json").write_text(text, encoding="utf-8")
    # Material's offline plugin writes the same index as a script for pages opened from disk.
    (folder / "search_index.js").write_text(f"var __index = {text}", encoding="utf-8")
    return {
        "docs": len(index["docs"]),
        "shards": len(files),
        "bytes": sum(len(b) for b in files.values()),
    }


def check_language(index: dict, lang: str, folder: Path) -> None:
    if index["config"].get("lang") not in ([lang], None):
        raise ValueError(f"{folder}: an index for {index['config'].get('lang')}, not {lang!r}")


def read_shards(edition: Path) -> tuple[list[list], dict[str, list[int]]]:
    """(documents, token -> doc numbers) read back from an edition's shards, for tests and
    audits."""
    folder = Path(edition) / "search"
    docs: dict[int, list] = {}
    terms: dict[str, list[int]] = {}
    for path in sorted(folder.glob("d/*.js")):
        payload = _payload(path)
        for i, doc in enumerate(payload["docs"]):
            docs[payload["n"] * DOCS_PER_SHARD + i] = doc
    for path in sorted(folder.glob("t/*.js")):
        for token, deltas in _payload(path)["terms"].items():
            total, values = 0, []
            for d in deltas:
                total += d
                values.append(total // 2)
            terms[token] = values
    return [docs[n] for n in sorted(docs)], terms


def _payload(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1 : text.rindex(")")])
