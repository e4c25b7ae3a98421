"""The CDN: signed expiring links, HEAD, byte ranges, no API key, big blobs."""

from __future__ import annotations

import hashlib
import time
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from sandbox_support import Harness, MakeSandbox

from aimlapi_veo_sandbox.blobs import blob_chunks

pytestmark = pytest.mark.anyio


async def video_url(sandbox: Harness) -> str:
    done = await sandbox.finish()
    url: str = done["video"]["url"]
    return url


def with_query(url: str, **params: str) -> str:
    parts = urlsplit(url)
    query = {name: values[0] for name, values in parse_qs(parts.query).items()}
    query.update(params)
    return parts._replace(query=urlencode(query)).geturl()


async def test_link_downloads_without_the_api_key(sandbox: Harness) -> None:
    """The signed link alone is enough: 200, video/mp4, Content-Length, Accept-Ranges. A request
    carrying Authorization still works, but the leak is counted."""
    url = await video_url(sandbox)
    assert (await sandbox.client.get(url)).status_code == 200  # the harness client sends the key
    assert sandbox.stats.cdn_requests_with_authorization == 1
    sandbox.client.headers.pop("Authorization")
    answer = await sandbox.client.get(url)
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "video/mp4"
    assert answer.headers["accept-ranges"] == "bytes"
    assert int(answer.headers["content-length"]) == len(answer.content) > 1000
    assert sandbox.stats.cdn_downloads == 2
    assert sandbox.stats.cdn_requests_with_authorization == 1


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"Signature": "0" * 64}, "Signature does not match"),
        ({"Expires": "9999999999"}, "Signature does not match"),
        ({"Expires": "soon"}, "Signature does not match"),
        (None, "Missing"),
    ],
)
async def test_tampered_link_is_403(
    sandbox: Harness, change: dict[str, str] | None, reason: str
) -> None:
    """Changing the signature or the expiry breaks the HMAC, and the bare path without Expires
    and Signature is refused: 403 saying so."""
    url = await video_url(sandbox)
    url = url.split("?")[0] if change is None else with_query(url, **change)
    answer = await sandbox.client.get(url)
    assert answer.status_code == 403
    assert reason in answer.text


async def test_link_expires_and_a_new_fetch_hands_out_a_fresh_one(
    make_sandbox: MakeSandbox,
) -> None:
    """After url_ttl the link is 403 'expired'; fetching the job again gives a working link."""
    sandbox = make_sandbox(url_ttl=60)
    done = await sandbox.finish()
    old = done["video"]["url"]
    again = (await sandbox.fetch(done["id"])).json()["video"]["url"]
    assert again == old  # stable while valid
    sandbox.clock.advance(61)
    expired = await sandbox.client.get(old)
    assert expired.status_code == 403
    assert "expired" in expired.text
    fresh = (await sandbox.fetch(done["id"])).json()["video"]["url"]
    assert fresh != old
    assert (await sandbox.client.get(fresh)).status_code == 200


async def test_range_request_gets_206_with_content_range(sandbox: Harness) -> None:
    """`Range: bytes=a-b` gives exactly those bytes; an open range gives the rest."""
    url = await video_url(sandbox)
    whole = (await sandbox.client.get(url)).content
    part = await sandbox.client.get(url, headers={"Range": "bytes=10-109"})
    assert part.status_code == 206
    assert part.headers["content-range"] == f"bytes 10-109/{len(whole)}"
    assert part.content == whole[10:110]
    rest = await sandbox.client.get(url, headers={"Range": "bytes=500-"})
    assert rest.status_code == 206
    assert rest.content == whole[500:]


async def test_unsatisfiable_range_is_416(sandbox: Harness) -> None:
    """A range starting past the end gets 416 with `Content-Range: bytes */size`."""
    url = await video_url(sandbox)
    size = len((await sandbox.client.get(url)).content)
    answer = await sandbox.client.get(url, headers={"Range": f"bytes={size}-"})
    assert answer.status_code == 416
    assert answer.headers["content-range"] == f"bytes */{size}"


async def test_head_reports_size_without_a_body(sandbox: Harness) -> None:
    """HEAD answers the headers a resumable downloader needs, and no body."""
    url = await video_url(sandbox)
    answer = await sandbox.client.head(url)
    assert answer.status_code == 200
    assert int(answer.headers["content-length"]) > 1000
    assert answer.content == b""
    assert sandbox.stats.cdn_heads == 1


async def test_blob_route_serves_a_file_of_known_content(sandbox: Harness) -> None:
    """`/_sandbox/blob?size=N` signs a link to N bytes equal to blob_chunks(N), range-able."""
    size = 3 * 1024 * 1024 + 17
    answer = await sandbox.client.get("/_sandbox/blob", params={"size": size})
    assert answer.status_code == 200
    link = answer.json()
    assert link["size"] == size
    data = (await sandbox.client.get(link["url"])).content
    expected = hashlib.sha256(b"".join(blob_chunks(size))).hexdigest()
    assert hashlib.sha256(data).hexdigest() == expected
    tail = await sandbox.client.get(link["url"], headers={"Range": f"bytes={size - 5}-"})
    assert tail.content == data[-5:]


@pytest.mark.parametrize("size", ["", "-1", "abc", str(1 << 40)])
async def test_blob_route_rejects_bad_sizes(sandbox: Harness, size: str) -> None:
    """The size must be a non-negative integer within reason."""
    answer = await sandbox.client.get("/_sandbox/blob", params={"size": size})
    assert answer.status_code == 400
    assert answer.json()["field"] == "size"


async def test_paced_cdn_sends_the_same_bytes_no_faster_than_its_rate(
    make_sandbox: MakeSandbox,
) -> None:
    """--cdn-rate: the whole file, byte for byte, taking at least size / rate; a Range
    request (a resumed download) is still answered 206."""
    plain = make_sandbox()
    expected = (await plain.client.get(await video_url(plain))).content
    rate = len(expected) / 0.3  # bytes per second: the file should take >= 0.3 s
    paced = make_sandbox(cdn_rate=rate)
    url = await video_url(paced)
    started = time.monotonic()
    answer = await paced.client.get(url)
    assert time.monotonic() - started >= 0.3 * 0.9
    assert answer.content == expected
    assert int(answer.headers["content-length"]) == len(expected)
    ranged = await paced.client.get(url, headers={"Range": "bytes=10-"})
    assert ranged.status_code == 206
    assert ranged.content == expected[10:]
