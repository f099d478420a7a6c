"""How fast the strict YAML reader is: one ~10 MB file of event records, and 10,000 small files
of one record each (the one-record-per-file layout, where per-file overhead dominates).
Prints figures; asserts nothing. Run: .venv/bin/python tests/benchmarks/yaml_speed.py

Set RUNS (default 3) to repeat each measure; the best run is shown, since on a shared machine
the slower runs measure the neighbours.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

from nmikb.data import yamlsafe  # noqa: E402

RUNS = int(os.environ.get("RUNS", "3"))
BIG_BYTES = 10 * 1024 * 1024
SMALL_FILES = 10_000

# Words with accents and typographic quotes, as in the real French text, so that the reader
# decodes and counts real multi-byte characters.
WORDS_EN = (
    "the mission advises iraqi officials of the defence and security "
    "sectors at the request of iraq".split()
)
WORDS_FR = (
    "la mission conseille les responsables irakiens de la défense et "
    "de la sécurité à l’intérieur".split()
)


def sentence(words: list[str], seed: int, length: int) -> str:
    return " ".join(words[(seed * 7 + k * 3) % len(words)] for k in range(length)).capitalize()


def record(i: int) -> list[str]:
    """One event record, shaped like those in data/events.yaml, as unindented lines (~1.5 KB)."""
    return [
        f"id: event-{i:06d}",
        f'date: "{2000 + i % 24}-{1 + i % 12:02d}-{1 + i % 28:02d}"',
        "date_note:",
        f"  en: {sentence(WORDS_EN, i, 14)}.",
        f"  fr: {sentence(WORDS_FR, i, 14)}.",
        "title:",
        f"  en: {sentence(WORDS_EN, i + 1, 9)}",
        f"  fr: {sentence(WORDS_FR, i + 1, 9)}",
        "summary:",
        f"  en: {sentence(WORDS_EN, i + 2, 30)}.",
        f"  fr: {sentence(WORDS_FR, i + 2, 30)}.",
        f"actors: [nato, nmi, iraq, actor-{i % 50}, actor-{i % 17}]",
        "citations:",
        f"  - source: source-{i % 40}",
        f'    quote: "{sentence(WORDS_FR, i + 3, 22)} – « cité » p. {i % 300}"',
        "    translation:",
        f"      en: '{sentence(WORDS_EN, i + 3, 22)} – \"quoted\" p. {i % 300}'",
        f"  - source: source-{(i + 1) % 40}",
        f"    quote: {sentence(WORDS_FR, i + 4, 16)}",
        "    translation:",
        f"      en: {sentence(WORDS_EN, i + 4, 16)}",
    ]


HEADER = (
    "# yaml-language-server: $schema=schema/events.schema.json\n# Dated events for the timeline.\n"
)


def big_file() -> bytes:
    parts, size, i = [HEADER + "events:\n"], 0, 0
    while size < BIG_BYTES:
        lines = record(i)
        text = "  - " + lines[0] + "\n" + "".join(f"    {line}\n" for line in lines[1:]) + "\n"
        parts.append(text)
        size += len(text.encode("utf-8"))
        i += 1
    return "".join(parts).encode("utf-8")


def small_file(i: int) -> bytes:
    return (HEADER + "".join(f"{line}\n" for line in record(i))).encode("utf-8")


def best(fn) -> tuple[float, float]:
    """Best wall-clock and best CPU time of RUNS runs: on a shared machine, CPU time varies less."""
    walls, cpus = [], []
    for _ in range(RUNS):
        started, started_cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - started_cpu)
    return min(walls), min(cpus)


def parsers() -> list[tuple[str, dict]]:
    """The reader as it runs by default and, where the module lets us choose, pure Python."""
    choices = [("default", {})]
    python_parser = getattr(yamlsafe, "PythonParser", None)
    if python_parser is not None and getattr(yamlsafe, "FastParser", None) is not python_parser:
        choices.append(("pure Python", {"parser": python_parser}))
    return choices


def main() -> int:
    print(
        f"yaml: {yamlsafe.yaml.__version__}, "
        f"libyaml in the wheel: {yamlsafe.yaml.__with_libyaml__}, "
        f"best of {RUNS}"
    )
    raw = big_file()
    for name, kwargs in parsers():
        saved = yamlsafe.MAX_BYTES
        yamlsafe.MAX_BYTES = len(raw) + 1  # this benchmark only: the real limit is per record file
        try:
            check = yamlsafe.load_bytes(raw, "big.yaml", **kwargs)
            assert not check.problems, check.problems[:3]
            seconds, cpu = best(
                lambda kwargs=kwargs: yamlsafe.load_bytes(raw, "big.yaml", **kwargs)
            )
        finally:
            yamlsafe.MAX_BYTES = saved
        print(
            f"[{name}] one file of {len(raw) / 1e6:.1f} MB ({len(check.data['events']):,} "
            f"records): {seconds:.2f} s, CPU {cpu:.2f} s ({len(raw) / 1e6 / seconds:.1f} MB/s)"
        )

    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i in range(SMALL_FILES):
            path = Path(tmp) / f"event-{i:06d}.yaml"
            path.write_bytes(small_file(i))
            paths.append(path)
        total = sum(p.stat().st_size for p in paths)
        for name, kwargs in parsers():
            first = yamlsafe.load_file(paths[0], **kwargs)
            assert not first.problems, first.problems
            seconds, cpu = best(
                lambda kwargs=kwargs: [yamlsafe.load_file(p, **kwargs) for p in paths]
            )
            print(
                f"[{name}] {SMALL_FILES:,} files of ~{total / SMALL_FILES / 1000:.1f} "
                f"kB with load_file: {seconds:.2f} s, "
                f"CPU {cpu:.2f} s ({seconds / SMALL_FILES * 1e6:.0f} "
                "µs per file)"
            )
        # What every file costs whatever its size: reading it, the checks, starting a parser.
        tiny = Path(tmp) / "tiny.yaml"
        tiny.write_bytes(b"id: x\n")
        for name, kwargs in parsers():
            seconds, cpu = best(
                lambda kwargs=kwargs: [
                    yamlsafe.load_file(tiny, **kwargs) for _ in range(SMALL_FILES)
                ]
            )
            print(
                f"[{name}] fixed cost per file (a one-line "
                f"file, load_file): {seconds / SMALL_FILES * 1e6:.0f} "
                f"µs, CPU {cpu / SMALL_FILES * 1e6:.0f} µs"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
