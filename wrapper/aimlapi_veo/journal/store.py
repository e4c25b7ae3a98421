"""The ledger's rules, written once: `JournalStore` runs them over a `Dialect` (sqlite.py for one
machine, postgres.py for a fleet), which says only what differs between the two databases:
how to connect and begin a transaction, its placeholder, its clock, its row locks, where the
schema version lives. The SQL is the same for both (upserts, RETURNING and `||` are common).

Each method is one short transaction, safe from several threads, processes and machines at
once. Every time a lease is compared with comes from the database's clock in that transaction
(see base.py), never from a worker's. Every failure of the database leaves as JournalError
naming the journal (never a password).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from aimlapi_veo.errors import JournalError, LeaseLostError
from aimlapi_veo.generation import FAILED, SUCCEEDED
from aimlapi_veo.journal.base import (
    CREATING,
    NOT_RECEIVED,
    SCHEMA_VERSION,
    UNKNOWN,
    Job,
    Lease,
    effective_status,
    lease_is_stale,
    lease_seconds,
    new_intent,
    new_owner,
    nothing_new,
    stored_params,
)
from aimlapi_veo.journal.bucket import Bucket, Step
from aimlapi_veo.journal.queue import QueuedRow, RowState, row_lease

Cursor = Any  # a DB-API cursor: sqlite3's or psycopg's


class Dialect(Protocol):
    """What differs between the databases; everything else is the store's."""

    location: str  # the file, or the URL without its password
    for_update: str  # the row lock a read-modify-write takes ("" where a write locks the file)
    skip_locked: str  # the same, skipping rows another claimer holds
    event_seq: str  # the column that orders events written in the same instant
    insertion: str  # what orders jobs created in the same instant (SQLite's rowid)
    migrates_on_open: bool  # an older schema is upgraded when opened (one machine: no one
    #                         else can still run the older version against it)

    def connect(self) -> None: ...
    def close(self) -> None: ...
    def clock(self) -> float: ...  # the database's time (reconnecting once if the link died)
    def transaction(self, *, write: bool) -> AbstractContextManager[Cursor]: ...
    def sql(self, text: str) -> str: ...
    def version(self, cur: Cursor) -> int: ...  # 0: no journal yet; -1: not a journal
    def set_version(self, cur: Cursor, version: int) -> None: ...
    def error(self, exc: BaseException) -> JournalError | None: ...  # None: not the database's


