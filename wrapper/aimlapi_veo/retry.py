"""When to retry, and how long to wait first.

Fetches and downloads retry connect errors, timeouts, broken connections, 408, 429 and 5xx.

The create POST is re-sent only when an answer PROVES nothing was created:
- the connection was never made (connect error or timeout, no pooled connection): the body
  never left this machine;
- 429: rate limiting refuses a request before it is acted on (sent again until a deadline,
  not a count of attempts: see _core.CREATE_REFUSED_DEADLINE).
Any other 4xx (400, 401, 403, 404, 422, ...) also proves nothing was created, but sending the
same request again would only be refused again, so it is raised (and its intent dropped).
Nothing else proves it. A 503 is NOT retried, with or without Retry-After: a gateway may answer
503 after the service behind it has stored the job (measured: a fault server that performed the
create and answered 503 got it paid twice). 500/502/504, an answer that does not parse or has
no id, a timeout or a broken connection after the body went out all raise
CreateOutcomeUnknownError (with the id when the answer carried one), and the journal keeps the
create as "unknown": look before creating again.

Delays: exponential backoff (`initial_delay * 2**(attempt-1)`, capped at `max_delay`) with
"equal jitter": uniformly drawn from the upper half of that ceiling, so a retry never comes
sooner than half the backoff (full jitter would allow ~0 s) while clients still spread out.
A server's Retry-After is obeyed instead, up to `max_retry_after`.
"""

from __future__ import annotations

import email.utils
import logging
import math
import random
import re
import time
from dataclasses import dataclass, field

import httpx

RETRYABLE_STATUS = frozenset({408, 429, 500, 502, 503, 504})
# Answers that mean the create request was not acted on and may succeed if sent again.
CREATE_RETRYABLE_STATUS = frozenset({429})
# Raised before any byte of the request was written: nothing can have been created.
NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
TRANSIENT = (httpx.TransportError,)
DELTA_SECONDS = re.compile(r"[0-9]+(\.[0-9]+)?")
log = logging.getLogger("aimlapi_veo")


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff with equal jitter (the upper half of the ceiling), capped; the
    server's Retry-After wins up to a cap."""

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
    """Retry-After in seconds, from either of its forms: delta-seconds (digits, a fraction
    allowed) or an HTTP date (one in the past: 0). Anything else (NaN, infinity, a negative
    or a junk value) is ignored, and logged: a hint that cannot be a wait is no hint. The
    value itself is not logged: a header may echo anything, the key included."""
    if value is None:
        return None
    text = value.strip()
    if DELTA_SECONDS.fullmatch(text) and math.isfinite(seconds := float(text)):
        return seconds
    try:
        when = email.utils.parsedate_to_datetime(text).timestamp()
    except (TypeError, ValueError, IndexError, OverflowError):
        log.warning("ignored a Retry-After that is neither seconds nor an HTTP date")
        return None
    return max(when - (time.time() if now is None else now), 0.0)


def should_retry(outcome: httpx.Response | Exception, *, create: bool) -> bool:
    """The whole retry decision, for one attempt's response or exception."""
    if isinstance(outcome, httpx.Response):
        return outcome.status_code in (CREATE_RETRYABLE_STATUS if create else RETRYABLE_STATUS)
    return isinstance(outcome, NOT_SENT if create else TRANSIENT)
