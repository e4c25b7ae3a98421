"""PostgreSQL, the journal of a fleet: what differs from SQLite (store.py has the rules).

    journal = PostgresJournal("postgresql://veo@db.internal/veo")   # password: PGPASSWORD/.pgpass

Everything lives in the schema `aimlapi_veo` of the given database. An empty database gets the
current schema at once; an older schema is upgraded only by `veo journal migrate URL` (or
`migrate=True`), since workers of the older version may still be running against it. Leases
are read and written under row locks (`SELECT ... FOR UPDATE`; a batch queue skips locked
rows), and every lease time is the server's `clock_timestamp()`: the workers' clocks may
disagree, the journal does not care. One connection per store, behind the store's lock; a
dropped connection is reopened by the next call. The password never appears in a repr, a
message or `location`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from aimlapi_veo.errors import JournalError
from aimlapi_veo.journal.store import JournalStore

if TYPE_CHECKING:
    import psycopg

SCHEMA = "aimlapi_veo"
SCHEMA_LOCK = 0x5645_4F4A_4F55_524E  # advisory lock held while the schema is read or made


def redact_url(url: str) -> str:
    """The URL without its password (and without a query, which may carry one)."""
    parts = urlsplit(url)
    if parts.password is None and not parts.query:
        return url
    netloc = parts.hostname or ""
    if parts.username:
        netloc = f"{parts.username}@{netloc}"
    if parts.port:
        netloc = f"{netloc}:{parts.port}"
    return urlunsplit((parts.scheme, netloc, parts.path, "", parts.fragment))


def _driver() -> Any:
    try:
        import psycopg  # noqa: PLC0415 (an optional extra: imported only when a URL asks for it)
    except ImportError as exc:
        raise JournalError(
            "postgresql://...",
            "the PostgreSQL driver (psycopg 3) is not installed",
            "install it with `pip install 'aimlapi-veo[postgres]'`",
        ) from exc
    return psycopg


class PostgresDialect:
    now = "extract(epoch from clock_timestamp())::float8"
    for_update = " FOR UPDATE"
    skip_locked = " FOR UPDATE SKIP LOCKED"
    event_seq = ", seq BIGSERIAL PRIMARY KEY"
    migrates_on_open = False
    insertion = "j.id"

    def __init__(self, url: str) -> None:
        self._url, self.location = url, redact_url(url)
        self._password = urlsplit(url).password
        self._db: psycopg.Connection[Any] | None = None
        self._psycopg = _driver()

    def connect(self) -> None:
        self._db = self._psycopg.connect(
            self._url,
            autocommit=True,
            connect_timeout=10,
            application_name="aimlapi-veo",
            # A worker paused inside a transaction (SIGSTOP, a frozen VM) would hold its row
            # locks and stall the fleet: the server ends such a session after 5 s.
            options=f"-c search_path={SCHEMA} -c idle_in_transaction_session_timeout=5000",
        )

    def close(self) -> None:
        if self._db is not None:
            self._db.close()

    def clock(self) -> float:
        """The server's time, first in every transaction: it also proves the connection alive,
        so a connection the server dropped (a restart, a terminated backend) is reopened here,
        before the transaction begins, instead of failing it."""
        for attempt in (1, 2):
            if self._db is None or self._db.closed:
                self.connect()
            assert self._db is not None
            try:
                return float((self._db.execute(f"SELECT {self.now}").fetchone() or (0,))[0])
            except self._psycopg.OperationalError:
                if attempt == 2:
                    raise
                self._db.close()
        raise AssertionError("unreachable")

    @contextmanager
    def transaction(self, *, write: bool) -> Iterator[psycopg.Cursor[Any]]:
        del write  # every transaction may write: row locks, not a file lock, keep them apart
        if self._db is None or self._db.closed:  # the server restarted: reconnect
            self.connect()
        assert self._db is not None
        with self._db.transaction(), self._db.cursor() as cur:
            yield cur

    def sql(self, text: str) -> str:
        return text.replace("?", "%s")

    def version(self, cur: psycopg.Cursor[Any]) -> int:
        # Tables read from pg_tables (a snapshot), not to_regclass (a cache that waiting on the
        # advisory lock does not refresh: a worker that waited while another made the schema
        # would see its tables without their meta, and call it a foreign schema).
        cur.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK,))
        cur.execute("SELECT tablename FROM pg_tables WHERE schemaname = %s", (SCHEMA,))
        tables = {name for (name,) in cur.fetchall()}
        if not tables:
            cur.execute(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}")
            return 0
        if "meta" not in tables:
            return -1
        cur.execute("SELECT value FROM meta WHERE key = 'schema_version'")
        row = cur.fetchone()
        return int(row[0]) if row and str(row[0]).isdigit() else -1

    def set_version(self, cur: psycopg.Cursor[Any], version: int) -> None:
        cur.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        cur.execute(
            "INSERT INTO meta (key, value) VALUES ('schema_version', %s)"
            " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            (str(version),),
        )

    def error(self, exc: BaseException) -> JournalError | None:
        if not isinstance(exc, self._psycopg.Error):
            return None
        text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        if self._password:
            text = text.replace(self._password, "***")
        return JournalError(
            self.location,
            f"{type(exc).__name__}: {text}",
            "check that the server is up, the URL, user and password are right and the user "
            "may write the schema aimlapi_veo (`veo journal migrate URL` creates or upgrades it)",
        )


class PostgresJournal(JournalStore):
    """A journal in PostgreSQL; `migrate=True` upgrades an older schema (`veo journal migrate`)."""

    def __init__(
        self, url: str, clock: Callable[[], float] | None = None, *, migrate: bool = False
    ) -> None:
        super().__init__(PostgresDialect(url), clock, migrate=migrate)
