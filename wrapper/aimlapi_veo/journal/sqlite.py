"""SQLite, the journal of one machine: what differs from PostgreSQL (store.py has the rules).

WAL mode and a busy timeout let threads and processes share the file; every write is one
`BEGIN IMMEDIATE` transaction, which locks the whole file, so a read-modify-write needs no row
lock. The clock is SQLite's own (`julianday('now')`: this machine's, which every process of the
machine shares). `PRAGMA user_version` holds the schema version; a file of an older version
(0.1's included) is upgraded when opened, one of a newer version or another program's is
refused. Every sqlite3 error leaves as JournalError naming the file and a fix.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from aimlapi_veo.errors import JournalError
from aimlapi_veo.journal.paths import default_path
from aimlapi_veo.journal.store import OUR_TABLES, JournalStore

# (words in sqlite's message, what is wrong, what to do): the journal boundary as a table.
PROBLEMS: tuple[tuple[str, str, str], ...] = (
    ("readonly", "it is read-only", "make the file and its folder writable, or pass another --journal"),
    ("read-only", "it is read-only", "make the file and its folder writable, or pass another --journal"),
    ("locked", "another process has held it locked for 30 s", "wait for it, or pass another --journal"),
    ("not a database", "it is not an SQLite database", "move the file aside, or pass another --journal"),
    ("malformed", "the file is damaged", "move the file aside (keep it: it may list paid jobs)"),
    ("unable to open", "it cannot be opened", "check the folder exists and is writable"),
    ("disk i/o", "the disk failed a write", "check free space and the file system"),
    ("full", "the disk is full", "free some space"),
)  # fmt: skip


def journal_error(location: str, exc: BaseException) -> JournalError:
    text = str(exc).lower()
    for words, problem, fix in PROBLEMS:
        if words in text:
            return JournalError(location, problem, fix)
    return JournalError(location, f"{type(exc).__name__}: {exc}", "pass another --journal")


class SQLiteDialect:
    now = "(julianday('now') - 2440587.5) * 86400.0"
    for_update = skip_locked = event_seq = ""
    migrates_on_open = True
    insertion = "j.rowid"

    def __init__(self, path: Path) -> None:
        self.path, self.location = path, str(path)
        self._db: sqlite3.Connection | None = None

    def connect(self) -> None:
        uri = self.location.startswith("file:")  # SQLite's URI form (`file:x.db?mode=ro`)
        if not uri:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(
            self.location if uri else self.path,
            timeout=30.0,
            isolation_level=None,
            check_same_thread=False,
            uri=uri,
        )
        if self._db.execute("PRAGMA user_version").fetchone()[0] <= 3:  # not a newer file's
            self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")

    def close(self) -> None:
        if self._db is not None:
            self._db.close()

    def clock(self) -> float:
        with self.transaction(write=False) as cur:
            return float(cur.execute(f"SELECT {self.now}").fetchone()[0])

    @contextmanager
    def transaction(self, *, write: bool) -> Iterator[sqlite3.Cursor]:
        if self._db is None:
            raise sqlite3.ProgrammingError("unable to open: the journal is closed")
        cur = self._db.cursor()
        if not write:  # WAL: a reader never waits for a writer
            yield cur
            return
        cur.execute("BEGIN IMMEDIATE")
        try:
            yield cur
        except BaseException:
            cur.execute("ROLLBACK")
            raise
        cur.execute("COMMIT")

    def sql(self, text: str) -> str:
        return text

    def version(self, cur: sqlite3.Cursor) -> int:
        version = int(cur.execute("PRAGMA user_version").fetchone()[0])
        if version:
            return version
        tables = {
            row[0] for row in cur.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        if tables - OUR_TABLES:
            return -1
        return 1 if "jobs" in tables else 0  # 0.1's tables, without a version

    def set_version(self, cur: sqlite3.Cursor, version: int) -> None:
        cur.execute(f"PRAGMA user_version = {int(version)}")

    def error(self, exc: BaseException) -> JournalError | None:
        if isinstance(exc, sqlite3.Error | OSError):
            return journal_error(self.location, exc)
        return None


class SQLiteJournal(JournalStore):
    """A journal in one SQLite file (default: the user's state folder, see paths.py)."""

    def __init__(
        self, path: Path | str | None = None, clock: Callable[[], float] | None = None
    ) -> None:
        super().__init__(SQLiteDialect(Path(path) if path is not None else default_path()), clock)
        self.path = Path(self.location)

    def __repr__(self) -> str:
        return f"Journal({self.location!r})"


# The name 0.1 exported: SQLite is the default store.
Journal = SQLiteJournal
