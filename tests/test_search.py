"""The search index splitter (scripts/nmikb/site/searchindex.py), on small hand-made indexes."""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

import pytest

from nmikb.site import searchindex
from nmikb.site.searchindex import (
    build_shards,
    excerpt,
    fold,
    read_shards,
    shard_name,
    shard_search_index,
    tokenize,
)

# The project's separator (mkdocs.yml): apostrophes and quotation marks split words too.
SEPARATOR = r"""[\s\-,:;!?=\[\]()"/'’«»]+|\.(?!\d)"""
CONFIG = {
    "lang": ["fr"],
    "separator": SEPARATOR,
    "pipeline": ["trimmer", "stemmer"],
    "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}},
}
DOCS = [
    {"location": "glossary.html", "title": "Glossaire", "text": "<p>Les sigles.</p>"},
    {
        "location": "glossary.html#nac",
        "title": "CAN — Conseil de l’Atlantique Nord",
        "text": "<p>L’organe de décision de l’<code>OTAN</code> &amp; ses alliés.</p>",
    },
    {
        "location": "events/2018.html",
        "title": "Création de la mission (2018)",
        "text": "<p>La mission conseille l’État irakien depuis 2018, version 1.5.</p>",
    },
]


def index(docs=DOCS, config=CONFIG) -> dict:
    return {"config": dict(config), "docs": docs}


def payload(data: bytes) -> dict:
    text = data.decode("utf-8")
    assert text.startswith("__kbSearch(") and text.endswith(");\n")
    return json.loads(text[len("__kbSearch(") : -3])


@pytest.mark.parametrize(
    "text,tokens",
    [
        ("Conseil de l’Atlantique Nord", ["conseil", "de", "l", "atlantique", "nord"]),
        ("l'État-major (2018).", ["l", "état", "major", "2018"]),
        ("version 1.5, «non combattante»", ["version", "1.5", "non", "combattante"]),
        ("NATO — NMI… ok!", ["nato", "nmi", "ok"]),  # a lone dash or an ellipsis is no word
        ("  ", []),
    ],
)
def test_tokens_are_split_like_materials_tokenizer_and_lowercased(text, tokens):
    assert tokenize(text, re.compile(SEPARATOR)) == tokens


def test_keys_fold_accents_and_file_names_stay_ascii():
    assert fold("État") == "Etat" and fold("œuvre") == "oeuvre"
    assert shard_name("et") == "et" and shard_name("20") == "20"
    assert shard_name("عر") == "_639__631_"
    assert all(
        re.fullmatch(r"[a-z0-9_]+", shard_name(fold(w)[:2]))
        for w in ("état", "ça", "ünï", "ßa", "日本")
    )


def test_term_shards_hold_each_token_with_its_documents_and_title_flag():
    stub, files = build_shards(index())
    at = payload(files["t/at.js"])
    assert at["key"] == "at" and set(at["terms"]) == {"atlantique"}
    # Doc numbers times two, plus one for a title; as gaps: doc 1, in its title.
    assert at["terms"]["atlantique"] == [3]
    # Markup never becomes a token; entities are decoded first.
    assert (
        "code" not in payload(files["t/co.js"])["terms"]
        and "amp" not in payload(files["t/al.js"])["terms"]
    )
    assert "otan" in payload(files["t/ot.js"])["terms"]
    # Accented tokens are kept as written, filed under their folded key.
    assert payload(files["t/et.js"])["terms"] == {"état": [4]}
    # "l" is in the title of doc 1 (2*1+1) and the text of doc 2 (2*2, a gap of 1).
    assert payload(files["t/l.js"])["terms"] == {"l": [3, 1]}
    assert (
        "2018" in payload(files["t/20.js"])["terms"]
        and "1.5" in payload(files["t/1_2e_.js"])["terms"]
    )


def test_document_shards_hold_location_title_excerpt_and_the_way_to_the_page():
    stub, files = build_shards(index())
    docs = payload(files["d/0.js"])["docs"]
    assert docs[0] == ["glossary.html", "Glossaire", "Les sigles.", 0]
    assert docs[1] == [
        "glossary.html#nac",
        "CAN — Conseil de l’Atlantique Nord",
        "L’organe de décision de l’OTAN & ses alliés.",
        1,
    ]
    assert docs[2][0] == "events/2018.html" and docs[2][3] == 0


