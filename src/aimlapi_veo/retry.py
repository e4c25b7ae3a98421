"""When to retry, and how long to wait first.

Fetches and downloads retry connect errors, timeouts, broken connections, 408, 429 and 5xx.
The create POST is retried only when the first attempt certainly created nothing: the
connection was never made (so the body never left), or the API answered 429 or 503, which
create nothing. A timeout or a broken connection after the body went out raises
CreateOutcomeUnknownError instead: resending could pay twice.
"""

from __future__ import annotations

import email.utils
import random
import time
from dataclasses import dataclass, field

import httpx

RETRYABLE_STATUS = frozenset({408, 429, 500, 502, 503, 504})
# Answers that mean the create request was not acted on, so sending it again cannot pay twice.
CREATE_RETRYABLE_STATUS = frozenset({429, 503})
# Raised before any byte of the request was written: nothing can have been created.
NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
TRANSIENT = (httpx.TransportError,)


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff with full jitter, capped; the server's Retry-After wins up to a cap."""

    max_attempts: int = 5
    initial_delay: float = 0.5
    max_delay: float = 20.0
    max_retry_after: float = 60.0
    rng: random.Random = field(default_factory=random.Random, compare=False, repr=False)

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        """Seconds to wait before attempt number `attempt + 1` (attempt counts from 1)."""
        if retry_after is not None:
            return min(max(retry_after, 0.0), self.max_retry_after)
        ceiling = min(self.max_delay, self.initial_delay * 2 ** (attempt - 1))
        jittered: float = ceiling / 2 + self.rng.uniform(0, ceiling / 2)
        return jittered


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Retry-After in seconds, from either of its forms (delta-seconds or an HTTP date)."""
    if not value:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError):
        return None
    return max(when - (time.time() if now is None else now), 0.0)


def should_retry(outcome: httpx.Response | Exception, *, create: bool) -> bool:
    """The whole retry decision, for one attempt's response or exception."""
    if isinstance(outcome, httpx.Response):
        return outcome.status_code in (CREATE_RETRYABLE_STATUS if create else RETRYABLE_STATUS)
    return isinstance(outcome, NOT_SENT if create else TRANSIENT)
