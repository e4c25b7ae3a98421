"""6. Start-up: `import aimlapi_veo` and `veo --help`, against `import httpx`, `import typer` and
`python -c pass`.

Each command is a fresh interpreter (this one, `sys.executable`), timed from spawn to exit by
the parent; the commands take turns ROUNDS times per run (so load on this shared machine hits
all alike) and a run's figure is each command's median. An import's cost is its time minus
`python -c pass` in the same run: the interpreter's own start-up is not the library's.

Bytecode is cached, as for a user: pip compiles an installed package, and Python writes
`__pycache__` on first run. This machine's environment sets PYTHONDONTWRITEBYTECODE, which
left httpx and typer (compiled by pip) loading from bytecode while the library, the CLI and
the generated client were compiled from source on every start. The commands run with their
bytecode in a temporary PYTHONPYCACHEPREFIX (nothing is written in the tree), after one
untimed round that fills it.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.common import REPO_ROOT, Figure, Target, say

ROUNDS = 7
COMMANDS = {
    "pass": [sys.executable, "-c", "pass"],
    "httpx": [sys.executable, "-c", "import httpx"],
    "package": [sys.executable, "-c", "import aimlapi_veo"],
    "library": [sys.executable, "-c", "from aimlapi_veo import VeoClient"],
    "cli": [sys.executable, "-m", "aimlapi_veo_cli", "--help"],
    "typer": [sys.executable, "-c", "import typer"],  # the floor under `veo --help`
}


def cached_bytecode(cache: Path) -> dict[str, str]:
    """The environment of a user's interpreter: bytecode written once and read after."""
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(cache)
    return env


def timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(  # noqa: S603
        command, cwd=REPO_ROOT, env=env, capture_output=True, check=True, timeout=60
    )
    return time.perf_counter() - started


def one_run(env: dict[str, str]) -> dict[str, float]:
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(ROUNDS):
        for name, command in COMMANDS.items():
            times[name].append(timed(command, env))
    return {name: statistics.median(values) * 1e3 for name, values in times.items()}


def run(runs: int) -> tuple[list[Figure], dict[str, Any]]:
    with tempfile.TemporaryDirectory(prefix="veo-bench-pycache-") as cache:
        env = cached_bytecode(Path(cache))
        for command in COMMANDS.values():  # fills the cache: not timed
            timed(command, env)
        return measure(runs, env)


def measure(runs: int, env: dict[str, str]) -> tuple[list[Figure], dict[str, Any]]:
    medians: list[dict[str, float]] = []
    for number in range(1, runs + 1):
        medians.append(one_run(env))
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
            note="what a user's first line costs: httpx and the library's own modules; the "
            "generated client (attrs models) loads on the first request, sqlite3 and "
            "platformdirs when a journal is opened, asyncio with AsyncVeoClient",
            why="the library's own modules (_core, polling, wire, journal.base, ...) on top of "
            "httpx; `python -X importtime -c 'from aimlapi_veo import VeoClient'` shows which",
        ),
        Figure(
            "startup.cli_help",
            "start-up: veo --help (minus python -c pass)",
            "ms",
            cost("cli"),
            cost("typer"),
            "import typer (minus python -c pass)",
            target=Target("<=", 150.0),
            note="`python -m aimlapi_veo_cli --help`, the same code as the `veo` script: typer, "
            "the command modules and platformdirs (the default journal path in the help); no "
            "httpx, rich, client, generated models, sqlite3 or asyncio",
            why="typer's own import is most of it (the baseline); the rest is the command "
            "modules. An absolute wall time: it grows with this shared machine's load",
        ),
    ]
    return figures, {"rounds_per_run": ROUNDS, "bytecode": "cached", "medians_ms": medians}
