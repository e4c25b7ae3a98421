"""The journal model: what every store (SQLite here, PostgreSQL in `postgres.py`) keeps and means.

A journal row is a *job*: one create this client sent, or was about to send. Its life:

    begin_create()  -> status "creating"      written BEFORE the create body leaves the machine
       |-- created()           -> the API's status ("queued", ...): the id is known, it is paid for
       |-- discard()           -> row removed: the answer PROVED nothing was created (429, ...)
       |-- outcome_unknown()   -> status "unknown": it may exist and be charged (timeout after send,
       |                          5xx, unparseable answer, journal failure after the answer)
       `-- (owner dies)        -> read back as "unknown": a "creating" row whose lease is stale
    record_status() ... "completed" -> set_output() / record_download() (size + sha256)

Until `created()` the row's `Job.id` is its intent id (`intent-<32 hex>`, see `is_intent`);
afterwards `Job.id` is the generation id and `Job.intent` keeps the intent id.

Leases make "one process per job at a time" hold across processes (and, for PostgreSQL, machines):
a lease is a row (key, owner, expires). Keys are chosen by callers: `job:<generation id>` before
waiting on or downloading a job, `row:<batch key>` before a batch row's create, and the intent id
itself while a create is in flight. A lease is *stale* when it has expired, or when its owner is a
process on this host that no longer exists (so a SIGKILLed worker's claims are taken over at once
on the same machine, and after `ttl` seconds from another one). Owners renew while they work.

Every store checks its schema version when opened: a journal written by a newer version (or not a
journal at all) raises JournalError naming the file, before any paid request can be made.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import uuid
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aimlapi_veo.generation import DEFAULT_DURATION, FAILED, SUCCEEDED

# Version 1: the jobs + events tables of 0.1 (user_version 0 in SQLite, migrated on open).
# Version 2: intent, lease, size/digest columns and the leases table.
SCHEMA_VERSION = 2
CREATING, UNKNOWN = "creating", "unknown"
INTENT_PREFIX = "intent-"
DEFAULT_LEASE_SECONDS = 120.0


def is_intent(job_id: str) -> bool:
    """True for a row whose create has no known generation id (yet, or ever)."""
    return job_id.startswith(INTENT_PREFIX)


def new_intent() -> str:
    return INTENT_PREFIX + uuid.uuid4().hex


def new_owner() -> str:
    """A lease owner: `<host>:<pid>:<random>`; the pid lets this host spot a dead owner."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def owner_alive(owner: str) -> bool:
    """False only when the owner is certainly dead: a process of this host that is gone."""
    host, _, rest = owner.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname() or not pid_text.isdigit():
        return True
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by another user
        return True
    return True


def lease_is_stale(owner: str | None, expires: float | None, now: float) -> bool:
    return owner is None or expires is None or expires <= now or not owner_alive(owner)


def effective_status(
    status: str, lease_owner: str | None, lease_expires: float | None, now: float
) -> str:
    """A "creating" row whose owner's lease is stale is read as "unknown": the create may have
    been sent when its process died."""
    if status == CREATING and lease_is_stale(lease_owner, lease_expires, now):
        return UNKNOWN
    return status


def nothing_new(
    stored: tuple[str, str | None, str | None, float | None],
    status: str,
    video_url: str | None,
    error: str | None,
) -> bool:
    """True when a fetch's answer adds nothing to the row (stored = status, video_url, error,
    completed_at): then `record_status` writes nothing, so following a job costs one read per
    fetch instead of a write transaction (updated_at is the time of the last change)."""
    stored_status, stored_url, stored_error, completed_at = stored
    return (
        stored_status == status
        and video_url in (None, stored_url)
        and error in (None, stored_error)
        and (completed_at is not None or status not in SUCCEEDED)
    )


def describe_params(body: Mapping[str, Any]) -> dict[str, Any]:
    """The request as stored: inline image data replaced by its digest, never the key."""
    stored = dict(body)
    for key in ("image_url", "tail_image_url"):
        value = stored.get(key)
        if isinstance(value, str) and value.startswith("data:"):
            stored[key] = "sha256:" + hashlib.sha256(value.encode()).hexdigest()
    return stored


def stored_params(body: Mapping[str, Any]) -> tuple[str, int]:
    """(params as JSON text, seconds of video) for a create body."""
    params = describe_params(body)
    seconds = params.get("duration") or DEFAULT_DURATION
    return json.dumps(params, sort_keys=True), int(seconds)


def file_digest(path: Path) -> tuple[int, str]:
    """(size, sha256 hex) of a file, read back from disk."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return path.stat().st_size, digest.hexdigest()


@dataclass(frozen=True)
class Job:
    """One journal row, as read (status already made effective, see `effective_status`)."""

    id: str  # the generation id, or the intent id while none is known
    base_url: str
    created_at: float  # when the intent was written, just before the create was sent
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
    intent: str | None = None
    file_size: int | None = None
    file_sha256: str | None = None
    claimed_by: str | None = None  # live lease holder of `job:<id>` (or of the intent)

    @property
    def generation_known(self) -> bool:
        return not is_intent(self.id)

    @property
    def unfinished(self) -> bool:
        """Resume's business: a known generation, neither saved nor failed."""
        return self.generation_known and self.downloaded_at is None and self.status not in FAILED


