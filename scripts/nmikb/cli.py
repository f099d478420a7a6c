"""Command line: validate the data, build the site, serve it, report coverage; and for reviewers,
what a change does to the knowledge base (diff), whether the sources' addresses still work
(check-links), and dated releases of the data (release).

Every failure is one clear report and a non-zero exit, never a traceback. Exit codes: 0 done;
1 problems found (the data does not validate, a dead link, a failed build); 2 the command cannot
run as asked (a wrong folder or argument, no such commit, a shallow clone, not a repository);
3 (check-links) no network; 130 stopped by Ctrl+C.
"""

from __future__ import annotations

import argparse
import gc
import sys
from pathlib import Path

from nmikb.data.problems import ProblemsFound
from nmikb.editors.scaffold import KINDS
from nmikb.knowledge.load import load_knowledge_base
from nmikb.review.annotations import problem_annotations
from nmikb.review.sides import CannotCompare, InvalidSide, repository
from nmikb.site.engines import DEFAULT, ENGINES
from nmikb.site.forked import BuildFailed
from nmikb.system.interrupts import Interrupted, stop_cleanly
from nmikb.system.oserrors import MachineFault
from nmikb.system.project import UsageError, check_project

# Each command imports what only it needs when it runs (below): `make validate` at 10,000 events
# should not spend half a second loading MkDocs, the server and the link checker it never uses.

# What a command made that lives to the end of the process: freed by its exit, at once (nmikb/
# __main__.py leaves without freeing objects), rather than object by object when the command
# returns (a third of a second for the knowledge base of 10,000 events).
LIVES_TO_EXIT: list[object] = []

# What a command that stops on problems leaves undone, to end its report with. `site` and `serve`
# keep the last good site (build.py); the others write nothing when the data is not valid.
OUTCOME = {
    "validate": "fix them and run it again",
    "check-links": "no link was checked",
    "release": "nothing was released",
    "new": "nothing was written",
    "schema": "nothing was written",
}


def cmd_validate(args) -> int:
    try:
        kb = load_knowledge_base(args.root, drafts=False, remember=True, lasting=True)
        LIVES_TO_EXIT.append(kb)
    except ProblemsFound as err:
        if args.format == "github":  # an annotation on each problem's line; the report follows
            errors = [p for p in err.problems if p.level == "error"]
            warnings = [p for p in err.problems if p.level != "error"]
            prefix = repo_prefix(args.root)
            for line in problem_annotations(errors, prefix) + problem_annotations(
                warnings, prefix, level="warning"
            ):
                print(line)
        raise
    if args.format == "github" and kb.warnings:
        print("\n".join(problem_annotations(kb.warnings, repo_prefix(args.root), level="warning")))
    report_warnings(kb)
    # What remains (the coverage report) makes objects: the knowledge base, which lives to the
    # end, is left out of the cycle collector's scans (nmikb/site/build.py says the same).
    gc.freeze()
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
    # Imported when the command runs: the other commands need not load it.
    from nmikb.site.build import build_site

    result = build_site(
        args.root, args.out or args.root / "site", engine=args.engine, clean=args.clean
    )
    LIVES_TO_EXIT.append(result.kb)
    if args.timings:  # one line per step, for `make bench` (tests/benchmarks/build_speed.py)
        for name, seconds in result.steps.items():
            print(f"timing {name} {seconds:.3f}")
    engine = "" if args.engine == DEFAULT else f" with {args.engine}"
    print(
        f"Built {result.pages} pages (English and French){engine} into {result.site} "
        f"in {result.seconds:.1f} s, {result.bytes / 1e6:.1f} MB."
    )
    report_warnings(result.kb)
    return report_coverage(result.kb)


def cmd_schema(args) -> int:
    # Imported when the command runs: the other commands need not load it.
    from nmikb.editors.schema import write_schemas

    written = write_schemas(args.root)
    print(f"Wrote {len(written)} schema file(s)." if written else "Schemas are up to date.")
    return 0


