"""JSON Schema for editors, generated from the pydantic models (never written by hand).

Each data file's first line points its editor at the schema:
    # yaml-language-server: $schema=schema/events.schema.json
"""

from __future__ import annotations

import json
from pathlib import Path

from .models import FILES

SCHEMA_DIR = "data/schema"


def schema_name(data_file: str) -> str:
    return data_file.replace(".yaml", ".schema.json")


def schemas() -> dict[str, str]:
    """File name -> JSON text, for every data file."""
    out = {}
    for data_file, model in FILES.items():
        schema = model.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["title"] = f"data/{data_file}"
        out[schema_name(data_file)] = json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    return out


def write_schemas(root: Path) -> list[Path]:
    folder = Path(root) / SCHEMA_DIR
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schemas().items():
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written
