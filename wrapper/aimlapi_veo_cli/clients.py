"""Building a client from the command line's settings. Imported by the commands that talk to
the API, when they run (httpx and the generated models load only then)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager

from aimlapi_veo.async_client import AsyncVeoClient
from aimlapi_veo.client import VeoClient
from aimlapi_veo.journal import JournalStore, open_journal
from aimlapi_veo.ratelimit import AsyncRateLimitedTransport, SharedRateLimit
from aimlapi_veo_cli.errors import Session
from aimlapi_veo_cli.options import Settings


def capped_sleep(limit: float | None) -> Callable[[float], None]:
    """time.sleep, never longer than `limit`: the library re-plans after every poll."""
    if limit is None:
        return time.sleep
    return lambda seconds: time.sleep(min(seconds, limit))


def capped_async_sleep(limit: float | None) -> Callable[[float], Awaitable[None]]:
    if limit is None:
        return asyncio.sleep
    return lambda seconds: asyncio.sleep(min(seconds, limit))


def journal_of(settings: Settings) -> JournalStore:
    return open_journal(settings.journal)


@contextmanager
def open_client(
    settings: Settings, session: Session, poll_interval: float | None = None
) -> Iterator[VeoClient]:
    """A VeoClient and its journal, both closed at the end."""
    journal = journal_of(settings)
    try:
        with VeoClient(
            base_url=settings.base_url, journal=journal, sleep=capped_sleep(poll_interval)
        ) as client:
            session.base_url = client.base_url
            yield client
    finally:
        journal.close()


@asynccontextmanager
async def open_async_client(
    settings: Settings,
    session: Session,
    poll_interval: float | None = None,
    rate_limit: float | None = None,
) -> AsyncIterator[AsyncVeoClient]:
    """An AsyncVeoClient and its journal, both closed at the end; `rate_limit` requests per
    second are shared with every process using the same journal (ratelimit.py)."""
    journal = journal_of(settings)
    try:
        limit = SharedRateLimit(journal, rate_limit) if rate_limit else None
        async with AsyncVeoClient(
            base_url=settings.base_url,
            journal=journal,
            sleep=capped_async_sleep(poll_interval),
            transport=AsyncRateLimitedTransport(limit) if limit else None,
        ) as client:
            session.base_url = client.base_url
            yield client
    finally:
        journal.close()
