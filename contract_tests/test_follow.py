"""The video download check of a followed job, and the verdict on what it finds."""

from __future__ import annotations

import pytest

from contract_tests.findings import Discrepancy, make_exchange
from contract_tests.follow import DOWNLOAD, Follower, download_problems
from contract_tests.guard import Guard
from contract_tests.impact import VIDEO, assess
from contract_tests.settings import RunSettings

MP4 = {"content-type": "video/mp4", "content-length": "1024"}


@pytest.mark.parametrize(
    ("status", "headers", "head", "problems"),
    [
        (200, MP4, VIDEO, []),
        (206, MP4, VIDEO, []),
        (403, {"content-type": "application/xml"}, b"<Error/>", ["status 403"]),
        (200, {"content-length": "9"}, VIDEO, ["content type (none)"]),
        (200, {"content-type": "video/mp4"}, VIDEO, ["no Content-Length"]),
        (
            200,
            {**MP4, "content-type": "text/html"},
            b"<html>",
            ["content type text/html", "not an MP4"],
        ),
    ],
)
def test_download_problems_name_what_a_download_needs(
    status: int, headers: dict[str, str], head: bytes, problems: list[str]
) -> None:
    assert download_problems(status, headers, head) == problems


def download_discrepancy(
    problem: str, status: int = 200, content_type: str = "video/mp4"
) -> Discrepancy:
    exchange = make_exchange(
        "GET",
        "https://cdn.test/v.mp4",
        {},
        None,
        status,
        {"content-type": content_type},
        b"<Error/>" if status >= 400 else b"<bytes>",
    )
    return Discrepancy("video_download_problem", DOWNLOAD, "", problem, exchange, value=problem)


@pytest.mark.parametrize(
    ("problem", "status", "breaks"),
    [("status 403", 403, True), ("not an MP4", 200, True), ("no Content-Length", 200, False)],
)
def test_a_bad_download_is_judged_by_the_wrappers_download_step(
    problem: str, status: int, breaks: bool
) -> None:
    """Replayed at the download step of create -> wait -> download; the generated client has
    no download and is not assessed."""
    found = assess(download_discrepancy(problem, status))
    assert found.generated_client.breaks is None
    assert found.wrapper.breaks is breaks, found.wrapper
    assert found.wrapper.step == ("download" if breaks else "")


@pytest.mark.parametrize(
    ("inference_id", "noted"),
    [("abc-1:veo2/image-to-video", False), ("abc-1", False), ("other-2", True)],
)
def test_an_inference_id_naming_another_job_is_reported(inference_id: str, noted: bool) -> None:
    """Compared as the wrapper compares ids (with and without the `:model` suffix); the job
    is followed by the body's id either way."""
    follower = Follower(RunSettings("https://api.test", "k", live=False), Guard("k"), print)
    exchange = make_exchange(
        "POST",
        "https://api.test/v2/video/generations",
        {},
        b"{}",
        200,
        {"content-type": "application/json", "x-inference-id": inference_id},
        b'{"id": "abc-1:veo2/image-to-video", "status": "queued"}',
    )
    try:
        assert follower.add_from(exchange, "probe") == "abc-1:veo2/image-to-video"
    finally:
        follower.close()
    assert any("names another job" in note for note in follower.notes) is noted
