"""Command line: validate the data, build the site, serve it, report coverage.

Every failure is one clear report and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from nmikb.data.problems import ProblemsFound
from nmikb.editors.scaffold import KINDS, new_entry
from nmikb.editors.schema import write_schemas
from nmikb.knowledge.load import load_knowledge_base
from nmikb.serve.preview import serve
from nmikb.serve.server import PortUnavailable, port_number
from nmikb.site.build import BuildFailed, build_site
from nmikb.site.engines import DEFAULT, ENGINES
from nmikb.system.interrupts import Interrupted, stop_cleanly
from nmikb.system.oserrors import MachineFault
from nmikb.system.project import UsageError, check_project

# What a command that stops on problems leaves undone, to end its report with. `site` and `serve`
# keep the last good site (build.py); the others write nothing when the data is not valid.
OUTCOME = {
    "validate": "fix them and run it again",
    "new": "nothing was written",
    "schema": "nothing was written",
}


def cmd_validate(args) -> int:
    kb = load_knowledge_base(args.root, drafts=False)
    report_warnings(kb)
    facts = kb.facts
    citations = [c for f in facts for c in f.citations]
    unchecked = sum(1 for c in citations if not kb.checked(c.source))
    print(
        f"OK: {len(facts)} facts, {len(citations)} citations, every quote of a stored source "
        "found in it"
        + (
            f"; {unchecked} quote{'s' if unchecked != 1 else ''} of sources with no stored "
            "text not checked."
            if unchecked
            else "."
        )
    )
    return report_coverage(kb)


def report_warnings(kb) -> None:
    """What the checks ask a person to look at, without stopping the command."""
    for warning in kb.warnings:
        print(warning, file=sys.stderr)
    if kb.warnings:
        count = len(kb.warnings)
        print(
            f"{count} warning{'s' if count != 1 else ''}: worth a look, nothing refused.",
            file=sys.stderr,
        )


def report_coverage(kb, shown: int = 10) -> int:
    """Print how much of the sources' bodies the facts quote, and which sentences they miss."""
    rows = kb.coverage
    for s in kb.sources:
        if s.id not in rows:
            print(f"Coverage of {s.id}: not measured (no stored text: its quotes are not checked).")
    if len(rows) == 1:
        ((source_id, sentences),) = rows.items()
        covered = sum(1 for r in sentences if r.facts)
        print(
            f"Coverage of {source_id}: {covered}/{len(sentences)} sentences "
            f"of the body quoted by a fact ({100 * covered / max(len(sentences), 1):.0f}%)."
        )
    else:
        covered = sum(1 for sentences in rows.values() for r in sentences if r.facts)
        total = sum(len(sentences) for sentences in rows.values())
        print(
            f"Coverage of {len(rows)} sources: {covered}/{total} sentences of "
            f"their bodies quoted by a fact ({100 * covered / max(total, 1):.0f}%)."
        )
    missing = [
        (source_id, r) for source_id, sentences in rows.items() for r in sentences if not r.facts
    ]
    for source_id, r in missing[:shown]:
        print(f"  not covered: {source_id} sentence {r.number}: {r.text}")
    if len(missing) > shown:
        print(
            f"  … and {len(missing) - shown} more sentences not covered (the "
            "coverage page lists them by source)."
        )
    return 0


def cmd_site(args) -> int:
    result = build_site(args.root, args.out or args.root / "site", engine=args.engine)
    engine = "" if args.engine == DEFAULT else f" with {args.engine}"
    print(
        f"Built {result.pages} pages (English and French){engine} into {result.site} "
        f"in {result.seconds:.1f} s, {result.bytes / 1e6:.1f} MB."
    )
    report_warnings(result.kb)
    return report_coverage(result.kb)


def cmd_schema(args) -> int:
    written = write_schemas(args.root)
    print(f"Wrote {len(written)} schema file(s)." if written else "Schemas are up to date.")
    return 0


def cmd_new(args) -> int:
    path = new_entry(args.root, args.kind, args.id, date=args.date, source=args.source)
    print(
        f"Wrote a skeleton {args.kind} to {path.relative_to(args.root)}: "
        "replace each TODO, then run `make validate`."
    )
    return 0


def cmd_serve(args) -> int:
    return serve(args.root, args.host, args.port)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="nmi-kb", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--root",
        type=Path,
        default=Path.cwd(),
        help="the project folder, which holds mkdocs.yml and data/ (default: the current folder)",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("validate", help="check every data file and report coverage").set_defaults(
        func=cmd_validate
    )
    site = sub.add_parser("site", help="build both editions into site/ (offline-ready)")
    site.add_argument(
        "--out",
        type=Path,
        help="output folder: missing, empty or an earlier build (default: site/ of the project)",
    )
    site.add_argument(
        "--engine",
        choices=sorted(ENGINES),
        default=DEFAULT,
        help=f"the engine that renders the generated pages (default: {DEFAULT})",
    )
    site.set_defaults(func=cmd_site)
    sub.add_parser("schema", help="regenerate data/schema/*.json from the models").set_defaults(
        func=cmd_schema
    )
    new = sub.add_parser(
        "new", help="write a skeleton record (event, entity or term) to its own file"
    )
    new.add_argument("kind", choices=KINDS)
    new.add_argument("--id", required=True, help="the new entry's id, e.g. nato-summit-2024")
    new.add_argument("--date", default="2023-08-17", help="for events: YYYY, YYYY-MM or YYYY-MM-DD")
    new.add_argument("--source", help="source id (default: the first source)")
    new.set_defaults(func=cmd_new)
    serve = sub.add_parser("serve", help="build and serve both editions, rebuilding on changes")
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: this machine only)"
    )
    serve.add_argument("--port", type=port_number, default=8000)
    serve.set_defaults(func=cmd_serve)
    args = parser.parse_args(argv)
    try:
        with stop_cleanly():
            check_project(args.root, args.command)
            return args.func(args)
    except UsageError as err:  # a wrong --root, a refused --out
        print(err, file=sys.stderr)
        return 2
    except ProblemsFound as err:
        print(err.report(OUTCOME.get(args.command, "nothing was built")), file=sys.stderr)
    except BuildFailed as err:
        print(f"The build failed; the previous site is unchanged.\n{err}", file=sys.stderr)
    except (MachineFault, PortUnavailable) as err:
        print(err, file=sys.stderr)
    except Interrupted as err:
        print(err, file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print("Stopped by Ctrl+C (SIGINT).", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head` and the like: nothing left to say
        sys.stderr.close()
        return 0
    return 1
