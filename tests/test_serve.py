"""`make serve`: both editions on one local server, rebuilt when a data file changes, and still
serving the last good site when an edit is broken."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request

import pytest

pytestmark = pytest.mark.build


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def wait_for(predicate, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


def test_serve_rebuilds_on_change_and_survives_a_broken_edit(project):
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    proc = subprocess.Popen(
        [sys.executable, "-m", "nmikb", "--root", str(project), "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert wait_for(
            lambda: "Creation of the NATO Mission" in fetch(base + "events/nmi-created.html")
        )
        assert "Création de la mission de l’OTAN" in fetch(base + "fr/events/nmi-created.html")
        event = project / "data" / "events" / "nmi-created.yaml"
        text = event.read_text(encoding="utf-8")
        event.write_text(
            text.replace("Creation of the NATO Mission", "Founding of the NATO Mission"),
            encoding="utf-8",
        )
        assert wait_for(
            lambda: "Founding of the NATO Mission" in fetch(base + "events/nmi-created.html")
        )
        # The year's list shows the new title too (NATO is an abbreviation there:
        # <abbr>NATO</abbr>).
        assert "Founding of the" in fetch(base + "timeline/2018.html")
        event.write_text("id: nmi-created\n\t- broken\n", encoding="utf-8")
        time.sleep(3)
        assert "Founding of the NATO Mission" in fetch(base + "events/nmi-created.html")
    finally:
        proc.terminate()
        output = proc.communicate(timeout=20)[0]
    assert (
        "data/events/nmi-created.yaml:2:1: YAML syntax: a tab character where YAML expects spaces"
        in output
    )
    assert "Traceback" not in output
