"""When to fetch while a generation runs: fetch times chosen for the least expected lag at a
given fetch budget, under a belief about when the job will complete.

The problem. A job completes at an unknown time T; a fetch at t finds it if T <= t. Fetch
times x1 < x2 < ... cost one request each until one finds it, and the lag is x_k - T. The page's
loop (fetch at 0, then every 10 s) has a mean lag of ~5 s and spends 1 + T/10 fetches. The
create answer is the look at creation (it carries the status): no fetch is spent at 0.

Before any history: the documented window, a claim. 5 s of video in 40-50 s (8-10 s per
second of video). Its plan has three parts (`prior`, a `Pace`):
- Before the window, equal gaps of at most 13.5 s up to the window's first fetch: insurance
  against a faster service, paid by every job, so no more of it than the window can afford.
  A 5-s video gets 3 (every 10.7 s), 6 s: 3 (12.7), 7 s: 4 (11.7), 8 s: 4 (13.3). On any
  10-s spread of completions before the window, that is a lag of 1.06-1.13x the page's
  (5-s video: U(5,15), U(15,25), U(30,40)). The price of the 8-s window's 0.3x below: an
  8-s video whose jobs come much earlier than documented sees 13.3-s gaps, 1.33x the page's
  lag on average over where a 10-s spread falls, up to 1.66x just after a fetch (with
  11.25-s gaps, 5 fetches would come before 64 s and leave too few for the window).
- Inside the window, a fetch every 2.5 s (even spacing: jobs are believed uniform there):
  lag 0.26-0.30x the page's at 0.86-0.96x its fetches for 5-8 s videos.
- The belief keeps 15 % of jobs that outlive the window (`outlive`, judged at 1.1x the
  page's fetches): they pay for every fetch in the window, so the window gets no more of
  them than that share can bear: a job done within 10 s after the window costs 1.1-1.2x.
Past the plan, the page's 10-s cadence (`tail_interval`): a slower service costs about the
page's lag and at most the window's extra fetches (U(60,120): 1.0x lag, 1.1x fetches).

Once the journal holds 5 completed jobs of this API and video length: their times, evidence.
They are when a fetch *saw* completion, later than completion by up to one gap: each is spread
over the gap before it (`undetected`), or the learned belief drifts later with every job. The
plan (`learned` pace): the next fetch after one at s comes when the lag expected to have built
up since s (the mass completing in between, each waiting until the fetch) reaches a price p per
still-running job (`next_fetch`); this spaces fetches by sqrt(2p / hazard), the optimum of
lag + p x fetches: dense where completions are likely, sparse where they are not, never more
than 11.25 s apart where jobs complete (any 10-s spread is then found within 1.25x the page's
lag). p is the one, of a scan, whose plan has the least lag within 0.93x the page loop's
fetches under the same belief (`budgeted`). Insurance before the first likely completion is
lighter (gaps up to 27 s).

What it gives (`make bench`, the real `wait` on a virtual clock, as ratios to the page's loop;
the README has the table): cold, every distribution within 1.25x on both axes, documented
windows 0.27x lag at 0.90-0.91x fetches; learned from 50 jobs, lag 0.19-0.31x where jobs
complete within a 10-s span and 0.24-0.77x elsewhere, at 0.84-0.94x the fetches.

Status changes. The first change a wait sees (e.g. queued -> generating at the 11-s fetch) is
compared with earlier jobs of this client (`Phases`, in memory): the 16 whose change was seen
nearest in time, their completions shifted by the difference, become 85 % of the belief for
the rest of the wait, re-planned within the learned budget for a whole job under it, less the
fetches made; only when that narrows the spread of expected completions by 20 % or more (a
change every job shows before the first fetch teaches nothing, and is ignored).

A server hint (Retry-After on an in-progress answer) replaces the next planned fetch. Each
planned fetch is delayed by up to 5 % of its gap, so that clients do not fetch in step.
"""

from __future__ import annotations

import bisect
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

SECONDS_PER_VIDEO_SECOND = (8.0, 10.0)  # 5 s of video -> 40-50 s (documentation page)
MIN_SAMPLES = 5  # completed jobs in the journal before their times replace the documented prior
PAGE_INTERVAL = 10.0  # the documentation page's loop: fetch, then every 10 s
PRIOR_POINTS = 48  # points of the documented window; enough for a smooth plan, cheap to plan over


