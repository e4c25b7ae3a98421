"""The SQLite store: the embedded default, one file on this machine.

WAL mode and a busy timeout let threads and processes share the file; every write is one
`BEGIN IMMEDIATE` transaction, so a claim (read the lease, decide, write it) is atomic across
processes. `PRAGMA user_version` holds the schema version; a file of version 0 with the 0.1
tables is upgraded in place, anything newer or foreign is refused (JournalError) when opened.
Every sqlite3 error leaves this module as JournalError naming the file and a fix.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from aimlapi_veo.errors import JournalError
from aimlapi_veo.generation import FAILED, SUCCEEDED
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
from aimlapi_veo.journal.paths import default_path

JOBS = """
CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY,
    base_url TEXT NOT NULL,
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL,
    status TEXT NOT NULL,
    params TEXT NOT NULL,
    video_seconds INTEGER NOT NULL,
    label TEXT,
    video_url TEXT,
    output_path TEXT,
    completed_at REAL,
    downloaded_at REAL,
    error TEXT
);
CREATE INDEX IF NOT EXISTS jobs_label ON jobs(label);
CREATE TABLE IF NOT EXISTS events (
    job_id TEXT NOT NULL REFERENCES jobs(id),
    at REAL NOT NULL,
    status TEXT NOT NULL
);
"""
# Version 1 -> 2: what write-ahead intents, leases and checked downloads need.
UPGRADE_2 = """
ALTER TABLE jobs ADD COLUMN intent TEXT;
ALTER TABLE jobs ADD COLUMN file_size INTEGER;
ALTER TABLE jobs ADD COLUMN file_sha256 TEXT;
CREATE UNIQUE INDEX IF NOT EXISTS jobs_intent ON jobs(intent);
CREATE INDEX IF NOT EXISTS events_job ON events(job_id);
CREATE TABLE IF NOT EXISTS leases (
    key TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    expires REAL NOT NULL
);
"""
# Indexes added after version 2 shipped: made on open when missing (no version change, since an
# index changes no meaning). jobs_completed: every wait reads the latest completion times of
# its kind (completion_times); without it that read scans the whole table.
LATER_INDEXES = {
    "jobs_completed": "CREATE INDEX IF NOT EXISTS jobs_completed"
    " ON jobs(base_url, video_seconds, completed_at)",
}
OUR_TABLES = frozenset({"jobs", "events", "leases", "rate_buckets"})
# Made on first use of a shared rate limit (`--rate-limit`), inside that transaction.
RATE_BUCKETS = (
    "CREATE TABLE IF NOT EXISTS rate_buckets"
    " (name TEXT PRIMARY KEY, tokens REAL NOT NULL, updated REAL NOT NULL)"
)
SELECT_JOBS = (
    "SELECT jobs.*, li.owner AS intent_owner, li.expires AS intent_expires,"
    " lj.owner AS job_owner, lj.expires AS job_expires FROM jobs"
    " LEFT JOIN leases li ON li.key = jobs.intent"
    " LEFT JOIN leases lj ON lj.key = 'job:' || jobs.id"
)
FAILED_LIST = ", ".join(f"'{status}'" for status in sorted(FAILED))
UNFINISHED = f"downloaded_at IS NULL AND status NOT IN ({FAILED_LIST})"
# (words in sqlite's message, what is wrong, what to do): the journal boundary as a table.
PROBLEMS: tuple[tuple[str, str, str], ...] = (
    (
        "readonly",
        "it is read-only",
        "make the file and its folder writable, or pass another --journal",
    ),
    (
        "read-only",
        "it is read-only",
        "make the file and its folder writable, or pass another --journal",
    ),
    (
        "locked",
        "another process has held it locked for 30 s",
        "wait for it, or pass another --journal",
    ),
    (
        "not a database",
        "it is not an SQLite database",
        "move the file aside, or pass another --journal",
    ),
    ("malformed", "the file is damaged", "move the file aside (keep it: it may list paid jobs)"),
    ("unable to open", "it cannot be opened", "check the folder exists and is writable"),
    ("disk i/o", "the disk failed a write", "check free space and the file system"),
    ("full", "the disk is full", "free some space"),
)


def journal_error(location: str, exc: BaseException) -> JournalError:
    text = str(exc).lower()
    for words, problem, fix in PROBLEMS:
        if words in text:
            return JournalError(location, problem, fix)
    return JournalError(location, f"{type(exc).__name__}: {exc}", "pass another --journal")


class SQLiteJournal(JournalStore):
    """One SQLite file; each call is one short transaction."""

    def __init__(
        self, path: Path | str | None = None, clock: Callable[[], float] = time.time
    ) -> None:
        self.path = Path(path) if path is not None else default_path()
        self.location = str(self.path)
        self._clock = clock
        self._lock = threading.Lock()
        with self._guard():
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(
                self.path, timeout=30.0, isolation_level=None, check_same_thread=False
            )
            self._db.row_factory = sqlite3.Row
            try:
                self._open()
            except BaseException:
                self._db.close()
                raise

    def __repr__(self) -> str:
        return f"Journal({self.location!r})"

    @contextmanager
    def _guard(self) -> Iterator[None]:
        try:
            yield
        except (sqlite3.Error, OSError) as exc:
            raise journal_error(self.location, exc) from None

    def _open(self) -> None:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise JournalError(
                self.location,
                f"it was written by a newer aimlapi-veo (schema {version}; this one knows up to "
                f"{SCHEMA_VERSION})",
                "upgrade aimlapi-veo, or pass another --journal",
            )
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        if version < SCHEMA_VERSION:
            self._upgrade(version)
        self._add_indexes()

    def _add_indexes(self) -> None:
        present = {
            row[0]
            for row in self._db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
        }
        for name, statement in LATER_INDEXES.items():
            if name in present:
                continue
            try:
                with self._transaction() as db:
                    db.execute(statement)
            except JournalError:
                # A read-only (or busy) journal is still read correctly, only more slowly; its
                # writes fail where they always did (check_writable, before a paid request).
                return

    def _upgrade(self, version: int) -> None:
        tables = {
            row[0]
            for row in self._db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        if version == 0 and tables - OUR_TABLES:
            raise JournalError(
                self.location,
                f"it is another program's database (tables {', '.join(sorted(tables))})",
                "pass another --journal",
            )
        with self._transaction() as db:
            if db.execute("PRAGMA user_version").fetchone()[0] >= SCHEMA_VERSION:
                return  # another process upgraded it meanwhile
            for statement in (JOBS + UPGRADE_2).split(";"):
                if statement.strip() and not _already_done(db, statement):
                    db.execute(statement)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._guard(), self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _rows(self, sql: str, args: tuple[Any, ...] | list[Any] = ()) -> list[sqlite3.Row]:
        with self._guard(), self._lock:
            return self._db.execute(sql, args).fetchall()

    def check_writable(self) -> None:
        with self._guard(), self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                # A real write, rolled back: the only proof that the file takes writes now.
                self._db.execute("DELETE FROM leases WHERE key = ''")
                self._db.execute("INSERT INTO leases (key, owner, expires) VALUES ('', '', 0)")
            finally:
                self._db.execute("ROLLBACK")

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
        with self._transaction() as db:
            db.execute(
                "INSERT INTO jobs (id, intent, base_url, created_at, updated_at, status, params,"
                " video_seconds, label) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (intent, intent, base_url, now, now, CREATING, params, seconds, label),
            )
            db.execute(
                "INSERT OR REPLACE INTO leases (key, owner, expires) VALUES (?, ?, ?)",
                (intent, owner, now + ttl),
            )
        return intent

    def created(self, intent: str, generation_id: str, status: str) -> None:
        self._settle(intent, status, None, generation_id)

    def outcome_unknown(self, intent: str, reason: str, generation_id: str | None = None) -> None:
        self._settle(intent, UNKNOWN, reason, generation_id)

    def _settle(
        self, intent: str, status: str, error: str | None, generation_id: str | None
    ) -> None:
        now = self._clock()
        with self._transaction() as db:
            row = db.execute("SELECT id FROM jobs WHERE intent = ?", (intent,)).fetchone()
            if row is None:
                raise JournalError(self.location, f"no create {intent} in it", "report a bug")
            job_id = generation_id or row["id"]
            if job_id != row["id"]:
                _adopt(db, intent, row["id"], job_id)
            db.execute(
                "UPDATE jobs SET status = ?, error = COALESCE(?, error), updated_at = ?"
                " WHERE id = ?",
                (status, error, now, job_id),
            )
            db.execute(
                "INSERT INTO events (job_id, at, status) VALUES (?, ?, ?)", (job_id, now, status)
            )
            db.execute("DELETE FROM leases WHERE key = ?", (intent,))

    def discard(self, intent: str) -> None:
        with self._transaction() as db:
            db.execute("DELETE FROM events WHERE job_id = ?", (intent,))
            db.execute("DELETE FROM jobs WHERE intent = ? AND id = ?", (intent, intent))
            db.execute("DELETE FROM leases WHERE key = ?", (intent,))

    # leases ----------------------------------------------------------------------------------
    def claim(self, key: str, owner: str, ttl: float = DEFAULT_LEASE_SECONDS) -> bool:
        now = self._clock()
        with self._transaction() as db:
            row = db.execute("SELECT owner, expires FROM leases WHERE key = ?", (key,)).fetchone()
            if (
                row
                and row["owner"] != owner
                and not lease_is_stale(row["owner"], row["expires"], now)
            ):
                return False
            db.execute(
                "INSERT OR REPLACE INTO leases (key, owner, expires) VALUES (?, ?, ?)",
                (key, owner, now + ttl),
            )
        return True

    def renew(self, key: str, owner: str, ttl: float = DEFAULT_LEASE_SECONDS) -> bool:
        with self._transaction() as db:
            cursor = db.execute(
                "UPDATE leases SET expires = ? WHERE key = ? AND owner = ?",
                (self._clock() + ttl, key, owner),
            )
            return cursor.rowcount == 1

    def release(self, key: str, owner: str) -> None:
        with self._transaction() as db:
            db.execute("DELETE FROM leases WHERE key = ? AND owner = ?", (key, owner))

    def holder(self, key: str) -> str | None:
        rows = self._rows("SELECT owner, expires FROM leases WHERE key = ?", (key,))
        if not rows or lease_is_stale(rows[0]["owner"], rows[0]["expires"], self._clock()):
            return None
        return str(rows[0]["owner"])

    # jobs ------------------------------------------------------------------------------------
    def record_status(
        self,
        job_id: str,
        status: str,
        video_url: str | None = None,
        error: str | None = None,
        *,
        completed_at: float | None = None,
    ) -> None:
        # Read first, outside a write transaction: most fetches see what is already stored.
        rows = self._rows(
            "SELECT status, video_url, error, completed_at FROM jobs WHERE id = ?", (job_id,)
        )
        if not rows or nothing_new(tuple(rows[0]), status, video_url, error):
            return
        now = self._clock()
        with self._transaction() as db:
            row = db.execute("SELECT status FROM jobs WHERE id = ?", (job_id,)).fetchone()
            if row is None:
                return
            if row["status"] != status:
                db.execute(
                    "INSERT INTO events (job_id, at, status) VALUES (?, ?, ?)",
                    (job_id, now, status),
                )
            db.execute(
                "UPDATE jobs SET status = ?, updated_at = ?, video_url = COALESCE(?, video_url),"
                " error = COALESCE(?, error), completed_at = CASE WHEN ? THEN"
                " COALESCE(completed_at, ?) ELSE completed_at END WHERE id = ?",
                (
                    status,
                    now,
                    video_url,
                    error,
                    status in SUCCEEDED,
                    now if completed_at is None else completed_at,
                    job_id,
                ),
            )

    def set_output(self, job_id: str, path: Path) -> None:
        with self._transaction() as db:
            db.execute(
                "UPDATE jobs SET output_path = ? WHERE id = ? AND downloaded_at IS NULL",
                (str(path), job_id),
            )

    def record_download(self, job_id: str, path: Path, size: int, sha256: str) -> None:
        with self._transaction() as db:
            db.execute(
                "UPDATE jobs SET output_path = ?, downloaded_at = ?, file_size = ?,"
                " file_sha256 = ? WHERE id = ?",
                (str(path), self._clock(), size, sha256, job_id),
            )

    def get(self, job_id: str) -> Job | None:
        rows = self._rows(f"{SELECT_JOBS} WHERE jobs.id = ?", (job_id,))
        return self._job(rows[0]) if rows else None

    def jobs(self, *, unfinished_only: bool = False, label: str | None = None) -> list[Job]:
        where = [UNFINISHED] if unfinished_only else []
        args: list[Any] = []
        if label is not None:
            where.append("label = ?")
            args.append(label)
        clause = f" WHERE {' AND '.join(where)}" if where else ""
        rows = self._rows(f"{SELECT_JOBS}{clause} ORDER BY created_at, jobs.rowid", args)
        return [self._job(row) for row in rows]

    def _job(self, row: sqlite3.Row) -> Job:
        values = dict(row)
        now = self._clock()
        intent_lease = values.pop("intent_owner"), values.pop("intent_expires")
        job_lease = values.pop("job_owner"), values.pop("job_expires")
        values["status"] = effective_status(values["status"], *intent_lease, now)
        live = [
            owner
            for owner, expires in (intent_lease, job_lease)
            if not lease_is_stale(owner, expires, now)
        ]
        values["claimed_by"] = live[0] if live else None
        values["params"] = _json(values["params"])
        return Job(**values)

    def history(self, job_id: str) -> list[tuple[float, str]]:
        rows = self._rows(
            "SELECT at, status FROM events WHERE job_id = ? ORDER BY at, rowid", (job_id,)
        )
        return [(row["at"], row["status"]) for row in rows]

    def completion_times(self, base_url: str, video_seconds: int, limit: int = 50) -> list[float]:
        rows = self._rows(
            "SELECT completed_at - created_at AS took FROM jobs WHERE base_url = ? AND"
            " video_seconds = ? AND completed_at IS NOT NULL ORDER BY completed_at DESC LIMIT ?",
            (base_url, video_seconds, limit),
        )
        return [row["took"] for row in rows]

    # the shared rate limit (ratelimit.py) ----------------------------------------------------
    def bucket_step(self, name: str, step: Step) -> float:
        """One atomic read-modify-write of a rate bucket, for the processes of this machine."""
        with self._transaction() as db:
            db.execute(RATE_BUCKETS)
            row = db.execute(
                "SELECT tokens, updated FROM rate_buckets WHERE name = ?", (name,)
            ).fetchone()
            current = None if row is None else Bucket(row["tokens"], row["updated"])
            state, result = step(current, self._clock())
            db.execute(
                "INSERT OR REPLACE INTO rate_buckets (name, tokens, updated) VALUES (?, ?, ?)",
                (name, state.tokens, state.updated),
            )
        return result


def _json(text: str) -> dict[str, Any]:
    value = json.loads(text)
    return value if isinstance(value, dict) else {}


def _already_done(db: sqlite3.Connection, statement: str) -> bool:
    """An ALTER TABLE ADD COLUMN whose column exists (a half-upgraded 0.1 file)."""
    words = statement.split()
    if words[:2] != ["ALTER", "TABLE"]:
        return False
    columns = {row[1] for row in db.execute(f"PRAGMA table_info({words[2]})")}
    return words[5] in columns


def _adopt(db: sqlite3.Connection, intent: str, old_id: str, new_id: str) -> None:
    """Give the intent row its generation id; if a row with that id exists, merge into it."""
    existing = db.execute("SELECT id FROM jobs WHERE id = ?", (new_id,)).fetchone()
    if existing is None:
        db.execute("UPDATE jobs SET id = ? WHERE id = ?", (new_id, old_id))
    else:
        db.execute(
            "UPDATE jobs SET label = COALESCE(label, (SELECT label FROM jobs WHERE id = ?)),"
            " output_path = COALESCE(output_path, (SELECT output_path FROM jobs WHERE id = ?))"
            " WHERE id = ?",
            (old_id, old_id, new_id),
        )
        db.execute("DELETE FROM jobs WHERE id = ?", (old_id,))
        db.execute("UPDATE jobs SET intent = COALESCE(intent, ?) WHERE id = ?", (intent, new_id))
    db.execute("UPDATE events SET job_id = ? WHERE job_id = ?", (new_id, old_id))


# The name 0.1 exported: SQLite is the default store.
Journal = SQLiteJournal
