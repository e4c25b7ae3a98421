"""The journal: a record of every generation this client paid for, or may have paid for.

One store (store.py: the ledger's rules) over two databases (sqlite.py, postgres.py: what
differs). `parse_target` reads where a journal lives, for every command: a `postgresql://` or
`postgres://` URL (in any case) is PostgreSQL, another `scheme://` is refused, anything else is
an SQLite file path. `Journal` is the SQLite store, the embedded default. See base.py for the
model.

Importing the package loads no store: sqlite3 (and psycopg) load when a journal is opened, and
each name below is imported from its module on first use (PEP 562), so that importing the
client and `veo --help` (which prints `default_path()`) stay cheap (bench/startup.py).
"""

from __future__ import annotations

import importlib
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Literal
from urllib.parse import urlsplit

from aimlapi_veo._lazy import lazy

if TYPE_CHECKING:
    from aimlapi_veo.journal.base import (
        CREATING,
        SCHEMA_VERSION,
        UNKNOWN,
        Job,
        Lease,
        describe_params,
        is_intent,
        new_owner,
    )
    from aimlapi_veo.journal.paths import default_path
    from aimlapi_veo.journal.sqlite import Journal, SQLiteJournal
    from aimlapi_veo.journal.store import JournalStore

POSTGRES_SCHEMES = frozenset({"postgresql", "postgres"})
_MODULES: dict[str, str] = {
    **dict.fromkeys(
        [
            "CREATING",
            "SCHEMA_VERSION",
            "UNKNOWN",
            "Job",
            "Lease",
            "describe_params",
            "is_intent",
            "new_owner",
        ],
        "aimlapi_veo.journal.base",
    ),
    **dict.fromkeys(["default_path"], "aimlapi_veo.journal.paths"),
    **dict.fromkeys(["JournalStore"], "aimlapi_veo.journal.store"),
    **dict.fromkeys(["Journal", "SQLiteJournal"], "aimlapi_veo.journal.sqlite"),
}

__all__ = [
    "CREATING",
    "SCHEMA_VERSION",
    "UNKNOWN",
    "Job",
    "Journal",
    "JournalStore",
    "Lease",
    "SQLiteJournal",
    "default_path",
    "describe_params",
    "is_intent",
    "new_owner",
    "open_journal",
    "parse_target",
]


__getattr__, __dir__ = lazy(globals(), _MODULES)


def parse_target(target: str | Path | None) -> tuple[Literal["postgresql", "sqlite"], str]:
    """Where a journal lives: ("postgresql", URL) or ("sqlite", path). None: $AIMLAPI_VEO_JOURNAL,
    else the default file. A URL of another scheme is refused: taken as a file name it would
    give each machine a journal of its own, and a fleet would pay every row once per machine."""
    from aimlapi_veo.errors import JournalError  # noqa: PLC0415 (start-up time)
    from aimlapi_veo.journal.paths import default_path  # noqa: PLC0415

    if target is None:
        target = os.environ.get("AIMLAPI_VEO_JOURNAL") or default_path()
    text = str(target)
    if isinstance(target, Path) and re.match(r"[A-Za-z][A-Za-z0-9+.-]+:/", text):
        # Path("postgresql://host/db") is "postgresql:/host/db": taken as a file, it would give
        # each machine a journal of its own.
        raise JournalError(
            text.rsplit("@", maxsplit=1)[-1],
            "a URL given as a Path (its '//' is lost)",
            "pass the URL as a string",
        )
    scheme = urlsplit(text).scheme.lower() if isinstance(target, str) and "://" in text else ""
    if scheme in POSTGRES_SCHEMES:
        return "postgresql", text
    if scheme:
        raise JournalError(
            text.rsplit("@", maxsplit=1)[-1],
            f"{scheme}:// is not a journal",
            "give a postgresql:// URL or a file",
        )
    return "sqlite", text


def open_journal(
    target: str | Path | None, clock: Callable[[], float] | None = None
) -> JournalStore:
    """The store for a path or URL (None: $AIMLAPI_VEO_JOURNAL, a path or URL, else the
    default file). `clock` replaces the database's clock: for tests only."""
    kind, where = parse_target(target)
    # Imported only when asked for: psycopg is an optional dependency, sqlite3 costs start-up.
    module = importlib.import_module(
        f"aimlapi_veo.journal.{'postgres' if kind == 'postgresql' else 'sqlite'}"
    )
    store: JournalStore = (
        module.PostgresJournal(where, clock)
        if kind == "postgresql"
        else module.SQLiteJournal(where, clock)
    )
    return store
