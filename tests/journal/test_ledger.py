"""The ledger's rules, on both databases (every test runs on SQLite and on a real PostgreSQL):
fencing tokens, the database's clock, schema 3's columns and API, the migration from schema 2,
one parser for journal targets."""

from __future__ import annotations

import multiprocessing
import os
import socket
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest
from support import FakeClock

from aimlapi_veo import JournalError, LeaseLostError
from aimlapi_veo.journal import JournalStore, open_journal, parse_target
from aimlapi_veo.journal.base import SCHEMA_VERSION, new_owner
from aimlapi_veo.journal.queue import QueuedRow
from aimlapi_veo.journal.store import MIGRATIONS

BASE = "https://api.test"
BODY = {"model": "veo2/image-to-video", "prompt": "p", "duration": 5}
HERE = socket.gethostname()


def test_every_takeover_grows_the_token_and_a_renewal_keeps_it(
    store: JournalStore, clock: FakeClock
) -> None:
    first = store.claim("row:k", "far:1:a", ttl=10)
    assert first is not None
    assert store.claim("row:k", "far:1:a", ttl=10) == first  # its own: renewed, same token
    clock.now += 11
    second = store.claim("row:k", "far:2:b", ttl=10)
    assert second is not None
    assert second.token == first.token + 1
    store.release("row:k", "far:2:b")
    third = store.claim("row:k", "far:1:a", ttl=10)
    assert third is not None
    assert third.token == second.token + 1  # a release keeps the count: tokens never repeat


def test_a_worker_that_lost_its_lease_writes_nothing_for_it(
    store: JournalStore, clock: FakeClock, tmp_path: Path
) -> None:
    """The intent, the output path, the saved file and the row's outcome all name the token:
    once another worker took the lease over, each is refused and leaves the journal as it was."""
    store.record_created("gen-1", BASE, BODY, "completed")
    store.enqueue("b", [QueuedRow("k", 1, "out.mp4")], frozenset())
    [stale] = store.claim_rows("b", "far:1:a", 1)
    clock.now += 1_000  # paused past its lease
    [fresh] = store.claim_rows("b", "far:2:b", 1)
    assert fresh.token > stale.token
    writes: list[Callable[[], object]] = [
        lambda: store.begin_create(BASE, BODY, label="k", owner="far:1:a", fence=stale),
        lambda: store.set_output("gen-1", tmp_path / "a.mp4", fence=stale),
        lambda: store.record_download("gen-1", tmp_path / "a.mp4", 1, "0" * 64, fence=stale),
        lambda: store.finish_row("b", "k", "far:1:a", "saved", path="x", fence=stale),
        lambda: store.check(stale),
    ]
    for write in writes:
        with pytest.raises(LeaseLostError, match="far:2:b"):
            write()
    assert [job.id for job in store.jobs()] == ["gen-1"]
    job = store.get("gen-1")
    assert job is not None
    assert (job.output_path, job.downloaded_at) == (None, None)
    assert [state.outcome for state in store.batch_rows("b")] == [None]
    store.begin_create(BASE, BODY, label="k", owner="far:2:b", fence=fresh)  # the owner may
    store.finish_row("b", "k", "far:2:b", "saved", path="x", fence=fresh)
    assert [state.outcome for state in store.batch_rows("b")] == ["saved"]


def test_a_lease_that_expired_with_nobody_taking_it_is_still_ours_and_extended(
    store: JournalStore, clock: FakeClock
) -> None:
    lease = store.claim("row:k", "far:1:a", ttl=10)
    assert lease is not None
    clock.now += 60
    store.check(lease)  # no takeover happened: the token is current, the lease lives again
    assert store.holder("row:k") == "far:1:a"
    assert store.claim("row:k", "far:2:b", ttl=10) is None


