"""contract_tests/tracing.py: the free tracing check passes against the sandbox and names
what a service without tracing lacks."""

from __future__ import annotations

import httpx

from aimlapi_veo_sandbox import run_server
from contract_tests.guard import Guard
from contract_tests.sandboxes import sandbox_config
from contract_tests.settings import RunSettings
from contract_tests.tracing import check_tracing


def _settings(base_url: str, api_key: str) -> RunSettings:
    return RunSettings(base_url=base_url, api_key=api_key, live=False)


def test_the_sandbox_echoes_the_id_and_lists_the_refused_create_free() -> None:
    with run_server(sandbox_config(profile="spec")) as sandbox:
        guard = Guard(sandbox.api_key, cap=0)
        found = check_tracing(_settings(sandbox.base_url, sandbox.api_key), guard, timeout=5)
        assert sandbox.stats.jobs_created == 0
    assert found.problems == []
    assert found.row is not None
    assert (found.row["status"], found.row["cost"]["credits"]) == ("failed", 0)
    assert found.listed_after is not None
    assert "listed in /v2/logs after" in found.note()
    assert guard.paid == 0


def test_a_service_without_tracing_is_named_for_each_thing_it_lacks() -> None:
    """No echo, no inference id, a log that never lists it: each is a problem, and the wait
    for the log ends at its timeout (on a fake clock)."""

    def service(request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            return httpx.Response(400, json={"statusCode": 400, "message": ["prompt"]})
        return httpx.Response(200, json={"data": [], "pagination": {"has_more": False}})

    now = [0.0]

    def sleep(seconds: float) -> None:
        now[0] += seconds

    found = check_tracing(
        _settings("https://api.test", "k"),
        Guard("k", cap=0),
        timeout=30,
        transport=httpx.MockTransport(service),
        clock=lambda: now[0],
        sleep=sleep,
    )
    assert len(found.problems) == 3, found.problems
    assert "not echoed" in found.problems[0]
    assert "not listed in /v2/logs within 30 s" in found.problems[-1]
    assert "NOT listed" in found.note()


def test_once_the_guard_sends_no_more_creates_the_check_is_skipped_not_failed() -> None:
    """A run that met an accepted invalid create sends no further create, not even a free
    one: tracing is then reported as not checked."""
    guard = Guard("k", cap=5)
    guard.unplanned = 1
    found = check_tracing(
        _settings("https://api.test", "k"),
        guard,
        timeout=30,
        transport=httpx.MockTransport(lambda request: httpx.Response(500)),
    )
    assert found.not_sent is not None
    assert found.problems == []
    assert "not checked" in found.note()