# Each version's statements, applied in order to a journal of an older version; a table made
# or a column added already (a 0.1 SQLite file, a half-upgraded one) is skipped.
MIGRATIONS: dict[int, tuple[str, ...]] = {
    2: (
        """CREATE TABLE IF NOT EXISTS jobs (id TEXT PRIMARY KEY, base_url TEXT NOT NULL,
        created_at DOUBLE PRECISION NOT NULL, updated_at DOUBLE PRECISION NOT NULL,
        status TEXT NOT NULL, params TEXT NOT NULL, video_seconds INTEGER NOT NULL, label TEXT,
        video_url TEXT, output_path TEXT, completed_at DOUBLE PRECISION,
        downloaded_at DOUBLE PRECISION, error TEXT)""",
        "CREATE TABLE IF NOT EXISTS events (job_id TEXT NOT NULL,"
        " at DOUBLE PRECISION NOT NULL, status TEXT NOT NULL{event_seq})",
        "ALTER TABLE jobs ADD COLUMN intent TEXT",
        "ALTER TABLE jobs ADD COLUMN file_size BIGINT",
        "ALTER TABLE jobs ADD COLUMN file_sha256 TEXT",
        "CREATE UNIQUE INDEX IF NOT EXISTS jobs_intent ON jobs (intent)",
        "CREATE INDEX IF NOT EXISTS jobs_label ON jobs (label)",
        "CREATE INDEX IF NOT EXISTS events_job ON events (job_id)",
        "CREATE TABLE IF NOT EXISTS leases (key TEXT PRIMARY KEY, owner TEXT NOT NULL,"
        " expires DOUBLE PRECISION NOT NULL)",
    ),
    3: (
        "ALTER TABLE leases ADD COLUMN token BIGINT NOT NULL DEFAULT 0",
        "ALTER TABLE jobs ADD COLUMN model TEXT",
        "ALTER TABLE jobs ADD COLUMN client_request_id TEXT",
        "ALTER TABLE jobs ADD COLUMN inference_id TEXT",
        "ALTER TABLE jobs ADD COLUMN credits_used BIGINT",
        "ALTER TABLE jobs ADD COLUMN usd_spent DOUBLE PRECISION",
        "CREATE INDEX IF NOT EXISTS jobs_completed ON jobs (base_url, video_seconds, completed_at)",
        "CREATE INDEX IF NOT EXISTS jobs_model ON jobs (model, video_seconds, completed_at)",
        "CREATE INDEX IF NOT EXISTS jobs_client_request ON jobs (client_request_id)",
        "CREATE TABLE IF NOT EXISTS rate_buckets (name TEXT PRIMARY KEY,"
        " tokens DOUBLE PRECISION NOT NULL, updated DOUBLE PRECISION NOT NULL)",
        """CREATE TABLE IF NOT EXISTS batch_rows (batch TEXT NOT NULL, key TEXT NOT NULL,
        number INTEGER NOT NULL, output TEXT NOT NULL, outcome TEXT, worker TEXT, path TEXT,
        updated DOUBLE PRECISION NOT NULL, PRIMARY KEY (batch, key))""",
    ),
}
assert max(MIGRATIONS) == SCHEMA_VERSION, "a schema version without its migration"
OUR_TABLES = frozenset({"jobs", "events", "leases", "rate_buckets", "batch_rows", "meta"})
JOB_FIELDS = (
    "id", "base_url", "created_at", "updated_at", "status", "params", "video_seconds", "label",
    "video_url", "output_path", "completed_at", "downloaded_at", "error", "intent", "file_size",
    "file_sha256", "model", "client_request_id", "inference_id", "credits_used", "usd_spent",
)  # fmt: skip
JOB_SELECT = (
    "SELECT " + ", ".join(f"j.{name}" for name in JOB_FIELDS) + ","
    " li.owner, li.expires, lj.owner, lj.expires FROM jobs j"
    " LEFT JOIN leases li ON li.key = j.intent LEFT JOIN leases lj ON lj.key = 'job:' || j.id"
)
ANSWER_FIELDS = frozenset({"video_url", "inference_id", "credits_used", "usd_spent"})
SETTLED = sorted(FAILED | {NOT_RECEIVED})  # nothing left to do for these, short of a new create
CLAIM_SLACK = 256  # candidates looked at beyond 4 per free slot (rows live workers here hold)


@dataclass
class Tx:
    """One transaction: its cursor, the dialect's placeholders, and the database's `now`."""

    cur: Cursor
    sql: Callable[[str], str]
    now: float

    def run(self, text: str, args: Sequence[Any] = ()) -> Cursor:
        self.cur.execute(self.sql(text), tuple(args))
        return self.cur

    def one(self, text: str, args: Sequence[Any] = ()) -> Any:
        return self.run(text, args).fetchone()

    def all(self, text: str, args: Sequence[Any] = ()) -> list[Any]:
        return list(self.run(text, args).fetchall())


class _RollbackError(Exception):
    """Raised inside a transaction to undo it (a probe's write)."""


def _marks(values: Sequence[Any]) -> str:
    return ", ".join("?" for _ in values)


