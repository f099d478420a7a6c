"""Faults and misuse lose nothing: a refused output folder, a busy port, a burst of saves, Ctrl+C
and SIGTERM, a full disk, a read-only folder and misused commands are each answered in one line,
with a conventional exit code, no traceback, and every file where it was."""

from __future__ import annotations

import hashlib
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import make_project
from datafile import position, set_text
from nmikb.site.build import build_site
from nmikb.site.outdir import MARKER, UnsafeOutput, check_output_folder, write_marker
from nmikb.system.interrupts import Interrupted, held, stop_cleanly
from nmikb.system.oserrors import fault_in_output

REPO = Path(__file__).resolve().parent.parent


def digest(folder: Path) -> dict[str, str]:
    """Every file, folder and link under `folder` (links not followed), with its content's hash,
    but for what builds keep for the next one (.build/kept/): a failed build may have moved it on,
    and says so in it (tests/test_incremental.py checks that the next build is still right)."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        if Path(dirpath) == folder / ".build":
            dirnames[:] = [d for d in dirnames if d != "kept"]
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            rel = str(path.relative_to(folder))
            if path.is_symlink():
                out[rel] = "-> " + os.readlink(path)
            elif path.is_dir():
                out[rel] = "dir"
            else:
                out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def cli(
    *args: str, env: dict | None = None, timeout: float = 120, **kwargs
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "nmikb", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        **kwargs,
    )


def one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    assert "Traceback" not in text
    return lines[0]


def wait_for(predicate, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def tmpdir_env(tmp_path) -> tuple[Path, dict]:
    """An environment whose temporary folder is a fresh one of the test's, to check it ends
    empty."""
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    return tmp, dict(os.environ, TMPDIR=str(tmp), PYTHONUNBUFFERED="1")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A project with a previous site, shared by the tests that must leave that site as it was."""
    project = make_project(tmp_path_factory.mktemp("built") / "project")
    build_site(project, project / "site")
    return project


# --- Output folders ----------------------------------------------------------------------------

REFUSED = {
    "data": "data/ folder",
    "data/site": "data/ folder",
    "seeds": "seeds/ folder",
    "docs/site": "docs/ folder",
    "scripts": "scripts/ folder",
    "tests": "tests/ folder",
    ".git": ".git/ folder",
    ".": "project folder or a folder above it",
    "..": "project folder or a folder above it",
    "../users/alice": "home folder",
    "../users": "home folder",
    "notes": "holds files that no build of this site made",
    "notes/todo.txt": "is a file",
}


@pytest.mark.parametrize("out", REFUSED)
def test_a_build_refuses_an_output_folder_it_must_not_replace(tmp_path, tmpdir_env, out):
    project = make_project(tmp_path / "work" / "project")
    for folder in ("tests", ".git", "notes"):
        (project / folder).mkdir()
        (project / folder / "todo.txt").write_text("keep me\n")
    home = tmp_path / "work" / "users" / "alice"
    (home / "letters").mkdir(parents=True)
    (home / "letters" / "mum.txt").write_text("keep me\n")
    tmp, env = tmpdir_env
    env["HOME"] = str(home)
    before = digest(tmp_path / "work")
    result = cli("--root", str(project), "site", "--out", str(project / out), env=env)
    assert result.returncode == 2
    assert REFUSED[out] in one_line(result.stderr)
    assert result.stdout == ""
    # Refused before validation and before any staging folder: not one file touched.
    assert digest(tmp_path / "work") == before
    assert list(tmp.iterdir()) == []


def test_a_missing_or_empty_folder_or_a_previous_build_may_be_replaced(tmp_path):
    project = make_project(tmp_path / "project")
    check_output_folder(project, project / "site")
    (project / "site").mkdir()
    check_output_folder(project, project / "site")
    (project / "site" / "index.html").write_text("<p>old</p>")
    with pytest.raises(UnsafeOutput):
        check_output_folder(project, project / "site")
    write_marker(project / "site")
    check_output_folder(project, project / "site")


def test_every_build_marks_its_output(built):
    assert "make clean" in (built / "site" / MARKER).read_text(encoding="utf-8")


# --- The server --------------------------------------------------------------------------------


