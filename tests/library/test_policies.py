"""The retry decision and the polling schedule, as pure functions."""

from __future__ import annotations

import random

import httpx
import pytest

from aimlapi_veo.polling import PollPolicy, PollSchedule, expected_window
from aimlapi_veo.retry import RetryPolicy, parse_retry_after, should_retry


@pytest.mark.parametrize(
    ("outcome", "create", "expected"),
    [
        (httpx.Response(429), True, True),
        (httpx.Response(503), True, False),  # a gateway may 503 after the job was stored
        (httpx.Response(500), True, False),
        (httpx.Response(502), True, False),
        (httpx.Response(400), True, False),
        (httpx.ConnectError("refused"), True, True),
        (httpx.ReadTimeout("t"), True, False),
        (httpx.RemoteProtocolError("x"), True, False),
        (httpx.Response(500), False, True),
        (httpx.Response(408), False, True),
        (httpx.Response(404), False, False),
        (httpx.ReadTimeout("t"), False, True),
    ],
)
def test_should_retry_is_the_whole_decision(
    outcome: httpx.Response | Exception, create: bool, expected: bool
) -> None:
    """Creates retry only what certainly created nothing; fetches retry anything transient."""
    assert should_retry(outcome, create=create) is expected


def test_backoff_is_exponential_jittered_and_capped() -> None:
    """Each delay lies in [ceiling/2, ceiling], the ceiling doubling up to max_delay."""
    policy = RetryPolicy(initial_delay=1.0, max_delay=8.0, rng=random.Random(1))
    for attempt, ceiling in [(1, 1.0), (2, 2.0), (3, 4.0), (4, 8.0), (9, 8.0)]:
        assert ceiling / 2 <= policy.delay(attempt) <= ceiling
    assert policy.delay(1, retry_after=30.0) == 30.0
    assert policy.delay(1, retry_after=3600.0) == policy.max_retry_after


def test_retry_after_reads_seconds_and_http_dates() -> None:
    """Both forms of RFC 9110's Retry-After are understood."""
    assert parse_retry_after("12") == 12.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:10 GMT", now=1445412480.0) == 10.0
    assert parse_retry_after("soon") is None


def test_window_is_the_documented_one_until_history_teaches_otherwise() -> None:
    """40-50 s per 5-second video by default; learned deciles once 5 jobs completed."""
    assert expected_window(5) == (40.0, 50.0)
    assert expected_window(8) == (64.0, 80.0)
    low, high = expected_window(5, [20.0, 21.0, 22.0, 23.0, 24.0, 25.0])
    assert 18 < low < 21
    assert 24 < high < 27


def test_schedule_waits_for_the_window_then_polls_then_backs_off() -> None:
    """No fetch before the window, short steps inside it, growing but capped steps after."""
    schedule = PollSchedule((40.0, 50.0), PollPolicy(step=2.5, jitter=0.0, max_interval=15.0))
    assert schedule.next_delay(0.0) == 40.0
    assert schedule.next_delay(42.0) == 2.5
    late = [schedule.next_delay(60.0) for _ in range(8)]
    assert late == sorted(late)
    assert late[-1] == 15.0
    assert schedule.next_delay(45.0, hint=0.01) == 0.5