@dataclass(frozen=True)
class Pace:
    """How a belief is planned for. reach: longest gap before the belief's span, where fetches
    are insurance against a service faster than believed. least_gap, widest_gap: the shortest
    and longest gap inside it. budget: expected fetches per job under the belief, as a share
    of what the page's loop would spend on the same jobs."""

    reach: float
    least_gap: float
    widest_gap: float
    budget: float


@dataclass(frozen=True)
class PollPolicy:
    """How `wait` paces its fetches; the defaults are the ones `make bench` measures.

    max_interval: longest gap across a stretch of the belief where nothing completes (an
    11.25-s gap finds any 10-s-wide spread of completions within 6.25 s: 1.25x the page's 5 s).
    tail_interval: the gap once the job has outlived the plan (the page's 10 s). prior, learned:
    the `Pace` of the documented window (a claim) and of the journal's history (evidence).
    outlive: the prior's share of jobs believed to outlive the window; late_budget: their
    fetches' share of the page loop's.
    """

    timeout: float = 900.0
    max_interval: float = 11.25
    tail_interval: float = PAGE_INTERVAL
    prior: Pace = Pace(reach=13.5, least_gap=2.5, widest_gap=2.5, budget=0.95)
    learned: Pace = Pace(reach=27.0, least_gap=1.0, widest_gap=11.25, budget=0.93)
    outlive: float = 0.15
    late_budget: float = 1.1
    min_interval: float = 0.5
    jitter: float = 0.05
    rng: random.Random = field(default_factory=random.Random, compare=False, repr=False)


# beliefs ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Belief:
    """A distribution of completion times (seconds after creation) as weighted points."""

    times: tuple[float, ...]  # sorted
    weights: tuple[float, ...]  # sum to 1
    late: float = 0.0  # the last point's weight that stands for jobs outliving the rest
    # cumulative weight and weight x time up to each point (index 0: none), for O(log n) sums
    mass: tuple[float, ...] = field(init=False, compare=False, repr=False)
    moment: tuple[float, ...] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        mass, moment = [0.0], [0.0]
        for time, weight in zip(self.times, self.weights, strict=True):
            mass.append(mass[-1] + weight)
            moment.append(moment[-1] + weight * time)
        object.__setattr__(self, "mass", tuple(mass))
        object.__setattr__(self, "moment", tuple(moment))

    def quantile(self, share: float) -> float:
        index = bisect.bisect_left(self.mass, share) - 1
        return self.times[min(max(index, 0), len(self.times) - 1)]


def mixture(*parts: tuple[float, Sequence[float] | Belief]) -> Belief:
    """Weighted components, each a list of equally likely times or a belief."""
    pairs: list[tuple[float, float]] = []
    for share, part in parts:
        if isinstance(part, Belief):
            mass = sum(part.weights)
            pairs += [(t, share * w / mass) for t, w in zip(part.times, part.weights, strict=True)]
        elif part:
            pairs += [(t, share / len(part)) for t in part]
    pairs.sort()
    total = sum(weight for _, weight in pairs)
    return Belief(tuple(t for t, _ in pairs), tuple(w / total for _, w in pairs))


def spread(belief: Belief) -> float:
    """The 10th-90th percentile span."""
    return belief.quantile(0.9) - belief.quantile(0.1)


def not_done_at(belief: Belief, elapsed: float) -> Belief:
    """The belief given that the job is not complete at `elapsed` (weights not yet rescaled:
    `mixture` does that)."""
    start = bisect.bisect_right(belief.times, elapsed)
    return Belief(belief.times[start:], belief.weights[start:])


def uniform_points(low: float, high: float, count: int = PRIOR_POINTS) -> list[float]:
    return [low + (high - low) * (i + 0.5) / count for i in range(count)]


def documented_window(video_seconds: int) -> tuple[float, float]:
    low, high = SECONDS_PER_VIDEO_SECOND
    return low * video_seconds, high * video_seconds


@lru_cache(maxsize=16)
def prior_belief(video_seconds: int, policy: PollPolicy) -> Belief:
    """Before any history: the documented window, and a share `outlive` of jobs that outlive
    it (one tail interval after its end): every fetch planned for the window is paid by
    those too, so the plan weighs them."""
    window = uniform_points(*documented_window(video_seconds))
    late = window[-1] + policy.tail_interval
    belief = mixture((1.0 - policy.outlive, window), (policy.outlive, [late]))
    return Belief(belief.times, belief.weights, policy.outlive)


