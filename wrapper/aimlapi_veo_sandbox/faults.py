"""Random failures on demand: the errors a client's retry logic has to survive."""

from __future__ import annotations

import random
from typing import Literal

from starlette.responses import Response

from .errors import DroppedConnectionResponse, nest_error
from .stats import SandboxStats

Fault = Literal[500, 502, 503, "drop"]
FAULTS: tuple[Fault, ...] = (500, 502, 503, "drop")

_MESSAGES = {
    500: "Internal server error",
    502: "Bad gateway: upstream provider did not answer",
    503: "Service temporarily unavailable, try again shortly",
}


class FaultInjector:
    """Draws a fault with probability `rate`, from a generator the config can seed."""

    def __init__(self, rate: float, rng: random.Random, stats: SandboxStats) -> None:
        self._rate = rate
        self._rng = rng
        self._stats = stats

    def draw(self) -> Fault | None:
        # rate 0 must not consume random numbers, so seeded runs stay comparable.
        if self._rate <= 0 or self._rng.random() >= self._rate:
            return None
        self._stats.faults_injected += 1
        return self._rng.choice(FAULTS)

    def api_response(self) -> Response | None:
        """A JSON error or a dropped connection for an API route, or None."""
        fault = self.draw()
        if fault is None:
            return None
        if fault == "drop":
            return DroppedConnectionResponse(b'{"id": "', 64, "application/json")
        headers = {"Retry-After": "1"} if fault == 503 else None
        return nest_error(fault, _MESSAGES[fault], headers=headers)