def test_the_stub_keeps_materials_config_and_lists_the_shards():
    stub, files = build_shards(index())
    assert stub["docs"] == []
    config = stub["config"]
    assert {k: v for k, v in config.items() if k != "shards"} == CONFIG
    shards = config["shards"]
    assert shards["docs"] == 3 and shards["per"] == searchindex.DOCS_PER_SHARD
    assert {shard_name(k) for k in shards["keys"].split()} == {
        p[2:-3] for p in files if p.startswith("t/")
    }
    assert re.fullmatch(r"[0-9a-f]{12}", shards["version"])
    assert len(json.dumps(stub)) < 1000


def test_documents_are_spread_over_shards_of_fixed_size(monkeypatch):
    monkeypatch.setattr(searchindex, "DOCS_PER_SHARD", 2)
    stub, files = build_shards(index())
    assert sorted(p for p in files if p.startswith("d/")) == ["d/0.js", "d/1.js"]
    assert payload(files["d/1.js"]) == {
        "n": 1,
        "docs": [
            [
                "events/2018.html",
                "Création de la mission (2018)",
                "La mission conseille l’État irakien depuis 2018, version 1.5.",
                0,
            ]
        ],
    }


def test_a_big_term_shard_is_split_by_the_third_character(monkeypatch):
    monkeypatch.setattr(searchindex, "SPLIT_BYTES", 120)
    docs = [
        {"location": f"p{i}.html", "title": f"Page {i}", "text": "de des depuis décide dans"}
        for i in range(20)
    ]
    stub, files = build_shards(index(docs))
    assert stub["config"]["shards"]["split"]["de"] == "cps"
    assert set(payload(files["t/de.js"])["terms"]) == {"de"}  # the short tokens stay
    assert set(payload(files["t/dep.js"])["terms"]) == {"depuis"}
    assert set(payload(files["t/dec.js"])["terms"]) == {"décide"}
    assert "t/da.js" in files and set(stub["config"]["shards"]["split"]) == {"de"}


def test_a_child_still_too_big_is_split_again_by_the_next_character(monkeypatch):
    monkeypatch.setattr(searchindex, "SPLIT_BYTES", 150)
    docs = [
        {"location": f"p{i}.html", "title": f"Page {i}", "text": "de dep depuis dépose départ"}
        for i in range(20)
    ]
    stub, files = build_shards(index(docs))
    split = stub["config"]["shards"]["split"]
    assert split["de"] == "p" and split["dep"] == "aou"
    assert set(payload(files["t/dep.js"])["terms"]) == {"dep"}  # as long as its key: it stays
    assert set(payload(files["t/depu.js"])["terms"]) == {"depuis"}
    assert set(payload(files["t/depa.js"])["terms"]) == {"départ"}
    assert _read(files)[1]["dépose"] == list(range(20))


def test_what_no_character_splits_is_cut_into_parts_that_read_back(monkeypatch):
    """One word in every page ("of", "de") cannot be split by its letters: its documents are
    cut into parts of at most SPLIT_BYTES, which the worker loads together."""
    monkeypatch.setattr(searchindex, "SPLIT_BYTES", 300)
    docs = [{"location": f"p{i}.html", "title": "T", "text": "of ok"} for i in range(400)]
    stub, files = build_shards(index(docs))
    parts = stub["config"]["shards"]["parts"]
    assert parts["of"] > 2 and "ok" in parts
    names = [f"t/of{f'-{n}' if n else ''}.js" for n in range(parts["of"])]
    assert all(len(files[name]) <= 300 for name in names)
    assert [payload(files[name])["part"] for name in names] == list(range(parts["of"]))
    assert all(len(data) <= 300 for name, data in files.items() if name.startswith("t/"))
    _docs, terms = _read(files)
    assert terms["of"] == terms["ok"] == list(range(400))


def test_shards_made_again_from_the_last_ones_are_those_made_from_nothing(monkeypatch):
    """After an edit, only the shards of the words that came or went are made again, from the
    last shards (nmikb/site/finish.py keeps the index they were made from): the same files."""
    monkeypatch.setattr(searchindex, "SPLIT_BYTES", 150)
    docs = [
        {"location": f"p{i}.html", "title": f"Page {i}", "text": "de dep depuis dépose départ of"}
        for i in range(30)
    ]
    old = index(docs)
    stub, files = build_shards(old)
    edited = [dict(d) for d in docs]
    edited[3] = {**docs[3], "title": "Départ dépose", "text": "Autre chose"}
    edited[17] = {**docs[17], "text": "depuis"}
    new = index(edited)
    made = searchindex.update_shards(old, new, stub, lambda rel: files[rel])
    assert made is not None
    assert made == build_shards(new)
    moved = index([*edited[1:], edited[0]])  # another order of pages: everything again
    assert searchindex.update_shards(old, moved, stub, lambda rel: files[rel]) is None


