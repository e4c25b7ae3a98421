"""The journal on PostgreSQL: one store shared by every worker of a team, on any number of
machines, with the same meaning as the SQLite file (see base.py for the model).

    journal = PostgresJournal("postgresql://veo@db.internal/veo")   # password: PGPASSWORD/.pgpass

Everything lives in the schema `aimlapi_veo` of the given database, so the journal can share a
database with anything else. The schema version is checked when the store opens, before any
paid request: a newer version (written by a newer client) or a schema that is not a journal is
refused with JournalError. An empty database gets the current schema at once; an older schema
is upgraded only by `veo journal migrate URL` (or `migrate=True`), since workers of the older
version may still be running against it. Each method is one short transaction on one
connection (guarded by a lock, so threads and an async batch may share the store); leases use
row locks (`SELECT ... FOR UPDATE`), and a batch queue takes rows with `FOR UPDATE SKIP LOCKED`.

Times come from the injected clock of each worker, like in SQLite: machines sharing a journal
should keep their clocks in step (NTP), since a lease's expiry is compared with the reader's
clock. The password in the URL never appears in a repr, a message or `location`.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from aimlapi_veo.errors import JournalError
from aimlapi_veo.generation import FAILED
from aimlapi_veo.journal.base import (
    CREATING,
    DEFAULT_LEASE_SECONDS,
    SCHEMA_VERSION,
    UNKNOWN,
    Job,
    JournalStore,
    effective_status,
    lease_is_stale,
    new_intent,
    nothing_new,
    stored_params,
)
from aimlapi_veo.journal.bucket import Bucket, Step
from aimlapi_veo.journal.queue import QueuedRow, RowState, claimable, row_lease

if TYPE_CHECKING:
    import psycopg

SCHEMA = "aimlapi_veo"
SCHEMES = ("postgresql", "postgres")
# Each version's statements, applied in order by migrate(); version 2 is the first on PostgreSQL
# (the SQLite journal's version 1 had no intents or leases).
MIGRATIONS: dict[int, tuple[str, ...]] = {
    2: (
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        """CREATE TABLE jobs (
            id TEXT PRIMARY KEY,
            intent TEXT UNIQUE,
            base_url TEXT NOT NULL,
            created_at DOUBLE PRECISION NOT NULL,
            updated_at DOUBLE PRECISION NOT NULL,
            status TEXT NOT NULL,
            params TEXT NOT NULL,
            video_seconds INTEGER NOT NULL,
            label TEXT,
            video_url TEXT,
            output_path TEXT,
            completed_at DOUBLE PRECISION,
            downloaded_at DOUBLE PRECISION,
            error TEXT,
            file_size BIGINT,
            file_sha256 TEXT
        )""",
        "CREATE INDEX jobs_label ON jobs (label)",
        "CREATE INDEX jobs_completed ON jobs (base_url, video_seconds, completed_at)",
        """CREATE TABLE events (
            seq BIGSERIAL PRIMARY KEY,
            job_id TEXT NOT NULL,
            at DOUBLE PRECISION NOT NULL,
            status TEXT NOT NULL
        )""",
        "CREATE INDEX events_job ON events (job_id)",
        "CREATE TABLE leases (key TEXT PRIMARY KEY, owner TEXT NOT NULL, expires DOUBLE PRECISION NOT NULL)",
        """CREATE TABLE rate_buckets (
            name TEXT PRIMARY KEY,
            tokens DOUBLE PRECISION NOT NULL,
            updated DOUBLE PRECISION NOT NULL
        )""",
        """CREATE TABLE batch_rows (
            batch TEXT NOT NULL,
            key TEXT NOT NULL,
            number INTEGER NOT NULL,
            output TEXT NOT NULL,
            outcome TEXT,
            worker TEXT,
            path TEXT,
            updated DOUBLE PRECISION NOT NULL,
            PRIMARY KEY (batch, key)
        )""",
        "CREATE INDEX batch_rows_open ON batch_rows (batch, number) WHERE outcome IS NULL",
    ),
}
assert max(MIGRATIONS) == SCHEMA_VERSION, "a schema version without its PostgreSQL migration"
JOB_FIELDS = (
    "id", "base_url", "created_at", "updated_at", "status", "params", "video_seconds", "label",
    "video_url", "output_path", "completed_at", "downloaded_at", "error", "intent", "file_size",
    "file_sha256",
)  # fmt: skip
JOB_COLUMNS = ", ".join(f"j.{name}" for name in JOB_FIELDS) + (
    ", li.owner, li.expires, lj.owner, lj.expires"
)
JOB_SELECT = (
    f"SELECT {JOB_COLUMNS} FROM jobs j"  # noqa: S608 (fixed fragments)
    " LEFT JOIN leases li ON li.key = j.intent"
    " LEFT JOIN leases lj ON lj.key = 'job:' || j.id"
)
# Claim candidates looked at beyond 4 per free slot: room for rows that live workers of this
# host hold (their leases can only be told from a dead process's by their pid).
LOCAL_SLACK = 256
# Advisory lock id taken while creating or migrating the schema (any fixed 64-bit number).
SCHEMA_LOCK = 0x5645_4F4A_4F55_524E


def is_postgres_url(location: object) -> bool:
    return isinstance(location, str) and urlsplit(location).scheme.lower() in SCHEMES


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


class PostgresJournal(JournalStore):
    """A journal in PostgreSQL; see the module docstring. `migrate=True` upgrades an older
    schema (what `veo journal migrate` does)."""

    def __init__(
        self, url: str, clock: Callable[[], float] = time.time, *, migrate: bool = False
    ) -> None:
        if not is_postgres_url(url):
            raise JournalError(redact_url(url), "not a postgresql:// URL", "give one")
        self._url, self.location = url, redact_url(url)
        self._password = urlsplit(url).password
        self._clock = clock
        self._lock = threading.RLock()
        self._db: psycopg.Connection[Any] | None = None
        self.found_version = 0  # the schema version found when opening (0: none yet)
        with self._guard("open"):
            self._db = self._connect()
        try:
            self._prepare(migrate=migrate)
        except BaseException:
            self.close()
            raise

    def __repr__(self) -> str:
        return f"PostgresJournal({self.location!r})"

    # connection and errors -------------------------------------------------------------------
    def _connect(self) -> psycopg.Connection[Any]:
        connection: psycopg.Connection[Any] = _driver().connect(
            self._url,
            autocommit=True,
            connect_timeout=10,
            application_name="aimlapi-veo",
            options=f"-c search_path={SCHEMA}",
        )
        return connection

    def _clean(self, text: str) -> str:
        return text.replace(self._password, "***") if self._password else text

    @contextmanager
    def _guard(self, action: str) -> Iterator[None]:
        """Every driver error becomes a JournalError naming the journal (never its password)."""
        psycopg = _driver()
        try:
            yield
        except psycopg.Error as exc:
            problem = self._clean(str(exc).strip().splitlines()[0] if str(exc).strip() else "")
            raise JournalError(
                self.location,
                f"{action} failed: {type(exc).__name__}: {problem}",
                "check that the server is up, the URL, user and password are right and the user "
                "may write the schema aimlapi_veo (`veo journal migrate URL` creates or upgrades it)",
            ) from None

    @contextmanager
    def _transaction(self, action: str) -> Iterator[psycopg.Cursor[Any]]:
        with self._lock, self._guard(action):
            if self._db is None or self._db.closed:  # the server restarted: one reconnect
                self._db = self._connect()
            with self._db.transaction(), self._db.cursor() as cursor:
                yield cursor

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()

    # schema ----------------------------------------------------------------------------------
    def _prepare(self, *, migrate: bool) -> None:
        with self._transaction("checking the schema") as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK,))
            self.found_version = version = self._version(cur)
            if version == 0:
                cur.execute(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}")
            if 0 <= version < SCHEMA_VERSION and (migrate or version == 0):
                self._upgrade(cur, version)
                version = SCHEMA_VERSION
        self._refuse(version)

    def _version(self, cur: psycopg.Cursor[Any]) -> int:
        """0: no journal here yet; -1: the schema exists but is not a journal; else its version."""
        cur.execute("SELECT to_regclass('aimlapi_veo.meta'), to_regnamespace('aimlapi_veo')")
        meta, namespace = cur.fetchone() or (None, None)
        if meta is None:
            if namespace is None:
                return 0
            cur.execute("SELECT count(*) FROM pg_tables WHERE schemaname = %s", (SCHEMA,))
            return -1 if (cur.fetchone() or (0,))[0] > 0 else 0
        cur.execute("SELECT value FROM meta WHERE key = 'schema_version'")
        row = cur.fetchone()
        return int(row[0]) if row and str(row[0]).isdigit() else -1

    def _upgrade(self, cur: psycopg.Cursor[Any], version: int) -> None:
        for step in sorted(v for v in MIGRATIONS if v > version):
            for statement in MIGRATIONS[step]:
                cur.execute(statement)
        cur.execute(
            "INSERT INTO meta (key, value) VALUES ('schema_version', %s)"
            " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            (str(SCHEMA_VERSION),),
        )

    def _refuse(self, version: int) -> None:
        if version == SCHEMA_VERSION:
            return
        if version < 0:
            problem = f"the schema {SCHEMA} exists but is not an aimlapi-veo journal"
            fix = "point --journal at another database, or drop that schema if it is yours"
        elif version > SCHEMA_VERSION:
            problem = f"its schema version {version} is newer than this client's {SCHEMA_VERSION}"
            fix = "upgrade aimlapi-veo on this machine (every worker of a fleet runs one version)"
        else:
            problem = f"its schema version {version} is older than this client's {SCHEMA_VERSION}"
            fix = "stop the older workers, then run `veo journal migrate URL` once"
        raise JournalError(self.location, problem, fix)

    def schema_version(self) -> int:
        with self._transaction("reading the schema version") as cur:
            return self._version(cur)

    def check_writable(self) -> None:
        # FOR UPDATE needs write access and fails on a read-only server or transaction.
        with self._transaction("checking that the journal is writable") as cur:
            cur.execute("SELECT value FROM meta WHERE key = 'schema_version' FOR UPDATE")
            row = cur.fetchone()
        self._refuse(int(row[0]) if row else -1)

    # write-ahead intent ----------------------------------------------------------------------
    def begin_create(
        self,
        base_url: str,
        body: Mapping[str, Any],
        *,
        label: str | None,
        owner: str,
        ttl: float = DEFAULT_LEASE_SECONDS,
    ) -> str:
        intent, now = new_intent(), self._clock()
        params, seconds = stored_params(body)
        with self._transaction("recording a create before sending it") as cur:
            cur.execute(
                "INSERT INTO jobs (id, intent, base_url, created_at, updated_at, status, params,"
                " video_seconds, label) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
                (intent, intent, base_url, now, now, CREATING, params, seconds, label),
            )
            self._take_lease(cur, intent, owner, now + ttl)
        return intent

    def created(self, intent: str, generation_id: str, status: str) -> None:
        self._settle(intent, status, None, generation_id)

    def outcome_unknown(self, intent: str, reason: str, generation_id: str | None = None) -> None:
        self._settle(intent, UNKNOWN, reason, generation_id)

    def _settle(
        self, intent: str, status: str, error: str | None, generation_id: str | None
    ) -> None:
        """The create's outcome: the row takes the id (merged into an existing row of that id),
        the status and an event; the intent's lease goes."""
        now = self._clock()
        with self._transaction("recording the outcome of a create") as cur:
            cur.execute("SELECT id FROM jobs WHERE intent = %s FOR UPDATE", (intent,))
            row = cur.fetchone()
            if row is None:
                raise JournalError(self.location, f"no create {intent} in it", "report a bug")
            job_id = generation_id or row[0]
            if job_id != row[0]:
                _adopt(cur, intent, row[0], job_id)
            cur.execute(
                "UPDATE jobs SET status = %s, error = COALESCE(%s, error), updated_at = %s"
                " WHERE id = %s",
                (status, error, now, job_id),
            )
            self._event(cur, job_id, now, status)
            cur.execute("DELETE FROM leases WHERE key = %s", (intent,))

    def discard(self, intent: str) -> None:
        with self._transaction("removing a create that made nothing") as cur:
            cur.execute("DELETE FROM jobs WHERE id = %s AND intent = %s", (intent, intent))
            cur.execute("DELETE FROM events WHERE job_id = %s", (intent,))
            cur.execute("DELETE FROM leases WHERE key = %s", (intent,))

    # leases ----------------------------------------------------------------------------------
    def _take_lease(self, cur: psycopg.Cursor[Any], key: str, owner: str, expires: float) -> None:
        cur.execute(
            "INSERT INTO leases (key, owner, expires) VALUES (%s, %s, %s)"
            " ON CONFLICT (key) DO UPDATE SET owner = EXCLUDED.owner, expires = EXCLUDED.expires",
            (key, owner, expires),
        )

    def claim(self, key: str, owner: str, ttl: float = DEFAULT_LEASE_SECONDS) -> bool:
        now = self._clock()
        with self._transaction("claiming a lease") as cur:
            cur.execute(
                "INSERT INTO leases (key, owner, expires) VALUES (%s, %s, %s)"
                " ON CONFLICT (key) DO NOTHING",
                (key, owner, now + ttl),
            )
            if cur.rowcount == 1:
                return True
            cur.execute("SELECT owner, expires FROM leases WHERE key = %s FOR UPDATE", (key,))
            row = cur.fetchone()
            if row is not None and row[0] != owner and not lease_is_stale(row[0], row[1], now):
                return False
            self._take_lease(cur, key, owner, now + ttl)
            return True

    def renew(self, key: str, owner: str, ttl: float = DEFAULT_LEASE_SECONDS) -> bool:
        with self._transaction("renewing a lease") as cur:
            cur.execute(
                "UPDATE leases SET expires = %s WHERE key = %s AND owner = %s",
                (self._clock() + ttl, key, owner),
            )
            return cur.rowcount == 1

    def renew_all(self, owner: str, ttl: float = DEFAULT_LEASE_SECONDS) -> int:
        """Extend every lease `owner` holds (a worker's heartbeat); how many."""
        with self._transaction("renewing leases") as cur:
            cur.execute(
                "UPDATE leases SET expires = %s WHERE owner = %s", (self._clock() + ttl, owner)
            )
            return cur.rowcount

    def release(self, key: str, owner: str) -> None:
        with self._transaction("releasing a lease") as cur:
            cur.execute("DELETE FROM leases WHERE key = %s AND owner = %s", (key, owner))

    def holder(self, key: str) -> str | None:
        with self._transaction("reading a lease") as cur:
            cur.execute("SELECT owner, expires FROM leases WHERE key = %s", (key,))
            row = cur.fetchone()
        if row is None or lease_is_stale(row[0], row[1], self._clock()):
            return None
        return str(row[0])

    # jobs ------------------------------------------------------------------------------------
    def _event(self, cur: psycopg.Cursor[Any], job_id: str, at: float, status: str) -> None:
        cur.execute(
            "INSERT INTO events (job_id, at, status) VALUES (%s, %s, %s)", (job_id, at, status)
        )

    def record_status(
        self,
        job_id: str,
        status: str,
        video_url: str | None = None,
        error: str | None = None,
        *,
        completed_at: float | None = None,
    ) -> None:
        now = self._clock()
        with self._transaction("recording a status") as cur:
            cur.execute(
                "SELECT status, video_url, error, completed_at FROM jobs WHERE id = %s FOR UPDATE",
                (job_id,),
            )
            row = cur.fetchone()
            if row is None or nothing_new(tuple(row), status, video_url, error):
                return
            if row[0] != status:
                self._event(cur, job_id, now, status)
            cur.execute(
                "UPDATE jobs SET status = %s, updated_at = %s, video_url = COALESCE(%s, video_url),"
                " error = COALESCE(%s, error), completed_at = CASE WHEN %s = 'completed'"
                " THEN COALESCE(completed_at, %s) ELSE completed_at END WHERE id = %s",
                (
                    status,
                    now,
                    video_url,
                    error,
                    status,
                    now if completed_at is None else completed_at,
                    job_id,
                ),
            )

    def set_output(self, job_id: str, path: Path) -> None:
        with self._transaction("recording an output path") as cur:
            cur.execute(
                "UPDATE jobs SET output_path = %s WHERE id = %s AND downloaded_at IS NULL",
                (str(path), job_id),
            )

    def record_download(self, job_id: str, path: Path, size: int, sha256: str) -> None:
        with self._transaction("recording a download") as cur:
            cur.execute(
                "UPDATE jobs SET output_path = %s, downloaded_at = %s, file_size = %s,"
                " file_sha256 = %s WHERE id = %s",
                (str(path), self._clock(), size, sha256, job_id),
            )

    def _job(self, row: Sequence[Any], now: float) -> Job:
        values = dict(zip(JOB_FIELDS, row[:16], strict=True))
        intent_owner, intent_expires, job_owner, job_expires = row[16:]
        values["status"] = effective_status(values["status"], intent_owner, intent_expires, now)
        values["params"] = json.loads(values["params"])
        live = [
            owner
            for owner, expires in ((intent_owner, intent_expires), (job_owner, job_expires))
            if not lease_is_stale(owner, expires, now)
        ]
        return Job(**values, claimed_by=live[0] if live else None)

    def _select(self, where: str, args: Sequence[Any], action: str) -> list[Job]:
        with self._transaction(action) as cur:
            cur.execute(f"{JOB_SELECT}{where}", args)
            rows = cur.fetchall()
        now = self._clock()
        return [self._job(row, now) for row in rows]

    def get(self, job_id: str) -> Job | None:
        found = self._select(" WHERE j.id = %s", (job_id,), "reading a job")
        return found[0] if found else None

    def jobs(self, *, unfinished_only: bool = False, label: str | None = None) -> list[Job]:
        where: list[str] = ["TRUE"]
        args: list[Any] = []
        if unfinished_only:
            where.append("j.downloaded_at IS NULL AND j.status <> ALL(%s)")
            args.append(sorted(FAILED))
        if label is not None:
            where.append("j.label = %s")
            args.append(label)
        clause = f" WHERE {' AND '.join(where)} ORDER BY j.created_at, j.id"
        return self._select(clause, args, "listing jobs")

    def history(self, job_id: str) -> list[tuple[float, str]]:
        with self._transaction("reading a job's history") as cur:
            cur.execute(
                "SELECT at, status FROM events WHERE job_id = %s ORDER BY at, seq", (job_id,)
            )
            return [(float(at), str(status)) for at, status in cur.fetchall()]

    def completion_times(self, base_url: str, video_seconds: int, limit: int = 50) -> list[float]:
        with self._transaction("reading completion times") as cur:
            cur.execute(
                "SELECT completed_at - created_at FROM jobs WHERE base_url = %s"
                " AND video_seconds = %s AND completed_at IS NOT NULL"
                " ORDER BY completed_at DESC LIMIT %s",
                (base_url, video_seconds, limit),
            )
            return [float(took) for (took,) in cur.fetchall()]

    # the shared rate limit (ratelimit.py) ----------------------------------------------------
    def bucket_step(self, name: str, step: Step) -> float:
        with self._transaction("pacing a request") as cur:
            cur.execute(
                "INSERT INTO rate_buckets (name, tokens, updated) VALUES (%s, 0, 0)"
                " ON CONFLICT (name) DO NOTHING RETURNING name",
                (name,),
            )
            fresh = cur.fetchone() is not None
            cur.execute(
                "SELECT tokens, updated FROM rate_buckets WHERE name = %s FOR UPDATE", (name,)
            )
            tokens, updated = cur.fetchone() or (0.0, 0.0)
            state, result = step(None if fresh else Bucket(tokens, updated), self._clock())
            cur.execute(
                "UPDATE rate_buckets SET tokens = %s, updated = %s WHERE name = %s",
                (state.tokens, state.updated, name),
            )
            return result

    # the batch queue (queue.py, fleet.py) ----------------------------------------------------
    def enqueue(self, batch: str, rows: Sequence[QueuedRow], reopen: frozenset[str]) -> int:
        """Add the rows not queued yet; reopen those whose outcome is in `reopen`. How many
        were added."""
        now = self._clock()
        with self._transaction("queueing a batch") as cur:
            cur.executemany(
                "INSERT INTO batch_rows (batch, key, number, output, updated)"
                " VALUES (%s, %s, %s, %s, %s) ON CONFLICT (batch, key) DO NOTHING",
                [(batch, row.key, row.number, row.output, now) for row in rows],
            )
            cur.execute("SELECT count(*) FROM batch_rows WHERE batch = %s", (batch,))
            total = int((cur.fetchone() or (0,))[0])
            cur.execute(
                "UPDATE batch_rows SET outcome = NULL, updated = %s"
                " WHERE batch = %s AND outcome = ANY(%s)",
                (now, batch, sorted(reopen)),
            )
        return total

    def claim_rows(self, batch: str, owner: str, limit: int, ttl: float) -> list[str]:
        """Up to `limit` open rows no live worker holds, in file order, each now under the
        lease `row:<key>` of `owner`. Rows another claimer has locked are skipped, not waited
        for (FOR UPDATE SKIP LOCKED)."""
        now = self._clock()
        with self._transaction("claiming batch rows") as cur:
            # Rows under a live lease elsewhere are left out here; a lease of this host may
            # belong to a dead process (see lease_is_stale), so those are looked at.
            cur.execute(
                "SELECT r.key, l.owner, l.expires FROM batch_rows r"
                " LEFT JOIN leases l ON l.key = 'row:' || r.key"
                " WHERE r.batch = %s AND r.outcome IS NULL"
                " AND (l.owner IS NULL OR l.expires <= %s OR l.owner LIKE %s)"
                " ORDER BY r.number LIMIT %s",
                (batch, now, f"{socket.gethostname()}:%", limit * 4 + LOCAL_SLACK),
            )
            candidates = [
                key for key, who, until in cur.fetchall() if claimable(who, until, owner, now)
            ]
            if not candidates:
                return []
            cur.execute(
                "SELECT key FROM batch_rows WHERE batch = %s AND key = ANY(%s) AND outcome IS NULL"
                " ORDER BY number LIMIT %s FOR UPDATE SKIP LOCKED",
                (batch, candidates[: limit * 4], limit),
            )
            locked = [key for (key,) in cur.fetchall()]
            taken = []
            for key in locked:  # re-read under the row lock: a claim may have committed meanwhile
                cur.execute(
                    "SELECT owner, expires FROM leases WHERE key = %s FOR UPDATE", (row_lease(key),)
                )
                lease = cur.fetchone()
                if lease is None or claimable(lease[0], lease[1], owner, now):
                    self._take_lease(cur, row_lease(key), owner, now + ttl)
                    cur.execute(
                        "UPDATE batch_rows SET worker = %s, updated = %s WHERE batch = %s AND key = %s",
                        (owner, now, batch, key),
                    )
                    taken.append(key)
            return taken

    def finish_row(self, batch: str, key: str, owner: str, outcome: str, path: str | None) -> None:
        """The row's outcome in this run, who reached it and where its file landed; its lease goes."""
        with self._transaction("finishing a batch row") as cur:
            cur.execute(
                "UPDATE batch_rows SET outcome = %s, worker = %s, path = COALESCE(%s, path),"
                " updated = %s WHERE batch = %s AND key = %s",
                (outcome, owner, path, self._clock(), batch, key),
            )
            cur.execute("DELETE FROM leases WHERE key = %s AND owner = %s", (row_lease(key), owner))

    def batch_rows(self, batch: str | None = None) -> list[RowState]:
        """Every queued row (of one batch, or all), in file order, with its live lease holder."""
        with self._transaction("reading batch rows") as cur:
            cur.execute(
                "SELECT r.batch, r.key, r.number, r.output, r.outcome, r.worker, r.path, r.updated,"
                " l.owner, l.expires FROM batch_rows r LEFT JOIN leases l ON l.key = 'row:' || r.key"
                " WHERE %s::text IS NULL OR r.batch = %s ORDER BY r.batch, r.number",
                (batch, batch),
            )
            rows = cur.fetchall()
        now = self._clock()
        return [_row_state(row, now) for row in rows]


