"""Split an edition's search index into small files that the search worker loads on demand.

Material's search downloads the whole index on every page load and builds a lunr index from it
in the browser. With one page per record that is megabytes and seconds per page. Here, after the
build, the index Material wrote becomes:

  search/search_index.json and .js  a stub: Material's config and no documents, so a page load
                                    downloads a few hundred bytes for search;
  search/t/<key>.js                 term shards: every token whose folded first two characters
                                    are <key>, with the documents that contain it (a big one is
                                    split by the next character, as long as that helps, then
                                    into parts: t/<key>-1.js, …);
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
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

DOCS_PER_SHARD = 25
EXCERPT_CHARS = 200
# A term shard bigger than this is split by the tokens' third character (the shard keeps the
# tokens of one or two characters and names its children), so that a query for a frequent word
# ("the", "de") does not download every word that shares its first two letters; a child still
# bigger by the fourth, and so on. What no character can split further (one word in every page:
# "of", "in") is cut into parts of at most this size, which the worker loads together.
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
    return [token for token in map(_token, _split(text, separator)) if token]


@lru_cache(maxsize=1 << 17)
def _token(part: str) -> str:
    # Cached: the same words come back in thousands of documents.
    token = unicodedata.normalize("NFC", part.lower())
    if (
        token
        and (token[0].isalnum() or token[0] == "_")
        and (token[-1].isalnum() or token[-1] == "_")
    ):
        return token  # what _EDGES would leave as it is
    return _EDGES.sub("", token)


def _split(text: str, separator: re.Pattern[str]) -> list[str]:
    # The text between matches, like Material's split(): groups in the separator add nothing.
    if not separator.groups:
        return separator.split(text)
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
            for token in set(tokenize(plain(doc.get(field) or ""), separator)):
                found = seen[token]
                if found.get(n, 0) < flag or n not in found:
                    found[n] = flag
    return {
        token: [n * 2 + flag for n, flag in sorted(found.items())] for token, found in seen.items()
    }


def _deltas(values: list[int]) -> list[int]:
    # Gaps between sorted numbers are small numbers: about half the bytes of the numbers.
    return [b - a for a, b in zip([0, *values], values, strict=False)]


def _split_shard(key: str, terms: dict, shards: dict, split: dict) -> None:
    """A shard too big is split: it keeps the tokens as long as its key, its children (one per
    next character) the longer ones."""
    size = len(key)
    longer = {t: v for t, v in terms.items() if len(fold(t)) > size}
    if size < 2 or not longer or len(_script({"key": key, "terms": terms})) <= SPLIT_BYTES:
        shards[key] = {"key": key, "terms": terms}
        return
    children: dict[str, dict[str, list[int]]] = defaultdict(dict)
    for token, deltas in longer.items():
        children[shard_key(token, size + 1)][token] = deltas
    shards[key] = {"key": key, "terms": {t: v for t, v in terms.items() if t not in longer}}
    split[key] = "".join(sorted(child[size] for child in children))
    for child, child_terms in children.items():
        _split_shard(child, child_terms, shards, split)


def _parts(payload: dict) -> list[dict]:
    """A shard's payload cut into parts of at most SPLIT_BYTES each, a word's documents running
    on from one part into the next; the payload itself when it fits."""
    if len(_script(payload)) <= SPLIT_BYTES:
        return [payload]
    key = payload["key"]
    # What a part holds besides its words (the numbers of parts take a few digits at most).
    room = SPLIT_BYTES - len(_script({"key": key, "part": 99999, "parts": 99999, "terms": {}}))
    cut: list[dict[str, list[int]]] = [{}]
    used = 0
    for token in sorted(payload["terms"]):
        deltas = payload["terms"][token]
        name = len(json.dumps(token, ensure_ascii=False).encode()) + 4  # "tok":[],
        while deltas:
            take, cost = 0, name
            for d in deltas:
                if used + cost + len(str(d)) + 1 > room:
                    break
                cost += len(str(d)) + 1
                take += 1
            if take == 0 and cut[-1]:  # no room left here: the next part
                cut.append({})
                used = 0
                continue
            take = max(take, 1)  # one number always fits an empty part
            cut[-1][token] = deltas[:take]
            used += cost
            deltas = deltas[take:]
            if deltas:
                cut.append({})
                used = 0
    return [
        {"key": key, "part": n, "parts": len(cut), "terms": terms} for n, terms in enumerate(cut)
    ]


def _document_shards(docs: list[dict], shards: Iterable[int]) -> dict[str, bytes]:
    """The files of these document shards (`d/<n>.js`, DOCS_PER_SHARD documents each): per
    document, [location, title, excerpt, back]; back is how many documents before this one its
    page's own entry is (0: it is the page), to group sections under their page. The titles and
    excerpts are most of the cost: made for these shards' documents only."""
    first: dict[str, int] = {}
    for n, doc in enumerate(docs):
        first.setdefault(doc["location"].split("#", 1)[0], n)
    files = {}
    for shard in shards:
        out = []
        for n in range(shard * DOCS_PER_SHARD, min((shard + 1) * DOCS_PER_SHARD, len(docs))):
            location = docs[n]["location"]
            page = location.split("#", 1)[0]
            at = first[page]
            back = n - at if "#" in location and docs[at]["location"] == page else 0
            title = " ".join(plain(docs[n].get("title") or "").split())
            out.append([location, title, excerpt(plain(docs[n].get("text") or "")), back])
        files[f"d/{shard}.js"] = _script({"n": shard, "docs": out})
    return files