def test_a_section_made_again_points_back_to_its_page_in_an_earlier_shard():
    """A document shard made again after an edit (update_shards) makes only its own documents,
    but a section's `back` (how far before it its page's entry is) may reach into the shard
    before: the same file as a build from nothing."""
    per = searchindex.DOCS_PER_SHARD
    docs = [
        {"location": f"p{i}.html", "title": f"Page {i}", "text": "words"} for i in range(per - 1)
    ]
    docs += [{"location": "q.html", "title": "Q", "text": "q"}]  # the last of the first shard
    docs += [{"location": f"q.html#s{i}", "title": f"S{i}", "text": "s"} for i in range(3)]
    old = index(docs)
    stub, files = build_shards(old)
    edited = [dict(d) for d in docs]
    edited[per + 1] = {**docs[per + 1], "text": "another text"}
    new = index(edited)
    made = searchindex.update_shards(old, new, stub, lambda rel: files[rel])
    assert made is not None and made == build_shards(new)
    second = payload(made[1]["d/1.js"])
    assert [d[3] for d in second["docs"]] == [1, 2, 3]


def test_excerpts_are_short_and_cut_between_words():
    text = "word " * 100
    cut = excerpt(text, 50)
    assert (
        cut.endswith("…")
        and len(cut) <= 51
        and "  " not in cut
        and cut[:-1].split(" ")[-1] == "word"
    )
    assert excerpt("Short.\n\n  Text.") == "Short. Text."


def test_every_token_and_document_reads_back():
    stub, files = build_shards(index())
    docs, terms = _read(files)
    assert [d[0] for d in docs] == [d["location"] for d in DOCS]
    assert terms["conseil"] == [1] and terms["mission"] == [2] and terms["l"] == [1, 2]


def _read(files: dict[str, bytes]):
    with tempfile.TemporaryDirectory() as tmp:
        for rel, data in files.items():
            (Path(tmp) / "search" / rel).parent.mkdir(parents=True, exist_ok=True)
            (Path(tmp) / "search" / rel).write_bytes(data)
        return read_shards(Path(tmp))


def _edition(tmp_path: Path, name: str, docs=DOCS) -> Path:
    edition = tmp_path / name
    (edition / "search").mkdir(parents=True)
    text = json.dumps(index(docs))
    (edition / "search" / "search_index.json").write_text(text, encoding="utf-8")
    (edition / "search" / "search_index.js").write_text("var __index = " + text, encoding="utf-8")
    return edition


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_two_runs_write_the_same_bytes_whatever_the_order_of_shards(tmp_path):
    a, b = _edition(tmp_path, "a"), _edition(tmp_path, "b")
    figures = shard_search_index(a, "fr")
    shard_search_index(b, "fr")
    assert _tree(a) == _tree(b)
    assert figures == {
        "docs": 3,
        "shards": len(_tree(a)) - 2,
        "bytes": sum(len(v) for k, v in _tree(a).items() if "/search_index" not in "/" + k),
    }


def test_the_step_replaces_the_index_by_a_stub_for_both_ways_pages_load_it(tmp_path):
    edition = _edition(tmp_path, "site")
    shard_search_index(edition, "fr")
    stub = json.loads((edition / "search" / "search_index.json").read_text(encoding="utf-8"))
    script = (edition / "search" / "search_index.js").read_text(encoding="utf-8")
    assert script == "var __index = " + (edition / "search" / "search_index.json").read_text(
        encoding="utf-8"
    )
    assert stub["docs"] == [] and stub["config"]["lang"] == ["fr"]
    # Run again on a smaller index: no shard of the first run is left behind.
    (edition / "search" / "search_index.json").write_text(
        json.dumps(index(DOCS[:1])), encoding="utf-8"
    )
    shard_search_index(edition, "fr")
    assert sorted(p.name for p in (edition / "search" / "t").iterdir()) == [
        "gl.js",
        "le.js",
        "si.js",
    ]


def test_an_index_of_another_language_is_refused(tmp_path):
    with pytest.raises(ValueError, match="not 'en'"):
        shard_search_index(_edition(tmp_path, "site"), "en")
