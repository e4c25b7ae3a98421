"""Fixtures for the journal tests: every store the journal has, a real PostgreSQL server among
them (tools/pgserver.py: started once per session on a free 127.0.0.1 port, in a temporary
folder, as an unprivileged user when the tests run as root; stopped at the end).

In CI (`CI` set) a server that cannot start fails the tests that need it, with the reason; on a
developer's machine without the server binaries those tests are skipped, and say why.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pgserver import PostgresServer, PostgresUnavailableError, find_bindir
from support import FakeClock

from aimlapi_veo.journal import JournalStore, open_journal

STORES = ("sqlite", "postgres")
_databases = itertools.count(1)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    try:
        find_bindir()
    except PostgresUnavailableError as exc:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is required in CI: {exc}", pytrace=False)
        pytest.skip(f"no PostgreSQL server here: {exc}")
    try:
        server = PostgresServer.start()
    except (PostgresUnavailableError, OSError) as exc:
        pytest.fail(f"the test PostgreSQL server did not start: {exc}", pytrace=False)
    yield server
    server.stop()


@pytest.fixture
def pg_url(pg_server: PostgresServer) -> str:
    """A fresh, empty database on the session's server."""
    return pg_server.create_database(f"t{next(_databases)}")


@pytest.fixture(params=STORES)
def store_kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def journal_target(store_kind: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a journal of this kind lives: an SQLite path or a postgresql:// URL."""
    if store_kind == "postgres":
        return str(request.getfixturevalue("pg_url"))
    return str(tmp_path / "journal.sqlite3")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def make_store(journal_target: str, clock: FakeClock) -> Iterator[Callable[[], JournalStore]]:
    """Open (another handle on) the test's journal; every handle is closed afterwards."""
    opened: list[JournalStore] = []

    def make() -> JournalStore:
        opened.append(open_journal(journal_target, clock.time))
        return opened[-1]

    yield make
    for store in opened:
        store.close()


@pytest.fixture
def store(make_store: Callable[[], JournalStore]) -> JournalStore:
    return make_store()
