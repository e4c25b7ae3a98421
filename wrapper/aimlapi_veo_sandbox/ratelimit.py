"""A token bucket on the injected clock, so tests can provoke and lift 429s without sleeping."""

from __future__ import annotations

import math
from collections.abc import Callable

from starlette.responses import JSONResponse

from .errors import nest_error


class TokenBucket:
    """Allows `rate` requests per second with a burst of max(1, rate)."""

    def __init__(self, rate: float, clock: Callable[[], float]) -> None:
        self._rate = rate
        self._capacity = max(1.0, rate)
        self._tokens = self._capacity
        self._clock = clock
        self._updated = clock()

    def take(self) -> float | None:
        """Spend a token; None when allowed, else the seconds until one is available."""
        now = self._clock()
        refill = (now - self._updated) * self._rate
        self._tokens = min(self._capacity, self._tokens + refill)
        self._updated = now
        if self._tokens >= 1:
            self._tokens -= 1
            return None
        return (1 - self._tokens) / self._rate


def too_many_requests(wait: float) -> JSONResponse:
    # Retry-After only takes whole seconds; rounding down would invite an immediate second 429.
    seconds = max(1, math.ceil(wait))
    return nest_error(
        429,
        "ThrottlerException: Too Many Requests",
        headers={"Retry-After": str(seconds)},
    )
