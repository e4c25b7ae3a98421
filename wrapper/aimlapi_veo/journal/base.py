"""The journal model: what the store (store.py, over SQLite or PostgreSQL) keeps and means.

A journal row is a *job*: one create this client sent, or was about to send. Its life:

    begin_create()  -> status "creating"      written BEFORE the create body leaves the machine,
       |                                      in one transaction with the check of the row's lease
       |-- created()           -> the API's status ("queued", ...): the id is known, it is paid for
       |-- discard()           -> row removed: the answer PROVED nothing was created (429, ...)
       |-- outcome_unknown()   -> status "unknown": it may exist and be charged (timeout after send,
       |                          5xx, unparseable answer, journal failure after the answer)
       |-- mark_not_received() -> status "not_received": the API's logs prove it never arrived
       `-- (owner dies)        -> read back as "unknown": a "creating" row whose owner is gone
    record_status() ... "completed" -> set_output() / record_download() (size + sha256)

Until `created()` the row's `Job.id` is its intent id (`intent-<32 hex>`, see `is_intent`);
afterwards `Job.id` is the generation id and `Job.intent` keeps the intent id.

Leases make "one worker per job at a time" hold across processes and machines: a lease is a
row (key, owner, expires, token). Keys: `job:<generation id>` while waiting on or saving a job,
`row:<batch key>` for a batch row, and the intent id itself while a create is in flight. Times
are the database's (PostgreSQL's clock_timestamp(); SQLite's clock is this machine's), never a
worker's. The token grows on every takeover: every write made for a lease names its token and
is refused (LeaseLostError) once another worker took the lease over, so a paused worker wakes
up to find it may no longer act. A lease is *stale* when it has expired, or when its owner is a
process of this host that no longer exists. A "creating" row is held (never retried) while its
owner lives on this host or its lease is unexpired; only then is it read as "unknown".
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aimlapi_veo.errors import JournalError
from aimlapi_veo.generation import DEFAULT_DURATION, FAILED, SUCCEEDED

# Version 1: the jobs + events tables of 0.1 (user_version 0 in SQLite, migrated on open).
# Version 2: intent, lease, size/digest columns and the leases table.
# Version 3: fencing tokens on leases; model, trace and cost columns; the batch queue in SQLite.
SCHEMA_VERSION = 3
CREATING, UNKNOWN, NOT_RECEIVED = "creating", "unknown", "not_received"
INTENT_PREFIX = "intent-"
DEFAULT_LEASE_SECONDS = 120.0
LEASE_ENV = "AIMLAPI_VEO_LEASE_SECONDS"


def lease_seconds() -> float:
    """How long a lease lives unless renewed: $AIMLAPI_VEO_LEASE_SECONDS, else 120."""
    text = os.environ.get(LEASE_ENV, "").strip()
    try:
        value = float(text) if text else DEFAULT_LEASE_SECONDS
    except ValueError:
        value = -1.0
    if not 0 < value < 86_400:
        raise JournalError(LEASE_ENV, f"{text!r} is not a number of seconds", "give e.g. 120")
    return value


@dataclass(frozen=True)
class Lease:
    """A lease held: the write that acts for it names `token`, and fails once it is stale."""

    key: str
    owner: str
    token: int
    ttl: float


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


def alive_here(owner: str) -> bool:
    """True when the owner is a process of this host that exists."""
    host, _, rest = owner.partition(":")
    return host == socket.gethostname() and owner_alive(owner) and rest[:1].isdigit()


def lease_is_stale(owner: str | None, expires: float | None, now: float) -> bool:
    return not owner or expires is None or expires <= now or not owner_alive(owner)


def effective_status(
    status: str, lease_owner: str | None, lease_expires: float | None, now: float
) -> str:
    """A "creating" row is read as "unknown" (the create may have been sent when its process
    died) only once its owner is gone: a process of this host that no longer exists, or an
    owner elsewhere whose lease expired. A live owner here may still send it (it was paused)."""
    if status != CREATING or (lease_owner and alive_here(lease_owner)):
        return status
    return UNKNOWN if lease_is_stale(lease_owner, lease_expires, now) else status


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
    model: str | None = None
    client_request_id: str | None = None  # the X-Client-Request-Id the create was sent with
    inference_id: str | None = None  # the answer's x-inference-id
    credits_used: int | None = None
    usd_spent: float | None = None

    @property
    def generation_known(self) -> bool:
        return not is_intent(self.id)

    @property
    def unfinished(self) -> bool:
        """Resume's business: a known generation, neither saved nor failed."""
        return self.generation_known and self.downloaded_at is None and self.status not in FAILED

    @property
    def held(self) -> bool:
        """A create in flight in a live worker: never to be sent again by anyone else."""
        return self.status == CREATING
