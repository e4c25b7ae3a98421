"""The arithmetic of the shared rate limit's bucket (ratelimit.py), apart from httpx so that
the journal stores can run it without loading the HTTP stack."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Bucket:
    tokens: float  # may be negative: tokens already promised to waiting workers
    updated: float  # refill counts from here; in the future while a 429's pause lasts


Step = Callable[[Bucket | None, float], tuple[Bucket, float]]


def take(rate: float, burst: float) -> Step:
    """A step that takes one token; its number is the seconds to wait before sending."""

    def step(state: Bucket | None, now: float) -> tuple[Bucket, float]:
        current = state or Bucket(burst, now)
        tokens = min(burst, current.tokens + max(0.0, now - current.updated) * rate) - 1
        updated = max(now, current.updated)
        wait = (updated - now) + max(0.0, -tokens) / rate
        return Bucket(tokens, updated), wait

    return step


def pause(seconds: float, burst: float) -> Step:
    """A step after a 429: nothing is refilled until `seconds` from now, for anyone."""

    def step(state: Bucket | None, now: float) -> tuple[Bucket, float]:
        # Promises made before the 429 fall inside the pause: they are not carried past it.
        current = state or Bucket(burst, now)
        return Bucket(0.0, max(current.updated, now + seconds)), 0.0

    return step
