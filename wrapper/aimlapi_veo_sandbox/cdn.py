"""The CDN: signed, expiring links to files, with HEAD and byte ranges. It never asks for the
API key, and counts requests that send one anyway (a client must not leak its key here)."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from pathlib import Path

import anyio.to_thread
from starlette.requests import Request
from starlette.responses import FileResponse, Response, StreamingResponse

from . import drifts
from .errors import DroppedConnectionResponse, cdn_error
from .faults import Fault
from .media import MediaEntry
from .state import SandboxState, sandbox_of

ROUTE = "/cdn/{token}/{file_name}"
_DROP_AFTER = 64 * 1024
_PACED_CHUNK = 256 * 1024


class MediaFileResponse(FileResponse):
    # Bigger reads than Starlette's 64 KiB: fewer thread hops when benchmarks pull 200 MB.
    chunk_size = 1024 * 1024


async def download(request: Request) -> Response:
    state = sandbox_of(request)
    _count(state, request)
    token, file_name = request.path_params["token"], request.path_params["file_name"]
    query = request.query_params
    denial = state.signer.denial(
        f"/cdn/{token}/{file_name}", query.get("Expires"), query.get("Signature")
    )
    if denial is not None:
        return denial
    entry = state.media.entry(token)
    if entry is None or entry.file_name != file_name:
        return cdn_error(404, "NoSuchKey", "The specified key does not exist.")
    path = await anyio.to_thread.run_sync(state.media.materialize, token)
    fault = state.faults.draw()
    if fault is not None:
        return _faulty(fault, request.method, entry, path)
    if request.method == "HEAD":
        state.stats.cdn_heads += 1
    else:
        state.stats.cdn_downloads += 1
    drifted = drifts.served(state.config, path)
    if drifted is not None:
        return drifted
    rate = state.config.cdn_rate
    if rate is not None and request.method == "GET" and "range" not in request.headers:
        return paced(path, entry.content_type, rate)
    return MediaFileResponse(path, media_type=entry.content_type)


def paced(path: Path, content_type: str, rate: float) -> Response:
    """The whole file at `rate` bytes per second: each chunk goes out once the clock says it
    and the bytes before it have had their time, as a CDN link's bandwidth would make it (so
    even a one-chunk file takes size / rate)."""

    async def chunks() -> AsyncIterator[bytes]:
        started, sent = time.monotonic(), 0
        with path.open("rb") as file:
            while chunk := await anyio.to_thread.run_sync(file.read, _PACED_CHUNK):
                sent += len(chunk)
                ahead = started + sent / rate - time.monotonic()
                if ahead > 0:
                    await anyio.sleep(ahead)
                yield chunk

    headers = {"content-length": str(path.stat().st_size), "accept-ranges": "bytes"}
    return StreamingResponse(chunks(), media_type=content_type, headers=headers)


def _count(state: SandboxState, request: Request) -> None:
    state.stats.cdn_requests += 1
    state.stats.requests[f"{request.method} {ROUTE}"] += 1
    if "authorization" in request.headers:
        state.stats.cdn_requests_with_authorization += 1


def _faulty(fault: Fault, method: str, entry: MediaEntry, path: Path) -> Response:
    if fault != "drop":
        return cdn_error(fault, "ServiceUnavailable", "The CDN origin failed; retry later.")
    # Dropped mid-download: the headers promise the whole file, only its start arrives.
    size = path.stat().st_size
    head = b""
    if method == "GET":
        with path.open("rb") as file:
            head = file.read(min(size // 2, _DROP_AFTER))
    return DroppedConnectionResponse(head, size, entry.content_type)
