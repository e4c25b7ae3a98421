"""The retry decision and the polling schedule, as pure functions."""

from __future__ import annotations

import itertools
import math
import random
import statistics

import httpx
import pytest

from aimlapi_veo.polling import PAGE_INTERVAL, PollPolicy, PollSchedule, window_for
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
    """Both forms of RFC 9110's Retry-After are understood; a date in the past means now."""
    assert parse_retry_after("12") == 12.0
    assert parse_retry_after(" 1.5 ") == 1.5
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:10 GMT", now=1445412480.0) == 10.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:10 GMT", now=1445412500.0) == 0.0
    assert parse_retry_after(None) is None


@pytest.mark.parametrize(
    "value", ["nan", "NaN", "inf", "-Infinity", "-5", "1e3", "soon", "", "9" * 400]
)
def test_retry_after_that_is_no_wait_is_ignored_and_logged(
    value: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Not finite, negative or not a number nor a date: no hint (and no echo of the value)."""
    assert parse_retry_after(value) is None
    assert [r.getMessage() for r in caplog.records] == [
        "ignored a Retry-After that is neither seconds nor an HTTP date"
    ]


POLICY = PollPolicy()


def plan_of(history: list[float], video_seconds: int = 5) -> tuple[float, ...]:
    return PollSchedule(window_for(video_seconds, history, POLICY), POLICY).times


def test_window_is_the_documented_one_until_history_teaches_otherwise() -> None:
    """40-50 s per 5-second video by default; the history's spread once 5 jobs completed."""
    assert PollSchedule(window_for(5, [], POLICY)).window == (40.0, 50.0)
    assert PollSchedule(window_for(8, [20.0] * 4, POLICY)).window == (64.0, 80.0)
    low, high = PollSchedule(window_for(5, [20.0, 21.0, 22.0, 23.0, 24.0, 25.0], POLICY)).window
    assert 20 <= low < high <= 25


def test_cold_plan_insures_before_the_documented_window_and_is_dense_inside() -> None:
    """Before the window, equal gaps of at most insurance_gap; inside it, gaps of at most
    3.5 s; past the plan, the page's 10-s pace."""
    times = plan_of([])
    before = [t for t in times if t < 40]
    inside = [t for t in times if t >= 40]
    gaps = [b - a for a, b in itertools.pairwise((0.0, *before, inside[0]))]
    assert max(gaps) - min(gaps) < 1e-9
    assert max(gaps) <= POLICY.insurance_gap
    assert len(inside) >= 3
    assert all(b - a <= 3.5 for a, b in itertools.pairwise(inside))
    assert inside[-1] == 50.0
    schedule = PollSchedule(window_for(5, [], POLICY), POLICY)
    assert schedule.next_delay(times[-1] + 1) == pytest.approx(PAGE_INTERVAL - 1)


@pytest.mark.parametrize("video_seconds", [5, 8])
def test_documented_windows_get_under_a_third_of_the_page_lag_within_its_fetches(
    video_seconds: int,
) -> None:
    """Jobs that complete as documented (8-10 s per second of video) are found within 0.3x
    the page loop's lag, at no more fetches than it makes."""
    window = uniform(8.0 * video_seconds, 10.0 * video_seconds)
    lag, fetches = ratios(plan_of([], video_seconds), window)
    assert lag <= 0.3
    assert fetches <= 1.0


def test_history_replaces_the_documented_window() -> None:
    """Jobs that took ~20 s move the dense fetches to 18-23 s, and none is left at 40-50 s
    but the page's pace."""
    history = [19.0, 20.0, 21.0, 19.5, 20.5, 22.0, 18.5, 20.0]
    times = plan_of(history)
    assert len([t for t in times if 18 <= t <= 23]) >= 2
    assert all(
        b - a >= PAGE_INTERVAL - 1e-9 for a, b in itertools.pairwise(t for t in times if t > 23)
    )


def test_recent_completions_outweigh_older_ones() -> None:
    """Four jobs of ~15 s after 40 of ~45 s draw a fetch to 14.5-16 s; the same four, older
    than the 40, are all but forgotten."""
    fast, slow = [15.0, 14.5, 16.0, 15.5], [45.0 + (i % 5) for i in range(40)]
    assert [t for t in plan_of(fast + slow) if 14.5 <= t <= 16]  # newest first
    assert not [t for t in plan_of(slow + fast) if 14.5 <= t <= 16]


def test_a_completion_later_than_the_timeout_teaches_nothing() -> None:
    """A job finished by a later `resume` (hours after creation) does not stretch the plan."""
    history = [19.0, 20.0, 21.0, 19.5, 20.5, 22.0]
    assert plan_of([*history, 3 * 3600.0]) == plan_of(history)


def test_a_server_hint_replaces_the_next_planned_fetch() -> None:
    """Retry-After on an in-progress answer is obeyed (but never below half a second)."""
    schedule = PollSchedule(window_for(5, [], POLICY), POLICY)
    assert schedule.next_delay(12.0, hint=7.0) == 7.0
    assert schedule.next_delay(19.0) == min(t for t in schedule.times if t > 19.0) - 19.0
    assert schedule.next_delay(45.0, hint=0.01) == 0.5


def test_a_slightly_early_fetch_does_not_cost_an_extra_one() -> None:
    """A fetch a little before its planned time still counts as that one."""
    schedule = PollSchedule(window_for(5, [], POLICY), POLICY)
    first = schedule.next_delay(0.0)
    assert schedule.next_delay(first - 0.4) > 5.0


# Distributions the benchmark does not run: the schedule must hold its promises on them too.
def uniform(low: float, high: float) -> list[float]:
    return [low + (high - low) * (i + 0.5) / 400 for i in range(400)]


def lognormal(median: float, sigma: float) -> list[float]:
    normal = statistics.NormalDist()
    return [median * math.exp(sigma * normal.inv_cdf((i + 0.5) / 400)) for i in range(400)]


def followed(times: tuple[float, ...], done: float) -> tuple[float, int]:
    """(lag, fetches) of one job completing at `done` under fetch times `times`."""
    for count, time in enumerate(times, start=1):
        if time >= done:
            return time - done, count
    extra = math.ceil((done - times[-1]) / PAGE_INTERVAL)
    return times[-1] + extra * PAGE_INTERVAL - done, len(times) + extra


def page(done: float) -> tuple[float, int]:
    return followed(tuple(PAGE_INTERVAL * k for k in range(200)), done)


def ratios(times: tuple[float, ...], draws: list[float]) -> tuple[float, float]:
    ours = [followed(times, d) for d in draws]
    theirs = [page(d) for d in draws]
    mean = statistics.fmean
    return (
        mean(o[0] for o in ours) / mean(t[0] for t in theirs),
        mean(o[1] for o in ours) / mean(t[1] for t in theirs),
    )


UNBENCHED = {
    "very fast U(5,15)": uniform(5, 15),
    "U(30,40)": uniform(30, 40),
    "U(50,60)": uniform(50, 60),
    "U(100,110)": uniform(100, 110),
    "U(200,300)": uniform(200, 300),
    "lognormal(45, 1.0)": lognormal(45, 1.0),
    "exponential-ish lognormal(30, 0.9)": lognormal(30, 0.9),
    "bimodal U(25,35) or U(110,130)": uniform(25, 35) + uniform(110, 130),
}


@pytest.mark.parametrize("draws", UNBENCHED.values(), ids=UNBENCHED.keys())
def test_cold_plan_is_never_far_worse_than_the_page_loop(draws: list[float]) -> None:
    """Cold: lag and fetches within 1.25x the page's loop on these services."""
    lag, fetches = ratios(plan_of([]), draws)
    assert lag <= 1.25
    assert fetches <= 1.25


@pytest.mark.parametrize("width", [10, 15, 20, 40, 80])
def test_cold_plan_holds_on_every_window_at_least_10_s_wide(width: int) -> None:
    """A 5-s video on a service whose jobs take U(a, a + width) s, for every start a from 5 s
    to 400 s in steps of 5 s: cold lag and fetches within 1.25x the page's loop. (Narrower
    windows that end just before one of the page's fetches can reach 1.4x: with 40-50 s
    documented, the plan has one fetch fewer than the page's before 40 s, which is what buys
    the documented window's 0.3x; docs/guarantees.md.)"""
    times = plan_of([])
    worst = max(max(ratios(times, uniform(start, start + width))) for start in range(5, 401, 5))
    assert worst <= 1.25


@pytest.mark.parametrize("draws", UNBENCHED.values(), ids=UNBENCHED.keys())
def test_learned_plan_beats_the_page_loop_on_both_axes(draws: list[float]) -> None:
    """Learned from 50 jobs like these, the plan is no worse than the page's loop in lag or
    fetches on the next ones."""
    lag, fetches = ratios(plan_of(random.Random(1).sample(draws, 50)), draws)
    assert lag <= 1.0
    assert fetches <= 1.0