def test_a_busy_port_is_one_line_naming_it_and_how_to_choose_another(project, tmpdir_env):
    tmp, env = tmpdir_env
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        result = cli("--root", str(project), "serve", "--port", str(port), env=env, timeout=60)
    assert result.returncode == 1
    line = one_line(result.stderr)
    assert f"Port {port}" in line and f"PORT={port + 1}" in line
    assert list(tmp.iterdir()) == []  # said before anything was built


@pytest.mark.build
def test_a_burst_of_saves_is_one_rebuild_and_a_renamed_file_or_folder_is_a_problem(
    project, kb, tmpdir_env
):
    tmp, env = tmpdir_env
    log = tmp.parent / "serve.log"
    with open(log, "w") as sink:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "nmikb",
                "--root",
                str(project),
                "serve",
                "--port",
                str(free_port()),
            ],
            cwd=REPO,
            stdout=sink,
            stderr=subprocess.STDOUT,
            env=env,
        )
    output = lambda: log.read_text(encoding="utf-8")  # noqa: E731
    try:
        assert wait_for(lambda: "Serving on" in output())  # logged once the watcher runs
        time.sleep(1)
        # An editor saving ten files in a second: one rebuild of the final state.
        files = sorted((project / "data").rglob("*.yaml")) + sorted((project / "docs").glob("*.md"))
        for path in files[:10]:
            path.write_bytes(path.read_bytes())
            time.sleep(0.1)
        assert wait_for(lambda: output().count("Rebuilt in ") == 2)
        time.sleep(4)  # time for a wrongly split burst to show a second rebuild
        assert output().count("Rebuilt in ") == 2 and output().count("Detected file changes") == 1
        ident = kb.glossary[0].id
        term = project / "data" / "glossary" / f"{ident}.yaml"
        line, col = position(term.read_text(encoding="utf-8"), f"id: {ident}\n")
        term.rename(term.with_name(f"{ident}-old.yaml"))
        assert wait_for(
            lambda: (
                f"data/glossary/{ident}-old.yaml:{line}:{col + 4}: id: id `{ident}` does not "
                f"match the file name `{ident}-old.yaml`" in output()
            )
        )
        # The whole data folder renamed away, then back: reported, then watched again.
        (project / "data").rename(project / "data-away")
        assert wait_for(lambda: "data/:1:1: no `data` folder in" in output())
        (project / "data-away" / "glossary" / f"{ident}-old.yaml").rename(
            project / "data-away" / "glossary" / f"{ident}.yaml"
        )
        (project / "data-away").rename(project / "data")
        assert wait_for(lambda: output().count("Rebuilt in ") == 3)
        set_text(project / "data" / "events" / f"{kb.events[0].id}.yaml", "title", "en", "Edited")
        assert wait_for(lambda: output().count("Rebuilt in ") == 4)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 143
    finally:
        if proc.poll() is None:
            proc.kill()
    assert "Traceback" not in output()
    assert output().strip().endswith("Stopped by SIGTERM.")
    assert list(tmp.iterdir()) == []