def build_shards(index: dict) -> tuple[dict, dict[str, bytes]]:
    """(stub index, {relative path: bytes}) for a Material search index."""
    docs = index["docs"]
    groups: dict[str, dict[str, list[int]]] = defaultdict(dict)
    for token, values in _postings(docs, separator_of(index["config"])).items():
        groups[shard_key(token)][token] = values
    files: dict[str, bytes] = {}
    split: dict[str, str] = {}
    parts: dict[str, int] = {}
    for key, terms in groups.items():
        _group(key, terms, files, split, parts)
    files.update(_document_shards(docs, range(-(-len(docs) // DOCS_PER_SHARD))))
    return _stub(index, set(groups), split, parts, files), files


def _group(key: str, terms: dict[str, list[int]], files: dict, split: dict, parts: dict) -> None:
    """The shard files of the tokens that share their first two (folded) characters `key`, with
    their sorted document values: how the shard is split (`split`) and cut (`parts`)."""
    shards: dict[str, dict] = {}
    _split_shard(key, {t: _deltas(v) for t, v in terms.items()}, shards, split)
    for name, payload in shards.items():
        cut = _parts(payload)
        if len(cut) > 1:
            parts[name] = len(cut)
        for n, part in enumerate(cut):
            files[f"t/{shard_name(name)}{f'-{n}' if n else ''}.js"] = _script(part)


def _stub(index: dict, groups: set[str], split: dict, parts: dict, files: dict) -> dict:
    config = dict(index["config"])
    digest = hashlib.sha256()
    for path, data in sorted(files.items()):
        digest.update(path.encode("utf-8") + b"\0" + data)
    # The version goes into every shard's URL: a browser never mixes shards of two builds.
    # The worker must know which shards exist: asking for a missing file is an error on screen.
    config["shards"] = {
        "docs": len(index["docs"]),
        "keys": " ".join(sorted(groups)),
        "parts": {k: parts[k] for k in sorted(parts)},
        "per": DOCS_PER_SHARD,
        "split": {k: split[k] for k in sorted(split)},
        "version": digest.hexdigest()[:12],
    }
    return {"config": config, "docs": []}


def update_shards(
    old: dict, new: dict, stub: dict, read: Callable[[str], bytes]
) -> tuple[dict, dict[str, bytes]] | None:
    """(stub, every file) for the index `new`, made from the shards of the index `old` (their
    stub `stub`; `read` reads one of their files): only the shards of the words of the documents
    that changed are made again, as build_shards would make them. None when `new` is not `old`
    with some documents changed (then build_shards makes them all)."""
    shards = stub["config"].get("shards") or {}
    if (
        old["config"] != new["config"]
        or len(old["docs"]) != len(new["docs"])
        or shards.get("per") != DOCS_PER_SHARD
        or any(
            a["location"] != b["location"] for a, b in zip(old["docs"], new["docs"], strict=True)
        )
    ):
        return None
    separator = separator_of(new["config"])
    changed = [n for n, (a, b) in enumerate(zip(old["docs"], new["docs"], strict=True)) if a != b]
    # Each changed document's words, with the title's mark, before and after.
    words = {
        n: [_flags(doc, separator) for doc in (old["docs"][n], new["docs"][n])] for n in changed
    }
    touched = {
        shard_key(token)
        for before, after in words.values()
        for token in set(before) ^ set(after) | {t for t in before if after.get(t) != before[t]}
    }
    split = dict(shards.get("split", {}))
    parts = dict(shards.get("parts", {}))
    groups = set(shards.get("keys", "").split())
    files: dict[str, bytes] = {}
    gone: set[str] = set()
    for key in touched:
        terms: dict[str, list[int]] = {}
        if key in groups:
            for name in _subtree(key, split):
                gone.update(_shard_files(name, parts))
                for part_name in _shard_files(name, parts):
                    payload = _payload_of(read(part_name))
                    for token, deltas in payload["terms"].items():
                        terms.setdefault(token, []).extend(deltas)
                split.pop(name, None)
                parts.pop(name, None)
        values = {token: _values(deltas) for token, deltas in terms.items()}
        for n, (before, after) in words.items():
            for token in before:
                if shard_key(token) == key:
                    values[token] = [v for v in values.get(token, []) if v // 2 != n]
            for token, flag in after.items():
                if shard_key(token) == key:
                    kept = [v for v in values.get(token, []) if v // 2 != n]
                    values[token] = sorted([*kept, n * 2 + flag])
        values = {token: v for token, v in values.items() if v}
        groups.discard(key)
        if values:
            groups.add(key)
            _group(key, values, files, split, parts)
    docs = new["docs"]
    files.update(_document_shards(docs, sorted({n // DOCS_PER_SHARD for n in changed})))
    every = {name for group in groups for name in _subtree_files(group, split, parts)}
    every |= {f"d/{n}.js" for n in range(-(-len(docs) // DOCS_PER_SHARD))}
    everything = {name: files[name] if name in files else read(name) for name in every}
    return _stub(new, groups, split, parts, everything), everything


def _flags(doc: dict, separator: re.Pattern[str]) -> dict[str, int]:
    """A document's tokens, each with 1 when it is in the title (as _postings marks them)."""
    out = dict.fromkeys(tokenize(plain(doc.get("text") or ""), separator), 0)
    out.update(dict.fromkeys(tokenize(plain(doc.get("title") or ""), separator), 1))
    return out


def _values(deltas: list[int]) -> list[int]:
    out, total = [], 0
    for d in deltas:
        total += d
        out.append(total)
    return out


def _subtree(key: str, split: dict[str, str]) -> list[str]:
    return [key, *(name for c in split.get(key, "") for name in _subtree(key + c, split))]


def _shard_files(name: str, parts: dict[str, int]) -> list[str]:
    return [f"t/{shard_name(name)}{f'-{n}' if n else ''}.js" for n in range(parts.get(name, 1))]


def _subtree_files(key: str, split: dict, parts: dict) -> list[str]:
    return [f for name in _subtree(key, split) for f in _shard_files(name, parts)]


def _payload_of(data: bytes) -> dict:
    text = data.decode("utf-8")
    return json.loads(text[text.index("(") + 1 : text.rindex(")")])


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
    # A word's documents may run on over the parts of its shard, in their order.
    pieces: dict[str, list[tuple[int, list[int]]]] = defaultdict(list)
    for path in sorted(folder.glob("t/*.js")):
        payload = _payload(path)
        for token, deltas in payload["terms"].items():
            pieces[token].append((payload.get("part", 0), deltas))
    for token, runs in pieces.items():
        total, values = 0, []
        for _part, deltas in sorted(runs):
            for d in deltas:
                total += d
                values.append(total // 2)
        terms[token] = values
    return [docs[n] for n in sorted(docs)], terms


def _payload(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1 : text.rindex(")")])
