"""Leases: one process per job (or batch row) at a time, taken over when their owner is gone."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from support import ID, Driver, FakeAPI

from aimlapi_veo import Journal, ResumeResult

HERE = socket.gethostname()


def dead_owner() -> str:
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    return f"{HERE}:{int(done.stdout)}:x"


def test_a_lease_is_exclusive_reentrant_and_released(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "j.sqlite3")
    me, other = f"{HERE}:{os.getpid()}:a", f"{HERE}:{os.getpid()}:b"
    assert journal.claim("job:1", me)
    assert journal.claim("job:1", me)  # renewing one's own
    assert not journal.claim("job:1", other)
    assert journal.holder("job:1") == me
    journal.release("job:1", other)  # not other's to release
    assert journal.holder("job:1") == me
    journal.release("job:1", me)
    assert journal.holder("job:1") is None
    assert journal.claim("job:1", other)


def test_a_lease_of_a_dead_process_is_taken_over_at_once(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "j.sqlite3")
    assert journal.claim("row:k", dead_owner(), ttl=3600)
    assert journal.holder("row:k") is None
    assert journal.claim("row:k", f"{HERE}:{os.getpid()}:me")


def test_an_expired_lease_is_taken_over_and_its_old_owner_cannot_renew(tmp_path: Path) -> None:
    now = [0.0]
    journal = Journal(tmp_path / "j.sqlite3", clock=lambda: now[0])
    assert journal.claim("job:1", "far:1:x", ttl=10)
    now[0] = 11
    assert journal.claim("job:1", "near:2:y", ttl=10)
    assert not journal.renew("job:1", "far:1:x")
    assert journal.renew("job:1", "near:2:y")


def test_resume_skips_a_job_another_process_holds_and_says_so(
    make_driver: Callable[..., Driver], api: FakeAPI
) -> None:
    client = make_driver()
    journal = client.client.journal
    journal.record_created(ID, client.client.base_url, {"duration": 5}, "queued")
    journal.claim(f"job:{ID}", "otherhost:1:x", ttl=10_000)
    assert client.resume() == [
        ResumeResult(ID, "skipped", detail="claimed by another process (otherhost:1:x)")
    ]
    assert api.requests == []


def test_resume_leaves_no_lease_behind(make_driver: Callable[..., Driver], tmp_path: Path) -> None:
    client = make_driver()
    journal = client.client.journal
    journal.record_created(ID, client.client.base_url, {"duration": 5}, "queued")
    journal.set_output(ID, tmp_path / "v.mp4")
    [result] = client.resume()
    assert result.outcome == "saved"
    assert journal.holder(f"job:{ID}") is None
