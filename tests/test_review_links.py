"""`nmi-kb check-links` against a local HTTP server in this process (127.0.0.1 only, never the
internet): each answer (200, a permanent and a temporary redirect, 404, 500, HEAD refused, no
answer at all) gets its verdict, located on the `url:` line of its source; one request at a time
per host with a pause between two, a User-Agent that names the project; no network is one line
and exit code 3."""

from __future__ import annotations

import socket
import threading
import time
from collections import Counter, defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import make_project
from nmikb.cli import main
from review_repo import TINY
from test_review_annotations import parse

# What each made-up host answers; the server tells them apart by the Host header.
ANSWERS = {
    "ok.test": (200, ""),
    "moved.test": (301, "https://ok.test/new-place"),
    "elsewhere.test": (302, "https://ok.test/login"),
    "gone.test": (404, ""),
    "broken.test": (500, ""),
}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_HEAD(self):
        self.answer()

    def do_GET(self):
        self.answer()

    def answer(self):
        server = self.server
        assert isinstance(server, Server)
        host = self.headers["Host"]
        with server.lock:
            server.seen.append((self.command, host, self.path, self.headers["User-Agent"]))
            server.times[host].append(time.monotonic())
            server.active[host] += 1
            server.peak[host] = max(server.peak[host], server.active[host])
        try:
            time.sleep(0.05)  # long enough for a second request to the host to overlap
            if host == "silent.test":
                server.stop.wait(10)  # accepts the connection, never answers
                return
            if host == "nohead.test":
                status, location = (405 if self.command == "HEAD" else 200), ""
            else:
                status, location = ANSWERS[host]
            self.send_response(status)
            if location:
                self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.send_header("Connection", "close")
            self.end_headers()
        finally:
            with server.lock:
                server.active[host] -= 1

    def log_message(self, *args):
        pass


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.seen: list[tuple[str, str, str, str]] = []
        self.times: dict[str, list[float]] = defaultdict(list)
        self.active: Counter[str] = Counter()
        self.peak: Counter[str] = Counter()


@pytest.fixture
def server():
    srv = Server()
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.stop.set()
    srv.shutdown()
    srv.server_close()


def project_with_links(tmp_path: Path, links: dict[str, str]) -> Path:
    """The tiny knowledge base with one more source per link (each a copy of its source, with
    its own id and address)."""
    project = make_project(tmp_path / "p", data=TINY / "data", seeds=TINY / "seeds")
    gazette = (project / "data/sources/gazette.yaml").read_text(encoding="utf-8")
    for ident, url in links.items():
        text = gazette.replace("id: gazette", f"id: {ident}")
        text = text.replace("- source: gazette", f"- source: {ident}")
        text = text.replace('date: "2024-03"\n', f'date: "2024-03"\nurl: {url}\n')
        (project / f"data/sources/{ident}.yaml").write_text(text, encoding="utf-8")
    return project


def url_line(project: Path, ident: str) -> int:
    lines = (project / f"data/sources/{ident}.yaml").read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.startswith("url: "))


def check(project: Path, server: Server, capsys, *args: str, hosts=None) -> tuple[int, str, str]:
    port = server.server_address[1]
    routes = [f"--connect-to={h}=http://127.0.0.1:{port}" for h in (hosts or ANSWERS)]
    routes += [f"--connect-to={h}=http://127.0.0.1:{port}" for h in ("silent.test", "nohead.test")]
    code = main(
        # A timeout long enough that a loaded machine still connects to the silent server in time:
        # the report must then say it never answered, not that it could not be reached.
        ["--root", str(project), "check-links", "--timeout", "3", "--pause", "0", *routes, *args]
    )
    out, err = capsys.readouterr()
    return code, out, err


LINKS = {
    "s-ok": "https://ok.test/page",
    "s-moved": "https://moved.test/old-place",
    "s-elsewhere": "https://elsewhere.test/page",
    "s-gone": "https://gone.test/page",
    "s-broken": "https://broken.test/page",
    "s-silent": "https://silent.test/page",
    "s-nohead": "https://nohead.test/page",
}


