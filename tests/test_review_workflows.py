"""The reviewers' workflows hold what README promises: the pull request's diff works in a clone as
shallow as the workflow's, no job of a pull request can write, the link check never runs on a
pull request, and a release is published only after every test passed on its commit."""

from __future__ import annotations

import re
import subprocess

import yaml

from conftest import ROOT
from nmikb.cli import main
from review_repo import GIT_ENV, add_bulletin, append, cite, commit, git, tiny_repo

WORKFLOWS = ROOT / ".github" / "workflows"


def workflow(name: str) -> dict:
    doc = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    # PyYAML reads the key `on` as the boolean True (YAML 1.1).
    doc["on"] = doc.pop(True, doc.get("on"))
    return doc


def steps(doc: dict, job: str) -> list[dict]:
    return doc["jobs"][job]["steps"]


def checkout(doc: dict, job: str) -> dict:
    return next(s for s in steps(doc, job) if s.get("uses", "").startswith("actions/checkout@"))


def test_the_pull_request_diff_works_in_a_clone_as_shallow_as_the_workflows(tmp_path, capsys):
    doc = workflow("pull-request.yml")
    depth = checkout(doc, "check")["with"]["fetch-depth"]
    (command,) = [s["run"] for s in steps(doc, "check") if "nmi-kb diff" in s.get("run", "")]
    args = re.search(r"nmi-kb (diff [^>]*?)\s*>", command)[1].split()
    # GitHub checks out the commit that merges the pull request into its base.
    repo = tiny_repo(tmp_path / "repo")
    git(repo, "checkout", "--quiet", "-b", "contribution")
    add_bulletin(repo)
    append(
        repo,
        "data/events/works-start.yaml",
        cite("The works will begin in 2025.", "Les travaux commenceront en 2025."),
    )
    commit(repo, "A second source")
    git(repo, "checkout", "--quiet", "main")
    commit(repo, "Meanwhile on main")
    git(repo, "merge", "--quiet", "--no-ff", "--no-edit", "contribution")
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "--quiet", f"--depth={depth}", f"file://{repo}", str(clone)],
        check=True,
        env=GIT_ENV,
    )
    (clone / "scripts").unlink()
    (clone / "scripts").symlink_to(ROOT / "scripts")
    assert main(["--root", str(clone), *args]) == 0
    out = capsys.readouterr().out
    assert out.startswith("## What changes in the knowledge base, from ")
    assert "1 source added;" in out


def test_no_job_of_a_pull_request_can_write():
    doc = workflow("pull-request.yml")
    assert set(doc["on"]) == {"pull_request"}  # never pull_request_target
    assert doc["permissions"] == {}
    for job in doc["jobs"].values():
        assert set(job.get("permissions", {}).values()) <= {"read"}


def test_every_validation_problem_becomes_an_annotation_on_pull_requests():
    runs = " ".join(s.get("run", "") for s in steps(workflow("pull-request.yml"), "check"))
    assert "make validate FORMAT=github" in runs


def test_the_link_check_runs_weekly_and_never_on_a_pull_request():
    doc = workflow("check-links.yml")
    assert set(doc["on"]) == {"schedule", "workflow_dispatch"}
    (schedule,) = doc["on"]["schedule"]
    assert schedule["cron"].split()[2:] == ["*", "*", "1"]  # every Monday
    assert doc["jobs"]["links"]["permissions"] == {"contents": "read"}


def test_a_release_is_published_after_every_test_with_the_whole_history():
    doc = workflow("release.yml")
    assert doc["on"] == {"push": {"tags": ["v*"]}}
    jobs = doc["jobs"]
    writers = [name for name, job in jobs.items() if "write" in job.get("permissions", {}).values()]
    assert writers == ["release"]
    assert jobs["release"]["permissions"] == {"contents": "write"}
    assert jobs["release"]["needs"] == ["test"]
    assert any(re.search(r"\bmake test\b", s.get("run", "")) for s in steps(doc, "test"))
    assert checkout(doc, "release")["with"]["fetch-depth"] == 0


def test_readme_and_contributing_describe_the_loop():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    contributing = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for text in ("make diff BASE=main", "make check-links", "make release VERSION=", "| 3    |"):
        assert text in readme, text
    for text in ("Files changed", "site-preview", "make diff BASE=main"):
        assert text in contributing, text
