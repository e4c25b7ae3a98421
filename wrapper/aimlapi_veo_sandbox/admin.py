"""Sandbox-only routes under /_sandbox/ (no auth; the real service has nothing like them)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from .errors import nest_error
from .state import sandbox_of

#: Largest benchmark blob: 16 GiB is far beyond any test, small enough to catch a typo.
MAX_BLOB = 16 * 1024**3


async def stats(request: Request) -> Response:
    """`GET /_sandbox/stats`: the counters of SandboxStats as JSON."""
    state = sandbox_of(request)
    state.stats.requests[f"GET {request.url.path}"] += 1
    return JSONResponse(state.stats.as_dict())


async def blob(request: Request) -> Response:
    """`GET /_sandbox/blob?size=N`: a signed CDN link to an N-byte file of known content
    (see `blobs.blob_chunks`), written to disk on first download."""
    state = sandbox_of(request)
    state.stats.requests[f"GET {request.url.path}"] += 1
    raw = request.query_params.get("size", "")
    if not raw.isdigit() or int(raw) > MAX_BLOB:
        return nest_error(400, f"size must be an integer from 0 to {MAX_BLOB}", field="size")
    size = int(raw)
    token = state.media.register_blob(size)
    path = f"/cdn/{token}/blob.bin"
    expires = int(state.signer.unix_now() + state.config.url_ttl)
    url = f"{str(request.base_url).rstrip('/')}{path}?{state.signer.query(path, expires)}"
    return JSONResponse({"url": url, "size": size, "expires": expires})