def test_each_dead_or_moved_link_is_reported_on_its_line(tmp_path, server, capsys):
    project = project_with_links(tmp_path, LINKS)
    code, out, err = check(project, server, capsys)
    assert (code, err) == (1, "")

    def at(ident: str) -> str:
        return f"data/sources/{ident}.yaml:{url_line(project, ident)}:6: url: "

    dead = (
        " — find where the document is now (or an archived copy) and update `url`, or remove "
        "it; the stored copy under seeds/ keeps the quotes checkable"
    )
    assert out.splitlines() == [
        at("s-broken") + "https://broken.test/page is dead: 500 Internal Server Error" + dead,
        at("s-gone") + "https://gone.test/page is dead: 404 Not Found" + dead,
        at("s-moved") + "https://moved.test/old-place has moved permanently to "
        "https://ok.test/new-place — write the new address in `url`",
        at("s-silent") + "https://silent.test/page is dead: no answer within 3 s" + dead,
        "Checked 7 links on 7 hosts: 3 work, 1 moved, 3 dead.",
    ]
    # HEAD refused, then GET: one of each to that host.
    assert [c for c, h, _, _ in server.seen if h == "nohead.test"] == ["HEAD", "GET"]


def test_annotations_error_for_dead_and_warning_for_moved(tmp_path, server, capsys):
    project = project_with_links(tmp_path, {k: LINKS[k] for k in ("s-ok", "s-moved", "s-gone")})
    code, out, _ = check(project, server, capsys, "--format", "github")
    assert code == 1
    commands = [parse(line) for line in out.splitlines() if line.startswith("::")]
    assert [(level, p["file"], p["line"]) for level, p, _ in commands] == [
        ("error", "data/sources/s-gone.yaml", str(url_line(project, "s-gone"))),
        ("warning", "data/sources/s-moved.yaml", str(url_line(project, "s-moved"))),
    ]
    plain = [line for line in out.splitlines() if not line.startswith("::")]
    assert [f"{p['file']}:{p['line']}:{p['col']}: {m}" for _, p, m in commands] == plain[:-1]


def test_a_moved_link_alone_does_not_fail_and_markdown_lists_it(tmp_path, server, capsys):
    project = project_with_links(tmp_path, {k: LINKS[k] for k in ("s-ok", "s-moved")})
    code, out, _ = check(project, server, capsys, "--format", "markdown")
    line = url_line(project, "s-moved")
    assert (code, out) == (
        0,
        "## Source links\n\nChecked 2 links on 2 hosts: 1 work, 1 moved, 0 dead.\n\n"
        f"- **moved** `data/sources/s-moved.yaml:{line}` <https://moved.test/old-place>: moved "
        "permanently to <https://ok.test/new-place>\n",
    )


def test_one_request_at_a_time_per_host_with_a_pause_and_a_named_user_agent(
    tmp_path, server, capsys
):
    links = {f"s-{n}": f"https://ok.test/page-{n}" for n in range(3)}
    links |= {f"t-{n}": f"https://gone.test/page-{n}" for n in range(3)}
    project = project_with_links(tmp_path, links)
    port = server.server_address[1]
    main(
        ["--root", str(project), "check-links", "--pause", "0.2"]
        + [f"--connect-to={h}=http://127.0.0.1:{port}" for h in ("ok.test", "gone.test")]
    )
    capsys.readouterr()
    assert server.peak == {"ok.test": 1, "gone.test": 1}
    for host in ("ok.test", "gone.test"):
        stamps = server.times[host]
        assert len(stamps) == 3
        assert min(b - a for a, b in zip(stamps, stamps[1:], strict=False)) >= 0.2
    agents = {agent for _, _, _, agent in server.seen}
    assert len(agents) == 1
    (agent,) = agents
    assert agent.startswith("nmi-kb-check-links/")
    assert "+https://github.com/nmi-kb/nmi-kb;" in agent


def test_no_network_is_one_line_and_exit_code_3(tmp_path, capsys):
    # A port nothing listens on: every host refuses, as on a machine with no network.
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    project = project_with_links(tmp_path, {k: LINKS[k] for k in ("s-ok", "s-gone")})
    routes = [f"--connect-to={h}=http://127.0.0.1:{closed}" for h in ("ok.test", "gone.test")]
    code = main(["--root", str(project), "check-links", *routes])
    out, err = capsys.readouterr()
    assert (code, out) == (3, "")
    assert err == (
        "No network: not one of the 2 hosts could be reached (gone.test: the connection was "
        "refused) — connect this machine to the network and run it again; no link was judged.\n"
    )


def test_data_without_addresses_has_nothing_to_check(tmp_path, capsys):
    project = make_project(tmp_path / "p", data=TINY / "data", seeds=TINY / "seeds")
    assert main(["--root", str(project), "check-links"]) == 0
    assert capsys.readouterr().out == "No source has an address (`url`): nothing to check.\n"
