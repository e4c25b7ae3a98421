"""Tracing and reconciliation: every create carries its intent id as X-Client-Request-Id, the
answer's ids and cost are journaled, and a create whose answer was lost is looked up in the
API's usage log (GET /v2/logs) instead of being guessed at."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs

import httpx
import pytest
from support import ID, PNG, Driver, FakeAPI, generation, log_row, logs_page

from aimlapi_veo import CreateOutcomeUnknownError, Journal
from aimlapi_veo.reconcile import DEFAULT_SETTLE, SETTLE_ENV, settle_seconds

TRACED = {"x-inference-id": ID, "x-aimlapi-credits-used": "525000", "x-aimlapi-usd-spent": "0.2625"}
OTHER = "0b7a7c55-4a62-4b0e-9d55-2f5d0c8a1e11"


def _lost_create(client: Driver, api: FakeAPI) -> str:
    """A create whose answer never came: returns the id it was sent with."""
    api.creates = [httpx.ReadTimeout("read timed out")]
    with pytest.raises(CreateOutcomeUnknownError) as raised:
        client.create(PNG, "p")
    sent = api.sent("POST")[-1].headers["x-client-request-id"]
    assert raised.value.client_request_id == sent
    return sent


def _journal(tmp_path: Path) -> Journal:
    return Journal(tmp_path / "journal.sqlite3")


def _queries(api: FakeAPI) -> list[dict[str, list[str]]]:
    return [parse_qs(r.url.query.decode()) for r in api.sent("GET") if r.url.path == "/v2/logs"]


@pytest.mark.parametrize("journaled", [True, False])
def test_every_create_carries_its_intent_id_as_client_request_id(
    make_driver: Callable[..., Driver], api: FakeAPI, tmp_path: Path, journaled: bool
) -> None:
    """The id is within the documented alphabet and length, with or without a journal, and
    journaled with the job."""
    make_driver(**({} if journaled else {"journal": False})).create(PNG, "p")
    sent = api.sent("POST")[0].headers["x-client-request-id"]
    assert re.fullmatch(r"[A-Za-z0-9._:-]{1,128}", sent)
    if journaled:
        job = _journal(tmp_path).get(ID)
        assert job is not None
        assert (job.intent, job.client_request_id) == (sent, sent)


def test_the_answers_inference_id_and_cost_are_journaled(
    client: Driver, api: FakeAPI, tmp_path: Path
) -> None:
    api.creates = [httpx.Response(200, json=generation(), headers=TRACED)]
    client.create(PNG, "p")
    job = _journal(tmp_path).get(ID)
    assert job is not None
    assert (job.inference_id, job.credits_used, job.usd_spent) == (ID, 525000, 0.2625)


@pytest.mark.parametrize(
    ("inference_id", "warned"),
    [(ID, False), (ID.split(":")[0], False), (f"{OTHER}:veo2/image-to-video", True)],
    ids=["same", "without-suffix", "another-job"],
)
def test_an_inference_id_naming_another_job_is_logged_and_the_paid_id_kept(
    client: Driver,
    api: FakeAPI,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    inference_id: str,
    warned: bool,
) -> None:
    """Ids compare with and without the `:model` suffix, as fetch answers' ids do."""
    api.creates = [httpx.Response(200, json=generation(), headers={"x-inference-id": inference_id})]
    with caplog.at_level(logging.WARNING, logger="aimlapi_veo"):
        created = client.create(PNG, "p")
    assert created.id == ID
    assert _journal(tmp_path).get(ID) is not None
    assert ("another id" in caplog.text) is warned


