"""The editors' workflow: the scaffolder, the CI and pre-commit files (which cannot run here, so
they are checked to parse and to name commands that exist), and documentation that stays true."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from nmikb.data.problems import ProblemsFound
from nmikb.data.registry import KIND_BY_NAME, record_file
from nmikb.editors.scaffold import KINDS, new_entry
from nmikb.knowledge.load import load_knowledge_base
from nmikb.system.project import UsageError

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


def a_source(project: Path) -> str:
    """A source of the project's data, for a new record to quote: with several sources the
    scaffolder asks which (tests/test_many_sources.py), so these tests name one, whatever the data
    holds."""
    return sorted(p.stem for p in (project / "data" / "sources").glob("*.yaml"))[0]


@pytest.mark.parametrize("kind", list(KINDS))
def test_scaffolded_entry_validates_and_is_commented(project, kind):
    source = None if kind == "source" else a_source(project)
    path = new_entry(project, kind, f"new-{kind}-one", source=source)
    assert path == project / record_file(KIND_BY_NAME[kind], f"new-{kind}-one")
    text = path.read_text(encoding="utf-8")
    assert text.startswith(f"# yaml-language-server: $schema=../schema/{kind}.schema.json\n")
    assert f"\nid: new-{kind}-one\n" in text and "TODO" in text and "# New " in text
    kb = load_knowledge_base(project)
    assert f"new-{kind}-one" in {r.id for r in kb.records(KIND_BY_NAME[kind])}


def test_scaffolder_refuses_an_existing_id_and_changes_nothing(project, kb):
    event = kb.events[0].id
    path = project / "data" / "events" / f"{event}.yaml"
    before = path.read_bytes()
    with pytest.raises(ProblemsFound) as err:
        new_entry(project, "event", event, source=a_source(project))
    assert (
        str(err.value.problems[0])
        == f"data/events/{event}.yaml:1:1: id: an event `{event}` already "
        "exists — choose another id for the new record"
    )
    assert path.read_bytes() == before


def test_scaffolder_refuses_a_bad_id(project):
    with pytest.raises(UsageError) as err:
        new_entry(project, "term", "Bad Id")
    assert str(err.value).startswith("--id `Bad Id` is not a valid id — use lowercase letters")
    with pytest.raises(UsageError, match="reserved for a list page"):
        new_entry(project, "event", "index")
    assert sorted(p.name for p in (project / "data" / "glossary").iterdir()) == sorted(
        p.name for p in (ROOT / "data" / "glossary").iterdir()
    )


def test_new_command_end_to_end(project):
    def run(*a):
        return subprocess.run(
            [sys.executable, "-m", "nmikb", "--root", str(project), *a],
            capture_output=True,
            text=True,
            timeout=60,
        )

    source = ("--source", a_source(project))
    ok = run("new", "event", "--id", "test-skeleton", "--date", "2024-07", *source)
    assert ok.returncode == 0, ok.stderr
    assert '\ndate: "2024-07"' in (project / "data" / "events" / "test-skeleton.yaml").read_text(
        encoding="utf-8"
    )
    again = run("new", "event", "--id", "test-skeleton", *source)
    assert (
        again.returncode == 1
        and "already exists" in again.stderr
        and "Traceback" not in again.stderr
    )
    assert again.stderr.splitlines()[-1] == "1 problem found; nothing was written."
    # The skeleton previews (`make serve`), but its placeholders are never published.
    todo = run("validate")
    assert todo.returncode == 1, todo.stdout
    assert (
        "data/events/test-skeleton.yaml:6:7: title.en: a placeholder of the skeleton is still "
        "here — write the text it asks for in its place" in todo.stderr.splitlines()
    )
    assert run("site", "--out", str(project / "out")).returncode == 1
    assert not (project / "out").exists()
    bad = run("new", "event", "--id", "Bad_Id", *source)
    assert bad.returncode == 2 and bad.stderr.startswith("--id `Bad_Id` is not a valid id — ")


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_parses_pins_actions_and_runs_real_commands(workflow):
    text = workflow.read_text(encoding="utf-8")
    doc = yaml.safe_load(text)
    # PyYAML reads the key `on` as True (YAML 1.1): accept either.
    assert doc.get("on", doc.get(True))
    assert doc.get("permissions") == {}, (
        "least privilege: no permission at the top, each job asks for its own"
    )
    targets = make_targets()
    for name, job in doc["jobs"].items():
        assert "runs-on" in job and job.get("timeout-minutes")
        assert "permissions" in job, f"{name}: declare the job's permissions"
        for step in job["steps"]:
            if "uses" in step:
                # A tag can be moved to other code; a commit cannot.
                assert re.search(r"@[0-9a-f]{40}$", step["uses"]), (
                    f"{name}: pin {step['uses']} to a full commit SHA"
                )
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step.get("with", {}).get("persist-credentials") is False, (
                    f"{name}: check out with persist-credentials: false"
                )
            for command in re.findall(r"\bmake ([\w-]+)", step.get("run", "")):
                assert command in targets, (
                    f"{workflow.name}: `make {command}` is not a Makefile target"
                )
    # The version each commit stands for, for readers and for Dependabot, which updates both.
    for line in re.findall(r"^\s*(?:- )?uses: .*$", text, flags=re.M):
        assert re.search(r"@[0-9a-f]{40} # v\d+\.\d+\.\d+$", line), (
            f"{workflow.name}: `{line.strip()}` needs its version in a comment: # vX.Y.Z"
        )


def test_pages_deploy_job_alone_can_write_pages():
    doc = yaml.safe_load(
        (ROOT / ".github" / "workflows" / "deploy.yml").read_text(encoding="utf-8")
    )
    assert doc["permissions"] == {}
    assert doc["jobs"]["build"]["permissions"] == {"contents": "read"}
    assert doc["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


def test_pages_are_published_only_after_every_test_passed_on_that_commit():
    doc = yaml.safe_load(
        (ROOT / ".github" / "workflows" / "deploy.yml").read_text(encoding="utf-8")
    )
    jobs = doc["jobs"]
    needs = jobs["deploy"]["needs"]
    needs = [needs] if isinstance(needs, str) else needs
    # Jobs of one run share its commit: a job that runs `make test` must succeed before the
    # deployment.
    testing = [
        n
        for n in needs
        if any(re.search(r"\bmake test\b", s.get("run", "")) for s in jobs[n]["steps"])
    ]
    assert testing, "the deploy job must need a job that runs `make test`"
    assert "build" in needs
    assert jobs["deploy"]["if"] == "github.ref == 'refs/heads/main'"
    assert all(
        job["permissions"] == {"contents": "read"} for name, job in jobs.items() if name != "deploy"
    )


def test_dependabot_updates_every_locked_ecosystem():
    doc = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    assert {u["package-ecosystem"] for u in doc["updates"]} >= {"pip", "npm", "github-actions"}


def read_lock(path: Path) -> dict[str, tuple[str, list[str]]]:
    """name -> (version, hashes) of a pip-compile lock; fails on any requirement that is not
    exact."""
    entries = {}
    # pip-compile writes each requirement over several lines joined by backslashes.
    for line in path.read_text(encoding="utf-8").replace("\\\n", " ").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        m = re.fullmatch(
            r"([A-Za-z0-9][\w.-]*)==([\w.+!-]+)(?:\s*;.*?)?((?:\s+--hash=sha256:[0-9a-f]{64})+)",
            line,
        )
        assert m, f"{path.name}: `{line[:80]}` is not an exact pin with hashes"
        entries[canonical(m.group(1))] = (
            m.group(2),
            re.findall(r"sha256:([0-9a-f]{64})", m.group(3)),
        )
    return entries


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def direct_pins(requirements: list[str], where: str) -> dict[str, str]:
    """name -> version of requirement strings from pyproject.toml; each must be exact."""
    pins = {}
    for line in requirements:
        name, _, version = line.partition("==")
        assert version and not any(c in version for c in "<>=!~,;"), (
            f"pyproject.toml {where}: pin `{line}` to an exact version"
        )
        pins[canonical(name)] = version
    return pins


def test_every_python_dependency_is_locked_with_hashes_and_follows_pyproject():
    site = read_lock(ROOT / "requirements.txt")
    dev = read_lock(ROOT / "requirements-dev.txt")
    assert all(hashes for _, hashes in [*site.values(), *dev.values()])
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    runtime = direct_pins(project["project"]["dependencies"], "dependencies")
    build = direct_pins(project["build-system"]["requires"], "build-system.requires")
    tools = direct_pins(project["project"]["optional-dependencies"]["dev"], "the dev extra")
    # Run `make lock` after changing a pin in pyproject.toml: the locks must say the same. The
    # site's lock holds what installs the package (setuptools) too.
    for lock, pins in ((site, runtime | build), (dev, runtime | build | tools)):
        for name, version in pins.items():
            assert lock.get(name, ("missing",))[0] == version, (
                f"{name}=={version} in pyproject.toml is not in its lock: run `make lock`"
            )
    # The tests run on exactly the packages the site is built with.
    assert {name: site[name][0] for name in site} == {
        name: dev[name][0] for name in site if name in dev
    }
    assert set(site) <= set(dev)


def test_every_install_checks_hashes_and_stamps_only_after_success():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    installs = [line for line in makefile.splitlines() if "pip install" in line]
    # Every download is checked against the lock; the one install without hashes is the
    # project's own folder, which must fetch nothing (no index, no dependencies).
    local = [line for line in installs if "--require-hashes" not in line]
    assert installs and len(local) == 1
    assert all(flag in local[0] for flag in ("--no-index", "--no-deps", "--editable ."))
    for stamp, lock in ((".site-deps", "requirements.txt"), (".dev-deps", "requirements-dev.txt")):
        recipe = re.search(
            rf"^\$\(VENV\)/{re.escape(stamp)}:.*\n((?:\t.*\n)+)", makefile, flags=re.M
        )
        assert recipe, f"no rule for {stamp}"
        lines = recipe.group(1).strip().splitlines()
        assert any(
            line.strip().lstrip("@").startswith(f"$(PIP_INSTALL) -r {lock}") for line in lines
        )
        # make stops at the first failing line, so a stamp touched last marks a finished install.
        assert lines[-1].strip().lstrip("@") == "touch $@"
    # The package is installed after the site's lock (setuptools comes from it).
    site_recipe = makefile[makefile.index("$(VENV)/.site-deps:") :]
    assert site_recipe.index("-r requirements.txt") < site_recipe.index("--editable .")


def test_make_test_audits_the_workflows_before_pytest():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("test", "test-fast"):
        prerequisites = re.search(rf"^{target}:(.*)$", makefile, flags=re.M).group(1).split()
        assert "lint-workflows" in prerequisites


def lint_workflows(github_dir: Path) -> subprocess.CompletedProcess:
    """`make lint-workflows` on a copy of .github, with this interpreter's venv, installing
    nothing."""
    venv = Path(sys.prefix)
    return subprocess.run(
        [
            "make",
            "-s",
            "-o",
            f"{venv}/.dev-deps",
            "lint-workflows",
            f"VENV={venv}",
            f"WORKFLOWS_DIR={github_dir}",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_workflow_audit_finds_nothing_here_and_fails_on_an_unpinned_action(tmp_path):
    shutil.copytree(ROOT / ".github", tmp_path / "ok" / ".github")
    ok = lint_workflows(tmp_path / "ok" / ".github")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "No findings" in ok.stdout + ok.stderr

    shutil.copytree(ROOT / ".github", tmp_path / "bad" / ".github")
    workflow = tmp_path / "bad" / ".github" / "workflows" / "pull-request.yml"
    text = workflow.read_text(encoding="utf-8")
    unpinned = re.sub(r"actions/checkout@[0-9a-f]{40} # (v[\d.]+)", r"actions/checkout@\1", text)
    assert unpinned != text
    workflow.write_text(unpinned, encoding="utf-8")
    bad = lint_workflows(tmp_path / "bad" / ".github")
    assert bad.returncode != 0
    assert "unpinned-uses" in bad.stdout + bad.stderr


def test_pre_commit_hooks_run_real_commands():
    doc = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    targets = make_targets()
    hooks = [h for repo in doc["repos"] for h in repo["hooks"]]
    assert {h["id"] for h in hooks} >= {"validate-data"}
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    for hook in hooks:
        command = hook["entry"].split()
        assert command[0] == "make" and command[1] in targets
        # A hook whose files moved away would silently never run again.
        pattern = re.compile(hook.get("files", ""))
        assert any(pattern.search(f) for f in tracked), f"{hook['id']}: no file matches"


def test_every_documented_make_target_is_in_the_readme_or_contributing():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    documented = re.findall(r"^## .*\n([\w -]+):", makefile, flags=re.M)
    docs = (ROOT / "README.md").read_text(encoding="utf-8") + (ROOT / "CONTRIBUTING.md").read_text(
        encoding="utf-8"
    )
    missing = [t for line in documented for t in line.split() if f"make {t}" not in docs]
    assert missing == []


def test_ci_runs_the_readme_test_command():
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in (ROOT / "README.md").read_text(encoding="utf-8")


def documented_make_targets() -> list[list[str]]:
    """The Makefile's documented targets: each `## ` comment and the target line it describes
    (plain `#` comments may sit between), as the names on that line: one command, or a group
    (`new-event new-entity new-term`)."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    return [
        line.split() for line in re.findall(r"^## .*\n(?:#.*\n)*([\w -]+):", makefile, flags=re.M)
    ]


