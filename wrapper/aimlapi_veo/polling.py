"""When to fetch while a generation runs: each fetch costs a request, and the lag is the time
from completion to the fetch that sees it. The fetches follow the window in which the job is
expected to complete: the documented one (a claim) until the journal holds MIN_SAMPLES
completions of this model and video length, then those (evidence; the older count less, so
that a change in the service shows within a few jobs). The plan: dense where completions fall
(evenly spaced quantiles, as many as the fetch budget allows), sparse insurance before (against
a faster service), the documentation page's pace after. The create answer is the look at 0; a
server's Retry-After on an in-progress answer replaces the next planned fetch. What this gives
against the page's loop is measured by `make bench` (bench/polling.py), not written here.
"""

from __future__ import annotations

import bisect
import itertools
import math
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from aimlapi_veo.models import LEGACY_MODEL, get

PAGE_INTERVAL = 10.0  # the documentation page's loop: fetch, then every 10 s
MIN_SAMPLES = 5  # journaled completions before they replace the documented window
MIN_GAP = 1.0  # seconds: no two planned fetches closer


@dataclass(frozen=True)
class PollPolicy:
    """timeout: seconds before a wait gives up. budget: expected fetches per job, as a share
    of the page loop's on the same window. insurance_gap: the longest gap before the
    documented window (twice that before a learned one). memory: newer completions after which
    an older one counts half as much."""

    timeout: float = 900.0
    budget: float = 0.95
    insurance_gap: float = 13.5
    memory: float = 6.0


@dataclass(frozen=True)
class Window:
    """Expected completion times, seconds after creation: a distribution rising linearly
    between weighted points (two equal ones: uniform between them)."""

    times: tuple[float, ...]  # sorted
    weights: tuple[float, ...]
    learned: bool
    cumulative: tuple[float, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:  # each point's share is centred on it; the ends: 0 and 1
        below, total = (0.0, *itertools.accumulate(self.weights)), sum(self.weights)
        points = [(b + w / 2) / total for b, w in zip(below[1:], self.weights[1:-1], strict=False)]
        object.__setattr__(self, "cumulative", (0.0, *points, 1.0))

    def done_by(self, elapsed: float) -> float:  # the share of jobs complete by `elapsed`
        i = bisect.bisect_right(self.times, elapsed)
        if i in (0, len(self.times)):
            return float(i > 0)
        (t0, t1), (c0, c1) = self.times[i - 1 : i + 1], self.cumulative[i - 1 : i + 1]
        return c0 + (c1 - c0) * (elapsed - t0) / (t1 - t0)

    def quantile(self, share: float) -> float:
        i = min(max(bisect.bisect_left(self.cumulative, share), 1), len(self.times) - 1)
        (t0, t1), (c0, c1) = self.times[i - 1 : i + 1], self.cumulative[i - 1 : i + 1]
        return t0 + (t1 - t0) * (share - c0) / (c1 - c0) if c1 > c0 else t1

    def fetches(self, times: tuple[float, ...]) -> float:
        """Expected fetches until one sees the job done (past `times`, at the page's pace)."""
        tail = _paced(times[-1], self.times[-1])
        return sum(1.0 - self.done_by(t) for t in (0.0, *times, *tail) if t < self.times[-1])


def _paced(start: float, end: float) -> list[float]:
    """Fetches at the page's pace after `start`, before `end`."""
    return [start + PAGE_INTERVAL * k for k in range(1, math.ceil((end - start) / PAGE_INTERVAL))]


def window_for(
    video_seconds: int, history: list[float], policy: PollPolicy, model: str = LEGACY_MODEL
) -> Window:
    """The journal's completion times (newest first) once there are enough, else the claim;
    not those past the timeout (jobs finished by a later `resume` say nothing of a wait)."""
    history = [t for t in history if 0 < t <= policy.timeout]
    if len(history) < MIN_SAMPLES:
        return Window(get(model).window(video_seconds), (1.0, 1.0), learned=False)
    # Spread over MIN_GAP: jobs sharing a midpoint would pin the next plan's fetches there.
    spread = (-MIN_GAP / 2, MIN_GAP / 2)
    weighted = sorted(
        (t + d, 0.5 ** (n / policy.memory)) for n, t in enumerate(history) for d in spread
    )
    return Window(tuple(t for t, _ in weighted), tuple(w for _, w in weighted), learned=True)


def _candidate(window: Window, dense: int, insurance_gap: float) -> tuple[float, ...]:
    """`dense` fetches at evenly spaced quantiles, one at the window's end, insurance before."""
    inside = [window.times[-1]]
    for k in range(dense, 0, -1):
        time = window.quantile((k - 0.5) / dense)
        if inside[-1] - time >= MIN_GAP:
            inside.append(time)
    times = [inside.pop()]
    for time in reversed(inside):
        times += [*_paced(times[-1], time), time]
    before = max(math.ceil(times[0] / insurance_gap) - 1, 0)
    return tuple(times[0] * i / (before + 1) for i in range(1, before + 1)) + tuple(times)


@lru_cache(maxsize=64)
def plan(window: Window, policy: PollPolicy) -> tuple[float, ...]:
    """The plan with the most dense fetches whose expected fetches fit in the budget."""
    allowed = policy.budget * (1.0 + window.fetches((PAGE_INTERVAL,)))  # the page's, from 0
    gap = policy.insurance_gap * (2.0 if window.learned else 1.0)
    low, high = 1, max(1, math.ceil((window.times[-1] - window.times[0]) / MIN_GAP))
    best = _candidate(window, 1, gap)
    while low <= high:  # expected fetches grow with the dense count: the largest that fits
        middle = (low + high) // 2
        if window.fetches(candidate := _candidate(window, middle, gap)) <= allowed:
            best, low = candidate, middle + 1
        else:
            high = middle - 1
    return best


@dataclass
class PollSchedule:
    """The fetch times of one wait, in seconds since creation."""

    expected: Window
    policy: PollPolicy = field(default_factory=PollPolicy)

    @cached_property
    def times(self) -> tuple[float, ...]:  # planned when first needed: a server's hint wins
        return plan(self.expected, self.policy)

    @property
    def window(self) -> tuple[float, float]:  # the documented one, or learned: 10th-90th pct
        share = 0.1 if self.expected.learned else 0.0
        return self.expected.quantile(share), self.expected.quantile(1 - share)

    def outlived(self, elapsed: float) -> bool:  # older than every planned fetch
        return elapsed >= self.times[-1]

    def next_delay(self, elapsed: float, hint: float | None = None) -> float:
        """Seconds until the next planned fetch (one a little early still counts as the one
        planned), past the plan at the page's pace; a server's hint wins."""
        if hint is not None:
            return max(hint, MIN_GAP / 2)
        soon = elapsed + MIN_GAP / 2
        later = (*self.times, *_paced(self.times[-1], soon + PAGE_INTERVAL))
        return min(t for t in later if t > soon) - elapsed
