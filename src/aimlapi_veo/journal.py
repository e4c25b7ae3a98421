"""The journal: a local SQLite record of every generation this machine has paid for.

An id is written the moment the create answer arrives, before anything else can fail, with
the request parameters (image data replaced by its sha256, never the key), then each status
change, the video URL and the saved file. `unfinished()` lists what `resume` must finish.
WAL mode and a busy timeout make it safe for an async batch and several processes at once.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

SCHEMA = """
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
UNFINISHED = "downloaded_at IS NULL AND status NOT IN ('error', 'failed', 'expired')"


def default_path() -> Path:
    override = os.environ.get("AIMLAPI_VEO_JOURNAL")
    if override:
        return Path(override)
    return Path(platformdirs.user_state_dir("aimlapi-veo")) / "jobs.sqlite3"


def describe_params(body: Mapping[str, Any]) -> dict[str, Any]:
    """The request as stored: inline image data replaced by its digest."""
    stored = dict(body)
    for key in ("image_url", "tail_image_url"):
        value = stored.get(key)
        if isinstance(value, str) and value.startswith("data:"):
            stored[key] = "sha256:" + hashlib.sha256(value.encode()).hexdigest()
    return stored


@dataclass(frozen=True)
class Job:
    id: str
    base_url: str
    created_at: float
    updated_at: float
    status: str
    params: dict[str, Any]
    video_seconds: int
    label: str | None
    video_url: str | None
    output_path: str | None
    completed_at: float | None
    downloaded_at: float | None
    error: str | None

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Job:
        values = dict(row)
        values["params"] = json.loads(values["params"])
        return cls(**values)


class Journal:
    """One SQLite file; each call is one short transaction."""

    def __init__(
        self, path: Path | str | None = None, clock: Callable[[], float] = time.time
    ) -> None:
        self.path = Path(path) if path is not None else default_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._clock = clock
        self._lock = threading.Lock()
        self._db = sqlite3.connect(
            self.path, timeout=30.0, isolation_level=None, check_same_thread=False
        )
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(SCHEMA)

    def __repr__(self) -> str:
        return f"Journal({str(self.path)!r})"

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def record_created(
        self,
        job_id: str,
        base_url: str,
        body: Mapping[str, Any],
        status: str,
        label: str | None = None,
    ) -> None:
        now = self._clock()
        params = describe_params(body)
        with self._transaction() as db:
            db.execute(
                "INSERT OR IGNORE INTO jobs (id, base_url, created_at, updated_at, status, params, video_seconds, label)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    job_id,
                    base_url,
                    now,
                    now,
                    status,
                    json.dumps(params, sort_keys=True),
                    int(params.get("duration") or 5),
                    label,
                ),
            )
            db.execute(
                "INSERT INTO events (job_id, at, status) VALUES (?, ?, ?)", (job_id, now, status)
            )

    def record_status(
        self, job_id: str, status: str, video_url: str | None = None, error: str | None = None
    ) -> None:
        """Note a status seen; a change adds an event, completion stamps the time."""
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
                " error = COALESCE(?, error),"
                " completed_at = CASE WHEN ? = 'completed' THEN COALESCE(completed_at, ?) ELSE completed_at END"
                " WHERE id = ?",
                (status, now, video_url, error, status, now, job_id),
            )

    def record_download(self, job_id: str, path: Path) -> None:
        with self._transaction() as db:
            db.execute(
                "UPDATE jobs SET output_path = ?, downloaded_at = ? WHERE id = ?",
                (str(path), self._clock(), job_id),
            )

    def set_output(self, job_id: str, path: Path) -> None:
        """Where the video should go once ready, so that `resume` puts it there."""
        with self._transaction() as db:
            db.execute(
                "UPDATE jobs SET output_path = ? WHERE id = ? AND downloaded_at IS NULL",
                (str(path), job_id),
            )

    def get(self, job_id: str) -> Job | None:
        row = self._db.execute("SELECT * FROM jobs WHERE id = ?", (job_id,)).fetchone()
        return Job.from_row(row) if row else None

    def jobs(self, *, unfinished_only: bool = False, label: str | None = None) -> list[Job]:
        where = [UNFINISHED] if unfinished_only else []
        args: list[Any] = []
        if label is not None:
            where.append("label = ?")
            args.append(label)
        clause = f" WHERE {' AND '.join(where)}" if where else ""
        rows = self._db.execute(f"SELECT * FROM jobs{clause} ORDER BY created_at", args).fetchall()  # noqa: S608 (fixed fragments)
        return [Job.from_row(row) for row in rows]

    def unfinished(self) -> list[Job]:
        return self.jobs(unfinished_only=True)

    def history(self, job_id: str) -> list[tuple[float, str]]:
        rows = self._db.execute(
            "SELECT at, status FROM events WHERE job_id = ? ORDER BY at, rowid", (job_id,)
        )
        return [(row["at"], row["status"]) for row in rows]

    def completion_times(self, base_url: str, video_seconds: int, limit: int = 50) -> list[float]:
        """Seconds from creation to completion of the latest completed jobs of this kind."""
        rows = self._db.execute(
            "SELECT completed_at - created_at AS took FROM jobs WHERE base_url = ? AND video_seconds = ?"
            " AND completed_at IS NOT NULL ORDER BY completed_at DESC LIMIT ?",
            (base_url, video_seconds, limit),
        )
        return [row["took"] for row in rows]
