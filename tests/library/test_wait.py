"""get() and wait(): polling, retries on fetch, terminal states, the deadline."""

from __future__ import annotations

import logging
import re
import statistics
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from support import BASE, ID, PNG, Answer, Driver, FakeAPI, completed, generation

from aimlapi_veo import (
    GenerationFailedError,
    GenerationTimeoutError,
    MalformedResponseError,
    NotFoundError,
)
from aimlapi_veo.journal import open_journal


def statuses(*names: str) -> list[httpx.Response | Exception]:
    return [httpx.Response(200, json=generation(n, conforming=False)) for n in names]


def done_at(client: Driver, when: float, status: str = "generating") -> list[Answer]:
    """A job in `status` until `when` on the client's clock, completed from then on."""
    return [
        lambda request: httpx.Response(
            200, json=completed() if client.clock.now >= when else generation(status)
        )
    ]


@pytest.mark.parametrize(
    "fault",
    [
        httpx.Response(500, json={"message": "x"}),
        httpx.Response(502, text="bad gateway"),
        httpx.Response(503, json={"message": "x"}),
        httpx.ConnectError("reset"),
        httpx.ReadTimeout("slow"),
        httpx.RemoteProtocolError("connection reset by peer"),
    ],
    ids=["500", "502", "503", "connect-error", "read-timeout", "reset"],
)
def test_fetch_retries_transient_failures(
    client: Driver, api: FakeAPI, fault: httpx.Response | Exception
) -> None:
    """A fetch is free and idempotent: transient failures are retried with backoff."""
    api.fetches = [fault, fault, httpx.Response(200, json=completed())]
    assert client.get(ID).succeeded
    assert len(api.sent("GET")) == 3
    assert len(client.clock.sleeps) == 2


def test_fetch_honours_retry_after_on_429(client: Driver, api: FakeAPI) -> None:
    """The server's pace wins over the backoff's guess."""
    api.fetches = [
        httpx.Response(429, headers={"Retry-After": "12"}),
        httpx.Response(200, json=completed()),
    ]
    client.get(ID)
    assert client.clock.sleeps == [12.0]


def test_unknown_id_is_not_found(client: Driver, api: FakeAPI) -> None:
    """404 is final, not retried."""
    api.fetches = [httpx.Response(404, json={"message": "Generation not found"})]
    with pytest.raises(NotFoundError, match="Generation not found"):
        client.get(ID)
    assert len(api.sent("GET")) == 1


def test_malformed_json_is_reported_not_retried(client: Driver, api: FakeAPI) -> None:
    """A 200 with a body that is not JSON cannot be parsed: say so."""
    api.fetches = [httpx.Response(200, text="{not json")]
    with pytest.raises(MalformedResponseError, match="does not match the spec"):
        client.get(ID)


def test_wait_treats_the_live_apis_statuses_as_in_progress(
    client: Driver, api: FakeAPI, caplog: pytest.LogCaptureFixture
) -> None:
    """`waiting`, `active`, `processing` are not in the spec's enum but are what the live API
    says while working (API-NOTES): polling goes on, nothing to warn about."""
    api.fetches = [
        *statuses("waiting", "waiting", "active", "processing", "processing"),
        httpx.Response(200, json=completed()),
    ]
    seen: list[str] = []
    with caplog.at_level(logging.INFO, logger="aimlapi_veo"):
        done = client.wait(ID, on_update=lambda u: seen.append(u.status or "start"))
    assert done.succeeded
    assert seen == ["start", "waiting", "active", "processing", "completed"]
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


