"""Helpers for the end-to-end tests: the real `veo` command in a subprocess, against a sandbox
served on a free loopback port, and a probe that reads the MP4s it saves."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import av

VEO = Path(sys.executable).with_name("veo")
#: The wrapper's schedule waits the 40-50 s a real 5 s video takes; the sandbox is faster.
FAST = ("--poll-interval", "0.2")
ENV_NAMES = ("AIMLAPI_API_KEY", "AIMLAPI_BASE_URL", "AIMLAPI_VEO_JOURNAL")


@dataclass(frozen=True)
class Result:
    code: int
    stdout: str
    stderr: str

    @property
    def lines(self) -> list[str]:
        return self.stdout.splitlines()


@dataclass(frozen=True)
class Veo:
    """Runs `veo` in `workdir` with the sandbox's URL and key and a journal of its own."""

    base_url: str
    api_key: str
    workdir: Path
    started: list[subprocess.Popen[str]] = field(default_factory=list, compare=False)

    @property
    def journal(self) -> Path:
        return self.workdir / "journal.sqlite3"

    def env(self, **overrides: str | None) -> dict[str, str]:
        env = {name: value for name, value in os.environ.items() if name not in ENV_NAMES}
        env.update(
            AIMLAPI_API_KEY=self.api_key,
            AIMLAPI_BASE_URL=self.base_url,
            AIMLAPI_VEO_JOURNAL=str(self.journal),
            COLUMNS="200",
        )
        for name, value in overrides.items():
            if value is None:
                env.pop(name, None)
            else:
                env[name] = value
        return env

    def command(self, *args: str) -> list[str]:
        return (
            [str(VEO), *args] if VEO.exists() else [sys.executable, "-m", "aimlapi_veo_cli", *args]
        )

    def run(self, *args: str, timeout: float = 30, **env: str | None) -> Result:
        done = subprocess.run(  # noqa: PLW1510 (the exit code is what the tests check)
            self.command(*args),
            cwd=self.workdir,
            env=self.env(**env),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        result = Result(done.returncode, done.stdout, done.stderr)
        assert self.api_key not in result.stdout + result.stderr, "the key was printed"
        return result

    def start(self, *args: str, read: str = "stdout") -> subprocess.Popen[str]:
        """`veo` in the background, with `read` ("stdout" or "stderr") piped to the test."""
        pipe, quiet = subprocess.PIPE, subprocess.DEVNULL
        process = subprocess.Popen(
            self.command(*args),
            cwd=self.workdir,
            env=self.env(),
            stdout=pipe if read == "stdout" else quiet,
            stderr=pipe if read == "stderr" else quiet,
            text=True,
        )
        self.started.append(process)
        return process

    def stop_all(self) -> None:
        """Kill what a failed test left running and close its pipes, so that nothing leaks
        into (and fails, as a ResourceWarning) a later test."""
        for process in self.started:
            with process:
                if process.poll() is None:
                    process.kill()


@dataclass(frozen=True)
class VideoFacts:
    format_name: str
    codec: str
    width: int
    height: int
    seconds: float


def probe(path: Path) -> VideoFacts:
    """What PyAV reads from the file: a broken or non-MP4 file raises here."""
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        frames = sum(1 for frame in container.decode(stream))
        rate = stream.average_rate or Fraction(24)
        return VideoFacts(
            container.format.name,
            stream.codec_context.name,
            stream.codec_context.width,
            stream.codec_context.height,
            float(frames / rate),
        )
