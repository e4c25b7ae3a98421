"""Building a client from the command line's settings. Imported by the commands that talk to
the API, when they run (httpx and the generated models load only then)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager

from aimlapi_veo.async_client import AsyncVeoClient
from aimlapi_veo.client import VeoClient
from aimlapi_veo.journal import Journal
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


@contextmanager
def open_client(
    settings: Settings, session: Session, poll_interval: float | None = None
) -> Iterator[VeoClient]:
    """A VeoClient and its journal, both closed at the end."""
    journal = Journal(settings.journal)
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
    settings: Settings, session: Session, poll_interval: float | None = None
) -> AsyncIterator[AsyncVeoClient]:
    """An AsyncVeoClient and its journal, both closed at the end."""
    journal = Journal(settings.journal)
    try:
        async with AsyncVeoClient(
            base_url=settings.base_url, journal=journal, sleep=capped_async_sleep(poll_interval)
        ) as client:
            session.base_url = client.base_url
            yield client
    finally:
        journal.close()