def belief_for(video_seconds: int, history: Sequence[float], policy: PollPolicy) -> Belief:
    """Before MIN_SAMPLES jobs: the documented window. After: the journal's times."""
    if len(history) >= MIN_SAMPLES:
        return mixture((1.0, undetected(history, policy)))
    return prior_belief(video_seconds, policy)


REFRESH = 5  # new completions in the history before a client works its belief out again


@dataclass
class Beliefs:
    """A client's latest belief per video length, kept until REFRESH completions it has not
    seen are in the history (or the history crosses MIN_SAMPLES): working one out from the
    journal's times costs milliseconds, which a batch of 1,000 waits would pay 1,000 times."""

    known: dict[int, tuple[frozenset[float], Belief]] = field(default_factory=dict)

    def get(self, video_seconds: int, history: Sequence[float], policy: PollPolicy) -> Belief:
        seen = frozenset(history)
        kept = self.known.get(video_seconds)
        if kept is not None:
            same_kind = (len(kept[0]) >= MIN_SAMPLES) == (len(seen) >= MIN_SAMPLES)
            if same_kind and len(seen - kept[0]) < REFRESH:
                return kept[1]
        belief = belief_for(video_seconds, history, policy)
        self.known[video_seconds] = (seen, belief)
        return belief


def undetected(history: Sequence[float], policy: PollPolicy, points: int = 4) -> list[float]:
    """The journal's completion times are when a fetch *saw* completion: each one came some
    time after the job completed, within the gap since the fetch before it. Taken as they are,
    they teach a belief later than the truth, whose plan fetches later still. Each is spread
    evenly over that gap, the gap read from the plan the raw times would give."""
    raw = budgeted(mixture((1.0, list(history))), policy)
    spread_out = []
    for seen in history:
        index = bisect.bisect_left(raw, seen - 1e-9)
        gap = min(seen - (raw[index - 1] if 0 < index <= len(raw) else 0.0), policy.max_interval)
        # and `seen` itself, so that the plan reaches the latest completion seen
        spread_out += [seen - gap * (j + 0.5) / points for j in range(points)] + [seen]
    return spread_out


def expected_window(video_seconds: int, history: Sequence[float] = ()) -> tuple[float, float]:
    """When completion is expected, in seconds since creation: the history's 10th-90th
    percentiles (widened by 5 %) once there is enough of it, else the documented window."""
    if len(history) >= MIN_SAMPLES:
        from statistics import quantiles  # noqa: PLC0415 (import cost: only when asked)

        deciles = quantiles(history, n=10)
        return deciles[0] * 0.95, deciles[-1] * 1.05
    return documented_window(video_seconds)


# planning ---------------------------------------------------------------------------------------
def next_fetch(belief: Belief, last: float, price: float, max_gap: float) -> float:
    """The next fetch after one at `last`: when the lag expected to have built up since `last`
    (completions in between, each waiting until the fetch) reaches `price` seconds per
    still-running job. Equal cost on both sides of each fetch is what minimises lag + price x
    fetches; it spaces fetches by sqrt(2 price / hazard): dense where completions are likely.
    A fetch between two points finds what one at the first finds, so it comes at a point."""
    times, mass, moment = belief.times, belief.mass, belief.moment
    start = bisect.bisect_right(times, last)
    goal = price * (1.0 - mass[start])
    # built-up lag at the point `end` (completions at start..end-1 wait until it) grows with
    # `end`: the first point where it reaches the goal, by bisection; the fetch comes at the
    # point before it, the last one whose completions are worth less than a fetch
    low, high = start, bisect.bisect_right(times, last + max_gap)
    while low < high:
        end = (low + high) // 2
        built = (mass[end] - mass[start]) * times[end] - (moment[end] - moment[start])
        if built >= goal:
            high = end
        else:
            low = end + 1
    if low < len(times) and times[low] <= last + max_gap:
        return times[max(low - 1, start)]
    return last + max_gap


def pace_of(belief: Belief, policy: PollPolicy) -> Pace:
    """The documented window (a claim) is planned with more insurance than history (evidence)."""
    return policy.prior if belief.late else policy.learned


