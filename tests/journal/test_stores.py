"""The journal model holds the same way in every store (SQLite file, PostgreSQL server): every
test here runs against both."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from pathlib import Path

import pytest
from support import FakeClock, dead_pid

from aimlapi_veo.journal import JournalStore, open_journal
from aimlapi_veo.journal.base import is_intent, new_owner

BASE = "https://api.test"
BODY = {"prompt": "a cat", "image_url": "data:image/png;base64,AAAA", "duration": 8}


def test_an_intent_is_creating_then_takes_the_generation_id(store: JournalStore) -> None:
    """Written before the create is sent, the row is "creating" and claimed by its owner; the
    answer gives it the generation id, its status and a first event."""
    owner = new_owner()
    intent = store.begin_create(BASE, BODY, label="row-1", owner=owner)
    (job,) = store.jobs()
    assert (job.id, job.status, job.claimed_by, job.label) == (intent, "creating", owner, "row-1")
    assert job.params["image_url"].startswith("sha256:")
    assert job.video_seconds == 8
    assert store.unfinished() == []  # no id yet: nothing for resume to follow
    assert [j.id for j in store.jobs(unfinished_only=True)] == [intent]  # but `veo jobs` shows it

    store.created(intent, "gen-1", "queued")
    job2 = store.get("gen-1")
    assert job2 is not None
    assert (job2.status, job2.intent, job2.claimed_by) == ("queued", intent, None)
    assert [status for _, status in store.history("gen-1")] == ["queued"]
    assert [j.id for j in store.unfinished()] == ["gen-1"]


def test_the_whole_create_answer_is_journaled_with_its_id(store: JournalStore) -> None:
    """Link, trace and cost go in the one transaction that journals the id; a create that
    answers already completed stamps completed_at; a field no answer has is refused."""
    intent = store.begin_create(BASE, BODY, label=None, owner=new_owner())
    store.created(
        intent, "gen-1", "completed", video_url="https://cdn.test/v.mp4",
        inference_id="gen-1", credits_used=120, usd_spent=0.25,
    )  # fmt: skip
    job = store.get("gen-1")
    assert job is not None
    assert (job.status, job.video_url, job.inference_id, job.credits_used, job.usd_spent) == (
        "completed", "https://cdn.test/v.mp4", "gen-1", 120, 0.25,
    )  # fmt: skip
    assert job.completed_at is not None
    other = store.begin_create(BASE, BODY, label=None, owner=new_owner())
    with pytest.raises(TypeError, match="prompt"):
        store.created(other, "gen-2", "queued", prompt="not an answer's")


def test_a_create_that_made_nothing_leaves_no_row(store: JournalStore) -> None:
    intent = store.begin_create(BASE, BODY, label=None, owner=new_owner())
    store.discard(intent)
    assert store.jobs() == []
    assert store.holder(intent) is None


def test_an_unknown_outcome_is_kept_with_its_reason_and_id(store: JournalStore) -> None:
    """A create whose answer proved nothing stays listed as "unknown", with the id if one came."""
    first = store.begin_create(BASE, BODY, label="a", owner=new_owner())
    second = store.begin_create(BASE, BODY, label="b", owner=new_owner())
    store.outcome_unknown(first, "timed out after sending")
    store.outcome_unknown(second, "HTTP 502", generation_id="gen-2")
    jobs = {job.label: job for job in store.jobs()}
    assert (jobs["a"].id, jobs["a"].status, jobs["a"].error) == (
        first,
        "unknown",
        "timed out after sending",
    )
    assert (jobs["b"].id, jobs["b"].status, jobs["b"].error) == ("gen-2", "unknown", "HTTP 502")


def test_a_creating_row_whose_owner_died_reads_unknown(
    store: JournalStore, clock: FakeClock
) -> None:
    """A dead process on this host is noticed at once; an owner elsewhere when its lease ends."""
    dead = dead_pid()
    host_owner = new_owner().split(":")[0]
    store.begin_create(BASE, BODY, label="here", owner=f"{host_owner}:{dead}:x")
    store.begin_create(BASE, BODY, label="there", owner="elsewhere:1:x", ttl=30)
    status = {job.label: job.status for job in store.jobs()}
    assert status == {"here": "unknown", "there": "creating"}
    clock.now += 31
    assert {job.status for job in store.jobs()} == {"unknown"}


def test_a_lease_has_one_holder_until_it_expires(store: JournalStore, clock: FakeClock) -> None:
    assert store.claim("row:k", "host-a:1:a", ttl=60)
    assert not store.claim("row:k", "host-b:1:b", ttl=60)
    assert store.claim("row:k", "host-a:1:a", ttl=60)  # its own: renewed
    assert store.holder("row:k") == "host-a:1:a"
    clock.now += 61
    assert store.holder("row:k") is None
    assert store.claim("row:k", "host-b:1:b", ttl=60)  # taken over
    store.release("row:k", "host-a:1:a")  # not its own: a no-op
    assert store.holder("row:k") == "host-b:1:b"
    store.release("row:k", "host-b:1:b")
    assert store.holder("row:k") is None


def _claim_all(target: str, keys: int, queue: multiprocessing.Queue[list[int]]) -> None:
    journal, owner = open_journal(target), new_owner()
    queue.put([n for n in range(keys) if journal.claim(f"row:{n}", owner)])
    journal.close()


def test_claims_are_atomic_across_processes(journal_target: str, store: JournalStore) -> None:
    """Four processes race for the same 60 leases: each lease is won exactly once."""
    context = multiprocessing.get_context("spawn")
    queue: multiprocessing.Queue[list[int]] = context.Queue()
    workers = [context.Process(target=_claim_all, args=(journal_target, 60, queue)) for _ in "abcd"]
    for worker in workers:
        worker.start()
    won = [queue.get(timeout=60) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
    assert sorted(n for keys in won for n in keys) == list(range(60))


def test_a_status_change_adds_an_event_and_completion_is_learned(
    store: JournalStore, clock: FakeClock
) -> None:
    for n, took in enumerate((40.0, 50.0)):
        store.record_created(f"gen-{n}", BASE, {"duration": 5, "model": "veo3"}, "queued")
        clock.now += took / 2
        store.record_status(f"gen-{n}", "generating")
        store.record_status(f"gen-{n}", "generating")
        clock.now += took / 2
        store.record_status(f"gen-{n}", "completed", "https://cdn.test/v.mp4")
    assert [s for _, s in store.history("gen-0")] == ["queued", "generating", "completed"]
    assert sorted(store.completion_durations("veo3", 5)) == [40.0, 50.0]
    assert store.completion_durations("veo3", 8) == []
    assert store.completion_durations("veo2", 5) == []
    store.record_created("gen-old", BASE, {"duration": 5}, "queued")  # before models were kept
    clock.now += 30.0
    store.record_status("gen-old", "completed", "https://cdn.test/v.mp4")
    assert store.completion_durations(None, 5) == [30.0]
    assert sorted(store.completion_durations("veo3", 5, or_unknown=True)) == [30.0, 40.0, 50.0]


def test_a_completion_is_stamped_when_the_caller_says_it_came(
    store: JournalStore, clock: FakeClock
) -> None:
    """The wait knows completion came between two fetches: it passes the time, not now."""
    store.record_created("gen-0", BASE, {"duration": 5}, "queued")
    created = clock.now
    clock.now += 50.0
    store.record_status("gen-0", "completed", "https://cdn.test/v.mp4", completed_at=created + 44)
    assert store.completion_durations(None, 5) == [pytest.approx(44.0)]


def test_an_answer_that_adds_nothing_writes_nothing(store: JournalStore, clock: FakeClock) -> None:
    """A fetch seeing the stored status again (no new link or error) leaves the row as it was:
    updated_at stays at the last change; a new link, an error or a completion is written."""
    store.record_created("gen-1", BASE, {"duration": 5}, "queued")
    created = store.get("gen-1")
    assert created is not None
    clock.now += 10
    store.record_status("gen-1", "queued")
    store.record_status("gen-1", "queued", None, None)
    assert store.get("gen-1") == created
    store.record_status("gen-1", "queued", error="slow")
    assert store.get("gen-1") != created
    clock.now += 10
    store.record_status("gen-1", "completed", "https://cdn.test/a.mp4")
    done = store.get("gen-1")
    assert done is not None
    assert (done.updated_at, done.completed_at) == (clock.now, clock.now)
    clock.now += 10
    store.record_status("gen-1", "completed", "https://cdn.test/a.mp4")
    store.record_status("gen-1", "completed")
    assert store.get("gen-1") == done
    store.record_status("gen-1", "completed", "https://cdn.test/fresh.mp4")
    refreshed = store.get("gen-1")
    assert refreshed is not None
    assert (refreshed.video_url, refreshed.updated_at) == ("https://cdn.test/fresh.mp4", clock.now)
    assert [s for _, s in store.history("gen-1")] == ["queued", "completed"]


def test_a_saved_video_is_recorded_with_its_size_and_digest(
    store: JournalStore, tmp_path: Path
) -> None:
    store.record_created("gen-1", BASE, {}, "queued")
    store.set_output("gen-1", tmp_path / "planned.mp4")
    assert store.get("gen-1").output_path == str(tmp_path / "planned.mp4")  # type: ignore[union-attr]
    store.record_status("gen-1", "completed", "https://cdn.test/v.mp4")
    store.record_download("gen-1", tmp_path / "v.mp4", 1234, "ab" * 32)
    job = store.get("gen-1")
    assert job is not None
    assert (job.output_path, job.file_size, job.file_sha256) == (
        str(tmp_path / "v.mp4"),
        1234,
        "ab" * 32,
    )
    assert job.downloaded_at is not None
    assert store.unfinished() == []
    store.set_output("gen-1", tmp_path / "elsewhere.mp4")  # a saved job keeps its path
    assert store.get("gen-1").output_path == str(tmp_path / "v.mp4")  # type: ignore[union-attr]


def test_failed_jobs_are_not_unfinished(store: JournalStore) -> None:
    store.record_created("gen-1", BASE, {}, "queued")
    store.record_status("gen-1", "failed", error="E: m")
    assert store.unfinished() == []
    assert store.get("gen-1").error == "E: m"  # type: ignore[union-attr]


def test_an_id_journaled_twice_is_one_row(store: JournalStore) -> None:
    """An answer naming an id the journal already has merges the intent into that row."""
    store.record_created("gen-1", BASE, {}, "queued", label="first")
    intent = store.begin_create(BASE, {}, label="second", owner=new_owner())
    store.created(intent, "gen-1", "generating")
    (job,) = store.jobs()
    assert (job.id, job.status, job.label) == ("gen-1", "generating", "first")
    assert not is_intent(job.id)


def test_every_handle_sees_the_others_writes(make_store: Callable[[], JournalStore]) -> None:
    first, second = make_store(), make_store()
    first.record_created("gen-1", BASE, {}, "queued", label="x")
    assert [job.id for job in second.jobs(label="x")] == ["gen-1"]
    assert second.jobs(label="y") == []


def test_check_writable_passes_on_a_healthy_journal(store: JournalStore) -> None:
    store.check_writable()


@pytest.mark.parametrize("reopen", [False, True])
def test_the_journal_survives_reopening(
    make_store: Callable[[], JournalStore], reopen: bool
) -> None:
    store = make_store()
    store.record_created("gen-1", BASE, {}, "queued")
    if reopen:
        store.close()
        store = make_store()
    assert [job.id for job in store.jobs()] == ["gen-1"]