def cmd_new(args) -> int:
    # Imported when the command runs: the other commands need not load it.
    from nmikb.editors.scaffold import new_entry

    path = new_entry(
        args.root,
        args.kind,
        args.id,
        date=args.date,
        source=args.source,
        file=args.file,
        lang=args.lang,
        source_kind=args.source_kind,
    )
    print(
        f"Wrote a skeleton {args.kind} to {path.relative_to(args.root)}: "
        "replace each TODO, then run `make validate`."
    )
    return 0


def repo_prefix(root: Path) -> str:
    """The project's folder inside its repository ('' at the top), which annotations' paths
    start from; '' outside a repository."""
    try:
        return repository(root)[1]
    except CannotCompare:
        return ""


def cmd_diff(args) -> int:
    # Imported when the command runs: the other commands need not load it.
    from nmikb.review.diff import diff

    print(diff(args.root, args.base, args.head, args.format), end="")
    return 0


def cmd_check_links(args) -> int:
    # Imported when the command runs: the other commands need not load it.
    from nmikb.review.links import NoNetwork

    try:
        return _check_links(args)
    except NoNetwork as err:
        print(err, file=sys.stderr)
        return 3


def _check_links(args) -> int:
    # Imported when the command runs: the other commands need not load them.
    from nmikb.review.links import Checker, links_of, markdown, summary, user_agent
    from nmikb.site.config import repo_address  # (as above)

    kb = load_knowledge_base(args.root, drafts=False)
    links = links_of(kb)
    routes = dict(args.connect_to)
    checker = Checker(user_agent(repo_address(args.root)), args.timeout, args.pause, routes)
    verdicts = checker.check(links)
    if args.summary:  # a workflow's job summary: the Markdown report, added to the file
        try:
            with open(args.summary, "a", encoding="utf-8") as f:
                f.write(markdown(verdicts))
        except OSError as err:
            raise UsageError(
                f"--summary {args.summary}: {err.strerror} — give a file that can be written"
            ) from None
    if args.format == "markdown":
        print(markdown(verdicts), end="")
    else:
        prefix = repo_prefix(args.root)
        for v in verdicts:
            if v.state == "ok":
                continue
            problem = v.problem()
            if args.format == "github":
                level = "warning" if v.state == "moved" else "error"
                print(problem_annotations([problem], prefix, level)[0])
            print(problem)
        print(summary(verdicts))
    return 1 if any(v.state == "dead" for v in verdicts) else 0


def route(text: str) -> tuple[str, str]:
    """`--connect-to HOST=http://ADDRESS:PORT`, checked as the command line is read."""
    host, _, url = text.partition("=")
    if not host or not url.startswith("http://"):
        raise argparse.ArgumentTypeError(
            f"`{text}` is not HOST=http://ADDRESS:PORT, e.g. example.org=http://127.0.0.1:8080"
        )
    return host.lower(), url


def cmd_release(args) -> int:
    # Imported when the command runs: the other commands need not load it.
    from nmikb.review.release import release

    done = release(args.root, args.version, args.out)
    since = f"changes since {done.previous}" if done.previous else "its first release"
    print(
        f"Released v{done.version} of commit {done.commit[:7]} into {done.folder}: "
        f"{len(done.files)} files, checksums in SHA256SUMS, {since} in CHANGELOG.md."
    )
    return 0


def cmd_serve(args) -> int:
    # Imported when the command runs: the other commands need not load them.
    from nmikb.serve.preview import serve
    from nmikb.serve.server import PortUnavailable  # (as above)

    try:
        return serve(args.root, args.host, args.port)
    except PortUnavailable as err:
        print(err, file=sys.stderr)
        return 1


