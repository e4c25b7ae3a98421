"""Never paying twice, never losing a paid job: the write-ahead intent and what each create
answer means for it (journaled as the job, dropped, or kept as "unknown")."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from support import ID, PNG, Driver, FakeAPI, generation

from aimlapi_veo import (
    AuthenticationError,
    BadRequestError,
    CreateOutcomeUnknownError,
    Journal,
    JournalError,
    MalformedResponseError,
    RateLimitError,
)
from aimlapi_veo.journal import UNKNOWN


def test_the_intent_is_journaled_before_the_body_is_sent(
    client: Driver, api: FakeAPI, tmp_path: Path
) -> None:
    """While the POST is in flight the journal already holds a "creating" row with its
    parameters and label: a crash now leaves a trace."""
    seen: list[tuple[str, str | None, int]] = []

    def answer(request: httpx.Request) -> httpx.Response:
        [job] = Journal(tmp_path / "journal.sqlite3", clock=client.clock.time).jobs()
        seen.append((job.status, job.label, job.video_seconds))
        return httpx.Response(200, json=generation())

    api.creates = [answer]
    client.create(PNG, "p", label="row-7", duration=8)
    assert seen == [("creating", "row-7", 8)]
    [job] = client.client.journal.jobs()
    assert (job.id, job.status, job.label) == (ID, "queued", "row-7")


@pytest.mark.parametrize(
    ("answer", "error"),
    [
        (httpx.Response(400, json={"message": "bad image"}), BadRequestError),
        (httpx.Response(401, json={"message": "no"}), AuthenticationError),
        (httpx.Response(429, json={"message": "slow"}), RateLimitError),
        (httpx.ConnectError("refused"), Exception),
    ],
    ids=["400", "401", "429-every-time", "never-connected"],
)
def test_an_answer_proving_nothing_was_created_drops_the_intent(
    client: Driver, api: FakeAPI, answer: httpx.Response | Exception, error: type[Exception]
) -> None:
    api.creates = [answer]
    with pytest.raises(error):
        client.create(PNG, "p")
    assert client.client.journal.jobs() == []


@pytest.mark.parametrize(
    ("answer", "said"),
    [
        (httpx.Response(500, json={"message": "boom"}), "HTTP 500: boom"),
        (httpx.Response(502, text="bad gateway"), "HTTP 502"),
        (httpx.Response(503, json={"message": "busy"}), "HTTP 503: busy"),
        (
            httpx.Response(503, headers={"Retry-After": "1"}, json={"message": "busy"}),
            "HTTP 503",
        ),
        (httpx.Response(504, text=""), "HTTP 504"),
        (httpx.ReadTimeout("slow"), "ReadTimeout"),
        (httpx.WriteTimeout("slow"), "WriteTimeout"),
        (httpx.RemoteProtocolError("cut"), "RemoteProtocolError"),
        (httpx.Response(200, text="<html>"), "carries no generation id"),
    ],
    ids=[
        "500",
        "502",
        "503",
        "503-retry-after",
        "504",
        "timeout",
        "write-timeout",
        "broken",
        "no-id",
    ],
)
def test_an_answer_that_proves_nothing_is_an_unknown_outcome_sent_once(
    client: Driver, api: FakeAPI, answer: httpx.Response | Exception, said: str
) -> None:
    """One POST (a 5xx may come after the job was stored), CreateOutcomeUnknownError saying
    what came and that a job may exist, and an "unknown" row."""
    api.creates = [answer]
    with pytest.raises(CreateOutcomeUnknownError, match="may have been created and charged") as e:
        client.create(PNG, "p")
    assert said in str(e.value)
    assert e.value.generation_id is None
    assert len(api.sent("POST")) == 1
    [job] = client.client.journal.jobs()
    assert job.status == UNKNOWN
    assert said in (job.error or "")
    assert client.client.journal.unfinished() == []  # nothing to poll: no id


def test_an_error_answer_carrying_an_id_keeps_the_id(client: Driver, api: FakeAPI) -> None:
    """A 5xx whose body names the job: the id is on the exception and in the journal, so
    resume can follow it."""
    api.creates = [httpx.Response(500, json={"id": ID, "message": "late failure"})]
    with pytest.raises(CreateOutcomeUnknownError, match=f"generation {ID} may exist") as caught:
        client.create(PNG, "p")
    assert caught.value.generation_id == ID
    job = client.client.journal.get(ID)
    assert job is not None
    assert job.status == UNKNOWN
    assert [j.id for j in client.client.journal.unfinished()] == [ID]


@pytest.mark.parametrize(
    ("answer", "journaled"),
    [
        (
            httpx.Response(202, headers={"Location": f"/v2/video/generations?generation_id={ID}"}),
            ID,
        ),
        (
            httpx.Response(
                201, headers={"Location": f"https://api.test/v2/generations/{quote(ID, safe='')}"}
            ),
            ID,
        ),
        (httpx.Response(200, json={"data": {"id": ID, "status": "queued"}}), ID),
        (httpx.Response(200, json={"id": 42, "status": "queued"}), "42"),
    ],
    ids=["location-query", "location-path", "envelope", "integer-id"],
)
def test_an_answer_naming_the_job_anywhere_journals_it_before_raising(
    client: Driver, api: FakeAPI, answer: httpx.Response, journaled: str
) -> None:
    """A paid job is never orphaned for its answer's shape: the id in a Location header, a
    one-level envelope or as a number is journaled, and the error says the shape was wrong."""
    api.creates = [answer]
    with pytest.raises(MalformedResponseError, match=f"generation {journaled} was created"):
        client.create(PNG, "p")
    assert [job.id for job in client.client.journal.unfinished()] == [journaled]


def test_an_interrupted_create_is_left_as_unknown(client: Driver, api: FakeAPI) -> None:
    """Ctrl-C while the POST is in flight: it may have been received, so the row says so."""

    def interrupt(request: httpx.Request) -> httpx.Response:
        raise KeyboardInterrupt

    api.creates = [interrupt]
    with pytest.raises(KeyboardInterrupt):
        client.create(PNG, "p")
    [job] = client.client.journal.jobs()
    assert job.status == UNKNOWN
    assert "interrupted" in (job.error or "")


class JournalFailingAfterTheAnswer(Journal):
    """A journal that takes the intent, then fails (read-only, locked) when the answer comes."""

    def created(self, intent: str, generation_id: str, status: str, **answer: object) -> None:
        raise JournalError(self.location, "it is read-only", "make it writable")


def test_the_id_reaches_the_user_when_the_journal_fails_after_the_answer(
    make_driver: Callable[..., Driver],
    api: FakeAPI,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The job exists and is paid for: its id is on the exception, in an error log line and
    in a fallback file named in the message."""
    client = make_driver(journal=JournalFailingAfterTheAnswer(tmp_path / "journal.sqlite3"))
    with caplog.at_level(logging.ERROR), pytest.raises(CreateOutcomeUnknownError) as caught:
        client.create(PNG, "p", label="row-1")
    error = caught.value
    assert error.generation_id == ID
    assert error.fallback_path == tmp_path / "aimlapi-veo-unjournaled-ids.txt"
    assert str(error.fallback_path) in str(error)
    assert ID in error.fallback_path.read_text()
    assert any(ID in record.getMessage() for record in caplog.records)
    assert len(api.sent("POST")) == 1
