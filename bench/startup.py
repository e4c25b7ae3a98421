"""6. Start-up: `import aimlapi_veo` and `veo --help`, against `import httpx` and `python -c pass`.

Each command is a fresh interpreter (this one, `sys.executable`), timed from spawn to exit by
the parent; the four take turns ROUNDS times per run (so load on this shared machine hits all
alike) and a run's figure is each command's median. An import's cost is its time minus
`python -c pass` in the same run: the interpreter's own start-up is not the library's.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from typing import Any

from bench.common import REPO_ROOT, Figure, Target, say

ROUNDS = 7
COMMANDS = {
    "pass": [sys.executable, "-c", "pass"],
    "httpx": [sys.executable, "-c", "import httpx"],
    "package": [sys.executable, "-c", "import aimlapi_veo"],
    "library": [sys.executable, "-c", "from aimlapi_veo import VeoClient"],
    "cli": [sys.executable, "-m", "aimlapi_veo_cli", "--help"],
}


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=REPO_ROOT, capture_output=True, check=True, timeout=60)  # noqa: S603
    return time.perf_counter() - started


def one_run() -> dict[str, float]:
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(ROUNDS):
        for name, command in COMMANDS.items():
            times[name].append(timed(command))
    return {name: statistics.median(values) * 1e3 for name, values in times.items()}


def run(runs: int) -> tuple[list[Figure], dict[str, Any]]:
    medians: list[dict[str, float]] = []
    for number in range(1, runs + 1):
        medians.append(one_run())
        say(
            f"  run {number}/{runs} (ms): "
            + ", ".join(f"{k} {v:.0f}" for k, v in medians[-1].items())
        )

    def cost(name: str) -> list[float]:
        return [m[name] - m["pass"] for m in medians]

    figures = [
        Figure(
            "startup.import",
            "start-up: import aimlapi_veo (minus python -c pass)",
            "ms",
            cost("package"),
            cost("httpx"),
            "import httpx (minus python -c pass)",
            Target("<=", 1.5, on="ratio"),
            note="the package imports each public name on first use (PEP 562)",
        ),
        Figure(
            "startup.import_client",
            "start-up: from aimlapi_veo import VeoClient (minus python -c pass)",
            "ms",
            cost("library"),
            cost("httpx"),
            "import httpx (minus python -c pass)",
            Target("<=", 1.5, on="ratio"),
            note="what a user's first line costs: httpx, the generated client and the library "
            "(AsyncVeoClient and asyncio only on first use)",
            why="the generated client's attrs models, sqlite3, asyncio and the library's modules "
            "on top of httpx, all needed by `VeoClient()`",
        ),
        Figure(
            "startup.cli_help",
            "start-up: veo --help (minus python -c pass)",
            "ms",
            cost("cli"),
            target=Target("<=", 150.0),
            note="`python -m aimlapi_veo_cli --help`, the same code as the `veo` script",
            why="the CLI (H6's) imports typer/rich and the library before printing help",
        ),
    ]
    return figures, {"rounds_per_run": ROUNDS, "medians_ms": medians}
