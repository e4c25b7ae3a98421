"""The batch queue kept in the journal, for a fleet of workers (fleet.py): a batch file's rows
are enqueued once (keyed by content, so every machine running the same file shares one queue),
claimed under the lease `row:<key>` (the same lease the batch runner takes before a create),
and finished with an outcome, the worker that finished it and where its file landed.

The store (store.py) runs the SQL: PostgreSQL claims with `SELECT ... FOR UPDATE SKIP LOCKED`,
SQLite inside one IMMEDIATE transaction.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass


def row_lease(key: str) -> str:
    return f"row:{key}"


@dataclass(frozen=True)
class QueuedRow:
    key: str
    number: int
    output: str


@dataclass(frozen=True)
class RowState:
    """One row of a batch as the fleet sees it."""

    batch: str
    key: str
    number: int
    output: str
    outcome: str | None  # None while open
    worker: str | None  # who finished it (or last held it)
    path: str | None  # `<host>:<path>` where its video landed
    updated: float
    holder: str | None  # the live owner of its lease, if any


def landed(path: str) -> str:
    """Where a file landed, as journaled: this host and the path on it."""
    return f"{socket.gethostname()}:{path}"
