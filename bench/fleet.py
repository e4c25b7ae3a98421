"""7. Fleet: JOBS jobs from 4 `veo batch` workers sharing one PostgreSQL journal, against the
sandbox, versus one worker doing them alone.

A real PostgreSQL server (tools/pgserver.py, a temporary cluster on a loopback port) and a
sandbox process (5-s jobs, an API rate limit of SANDBOX_RATE requests/s answered with 429
above it). Both runs use the real CLI, a fresh database, the same total concurrency and the
same shared rate limit (FLEET_RATE, below the sandbox's, through the journal's token bucket);
only the number of worker processes differs. Every row is created, waited for and downloaded.

Figures: the fleet's wall time over the one-process wall (target <= 1.5x); duplicates (creates
at the sandbox beyond one per row) and lost rows (rows without a saved, journaled file), both 0
in every run; the share of API requests (creates and fetches; the CDN is neither keyed nor
limited) the sandbox refused with 429 (target <= 1%).

Size: JOBS rows, so that a run takes ~20 s (it was 1,000 rows and minutes). The rates, the
concurrency and the 5-s jobs are unchanged, so the shared limit still binds: the creates start
as a burst of CONCURRENCY, three times what FLEET_RATE allows in a second, and CONCURRENCY jobs
in flight then ask for about FLEET_RATE (2 API requests a job every ~6 s).

The 429s do not grow with the run. On 2026-11-28 (load average 3-6 on 2 shared cores), 1,000
jobs got 19 of 2,019 API requests answered 429 with 4 workers (0.94 %; 9 of 2,009 with one);
200 jobs got 5 to 34 of ~410 (1.2-7.8 %; 6 to 28 with one) in five runs at that load, and 0
(14 with one) in one at load 1. So the share is judged more strictly here than at 1,000 jobs,
where the target was met with no margin; the 429s themselves come from the shared limit's
pacing under load (the one-worker run has them too).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from pgserver import PostgresServer

from aimlapi_veo.journal.postgres import PostgresJournal
from bench.batch import png
from bench.common import REPO_ROOT, Figure, Sandbox, Target, sandbox_process, say

JOBS, WORKERS, CONCURRENCY = 200, 4, 160  # concurrency: the total, split between the workers
GENERATION_SECONDS = 5.0
SANDBOX_RATE, FLEET_RATE = 60.0, 50.0  # API requests per second
TIMEOUT = 600.0


def _rows(folder: Path) -> Path:
    png(folder / "frame.png")
    lines = [json.dumps({"image": "frame.png", "prompt": f"fleet row {n}"}) for n in range(JOBS)]
    path = folder / "rows.jsonl"
    path.write_text("\n".join(lines) + "\n")
    return path


def _stats(sandbox: Sandbox) -> dict[str, Any]:
    answer: dict[str, Any] = httpx.get(f"{sandbox.base_url}/_sandbox/stats", timeout=10).json()
    return answer


NOT_API = ("/_sandbox/", "/cdn/")  # the sandbox's own routes, and its CDN: no key, no limit


def _api_requests(stats: dict[str, Any]) -> int:
    """Creates and fetches (with their retries): the requests the rate limit applies to."""
    routes = stats["requests"].items()
    return sum(n for route, n in routes if not any(part in route for part in NOT_API))


def one_run(sandbox: Sandbox, server: PostgresServer, folder: Path, workers: int) -> dict[str, Any]:
    """`workers` processes on one fresh journal; what the sandbox and the journal saw."""
    url = server.create_database(f"fleet_{workers}_{time.monotonic_ns()}")
    source, out = _rows(folder), folder / f"out-{workers}"
    env = {**os.environ, "AIMLAPI_API_KEY": sandbox.api_key, "AIMLAPI_BASE_URL": sandbox.base_url}
    command = [sys.executable, "-m", "aimlapi_veo_cli", "batch", str(source), "-d", str(out),
               "--journal", url, "--concurrency", str(CONCURRENCY // workers),
               "--rate-limit", f"{FLEET_RATE:g}"]  # fmt: skip
    before, started = _stats(sandbox), time.perf_counter()
    processes = [
        subprocess.Popen(  # noqa: S603 (our own interpreter and module)
            command, env=env, cwd=REPO_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        for _ in range(workers)
    ]
    codes = [process.wait(TIMEOUT) for process in processes]
    wall = time.perf_counter() - started
    after = _stats(sandbox)
    journal = PostgresJournal(url)
    try:
        jobs = journal.jobs()
    finally:
        journal.close()
    saved = {job.label for job in jobs if job.downloaded_at is not None and job.file_sha256}
    created = after["jobs_created"] - before["jobs_created"]
    requests = _api_requests(after) - _api_requests(before)
    refused = after["rate_limited"] - before["rate_limited"]
    result = {
        "workers": workers,
        "wall_seconds": wall,
        "exit_codes": codes,
        "creates": created,
        "duplicates": max(0, created - JOBS),
        "lost": JOBS - len(saved),
        "api_requests": requests,
        "answered_429": refused,
        "share_429": refused / requests if requests else 0.0,
    }
    say(
        f"  {workers} worker(s): {wall:.1f} s wall, {created} creates, {len(saved)} saved, "
        f"{requests} API requests, {refused} answered 429, exit codes {codes}"
    )
    return result


def _facts(result: dict[str, Any]) -> str:
    return (
        f"{result['wall_seconds']:.1f} s, {result['creates']} creates, {result['lost']} lost, "
        f"{result['answered_429']} of {result['api_requests']} API requests answered 429, "
        f"exit codes {result['exit_codes']}"
    )


def run(runs: int) -> tuple[list[Figure], dict[str, Any]]:
    del runs  # one run of each: two runs take ~40 s, a fifth of a `make bench` on its own
    with (
        tempfile.TemporaryDirectory(prefix="bench-fleet-") as folder,
        PostgresServer.start() as server,
        sandbox_process(
            "--generation-seconds",
            f"{GENERATION_SECONDS:g}",
            "--seed",
            "6",
            "--rate-limit",
            f"{SANDBOX_RATE:g}",
        ) as sandbox,  # fmt: skip
    ):
        alone = one_run(sandbox, server, Path(folder), 1)
        fleet = one_run(sandbox, server, Path(folder), WORKERS)
    return figures(alone, fleet), {"alone": alone, "fleet": fleet}


def figures(alone: dict[str, Any], fleet: dict[str, Any]) -> list[Figure]:
    note = (
        f"{JOBS} jobs of {GENERATION_SECONDS:g} s, downloaded; total concurrency {CONCURRENCY}; "
        f"shared limit {FLEET_RATE:g} req/s through the journal, sandbox limit {SANDBOX_RATE:g}; "
        "1 run each (~20 s each); duplicates and lost rows checked in both"
    )
    label = f"fleet {JOBS} jobs, {WORKERS} workers, one PostgreSQL journal"
    seen = f"{WORKERS} workers: {_facts(fleet)}; 1 worker: {_facts(alone)}"
    return [
        Figure(
            "fleet.wall",
            f"{label}: wall",
            "s",
            [fleet["wall_seconds"]],
            baseline=[alone["wall_seconds"]],
            baseline_label="1 worker",
            target=Target("<=", 1.5, "ratio"),
            note=note,
            why=f"{seen}; each 429 pauses every worker for its Retry-After (1 s)",
        ),
        Figure(
            "fleet.duplicates",
            f"{label}: creates beyond one per row",
            "",
            [fleet["duplicates"], alone["duplicates"]],
            target=Target("==", 0, "every"),
            why=seen,
        ),
        Figure(
            "fleet.lost",
            f"{label}: rows not saved",
            "",
            [fleet["lost"], alone["lost"]],
            target=Target("==", 0, "every"),
            why=seen,
        ),
        Figure(
            "fleet.share_429",
            f"{label}: API requests answered 429",
            "%",
            [100 * fleet["share_429"]],
            baseline=[100 * alone["share_429"]],
            baseline_label="1 worker",
            target=Target("<=", 1.0),
            why=f"{seen}. The one-worker run has the same shared limit: 429s there come from "
            "the pacing itself (requests reaching the sandbox in bursts its bucket cannot "
            "absorb), not from sharing it; their count does not grow with the run, so a short "
            "run's share is higher (see bench/fleet.py's docstring)",
        ),
    ]
