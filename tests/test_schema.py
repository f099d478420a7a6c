"""The JSON Schema editors use is generated from the models, never stale, and documented."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from nmikb.data.registry import KINDS, SCHEMA_DIR, SINGLE_FILES, schema_name
from nmikb.data.yamlsafe import load_file
from nmikb.editors.schema import schemas, targets

ROOT = Path(__file__).resolve().parent.parent


def data_files(root: Path) -> list[tuple[str, str]]:
    """Every data file of a project, with the schema its first line must name."""
    return [(f"data/{name}", f"schema/{schema_name(name)}") for name in SINGLE_FILES] + [
        (f"data/{kind.folder}/{path.name}", f"../schema/{kind.schema}")
        for kind in KINDS
        for path in sorted((root / "data" / kind.folder).glob("*.yaml"))
    ]


def test_committed_schemas_are_up_to_date():
    for name, text in schemas().items():
        path = ROOT / SCHEMA_DIR / name
        assert path.exists(), f"{path} is missing: run `make schema`"
        assert path.read_text(encoding="utf-8") == text, (
            f"{path} is stale: run `make schema` and commit it"
        )
    assert sorted(p.name for p in (ROOT / SCHEMA_DIR).glob("*.json")) == sorted(schemas())


def _properties(node, trail=""):
    """Every (path, property schema) in a schema, following $defs."""
    if isinstance(node, dict):
        for name, prop in node.get("properties", {}).items():
            yield f"{trail}.{name}", prop
        for key, value in node.items():
            if key != "properties":
                yield from _properties(value, f"{trail}.{key}" if key != "$defs" else "")
    elif isinstance(node, list):
        for item in node:
            yield from _properties(item, trail)


@pytest.mark.parametrize("schema_file", list(targets()))
def test_every_field_has_a_title_a_description_and_an_example(schema_file):
    schema = json.loads(schemas()[schema_file])
    model = targets()[schema_file][0]
    undocumented = []
    for path, prop in _properties(schema):
        if (
            path.count(".") == 1
            and model in SINGLE_FILES.values()
            and path.lstrip(".") in model.model_fields
        ):
            continue  # a single-record file's one top-level key
        if "$ref" in prop and len(prop) == 1:
            continue
        missing = [k for k in ("title", "description") if k not in prop]
        leaf = (
            prop.get("type") == "string"
            or "anyOf" in prop
            and any(a.get("type") == "string" for a in prop["anyOf"])
        )
        if leaf and "examples" not in prop and "enum" not in prop:
            missing.append("examples")
        if missing:
            undocumented.append((path, missing))
    assert undocumented == []


def test_data_files_point_their_editor_at_the_schema_and_validate_against_it(dataset):
    wrong = []
    for data_file, schema_ref in data_files(dataset.root):
        path = dataset.root / data_file
        first = path.read_text(encoding="utf-8").splitlines()[0]
        line = f"# yaml-language-server: $schema={schema_ref}"
        if first != line:
            wrong.append(f"{data_file}: make its first line `{line}` (`make new-…` writes it)")
        schema = json.loads((path.parent / schema_ref).read_text(encoding="utf-8"))
        validator = jsonschema.Draft202012Validator(schema)
        wrong += [f"{data_file}: {e.message}" for e in validator.iter_errors(load_file(path).data)]
    assert wrong == []


def test_schema_rejects_what_the_models_reject():
    schema = json.loads(schemas()["event.schema.json"])
    validator = jsonschema.Draft202012Validator(schema)
    event = {
        "id": "x",
        "date": "2018",
        "title": {"en": "a", "fr": "b"},
        "summary": {"en": "a", "fr": "b"},
        "citations": [{"source": "s", "quote": "q"}],
    }
    assert validator.is_valid(event)
    assert not validator.is_valid({**event, "titel": "typo"})
    assert not validator.is_valid({**event, "date": 2018})
    assert not validator.is_valid({**event, "id": "Not An Id"})