URL = "https://cdn.test/v/output.mp4"
IN_PROGRESS = {"id": ID, "status": "generating"}
#: What the service answers (each answer repeats until the next), and how the wait must end:
#: the status it returns with, or the error it raises and its message (a regex).
EVIDENCE: dict[str, tuple[list[tuple[dict[str, object], dict[str, str]]], str]] = {
    "a video URL under an unlisted status is done": (
        [({"id": ID, "status": "succeeded", "video": {"url": URL}}, {})], "succeeded"
    ),
    "completed with no video and an error failed": (
        [({"id": ID, "status": "completed", "video": None,
           "error": {"name": "E", "message": "boom"}}, {})],
        "GenerationFailedError: .*boom",
    ),
    "an unlisted status that never ends ends the wait": (
        [({"id": ID, "status": "suspended"}, {})],
        "GenerationTimeoutError: .*status 'suspended', which the API's spec does not list",
    ),
    "an unlisted status that ends within the window is waited for": (
        [({"id": ID, "status": "suspended"}, {})] * 3 + [(completed(), {})], "completed"
    ),
    "a Retry-After in milliseconds is clamped to the window": (
        [(IN_PROGRESS, {"Retry-After": "3000"}), (completed(), {})], "completed"
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", EVIDENCE)
def test_statuses_and_hints_are_judged_by_evidence(
    client: Driver, api: FakeAPI, caplog: pytest.LogCaptureFixture, case: str
) -> None:
    """Whatever a status is called, a downloadable video means done and an error without one
    failed; a status no one lists, or a hint in the wrong unit, never keeps a wait past the
    job's expected window plus its margin (here 600 s is the deadline); each is logged once."""
    answers, outcome = EVIDENCE[case]
    api.fetches = [httpx.Response(200, json=body, headers=headers) for body, headers in answers]
    with caplog.at_level(logging.WARNING, logger="aimlapi_veo"):
        try:
            ended = client.wait(ID).status.value
        except (GenerationFailedError, GenerationTimeoutError) as exc:
            ended = f"{type(exc).__name__}: {exc}"
            assert ID in ended
    assert re.match(outcome, ended), ended
    window_end = client.client.expected_window(ID)[1]
    assert client.clock.now - 1_000.0 <= 2 * window_end + 60  # the documented margin
    warned = [r.getMessage() for r in caplog.records]
    assert len(warned) == len(set(warned)) <= 1


def test_every_update_tells_the_documented_window(client: Driver, api: FakeAPI) -> None:
    """Before any history, a 5-s video is expected 40-50 s after creation, as the page says
    (not the schedule's belief, which also weighs the jobs that outlive the window)."""
    api.fetches = [*statuses("queued"), httpx.Response(200, json=completed())]
    windows: list[tuple[float, float]] = []
    client.wait(ID, on_update=lambda u: windows.append(u.window))
    assert windows == [(40.0, 50.0)] * 3


@pytest.mark.parametrize("status", ["error", "failed", "expired"])
def test_failed_generation_raises_with_the_apis_reason(
    client: Driver, api: FakeAPI, status: str
) -> None:
    """Terminal failures carry the id, the status and the API's error name and message."""
    api.fetches = [
        httpx.Response(
            200,
            json=generation(
                status, conforming=False, error={"name": "SafetyError", "message": "blocked"}
            ),
        )
    ]
    with pytest.raises(GenerationFailedError) as caught:
        client.wait(ID)
    error = caught.value
    assert (error.generation_id, error.status, error.error_name, error.error_message) == (
        ID,
        status,
        "SafetyError",
        "blocked",
    )


def test_wait_deadline_raises_timeout_with_id_and_last_status(client: Driver, api: FakeAPI) -> None:
    """A job still running at the deadline is not lost: the error names it and how to resume."""
    api.fetches = statuses("generating")
    with pytest.raises(GenerationTimeoutError, match=f"veo wait {ID}") as caught:
        client.wait(ID, timeout=120)
    assert (caught.value.generation_id, caught.value.last_status) == (ID, "generating")
    assert client.clock.now - 1_000.0 == pytest.approx(120, abs=0.01)


@pytest.mark.parametrize(
    ("done", "found_within", "most_fetches"),
    [(45.0, 3.5, 6), (20.0, 11.0 * 1.05, 2)],
    ids=["documented-window", "twice-as-fast-as-documented"],
)
def test_wait_after_create_finds_completion_soon_whether_documented_or_not(
    make_driver: Callable[..., Driver],
    api: FakeAPI,
    done: float,
    found_within: float,
    most_fetches: int,
) -> None:
    """A 5-second video takes 40-50 s by the documentation: done at 45 s it is found within a
    few seconds with no more fetches than the page's loop (6 by 50 s); done at 20 s it is
    found within one capped gap, not at 40 s (no dead zone before the window)."""
    client = make_driver()
    api.fetches = done_at(client, 1_000 + done, "queued")
    client.create(PNG, "p")
    client.wait(ID)
    assert 1_000 + done <= client.clock.now <= 1_000 + done + found_within
    assert len(api.sent("GET")) <= most_fetches
    assert max(client.clock.sleeps) <= 11.0  # insurance gaps of ~10.4 s before the window


def test_wait_follows_the_servers_poll_hint(client: Driver, api: FakeAPI) -> None:
    """Retry-After on an in-progress answer replaces the schedule's guess."""
    api.fetches = [
        httpx.Response(200, headers={"Retry-After": "2"}, json=generation("generating")),
        httpx.Response(200, json=completed()),
    ]
    client.wait(ID)
    assert client.clock.sleeps == [2.0]


def test_create_answers_poll_hint_sets_the_first_fetch(
    make_driver: Callable[..., Driver], api: FakeAPI
) -> None:
    """A server that says when to come back is believed from the first fetch on."""
    api.creates = [httpx.Response(200, headers={"Retry-After": "3"}, json=generation())]
    client = make_driver()
    client.create(PNG, "p")
    client.wait(ID)
    assert client.clock.sleeps == [3.0]


def test_journal_records_every_status_change(client: Driver, api: FakeAPI) -> None:
    """The status history of a job survives the process: from the create answer's status on,
    one event per change (a fetch repeating the last status adds none)."""
    api.fetches = [*statuses("queued", "generating"), httpx.Response(200, json=completed())]
    client.create(PNG, "p")
    client.wait(ID)
    assert [status for _, status in client.client.journal.history(ID)] == [
        "queued",
        "generating",
        "completed",
    ]


def test_without_a_journal_the_plan_still_follows_the_video_length(
    make_driver: Callable[..., Driver], api: FakeAPI
) -> None:
    """An 8-second video is expected after 64-80 s even when nothing is journaled: found
    within a few seconds, with fewer fetches than the page's loop (9 by 80 s)."""
    client = make_driver(journal=False)
    api.fetches = done_at(client, 1_070)
    client.create(PNG, "p", duration=8)
    client.wait(ID)
    assert 1_070 <= client.clock.now <= 1_070 + 4
    assert len(api.sent("GET")) <= 8


def test_history_in_the_journal_moves_the_fetches_to_where_jobs_complete(
    make_driver: Callable[..., Driver], api: FakeAPI
) -> None:
    """After jobs that all took ~20 s, the next is found within ~2 s of completing at 21 s."""
    client = make_driver()
    journal = client.client.journal
    for number in range(8):
        job = f"{number:08x}-0000-4000-8000-000000000000:veo2/image-to-video"
        client.clock.now = 100.0 * number
        journal.record_created(job, BASE, {"duration": 5}, "queued", None)
        client.clock.now += 19.0 + number % 3
        journal.record_status(job, "completed", "https://cdn.test/v.mp4", None)
    client.clock.now = 5_000.0
    api.fetches = done_at(client, 5_021)
    client.create(PNG, "p")
    client.wait(ID)
    assert 5_021 <= client.clock.now <= 5_021 + 2.5
    assert len(api.sent("GET")) <= 5


def test_a_completion_is_journaled_between_the_last_two_looks(
    make_driver: Callable[..., Driver], api: FakeAPI
) -> None:
    """Done at 24 s, a 5-s video's job is seen running at the ~20.8-s fetch and done at the
    ~31.2-s one: the journal learns ~26 s, not the 31.2 s at which it was seen."""
    client = make_driver()
    api.fetches = done_at(client, 1_024)
    client.create(PNG, "p")
    client.wait(ID)
    job = client.client.journal.get(ID)
    assert job.completed_at - job.created_at == pytest.approx(26.0, abs=0.1)
    assert client.clock.now - job.created_at == pytest.approx(31.2, abs=0.1)


def test_a_service_that_turns_faster_is_learned_within_a_few_jobs(
    make_driver: Callable[..., Driver], api: FakeAPI
) -> None:
    """After 20 jobs done at 44-46 s, the service turns twice as fast (22 s): over the five
    jobs after the change the lag is within 1.25x the page loop's, the fifth's within half of
    it (the first pays for the change: it is found before the old window, not in it)."""
    client = make_driver()
    created, took = [0.0], [45.0]
    job = f"{0:08x}-0000-4000-8000-000000000000"

    def create(request: httpx.Request) -> httpx.Response:
        created[0] = client.clock.now
        return httpx.Response(200, json=generation("queued", id=job))

    def fetch(request: httpx.Request) -> httpx.Response:
        done = client.clock.now - created[0] >= took[0]
        answer = completed(id=job) if done else generation("generating", id=job)
        return httpx.Response(200, json=answer)

    api.creates, api.fetches = [create], [fetch]
    lags = []
    for number in range(25):
        job = f"{number:08x}-0000-4000-8000-000000000000"
        took[0] = 44.0 + number % 3 if number < 20 else 22.0
        client.wait(client.create(PNG, "p").id)
        lags.append(client.clock.now - created[0] - took[0])
        client.clock.now += 100
    page = 30.0 - 22.0  # the page's loop finds a 22-s job at its 30-s fetch
    assert statistics.fmean(lags[20:]) <= 1.25 * page
    assert lags[-1] <= page / 2


@pytest.mark.parametrize("found", [True, False], ids=["found-later", "never-found"])
def test_a_job_created_here_is_looked_for_through_404s_within_its_window(
    client: Driver, api: FakeAPI, found: bool
) -> None:
    """The service may list a new job late: a 404 for a job this client created is fetched
    again up to the expected window plus its margin; past it the 404 stands, saying so."""
    missing = httpx.Response(404, json={"statusCode": 404, "message": "not found"})
    api.fetches = [missing, missing, missing, httpx.Response(200, json=completed())]
    if not found:
        api.fetches = [missing]
    created = client.create(PNG, "p")
    if found:
        assert client.wait(created.id).succeeded
        return
    with pytest.raises(NotFoundError, match=r"still does not find generation .* after creating"):
        client.wait(created.id)
    assert client.clock.now - 1_000.0 <= 2 * client.client.expected_window(ID)[1] + 60


def test_a_job_done_at_its_first_fetch_is_journaled_at_that_fetch(
    make_driver: Callable[..., Driver], api: FakeAPI
) -> None:
    """Nothing saw it running but the create answer at 0 s: half the first fetch's time would
    teach the learned window an early tail no job had; the fetch that saw it done is kept."""
    client = make_driver()
    api.fetches = done_at(client, 1_003)
    client.create(PNG, "p")
    client.wait(ID)
    job = client.client.journal.get(ID)
    assert len(api.sent("GET")) == 1
    assert job.completed_at - job.created_at == pytest.approx(client.clock.now - 1_000, abs=0.1)
    assert client.clock.now - 1_000 > 6.0  # the first planned fetch, not the completion at 3 s


def test_a_worker_whose_clock_is_off_learns_true_durations(
    make_driver: Callable[..., Driver], api: FakeAPI, tmp_path: Path
) -> None:
    """The journal's clock (a shared database's) is 200 s behind this worker's: the row's
    created_at is on the journal's clock, so the completion is put on it too, and the journal
    learns ~26 s, not ~226 s."""
    drivers: list[Driver] = []
    journal = open_journal(
        tmp_path / "j.sqlite3", lambda: (drivers[0].clock.time() if drivers else 0.0) - 200
    )
    client = make_driver(journal=journal)
    drivers.append(client)
    api.fetches = done_at(client, 1_024)
    client.create(PNG, "p")
    client.wait(ID)
    job = journal.get(ID)
    assert job.completed_at - job.created_at == pytest.approx(26.0, abs=0.1)
    journal.close()


@pytest.mark.parametrize(("takes", "learned"), [(5.0, 10.4), (30.0, 26.0)])
def test_a_create_that_waited_out_429s_teaches_the_jobs_own_time(
    make_driver: Callable[..., Driver], api: FakeAPI, takes: float, learned: float
) -> None:
    """The create was refused for 100 s before it was answered: the job's time counts from the
    answer, whether the first fetch saw it done (at ~10.4 s) or a later one did (midpoint)."""
    client = make_driver()
    refused = httpx.Response(429, headers={"Retry-After": "50"})
    api.creates = [refused, refused, httpx.Response(200, json=generation())]
    client.create(PNG, "p")
    api.fetches = done_at(client, client.clock.now + takes)
    client.wait(ID)
    job = client.client.journal.get(ID)
    assert job.completed_at - job.created_at == pytest.approx(learned, abs=0.2)


def test_waits_share_a_history_read_for_a_second_and_this_clients_completions_at_once(
    make_driver: Callable[..., Driver], api: FakeAPI
) -> None:
    """Waits that start together plan from one read of the journal's completion times; what
    another worker journals shows a second later, what this client saw complete at once."""
    client = make_driver()
    journal = client.client.journal

    def others_took(seconds: float, count: int, first: int) -> None:
        for number in range(first, first + count):
            job = f"{number:08x}-0000-4000-8000-000000000000:veo2/image-to-video"
            created = client.clock.now
            journal.record_created(job, BASE, {"duration": 5}, "queued", None)
            journal.record_status(
                job, "completed", "https://cdn.test/v.mp4", None, completed_at=created + seconds
            )

    client.create(PNG, "p")
    assert client.expected_window(ID) == (40.0, 50.0)  # nothing learned yet: documented
    others_took(20.0, 8, first=100)
    assert client.expected_window(ID) == (40.0, 50.0)  # read less than a second ago
    client.clock.now += 1.0
    assert client.expected_window(ID)[1] < 25.0  # another worker's 20-s jobs, a second later
    others_took(90.0, 8, first=200)
    assert client.expected_window(ID)[1] < 25.0  # read less than a second ago
    api.fetches = [httpx.Response(200, json=completed())]
    client.get(ID)  # this client saw a job complete: the next plan reads the journal again
    assert client.expected_window(ID)[1] > 80.0
