"""The follower judges a video by the wrapper's own acceptance, on the whole answer."""

from __future__ import annotations

import gzip

import pytest

from contract_tests.follow import download_problems
from contract_tests.impact import VIDEO

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