def _row_state(row: Sequence[Any], now: float) -> RowState:
    batch, key, number, output, outcome, worker, path, updated, owner, expires = row
    holder = None if lease_is_stale(owner, expires, now) else owner
    return RowState(batch, key, number, output, outcome, worker, path, updated, holder)


def _adopt(cur: psycopg.Cursor[Any], intent: str, old_id: str, new_id: str) -> None:
    """Give the intent row its generation id; if a row with that id exists, merge into it."""
    cur.execute("SELECT 1 FROM jobs WHERE id = %s FOR UPDATE", (new_id,))
    if cur.fetchone() is None:
        cur.execute("UPDATE jobs SET id = %s WHERE id = %s", (new_id, old_id))
    else:
        cur.execute(
            "UPDATE jobs g SET label = COALESCE(g.label, i.label),"
            " output_path = COALESCE(g.output_path, i.output_path)"
            " FROM jobs i WHERE g.id = %s AND i.id = %s",
            (new_id, old_id),
        )
        cur.execute("DELETE FROM jobs WHERE id = %s", (old_id,))
        cur.execute("UPDATE jobs SET intent = COALESCE(intent, %s) WHERE id = %s", (intent, new_id))
    cur.execute("UPDATE events SET job_id = %s WHERE job_id = %s", (new_id, old_id))


def open_store(url: str, clock: Callable[[], float] = time.time) -> PostgresJournal:
    """What `open_journal` calls for a postgresql:// URL."""
    return PostgresJournal(url, clock)