class JournalStore:
    """The journal; see base.py for the model. `clock` replaces the database's clock (tests
    only: a worker's clock must never decide who owns a row)."""

    def __init__(
        self, dialect: Dialect, clock: Callable[[], float] | None = None, *, migrate: bool = False
    ) -> None:
        self.dialect, self.location = dialect, dialect.location
        self._clock = clock
        self._lock = threading.RLock()
        self.found_version = 0  # the schema version found when opening (0: none yet)
        with self._guard():
            dialect.connect()
        try:
            self._prepare(migrate=migrate or dialect.migrates_on_open)
        except BaseException:
            self.close()
            raise

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.location!r})"

    def close(self) -> None:
        with self._lock:
            self.dialect.close()

    # transactions ----------------------------------------------------------------------------
    @contextmanager
    def _guard(self) -> Iterator[None]:
        try:
            yield
        except JournalError:
            raise
        except Exception as exc:
            mapped = self.dialect.error(exc)
            if mapped is None:
                raise
            raise mapped from None

    @contextmanager
    def _tx(self, *, write: bool = True) -> Iterator[Tx]:
        with self._lock, self._guard():
            now = self._clock() if self._clock else self.dialect.clock()
            with self.dialect.transaction(write=write) as cur:
                yield Tx(cur, self.dialect.sql, now)

    # schema ----------------------------------------------------------------------------------
    def _prepare(self, *, migrate: bool) -> None:
        """Check the schema's version; create or upgrade it when allowed (a read first: a
        read-only journal of this version opens without a write)."""
        with self._tx(write=False) as tx:
            self.found_version = version = self.dialect.version(tx.cur)
        if 0 <= version < SCHEMA_VERSION and (migrate or version == 0):
            with self._tx() as tx:
                version = self.dialect.version(tx.cur)  # again, under the lock: another
                for step in (v for v in sorted(MIGRATIONS) if v > max(version, 0)):  # process
                    for statement in MIGRATIONS[step]:  # may have upgraded it meanwhile
                        self._apply(tx, statement.format(event_seq=self.dialect.event_seq))
                if 0 <= version < SCHEMA_VERSION:
                    self.dialect.set_version(tx.cur, SCHEMA_VERSION)
                    version = SCHEMA_VERSION
        self._refuse(version)

    def _apply(self, tx: Tx, statement: str) -> None:
        words = statement.split()
        if words[:2] == ["ALTER", "TABLE"]:  # ADD COLUMN, unless a half-upgraded file has it
            tx.run(f"SELECT * FROM {words[2]} WHERE 1 = 0")
            if words[5] in {column[0] for column in tx.cur.description}:
                return
        tx.run(statement)

    def _refuse(self, version: int) -> None:
        if version == SCHEMA_VERSION:
            return
        if version < 0:
            problem = "it holds tables of another program, not an aimlapi-veo journal"
            fix = "pass another --journal (or another database)"
        elif version > SCHEMA_VERSION:
            problem = f"its schema version {version} is newer than this client's {SCHEMA_VERSION}"
            fix = "upgrade aimlapi-veo here (every worker sharing a journal runs one version)"
        else:
            problem = f"its schema version {version} is older than this client's {SCHEMA_VERSION}"
            fix = "stop the older workers, then run `veo journal migrate` once"
        raise JournalError(self.location, problem, fix)

    def schema_version(self) -> int:
        with self._tx(write=False) as tx:
            return self.dialect.version(tx.cur)

    def check_writable(self) -> None:
        """Prove, before a paid request, that the journal takes writes now (JournalError if not):
        a real write, rolled back."""

        try:
            with self._tx() as tx:
                tx.run("INSERT INTO rate_buckets (name, tokens, updated) VALUES ('', 0, 0)"
                       " ON CONFLICT (name) DO NOTHING")  # fmt: skip
                raise _RollbackError  # noqa: TRY301 (the probe's way out)
        except _RollbackError:
            pass

    # leases ----------------------------------------------------------------------------------
    def _take(self, tx: Tx, key: str, owner: str, ttl: float) -> Lease | None:
        tx.run("INSERT INTO leases (key, owner, expires, token) VALUES (?, '', 0, 0)"
               " ON CONFLICT (key) DO NOTHING", (key,))  # fmt: skip
        held_by, expires, token = tx.one(
            f"SELECT owner, expires, token FROM leases WHERE key = ?{self.dialect.for_update}",
            (key,),
        )
        if held_by != owner:
            if not lease_is_stale(held_by, expires, tx.now):
                return None
            token += 1  # a takeover (or a first claim): the former owner's writes now fail
        tx.run(
            "UPDATE leases SET owner = ?, expires = ?, token = ? WHERE key = ?",
            (owner, tx.now + ttl, token, key),
        )
        return Lease(key, owner, int(token), ttl)

    def _fence(self, tx: Tx, lease: Lease | None) -> None:
        """Still ours (same owner, same token)? Then extend it; else LeaseLostError."""
        if lease is None:
            return
        cur = tx.run(
            "UPDATE leases SET expires = CASE WHEN expires > ? THEN expires ELSE ? END"
            " WHERE key = ? AND owner = ? AND token = ?",
            (tx.now + lease.ttl, tx.now + lease.ttl, lease.key, lease.owner, lease.token),
        )
        if cur.rowcount != 1:
            row = tx.one("SELECT owner, expires FROM leases WHERE key = ?", (lease.key,))
            raise LeaseLostError(lease.key, row[0] if row and row[0] else None)

    def claim(self, key: str, owner: str, ttl: float | None = None) -> Lease | None:
        """Take the lease `key`: a Lease if it was free, stale or already `owner`'s (renewed,
        same token); None while another live owner holds it."""
        with self._tx() as tx:
            return self._take(tx, key, owner, ttl or lease_seconds())

    def check(self, lease: Lease) -> None:
        """LeaseLostError unless `lease` is still ours (and then it is extended)."""
        with self._tx() as tx:
            self._fence(tx, lease)

    def release(self, key: str, owner: str) -> None:
        """Drop the lease if `owner` holds it (its token stays: the next claim grows it)."""
        with self._tx() as tx:
            tx.run("UPDATE leases SET owner = '', expires = 0 WHERE key = ? AND owner = ?",
                   (key, owner))  # fmt: skip

    def holder(self, key: str) -> str | None:
        """The live owner of `key`, or None when it is free or stale."""
        with self._tx(write=False) as tx:
            row = tx.one("SELECT owner, expires FROM leases WHERE key = ?", (key,))
        return None if row is None or lease_is_stale(row[0], row[1], tx.now) else str(row[0])

    # write-ahead intent ----------------------------------------------------------------------
    def begin_create(
        self,
        base_url: str,
        body: Mapping[str, Any],
        *,
        label: str | None,
        owner: str,
        ttl: float | None = None,
        fence: Lease | None = None,
        client_request_id: str | None = None,
        output: Path | None = None,
    ) -> str:
        """Record a create about to be sent, in one transaction with the check (and renewal) of
        `fence`, the lease the create is made for: a worker that lost it sends nothing
        (LeaseLostError). Returns the intent id; the row is "creating" under the lease (key =
        intent id) of `owner`. `client_request_id` defaults to the intent id: the id the create
        is sent with as X-Client-Request-Id (reconcile.py finds it by that). `output`: where the
        video is to go, so that a create whose answer is lost and later reconciled is saved
        there. If this raises, send nothing."""
        intent = new_intent()
        params, seconds = stored_params(body)
        with self._tx() as tx:
            self._fence(tx, fence)
            tx.run(
                "INSERT INTO jobs (id, intent, base_url, created_at, updated_at, status, params,"
                " video_seconds, label, model, client_request_id, output_path)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (intent, intent, base_url, tx.now, tx.now, CREATING, params, seconds, label,
                 body.get("model"), client_request_id or intent, output and str(output)),
            )  # fmt: skip
            self._take(tx, intent, owner, ttl or lease_seconds())
        return intent

    def created(
        self, intent: str, generation_id: str, status: str, **answer: str | float | None
    ) -> None:
        """The create's answer carried `generation_id`: the row takes it, the status and an
        event; the intent's lease goes. A row of that id already there absorbs the intent row.
        `answer`: what else it said (video_url, error, inference_id, credits_used, usd_spent;
        None keeps what is stored), in the same transaction. Also an unknown create that the
        API's usage log shows made `generation_id`. Not fenced: a paid id is a fact to keep,
        whoever holds the row now."""
        self._settle(intent, status, answer.pop("error", None), generation_id, **answer)

    def outcome_unknown(self, intent: str, reason: str, generation_id: str | None = None) -> None:
        """The create may have created (and charged) a job: status "unknown", `error` = reason."""
        self._settle(intent, UNKNOWN, reason, generation_id)

    def mark_not_received(self, intent: str, reason: str) -> None:
        """The API's logs prove this create never arrived: nothing was made or charged, and a
        batch may create the row again. Only an intent without a generation id is changed."""
        with self._tx() as tx:
            cur = tx.run(
                "UPDATE jobs SET status = ?, error = ?, updated_at = ? WHERE intent = ? AND id = ?",
                (NOT_RECEIVED, reason, tx.now, intent, intent),
            )
            if cur.rowcount == 1:
                self._event(tx, intent, NOT_RECEIVED)
                tx.run("DELETE FROM leases WHERE key = ?", (intent,))

    def _settle(
        self,
        intent: str,
        status: str,
        error: Any,
        generation_id: str | None,
        **answer: str | float | None,
    ) -> None:
        unknown = set(answer) - ANSWER_FIELDS
        if unknown:
            raise TypeError(f"not a field of an answer: {sorted(unknown)}")
        with self._tx() as tx:
            row = tx.one(
                f"SELECT id FROM jobs WHERE intent = ?{self.dialect.for_update}", (intent,)
            )
            if row is None:
                raise JournalError(self.location, f"no create {intent} in it", "report a bug")
            job_id = generation_id or row[0]
            if job_id != row[0]:
                self._adopt(tx, intent, row[0], job_id)
            fields = {"error": error, **answer}
            tx.run(
                "UPDATE jobs SET status = ?, updated_at = ?, "
                + "".join(f"{name} = COALESCE(?, {name}), " for name in fields)
                + "completed_at = CASE WHEN ? = 1 THEN COALESCE(completed_at, ?)"
                " ELSE completed_at END WHERE id = ?",
                (status, tx.now, *fields.values(), int(status in SUCCEEDED), tx.now, job_id),
            )
            self._event(tx, job_id, status)
            tx.run("DELETE FROM leases WHERE key = ?", (intent,))

    def _adopt(self, tx: Tx, intent: str, old_id: str, new_id: str) -> None:
        """Give the intent row its generation id; if a row with that id exists, merge into it."""
        if tx.one(f"SELECT id FROM jobs WHERE id = ?{self.dialect.for_update}", (new_id,)) is None:
            tx.run("UPDATE jobs SET id = ? WHERE id = ?", (new_id, old_id))
        else:
            label, output = tx.one("SELECT label, output_path FROM jobs WHERE id = ?", (old_id,))
            tx.run("DELETE FROM jobs WHERE id = ?", (old_id,))
            tx.run(
                "UPDATE jobs SET label = COALESCE(label, ?), output_path = COALESCE(output_path,"
                " ?), intent = COALESCE(intent, ?) WHERE id = ?",
                (label, output, intent, new_id),
            )
        tx.run("UPDATE events SET job_id = ? WHERE job_id = ?", (new_id, old_id))

    def discard(self, intent: str) -> None:
        """The answer proved nothing was created: the row and its lease go."""
        with self._tx() as tx:
            tx.run("DELETE FROM events WHERE job_id = ?", (intent,))
            tx.run("DELETE FROM jobs WHERE intent = ? AND id = ?", (intent, intent))
            tx.run("DELETE FROM leases WHERE key = ?", (intent,))

    def record_trace(
        self,
        job_id: str,
        *,
        inference_id: str | None = None,
        credits_used: int | None = None,
        usd_spent: float | None = None,
    ) -> None:
        """What an answer said about a create (its ids, its cost); None keeps what is stored.
        `job_id` is the generation id or the intent id."""
        with self._tx() as tx:
            tx.run(
                "UPDATE jobs SET inference_id = COALESCE(?, inference_id), credits_used ="
                " COALESCE(?, credits_used), usd_spent = COALESCE(?, usd_spent)"
                " WHERE id = ? OR intent = ?",
                (inference_id, credits_used, usd_spent, job_id, job_id),
            )

    # jobs ------------------------------------------------------------------------------------
    def _event(self, tx: Tx, job_id: str, status: str) -> None:
        tx.run("INSERT INTO events (job_id, at, status) VALUES (?, ?, ?)", (job_id, tx.now, status))

    def record_status(
        self,
        job_id: str,
        status: str,
        video_url: str | None = None,
        error: str | None = None,
        *,
        completed_at: float | None = None,
    ) -> None:
        """A status seen in an answer: a change adds an event; a completion stamps completed_at
        once (`completed_at` when the caller knows better than now, e.g. the midpoint between
        the last fetch in progress and the first completed one). An answer adding nothing
        (`nothing_new`) writes nothing; unknown ids are ignored."""
        query = "SELECT status, video_url, error, completed_at FROM jobs WHERE id = ?"
        if status not in SUCCEEDED | FAILED:  # most polls see what is stored: no write at all
            with self._tx(write=False) as tx:
                row = tx.one(query, (job_id,))
            if row is None or nothing_new(tuple(row), status, video_url, error):
                return
        with self._tx() as tx:
            row = tx.one(query + self.dialect.for_update, (job_id,))
            if row is None or nothing_new(tuple(row), status, video_url, error):
                return
            if row[0] != status:
                self._event(tx, job_id, status)
            done = completed_at if completed_at is not None else tx.now
            tx.run(
                "UPDATE jobs SET status = ?, updated_at = ?, video_url = COALESCE(?, video_url),"
                " error = COALESCE(?, error), completed_at = CASE WHEN ? = 1 THEN"
                " COALESCE(completed_at, ?) ELSE completed_at END WHERE id = ?",
                (status, tx.now, video_url, error, int(status in SUCCEEDED), done, job_id),
            )

    def set_output(self, job_id: str, path: Path, fence: Lease | None = None) -> None:
        """Where the video should go (not after it is saved), for the holder of `fence`."""
        with self._tx() as tx:
            self._fence(tx, fence)
            tx.run("UPDATE jobs SET output_path = ? WHERE id = ? AND downloaded_at IS NULL",
                   (str(path), job_id))  # fmt: skip

    def record_download(
        self, job_id: str, path: Path, size: int, sha256: str, fence: Lease | None = None
    ) -> None:
        """The video is saved at `path` with this size and digest, by the holder of `fence`."""
        with self._tx() as tx:
            self._fence(tx, fence)
            tx.run(
                "UPDATE jobs SET output_path = ?, downloaded_at = ?, file_size = ?,"
                " file_sha256 = ? WHERE id = ?",
                (str(path), tx.now, size, sha256, job_id),
            )

    def _jobs(self, where: str, args: Sequence[Any]) -> list[Job]:
        with self._tx(write=False) as tx:
            rows = tx.all(f"{JOB_SELECT}{where}", args)
        return [self._job(row, tx.now) for row in rows]

    def _job(self, row: Sequence[Any], now: float) -> Job:
        values = dict(zip(JOB_FIELDS, row[: len(JOB_FIELDS)], strict=True))
        intent_owner, intent_expires, job_owner, job_expires = row[len(JOB_FIELDS) :]
        values["status"] = effective_status(values["status"], intent_owner, intent_expires, now)
        values["params"] = json.loads(values["params"])
        held = values["status"] == CREATING  # its owner lives, or its lease is unexpired
        live = [intent_owner] if held else []
        live += [job_owner] if not lease_is_stale(job_owner, job_expires, now) else []
        return Job(**values, claimed_by=live[0] if live else None)

    def get(self, job_id: str) -> Job | None:
        found = self._jobs(" WHERE j.id = ?", (job_id,))
        return found[0] if found else None

    def jobs(self, *, unfinished_only: bool = False, label: str | None = None) -> list[Job]:
        """Jobs in creation order. `unfinished_only` keeps those neither saved nor settled
        (failed, not received), INCLUDING creates without a known id (they need attention)."""
        where, args = ["1 = 1"], list[Any]()
        if unfinished_only:
            where.append(f"j.downloaded_at IS NULL AND j.status NOT IN ({_marks(SETTLED)})")
            args += SETTLED
        if label is not None:
            where.append("j.label = ?")
            args.append(label)
        return self._jobs(
            f" WHERE {' AND '.join(where)} ORDER BY j.created_at, {self.dialect.insertion}", args
        )

    def unfinished(self) -> list[Job]:
        """Resume's business: unfinished jobs with a known generation id (`Job.unfinished`)."""
        return [job for job in self.jobs(unfinished_only=True) if job.unfinished]

    def history(self, job_id: str) -> list[tuple[float, str]]:
        """(time, status) of every status change, oldest first."""
        order = (self.dialect.event_seq and "seq") or "rowid"
        with self._tx(write=False) as tx:
            rows = tx.all(f"SELECT at, status FROM events WHERE job_id = ? ORDER BY at, {order}",
                          (job_id,))  # fmt: skip
        return [(float(at), str(status)) for at, status in rows]

    def completion_durations(
        self, model: str | None, video_seconds: int, limit: int = 50, *, or_unknown: bool = False
    ) -> list[float]:
        """Seconds from creation to completion of the latest `limit` completed jobs of this
        model and video length (None: jobs journaled before the model was kept; `or_unknown`:
        those as well as the model's)."""
        clause = "model IS NULL" if model is None else "model = ?"
        clause = f"({clause} OR model IS NULL)" if or_unknown else clause
        return self._durations(clause, model, video_seconds, limit)

    def _durations(self, clause: str, value: Any, seconds: int, limit: int) -> list[float]:
        args = [value] if "?" in clause else []
        with self._tx(write=False) as tx:
            rows = tx.all(
                f"SELECT completed_at - created_at FROM jobs WHERE {clause} AND video_seconds = ?"
                " AND completed_at IS NOT NULL ORDER BY completed_at DESC LIMIT ?",
                [*args, seconds, limit],
            )
        return [float(took) for (took,) in rows]

    def record_created(
        self,
        job_id: str,
        base_url: str,
        body: Mapping[str, Any],
        status: str,
        label: str | None = None,
    ) -> None:
        """A job whose create answer is already known (imports, tests): intent + created."""
        intent = self.begin_create(base_url, body, label=label, owner=new_owner())
        self.created(intent, job_id, status)

    # the shared rate limit (ratelimit.py) ----------------------------------------------------
    def bucket_step(self, name: str, step: Step) -> float:
        """Lock bucket `name`, apply `step(state or None, now)`, store it; the step's number."""
        with self._tx() as tx:
            fresh = tx.one("INSERT INTO rate_buckets (name, tokens, updated) VALUES (?, 0, 0)"
                           " ON CONFLICT (name) DO NOTHING RETURNING name", (name,))  # fmt: skip
            tokens, updated = tx.one(
                f"SELECT tokens, updated FROM rate_buckets WHERE name = ?{self.dialect.for_update}",
                (name,),
            )
            state, result = step(None if fresh else Bucket(tokens, updated), tx.now)
            tx.run("UPDATE rate_buckets SET tokens = ?, updated = ? WHERE name = ?",
                   (state.tokens, state.updated, name))  # fmt: skip
        return result

    # the batch queue (queue.py, fleet.py) ----------------------------------------------------
    def enqueue(
        self,
        batch: str,
        rows: Sequence[QueuedRow],
        reopen: frozenset[str],
        keys: Sequence[str] = (),
    ) -> int:
        """Add the rows not queued yet; reopen those whose outcome is in `reopen`, and the rows
        `keys` names; how many rows the batch has."""
        with self._tx() as tx:
            tx.cur.executemany(
                tx.sql("INSERT INTO batch_rows (batch, key, number, output, updated)"
                       " VALUES (?, ?, ?, ?, ?) ON CONFLICT (batch, key) DO NOTHING"),
                [(batch, row.key, row.number, row.output, tx.now) for row in rows],
            )  # fmt: skip
            if reopen:
                tx.run(
                    "UPDATE batch_rows SET outcome = NULL, updated = ? WHERE batch = ?"
                    f" AND outcome IN ({_marks(sorted(reopen))})",
                    [tx.now, batch, *sorted(reopen)],
                )
            if keys:
                tx.run(
                    "UPDATE batch_rows SET outcome = NULL, updated = ? WHERE batch = ?"
                    f" AND key IN ({_marks(keys)})",
                    [tx.now, batch, *keys],
                )
            return int(tx.one("SELECT count(*) FROM batch_rows WHERE batch = ?", (batch,))[0])

    def claim_rows(
        self, batch: str, owner: str, limit: int, *, skip: frozenset[str] = frozenset()
    ) -> list[Lease]:
        """Up to `limit` open rows no live worker holds (and not in `skip`), in file order, each
        now under the lease `row:<key>` of `owner`. Rows another claimer has locked are skipped."""
        with self._tx() as tx:
            rows = tx.all(
                "SELECT r.key, l.owner, l.expires FROM batch_rows r LEFT JOIN leases l"
                " ON l.key = 'row:' || r.key WHERE r.batch = ? AND r.outcome IS NULL"
                " ORDER BY r.number LIMIT ?",
                (batch, limit * 4 + CLAIM_SLACK + len(skip)),
            )
            free = [
                key
                for key, who, until in rows
                if who != owner and key not in skip and lease_is_stale(who, until, tx.now)
            ]
            if not free:
                return []
            free = free[: limit * 4]
            locked = tx.all(
                f"SELECT key FROM batch_rows WHERE batch = ? AND key IN ({_marks(free)})"
                f" AND outcome IS NULL ORDER BY number LIMIT ?{self.dialect.skip_locked}",
                [batch, *free, limit],
            )
            taken = []
            for (key,) in locked:
                lease = self._take(tx, row_lease(key), owner, lease_seconds())
                if lease is not None:
                    tx.run("UPDATE batch_rows SET worker = ?, updated = ? WHERE batch = ? AND"
                           " key = ?", (owner, tx.now, batch, key))  # fmt: skip
                    taken.append(lease)
            return taken

    def finish_row(
        self, batch: str, key: str, owner: str, outcome: str, *, path: str | None,
        fence: Lease | None = None,
    ) -> None:  # fmt: skip
        """The row's outcome, who reached it and where its file landed; its lease goes."""
        with self._tx() as tx:
            self._fence(tx, fence)
            tx.run(
                "UPDATE batch_rows SET outcome = ?, worker = ?, path = COALESCE(?, path),"
                " updated = ? WHERE batch = ? AND key = ?",
                (outcome, owner, path, tx.now, batch, key),
            )
            tx.run("UPDATE leases SET owner = '', expires = 0 WHERE key = ? AND owner = ?",
                   (row_lease(key), owner))  # fmt: skip

    def batch_rows(self, batch: str | None = None) -> list[RowState]:
        """Every queued row (of one batch, or all), in file order, with its live lease holder."""
        where, args = ("WHERE r.batch = ? ", [batch]) if batch is not None else ("", [])
        with self._tx(write=False) as tx:
            rows = tx.all(
                "SELECT r.batch, r.key, r.number, r.output, r.outcome, r.worker, r.path,"
                " r.updated, l.owner, l.expires FROM batch_rows r LEFT JOIN leases l"
                f" ON l.key = 'row:' || r.key {where}ORDER BY r.batch, r.number",
                args,
            )
        return [_row_state(row, tx.now) for row in rows]


def _row_state(row: Sequence[Any], now: float) -> RowState:
    batch, key, number, output, outcome, worker, path, updated, owner, expires = row
    holder = None if lease_is_stale(owner, expires, now) else owner
    return RowState(batch, key, number, output, outcome, worker, path, updated, holder)
