"""Answers are checked, not trusted: a wrong type, a missing field or another job's id is a
MalformedResponseError naming the generation, and resume reports it per job and goes on."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from support import CDN, ID, PNG, Driver, FakeAPI, completed, generation

from aimlapi_veo import MalformedResponseError

OTHER = "00000000-0000-0000-0000-000000000000:veo2/image-to-video"
WRONG: dict[str, dict[str, Any]] = {
    "video is a string": {"video": "https://cdn.test/v.mp4"},
    "error is a string": {"status": "error", "error": "it broke"},
    "meta is a list": {"meta": [1, 2]},
    "file_size is text": {"video": {"url": f"{CDN}/v.mp4", "file_size": "big"}},
    "url is a number": {"video": {"url": 7}},
    "status is a number": {"status": 3},
    "id is a number": {"id": 12},
    "no status": {"status": None},
}


@pytest.mark.parametrize("case", list(WRONG))
def test_a_wrong_typed_answer_is_malformed_and_names_the_generation(
    client: Driver, api: FakeAPI, case: str
) -> None:
    body = {"id": ID, "status": "completed", **WRONG[case]}
    api.fetches = [httpx.Response(200, json={k: v for k, v in body.items() if v is not None})]
    with pytest.raises(MalformedResponseError) as caught:
        client.get(ID)
    if case != "id is a number":
        assert ID in str(caught.value)


@pytest.mark.parametrize("wrong", [{"status": 42}, {"meta": [1]}], ids=["status", "meta"])
def test_a_wrong_typed_create_answer_keeps_the_journaled_id_in_the_error(
    client: Driver, api: FakeAPI, wrong: dict[str, object]
) -> None:
    """A paid generation is never lost: the id (and the request's parameters, the image as
    a digest) is journaled before the rest of the answer is read, and the error says how
    to go on."""
    api.creates = [httpx.Response(200, json={"id": ID, "status": "queued", **wrong})]
    with pytest.raises(
        MalformedResponseError,
        match=f"generation {re.escape(ID)} was created .* `veo wait {re.escape(ID)}`",
    ):
        client.create(PNG, "p")
    job = client.client.journal.get(ID)
    assert job is not None
    assert job.status == "submitted"  # the id is kept; the status is not trusted
    assert job.params["prompt"] == "p"
    assert job.params["image_url"].startswith("sha256:")


def test_an_answer_about_another_job_is_not_trusted(
    client: Driver, api: FakeAPI, tmp_path: Path
) -> None:
    """A fetch answer carrying another job's id never gets that job's video saved."""
    api.fetches = [httpx.Response(200, json=completed(id=OTHER))]
    with pytest.raises(MalformedResponseError, match="about another one"):
        client.download(ID, tmp_path / "v.mp4")
    assert api.sent(host="cdn.test") == []


def test_the_model_suffix_alone_does_not_make_another_job(client: Driver, api: FakeAPI) -> None:
    """The docs show ids with and without `:veo2/image-to-video`: the same job either way."""
    api.fetches = [httpx.Response(200, json=completed(id=ID.split(":")[0]))]
    assert client.get(ID).succeeded


def test_a_completed_answer_without_a_video_url_says_so(
    client: Driver, api: FakeAPI, tmp_path: Path
) -> None:
    api.fetches = [httpx.Response(200, json=generation("completed", conforming=False))]
    with pytest.raises(
        MalformedResponseError,
        match=f"generation {ID} is completed but .* no http\\(s\\) video URL",
    ):
        client.download(ID, tmp_path / "v.mp4")


def test_resume_reports_a_malformed_answer_for_its_job_and_finishes_the_next(
    make_driver: Callable[..., Driver], api: FakeAPI, tmp_path: Path
) -> None:
    client = make_driver()
    journal = client.client.journal
    journal.record_created(OTHER, client.client.base_url, {"duration": 5}, "queued")
    journal.record_created(ID, client.client.base_url, {"duration": 5}, "queued")
    journal.set_output(ID, tmp_path / "good.mp4")

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.params["generation_id"] == OTHER:
            return httpx.Response(200, json={"id": OTHER, "status": "completed", "video": "x"})
        return httpx.Response(200, json=completed())

    api.fetches = [answer]
    first, second = client.resume()
    assert (first.generation_id, first.outcome) == (OTHER, "error")
    assert isinstance(first.error, MalformedResponseError)
    assert (second.generation_id, second.outcome, second.path) == (
        ID,
        "saved",
        tmp_path / "good.mp4",
    )
