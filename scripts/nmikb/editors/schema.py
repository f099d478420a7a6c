"""JSON Schema for editors, generated from the pydantic models (never written by hand).

Each data file's first line points its editor at the schema, e.g. in data/events/*.yaml:
    # yaml-language-server: $schema=../schema/event.schema.json
"""

from __future__ import annotations

import json
from pathlib import Path

from nmikb.data.models import Strict
from nmikb.data.registry import KINDS, SCHEMA_DIR, SINGLE_FILES, schema_name


def targets() -> dict[str, tuple[type[Strict], str]]:
    """Schema file name -> (model, what it describes), for every kind of data file."""
    out = {schema_name(name): (model, f"data/{name}") for name, model in SINGLE_FILES.items()}
    for kind in KINDS:
        out[kind.schema] = (kind.model, f"data/{kind.folder}/<id>.yaml")
    return out


def schemas() -> dict[str, str]:
    """File name -> JSON text, for every kind of data file."""
    out = {}
    for name, (model, title) in targets().items():
        schema = model.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["title"] = title
        out[name] = json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    return out


def write_schemas(root: Path) -> list[Path]:
    folder = Path(root) / SCHEMA_DIR
    folder.mkdir(parents=True, exist_ok=True)
    expected = schemas()
    written = []
    for name, text in expected.items():
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            written.append(path)
    for stale in sorted(folder.glob("*.schema.json")):
        if stale.name not in expected:
            stale.unlink()
            written.append(stale)
    return written
