"""`make bench`: how the build grows with the knowledge base. Prints tables; asserts nothing.

For each size (SIZES=1000,10000 events by default) it writes a synthetic knowledge base shaped
like the real data (synthetic.py: language-specific abbreviations, a glossary letter that fills
in one language only, N/50 sources, notes on most entities), then measures, each through the
command an editor runs:

- validate: `python -m nmikb validate`, a process of its own, as `make validate` runs it: on a
  fresh checkout, then again (the data files as the first run read them are remembered in
  .build/kept/read/: only files whose bytes changed are parsed again);
- clean: `python -m nmikb site` with nothing kept from an earlier build (`make site` on a fresh
  checkout), or how long it ran before it failed, and the message;
- again: `make site` once more after one event's title changed (what a build costs an editor who
  changed one thing); `same` says whether its site is byte for byte the clean build's of the same
  data (a clean build of the changed data is made to compare, untimed);
- steps: what the clean build spent where, as the build reports it (the `--timings` of
  `nmi-kb site`): our own steps (trees, pruning, search, links, archive) against MkDocs' time;
- plain: MkDocs + Material alone on the same generated trees, none of our code in the timed run,
  edition after edition and both side by side (as our build runs them); the ratios are the clean
  build against each;
- memory: the peak of the whole build (every process of it at once, sampled every 50 ms), and
  of its largest single process;
- the biggest page and the biggest search term file of the clean build;
- reload: `make serve` running, one event's title changed in its file: seconds until the server
  returns the page with the new title (the browser's reload adds a few milliseconds).

The load average is printed with each size: other work on the machine slows every figure, so
compare figures of one run only (the ratios are measured in the same run).
"""

from __future__ import annotations

import filecmp
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import make_project  # noqa: E402

from nmikb.edition.editions import EDITIONS  # noqa: E402
from nmikb.knowledge.load import load_knowledge_base  # noqa: E402
from nmikb.site.build import mkdocs_build, mkdocs_env  # noqa: E402
from nmikb.site.tree import write_tree  # noqa: E402

SIZES = [int(n) for n in os.environ.get("SIZES", "1000,10000").split(",")]
PY = sys.executable
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1")
EDITED = "synthetic-event-0"


class PeakMemory:
    """The peak resident memory of a process and all its descendants, summed, sampled from /proc
    (Linux); and the peak of the largest single one."""

    def __init__(self, pid: int) -> None:
        self.pid, self.total, self.single = pid, 0, 0
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _tree(self) -> list[int]:
        children: dict[int, list[int]] = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat", "rb") as f:
                    fields = f.read().rsplit(b")", 1)[1].split()
                children.setdefault(int(fields[1]), []).append(int(entry))
            except OSError:
                continue
        out, todo = [], [self.pid]
        while todo:
            pid = todo.pop()
            out.append(pid)
            todo.extend(children.get(pid, ()))
        return out

    @staticmethod
    def _rss(pid: int) -> int:
        try:
            with open(f"/proc/{pid}/statm", "rb") as f:
                return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError):
            return 0

    def _run(self) -> None:
        while not self.done.wait(0.05):
            sizes = [self._rss(pid) for pid in self._tree()]
            self.total = max(self.total, sum(sizes))
            self.single = max(self.single, max(sizes, default=0))

    def stop(self) -> tuple[float, float]:
        self.done.set()
        self.thread.join()
        return self.total / 2**20, self.single / 2**20


def run_measured(*args: str) -> tuple[float, int, str, float, float]:
    """(seconds, exit code, output, peak MB of the whole tree, peak MB of one process)."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=ENV
    )
    memory = PeakMemory(proc.pid)
    output, _ = proc.communicate()
    seconds = time.perf_counter() - started
    total, single = memory.stop()
    return seconds, proc.returncode, output, total, single


def edit_event(project: Path, old: str, new: str, event: str = EDITED) -> None:
    path = project / "data" / "events" / f"{event}.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def same_tree(a: Path, b: Path) -> bool:
    """Whether two folders hold the same files with the same bytes."""
    listing = {p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file()}
    if listing != {p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file()}:
        return False
    return all(filecmp.cmp(a / rel, b / rel, shallow=False) for rel in listing)


def timings(output: str) -> dict[str, float]:
    """The build's own report of its steps (`nmi-kb site --timings`), if it gives one."""
    return {m[1]: float(m[2]) for m in re.finditer(r"^timing (\S+) ([\d.]+)$", output, re.M)}


