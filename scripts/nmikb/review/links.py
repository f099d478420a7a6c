"""`nmi-kb check-links`: is every source's address still there?

Each source's `url` is visited, politely: one request at a time to any one host (however many
sources it holds, and redirects included), a pause between two requests to the same host, a
timeout, and a User-Agent that names the project and where to read about it. HEAD first, GET when
a server refuses HEAD. A permanent redirect (301, 308) to a working page is a moved link (a
warning: readers still arrive, but the data should say where); any other answer than success, no
answer, or no connection is a dead link (an error). A run in which not one host could even be
connected to is a machine without network, said in one line, and no link is judged dead for it.

Links are found in the loaded data with their file, line and column, so each report reads like a
validation problem and can be an annotation on that line.
"""

from __future__ import annotations

import http.client
import re
import socket
import ssl
import threading
import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib import metadata
from urllib.parse import urljoin, urlsplit

from nmikb.data.problems import Problem
from nmikb.data.registry import SOURCE, record_file
from nmikb.knowledge.base import KnowledgeBase
from nmikb.pages.render import escape_md

TIMEOUT = 20.0  # seconds for a connection, then for an answer
PAUSE = 1.0  # seconds between two requests to one host
HOPS = 5  # redirects followed before a link counts as dead
WORKERS = 8  # hosts visited at the same time
_PERMANENT = (301, 308)
_PLAIN_URL = re.compile(r"https?://[A-Za-z0-9._~%/:?#=&+-]+")
# What a server says (its reason phrase, a Location) is printed: no control character of it
# reaches a terminal, and no answer fills the screen.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_REDIRECT = (301, 302, 303, 307, 308)


class NoNetwork(Exception):
    """Not one host could be connected to: the machine has no network. Exit code 3."""


@dataclass(frozen=True)
class Link:
    url: str
    file: str
    line: int
    column: int
    field: str  # "url"


@dataclass(frozen=True)
class Verdict:
    link: Link
    state: str  # "ok", "moved", "dead"
    detail: str  # "404 Not Found", "no answer within 20 s", "moved permanently to …"
    target: str = ""  # where a moved link now leads
    connected: bool = True  # False when no connection could be made at all

    def problem(self) -> Problem:
        link = self.link
        if self.state == "moved":
            message = f"{link.url} has moved permanently to {self.target}"
            fix = f"write the new address in `{link.field}`"
        else:
            message = f"{link.url} is dead: {self.detail}"
            fix = (
                f"find where the document is now (or an archived copy) and update `{link.field}`,"
                " or remove it; the stored copy under seeds/ keeps the quotes checkable"
            )
        return Problem(link.file, link.line, link.column, link.field, message, fix)


def links_of(kb: KnowledgeBase) -> list[Link]:
    """Every address the data links to, with where it is written. (A source that reproduces
    another will add the original's address here once the data model records it.)"""
    out = []
    for s in kb.sources:
        if s.url:
            file = record_file(SOURCE, s.id)
            line, col = kb.loaded[file].locate(("url",))
            out.append(Link(s.url, file, line, col, "url"))
    return out


def user_agent(repo_url: str | None) -> str:
    try:
        version = metadata.version("nmi-knowledge-base")
    except metadata.PackageNotFoundError:  # run from a folder, not installed
        version = "0"
    about = f"+{repo_url}; " if repo_url else ""
    return (
        f"nmi-kb-check-links/{version} ({about}checks that the sources quoted by the NATO Mission "
        "in Iraq knowledge base are still online)"
    )