def plan(belief: Belief, price: float, policy: PollPolicy, start: float = 0.0) -> list[float]:
    """Fetch times after `start` (a fetch or the creation) until the belief's last point.

    Inside the belief's span: `next_fetch`, gaps between the pace's least and widest, none
    across a stretch where nothing completes (max_interval there), the last fetch at the last
    point. Before the span: equal gaps of at most the pace's `reach` up to its first fetch, so
    that a service faster than believed is still found, at a bounded cost."""
    times = belief.times
    last = max(times[-1], start + policy.min_interval)
    pace = pace_of(belief, policy)
    inside: list[float] = []
    at = max(start, times[0])
    while at < last:
        index = bisect.bisect_right(times, at)
        ahead = times[index] if index < len(times) else last
        if ahead > at + pace.widest_gap:  # nothing completes in between: no fetch there
            after = min(ahead, at + policy.max_interval)
        else:
            after = max(next_fetch(belief, at, price, pace.widest_gap), at + pace.least_gap)
            # a fetch between two points finds what one at the first finds
            after = max(times[bisect.bisect_right(times, after) - 1], after - pace.least_gap / 2)
        if last - after < (after - at) / 2:  # no last gap under half the one before
            after = last
        at = min(after, last)
        inside.append(at)
    inside = inside or [last]  # every point at `first`: one fetch there
    before = inside[0] - start
    gaps = max(math.ceil(before / pace.reach - 1e-9), 1)
    return [start + before * i / gaps for i in range(1, gaps)] + inside


def followed(belief: Belief, times: Sequence[float]) -> tuple[float, float]:
    """(expected lag, expected fetches) of a job drawn from the belief under fetch times
    `times` (which reach the belief's last point): each completion waits for the next fetch."""
    lag = fetches = 0.0
    index = 0
    for time, weight in zip(belief.times, belief.weights, strict=True):
        while times[index] < time:
            index += 1
        lag += weight * (times[index] - time)
        fetches += weight * (index + 1)
    return lag, fetches


def page_count(done: float, start: float = 0.0) -> int:
    """Fetches the page's loop (at 0, then every PAGE_INTERVAL) makes after `start` up to
    the one that finds a job done at `done`."""
    made = 0 if start > 0 else -1  # from creation, the loop's fetch at 0 counts too
    return math.ceil(done / PAGE_INTERVAL) - math.floor(start / PAGE_INTERVAL) - made


def page_fetches(belief: Belief, start: float = 0.0) -> float:
    """What the page's loop spends after `start` on the same belief."""
    return sum(w * page_count(t, start) for t, w in zip(belief.times, belief.weights, strict=True))


PRICES = tuple(0.01 * 1.5**i for i in range(25))  # seconds of lag a fetch is worth: 0.01-170
REFINE = (0.8, 0.87, 0.93, 1.07, 1.15, 1.23)  # then around the best of those


@lru_cache(maxsize=256)
def budgeted(
    belief: Belief, policy: PollPolicy, start: float = 0.0, allowed: float | None = None
) -> tuple[float, ...]:
    """The plan after `start` with the least expected lag whose expected fetches are within
    the budget (the pace's `budget` x what the page loop would still spend on the same
    belief; `late_budget` for its `late` share), or if none is, the one with the fewest.
    (`allowed`: that many expected fetches instead.) Prices are scanned, not bisected: the
    count of fetches before the belief's span moves in steps as the price moves the first one
    inside it, so fetches do not fall evenly as the price rises."""
    if allowed is None:
        late = belief.late * page_count(belief.times[-1], start)
        budget = pace_of(belief, policy).budget
        allowed = budget * (page_fetches(belief, start) - late) + policy.late_budget * late
    plans: dict[float, tuple[float, ...]] = {}

    def score(price: float) -> tuple[bool, float, float]:
        times = plans[price] = tuple(plan(belief, price, policy, start))
        lag, fetches = followed(belief, times)
        return fetches > allowed, lag if fetches <= allowed else fetches, price

    coarse = min(score(price) for price in PRICES)
    _, _, price = min([coarse] + [score(coarse[2] * k) for k in REFINE])
    return plans[price]


# what a status change says ---------------------------------------------------------------------
PHASE_MEMORY = 50
PHASE_NEIGHBOURS = 16
PHASE_GAIN = 0.8  # re-plan only if the change narrows the spread of expected completions this much
PHASE_WEIGHT = 0.85  # the predictions' share of the belief after a change; the rest: as before


