"""The shared rate limit: one bucket in the journal paces every worker's API requests, and a 429
seen by one pauses all."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator

import httpx
import pytest
from support import ID, KEY, VIDEO, FakeClock, generation

from aimlapi_veo import InvalidInputError, VeoClient
from aimlapi_veo.journal import JournalStore, open_journal
from aimlapi_veo.journal.bucket import Bucket, pause, take
from aimlapi_veo.journal.postgres import PostgresJournal
from aimlapi_veo.ratelimit import (
    MARGIN,
    AsyncRateLimitedTransport,
    RateLimitedTransport,
    SharedRateLimit,
)

API = "https://api.test/v2/video/generations"
CDN = "https://cdn.test/v.mp4"


def test_tokens_are_handed_out_in_order_at_the_rate() -> None:
    """A burst goes at once; after it, each token waits one more 1/rate than the one before."""
    state, waits = None, []
    for _ in range(5):
        state, wait = take(rate=2.0, burst=2.0)(state, 100.0)
        waits.append(wait)
    assert waits == [0.0, 0.0, 0.5, 1.0, 1.5]
    assert take(rate=2.0, burst=2.0)(state, 110.0)[1] == 0.0  # refilled (capped at the burst)


def test_a_429_pauses_everyone_then_the_rate_resumes_evenly() -> None:
    state, _ = pause(3.0, burst=2.0)(Bucket(2.0, 100.0), 100.0)
    waits = []
    for _ in range(3):
        state, wait = take(rate=2.0, burst=2.0)(state, 100.0)
        waits.append(wait)
    assert waits == [3.5, 4.0, 4.5]  # nothing before the pause ends, then no burst


@pytest.fixture
def two_workers(pg_url: str, clock: FakeClock) -> Iterator[list[PostgresJournal]]:
    """Two handles on one PostgreSQL journal, as two workers would have."""
    stores = [PostgresJournal(pg_url, clock.time), PostgresJournal(pg_url, clock.time)]
    yield stores
    for store in stores:
        store.close()


def _answer(request: httpx.Request) -> httpx.Response:
    if request.url.host == "cdn.test":
        return httpx.Response(200, content=VIDEO)
    if request.url.path.endswith("/busy"):
        return httpx.Response(429, headers={"Retry-After": "7"})
    return httpx.Response(200, json=generation("queued"))


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_the_transport_paces_api_requests_and_shares_a_429(
    two_workers: list[PostgresJournal], clock: FakeClock, kind: str
) -> None:
    """Requests with the key take tokens (CDN ones do not); a 429 makes the other worker wait."""
    stores = two_workers
    first, second = (SharedRateLimit(store, rate=1.0, burst=1.0) for store in stores)
    auth = {"Authorization": f"Bearer {KEY}"}
    calls = [("GET", API, auth), ("GET", CDN, {}), ("GET", API, auth), ("GET", API + "/busy", auth)]
    if kind == "sync":
        transport = RateLimitedTransport(first, httpx.MockTransport(_answer), clock.sleep)
        with httpx.Client(transport=transport) as client:
            for method, url, headers in calls:
                client.request(method, url, headers=headers)
    else:

        async def run() -> None:
            inner = httpx.MockTransport(_answer)
            transport = AsyncRateLimitedTransport(first, inner, clock.asleep)
            async with httpx.AsyncClient(transport=transport) as client:
                for method, url, headers in calls:
                    await client.request(method, url, headers=headers)

        asyncio.run(run())
    gap = 1 / (1 - MARGIN)
    assert clock.sleeps == pytest.approx([gap, gap])  # 3 API requests at ~1/s; not the CDN's
    assert second.reserve() == pytest.approx(7.0 + gap)  # the 429 paused the other worker too


def test_a_client_sends_through_the_shared_limit(
    two_workers: list[PostgresJournal], clock: FakeClock
) -> None:
    store = two_workers[0]
    limit = SharedRateLimit(store, rate=2.0, burst=1.0)
    transport = RateLimitedTransport(limit, httpx.MockTransport(_answer), clock.sleep)
    with VeoClient(KEY, base_url="https://api.test", journal=False, transport=transport) as client:
        client.get(ID)
        client.get(ID)
    assert clock.sleeps == pytest.approx([0.5 / (1 - MARGIN)])  # the second waited for a token


def test_every_store_shares_one_bucket_between_its_handles(
    make_store: Callable[[], JournalStore],
) -> None:
    """SQLite (the processes of one machine) and PostgreSQL (any machines) alike: two handles
    reserve alternately, and their waits interleave as one rate, evenly spaced (no burst by
    default) and a margin under the rate given."""
    limits = [SharedRateLimit(make_store(), rate=2.0) for _ in range(2)]
    waits = [limits[n % 2].reserve() for n in range(4)]
    assert waits == pytest.approx([n * 0.5 / (1 - MARGIN) for n in range(4)])
    assert 0 < MARGIN < 0.1  # a margin, not a slower rate


def test_a_rate_that_is_not_positive_is_refused_up_front() -> None:
    with pytest.raises(InvalidInputError, match="> 0"):
        SharedRateLimit(open_journal(":memory:"), rate=0)
