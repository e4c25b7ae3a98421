"""Chaos: four `veo batch` workers share one PostgreSQL journal and one 300-row file against a
sandbox that injects faults, and are SIGKILLed at random moments and restarted. Real server,
real CLI processes, real kills.

What must hold (issue 16): no row is created twice (every create is journaled before it is
sent, so the journal's rows per batch row count the creates sent for it); no id is lost (every
generation the journal knows exists at the sandbox, and the sandbox made no job the journal
does not know, beyond creates in flight at a kill or fault, which are listed as "unknown");
every row with a known generation is saved exactly once, with the digest the journal holds;
dead workers' rows are taken over. Creates whose answer a kill or a fault lost are reconciled
through the sandbox's usage log (GET /v2/logs): found ones are finished, ones it never received
are created again once settled; so plain reruns (no `--retry-unknown`) end with creates ==
rows == saved files (issue 21).
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from PIL import Image

from aimlapi_veo.batch import read_rows
from aimlapi_veo.fleet import batch_id
from aimlapi_veo.journal import open_journal
from aimlapi_veo.journal.postgres import PostgresJournal
from aimlapi_veo_sandbox import RunningSandbox, SandboxConfig, run_server

ROWS, WORKERS, KILLS = 300, 4, 16
#: The settle period the workers use: long enough for a create a kill left in the loaded
#: sandbox's socket to be read and logged, short enough for the reruns below.
SETTLE = 10.0
KEY = "sk-chaos-51e0c7"
DEADLINE = 300.0  # seconds for the whole run; it takes about a minute on 2 cores


def _batch_file(folder: Path) -> Path:
    Image.new("RGB", (64, 36), (200, 40, 90)).save(folder / "frame.png")
    lines = [json.dumps({"image": "frame.png", "prompt": f"row {n}"}) for n in range(ROWS)]
    path = folder / "rows.jsonl"
    path.write_text("\n".join(lines) + "\n")
    return path


class Fleet:
    """The worker processes, each incarnation's stderr kept in its own file."""

    def __init__(self, command: list[str], env: dict[str, str], logs: Path) -> None:
        self.command, self.env, self.logs = command, env, logs
        self.live: list[subprocess.Popen[bytes]] = []
        self.logs_of: dict[int, Path] = {}
        self.started = 0

    def start(self) -> None:
        self.started += 1
        with (self.logs / f"worker-{self.started}.log").open("wb") as log:
            process = subprocess.Popen(
                self.command, env=self.env, stdout=subprocess.DEVNULL, stderr=log
            )
        self.live.append(process)
        self.logs_of[process.pid] = self.logs / f"worker-{self.started}.log"

    def reap(self) -> None:
        self.live = [p for p in self.live if p.poll() is None]

    def kill_one(self, rng: random.Random) -> bool:
        """SIGKILL a worker that has begun work on rows (a worker still starting up holds
        none: killing it proves nothing); start another."""
        working = [p for p in self.live if b"\nrow " in self.logs_of[p.pid].read_bytes()]
        if not working:
            return False
        victim = rng.choice(working)
        victim.send_signal(signal.SIGKILL)
        victim.wait()
        self.live.remove(victim)
        self.start()
        return True

    def stop(self) -> None:
        for process in self.live:
            process.kill()
            process.wait()

    def log_text(self) -> str:
        return "".join(path.read_text(errors="replace") for path in self.logs.glob("*.log"))


def _run_fleet(fleet: Fleet, rng: random.Random) -> int:
    """Run until every worker has exited by itself; KILLS random SIGKILLs meanwhile."""
    for _ in range(WORKERS):
        fleet.start()
    kills, end = 0, time.monotonic() + DEADLINE
    while fleet.live:
        assert time.monotonic() < end, "the fleet did not finish in time"
        time.sleep(rng.uniform(0.3, 1.5))
        fleet.reap()
        if fleet.live and kills < KILLS and fleet.kill_one(rng):
            kills += 1
    return kills


