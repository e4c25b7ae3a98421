"""The retry decision and the polling schedule, as pure functions."""

from __future__ import annotations

import itertools
import math
import random
import statistics

import httpx
import pytest

from aimlapi_veo.polling import (
    REFRESH,
    Beliefs,
    Phases,
    PollPolicy,
    PollSchedule,
    belief_for,
    expected_window,
)
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


def plan_of(history: list[float], video_seconds: int = 5) -> tuple[float, ...]:
    schedule = PollSchedule(belief_for(video_seconds, history, POLICY), POLICY)
    return schedule.times


POLICY = PollPolicy(jitter=0.0)


def test_cold_plan_trusts_the_documented_window_without_a_dead_zone_before_it() -> None:
    """Before the window, equal gaps of at most `reach` (insurance against a faster service);
    inside it, gaps of 2.5-3.5 s; past the plan the page's 10-s cadence."""
    times = plan_of([])
    before = [t for t in times if t < 40]
    inside = [t for t in times if 40 <= t <= 50]
    assert len(before) == 3
    gaps = [b - a for a, b in itertools.pairwise((0.0, *before))]
    assert max(gaps) - min(gaps) < 1e-9
    assert gaps[0] <= POLICY.max_interval  # a 5-s video's window starts early enough for that
    assert len(inside) >= 4
    assert all(2.0 <= b - a <= 3.5 for a, b in itertools.pairwise(inside))
    schedule = PollSchedule(belief_for(5, [], POLICY), POLICY)
    assert schedule.next_delay(times[-1] + 1) == pytest.approx(POLICY.tail_interval)


@pytest.mark.parametrize("video_seconds", [5, 6, 7, 8])
def test_every_documented_window_gets_a_third_of_the_page_lag_within_its_fetches(
    video_seconds: int,
) -> None:
    """Jobs that complete as documented (8-10 s per second of video) are found within 0.3x
    the page loop's lag, at no more fetches than it makes, for every video length."""
    window = uniform(8.0 * video_seconds, 10.0 * video_seconds)
    lag, fetches = ratios(plan_of([], video_seconds), window)
    assert lag <= 0.3
    assert fetches <= 1.0


@pytest.mark.parametrize("video_seconds", [5, 6, 7, 8])
def test_jobs_slower_than_the_window_pay_for_its_dense_fetches_within_a_quarter(
    video_seconds: int,
) -> None:
    """The dense fetches in the window are paid by every job that outlives it: the plan
    weighs those jobs (`outlive`), so completing in the 10 s after the window costs at most
    1.25x the page loop's fetches, at no more lag."""
    after = uniform(10.0 * video_seconds, 10.0 * video_seconds + 10.0)
    lag, fetches = ratios(plan_of([], video_seconds), after)
    assert lag <= 1.05
    assert fetches <= 1.25


def test_history_replaces_the_prior() -> None:
    """Jobs that took ~20 s move the dense fetches to 15-25 s."""
    history = [19.0, 20.0, 21.0, 19.5, 20.5, 22.0, 18.5, 20.0]
    times = plan_of(history)
    assert len([t for t in times if 17 <= t <= 23]) >= 2
    assert not [t for t in times if 40 <= t <= 50 and t - max(x for x in times if x < t) < 5]


def test_a_server_hint_replaces_the_next_planned_fetch() -> None:
    """Retry-After on an in-progress answer is obeyed (but never below min_interval)."""
    schedule = PollSchedule(belief_for(5, [], POLICY), POLICY)
    assert schedule.next_delay(12.0, hint=7.0) == 7.0
    assert schedule.next_delay(19.0) == min(t for t in schedule.times if t > 19.0) - 19.0
    assert schedule.next_delay(45.0, hint=0.01) == POLICY.min_interval


def test_a_jittered_early_fetch_does_not_cost_an_extra_one() -> None:
    """A fetch a little before its planned time still counts as that one."""
    schedule = PollSchedule(belief_for(5, [], POLICY), POLICY)
    first = schedule.next_delay(0.0)
    second = schedule.next_delay(first - 0.4)
    assert second > 5.0


def test_jitter_stays_within_its_share_and_is_seeded() -> None:
    """Same seed, same delays; each within 5 % of the planned gap."""
    delays = []
    planned = plan_of([])
    for _ in range(2):
        schedule = PollSchedule(belief_for(5, [], POLICY), PollPolicy(rng=random.Random(3)))
        delays.append([schedule.next_delay(t) for t in (0.0, *planned[:2])])
    assert delays[0] == delays[1]
    gaps = [b - a for a, b in itertools.pairwise((0.0, *planned[:3]))]
    assert all(abs(d - gap) <= gap * 0.05 for d, gap in zip(delays[0], gaps, strict=True))