def test_a_lost_create_found_in_the_log_is_finished_with_one_create(
    client: Driver, api: FakeAPI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """resume() looks it up by its id, with the model filter in a window around the intent,
    journals the log's inference id as the generation id, waits and downloads."""
    monkeypatch.chdir(tmp_path)  # where a job without an output path is saved
    sent = _lost_create(client, api)
    api.logs = [
        httpx.Response(200, json=logs_page([log_row("someone-else", OTHER), log_row(sent)]))
    ]
    results = client.resume()
    assert [(r.generation_id, r.outcome) for r in results] == [(ID, "saved")]
    assert len(api.sent("POST")) == 1
    (query,) = _queries(api)
    assert query["model"] == ["veo2/image-to-video"]
    assert {"start", "end", "limit", "offset"} <= query.keys()
    job = _journal(tmp_path).get(ID)
    assert job is not None
    assert (job.inference_id, job.credits_used, job.client_request_id) == (ID, 525000, sent)


def test_the_log_is_read_page_by_page(client: Driver, api: FakeAPI) -> None:
    """Page after page until the intent is found; nothing is created to find it."""
    sent = _lost_create(client, api)
    api.logs = [
        httpx.Response(200, json=logs_page([log_row(None, OTHER)] * 100, has_more=True)),
        httpx.Response(200, json=logs_page([log_row(sent)])),
    ]
    [result] = client.reconcile()
    assert (result.outcome, result.generation_id) == ("found", ID)
    assert [q["offset"] for q in _queries(api)] == [["0"], ["100"]]
    assert len(api.sent("POST")) == 1  # reconciling never creates


def test_a_miss_with_the_model_filter_is_confirmed_without_it(client: Driver, api: FakeAPI) -> None:
    """The docs do not say how a video model is spelled in the log: a spelling difference
    must not look like a create that never arrived."""
    sent = _lost_create(client, api)
    api.logs = [
        httpx.Response(200, json=logs_page([])),
        httpx.Response(200, json=logs_page([log_row(sent, model="google/veo2")])),
    ]
    [result] = client.reconcile(settle=0)
    assert result.outcome == "found"
    assert ["model" in q for q in _queries(api)] == [True, False]


def test_a_succeeded_row_wins_over_failed_attempts_with_the_same_id(
    client: Driver, api: FakeAPI
) -> None:
    sent = _lost_create(client, api)
    rows = [log_row(sent, OTHER, status="failed"), log_row(sent)]
    api.logs = [httpx.Response(200, json=logs_page(rows))]
    assert client.reconcile()[0].generation_id == ID


def test_only_failed_rows_journal_the_job_failed(
    client: Driver, api: FakeAPI, tmp_path: Path
) -> None:
    """The API says the create failed and charged nothing: like a failed generation."""
    sent = _lost_create(client, api)
    api.logs = [httpx.Response(200, json=logs_page([log_row(sent, status="failed")]))]
    assert client.reconcile()[0].outcome == "found"
    job = _journal(tmp_path).get(ID)
    assert job is not None
    assert job.status == "failed"
    assert client.resume() == []


def test_not_in_the_log_stays_unknown_until_settled_then_not_received(
    client: Driver, api: FakeAPI, tmp_path: Path
) -> None:
    sent = _lost_create(client, api)
    [early] = client.reconcile(settle=60)
    assert early.outcome == "unknown"
    client.clock.now += 60
    [late] = client.reconcile(settle=60)
    assert late.outcome == "not received"
    (job,) = _journal(tmp_path).jobs()
    assert (job.id, job.status) == (sent, "not_received")
    assert "usage log at" in (job.error or "")
    assert client.reconcile(settle=60) == []  # settled: never looked up again


@pytest.mark.parametrize(
    "answer",
    [
        httpx.Response(401, json={"statusCode": 401, "message": "Unauthorized"}),
        httpx.Response(403, json={"statusCode": 403, "message": "Forbidden"}),
        httpx.Response(404, json={"statusCode": 404, "message": "Cannot GET /v2/logs"}),
        httpx.Response(200, json={"rows": []}),
        httpx.ConnectError("refused"),
    ],
    ids=["401", "403", "absent", "malformed", "unreachable"],
)
def test_a_log_that_cannot_be_read_leaves_the_create_unknown(
    client: Driver, api: FakeAPI, tmp_path: Path, answer: httpx.Response | Exception
) -> None:
    """Nothing is guessed, however long ago the create was."""
    _lost_create(client, api)
    api.logs = [answer]
    client.clock.now += 10 * DEFAULT_SETTLE
    [result] = client.reconcile()
    assert result.outcome == "unknown"
    assert "could not be read" in result.detail
    assert [job.status for job in _journal(tmp_path).jobs()] == ["unknown"]


@pytest.mark.parametrize(
    ("given", "env", "expected"), [(None, None, DEFAULT_SETTLE), (5.0, "7", 5.0), (None, "7", 7.0)]
)
def test_the_settle_period_comes_from_the_argument_then_the_environment(
    monkeypatch: pytest.MonkeyPatch, given: float | None, env: str | None, expected: float
) -> None:
    if env is not None:
        monkeypatch.setenv(SETTLE_ENV, env)
    assert settle_seconds(given) == expected
