"""The editors' workflow: the scaffolder, the CI and pre-commit files (which cannot run here, so
they are checked to parse and to name commands that exist), and documentation that stays true."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from scripts.load import load_knowledge_base
from scripts.problems import ProblemsFound
from scripts.registry import KIND_BY_NAME, record_file
from scripts.scaffold import KINDS, new_entry

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def make_targets() -> set[str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set()
    for line in text.splitlines():
        m = re.match(r"^([a-zA-Z][\w .-]*?):(?!=)", line)
        if m:
            targets.update(m.group(1).split())
    return targets


@pytest.mark.parametrize("kind", list(KINDS))
def test_scaffolded_entry_validates_and_is_commented(project, kind):
    path = new_entry(project, kind, f"new-{kind}-one")
    assert path == project / record_file(KIND_BY_NAME[kind], f"new-{kind}-one")
    text = path.read_text(encoding="utf-8")
    assert text.startswith(f"# yaml-language-server: $schema=../schema/{kind}.schema.json\n")
    assert f"\nid: new-{kind}-one\n" in text and "TODO" in text and "# New " in text
    kb = load_knowledge_base(project)
    assert f"new-{kind}-one" in {r.id for r in kb.records(KIND_BY_NAME[kind])}


def test_scaffolder_refuses_an_existing_id_and_changes_nothing(project):
    before = (project / "data" / "events" / "nmi-created.yaml").read_bytes()
    with pytest.raises(ProblemsFound) as err:
        new_entry(project, "event", "nmi-created")
    assert str(err.value.problems[0]) == "data/events/nmi-created.yaml:1:1: id: an event `nmi-created` already exists — choose another id for the new record"
    assert (project / "data" / "events" / "nmi-created.yaml").read_bytes() == before


def test_scaffolder_refuses_a_bad_id(project):
    with pytest.raises(ProblemsFound) as err:
        new_entry(project, "term", "Bad Id")
    assert "is not a valid id" in str(err.value)


def test_new_command_end_to_end(project):
    run = lambda *a: subprocess.run([sys.executable, "-m", "scripts.cli", "--root", str(project), *a], capture_output=True, text=True, timeout=60)
    ok = run("new", "event", "--id", "nato-summit-2024", "--date", "2024-07")
    assert ok.returncode == 0, ok.stderr
    assert '\ndate: "2024-07"' in (project / "data" / "events" / "nato-summit-2024.yaml").read_text(encoding="utf-8")
    again = run("new", "event", "--id", "nato-summit-2024")
    assert again.returncode == 1 and "already exists" in again.stderr and "Traceback" not in again.stderr


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_parses_pins_actions_and_runs_real_commands(workflow):
    doc = yaml.safe_load(workflow.read_text(encoding="utf-8"))
    # PyYAML reads the key `on` as True (YAML 1.1): accept either.
    assert doc.get("on", doc.get(True))
    assert "permissions" in doc, "least privilege: declare permissions"
    targets = make_targets()
    for name, job in doc["jobs"].items():
        assert "runs-on" in job and job.get("timeout-minutes")
        for step in job["steps"]:
            if "uses" in step:
                assert re.search(r"@(v\d+\.\d+\.\d+|[0-9a-f]{40})$", step["uses"]), f"{name}: pin {step['uses']} to an exact version"
            for command in re.findall(r"\bmake ([\w-]+)", step.get("run", "")):
                assert command in targets, f"{workflow.name}: `make {command}` is not a Makefile target"


def test_pages_deploy_job_alone_can_write_pages():
    doc = yaml.safe_load((ROOT / ".github" / "workflows" / "deploy.yml").read_text(encoding="utf-8"))
    assert doc["permissions"] == {}
    assert doc["jobs"]["build"]["permissions"] == {"contents": "read"}
    assert doc["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


def test_pre_commit_hooks_run_real_commands():
    doc = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    targets = make_targets()
    hooks = [h for repo in doc["repos"] for h in repo["hooks"]]
    assert {h["id"] for h in hooks} >= {"validate-data"}
    for hook in hooks:
        command = hook["entry"].split()
        assert command[0] == "make" and command[1] in targets


def test_every_documented_make_target_is_in_the_readme_or_contributing():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    documented = re.findall(r"^## .*\n([\w -]+):", makefile, flags=re.M)
    docs = (ROOT / "README.md").read_text(encoding="utf-8") + (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    missing = [t for line in documented for t in line.split() if f"make {t}" not in docs]
    assert missing == []


def test_ci_runs_the_readme_test_command():
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in (ROOT / "README.md").read_text(encoding="utf-8")
