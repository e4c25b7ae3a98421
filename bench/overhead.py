"""5. Overhead: one fetch through `VeoClient.get` vs one raw httpx GET, same local server.

The sandbox (its own process; jobs that stay in progress for an hour, so every answer has the
same shape) holds one job, created through the wrapper so that its journal knows it. Three
callers fetch it over keep-alive connections:

- `VeoClient.get` with a journal in a temp dir (as shipped: the journal is on by default, and
  each fetch records what changed);
- `VeoClient.get` with `journal=False`;
- raw `httpx.Client.get(url, params=..., headers=auth).json()`: what the documentation page's
  loop does per fetch.

They take turns in blocks of BLOCK calls (so a burst of load on this shared machine hits all
three alike); each run is ROUNDS rounds, and a run's figure is the median per-call time.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from aimlapi_veo import VeoClient
from bench.common import Figure, Target, sandbox_process, say

MIN_RUNS = 5
ROUNDS = 10
BLOCK = 30
WARMUP = 50


def per_call(call: Callable[[], object], count: int) -> list[float]:
    times = []
    for _ in range(count):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return times


def run(runs: int) -> tuple[list[Figure], dict[str, Any]]:
    runs = max(runs, MIN_RUNS)
    medians: dict[str, list[float]] = {"journal": [], "no_journal": [], "raw": []}
    with (
        tempfile.TemporaryDirectory(prefix="bench-overhead-") as folder,
        sandbox_process("--generation-seconds", "3600") as sandbox,
        VeoClient(
            sandbox.api_key, base_url=sandbox.base_url, journal=Path(folder) / "j.sqlite3"
        ) as journaled,
        VeoClient(sandbox.api_key, base_url=sandbox.base_url, journal=False) as bare,
        httpx.Client(headers={"Authorization": f"Bearer {sandbox.api_key}"}) as raw,
    ):
        job = journaled.create("https://images.bench.invalid/first-frame.png", "bench").id
        url = f"{sandbox.base_url}/v2/video/generations"
        calls: dict[str, Callable[[], object]] = {
            "journal": lambda: journaled.get(job),
            "no_journal": lambda: bare.get(job),
            "raw": lambda: raw.get(url, params={"generation_id": job}).json(),
        }
        for call in calls.values():
            per_call(call, WARMUP)
        for number in range(1, runs + 1):
            times: dict[str, list[float]] = {name: [] for name in calls}
            for _ in range(ROUNDS):
                for name, call in calls.items():
                    times[name] += per_call(call, BLOCK)
            for name, values in times.items():
                medians[name].append(statistics.median(values))
            row = ", ".join(f"{n} {v[-1] * 1e3:.3f} ms" for n, v in medians.items())
            say(f"  run {number}/{runs}: {row}")
    info = {"calls_per_run_each": ROUNDS * BLOCK, "warmup_calls_each": WARMUP}
    return figures(medians), info


def figures(medians: dict[str, list[float]]) -> list[Figure]:
    raw = [m * 1e3 for m in medians["raw"]]
    base = "raw httpx GET + .json()"
    bare = statistics.median(medians["no_journal"]) / statistics.median(medians["raw"])
    why = (
        f"without the journal VeoClient.get is {bare:.2f}x raw httpx; the rest is the journal's "
        "read of the job per fetch (it writes only when the answer changes something)"
    )
    return [
        Figure(
            "overhead.get",
            "overhead: VeoClient.get (journal on), per call",
            "ms",
            [m * 1e3 for m in medians["journal"]],
            raw,
            base,
            Target("<=", 1.3, on="ratio"),
            note="loopback to the sandbox; the journal reads the job per fetch, writes on a change",
            why=why,
        ),
        Figure(
            "overhead.get_no_journal",
            "overhead: VeoClient.get (journal=False), per call",
            "ms",
            [m * 1e3 for m in medians["no_journal"]],
            raw,
            base,
        ),
    ]
