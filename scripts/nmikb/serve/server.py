"""The local server of `make serve`: MkDocs' live-reload server, made to fail politely and to
rebuild once per burst of changes.

- A busy port is said in one line (not an OSError traceback), before anything is built.
- MkDocs polls the watched folders every 0.5 s: it looks at every file each time, which at
  10,000 data files took a quarter of a core throughout, and a change waited up to half a second
  to be seen. Here the operating system says what changed as it changes (inotify on Linux,
  FSEvents on macOS, watchdog's native observer), and polling (every POLL seconds) is what is
  left where there is no such thing.
- MkDocs starts building 0.1 s after the first change it sees, so an editor saving ten files at
  once, or a git checkout, got two or three rebuilds, the first of a half-written state. Here the
  build waits until nothing has changed for QUIET seconds, and changes made by the build itself
  (Python's __pycache__) or by editors' scratch files do not count.
"""

from __future__ import annotations

import argparse
import errno
import ipaddress
import os
import socket
from collections.abc import Callable
from pathlib import Path

import watchdog.events
import watchdog.observers
import watchdog.observers.polling
from mkdocs.livereload import LiveReloadServer

POLL = 0.25  # seconds between two looks at the watched folders, where they are polled
QUIET = 0.3  # seconds without a change before a rebuild starts
# Written by Python or by editors while saving; never what the site is built from.
_SCRATCH_DIRS = {"__pycache__", ".pytest_cache", ".git"}
_SCRATCH_SUFFIXES = (".pyc", ".swp", ".swx", ".tmp", "~")


class PortUnavailable(Exception):
    """The server cannot listen where asked; the message is one line saying what to do."""