def plain_mkdocs(project: Path, tmp: Path) -> tuple[float, float, float]:
    """(edition after edition, side by side, peak MB of one MkDocs) on our generated trees."""
    kb = load_knowledge_base(project)
    trees = [
        write_tree(kb, project, e, tmp / "trees" / e.lang, tmp / "plain" / e.lang) for e in EDITIONS
    ]
    env = mkdocs_env(project)

    def build(side_by_side: bool) -> tuple[float, float]:
        started = time.perf_counter()
        procs, peak = [], 0.0
        for t in trees:
            procs.append(mkdocs_build(t.config, tmp / "plain" / t.root.name, env))
            if not side_by_side:
                memory = PeakMemory(procs[-1].pid)
                _, err = procs[-1].communicate()
                peak = max(peak, memory.stop()[1])
        for proc in procs:
            _, err = proc.communicate()
            if proc.returncode:
                raise SystemExit(f"plain MkDocs failed:\n{err[-2000:]}")
        return time.perf_counter() - started, peak

    (after, peak), (beside, _) = build(False), build(True)
    return after, beside, peak


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def reload_time(
    project: Path, event: str = EDITED, old: str = "measure 0.", new: str = "measure nought."
) -> float:
    """`make serve`: seconds from saving an edit (`old` to `new` in `event`'s file) to the server
    returning the edited page."""
    port = free_port()
    page = f"http://127.0.0.1:{port}/events/{event}.html"
    proc = subprocess.Popen(
        [PY, "-m", "nmikb", "--root", str(project), "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=ENV,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 1800
        while old not in fetch(page):
            if time.monotonic() > deadline or proc.poll() is not None:
                raise SystemExit("make serve did not start")
            time.sleep(0.5)
        time.sleep(2)  # the server is watching: the edit is seen as one
        edit_event(project, old, new, event)
        started = time.perf_counter()
        while new not in fetch(page):
            if time.perf_counter() - started > 600:
                raise SystemExit("make serve did not show the edit")
            time.sleep(0.05)
        return time.perf_counter() - started
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait()
        edit_event(project, new, old, event)


def biggest(folder: Path, pattern: str, leave_out: str | None = None) -> str:
    files = [
        p
        for p in folder.rglob(pattern)
        if leave_out is None or p.relative_to(folder).parts[0] != leave_out
    ]
    top = max(files, key=lambda p: p.stat().st_size)
    return f"{top.stat().st_size / 1024:.0f} KB {top.relative_to(folder).as_posix()}"


def measure(n: int, tmp: Path) -> dict:
    project = make_project(tmp / f"kb-{n}", n)
    row: dict = {"events": n, "load": os.getloadavg()}
    site = ["-m", "nmikb", "--root", str(project), "site"]
    if (
        "--timings"
        in subprocess.run([PY, *site, "--help"], capture_output=True, text=True, env=ENV).stdout
    ):  # older builds (to measure them too) do not report their steps
        site.append("--timings")
    seconds, code, output, _, _ = run_measured(
        PY, "-m", "nmikb", "--root", str(project), "validate"
    )
    row["validate"] = seconds if code == 0 else float("nan")
    # Again, with the files as the first run read them (.build/kept/read/): an editor's next run,
    # or CI's with the kept build restored.
    seconds, code, output, _, _ = run_measured(
        PY, "-m", "nmikb", "--root", str(project), "validate"
    )
    row["validate_again"] = seconds if code == 0 else float("nan")
    shutil.rmtree(project / ".build", ignore_errors=True)
    out = project / "site"
    seconds, code, output, total, single = run_measured(PY, *site, "--out", str(out))
    row["clean"], row["memory"], row["single"] = seconds, total, single
    row["steps"] = timings(output)
    if code != 0:
        row["failed"] = output.strip().splitlines()[-8:]
        return row
    # Each edition's own: the French one is the folder fr/ of the English one.
    row["biggest"] = biggest(out, "*.html", leave_out="fr") + " / " + biggest(out / "fr", "*.html")
    row["term_file"] = (
        biggest(out / "search" / "t", "*.js") + " / " + biggest(out / "fr" / "search" / "t", "*.js")
    )
    row["pages"] = sum(1 for _ in out.rglob("*.html"))
    # One event's title changes: `make site` again, then the same data built from nothing.
    edit_event(project, "measure 0.", "measure zero.")
    row["again"], code, output, _, _ = run_measured(PY, *site, "--out", str(out))
    if code != 0:
        row["failed"] = output.strip().splitlines()[-8:]
        return row
    shutil.rmtree(project / ".build", ignore_errors=True)
    fresh = tmp / f"fresh-{n}"
    run_measured(PY, *site, "--out", str(fresh))
    row["same"] = same_tree(out, fresh)
    shutil.rmtree(fresh)
    edit_event(project, "measure zero.", "measure 0.")
    row["plain_after"], row["plain_beside"], row["plain_single"] = plain_mkdocs(project, tmp)
    row["reload"] = reload_time(project)
    return row


def report(row: dict) -> None:
    load = " ".join(f"{x:.2f}" for x in row["load"])
    print(f"\n## {row['events']:,} events (load average {load} when it started)\n")
    print(
        f"- `make validate`: {row['validate']:.2f} s with nothing read before, "
        f"{row['validate_again']:.2f} s again (the files as read remembered)"
    )
    if "failed" in row:
        print(f"- `make site` from nothing: **failed after {row['clean']:.0f} s**:")
        print("  " + "\n  ".join(row["failed"]))
        return
    print(
        f"- `make site` from nothing: {row['clean']:.1f} s ({row['pages']:,} pages); "
        f"peak memory {row['memory']:.0f} MB for the whole build, {row['single']:.0f} MB "
        "for its largest process"
    )
    print(
        f"- plain MkDocs on the same pages: {row['plain_after']:.1f} s edition after edition, "
        f"{row['plain_beside']:.1f} s side by side (one MkDocs: {row['plain_single']:.0f} MB); "
        f"ratio of `make site`: {row['clean'] / row['plain_after']:.2f} / "
        f"{row['clean'] / row['plain_beside']:.2f}"
    )
    steps = row["steps"]
    if steps.get("mkdocs"):
        mkdocs = steps["mkdocs"]
        # Our own steps around MkDocs: the trees before it, then finishing, the archive, the
        # staging and the last link check (validation and the page plan come before all).
        ours = {k: v for k, v in steps.items() if k not in ("mkdocs", "validate", "plan")}
        print(
            f"- its steps (both editions' added): MkDocs {mkdocs:.1f} s; validate "
            f"{steps.get('validate', 0):.1f} s, plan {steps.get('plan', 0):.1f} s; ours "
            + ", ".join(f"{k} {v:.1f} s" for k, v in ours.items())
            + f"; ours together {sum(ours.values()):.1f} s = "
            f"{sum(ours.values()) / mkdocs:.0%} of MkDocs' time, without the trees "
            f"{(sum(ours.values()) - ours.get('trees', 0)) / mkdocs:.0%}"
        )
    print(
        f"- `make site` again after one event's title changed: {row['again']:.1f} s "
        f"({row['again'] / row['clean']:.1%} of the clean build); same bytes as a clean build "
        f"of the same data: {'yes' if row['same'] else '**no**'}"
    )
    print(
        f"- biggest page (en / fr): {row['biggest']}; biggest search term file (en / fr): "
        f"{row['term_file']}"
    )
    print(f"- `make serve`, edit → page shows it: {row['reload']:.1f} s")


def main() -> int:
    print("`make bench`: synthetic knowledge bases shaped like the real data (synthetic.py).")
    with tempfile.TemporaryDirectory() as tmp:
        for n in SIZES:
            report(measure(n, Path(tmp)))
            sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
