"""8. Pacing: ROWS rows through `veo batch --rate-limit RATE` against a sandbox that allows RATE
API requests per second (429 + Retry-After above it) and injects FAULT_RATE faults (5xx and
dropped connections on creates, fetches and the CDN).

The request bound is the time the API requests the sandbox counted (creates and fetches, with
their retries; not the CDN) take at RATE per second: no client can do them faster. Figures: the
wall time over that bound (target <= 1.1x: the client's margin under the rate, and its waits
for the last jobs, are all it may add); the rows that ended in a 429 (target 0 in every run: a
429 created nothing, so the create is sent again until its deadline); the share of API requests
the sandbox refused with 429 (target <= 1 %: the client's bucket keeps a margin under the rate
and sends no burst). Faulted creates end "unknown" (they may have been charged), as they must:
they are counted apart. One run: about ROWS x 3 requests at RATE per second.
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

from bench.batch import png
from bench.common import REPO_ROOT, Figure, Sandbox, Target, sandbox_process, say

ROWS, RATE, FAULT_RATE, CONCURRENCY = 60, 5.0, 0.05, 60
GENERATION_SECONDS = 5.0
TIMEOUT = 300.0
NOT_API = ("/_sandbox/", "/cdn/")  # the sandbox's own routes, and its CDN: no key, no limit


def _stats(sandbox: Sandbox) -> dict[str, Any]:
    answer: dict[str, Any] = httpx.get(f"{sandbox.base_url}/_sandbox/stats", timeout=10).json()
    return answer


def _api_requests(stats: dict[str, Any]) -> int:
    return sum(n for route, n in stats["requests"].items() if not any(p in route for p in NOT_API))


def one_run(sandbox: Sandbox, folder: Path) -> dict[str, Any]:
    png(folder / "frame.png")
    rows = [json.dumps({"image": "frame.png", "prompt": f"paced row {n}"}) for n in range(ROWS)]
    (folder / "rows.jsonl").write_text("\n".join(rows) + "\n")
    env = {**os.environ, "AIMLAPI_API_KEY": sandbox.api_key, "AIMLAPI_BASE_URL": sandbox.base_url}
    command = [sys.executable, "-m", "aimlapi_veo_cli", "batch", str(folder / "rows.jsonl"),
               "-d", str(folder / "out"), "--journal", str(folder / "journal.sqlite3"),
               "--concurrency", str(CONCURRENCY), "--rate-limit", f"{RATE:g}"]  # fmt: skip
    before, started = _stats(sandbox), time.perf_counter()
    done = subprocess.run(  # noqa: S603 (our own interpreter and module)
        command,
        env=env,
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    wall = time.perf_counter() - started
    after = _stats(sandbox)
    events = [line for line in done.stderr.splitlines() if line.startswith("row ")]
    requests = _api_requests(after) - _api_requests(before)
    refused = after["rate_limited"] - before["rate_limited"]
    result = {
        "wall_seconds": wall,
        "request_bound_seconds": requests / RATE,
        "api_requests": requests,
        "answered_429": refused,
        "share_429": refused / requests if requests else 0.0,
        "rows_lost_to_429": sum(": error" in e and "429" in e for e in events),
        "rows_saved": sum(": saved" in e for e in events),
        "rows_unknown": sum(": unknown" in e for e in events),
        "faults_injected": after["faults_injected"] - before["faults_injected"],
        "exit_code": done.returncode,
    }
    say(
        f"  {ROWS} rows: {wall:.1f} s wall, {requests} API requests ({requests / RATE:.1f} s at "
        f"{RATE:g}/s), {refused} answered 429, {result['rows_saved']} saved, "
        f"{result['rows_unknown']} unknown (faulted creates), {result['rows_lost_to_429']} "
        f"lost to 429, {result['faults_injected']} faults, exit {done.returncode}"
    )
    return result


def run(runs: int) -> tuple[list[Figure], dict[str, Any]]:
    del runs  # one run: ~40 s at 5 requests/s
    with (
        tempfile.TemporaryDirectory(prefix="bench-pacing-") as folder,
        sandbox_process(
            "--generation-seconds",
            f"{GENERATION_SECONDS:g}",
            "--seed",
            "8",
            "--rate-limit",
            f"{RATE:g}",
            "--fault-rate",
            f"{FAULT_RATE:g}",
        ) as sandbox,  # fmt: skip
    ):
        result = one_run(sandbox, Path(folder))
    return figures(result), result


def figures(result: dict[str, Any]) -> list[Figure]:
    label = f"pacing {ROWS} rows at {RATE:g} req/s, {FAULT_RATE:.0%} faults"
    note = (
        f"veo batch --rate-limit {RATE:g} --concurrency {CONCURRENCY}; sandbox limit {RATE:g} "
        f"req/s, {FAULT_RATE:.0%} faults, {GENERATION_SECONDS:g}-s jobs; 1 run"
    )
    seen = ", ".join(f"{key} {value:.3g}" for key, value in result.items())
    return [
        Figure(
            "pacing.wall_over_request_bound",
            f"{label}: wall / request bound",
            "x",
            [result["wall_seconds"] / result["request_bound_seconds"]],
            target=Target("<=", 1.1),
            note=note,
            why=seen,
        ),
        Figure(
            "pacing.rows_lost_to_429",
            f"{label}: rows lost to 429",
            "",
            [result["rows_lost_to_429"]],
            target=Target("==", 0, "every"),
            why=seen,
        ),
        Figure(
            "pacing.share_429",
            f"{label}: API requests answered 429",
            "%",
            [100 * result["share_429"]],
            target=Target("<=", 1.0),
            why=seen,
        ),
    ]