def test_lease_times_come_from_the_database_never_from_this_process(
    make_store: Callable[[], JournalStore], journal_target: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker whose clock is 10,000 s off writes leases that expire by the database's clock."""
    real = time.time()
    monkeypatch.setattr(time, "time", lambda: real + 10_000)
    store = open_journal(journal_target)  # no injected clock: the database's
    lease = store.claim("row:k", "far:1:a", ttl=60)
    assert lease is not None
    expires = _lease_expiry(journal_target, "row:k")
    store.close()
    assert real + 30 < expires < real + 120


def _lease_expiry(target: str, key: str) -> float:
    if target.startswith("postgresql"):
        with psycopg.connect(target, autocommit=True) as db:
            row = db.execute("SELECT expires FROM aimlapi_veo.leases WHERE key = %s", (key,))
            return float((row.fetchone() or (0,))[0])
    with sqlite3.connect(target) as db:
        return float(db.execute("SELECT expires FROM leases WHERE key = ?", (key,)).fetchone()[0])


def test_a_create_in_flight_in_a_live_process_is_held_even_past_its_lease(
    store: JournalStore, clock: FakeClock
) -> None:
    """A paused worker (SIGSTOP, a long 429) may still send it: never read as "unknown"."""
    owner = f"{HERE}:{os.getpid()}:me"
    store.begin_create(BASE, BODY, label="k", owner=owner, ttl=10)
    clock.now += 1_000
    [job] = store.jobs(label="k")
    assert (job.status, job.held, job.claimed_by) == ("creating", True, owner)


def test_answers_trace_and_cost_are_kept_per_job(store: JournalStore) -> None:
    intent = store.begin_create(BASE, BODY, label=None, owner=new_owner(), client_request_id="c-1")
    store.record_trace(intent, inference_id="inf-1")
    store.created(intent, "gen-1", "queued")
    store.record_trace("gen-1", credits_used=120, usd_spent=0.5)
    job = store.get("gen-1")
    assert job is not None
    assert (job.model, job.client_request_id, job.inference_id) == (BODY["model"], "c-1", "inf-1")
    assert (job.credits_used, job.usd_spent) == (120, 0.5)


def test_an_unknown_intent_is_marked_not_received_or_resolved(store: JournalStore) -> None:
    """What reconciliation learns from the API's logs: never arrived (a batch may create the
    row again), or arrived and made this generation."""
    lost = store.begin_create(BASE, BODY, label="a", owner=new_owner())
    found = store.begin_create(BASE, BODY, label="b", owner=new_owner())
    store.outcome_unknown(lost, "timed out")
    store.outcome_unknown(found, "timed out")
    store.mark_not_received(lost, "not in /v2/logs")
    store.created(found, "gen-9", "generating")
    by_label = {job.label: job for job in store.jobs()}
    assert (by_label["a"].status, by_label["a"].error) == ("not_received", "not in /v2/logs")
    assert (by_label["b"].id, by_label["b"].status) == ("gen-9", "generating")
    assert [job.label for job in store.jobs(unfinished_only=True)] == ["b"]
    store.mark_not_received(found, "late")  # a generation id is known: nothing changes
    assert store.get("gen-9").status == "generating"  # type: ignore[union-attr]


def test_completion_durations_per_model_use_the_time_the_caller_gives(
    store: JournalStore, clock: FakeClock
) -> None:
    for model, took in (("veo2/image-to-video", 40.0), ("google/veo3", 90.0)):
        store.record_created(f"gen-{model}", BASE, {"model": model, "duration": 8}, "queued")
        clock.now += 100
        store.record_status(f"gen-{model}", "completed", completed_at=clock.now - 100 + took)
    assert store.completion_durations("veo2/image-to-video", 8) == [40.0]
    assert store.completion_durations("google/veo3", 8) == [90.0]
    assert store.completion_durations("google/veo3", 4) == []
    assert store.completion_durations(None, 8) == []


@pytest.mark.parametrize(
    ("target", "kind"),
    [
        ("POSTGRESQL://u@h/db", "postgresql"),
        ("Postgres://u@h/db", "postgresql"),
        ("postgresql://u@h/db", "postgresql"),
        ("jobs.sqlite3", "sqlite"),
        ("/tmp/a:b/jobs.sqlite3", "sqlite"),
    ],
)
def test_one_parser_reads_every_journal_target(target: str, kind: str) -> None:
    """Upper case is still PostgreSQL: a fleet given it must not get one file per machine."""
    assert parse_target(target) == (kind, target)


def test_a_url_of_another_scheme_is_refused_not_taken_for_a_file() -> None:
    with pytest.raises(JournalError, match="mysql:// is not a journal"):
        parse_target("mysql://u:secret@h/db")


def test_a_url_given_as_a_path_is_refused_not_taken_for_a_file(tmp_path: Path) -> None:
    """Path() turns postgresql:// into postgresql:/ : a file of that name on each machine would
    make a fleet pay every row once per machine. A real path with a colon is still a file."""
    with pytest.raises(JournalError, match="a URL given as a Path") as caught:
        parse_target(Path("postgresql://u:secret@h/db"))
    assert "secret" not in str(caught.value)
    assert parse_target(tmp_path / "a:b" / "jobs.sqlite3")[0] == "sqlite"


# The migration from schema 2 -----------------------------------------------------------------
SCHEMA_2_SQLITE = [
    *(statement.format(event_seq="") for statement in MIGRATIONS[2]),
    "PRAGMA user_version = 2",
]
SCHEMA_2_POSTGRES = [
    "CREATE SCHEMA aimlapi_veo",
    "SET search_path = aimlapi_veo",
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    *(statement.format(event_seq=", seq BIGSERIAL PRIMARY KEY") for statement in MIGRATIONS[2]),
    "CREATE TABLE rate_buckets (name TEXT PRIMARY KEY, tokens DOUBLE PRECISION NOT NULL,"
    " updated DOUBLE PRECISION NOT NULL)",
    "CREATE TABLE batch_rows (batch TEXT NOT NULL, key TEXT NOT NULL, number INTEGER NOT NULL,"
    " output TEXT NOT NULL, outcome TEXT, worker TEXT, path TEXT,"
    " updated DOUBLE PRECISION NOT NULL, PRIMARY KEY (batch, key))",
    "INSERT INTO meta VALUES ('schema_version', '2')",
]
ROWS_2 = [
    "INSERT INTO jobs (id, intent, base_url, created_at, updated_at, status, params,"
    " video_seconds, label) VALUES ('gen-old', 'intent-old', 'https://api.test', 1, 2,"
    " 'queued', '{}', 5, 'batch:old')",
    "INSERT INTO leases (key, owner, expires) VALUES ('row:old', 'far:1:x', 0)",
]


def _write_schema_2(target: str) -> None:
    if target.startswith("postgresql"):
        with psycopg.connect(target, autocommit=True) as db:
            for statement in [*SCHEMA_2_POSTGRES, *ROWS_2]:
                db.execute(statement)  # type: ignore[arg-type]
        return
    with sqlite3.connect(target) as db:
        for statement in [*SCHEMA_2_SQLITE, *ROWS_2]:
            db.execute(statement)


def test_a_schema_2_journal_is_migrated_and_keeps_its_jobs_and_leases(
    journal_target: str, store_kind: str
) -> None:
    """SQLite upgrades when opened (one machine); PostgreSQL only when told to (`veo journal
    migrate`): workers of the older version may still be running against it."""
    _write_schema_2(journal_target)
    if store_kind == "postgres":
        with pytest.raises(JournalError, match="veo journal migrate"):
            open_journal(journal_target)
        from aimlapi_veo.journal.postgres import PostgresJournal  # noqa: PLC0415

        PostgresJournal(journal_target, migrate=True).close()
    store = open_journal(journal_target)
    try:
        assert store.schema_version() == SCHEMA_VERSION
        job = store.get("gen-old")
        assert job is not None
        assert (job.label, job.status, job.model, job.credits_used) == (
            "batch:old", "queued", None, None,
        )  # fmt: skip
        lease = store.claim("row:old", "far:2:y")  # expired under schema 2: taken over
        assert lease is not None
        assert lease.token == 1
        store.enqueue("b", [QueuedRow("k", 1, "o.mp4")], frozenset())  # the queue works too
    finally:
        store.close()


def _open_and_report(target: str, queue: multiprocessing.Queue[str]) -> None:
    try:
        open_journal(target).close()
        queue.put("ok")
    except JournalError as exc:
        queue.put(str(exc))


def test_workers_opening_an_empty_journal_at_once_all_find_one_schema(journal_target: str) -> None:
    """A fleet's first start: six processes, no schema yet; one makes it, none calls the
    half-made one foreign."""
    context = multiprocessing.get_context("spawn")
    queue: multiprocessing.Queue[str] = context.Queue()
    workers = [
        context.Process(target=_open_and_report, args=(journal_target, queue)) for _ in range(6)
    ]
    for worker in workers:
        worker.start()
    answers = [queue.get(timeout=60) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
    assert answers == ["ok"] * 6
