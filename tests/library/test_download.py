"""download(): streamed, resumed, refreshed, verified; the key never goes to the CDN."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from support import CDN, ID, Driver, FakeAPI, completed, generation

from aimlapi_veo import DownloadError, GenerationError, GenerationFailedError, InvalidInputError

VIDEO = bytes(range(256)) * 40  # 10,240 bytes


def ranged(request: httpx.Request) -> httpx.Response:
    """A CDN that honours Range, as the real one does."""
    header = request.headers.get("range")
    if not header:
        return httpx.Response(200, content=VIDEO, headers={"Accept-Ranges": "bytes"})
    start = int(header.removeprefix("bytes=").rstrip("-"))
    return httpx.Response(
        206,
        content=VIDEO[start:],
        headers={"Content-Range": f"bytes {start}-{len(VIDEO) - 1}/{len(VIDEO)}"},
    )


def test_download_writes_the_file_atomically_and_reports_progress(
    client: Driver, api: FakeAPI, tmp_path: Path
) -> None:
    """The bytes land at the path only when complete; progress reaches the total."""
    api.cdn = [ranged]
    progress: list[tuple[int, int | None]] = []
    saved = client.download(
        ID, tmp_path / "out.mp4", on_progress=lambda done, total: progress.append((done, total))
    )
    assert saved.read_bytes() == VIDEO
    assert not (tmp_path / "out.mp4.part").exists()
    assert progress[-1] == (len(VIDEO), len(VIDEO))


def test_no_authorization_header_is_sent_to_the_cdn(
    client: Driver, api: FakeAPI, tmp_path: Path
) -> None:
    """The key goes to the API's host only; video URLs live on a CDN."""
    api.cdn = [ranged]
    client.download(ID, tmp_path / "out.mp4")
    assert api.sent(host="cdn.test")
    assert all("authorization" not in r.headers for r in api.sent(host="cdn.test"))
    assert all("authorization" in r.headers for r in api.sent(host="api.test"))


def test_a_truncated_download_resumes_with_range(
    client: Driver, api: FakeAPI, tmp_path: Path
) -> None:
    """A body cut short is completed from where it stopped, not fetched again."""
    short = httpx.Response(200, content=VIDEO[:4000], headers={"Content-Length": str(len(VIDEO))})
    api.cdn = [lambda request: short, ranged]
    assert client.download(ID, tmp_path / "out.mp4").read_bytes() == VIDEO
    assert api.sent(host="cdn.test")[-1].headers["range"] == "bytes=4000-"


def test_a_dropped_connection_midway_is_retried(
    client: Driver, api: FakeAPI, tmp_path: Path
) -> None:
    """Transport errors on the CDN are retried with backoff."""
    api.cdn = [httpx.RemoteProtocolError("peer closed"), ranged]
    assert client.download(ID, tmp_path / "out.mp4").read_bytes() == VIDEO


@pytest.mark.parametrize("status", [403, 410])
def test_an_expired_video_url_is_refreshed_by_fetching_again(
    client: Driver, api: FakeAPI, tmp_path: Path, status: int
) -> None:
    """Signed URLs expire; the generation is fetched again for a fresh one."""
    fresh = f"{CDN}/v/output.mp4?Expires=2&Signature=new"
    api.fetches = [
        httpx.Response(200, json=completed()),
        httpx.Response(200, json=completed(url=fresh)),
    ]
    api.cdn = [
        lambda request: httpx.Response(
            status if "Signature=s" in str(request.url) else 200, content=VIDEO
        )
    ]
    client.download(ID, tmp_path / "out.mp4")
    assert str(api.sent(host="cdn.test")[-1].url) == fresh
    assert len(api.sent("GET", host="api.test")) == 2


def test_size_mismatch_with_file_size_is_not_accepted(
    client: Driver, api: FakeAPI, tmp_path: Path
) -> None:
    """When the API says how big the file is, a different size fails instead of landing."""
    api.fetches = [
        httpx.Response(
            200,
            json=generation(
                "completed", conforming=False, video={"url": f"{CDN}/v.mp4", "file_size": 99}
            ),
        )
    ]
    api.cdn = [httpx.Response(200, content=VIDEO)]
    with pytest.raises(DownloadError, match="starting over"):
        client.download(ID, tmp_path / "out.mp4")
    assert not (tmp_path / "out.mp4").exists()


def test_download_of_an_unfinished_generation_says_to_wait(
    client: Driver, api: FakeAPI, tmp_path: Path
) -> None:
    """No video yet: the error says what to do; a failed one says it failed."""
    api.fetches = [httpx.Response(200, json=generation("generating"))]
    with pytest.raises(
        GenerationError, match="still generating, so there is nothing to download yet"
    ):
        client.download(ID, tmp_path / "out.mp4")
    api.fetches = [
        httpx.Response(200, json=generation("error", error={"name": "E", "message": "m"}))
    ]
    with pytest.raises(GenerationFailedError, match="ended with status 'error'"):
        client.download(ID, tmp_path / "out.mp4")


def test_an_existing_file_is_refused_before_any_request_unless_overwrite(
    client: Driver, api: FakeAPI, tmp_path: Path
) -> None:
    """download(overwrite=False) never replaces a file, and says so before asking anything."""
    existing = tmp_path / "out.mp4"
    existing.write_bytes(b"mine")
    with pytest.raises(InvalidInputError, match="exists already: pass overwrite=True"):
        client.download(ID, existing)
    assert api.requests == []
    assert existing.read_bytes() == b"mine"
    client.download(ID, existing, overwrite=True)
    assert existing.read_bytes() == b"video-bytes"


def test_a_missing_video_is_a_download_error_not_retried(
    client: Driver, api: FakeAPI, tmp_path: Path
) -> None:
    """404 from the CDN is final."""
    api.cdn = [httpx.Response(404)]
    with pytest.raises(DownloadError, match="HTTP 404"):
        client.download(ID, tmp_path / "out.mp4")
    assert len(api.sent(host="cdn.test")) == 1