@dataclass
class Phases:
    """For jobs this client waited for, per video length: when their first status change was
    seen (e.g. queued -> generating) and between which two fetches they completed, in seconds
    after creation. A job's own change then says when it should complete: like the past jobs
    whose change came at about the same time, shifted by the difference. Kept in memory: it
    pays off in a batch or a long-running process, and costs nothing when the service shows
    no change."""

    seen: dict[int, list[tuple[float, float, float]]] = field(default_factory=dict)

    def record(self, video_seconds: int, changed: float, before: float, completed: float) -> None:
        """`before`: the last fetch that saw the job running; `completed`: the one that saw it
        done. Completion came somewhere in between, not at `completed` (see `undetected`)."""
        jobs = self.seen.setdefault(video_seconds, [])
        jobs.append((changed, before, completed))
        del jobs[:-PHASE_MEMORY]

    def predict(self, video_seconds: int, changed: float, points: int = 4) -> list[float]:
        """Completion times to expect for a job whose change was seen at `changed`: those of
        the nearest past jobs by change time; none until MIN_SAMPLES jobs are known."""
        jobs = self.seen.get(video_seconds, [])
        if len(jobs) < MIN_SAMPLES:
            return []
        latest_first = jobs[::-1]  # among equally near, the most recent
        nearest = sorted(latest_first, key=lambda job: abs(job[0] - changed))[:PHASE_NEIGHBOURS]
        return [
            low + (high - low) * (j + 0.5) / points + changed - their
            for their, low, high in nearest
            for j in range(points)
        ]


# the schedule of one wait ----------------------------------------------------------------------
@dataclass
class PollSchedule:
    """The fetch times of one wait, in seconds since creation: planned from the belief at the
    start, re-planned from where the wait stands when a status change teaches something."""

    belief: Belief
    policy: PollPolicy = field(default_factory=PollPolicy)
    times: tuple[float, ...] = ()
    _mark: float = 0.0

    def __post_init__(self) -> None:
        if not self.times:
            self.times = budgeted(self.belief, self.policy)

    def learn(self, predicted: Sequence[float], elapsed: float) -> None:
        """Re-plan after `elapsed` for completion at one of `predicted` (mostly), within what
        the learned budget allows a whole job under the new belief, less the fetches made."""
        ahead = [t for t in predicted if t > elapsed]
        still = not_done_at(self.belief, elapsed)
        if len(ahead) < MIN_SAMPLES or not still.times:
            return
        if spread(mixture((1.0, ahead))) > PHASE_GAIN * spread(mixture((1.0, still))):
            return  # the change says little here (e.g. every job's came before the first fetch)
        self.belief = mixture((PHASE_WEIGHT, ahead), (1 - PHASE_WEIGHT, still))
        made = bisect.bisect_right(self.times, elapsed)
        budget = pace_of(self.belief, self.policy).budget * page_fetches(self.belief) - made
        rest = budgeted(self.belief, self.policy, elapsed, max(budget, 1.0))
        self.times = tuple(t for t in self.times if t <= elapsed) + tuple(rest)

    def outlived(self, elapsed: float) -> bool:
        """Whether the job is older than every planned fetch."""
        return elapsed >= self.times[-1]

    def next_delay(self, elapsed: float, hint: float | None = None) -> float:
        """Seconds to sleep before the next fetch, `elapsed` seconds after creation: to the
        plan's next time (past its last, every tail_interval), delayed by up to a few per cent
        so that clients do not fetch in step (never advanced: a fetch before its planned time
        could miss what the plan expects it to see); a server hint wins."""
        if hint is not None:
            self._mark = elapsed + hint
            return max(hint, self.policy.min_interval)
        # Where the plan stands: the planned time of the fetch just made (a fetch that came a
        # little early, by another clock, still counts as that planned one), or now if later.
        reference = max(self._mark, elapsed)
        index = bisect.bisect_right(self.times, reference)
        planned = (
            self.times[index] if index < len(self.times) else reference + self.policy.tail_interval
        )
        self._mark = planned
        spread = (planned - reference) * self.policy.jitter
        delay = planned - elapsed + self.policy.rng.uniform(0.0, spread)  # never before the plan
        return max(delay, self.policy.min_interval)