class Checker:
    """Visits links with one request at a time per host. `connect_to` sends the requests for a
    host to another server (`{"example.org": "http://127.0.0.1:8123"}`), as curl's --connect-to
    does: the tests' local server answers for made-up hosts."""

    def __init__(
        self,
        agent: str,
        timeout: float = TIMEOUT,
        pause: float = PAUSE,
        connect_to: Mapping[str, str] | None = None,
    ):
        self.agent, self.timeout, self.pause = agent, timeout, pause
        self.connect_to = dict(connect_to or {})
        self._locks: dict[str, threading.Lock] = {}
        self._last: dict[str, float] = {}
        self._guard = threading.Lock()

    def check(self, links: list[Link]) -> list[Verdict]:
        """A verdict per link, in the order given; NoNetwork if no host could be reached."""
        by_host: dict[str, list[int]] = {}
        for i, link in enumerate(links):
            by_host.setdefault(_host(link.url), []).append(i)
        verdicts: list[Verdict | None] = [None] * len(links)

        def visit(indexes: list[int]) -> None:
            for i in indexes:
                verdicts[i] = self.verdict(links[i])

        with ThreadPoolExecutor(max_workers=max(1, min(WORKERS, len(by_host)))) as pool:
            list(pool.map(visit, by_host.values()))
        done = [v for v in verdicts if v is not None]
        if done and not any(v.connected for v in done):
            hosts = len(by_host)
            raise NoNetwork(
                f"No network: not one of the {hosts} host{'s' if hosts > 1 else ''} could be "
                f"reached ({_host(done[0].link.url)}: {done[0].detail}) — connect this machine to "
                "the network and run it again; no link was judged."
            )
        return done

    def verdict(self, link: Link) -> Verdict:
        url, moved_to, permanent = link.url, "", True
        for _ in range(HOPS + 1):
            status, reason, location, error, connected = self.request(url)
            if error:
                return Verdict(link, "dead", error, connected=connected)
            if status in _REDIRECT and location:
                target = urljoin(url, location)
                # The address has moved if every redirect from it so far is permanent; the last
                # of them is the address to write. A temporary one (a login page) is not a move.
                permanent = permanent and status in _PERMANENT
                if permanent:
                    moved_to = target
                url = target
                continue
            if 200 <= status < 300:
                if moved_to:
                    return Verdict(link, "moved", f"moved permanently to {moved_to}", moved_to)
                return Verdict(link, "ok", f"{status} {reason}")
            return Verdict(link, "dead", f"{status} {reason}".strip())
        return Verdict(link, "dead", f"more than {HOPS} redirects")

    def request(self, url: str) -> tuple[int, str, str, str, bool]:
        """(status, reason, Location, error, connected): HEAD, then GET if HEAD is refused."""
        answer = self._once("HEAD", url)
        if answer[0] in (403, 405, 501):  # some servers answer HEAD so, and GET normally
            answer = self._once("GET", url)
        return answer

    def _once(self, method: str, url: str) -> tuple[int, str, str, str, bool]:
        parts = urlsplit(url)
        host = _host(url)
        with self._lock(host):
            wait = self._last.get(host, 0.0) + self.pause - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            try:
                return self._send(method, parts)
            finally:
                self._last[host] = time.monotonic()

    def _send(self, method: str, parts) -> tuple[int, str, str, str, bool]:
        route = self.connect_to.get(parts.hostname or "")
        if route:
            to = urlsplit(route)
            conn: http.client.HTTPConnection = http.client.HTTPConnection(
                to.hostname or "127.0.0.1", to.port, timeout=self.timeout
            )
        elif parts.scheme == "https":
            conn = http.client.HTTPSConnection(
                parts.hostname or "", parts.port, timeout=self.timeout
            )
        else:
            conn = http.client.HTTPConnection(
                parts.hostname or "", parts.port, timeout=self.timeout
            )
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        try:
            try:
                conn.connect()
            except (OSError, ssl.SSLError) as err:
                return 0, "", "", _why(err, self.timeout), False
            try:
                conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
                conn.putheader("Host", parts.netloc)
                conn.putheader("User-Agent", self.agent)
                conn.putheader("Accept", "*/*")
                conn.endheaders()
                response = conn.getresponse()
                reason = _CONTROL.sub("?", response.reason or "")[:200]
                location = _CONTROL.sub("?", response.getheader("Location") or "")[:1000]
                return response.status, reason, location, "", True
            except (OSError, http.client.HTTPException) as err:
                return 0, "", "", _why(err, self.timeout, answering=True), True
        finally:
            conn.close()

    def _lock(self, host: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(host, threading.Lock())


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def _why(err: BaseException, timeout: float, answering: bool = False) -> str:
    """An error of the network in a few words."""
    if isinstance(err, (socket.timeout, TimeoutError)):
        return (
            f"no answer within {timeout:g} s"
            if answering
            else f"no connection within {timeout:g} s"
        )
    if isinstance(err, socket.gaierror):
        return "its host name is unknown (DNS)"
    if isinstance(err, ConnectionRefusedError):
        return "the connection was refused"
    if isinstance(err, ssl.SSLError):
        return f"its certificate or TLS failed ({err.reason or err})"
    if isinstance(err, http.client.HTTPException):
        return f"an answer that is not HTTP ({type(err).__name__})"
    return getattr(err, "strerror", None) or str(err) or type(err).__name__


def summary(verdicts: list[Verdict]) -> str:
    counts = {
        state: sum(1 for v in verdicts if v.state == state) for state in ("ok", "moved", "dead")
    }
    hosts = len({_host(v.link.url) for v in verdicts})
    if not verdicts:
        return "No source has an address (`url`): nothing to check."
    return (
        f"Checked {len(verdicts)} link{'s' if len(verdicts) != 1 else ''} on {hosts} "
        f"host{'s' if hosts != 1 else ''}: {counts['ok']} work, {counts['moved']} moved, "
        f"{counts['dead']} dead."
    )


def markdown(verdicts: list[Verdict]) -> str:
    """The report for a workflow's job summary."""
    lines = ["## Source links", "", summary(verdicts), ""]
    for v in verdicts:
        if v.state != "ok":
            where = f"`{v.link.file}:{v.link.line}`"
            # The new address comes from the server: a link only if it is a plain address.
            detail = (
                f"moved permanently to <{v.target}>"
                if v.state == "moved" and _PLAIN_URL.fullmatch(v.target)
                else escape_md(v.detail)
            )
            lines.append(f"- **{v.state}** {where} <{v.link.url}>: {detail}")
    return "\n".join(lines) + "\n"
