"""The package's layers hold: import-linter's contracts (pyproject.toml) pass on the code and fail
on a copy of it with an import that goes up a layer, and no import hides inside a function
without saying why."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "scripts" / "nmikb"
LINT = Path(sys.executable).parent / "lint-imports"


def lint(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT), "--no-cache", "--no-logo"],
        cwd=project,
        # The copy's package first: the editable install points at the project's own.
        env=dict(os.environ, PYTHONPATH=str(project / "scripts")),
        capture_output=True,
        text=True,
    )


def test_the_contracts_hold_on_the_code():
    run = lint(ROOT)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 broken" in run.stdout


def test_an_import_up_a_layer_breaks_a_contract_and_is_named(tmp_path):
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(PACKAGE, tmp_path / "scripts" / "nmikb")
    models = tmp_path / "scripts" / "nmikb" / "data" / "models" / "common.py"
    # The data format reaching up to the renderer, hidden in a function as cycles used to be.
    models.write_text(
        models.read_text(encoding="utf-8")
        + "\n\ndef _late():\n    from nmikb.pages import render\n\n    return render\n",
        encoding="utf-8",
    )
    run = lint(tmp_path)
    assert run.returncode == 1, run.stdout
    assert "nmikb.data is not allowed to import nmikb.pages" in run.stdout
    assert "nmikb.data.models.common -> nmikb.pages.render" in run.stdout


def test_no_import_hides_in_a_function_without_saying_why():
    """An import inside a function is how a cycle used to be dodged. One that defers a slow or
    optional dependency says so in a comment, on its line or the line above."""
    silent = []
    for path in PACKAGE.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        for node in ast.walk(ast.parse(source)):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for inner in ast.walk(node):
                if isinstance(inner, ast.Import | ast.ImportFrom):
                    here = lines[inner.lineno - 1]
                    above = lines[inner.lineno - 2].strip()
                    if "#" not in here and not above.startswith("#"):
                        silent.append(f"{path.relative_to(ROOT)}:{inner.lineno}: {here.strip()}")
    assert silent == []
