"""The follower judges a video by the wrapper's own acceptance, on the whole answer."""

from __future__ import annotations

import gzip

import pytest

from contract_tests.findings import make_exchange
from contract_tests.follow import Follower, download_problems
from contract_tests.guard import Guard
from contract_tests.impact import VIDEO
from contract_tests.settings import RunSettings

MP4 = {"content-type": "video/mp4"}


@pytest.mark.parametrize(
    ("status", "headers", "body", "file_size", "problem"),
    [
        (200, MP4, VIDEO, None, ""),
        (200, {**MP4, "content-encoding": "gzip"}, gzip.compress(VIDEO), None, ""),
        (200, MP4, VIDEO, len(VIDEO) // 1024, ""),  # a file_size in KiB is not plausible
        (403, {"content-type": "application/xml"}, b"<Error/>", None, "status 403"),
        (200, {"content-type": "text/html"}, b"<html></html>", None, "not an MP4"),
        (200, MP4, VIDEO[: len(VIDEO) * 6 // 10], None, "cut short"),
        (200, MP4, VIDEO, len(VIDEO) + 10, "file_size says"),
    ],
    ids=["mp4", "gzip", "kib", "403", "html", "truncated", "file_size"],
)
def test_download_problems_are_the_wrappers_acceptance(
    status: int, headers: dict[str, str], body: bytes, file_size: int | None, problem: str
) -> None:
    found = download_problems((status, headers, body), file_size)
    assert (found[0] if found else "").startswith(problem) if problem else found == []


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