def readme_command_table() -> dict[str, str]:
    """README's table of commands: the target of each row's `make …` command, and the row's text."""
    rows: dict[str, str] = {}
    for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines():
        if m := re.match(r"\|\s*`make ([\w-]+)[^`|]*`\s*\|(.*)\|\s*$", line):
            assert m.group(1) not in rows, f"README: `make {m.group(1)}` has two rows"
            rows[m.group(1)] = m.group(2)
    return rows


def test_readme_command_table_is_the_makefiles_documented_targets():
    # Both ways: every documented target has its row (a group has one row, naming the others),
    # and every row is a documented target, so neither can drift from the other.
    groups, rows = documented_make_targets(), readme_command_table()
    assert len(groups) >= 10 and len(rows) >= 10
    rowless = [group for group in groups if not any(t in rows for t in group)]
    assert rowless == [], "documented in the Makefile (##) but not in README's command table"
    undocumented = [t for t in rows if not any(t in group for group in groups)]
    assert undocumented == [], "in README's command table but not a documented Makefile target"
    for group in groups:
        named = [t for t in group if t in rows]
        assert len(named) == 1, f"one row for {group}, not {named}"
        row = rows[named[0]]
        assert all(f"`make {t}`" in row for t in group if t != named[0]), (
            f"the row of `make {named[0]}` names the others: {group}"
        )
    # The one variable each command takes is in its row too.
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target, variable in (("site", "ENGINE"), ("serve", "PORT"), ("lock", "UPGRADE")):
        assert f"$({variable})" in makefile and f"{variable}=" in rows[target], (
            f"README: say `make {target} {variable}=…`"
        )