def port_number(text: str) -> int:
    """--port, read by the server's own rule (imported when the option is given)."""
    # Imported when the option is given: the other commands need not load the server.
    from nmikb.serve.server import port_number

    return port_number(text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="nmi-kb", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--root",
        type=Path,
        default=Path.cwd(),
        help="the project folder, which holds mkdocs.yml and data/ (default: the current folder)",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    validate = sub.add_parser("validate", help="check every data file and report coverage")
    validate.add_argument(
        "--format",
        choices=("text", "github"),
        default="text",
        help="github: each problem also as a GitHub annotation on its line (default: text)",
    )
    validate.set_defaults(func=cmd_validate)
    changes = sub.add_parser(
        "diff", help="what a change does to the knowledge base, in words (for reviewers)"
    )
    changes.add_argument("base", metavar="BASE", help="the commit before: an id, branch or tag")
    changes.add_argument(
        "head",
        metavar="HEAD",
        nargs="?",
        help="the commit after (default: the working tree, uncommitted edits included)",
    )
    changes.add_argument(
        "--format",
        choices=("text", "markdown"),
        default="text",
        help="markdown: for a pull request or a job summary (default: text)",
    )
    changes.set_defaults(func=cmd_diff)
    check = sub.add_parser("check-links", help="visit every source's address; report dead links")
    check.add_argument(
        "--format",
        choices=("text", "github", "markdown"),
        default="text",
        help="github: also as annotations; markdown: for a job summary (default: text)",
    )
    check.add_argument(
        "--timeout", type=float, default=20.0, help="seconds to wait for a host (default: 20)"
    )
    check.add_argument(
        "--pause",
        type=float,
        default=1.0,
        help="seconds between two requests to one host (default: 1)",
    )
    check.add_argument(
        "--summary",
        type=Path,
        metavar="FILE",
        help="also add the Markdown report to FILE (a workflow's $GITHUB_STEP_SUMMARY)",
    )
    check.add_argument(
        "--connect-to",
        action="append",
        default=[],
        type=route,
        metavar="HOST=URL",
        help="send the requests for HOST to another server, e.g. a local copy (as curl's "
        "--connect-to)",
    )
    check.set_defaults(func=cmd_check_links)
    rel = sub.add_parser(
        "release", help="assemble a dated release of the data from the committed HEAD"
    )
    rel.add_argument("version", metavar="VERSION", help="MAJOR.MINOR.PATCH, e.g. 1.0.0")
    rel.add_argument(
        "--out", type=Path, help="where to write it (default: release/vVERSION in the project)"
    )
    rel.set_defaults(func=cmd_release)
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
    site.add_argument(
        "--clean",
        action="store_true",
        help="build from nothing: forget what earlier builds kept in .build/kept/",
    )
    site.add_argument(
        "--timings", action="store_true", help="print what each step of the build took"
    )
    site.set_defaults(func=cmd_site)
    sub.add_parser("schema", help="regenerate data/schema/*.json from the models").set_defaults(
        func=cmd_schema
    )
    new = sub.add_parser(
        "new", help="write a skeleton record (event, entity, term or source) to its own file"
    )
    new.add_argument("kind", choices=KINDS)
    new.add_argument("--id", required=True, help="the new entry's id, e.g. nato-summit-2024")
    new.add_argument(
        "--date", help="YYYY, YYYY-MM or YYYY-MM-DD (default: the date of the quoted source)"
    )
    new.add_argument(
        "--source", help="the id of the source the record quotes (needed when there are several)"
    )
    new.add_argument("--file", help="for a source: its stored text, seeds/<name>.txt")
    new.add_argument("--lang", help="for a source: the language it is written in (en, fr, …)")
    new.add_argument(
        "--source-kind",
        dest="source_kind",
        help="for a source: press-release, news-article, press-review, report, …",
    )
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
    except InvalidSide as err:  # diff: one side's data, with its problems
        print(err.report(), file=sys.stderr)
    except BuildFailed as err:
        print(f"The build failed; the previous site is unchanged.\n{err}", file=sys.stderr)
    except MachineFault as err:
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
