"""`make bench` (`python -m bench.run` from the repo root): run the benchmarks, print one table,
write bench/results.json.

    python -m bench.run                      # everything, 3 runs each (~4 min, 2 idle cores)
    python -m bench.run --only polling,overhead --runs 5

Sections (one module each, listed in SECTIONS): regen (spec pipeline vs the generator on a raw
revision), polling (the real wait() on a virtual clock over a family of completion-time
distributions, cold and learned, vs the page's loop), batch (1,000 jobs against the sandbox),
download (100 MiB vs plain httpx and curl; 32 MiB from a CDN paced to 40 MB/s vs curl),
overhead (VeoClient.get vs raw httpx), start-up (imports and `veo --help` vs `python -c pass`),
fleet (workers sharing a PostgreSQL journal), pacing (`veo batch --rate-limit` against a
rate-limited, faulty sandbox). Each figure is the median
of its runs, with min and max; a ratio is median / baseline median. Targets are judged on the
median, except exactly-once, which must hold in every run. Some sections run more or fewer
times than --runs, and say why (the `n` column). The exit status is 1 only if a section could
not run; a missed target is reported, with its cause where known, not turned into a failure:
this is a measurement, not a test.

The run prints its own wall time as the last figure, with issue 15's limit (under 5 minutes on
a 2-core machine) as its target in the default run, and each section's time against its share
of that (BUDGET): a section over its share is named when the total misses. Sections keep to
their share by size, not by losing figures: see each module's docstring for what it repeats
less (and why that does not change what it measures).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from importlib import import_module
from importlib.metadata import version
from pathlib import Path
from typing import Any

from bench.common import REPO_ROOT, Figure, Target, fmt, machine, say

SECTIONS = {
    "regen": "1. Regeneration",
    "polling": "2. Polling (virtual clock)",
    "batch": "3. Batch (1,000 jobs, sandbox)",
    "download": "4. Download (100 MiB)",
    "overhead": "5. Overhead (one fetch)",
    "startup": "6. Start-up (import, veo --help)",
    "fleet": "7. Fleet (200 jobs, 4 workers, one PostgreSQL journal)",
    "pacing": "8. Pacing (60 rows at 5 req/s, 5 % faults)",
}
# Another section: a module bench/<name>.py with `run(runs) -> (figures, info)`, one line
# here and one in BUDGET; `--only <name>` then runs it alone.
DEFAULT_RUNS = 3
TIME_LIMIT = 300.0  # seconds: issue 15's acceptance, the whole default run on a 2-core machine
# Seconds each section may take in the default run on an idle 2-core machine, so that the whole
# run stays well under TIME_LIMIT (about 240 s, leaving room for a slower or busier machine).
# A section over its budget is named when the total misses TIME_LIMIT.
BUDGET = {
    "regen": 50.0,
    "polling": 50.0,
    "batch": 28.0,
    "download": 55.0,
    "overhead": 12.0,
    "startup": 20.0,
    "fleet": 40.0,
    "pacing": 45.0,
}
RESULTS = REPO_ROOT / "bench" / "results.json"
Section = Callable[[int], tuple[list[Figure], dict[str, Any]]]


def versions() -> dict[str, str]:
    names = ("httpx", "httpcore", "openapi-python-client", "ruff", "uvicorn", "starlette")
    return {name: version(name) for name in names}


def run_section(name: str, runs: int) -> tuple[list[Figure], dict[str, Any]]:
    say(f"\n== {SECTIONS[name]}")
    started = time.perf_counter()
    try:
        section: Section = import_module(f"bench.{name}").run
        figures, info = section(runs)
    except Exception as exc:  # one broken section must not hide the others' figures
        say(f"  FAILED: {type(exc).__name__}: {exc}")
        return [], {"error": traceback.format_exc(), "seconds": time.perf_counter() - started}
    seconds = time.perf_counter() - started
    say(f"  ({seconds:.0f} s; budget {BUDGET[name]:.0f} s)")
    return figures, info | {"seconds": seconds}


def table(figures: list[Figure]) -> list[str]:
    header = (
        "figure", "n", "median", "min", "max", "baseline (median)", "ratio", "target", "margin",
        "met?",
    )  # fmt: skip
    rows = [header]
    for f in figures:
        baseline = statistics.median(f.baseline) if f.baseline else None
        base_n = len(f.baseline or [])
        runs = f" (n={base_n})" if base_n not in {0, len(f.samples)} else ""  # e.g. regen's raw
        met = {True: "yes", False: "NO", None: "-"}[f.met]
        rows.append(
            (
                f.label,
                str(len(f.samples)),
                fmt(f.median, f.unit),
                fmt(min(f.samples)),
                fmt(max(f.samples)),
                "-" if baseline is None else f"{fmt(baseline, f.unit)} {f.baseline_label}{runs}",
                "-"
                if f.ratio is None
                else f"{f.ratio:.2f}x"
                if f.ratio >= 0.1
                else f"{f.ratio:.2g}x",
                "-" if f.target is None else str(f.target),
                "-" if f.margin is None else f"{100 * f.margin:+.0f} %",
                met,
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return lines


def report(figures: list[Figure], errors: dict[str, str]) -> None:
    say(
        "\n== Results (ratio = median / baseline median; targets judged on the median unless "
        "marked; margin: how far inside the target, as a share of it)"
    )
    for line in table(figures):
        say(line)
    missed = [f for f in figures if f.met is False]
    say("\n== Targets missed" if missed else "\n== Every target with a figure was met")
    for f in missed:
        margin = "" if f.margin is None else f", missed by {-100 * f.margin:.0f} %"
        say(f"- {f.label}: {fmt(f.median, f.unit)}, target {f.target}{margin}")
        say(f"  why: {f.why or 'no cause recorded; see the notes and bench/results.json'}")
    for name, error in errors.items():
        say(f"- section {name} did not run: {error.strip().splitlines()[-1]}")
    say("\n== Notes")
    for f in figures:
        if f.note:
            say(f"- {f.label}: {f.note}")


def time_figure(
    sections: dict[str, dict[str, Any]], seconds: float, load_at_start: float, *, default_run: bool
) -> Figure:
    """The run's own wall time: judged against TIME_LIMIT only for the default run (every
    section, --runs 3), the run the acceptance is about; a miss names the sections over their
    budget and the machine's load, the usual causes."""
    spent = {name: info["seconds"] for name, info in sections.items()}
    over = [
        f"{name} {took:.0f} s (budget {BUDGET[name]:.0f} s)"
        for name, took in spent.items()
        if took > BUDGET[name]
    ]
    return Figure(
        "bench.wall",
        "bench: wall time of this whole run",
        "s",
        [seconds],
        target=Target("<=", TIME_LIMIT) if default_run else None,
        note=", ".join(f"{name} {took:.0f} s" for name, took in spent.items())
        + f"; budget {sum(BUDGET[n] for n in spent):.0f} s"
        + ("" if default_run else "; not the default run, so no target"),
        why=f"over budget: {', '.join(over) or 'none'}; load average {load_at_start:.2f} at the "
        f"start, {os.getloadavg()[0]:.2f} at the end, on {os.cpu_count()} cores (other work "
        "shares them)",
    )