@pytest.mark.build
def test_ctrl_c_while_serve_builds_leaves_no_temporary_folder(project, tmpdir_env):
    tmp, env = tmpdir_env
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "nmikb",
            "--root",
            str(project),
            "serve",
            "--port",
            str(free_port()),
        ],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,
    )
    try:
        # Once the first build has written its trees (MkDocs at work), Ctrl+C as a terminal sends
        # it: to the whole group.
        assert wait_for(lambda: any(tmp.glob("nmi-kb-serve-*/trees/en/mkdocs.yml")))
        os.killpg(proc.pid, signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130
    assert one_line(stderr) == "Stopped by Ctrl+C (SIGINT)."
    assert list(tmp.iterdir()) == []


# --- Interrupted and failing builds --------------------------------------------------------------


def test_a_signal_while_a_process_is_started_and_recorded_waits_for_the_record():
    """The window that left a staging folder behind on a loaded machine, made certain: the
    signal arrives inside held(), where a process is started and not yet recorded."""
    steps = []
    with pytest.raises(Interrupted) as stopped, stop_cleanly():
        with held():
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(0.1)  # time for the handler to run, had it raised here
            steps.append("recorded")
        steps.append("went on")
    assert steps == ["recorded"]
    assert stopped.value.exit_code == 143
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL  # stop_cleanly gave it back


def test_a_signal_while_a_held_block_fails_stops_the_command_then_and_there():
    """A signal that comes inside held() while its block fails: Interrupted, with the failure as
    its context, and nothing left pending for a later held() block (in `make serve`, a later
    save would have stopped the server for a Ctrl+C long past)."""
    with pytest.raises(Interrupted) as stopped, stop_cleanly():
        with held():
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(0.1)  # time for the handler to run, had it raised here
            raise ValueError("the block failed")
    assert stopped.value.exit_code == 143
    assert isinstance(stopped.value.__context__, ValueError)
    with stop_cleanly():
        with held():
            pass  # nothing pending: no Interrupted here
    with pytest.raises(ValueError), stop_cleanly(), held():
        raise ValueError("an error alone stays an error")


@pytest.mark.build
@pytest.mark.parametrize(
    "signum,code,said", [(signal.SIGINT, 130, "Ctrl+C (SIGINT)"), (signal.SIGTERM, 143, "SIGTERM")]
)
def test_an_interrupted_build_leaves_the_previous_site_and_no_temporary_folder(
    built, tmpdir_env, signum, code, said
):
    tmp, env = tmpdir_env
    before = digest(built)
    assert not any(built.glob(".site-build-*"))  # else the wait below would not wait
    proc = subprocess.Popen(
        [sys.executable, "-m", "nmikb", "--root", str(built), "site"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,
    )
    try:
        assert wait_for(lambda: any(built.glob(".site-build-*")))
        # Ctrl+C reaches the whole process group; `kill` only the command itself, whose MkDocs runs
        # must then be stopped by it.
        if signum == signal.SIGINT:
            os.killpg(proc.pid, signum)
        else:
            proc.send_signal(signum)
        stdout, stderr = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == code, stderr
    assert one_line(stderr) == f"Stopped by {said}."
    time.sleep(0.5)  # a MkDocs run left alive would write again here
    assert digest(built) == before
    assert list(tmp.iterdir()) == []


@pytest.mark.build
def test_a_signal_as_the_new_site_goes_in_still_removes_the_old_one(built, tmpdir_env):
    """Once the new site is in place, the old one is removed with the staging folder it was
    swapped into. Ctrl+C right then stopped that removal halfway and left the folder behind; now
    the removal ends first. Here the signal is sent as soon as site/ is the new folder."""
    tmp, env = tmpdir_env
    site = built / "site"
    old = site.stat().st_ino

    def swapped() -> bool:
        try:
            return site.stat().st_ino != old
        except FileNotFoundError:  # between the two renames of a system without the exchange
            return False

    proc = subprocess.Popen(
        [sys.executable, "-m", "nmikb", "--root", str(built), "site"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while not swapped() and proc.poll() is None and time.monotonic() < deadline:
            pass  # no sleep: the removal that follows the swap takes milliseconds
        os.killpg(proc.pid, signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert swapped(), stderr
    # Stopped during the removal (130), or after the command was done (0): never half-removed.
    assert proc.returncode in (0, 130), stderr
    assert not any(built.glob(".site-build-*"))
    assert list(tmp.iterdir()) == []


def _file_size_limit(limit: int):
    def limit_writes():
        # Every write past `limit` bytes of a file fails with EFBIG, in this process and the
        # MkDocs runs it starts, as on a full disk. Ignoring SIGXFSZ makes it an error, not a kill.
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(
            resource.RLIMIT_FSIZE, (limit, resource.getrlimit(resource.RLIMIT_FSIZE)[1])
        )

    return limit_writes


@pytest.mark.build
def test_a_full_disk_is_one_line_and_leaves_the_previous_site(built, tmpdir_env):
    # A file size limit (RLIMIT_FSIZE) stands in for a full disk: it needs no privilege and no
    # mount, works as root (which reserved blocks and a small tmpfs would need), and fails the
    # same writes through the same OSError path; ENOSPC's own wording is checked below.
    tmp, env = tmpdir_env
    before = digest(built)
    result = cli("--root", str(built), "site", env=env, preexec_fn=_file_size_limit(64 * 1024))
    assert result.returncode == 1
    line = one_line(result.stderr)
    assert line.startswith(
        "The build stopped: a file is larger than this session may write"
    ) and line.endswith("the previous site is unchanged.")
    assert digest(built) == before
    assert list(tmp.iterdir()) == []


def test_the_wording_of_a_full_disk_in_a_mkdocs_run():
    output = (
        "Traceback (most recent call last):\n  ...\nOSError: [Errno 28] "
        "No space left on device: '/a/b.js' -> '/out/b.js'\n"
    )
    assert (
        fault_in_output(output)
        == "The build stopped: no space left on the disk (/out/b.js) — free "
        "some space, then build again; the previous site is unchanged."
    )
    assert (
        fault_in_output("ERROR - Doc file 'x.md' contains a link to 'y.md', which is not found")
        is None
    )


@contextmanager
def read_only(folder: Path):
    """Make `folder` unwritable, also for root.

    Tests run as root in CI, and root ignores permission bits; an immutable folder (chattr +i)
    refuses root too (EPERM), needs no mount, and is undone by chattr -i. Others get plain
    permissions (EACCES)."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)
        return
    if (
        not shutil.which("chattr")
        or subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode != 0
    ):
        pytest.skip(
            "running as root on a file system without chattr +i: nothing here "
            "can make a folder read-only for root"
        )
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


@pytest.mark.build
def test_a_read_only_output_folder_is_one_line_and_leaves_the_previous_site(built, tmpdir_env):
    tmp, env = tmpdir_env
    before = digest(built)
    with read_only(built):  # the folder that holds site/, where the new site is staged
        result = cli("--root", str(built), "site", env=env)
    assert result.returncode == 1
    line = one_line(result.stderr)
    assert line.startswith(
        ("The build stopped: operation not permitted", "The build stopped: permission denied")
    ), line
    assert digest(built) == before
    assert list(tmp.iterdir()) == []


# --- Misused commands ----------------------------------------------------------------------------

MISUSES = [
    # (arguments, exit code, what the one line names; None: argparse's usage and error)
    (["validate", "--bogus"], 2, None),
    (["frobnicate"], 2, None),
    ([], 2, None),
    (["site", "--out"], 2, None),
    (["serve", "--port"], 2, None),
    (["serve", "--port", "abc"], 2, None),
    (["serve", "--port", "70000"], 2, None),
    (["new", "event"], 2, None),
    (["new", "planet", "--id", "x"], 2, None),
    (["schema", "--out", "x"], 2, None),
    (["serve", "--host", "192.0.2.1"], 1, "not an address of this machine"),
]
for _command in ("validate", "site", "schema", "new", "serve"):
    _extra = ["event", "--id", "x"] if _command == "new" else []
    MISUSES += [
        (["--root", "{missing}", _command, *_extra], 2, "no such folder"),
        (["--root", "{empty}", _command, *_extra], 2, "is not this project"),
        (["--root", "{no-data}", _command, *_extra], 2, "has no data folder"),
    ]
    if _command != "schema":  # the only one that does not read the sources
        MISUSES.append((["--root", "{no-seeds}", _command, *_extra], 2, "has no seeds folder"))


@pytest.mark.parametrize(
    "args,code,says", MISUSES, ids=[" ".join(m[0]) or "no-command" for m in MISUSES]
)
def test_a_misused_command_is_answered_without_a_traceback(tmp_path, tmpdir_env, args, code, says):
    tmp, env = tmpdir_env
    project = make_project(tmp_path / "project")
    roots = {
        "{missing}": tmp_path / "missing",
        "{empty}": tmp_path / "empty",
        "{no-data}": tmp_path / "no-data",
        "{no-seeds}": tmp_path / "no-seeds",
    }
    roots["{empty}"].mkdir()
    for name, gone in (("{no-data}", "data"), ("{no-seeds}", "seeds")):
        shutil.copytree(project, roots[name], symlinks=True)
        shutil.rmtree(roots[name] / gone)
    args = [str(roots.get(a, a)) for a in args]
    if "--root" not in args:
        args = ["--root", str(project), *args]
    if "serve" in args and "--port" not in args:
        args += ["--port", str(free_port())]
    before = digest(tmp_path)
    result = cli(*args, env=env, timeout=60)
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    if says:
        assert says in one_line(result.stderr)
    assert digest(tmp_path) == before  # nothing written anywhere (schema into an empty folder was)
