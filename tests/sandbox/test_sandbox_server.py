"""Serving over real HTTP: run_server in a thread, and the command line in a subprocess."""

from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import sys
import time
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from sandbox_support import FETCH, body

from aimlapi_veo_sandbox import SandboxConfig, run_server

SMALL: dict[str, Any] = {"video_width": 96, "video_height": 54}


def test_run_server_serves_a_whole_job_over_http() -> None:
    """Create, poll, download over loopback; counters agree in-process and over HTTP."""
    config = SandboxConfig(generation_seconds=0, **SMALL)
    with run_server(config) as sandbox, httpx.Client(base_url=sandbox.base_url) as client:
        assert urlsplit(sandbox.base_url).port not in (None, 0)
        auth = {"Authorization": f"Bearer {sandbox.api_key}"}
        created = client.post("/v2/video/generations", json=body(), headers=auth)
        assert created.status_code == 200
        done = client.get(
            FETCH, params={"generation_id": created.json()["id"]}, headers=auth
        ).json()
        video = client.get(done["video"]["url"])
        assert video.status_code == 200
        assert video.content[4:8] == b"ftyp"
        over_http = client.get("/_sandbox/stats").json()
        assert over_http["jobs_created"] == sandbox.stats.jobs_created == 1
        assert over_http["fetches"] == sandbox.stats.fetches == 1
        assert over_http["cdn_downloads"] == sandbox.stats.cdn_downloads == 1
        assert over_http["cdn_requests_with_authorization"] == 0
        assert over_http["requests"]["POST /v2/video/generations"] == 1


def test_run_server_answers_without_the_nagle_delay() -> None:
    """Sequential requests take about a millisecond, not ~40 ms (TCP_NODELAY is on)."""
    with run_server(SandboxConfig(**SMALL)) as sandbox, httpx.Client() as client:
        client.get(f"{sandbox.base_url}/_sandbox/stats")  # connect once
        started = time.perf_counter()
        for _ in range(20):
            client.get(f"{sandbox.base_url}/_sandbox/stats")
        elapsed = time.perf_counter() - started
    assert elapsed < 0.5, f"20 requests took {elapsed:.2f} s"


def test_run_server_stops_cleanly_and_removes_its_files() -> None:
    """After the block the port is closed and the temp folder is gone."""
    with run_server(SandboxConfig(**SMALL)) as sandbox:
        address = urlsplit(sandbox.base_url)
        folder = sandbox.state.media.root
        assert folder.is_dir()
    assert not folder.exists()
    with pytest.raises(OSError):  # noqa: PT011 - refused or reset, depending on timing
        socket.create_connection((address.hostname, address.port), timeout=1).close()


def test_dropped_connection_reaches_a_real_client(caplog: pytest.LogCaptureFixture) -> None:
    """A drop fault closes the socket mid-response; uvicorn logs no traceback for it."""
    config = SandboxConfig(fault_rate=1.0, seed=1, **SMALL)
    outcomes: set[str] = set()
    with caplog.at_level(logging.ERROR), run_server(config) as sandbox:
        auth = {"Authorization": f"Bearer {sandbox.api_key}"}
        with httpx.Client(base_url=sandbox.base_url, headers=auth) as client:
            for _ in range(12):
                try:
                    status = client.get(f"{FETCH}?generation_id=x").status_code
                    outcomes.add(str(status))
                except httpx.RemoteProtocolError:
                    outcomes.add("drop")
    assert outcomes == {"500", "502", "503", "drop"}
    assert not [r for r in caplog.records if "Exception in ASGI" in r.getMessage()]


@pytest.mark.slow
def test_command_line_prints_url_and_key_and_stops_on_ctrl_c() -> None:
    """`python -m aimlapi_veo_sandbox --port 0` announces itself, serves, exits 0 on SIGINT."""
    command = [sys.executable, "-m", "aimlapi_veo_sandbox", "--port", "0", "--api-key", "k-1"]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env) as process:
        assert process.stdout is not None
        banner = [process.stdout.readline() for _ in range(5)]
        base_url = banner[0].split("listening on ")[1].strip()
        assert "k-1" in banner[1]
        stats = httpx.get(f"{base_url}/_sandbox/stats", timeout=5)
        assert stats.status_code == 200
        process.send_signal(signal.SIGINT)
        rest = process.stdout.read()
        assert process.wait(timeout=10) == 0
    assert "Sandbox stopped" in rest


def test_command_line_rejects_a_bad_setting() -> None:
    """An out-of-range option fails fast with a message naming it (exit status 2)."""
    command = [sys.executable, "-m", "aimlapi_veo_sandbox", "--fault-rate", "2"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=30, check=False)
    assert result.returncode == 2
    assert "fault_rate" in result.stderr
