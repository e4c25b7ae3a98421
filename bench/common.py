"""What every benchmark shares: a figure with its samples, baseline and target; machine facts;
statistics; and the small process helpers (sandbox subprocess, child peak RSS)."""

from __future__ import annotations

import json
import os
import platform
import re
import resource
import select
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

REPO_ROOT = Path(__file__).resolve().parent.parent

Op = Literal["<=", ">=", "=="]


def say(text: str) -> None:
    """Progress for the person at the terminal (stdout, flushed)."""
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


@dataclass(frozen=True)
class Target:
    """`on` is "value" (the median), "ratio" (median / baseline median) or "every" (each run's
    value: for what must hold every time, such as exactly-once)."""

    op: Op
    threshold: float
    on: Literal["value", "ratio", "every"] = "value"

    def met(self, value: float | None) -> bool | None:
        if value is None:
            return None
        if self.op == "==":
            return value == self.threshold
        return value <= self.threshold if self.op == "<=" else value >= self.threshold

    def __str__(self) -> str:
        text = f"{self.op} {self.threshold:g}"
        return {"ratio": f"ratio {text}", "every": f"{text}, every run"}.get(self.on, text)


@dataclass
class Figure:
    """One row of the table: the samples of several runs and, when there is one, a baseline."""

    key: str
    label: str
    unit: str
    samples: list[float]
    baseline: list[float] | None = None
    baseline_label: str = ""
    target: Target | None = None
    note: str = ""
    why: str = ""  # printed only if the target is missed: the measured or known cause

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def ratio(self) -> float | None:
        if not self.baseline:
            return None
        base = statistics.median(self.baseline)
        return self.median / base if base else None

    @property
    def judged(self) -> float | None:
        """The value the target is judged on (the worst run's, for "every")."""
        if self.target is None:
            return None
        if self.target.on == "every":
            worse = max if self.target.op == "<=" else min
            return worse(self.samples)
        return self.ratio if self.target.on == "ratio" else self.median

    @property
    def margin(self) -> float | None:
        """How far inside its target the figure is, as a share of the threshold (negative:
        missed by that much); None without a target, or for an exact one."""
        value = self.judged
        if (
            value is None
            or self.target is None
            or self.target.op == "=="
            or not self.target.threshold
        ):
            return None
        room = (
            self.target.threshold - value
            if self.target.op == "<="
            else value - self.target.threshold
        )
        return room / abs(self.target.threshold)

    @property
    def met(self) -> bool | None:
        if self.target is None:
            return None
        if self.target.on == "every":
            return all(self.target.met(sample) for sample in self.samples)
        return self.target.met(self.ratio if self.target.on == "ratio" else self.median)

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "unit": self.unit,
            "runs": len(self.samples),
            "median": self.median,
            "min": min(self.samples),
            "max": max(self.samples),
            "samples": self.samples,
            "baseline": None
            if not self.baseline
            else {
                "label": self.baseline_label,
                "median": statistics.median(self.baseline),
                "min": min(self.baseline),
                "max": max(self.baseline),
                "samples": self.baseline,
            },
            "ratio": self.ratio,
            "target": None if self.target is None else str(self.target),
            "met": self.met,
            "margin": self.margin,
            "note": self.note,
            **({"why_missed": self.why} if self.met is False and self.why else {}),
        }


def mean(values: Sequence[float]) -> float:
    return statistics.fmean(values)


def machine() -> dict[str, Any]:
    model = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.MULTILINE)
        model = found.group(1).strip() if found else model
    return {
        "cpu_count": os.cpu_count(),
        "cpu_model": model,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3, 1),
        "load_average_at_start": os.getloadavg(),
    }


def fmt(value: float | None, unit: str = "") -> str:
    if value is None:
        return "-"
    if value == 0 or abs(value) >= 100 or float(value).is_integer():
        text = f"{value:,.0f}"
    elif abs(value) >= 10:
        text = f"{value:.1f}"
    elif abs(value) >= 0.01:
        text = f"{value:.3g}" if abs(value) < 1 else f"{value:.2f}"
    else:
        text = f"{value:.2e}"
    return f"{text} {unit}".strip()


# processes ------------------------------------------------------------------------------------
def peak_rss_mib() -> float:
    """This process's peak resident set size: VmHWM, the high-water mark of its own address
    space. Not `getrusage().ru_maxrss`: Linux carries that across fork + exec, so a child
    started by subprocess reports its parent's peak if that was higher."""
    value = _proc_status("VmHWM")
    if value is None:  # not Linux: the best there is
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return value


def _proc_status(field: str) -> float | None:
    """A /proc/self/status figure in MiB, or None where there is no /proc."""
    status = Path("/proc/self/status")
    if not status.exists():
        return None
    for line in status.read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return None


def current_rss_mib() -> float:
    value = _proc_status("VmRSS")
    return float("nan") if value is None else value


def run_child(module: str, args: Sequence[str], timeout: float) -> dict[str, Any]:
    """Run `python -m <module> <args>` from the repo root; its last stdout line is JSON."""
    result = subprocess.run(  # noqa: S603 (our own interpreter and module)
        [sys.executable, "-m", module, *args],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(
            f"{module} child failed (exit {result.returncode}):\n{result.stderr[-3000:]}"
        )
    answer: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return answer


@dataclass(frozen=True)
class Sandbox:
    base_url: str
    api_key: str
    pid: int


SANDBOX_KEY = "bench-key"
_LISTENING = re.compile(r"listening on (http://\S+)")


@contextmanager
def sandbox_process(*options: str, startup_timeout: float = 30.0) -> Iterator[Sandbox]:
    """`python -m aimlapi_veo_sandbox --port 0 ...` in its own process, stopped at the end
    (by its own pid: SIGTERM, then SIGKILL if it does not stop)."""
    process = subprocess.Popen(  # noqa: S603 (our own interpreter and module)
        [
            sys.executable,
            "-m",
            "aimlapi_veo_sandbox",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--api-key",
            SANDBOX_KEY,
            *options,
        ],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        base_url = _read_base_url(process, startup_timeout)
        yield Sandbox(base_url, SANDBOX_KEY, process.pid)
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)
        if process.stdout is not None:
            process.stdout.close()


def _read_base_url(process: subprocess.Popen[str], timeout: float) -> str:
    assert process.stdout is not None
    deadline = time.monotonic() + timeout
    while (remaining := deadline - time.monotonic()) > 0:
        ready, _, _ = select.select([process.stdout], [], [], remaining)
        if not ready:
            break
        line = process.stdout.readline()
        if not line:
            raise RuntimeError(f"sandbox exited during startup (exit {process.poll()})")
        found = _LISTENING.search(line)
        if found:
            return found.group(1)
    raise TimeoutError(f"sandbox did not print its address within {timeout} s")
