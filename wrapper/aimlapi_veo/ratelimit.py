"""A request rate shared by every worker of a journal: N processes on N machines together stay
under the rate a team sets, and a 429 seen by one slows all of them.

The bucket lives in the journal (one row per bucket; the store updates it atomically, under
`SELECT ... FOR UPDATE` in PostgreSQL), and is applied at the httpx transport, so every API
request the client sends (creates, polls, retries) takes a token first, whatever code path sends
it. API requests are the ones that carry the key (the `Authorization` header); the video CDN
never gets the key, so downloads are not counted.

    limit = SharedRateLimit(journal, rate=5.0)         # 5 API requests/s for the whole fleet
    client = VeoClient(journal=journal, transport=RateLimitedTransport(limit))

The bucket is a *reservation* bucket: a worker always takes its token and is told how long to
sleep before using it, so tokens are handed out in order and never wasted. It keeps a margin
under the rate it is given (MARGIN) and no burst by default: requests leave evenly spaced, so
that the small delays on their way to the server do not bunch them into more than the
server's own bucket takes (a client whose burst equals the server's is refused whenever its
requests arrive closer together than they left). A 429 empties the bucket and moves its refill
start `Retry-After` seconds into the future: every worker's next token then waits for that
moment, and the rate resumes evenly, not in a burst.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Protocol

import httpx

from aimlapi_veo.errors import InvalidInputError
from aimlapi_veo.journal.bucket import Step, pause, take
from aimlapi_veo.retry import parse_retry_after

DEFAULT_PENALTY = 1.0  # seconds everyone pauses after a 429 that carries no Retry-After
MARGIN = 0.05  # the share of the rate left unused


class BucketStore(Protocol):
    """What a journal store offers for this: one atomic read-modify-write of a named bucket."""

    def bucket_step(self, name: str, step: Step) -> float:
        """Lock bucket `name`, call `step(state or None, now)`, store the new state, return
        the step's number; all in one transaction."""
        ...


class SharedRateLimit:
    """`rate` API requests per second less MARGIN, bursts of `burst` (default: none), shared
    through `store` by every process that names the same `bucket`."""

    def __init__(
        self, store: BucketStore, rate: float, *, burst: float | None = None, bucket: str = "api"
    ) -> None:
        if rate <= 0:
            raise InvalidInputError(f"a rate limit must be > 0 requests per second, not {rate}")
        self.store = store
        self.rate, self.bucket = rate * (1.0 - MARGIN), bucket
        self.burst = max(1.0, 1.0 if burst is None else burst)

    def __repr__(self) -> str:
        return f"SharedRateLimit(rate={self.rate}, burst={self.burst}, bucket={self.bucket!r})"

    def reserve(self) -> float:
        """Take a token; the seconds to sleep before sending."""
        return self.store.bucket_step(self.bucket, take(self.rate, self.burst))

    def refused(self, response: httpx.Response) -> None:
        """A 429 came back: every worker pauses for its Retry-After (or a second)."""
        hint = parse_retry_after(response.headers.get("retry-after"))
        seconds = DEFAULT_PENALTY if hint is None else hint
        self.store.bucket_step(self.bucket, pause(seconds, self.burst))


def _is_api(request: httpx.Request) -> bool:
    return "authorization" in request.headers


class RateLimitedTransport(httpx.BaseTransport):
    """Paces the API requests of a sync client through `limit`."""

    def __init__(
        self,
        limit: SharedRateLimit,
        inner: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.limit = limit
        self.inner, self._sleep = inner or httpx.HTTPTransport(), sleep

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if not _is_api(request):
            return self.inner.handle_request(request)
        delay = self.limit.reserve()
        if delay > 0:
            self._sleep(delay)
        response = self.inner.handle_request(request)
        if response.status_code == 429:
            self.limit.refused(response)
        return response

    def close(self) -> None:
        self.inner.close()


class AsyncRateLimitedTransport(httpx.AsyncBaseTransport):
    """The same for an async client; the journal calls run in a thread, off the event loop."""

    def __init__(
        self,
        limit: SharedRateLimit,
        inner: httpx.AsyncBaseTransport | None = None,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        self.limit = limit
        self.inner, self._sleep = inner or httpx.AsyncHTTPTransport(), sleep

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if not _is_api(request):
            return await self.inner.handle_async_request(request)
        delay = await asyncio.to_thread(self.limit.reserve)
        if delay > 0:
            await self._sleep(delay)
        response = await self.inner.handle_async_request(request)
        if response.status_code == 429:
            await asyncio.to_thread(self.limit.refused, response)
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()
