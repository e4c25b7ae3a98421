"""download(): streamed, resumed, refreshed, verified; the key never goes to the CDN."""

from __future__ import annotations

import gzip
import hashlib
import os
import re
import socket
import threading
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from support import CDN, ID, Driver, FakeAPI, completed, dead_pid, generation, mp4

from aimlapi_veo import DownloadError, GenerationError, GenerationFailedError, InvalidInputError
from aimlapi_veo.download import PartFile

VIDEO = mp4(bytes(range(256)) * 40)  # 10,272 bytes


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


WEBM = b"\x1a\x45\xdf\xa3" + bytes(60)
HTML = b"<!DOCTYPE html><html><body>Access denied</body></html>"
HEIF = b"\x00\x00\x00\x10ftypheic\x00\x00\x00\x00" + VIDEO[16:]
#: (what the video URL answers, the API's file_size, None if saved else the error's words)
ACCEPTANCE: dict[str, tuple[bytes, dict[str, str], int | None, str | None]] = {
    "a whole MP4": (VIDEO, {}, None, None),
    "file_size in KiB": (VIDEO, {}, len(VIDEO) // 1024, None),
    "gzip-encoded, decoded as HTTP says": (gzip.compress(VIDEO), {"Content-Encoding": "gzip"}, None, None),
    "60 % with a matching Content-Length": (VIDEO[: len(VIDEO) * 6 // 10], {}, None, "cut short"),
    "an HTML page": (HTML, {"Content-Type": "text/html"}, None, "text/html, 54 bytes, starting b'<!DOCTYPE"),
    "WebM": (WEBM, {"Content-Type": "video/webm"}, None, "not an MP4"),
    "an ftyp of another format": (HEIF, {}, None, "names no MP4 brand"),
    "file_size plausible but not what arrived": (VIDEO, {}, len(VIDEO) + 100, "file_size says"),
}  # fmt: skip


@pytest.mark.parametrize("case", ACCEPTANCE)
def test_only_a_complete_mp4_is_saved(
    client: Driver, api: FakeAPI, tmp_path: Path, case: str
) -> None:
    """A saved file is the video: complete by HTTP and by its boxes, decoded as HTTP says, an
    MP4 by its bytes; otherwise the error says what arrived, the part is kept, and the same
    rejection twice ends the download early."""
    content, headers, file_size, error = ACCEPTANCE[case]
    video: dict[str, object] = {"url": f"{CDN}/v.mp4"}
    if file_size is not None:
        video["file_size"] = file_size
    api.fetches = [httpx.Response(200, json=generation("completed", conforming=False, video=video))]
    api.cdn = [lambda request: httpx.Response(200, content=content, headers=headers)]
    client.client.journal.record_created(ID, client.client.base_url, {}, "queued")
    target = tmp_path / "out.mp4"
    if error is None:
        assert client.download(ID, target).read_bytes() == VIDEO
        return
    with pytest.raises(DownloadError, match=re.escape(error)):
        client.download(ID, target)
    assert not target.exists()
    [kept] = tmp_path.glob("out.mp4*.part")  # named for its writer (see download.py)
    assert kept.read_bytes() == content  # kept for inspection
    assert len(api.sent(host="cdn.test")) == 2  # not five blind tries
    assert [job.id for job in client.client.unfinished()] == [ID]  # resumable


def test_a_kept_part_that_is_not_an_mp4_is_started_over(
    client: Driver, api: FakeAPI, tmp_path: Path
) -> None:
    """An error page kept for inspection is not resumed into: the next run starts afresh."""
    (tmp_path / "out.mp4.part").write_bytes(HTML)
    api.cdn = [ranged]
    assert client.download(ID, tmp_path / "out.mp4").read_bytes() == VIDEO
    assert "range" not in api.sent(host="cdn.test")[0].headers


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
    assert existing.read_bytes() == mp4()


def test_a_missing_video_is_a_download_error_not_retried(
    client: Driver, api: FakeAPI, tmp_path: Path
) -> None:
    """404 from the CDN is final."""
    api.cdn = [httpx.Response(404)]
    with pytest.raises(DownloadError, match="HTTP 404"):
        client.download(ID, tmp_path / "out.mp4")
    assert len(api.sent(host="cdn.test")) == 1


def test_a_resumed_request_carries_if_range_with_the_etag_of_the_first(
    client: Driver, api: FakeAPI, tmp_path: Path
) -> None:
    """Range alone would splice old and new bytes if the video changed: If-Range prevents it."""
    first = httpx.Response(
        200, content=VIDEO[:4000], headers={"Content-Length": str(len(VIDEO)), "ETag": '"v1"'}
    )
    api.cdn = [lambda request: first, ranged]
    assert client.download(ID, tmp_path / "out.mp4").read_bytes() == VIDEO
    resumed = api.sent(host="cdn.test")[1]
    assert (resumed.headers["range"], resumed.headers["if-range"]) == ("bytes=4000-", '"v1"')
    assert not (tmp_path / "out.mp4.part.validator").exists()


def test_a_video_changed_on_the_server_restarts_the_file(
    client: Driver, api: FakeAPI, tmp_path: Path
) -> None:
    """A 206 with another ETag than the one the part was started with: start over."""
    new = mp4(bytes(reversed(range(256))) * 40)
    first = httpx.Response(
        200, content=b"x" * 4000, headers={"Content-Length": str(len(VIDEO)), "ETag": '"v1"'}
    )
    changed = httpx.Response(
        206,
        content=new[4000:],
        headers={"Content-Range": f"bytes 4000-{len(new) - 1}/{len(new)}", "ETag": '"v2"'},
    )
    whole = httpx.Response(200, content=new, headers={"ETag": '"v2"'})
    api.cdn = [lambda r: first, lambda r: changed, lambda r: whole]
    assert client.download(ID, tmp_path / "out.mp4").read_bytes() == new


def test_the_validator_survives_the_process_for_the_next_one(
    client: Driver, api: FakeAPI, tmp_path: Path
) -> None:
    """A part left by a killed process is resumed with its If-Range by the next."""
    (tmp_path / "out.mp4.part").write_bytes(VIDEO[:100])
    (tmp_path / "out.mp4.part.validator").write_text('"v1"')
    api.cdn = [ranged]
    client.download(ID, tmp_path / "out.mp4")
    assert api.sent(host="cdn.test")[0].headers["if-range"] == '"v1"'


def test_a_body_shorter_than_its_content_length_is_not_accepted(
    client: Driver, api: FakeAPI, tmp_path: Path
) -> None:
    """Without file_size, Content-Length is still checked: a lying CDN never yields a file."""
    lying = httpx.Response(200, content=VIDEO[:10], headers={"Content-Length": "99999"})
    api.fetches = [httpx.Response(200, json=completed())]  # no file_size in the answer
    api.cdn = [lying]
    with pytest.raises(DownloadError, match="of 99999 bytes"):
        client.download(ID, tmp_path / "out.mp4")
    assert not (tmp_path / "out.mp4").exists()


def test_a_trickling_video_host_meets_the_overall_deadline(
    client: Driver, api: FakeAPI, tmp_path: Path
) -> None:
    """Each chunk comes before the stall timeout, but the whole never ends: the download
    stops at its deadline and says it can be resumed."""

    def chunks() -> Iterator[bytes]:
        for _ in range(100):
            client.clock.now += 60  # a minute per chunk
            yield b"x"

    async def achunks() -> AsyncIterator[bytes]:
        for chunk in chunks():
            yield chunk

    def trickle(request: httpx.Request) -> httpx.Response:
        content = chunks() if client.kind == "sync" else achunks()
        return httpx.Response(200, content=content, headers={"Content-Length": "100"})

    api.cdn = [trickle]
    client.client.download_deadline = 600
    with pytest.raises(DownloadError, match="not saved within 600 s"):
        client.download(ID, tmp_path / "out.mp4")


@pytest.mark.parametrize("attempts", ["whole", "resumed", "restarted", "dropped twice"])
def test_a_saved_video_records_its_size_and_digest(
    client: Driver, api: FakeAPI, tmp_path: Path, attempts: str
) -> None:
    """Hashed as it is written, or read back when this process did not write it whole from
    byte 0 (a resumed part): either way the digest is the saved file's, and no hashing thread
    outlives the download."""
    short = httpx.Response(200, content=VIDEO[:4000], headers={"Content-Length": str(len(VIDEO))})
    changed = httpx.Response(206, content=b"x", headers={"Content-Range": "bytes 7-7/8"})
    api.cdn = {
        "whole": [ranged],
        "resumed": [lambda request: short, ranged],
        "restarted": [lambda request: short, lambda request: changed, ranged],
        "dropped twice": [httpx.RemoteProtocolError("a"), httpx.ReadError("b"), ranged],
    }[attempts]
    client.client.journal.record_created(ID, client.client.base_url, {}, "queued")
    saved = client.download(ID, tmp_path / "out.mp4")
    job = client.client.journal.get(ID)
    assert saved.read_bytes() == VIDEO
    assert (job.file_size, job.file_sha256) == (len(VIDEO), hashlib.sha256(VIDEO).hexdigest())
    assert hashing_threads() == []


def test_without_a_journal_no_digest_is_computed(tmp_path: Path) -> None:
    """Nothing would record it: no hashing thread, no read-back."""
    part = PartFile(tmp_path / "out.mp4", ID, hashed=False)
    part.begin(httpx.Response(200, content=b"", headers={"Content-Length": str(len(VIDEO))}))
    part.write(VIDEO)
    assert (hashing_threads(), part.complete(None)) == ([], (len(VIDEO), ""))


def test_a_failed_download_leaves_no_hashing_thread(
    client: Driver, api: FakeAPI, tmp_path: Path
) -> None:
    """A download that ends in an error stops the thread hashing its bytes."""
    api.cdn = [httpx.Response(200, content=b"<html>not a video</html>")] * 2
    client.client.journal.record_created(ID, client.client.base_url, {}, "queued")
    with pytest.raises(DownloadError, match="not an MP4"):
        client.download(ID, tmp_path / "out.mp4")
    assert hashing_threads() == []


def hashing_threads() -> list[threading.Thread]:
    return [thread for thread in threading.enumerate() if thread.name == "veo-sha256"]


def test_a_video_another_process_saved_is_returned_after_its_checks(
    client: Driver, api: FakeAPI, tmp_path: Path
) -> None:
    """The journal says another process saved it here, and the file's size and digest match:
    it is returned without fetching the video again."""
    journal = client.client.journal
    journal.record_created(ID, client.client.base_url, {}, "completed")
    target = tmp_path / "out.mp4"
    target.write_bytes(VIDEO)
    journal.record_download(ID, target, len(VIDEO), hashlib.sha256(VIDEO).hexdigest())
    assert client.download(ID, target, overwrite=True) == target
    assert api.sent() == []


def test_a_saved_file_that_no_longer_matches_is_fetched_again(
    client: Driver, api: FakeAPI, tmp_path: Path
) -> None:
    """A file whose digest differs from the journal's is not reported saved."""
    journal = client.client.journal
    journal.record_created(ID, client.client.base_url, {}, "completed")
    target = tmp_path / "out.mp4"
    target.write_bytes(b"damaged")
    journal.record_download(ID, target, len(VIDEO), hashlib.sha256(VIDEO).hexdigest())
    api.cdn = [ranged]
    assert client.download(ID, target, overwrite=True).read_bytes() == VIDEO


def test_a_job_another_live_process_holds_is_waited_for_then_reported(
    client: Driver, api: FakeAPI, tmp_path: Path
) -> None:
    """Another process is saving it (its lease is live): no second download of the same
    file; past the deadline, the error says who holds it."""
    journal = client.client.journal
    journal.record_created(ID, client.client.base_url, {}, "completed")
    journal.claim(f"job:{ID}", "otherhost:1:x", ttl=10_000)
    client.client.download_deadline = 5
    with pytest.raises(DownloadError, match=r"claimed by another process \(otherhost"):
        client.download(ID, tmp_path / "out.mp4")
    assert api.sent(host="cdn.test") == []
    assert client.clock.sleeps == [1.0] * 5


def _part_of(path: Path, token: int) -> PartFile:
    part = PartFile(path, ID, token)
    part.begin(httpx.Response(200, content=b"", headers={"Content-Length": "8"}))
    part.write(VIDEO[:100])
    part.close()
    return part


@pytest.mark.parametrize("change", ["vanished", "replaced"])
def test_a_part_that_changed_under_its_writer_starts_over_from_byte_0(
    tmp_path: Path, change: str
) -> None:
    """Never resumed past bytes we did not write: no zero-filled or spliced file."""
    part = _part_of(tmp_path / "out.mp4", 3)
    part.part.unlink()
    if change == "replaced":
        part.part.write_bytes(b"abcdefgh")
    part.check_intact()
    assert (part.offset, "Range" in part.request_headers()) == (0, False)


def test_a_part_is_its_writers_alone_and_a_dead_writers_part_is_adopted(tmp_path: Path) -> None:
    """Named by writer and token: a live writer's part is left alone, a dead one's resumed."""
    live = _part_of(tmp_path / "out.mp4", 3)
    assert live.part.name == f"out.mp4.{os.getpid()}@{socket.gethostname()}.t3.part"
    mine = PartFile(tmp_path / "out.mp4", ID, 4)
    assert (mine.offset, live.part.exists()) == (0, True)  # the live one's bytes are not ours
    dead = tmp_path / f"out.mp4.{dead_pid()}@{socket.gethostname()}.t5.part"
    live.part.rename(dead)
    adopted = PartFile(tmp_path / "out.mp4", ID, 6)
    assert (adopted.offset, dead.exists()) == (100, False)


def test_bytes_waiting_for_the_hash_are_bounded() -> None:
    """A download faster than its hash waits for it instead of queueing the file in memory;
    the digest is still of every byte, in order."""
    from aimlapi_veo.download import HASH_BACKLOG, Hasher  # noqa: PLC0415

    hasher, gate, given = Hasher(), threading.Event(), []
    real = hasher._sha

    class Held:  # the hash stalls until the gate opens
        def update(self, data: bytes) -> None:
            gate.wait()
            real.update(data)

        def hexdigest(self) -> str:
            return real.hexdigest()

    hasher._sha = Held()  # type: ignore[assignment]
    chunks = [bytes([n]) * 65536 for n in range(100)]
    feeder = threading.Thread(target=lambda: [given.append(hasher.update(c)) for c in chunks])
    feeder.start()
    feeder.join(timeout=0.5)
    assert feeder.is_alive()
    assert len(given) <= HASH_BACKLOG + 1  # the queue's, and the one being hashed
    gate.set()
    feeder.join()
    assert hasher.finish() == (100 * 65536, hashlib.sha256(b"".join(chunks)).hexdigest())
