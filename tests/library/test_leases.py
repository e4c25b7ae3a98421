"""Leases: one process per job (or batch row) at a time, taken over when their owner is gone."""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from support import BASE, ID, KEY, PNG, Driver, FakeAPI, FakeClock, dead_pid, generation

from aimlapi_veo import Journal, LeaseLostError, ResumeResult, VeoClient

HERE = socket.gethostname()


def dead_owner() -> str:
    return f"{HERE}:{dead_pid()}:x"


def test_a_lease_of_a_dead_process_is_taken_over_at_once(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "j.sqlite3")
    assert journal.claim("row:k", dead_owner(), ttl=3600)
    assert journal.holder("row:k") is None
    assert journal.claim("row:k", f"{HERE}:{os.getpid()}:me")


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


def _client(
    tmp_path: Path, answer: Callable[[httpx.Request], httpx.Response], clock: FakeClock
) -> VeoClient:
    journal = Journal(tmp_path / "j.sqlite3", clock=clock.time)
    transport = httpx.MockTransport(answer)
    return VeoClient(KEY, base_url=BASE, journal=journal, transport=transport,
                     sleep=clock.sleep, clock=clock.time)  # fmt: skip


def test_a_create_waiting_out_429s_keeps_its_row_lease(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two Retry-After: 1 answers with 0.4-s leases (real time, the database's clock): the
    heartbeat renews them while the create waits, so the row stays ours throughout."""
    monkeypatch.setenv("AIMLAPI_VEO_LEASE_SECONDS", "0.4")
    holders: list[str | None] = []

    def answer(request: httpx.Request) -> httpx.Response:
        holders.append(client.holder("row:k"))
        if len(holders) < 3:
            return httpx.Response(429, headers={"Retry-After": "1"})
        return httpx.Response(200, json=generation())

    journal = Journal(tmp_path / "j.sqlite3")
    client = VeoClient(KEY, base_url=BASE, journal=journal, transport=httpx.MockTransport(answer))
    with client.lease("row:k") as held:
        client.create(PNG, "p", lease=held)
    assert holders == [client.owner] * 3
    assert journal.get(ID) is not None
    client.close()
    journal.close()


def test_a_create_whose_row_was_taken_over_during_a_429_is_not_sent_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Paused past its lease while it waited: the resend is refused, its intent dropped (the
    429 proved nothing was created), and the new owner keeps the row."""
    monkeypatch.setenv("AIMLAPI_VEO_LEASE_SECONDS", "10")
    clock = FakeClock()

    def answer(request: httpx.Request) -> httpx.Response:
        assert client.journal is not None
        clock.now += 100  # frozen past the lease while the request was out
        assert client.journal.claim("row:k", "otherhost:1:x")
        return httpx.Response(429, headers={"Retry-After": "1"})

    client = _client(tmp_path, answer, clock)
    with client.lease("row:k") as held, pytest.raises(LeaseLostError, match="otherhost"):
        client.create(PNG, "p", lease=held)
    assert client.journal is not None
    assert client.journal.jobs() == []
    assert client.holder("row:k") == "otherhost:1:x"
