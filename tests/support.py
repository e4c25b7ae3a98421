"""Test doubles for the wrapper: a scripted API at the transport, a fake clock, and a driver
that runs the same test against VeoClient and AsyncVeoClient."""

from __future__ import annotations

import asyncio
import json
import struct
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from openapi_schema_validator import OAS30Validator

from aimlapi_veo import AsyncVeoClient, PollPolicy, RetryPolicy, VeoClient
from aimlapi_veo.journal import open_journal

KEY = "sk-test-7f3a9c2e5b1d"
BASE = "https://api.test"
CDN = "https://cdn.test"
ID = "9bf4e6f6-dae7-41c7-94aa-354443b300c6:veo2/image-to-video"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)
SPEC = json.loads((Path(__file__).parents[1] / "spec" / "openapi.json").read_text(encoding="utf-8"))
GENERATION_SCHEMA = SPEC["components"]["schemas"]["Generation"]

Answer = httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]


def mp4(payload: bytes = b"video-bytes") -> bytes:
    """The smallest file the wrapper accepts as a video: an `ftyp` box (brand isom), an empty
    `moov` and an `mdat` holding `payload`."""
    mdat = struct.pack(">I", 8 + len(payload)) + b"mdat" + payload
    return b"\x00\x00\x00\x10ftypisom\x00\x00\x02\x00" + b"\x00\x00\x00\x08moov" + mdat


VIDEO = mp4()


def dead_pid() -> int:
    """The pid of a process that has exited (so a lease held by it is a dead owner's)."""
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    return int(done.stdout)


def mypy_strict(*files: str | Path, cwd: Path | None = None) -> str:
    """What `mypy --strict` says about `files` (run in `cwd`), with the repository's cache."""
    cache = Path(__file__).parents[1] / ".mypy_cache"
    done = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-error-summary",
                           "--cache-dir", str(cache), *map(str, files)],
                          capture_output=True, text=True, check=False, cwd=cwd)  # fmt: skip
    return done.stdout


def wait_until(condition: Callable[[], object], seconds: float = 30) -> None:
    """Poll `condition` (real time) until it holds; fail after `seconds`."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def generation(status: str = "queued", *, conforming: bool = True, **fields: Any) -> dict[str, Any]:
    """A generation answer; unless told otherwise it must conform to the spec, so that no
    fixture can drift from spec/openapi.json unnoticed."""
    body = {"id": ID, "status": status, **fields}
    if conforming:
        OAS30Validator(GENERATION_SCHEMA).validate(body)
    return body


def completed(
    url: str = f"{CDN}/v/output.mp4?Expires=1&Signature=s", **fields: Any
) -> dict[str, Any]:
    return generation(
        "completed",
        video={"url": url, "duration": 5},
        meta={"usage": {"credits_used": 1.0}},
        **fields,
    )


def log_row(client_request_id: str | None, inference_id: str = ID, **fields: Any) -> dict[str, Any]:
    """A /v2/logs row as logs-v2.json describes it."""
    return {
        "created": "2026-12-07T10:00:00.000Z",
        "status": "succeeded",
        "origin": "api",
        "model": "veo2/image-to-video",
        "cost": {"usd": 0.2625, "credits": 525000},
        "tokens": {"input": 0, "output": 0, "total": 0},
        "request_id": "req-1",
        "inference_id": inference_id,
        "client_request_id": client_request_id,
        **fields,
    }


def logs_page(rows: list[dict[str, Any]], *, has_more: bool = False) -> dict[str, Any]:
    return {
        "data": rows,
        "pagination": {"limit": 100, "offset": 0, "total": len(rows), "has_more": has_more},
    }


@dataclass
class FakeAPI:
    """Answers each request from a per-route script; the last answer of a script repeats."""

    creates: list[Answer] = field(default_factory=lambda: [httpx.Response(200, json=generation())])
    fetches: list[Answer] = field(default_factory=lambda: [httpx.Response(200, json=completed())])
    cdn: list[Answer] = field(default_factory=lambda: [httpx.Response(200, content=VIDEO)])
    #: GET /v2/logs, the usage log (default: an empty page)
    logs: list[Answer] = field(default_factory=lambda: [httpx.Response(200, json=logs_page([]))])
    requests: list[httpx.Request] = field(default_factory=list)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        script = (
            self.cdn
            if request.url.host == "cdn.test"
            else self.logs
            if request.url.path == "/v2/logs"
            else self.creates
            if request.method == "POST"
            else self.fetches
        )
        answer = script.pop(0) if len(script) > 1 else script[0]
        if isinstance(answer, Exception):
            raise answer
        if callable(answer):
            return answer(request)
        # A fresh copy each time: one scripted answer may serve several requests and clients.
        return httpx.Response(answer.status_code, headers=answer.headers, content=answer.content)

    def sent(self, method: str | None = None, host: str | None = None) -> list[httpx.Request]:
        return [
            r
            for r in self.requests
            if (method is None or r.method == method) and (host is None or r.url.host == host)
        ]


@dataclass
class FakeClock:
    """Time that moves only when slept through (recorded) or advanced by the test."""

    now: float = 1_000.0
    sleeps: list[float] = field(default_factory=list)

    def time(self) -> float:
        return self.now

    __call__ = time

    def advance(self, seconds: float) -> None:
        self.now += seconds

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    async def asleep(self, seconds: float) -> None:
        self.sleep(seconds)


class Driver:
    """One client, sync or async, whose methods are called the same way from a test."""

    def __init__(self, kind: str, api: FakeAPI, tmp_path: Path, **options: Any) -> None:
        self.kind, self.api, self.clock = kind, api, FakeClock()
        options.setdefault("journal", tmp_path / "journal.sqlite3")
        self._journal = None
        if isinstance(options["journal"], str | Path):  # on the test's clock, like the client
            self._journal = options["journal"] = open_journal(options["journal"], self.clock.time)
        options.setdefault("retry", RetryPolicy(max_attempts=4, initial_delay=0.5))
        options.setdefault("poll", PollPolicy(timeout=600))
        common = {
            "base_url": BASE,
            "transport": httpx.MockTransport(api),
            "clock": self.clock.time,
            **options,
        }
        self.loop = asyncio.new_event_loop() if kind == "async" else None
        if kind == "async":
            self.client: Any = AsyncVeoClient(
                options.pop("api_key", KEY), sleep=self.clock.asleep, **common
            )
        else:
            self.client = VeoClient(options.pop("api_key", KEY), sleep=self.clock.sleep, **common)

    def __getattr__(self, name: str) -> Any:
        method = getattr(self.client, name)
        if self.loop is None or not asyncio.iscoroutinefunction(method):
            return method
        return lambda *args, **kwargs: self.loop.run_until_complete(method(*args, **kwargs))  # type: ignore[union-attr]

    def close(self) -> None:
        if self.loop is None:
            self.client.close()
        elif not self.loop.is_closed():
            self.loop.run_until_complete(self.client.close())
            self.loop.close()
        if self._journal is not None:
            self._journal.close()
            self._journal = None