def port_number(text: str) -> int:
    """argparse type: a TCP port, 1 to 65535."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"invalid port number: {text!r} (give 1 to 65535)"
        ) from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"invalid port number: {port} (give 1 to 65535)")
    return port


def _family(host: str) -> socket.AddressFamily:
    try:
        return (
            socket.AF_INET6
            if isinstance(ipaddress.ip_address(host), ipaddress.IPv6Address)
            else socket.AF_INET
        )
    except ValueError:
        return socket.AF_INET  # a name: resolved the way the server resolves it


def explain(err: OSError, host: str, port: int) -> str:
    """One line for a failed bind: what is wrong — what to do."""
    if err.errno == errno.EADDRINUSE:
        return (
            f"Port {port} on {host} is already in use (another server?) — stop "
            f"it, or choose another port: make serve PORT={port + 1} (or --port {port + 1})"
        )
    if err.errno == errno.EACCES:
        return (
            f"Port {port} needs administrator rights — choose a port above 1023: "
            "make serve PORT=8000 (or --port 8000)"
        )
    if isinstance(err, socket.gaierror) or err.errno == errno.EADDRNOTAVAIL:
        return (
            f"Cannot listen on {host}: not an address of this machine — use "
            "make serve HOST=127.0.0.1 (or --host 127.0.0.1)"
        )
    return (
        f"Cannot listen on {host}:{port}: {err.strerror or err} — choose "
        f"another port: make serve PORT={port + 1} (or --port {port + 1})"
    )


def check_port(host: str, port: int) -> None:
    """Raise PortUnavailable if the server could not listen on host:port (checked before
    building)."""
    with socket.socket(_family(host), socket.SOCK_STREAM) as probe:
        # As the server does (allow_reuse_address): a port left in TIME_WAIT by the last run is
        # free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
            probe.listen(1)
        except OSError as err:
            raise PortUnavailable(explain(err, host, port)) from None


def is_scratch(path: str) -> bool:
    parts = path.split(os.sep)
    name = parts[-1]
    return (
        bool(_SCRATCH_DIRS.intersection(parts))
        or name.endswith(_SCRATCH_SUFFIXES)
        or name.startswith(".#")
        or name == "4913"
    )


# What the system also says of a file that nobody changed: it was opened, or closed unwritten.
# Every rebuild reads the data files, so counting these would rebuild without end.
_READS = {watchdog.events.EVENT_TYPE_OPENED, watchdog.events.EVENT_TYPE_CLOSED_NO_WRITE}


class _EventHandler(watchdog.events.FileSystemEventHandler):
    """Hands every change under a watched path to one function (not mere reads)."""

    def __init__(self, on_event: Callable[[watchdog.events.FileSystemEvent], None]):
        super().__init__()
        self._on_event = on_event

    def on_any_event(self, event: watchdog.events.FileSystemEvent) -> None:
        if event.event_type not in _READS:
            self._on_event(event)


def _native_observer(folder: str):
    """watchdog's observer of the system's notices of changes, if one can watch `folder` here
    (there may be none, or no watches left to this user), else None."""
    try:
        probe = watchdog.observers.Observer()
        probe.schedule(watchdog.events.FileSystemEventHandler(), folder, recursive=False)
        probe.start()
        probe.stop()
        probe.join()
        return watchdog.observers.Observer()
    except Exception:  # noqa: BLE001 - whatever the reason, polling still works
        return None


class QuietServer(LiveReloadServer):
    """LiveReloadServer that rebuilds once per burst of changes to the sources."""

    def __init__(self, builder, host: str, port: int, root: str):
        super().__init__(builder=builder, host=host, port=port, root=root, polling_interval=POLL)
        self.observer = _native_observer(root) or self.observer  # else MkDocs' polling one
        # MkDocs waits build_delay seconds after each change and builds once nothing came in that
        # time: a burst of saves is one change.
        self.build_delay = QUIET
        if isinstance(self.observer, watchdog.observers.polling.PollingObserver):
            # A burst seen over two polls is still one change.
            self.build_delay = max(QUIET, 2 * POLL)

    def watch(self, path: str, func=None, *, recursive: bool = True) -> None:
        # MkDocs' watch() (mkdocs 1.6, pinned) rebuilds on any file event; this one is the same
        # on the same private state, less the scratch files.
        path = os.path.abspath(path)
        self._watched_paths[path] = 1  # serve() starts the observer when anything is watched

        def on_any_event(event: watchdog.events.FileSystemEvent) -> None:
            paths = [event.src_path, getattr(event, "dest_path", "") or event.src_path]
            if event.is_directory or all(is_scratch(os.fsdecode(p)) for p in paths):
                return
            self._request_rebuild()

        handler = _EventHandler(on_any_event)
        self._watch_refs[path] = self.observer.schedule(handler, path, recursive=recursive)

    def unwatch(self, path: str) -> None:
        try:
            super().unwatch(path)
        except (KeyError, OSError):  # its watcher stopped already: the folder went
            self._watch_refs.pop(os.path.abspath(path), None)

    def watch_project(self, root: Path, names: tuple[str, ...]) -> None:
        """Watch root/name for each name, and keep watching it through a delete or a rename."""
        self._watchable = {os.path.abspath(root / name) for name in names}
        for path in sorted(self._watchable):
            if os.path.exists(path):
                self.watch(path)
        # A watcher stops for good when its folder is deleted or renamed away. The project folder
        # itself, watched not recursively, sees that (a rebuild then reports what is missing) and
        # sees the folder come back, to watch it again.
        self.observer.schedule(_EventHandler(self._on_project_event), str(root), recursive=False)

    def _on_project_event(self, event: watchdog.events.FileSystemEvent) -> None:
        paths = {
            os.fsdecode(event.src_path),
            os.fsdecode(getattr(event, "dest_path", "") or ""),
        } & self._watchable
        if not paths:
            return
        for path in paths:
            if os.path.exists(path) and path not in self._watch_refs:
                self.watch(path)
            elif not os.path.exists(path) and path in self._watch_refs:
                self.unwatch(path)
        self._request_rebuild()

    def _request_rebuild(self) -> None:
        with self._rebuild_cond:
            self._want_rebuild = True
            self._rebuild_cond.notify_all()
