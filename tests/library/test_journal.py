"""The journal: nothing paid for is lost, concurrent writers are safe, resume never creates."""

from __future__ import annotations

import multiprocessing
import re
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from support import ID, PNG, VIDEO, Driver, FakeAPI, completed, generation

from aimlapi_veo import Journal, JournalError, ResumeResult
from aimlapi_veo.journal.sqlite import journal_error


def write_jobs(path: str, prefix: str, count: int) -> None:
    journal = Journal(path)
    for index in range(count):
        job_id = f"{prefix}-{index}"
        journal.record_created(job_id, "https://api.test", {"prompt": "p", "duration": 5}, "queued")
        journal.record_status(job_id, "generating")
        journal.record_status(job_id, "completed", "https://cdn.test/v.mp4")
    journal.close()


def test_concurrent_threads_and_processes_lose_no_record(tmp_path: Path) -> None:
    """Several processes, each with threads, write at once: every job and event is kept."""
    path = str(tmp_path / "j.sqlite3")
    Journal(path).close()
    context = multiprocessing.get_context("spawn")
    processes = [context.Process(target=write_jobs, args=(path, f"p{n}", 40)) for n in range(2)]
    threads = [threading.Thread(target=write_jobs, args=(path, f"t{n}", 40)) for n in range(3)]
    for worker in [*processes, *threads]:
        worker.start()
    for worker in [*processes, *threads]:
        worker.join(timeout=60)
    journal = Journal(path)
    jobs = journal.jobs()
    assert len(jobs) == 200
    assert {job.status for job in jobs} == {"completed"}
    assert all(len(journal.history(job.id)) == 3 for job in jobs)


def test_resume_finishes_unfinished_jobs_without_creating(
    make_driver: Callable[..., Driver], api: FakeAPI, tmp_path: Path
) -> None:
    """A process killed after the create answer leaves the id; resume polls and downloads it,
    and sends no create request."""
    first = make_driver()
    api.fetches = [httpx.Response(200, json=generation("generating"))]
    first.create(PNG, "p", label="job-1")
    first.client.journal.set_output(ID, tmp_path / "resumed.mp4")
    first.close()  # the process dies here
    api.requests.clear()
    api.fetches = [httpx.Response(200, json=completed())]
    api.cdn = [httpx.Response(200, content=VIDEO)]
    second = make_driver()
    results = second.resume()
    assert results == [ResumeResult(ID, "saved", tmp_path / "resumed.mp4", detail="saved")]
    assert (tmp_path / "resumed.mp4").read_bytes() == VIDEO
    assert api.sent("POST") == []
    assert second.client.journal.unfinished() == []


def test_resume_reports_a_failed_job_and_goes_on(
    make_driver: Callable[..., Driver], api: FakeAPI
) -> None:
    """One failed job does not stop the others; its error is returned, not raised."""
    client = make_driver()
    client.create(PNG, "p")
    api.fetches = [
        httpx.Response(200, json=generation("error", error={"name": "E", "message": "m"}))
    ]
    [result] = client.resume()
    assert (result.generation_id, result.outcome) == (ID, "failed")
    assert "ended with status 'error'" in str(result.error)
    assert client.client.journal.unfinished() == []


def test_journal_can_be_turned_off(make_driver: Callable[..., Driver], tmp_path: Path) -> None:
    """journal=False writes nothing anywhere."""
    client = make_driver(journal=False)
    client.create(PNG, "p")
    assert client.client.journal is None
    assert not (tmp_path / "env-journal.sqlite3").exists()


@pytest.mark.parametrize("or_unknown", [False, True])
def test_completion_durations_are_read_through_an_index_even_in_an_older_file(
    tmp_path: Path, or_unknown: bool
) -> None:
    """Every wait reads them: a journal written before the index existed gets it when opened,
    and the read walks the index instead of the whole table (both forms a wait uses: one
    model's, and Veo2's with the rows journaled before models were kept)."""
    path = tmp_path / "j.sqlite3"
    Journal(path).close()
    with sqlite3.connect(path) as db:  # as schema 2 left it
        db.execute("DROP INDEX jobs_model")
        db.execute("PRAGMA user_version = 2")
    journal = Journal(path)
    plans: list[str] = []
    journal.dialect._db.set_trace_callback(plans.append)  # type: ignore[attr-defined]
    journal.completion_durations("veo2/image-to-video", 5, or_unknown=or_unknown)
    journal.dialect._db.set_trace_callback(None)  # type: ignore[attr-defined]
    (query,) = [sql for sql in plans if "completed_at - created_at" in sql]
    with sqlite3.connect(path) as db:
        plan = " ".join(row[-1] for row in db.execute(f"EXPLAIN QUERY PLAN {query}"))
    journal.close()
    assert "SCAN jobs" not in plan
    assert "INDEX jobs_model" in plan


def sqlite_errors() -> list[type[sqlite3.Error]]:
    found, queue = [], [sqlite3.Error]
    while queue:
        cls = queue.pop()
        found.append(cls)
        queue += cls.__subclasses__()
    return found


@pytest.mark.parametrize("cls", sqlite_errors(), ids=lambda cls: cls.__name__)
def test_every_sqlite_error_leaves_the_journal_as_journal_error(
    cls: type[sqlite3.Error], tmp_path: Path
) -> None:
    """The journal boundary is total: no sqlite3 exception reaches the caller as itself."""
    error = journal_error(str(tmp_path / "j.sqlite3"), cls("database is locked"))
    assert isinstance(error, JournalError)
    assert "another process" in str(error)
    assert error.location == str(tmp_path / "j.sqlite3")


def test_a_journal_error_mid_operation_names_the_file(tmp_path: Path) -> None:
    """A store method failing on the database raises JournalError, not OperationalError."""
    path = tmp_path / "j.sqlite3"
    journal = Journal(path)
    with sqlite3.connect(path) as db:
        db.execute("DROP TABLE leases")
    with pytest.raises(JournalError, match=re.escape(str(path))):
        journal.claim("job:1", "me:1:x")


def test_a_journal_the_client_opened_is_closed_with_it_one_passed_in_is_not(
    make_driver: Callable[..., Driver], tmp_path: Path
) -> None:
    own = make_driver(journal=tmp_path / "own.sqlite3")
    given = Journal(tmp_path / "given.sqlite3")
    borrowed = make_driver(journal=given)
    opened = own.client.journal
    own.close()
    borrowed.close()
    with pytest.raises(JournalError):
        opened.jobs()
    assert given.jobs() == []
    given.close()
