"""What every `veo` command shares: the consoles, the connection options, building a client,
and turning an exception into one line a person can act on plus an exit code.

Exit codes: 0 success, 1 anything else, 2 bad input or usage (nothing was sent, or the API
refused the request or the key), 3 the generation failed, 4 still running at the deadline.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
import time
import traceback
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.logging import RichHandler
from rich.text import Text

from aimlapi_veo.async_client import AsyncVeoClient
from aimlapi_veo.client import VeoClient
from aimlapi_veo.journal import JournalStore, open_journal
from aimlapi_veo.ratelimit import AsyncRateLimitedTransport, RateLimitedTransport, SharedRateLimit
from aimlapi_veo_cli.errors import EXIT_INTERRUPTED, describe

# Progress and messages go to stderr; stdout carries only what a script wants (ids, paths, JSON).
err = Console(stderr=True, soft_wrap=True, highlight=False)

BaseUrlOption = Annotated[
    str | None,
    typer.Option(
        "--base-url",
        help="API base URL [default: $AIMLAPI_BASE_URL or https://api.aimlapi.com]",
        show_default=False,
    ),
]
JournalOption = Annotated[
    str | None,
    typer.Option(
        "--journal",
        help="journal of the jobs: an SQLite file, or a postgresql:// URL shared by a fleet of "
        "workers [default: $AIMLAPI_VEO_JOURNAL or a file in the user state directory]",
        show_default=False,
    ),
]
RateLimitOption = Annotated[
    float | None,
    typer.Option(
        "--rate-limit",
        min=0.01,
        help="API requests per second for ALL workers sharing the journal together; a 429 seen "
        "by one pauses all (a PostgreSQL journal) [default: no limit]",
        show_default=False,
    ),
]
TimeoutOption = Annotated[
    float | None,
    typer.Option(
        "--timeout",
        min=0,
        help="give up waiting after this many seconds (the job keeps running) [default: 900]",
        show_default=False,
    ),
]
PollOption = Annotated[
    float | None,
    typer.Option(
        "--poll-interval",
        min=0.05,
        help="sleep at most this long between checks (and between retries), in seconds "
        "[default: the server's Retry-After hint; without one, wait the expected 40-50 s of "
        "a 5 s video, then check every few seconds]",
        show_default=False,
    ),
]


@dataclass(frozen=True)
class Connection:
    """Where and how to reach the API; the key always comes from AIMLAPI_API_KEY."""

    base_url: str | None = None
    journal: str | Path | None = None
    poll_interval: float | None = None
    rate_limit: float | None = None  # shared through the journal (ratelimit.py)

    def open_journal(self) -> JournalStore:
        return open_journal(
            os.environ.get("AIMLAPI_VEO_JOURNAL") if self.journal is None else self.journal
        )


@dataclass
class Session:
    """What a running command has learned that an error message must mention."""

    debug: bool = False
    generation_id: str | None = None


def say(message: str, style: str | None = None) -> None:
    """A line for the person at the terminal; never read as markup."""
    err.print(Text(message, style=style or ""))


def capped_sleep(limit: float | None) -> Callable[[float], None]:
    """time.sleep, never longer than `limit`: the wrapper re-plans after every poll."""
    if limit is None:
        return time.sleep
    return lambda seconds: time.sleep(min(seconds, limit))


def capped_async_sleep(limit: float | None) -> Callable[[float], Awaitable[None]]:
    if limit is None:
        return asyncio.sleep
    return lambda seconds: asyncio.sleep(min(seconds, limit))


@contextmanager
def open_client(connection: Connection) -> Iterator[VeoClient]:
    """A VeoClient and its journal, both closed at the end."""
    journal = connection.open_journal()
    try:
        limit = SharedRateLimit(journal, connection.rate_limit) if connection.rate_limit else None
        with VeoClient(
            base_url=connection.base_url,
            journal=journal,
            sleep=capped_sleep(connection.poll_interval),
            transport=RateLimitedTransport(limit) if limit else None,
        ) as client:
            yield client
    finally:
        journal.close()


@asynccontextmanager
async def open_async_client(connection: Connection) -> AsyncIterator[AsyncVeoClient]:
    """An AsyncVeoClient and its journal, both closed at the end."""
    journal = connection.open_journal()
    try:
        limit = SharedRateLimit(journal, connection.rate_limit) if connection.rate_limit else None
        async with AsyncVeoClient(
            base_url=connection.base_url,
            journal=journal,
            sleep=capped_async_sleep(connection.poll_interval),
            transport=AsyncRateLimitedTransport(limit) if limit else None,
        ) as client:
            yield client
    finally:
        journal.close()


def setup_logging(debug: bool) -> None:
    """The wrapper's log (retries, refreshed links) on stderr; everything with --debug."""
    handler = RichHandler(console=err, show_time=False, show_path=False, markup=False)
    logger = logging.getLogger("aimlapi_veo")
    logger.handlers[:] = [handler]
    logger.setLevel(logging.DEBUG if debug else logging.WARNING)
    logger.propagate = False


@contextmanager
def guarded(ctx: typer.Context) -> Iterator[Session]:
    """Run a command's body: any error becomes one line on stderr and its exit code."""
    session = Session(debug=bool(ctx.obj and ctx.obj.get("debug")))
    try:
        yield session
    except typer.Exit:
        raise
    except KeyboardInterrupt:
        say(describe_interrupt(session.generation_id), "yellow")
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except Exception as exc:
        if session.debug:
            traceback.print_exception(exc, file=sys.stderr)
        code, message = describe(exc, session.generation_id)
        say(f"error: {message}", "bold red")
        raise typer.Exit(code) from None


def describe_interrupt(generation_id: str | None) -> str:
    if generation_id is None:
        return "interrupted"
    return (
        f"interrupted; generation {generation_id} goes on on the server: "
        f"finish it with `veo wait {generation_id}`"
    )
