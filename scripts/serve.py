"""`make serve`: both editions on one local server, rebuilt when data, pages or code change."""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path

from .build import BuildFailed, build_site
from .liveserver import PortUnavailable, QuietServer, check_port, explain
from .oserrors import MachineFault
from .problems import ProblemsFound

WATCHED = ("data", "docs", "scripts", "seeds", "mkdocs.yml", "mkdocs.fr.yml")


def serve(root: Path, host: str, port: int) -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    check_port(host, port)  # a busy port is said before a build is spent on nothing
    workdir = Path(tempfile.mkdtemp(prefix="nmi-kb-serve-"))
    try:
        return _serve(root, host, port, workdir / "site")
    finally:
        # Also on Ctrl+C and SIGTERM (scripts/interrupts.py turns both into an exception).
        shutil.rmtree(workdir, ignore_errors=True)


def _serve(root: Path, host: str, port: int, out: Path) -> int:
    def rebuild() -> None:
        # A broken edit keeps the last good site on screen and says what is wrong.
        try:
            result = build_site(root, out)
            print(f"Built {result.pages} pages in {result.seconds:.1f} s.")
        except ProblemsFound as err:
            print(err.report())
        except BuildFailed as err:
            print(f"The build failed; still serving the previous site.\n{err}")
        except MachineFault as err:
            print(err)

    rebuild()
    if not out.exists():
        print("Nothing to serve yet: fix the problems above and run `make serve` again.")
        return 1
    server = QuietServer(builder=rebuild, host=host, port=port, root=str(out))
    server.watch_project(root, WATCHED)
    print(f"Serving English at http://{host}:{port}/ and French at http://{host}:{port}/fr/ — Ctrl+C to stop.")
    try:
        server.serve()
    except OSError as err:  # the port was taken while the first build ran
        raise PortUnavailable(explain(err, host, port)) from None
    finally:
        server.shutdown()
    return 0