@pytest.mark.slow
def test_a_fleet_killed_at_random_creates_each_row_once_and_saves_it_once(
    pg_url: str, tmp_path: Path
) -> None:
    source, out, logs = _batch_file(tmp_path), tmp_path / "videos", tmp_path / "logs"
    logs.mkdir()
    config = SandboxConfig(api_key=KEY, generation_seconds=1.0, fault_rate=0.03, seed=16)
    with run_server(config) as sandbox:
        env = {**os.environ, "AIMLAPI_API_KEY": KEY, "AIMLAPI_BASE_URL": sandbox.base_url}
        env["PYTHONUNBUFFERED"] = "1"  # a killed worker's last lines are kept
        env["AIMLAPI_VEO_SETTLE_SECONDS"] = str(SETTLE)
        command = [sys.executable, "-m", "aimlapi_veo_cli", "batch", str(source), "-d", str(out),
                   "--journal", pg_url, "--concurrency", "8", "--poll-interval", "0.2"]  # fmt: skip
        fleet = Fleet(command, env, logs)
        try:
            kills = _run_fleet(fleet, random.Random(16))
        finally:
            fleet.stop()
        lost = _check_after_chaos(pg_url, source, out, sandbox)
        assert kills == KILLS
        assert "resuming" in fleet.log_text()  # a dead worker's created job was taken over

        for _ in range(8):  # faults stay on: a create made again may meet one again
            time.sleep(SETTLE)  # every unknown create settles: found, or never received
            subprocess.run(command, env=env, capture_output=True, check=False)
            if _all_saved(pg_url, source):
                break
        assert _all_saved(pg_url, source)
        received = sandbox.state.stats.requests["POST /v2/video/generations"]
        print(
            f"chaos: {ROWS} rows, {kills} kills, {lost} create(s) a kill or fault hid, found "
            f"again in the log; {received} create requests, {len(sandbox.state.usage_log)} "
            "received and logged"
        )
        # creates == rows == saved files, with no --retry-unknown: nothing paid twice
        assert sandbox.state.stats.jobs_created == ROWS
        assert len(list(out.glob("*.mp4"))) == ROWS
        assert sandbox.stats.requests["GET /v2/logs"] > 0
        status = subprocess.run(
            [*command, "--status"], env=env, capture_output=True, text=True, check=False
        )
        assert status.returncode == 0, status.stderr
        assert status.stdout.startswith(f"{ROWS} row(s): {ROWS} saved\n")
        workers = [line for line in status.stdout.splitlines()[2:] if line.strip()]
        assert len(workers) > WORKERS  # the killed ones too: each finished some rows


def _check_after_chaos(url: str, source: Path, out: Path, sandbox: RunningSandbox) -> int:
    """The invariants after the killed fleet; returns how many sandbox jobs no id names (creates
    in flight when a worker was killed)."""
    rows = read_rows(source, out)
    journal = open_journal(url)
    try:
        jobs = journal.jobs()
        states = journal.batch_rows(batch_id(rows))  # type: ignore[attr-defined]
    finally:
        journal.close()
    # A create the API's log proves it never received is not one sent for the row.
    received = [job for job in jobs if job.status != "not_received"]
    labels = Counter(job.label for job in received)
    assert labels == Counter({row.key: 1 for row in rows})  # one create sent per row, at most
    known = [job for job in received if job.generation_known]
    unknown = [job for job in received if not job.generation_known or job.status == "unknown"]
    assert len(known) + len(unknown) >= ROWS
    assert all(sandbox.state.jobs.get(job.id) is not None for job in known)  # ids are real
    lost = sandbox.state.stats.jobs_created - len(known)
    assert 0 <= lost <= len([job for job in unknown if not job.generation_known])
    for job in known:  # every paid job saved, exactly the bytes recorded
        assert job.downloaded_at is not None, job
        path = Path(job.output_path or "")
        assert hashlib.sha256(path.read_bytes()).hexdigest() == job.file_sha256
    assert not list(out.glob("*.part"))
    assert len(list(out.glob("*.mp4"))) == len(known)
    outcomes = Counter(state.outcome for state in states)
    assert None not in outcomes
    assert outcomes["unknown"] == len(unknown)
    return lost


def _all_saved(url: str, source: Path) -> bool:
    store = PostgresJournal(url)
    try:
        labels = {job.label for job in store.jobs() if job.downloaded_at is not None}
    finally:
        store.close()
    return labels == {row.key for row in read_rows(source, source.parent / "videos")}
