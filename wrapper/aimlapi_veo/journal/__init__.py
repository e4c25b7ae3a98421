"""The journal: a record of every generation this client paid for, or may have paid for.

`open_journal(target)` picks the store: a `postgresql://` URL selects PostgreSQL (postgres.py),
anything else is an SQLite file path. `Journal` is the SQLite store, the embedded default.
See base.py for the model every store implements.

Importing the package loads no store: sqlite3 (and psycopg) load when a journal is opened, and
each name below is imported from its module on first use (PEP 562), so that importing the
client and `veo --help` (which prints `default_path()`) stay cheap (bench/startup.py).
"""

from __future__ import annotations

import importlib
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from aimlapi_veo._lazy import lazy

if TYPE_CHECKING:
    from aimlapi_veo.journal.base import (
        CREATING,
        SCHEMA_VERSION,
        UNKNOWN,
        Job,
        JournalStore,
        describe_params,
        is_intent,
        new_owner,
    )
    from aimlapi_veo.journal.paths import default_path
    from aimlapi_veo.journal.sqlite import Journal, SQLiteJournal

POSTGRES_SCHEMES = ("postgresql://", "postgres://")
_MODULES: dict[str, str] = {
    **dict.fromkeys(
        [
            "CREATING",
            "SCHEMA_VERSION",
            "UNKNOWN",
            "Job",
            "JournalStore",
            "describe_params",
            "is_intent",
            "new_owner",
        ],
        "aimlapi_veo.journal.base",
    ),
    **dict.fromkeys(["default_path"], "aimlapi_veo.journal.paths"),
    **dict.fromkeys(["Journal", "SQLiteJournal"], "aimlapi_veo.journal.sqlite"),
}

__all__ = [
    "CREATING",
    "SCHEMA_VERSION",
    "UNKNOWN",
    "Job",
    "Journal",
    "JournalStore",
    "SQLiteJournal",
    "default_path",
    "describe_params",
    "is_intent",
    "new_owner",
    "open_journal",
]


__getattr__, __dir__ = lazy(globals(), _MODULES)


def open_journal(target: str | Path | None, clock: Callable[[], float] = time.time) -> JournalStore:
    """The store for a path or URL (None: $AIMLAPI_VEO_JOURNAL, a path or URL, else the
    default file)."""
    if target is None:
        target = os.environ.get("AIMLAPI_VEO_JOURNAL") or None
    if isinstance(target, str) and target.startswith(POSTGRES_SCHEMES):
        # Imported only when asked for: psycopg is an optional dependency (H5's postgres.py).
        postgres = importlib.import_module("aimlapi_veo.journal.postgres")
        store: JournalStore = postgres.open_store(target, clock)
        return store
    from aimlapi_veo.journal.sqlite import SQLiteJournal  # noqa: PLC0415 (sqlite3: see above)

    return SQLiteJournal(target, clock)