def time_line(sections: dict[str, dict[str, Any]], seconds: float) -> str:
    spent = ", ".join(
        f"{name} {info['seconds']:.0f} s ({BUDGET[name]:.0f})" for name, info in sections.items()
    )
    return (
        f"\n== Time, per section (budget): {spent}; total {seconds:.0f} s "
        f"(limit {TIME_LIMIT:.0f} s for the default run)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.run", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--runs", type=int, default=DEFAULT_RUNS, help=f"runs per figure (default {DEFAULT_RUNS})"
    )
    parser.add_argument("--only", default=",".join(SECTIONS), help="comma-separated sections")
    parser.add_argument("--out", type=Path, default=RESULTS, help="where to write the JSON")
    args = parser.parse_args(argv)
    chosen = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = sorted(set(chosen) - SECTIONS.keys())
    if unknown or args.runs < 1:
        parser.error(
            f"unknown section(s) {unknown}; known: {', '.join(SECTIONS)}"
            if unknown
            else "--runs must be >= 1"
        )
    os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")  # everything here is loopback
    started, clock = datetime.now(UTC), time.perf_counter()
    host = machine()
    say(
        f"bench: {host['cpu_count']} x {host['cpu_model']}, {host['memory_gib']} GiB, "
        f"Python {host['python']}, load average {host['load_average_at_start'][0]:.2f}"
    )
    figures: list[Figure] = []
    sections: dict[str, dict[str, Any]] = {}
    for name in chosen:
        found, info = run_section(name, args.runs)
        figures += found
        sections[name] = info
    errors = {name: info["error"] for name, info in sections.items() if "error" in info}
    seconds = time.perf_counter() - clock
    default_run = chosen == list(SECTIONS) and args.runs == DEFAULT_RUNS
    load = host["load_average_at_start"][0]
    figures.append(time_figure(sections, seconds, load, default_run=default_run))
    say(time_line(sections, seconds))
    report(figures, errors)
    results = {
        "started_at": started.isoformat(timespec="seconds"),
        "seconds": seconds,
        "time_limit_seconds": TIME_LIMIT if default_run else None,
        "budget_seconds": {name: BUDGET[name] for name in chosen},
        "runs": args.runs,
        "machine": host | {"load_average_at_end": os.getloadavg()},
        "versions": versions(),
        "figures": [f.as_dict() for f in figures],
        "sections": sections,
    }
    args.out.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    say(f"\nwrote {args.out} ({seconds:.0f} s in all)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