class JournalStore(ABC):
    """What every journal store implements. Each method is one short transaction and is safe
    to call from several threads and processes at once. Times come from the store's injected
    clock. Methods that name a job by id accept the generation id (or the intent id of a job
    without one). Any failure of the store itself raises JournalError (never the driver's own
    exception), with `.location` set."""

    #: the file path, or a postgresql URL without its password
    location: str

    # opening and checking --------------------------------------------------------------------
    @abstractmethod
    def check_writable(self) -> None:
        """Prove, before a paid request, that the journal can be written right now: schema
        version known, storage writable, not locked beyond the busy timeout. JournalError if not."""

    @abstractmethod
    def close(self) -> None: ...

    # write-ahead intent ----------------------------------------------------------------------
    @abstractmethod
    def begin_create(
        self,
        base_url: str,
        body: Mapping[str, Any],
        *,
        label: str | None,
        owner: str,
        ttl: float = DEFAULT_LEASE_SECONDS,
    ) -> str:
        """Record a create about to be sent; returns its intent id. The row has status
        "creating" (no event: history starts with the answer) and a lease (key = intent id) held by `owner` for `ttl` seconds; params are
        stored by `stored_params`. Called BEFORE the body is sent: if this fails, send nothing."""

    @abstractmethod
    def created(self, intent: str, generation_id: str, status: str) -> None:
        """The create answer carried `generation_id`: the row takes that id and status (an
        event is added), and the intent's lease is released. If a row with that id already
        exists, the intent row is merged into it (the label and output path are kept)."""

    @abstractmethod
    def discard(self, intent: str) -> None:
        """The answer proved nothing was created: remove the row and its lease."""

    @abstractmethod
    def outcome_unknown(self, intent: str, reason: str, generation_id: str | None = None) -> None:
        """The create may have created (and charged) a job: status "unknown", `error` = reason,
        the id set when an answer carried one; the intent's lease is released."""

    # leases ----------------------------------------------------------------------------------
    @abstractmethod
    def claim(self, key: str, owner: str, ttl: float = DEFAULT_LEASE_SECONDS) -> bool:
        """Take the lease `key` for `ttl` seconds: True if it was free, stale (see
        `lease_is_stale`) or already `owner`'s (then it is renewed); False if another live owner
        holds it. Atomic across processes (SQLite: one IMMEDIATE transaction; PostgreSQL:
        `SELECT ... FOR UPDATE` on the lease row, or INSERT ... ON CONFLICT)."""

    @abstractmethod
    def renew(self, key: str, owner: str, ttl: float = DEFAULT_LEASE_SECONDS) -> bool:
        """Extend `owner`'s lease; False if it is no longer `owner`'s (it was taken over)."""

    @abstractmethod
    def release(self, key: str, owner: str) -> None:
        """Drop the lease if `owner` still holds it; a no-op otherwise."""

    @abstractmethod
    def holder(self, key: str) -> str | None:
        """The live owner of `key`, or None when it is free or stale."""

    # jobs ------------------------------------------------------------------------------------
    @abstractmethod
    def record_status(
        self,
        job_id: str,
        status: str,
        video_url: str | None = None,
        error: str | None = None,
        *,
        completed_at: float | None = None,
    ) -> None:
        """A status seen in an answer: a change adds an event; "completed" stamps completed_at
        once (the time given, else now); video_url/error replace the stored ones only when
        given. An answer that adds nothing (`nothing_new`) writes nothing. Unknown ids are
        ignored."""

    @abstractmethod
    def set_output(self, job_id: str, path: Path) -> None:
        """Where the video should go, so that resume puts it there (not after it is saved)."""

    @abstractmethod
    def record_download(self, job_id: str, path: Path, size: int, sha256: str) -> None:
        """The video is saved at `path` with this size and digest (checked before calling)."""

    @abstractmethod
    def get(self, job_id: str) -> Job | None: ...

    @abstractmethod
    def jobs(self, *, unfinished_only: bool = False, label: str | None = None) -> list[Job]:
        """Jobs in creation order. `unfinished_only` keeps those neither saved nor failed,
        INCLUDING creates without a known id ("creating"/"unknown": they need the user's
        attention, so `veo jobs` lists them by default)."""

    def unfinished(self) -> list[Job]:
        """Resume's business: unfinished jobs with a known generation id (`Job.unfinished`)."""
        return [job for job in self.jobs(unfinished_only=True) if job.unfinished]

    @abstractmethod
    def history(self, job_id: str) -> list[tuple[float, str]]:
        """(time, status) of every status change, oldest first."""

    @abstractmethod
    def completion_times(self, base_url: str, video_seconds: int, limit: int = 50) -> list[float]:
        """Seconds from creation to completion of the latest `limit` completed jobs of this kind."""

    # conveniences built on the above ---------------------------------------------------------
    def record_created(
        self,
        job_id: str,
        base_url: str,
        body: Mapping[str, Any],
        status: str,
        label: str | None = None,
    ) -> None:
        """A job whose create answer is already known (imports, tests): intent + created."""
        owner = new_owner()
        intent = self.begin_create(base_url, body, label=label, owner=owner)
        self.created(intent, job_id, status)
