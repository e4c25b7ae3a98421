"""How long to wait between fetches while a generation runs.

A Veo2 video takes 40-50 s for 5 seconds of video (documentation page), longer for longer
videos. Fetching earlier only spends requests, so the schedule waits until the expected window
opens, fetches every few seconds through it (finding completion about `step / 2` after it
happens), then backs off, capped, for jobs that run long. The window is learned from this
machine's journal once it holds enough completed jobs against the same API. A server hint
(Retry-After on an in-progress answer) replaces the schedule's guess.
"""

from __future__ import annotations

import random
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field

SECONDS_PER_VIDEO_SECOND = (8.0, 10.0)  # 5 s of video -> 40-50 s (documentation page)
MIN_SAMPLES = 5


@dataclass(frozen=True)
class PollPolicy:
    step: float = 2.5
    backoff: float = 1.5
    max_interval: float = 15.0
    jitter: float = 0.1
    min_interval: float = 0.5
    timeout: float = 900.0
    rng: random.Random = field(default_factory=random.Random, compare=False, repr=False)


def expected_window(video_seconds: int, history: Sequence[float] = ()) -> tuple[float, float]:
    """When completion is expected, in seconds since creation: learned when history allows."""
    if len(history) >= MIN_SAMPLES:
        deciles = statistics.quantiles(history, n=10)
        return deciles[0] * 0.95, deciles[-1] * 1.05
    low, high = SECONDS_PER_VIDEO_SECOND
    return low * video_seconds, high * video_seconds


@dataclass
class PollSchedule:
    window: tuple[float, float]
    policy: PollPolicy = field(default_factory=PollPolicy)
    _late_polls: int = 0

    def next_delay(self, elapsed: float, hint: float | None = None) -> float:
        """Seconds to sleep before the next fetch, `elapsed` seconds after creation."""
        if hint is not None:
            return max(hint, self.policy.min_interval)
        low, high = self.window
        if elapsed < low:
            base = low - elapsed
        elif elapsed < high:
            base = self.policy.step
        else:
            self._late_polls += 1
            base = min(
                self.policy.step * self.policy.backoff**self._late_polls, self.policy.max_interval
            )
        # Jitter spreads polls by a fraction of one step: enough to de-synchronize clients,
        # never enough to fetch seconds before the window opens.
        spread = min(base, self.policy.step) * self.policy.jitter
        return max(base + self.policy.rng.uniform(-spread, spread), self.policy.min_interval)
