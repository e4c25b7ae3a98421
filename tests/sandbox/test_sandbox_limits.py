"""Rate limiting and fault injection, driven by the fake clock and a seeded generator."""

from __future__ import annotations

import httpx
import pytest
from sandbox_support import Harness, MakeSandbox, image_uri

from aimlapi_veo_sandbox import SimulatedConnectionDropError

pytestmark = pytest.mark.anyio


async def test_rate_limit_answers_429_with_retry_after(make_sandbox: MakeSandbox) -> None:
    """Above the limit: 429 and Retry-After; once the clock moves on, requests pass again."""
    sandbox = make_sandbox(rate_limit_per_second=2)
    assert (await sandbox.fetch("a")).status_code == 404
    assert (await sandbox.fetch("b")).status_code == 404
    limited = await sandbox.fetch("c")
    assert limited.status_code == 429
    assert limited.headers["retry-after"] == "1"
    assert limited.json()["statusCode"] == 429
    sandbox.clock.advance(0.5)
    assert (await sandbox.fetch("d")).status_code == 404
    assert sandbox.stats.rate_limited == 1


async def test_slow_rate_limit_asks_for_a_longer_wait(make_sandbox: MakeSandbox) -> None:
    """At 0.25 requests per second the second request must wait 4 s."""
    sandbox = make_sandbox(rate_limit_per_second=0.25)
    await sandbox.fetch("a")
    assert (await sandbox.fetch("b")).headers["retry-after"] == "4"


async def outcome(send: object) -> int | str:
    assert callable(send)
    try:
        answer: httpx.Response = await send()
    except SimulatedConnectionDropError:
        return "drop"
    return answer.status_code


async def test_faults_on_create_store_nothing(make_sandbox: MakeSandbox) -> None:
    """At fault rate 1 every create fails in one of the four ways, and no job is made."""
    sandbox = make_sandbox(fault_rate=1.0)
    outcomes = {await outcome(sandbox.create) for _ in range(24)}
    assert outcomes == {500, 502, 503, "drop"}
    assert sandbox.stats.jobs_created == 0
    assert sandbox.stats.faults_injected == 24


async def test_faults_on_fetch_and_cdn(make_sandbox: MakeSandbox) -> None:
    """Fetches and CDN downloads fail in all four ways too."""
    sandbox = make_sandbox(fault_rate=1.0, seed=3)
    fetches = {await outcome(lambda: sandbox.fetch("x")) for _ in range(16)}
    assert fetches == {500, 502, 503, "drop"}
    link = (await sandbox.client.get("/_sandbox/blob", params={"size": 1000})).json()["url"]
    downloads = {await outcome(lambda: sandbox.client.get(link)) for _ in range(16)}
    assert downloads == {500, 502, 503, "drop"}
    assert sandbox.stats.cdn_downloads == 0


async def test_fault_503_carries_retry_after(make_sandbox: MakeSandbox) -> None:
    """A 503 tells the client when to come back."""
    sandbox = make_sandbox(fault_rate=1.0)
    for _ in range(30):
        try:
            answer = await sandbox.fetch("x")
        except SimulatedConnectionDropError:
            continue
        if answer.status_code == 503:
            assert answer.headers["retry-after"] == "1"
            return
    pytest.fail("no 503 in 30 faults")


async def test_auth_and_rate_limit_come_before_faults(make_sandbox: MakeSandbox) -> None:
    """A request without a key is a 401 even at fault rate 1, and draws no fault."""
    sandbox = make_sandbox(fault_rate=1.0)
    sandbox.client.headers.pop("Authorization")
    answer = await sandbox.client.post("/v2/video/generations", json={"image_url": image_uri()})
    assert answer.status_code == 401
    assert sandbox.stats.faults_injected == 0


async def test_sandbox_routes_never_fault(make_sandbox: MakeSandbox) -> None:
    """/_sandbox/stats stays reliable whatever the fault rate."""
    sandbox: Harness = make_sandbox(fault_rate=1.0)
    for _ in range(5):
        assert (await sandbox.client.get("/_sandbox/stats")).status_code == 200