# Distributions the benchmark does not run: the schedule must hold its promises on them too.
def uniform(low: float, high: float) -> list[float]:
    return [low + (high - low) * (i + 0.5) / 400 for i in range(400)]


def lognormal(median: float, sigma: float) -> list[float]:
    normal = statistics.NormalDist()
    return [median * math.exp(sigma * normal.inv_cdf((i + 0.5) / 400)) for i in range(400)]


def followed(times: tuple[float, ...], tail: float, done: float) -> tuple[float, int]:
    """(lag, fetches) of one job completing at `done` under fetch times `times`."""
    for count, time in enumerate(times, start=1):
        if time >= done:
            return time - done, count
    extra = math.ceil((done - times[-1]) / tail)
    return times[-1] + extra * tail - done, len(times) + extra


def page(done: float) -> tuple[float, int]:
    return followed(tuple(10.0 * k for k in range(200)), 10.0, done)


def ratios(times: tuple[float, ...], draws: list[float]) -> tuple[float, float]:
    ours = [followed(times, POLICY.tail_interval, d) for d in draws]
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
}


@pytest.mark.parametrize("draws", UNBENCHED.values(), ids=UNBENCHED.keys())
def test_cold_plan_is_never_far_worse_than_the_page_loop(draws: list[float]) -> None:
    """Cold: lag and fetches within 1.25x the page's loop, whatever the service does."""
    lag, fetches = ratios(plan_of([]), draws)
    assert lag <= 1.25
    assert fetches <= 1.25


@pytest.mark.parametrize("draws", UNBENCHED.values(), ids=UNBENCHED.keys())
def test_learned_plan_beats_the_page_loop_on_both_axes(draws: list[float]) -> None:
    """Learned from 50 jobs like these (as seen: at the fetch that found them), the plan
    is no worse than the page's loop in lag or fetches on the next ones."""
    seen = plan_of([])
    history = [followed(seen, POLICY.tail_interval, d)[0] + d for d in draws[::8]]
    lag, fetches = ratios(plan_of(history), draws)
    assert lag <= 1.0
    assert fetches <= 1.0


def test_phases_predict_from_the_jobs_whose_change_came_at_about_the_same_time() -> None:
    """Two kinds of past job: changed at 11 s and done in (40, 44], or changed at 33 s and done
    in (90, 94]; a change seen at 33 s predicts the second kind, shifted by the difference."""
    phases = Phases()
    assert phases.predict(5, 11.0) == []  # nothing known yet
    for _ in range(6):
        phases.record(5, 11.0, 40.0, 44.0)
        phases.record(5, 33.0, 90.0, 94.0)
    predicted = phases.predict(5, 34.0)
    assert all(91.0 < t <= 95.0 for t in predicted[:24])  # the 6 nearest, spread over (90, 94] + 1
    assert phases.predict(8, 34.0) == []  # another video length: its own memory


def test_a_status_change_replans_only_when_it_narrows_the_belief() -> None:
    """Predictions tighter than the belief move the next fetches to them; predictions as
    wide as the belief change nothing."""
    narrow = PollSchedule(belief_for(5, [], POLICY), POLICY)
    before = narrow.times
    narrow.learn([60.0 + i * 0.1 for i in range(20)], elapsed=22.0)
    assert narrow.times[:2] == before[:2]
    assert min(t for t in narrow.times if t >= 60.0) <= 62.5  # found within the prediction
    wide = PollSchedule(belief_for(5, [], POLICY), POLICY)
    wide.learn([30.0 + i * 10.0 for i in range(20)], elapsed=22.0)
    assert wide.times == before


def test_a_client_works_its_belief_out_again_only_after_refresh_new_completions() -> None:
    """Planning from the journal costs milliseconds per wait: a client keeps its belief until
    REFRESH completions it has not planned from are in the history, and re-plans at once when
    the history becomes long enough to replace the documented window."""
    beliefs = Beliefs()
    prior = beliefs.get(5, [20.0, 21.0], POLICY)
    history = [20.0, 21.0, 22.0, 23.0, 24.0]
    learned = beliefs.get(5, history, POLICY)
    assert learned != prior  # crossed MIN_SAMPLES: learned at once
    history += [25.0 + i for i in range(REFRESH - 1)]
    assert beliefs.get(5, history, POLICY) is learned
    history.append(40.0)
    assert beliefs.get(5, history, POLICY) is not learned
    assert beliefs.get(8, [20.0], POLICY) == belief_for(8, [], POLICY)  # kept per video length
