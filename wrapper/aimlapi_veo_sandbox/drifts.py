"""Ways the live service could drift that no client has been told about: each a row of a
table (rules as data), switched on by name like the other deviations (`DEVIATIONS`).

They exist to judge the contract harness and the wrapper against each other: a harness run
against one must fail exactly when the wrapper's create -> wait -> download would fail, hang
past the job's expected window, or save a wrong file (contract_tests/test_drifts.py).

Three hooks, one per step: `created` may replace the create answer, `fetched` may change a
fetch answer (body, headers) or replace it, `served` may replace the CDN's answer.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from starlette.responses import JSONResponse, Response

from .errors import nest_error, not_found

if TYPE_CHECKING:  # config.py lists these drifts among its deviations
    from .config import SandboxConfig
    from .jobs import Job

Body = dict[str, Any]
Headers = dict[str, str]
WEBM = bytes.fromhex("1a45dfa3a34286810142f7810142f2810442f381084282847765626d") + bytes(64)
HTML = b"<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>502</body></html>"


def _succeeded(body: Body, headers: Headers) -> None:
    if body.get("status") == "completed":
        body["status"] = "succeeded"


def _other_id(body: Body, headers: Headers) -> None:
    body["id"] = "00000000-0000-4000-8000-00000000cafe:veo2/image-to-video"


def _videos_list(body: Body, headers: Headers) -> None:
    if isinstance(body.get("video"), dict):
        body["videos"] = [body.pop("video")]


def _gs_url(body: Body, headers: Headers) -> None:
    if isinstance(body.get("video"), dict):
        body["video"]["url"] = "gs://aimlapi-videos/output.mp4"


def _completed_error(body: Body, headers: Headers) -> None:
    if body.get("status") == "completed":
        body["video"] = None
        body["error"] = {"name": "StorageError", "message": "the video could not be stored"}


def _file_size_kib(body: Body, headers: Headers) -> None:
    video = body.get("video")
    if isinstance(video, dict) and video.get("file_size"):
        video["file_size"] //= 1024


def _retry_after_ms(body: Body, headers: Headers) -> None:
    if body.get("status") not in ("completed", "error", "failed"):
        headers["Retry-After"] = "3000"  # milliseconds, as some gateways mean it


#: name -> (what it does, how it changes a successful fetch answer in place)
FETCH_DRIFTS: dict[str, tuple[str, Callable[[Body, Headers], None]]] = {
    "succeeded_status": ("a finished job says status 'succeeded' (video and all)", _succeeded),
    "fetch_other_id": ("fetch answers are about another generation id", _other_id),
    "videos_list": ("a finished job carries 'videos': [...] instead of 'video'", _videos_list),
    "gs_url": ("a finished job's video.url is a gs:// URL", _gs_url),
    "completed_error": ("a finished job says completed with video null and an error", _completed_error),
    "file_size_kib": ("video.file_size is given in KiB, not bytes", _file_size_kib),
    "retry_after_ms": ("in-progress answers (create too) carry Retry-After: 3000 (ms)", _retry_after_ms),
}  # fmt: skip


def _refused(config: SandboxConfig, job: Job, fetches: int) -> Response | None:
    """A fetch refused outright: a 404 while the job is young, or every other one a 429."""
    from .jobs import progress  # noqa: PLC0415 (jobs -> config -> drifts)

    deviations = config.deviations
    if "id_unfetchable_at_first" in deviations and progress(job, config.clock(), config) < 0.6:
        return not_found()
    if "fetch_429_bare" in deviations and fetches % 2:
        return nest_error(429, "Too many requests")  # and no Retry-After
    return None


#: name -> (what it does, how the CDN answers instead: from the video's path)
CDN_DRIFTS: dict[str, tuple[str, Callable[[Path], Response]]] = {
    "cdn_truncated": (
        "the CDN sends 60 % of the video, with a Content-Length that matches",
        lambda path: Response(path.read_bytes()[: path.stat().st_size * 6 // 10], 200, media_type="video/mp4"),
    ),
    "cdn_html": (
        "the CDN answers 200 with an HTML error page",
        lambda path: Response(HTML, 200, media_type="text/html"),
    ),
    "cdn_webm": (
        "the video is WebM, not MP4",
        lambda path: Response(WEBM, 200, media_type="video/webm"),
    ),
    "cdn_gzip": (
        "the CDN gzips the video (Content-Encoding: gzip), whatever the client accepts",
        lambda path: Response(
            gzip.compress(path.read_bytes()), 200, headers={"Content-Encoding": "gzip"}, media_type="video/mp4"
        ),
    ),
}  # fmt: skip
CREATE_DRIFTS: dict[str, str] = {
    "create_location": "create answers 202 with no body and the job's URL in Location",
    "create_envelope": "create answers {'data': {...}}: the generation one level down",
}
OTHER_DRIFTS: dict[str, str] = {
    "id_unfetchable_at_first": "fetching a new job answers 404 for its first 60 % of the time",
    "fetch_429_bare": "every other fetch answers 429 without the Retry-After the spec requires",
}
DRIFTS: dict[str, str] = {
    **{name: text for name, (text, _) in FETCH_DRIFTS.items()},
    **{name: text for name, (text, _) in CDN_DRIFTS.items()},
    **CREATE_DRIFTS,
    **OTHER_DRIFTS,
}


def created(config: SandboxConfig, body: Body, headers: Headers) -> Response | None:
    """A replacement create answer, or None after changing `headers` in place."""
    if "retry_after_ms" in config.deviations:
        _retry_after_ms(body, headers)
    if "create_location" in config.deviations:
        location = f"/v2/generate/video/google/generation?generation_id={body['id']}"
        return Response(status_code=202, headers={**headers, "Location": location})
    if "create_envelope" in config.deviations:
        return JSONResponse({"data": body}, headers=headers)
    return None


def fetched(
    config: SandboxConfig, job: Job, fetches: int, body: Body, headers: Headers
) -> Response | None:
    """A replacement answer, or None after changing `body` and `headers` in place."""
    refused = _refused(config, job, fetches)
    if refused is not None:
        return refused
    for name in config.deviations & FETCH_DRIFTS.keys():
        FETCH_DRIFTS[name][1](body, headers)
    return None


def served(config: SandboxConfig, path: Path) -> Response | None:
    for name in sorted(config.deviations & CDN_DRIFTS.keys()):
        return CDN_DRIFTS[name][1](path)
    return None
