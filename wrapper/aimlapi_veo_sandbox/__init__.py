"""A local sandbox of the AIML API's Veo endpoints (every model of the spec) (the "sandbox" extra).

It imitates the service closely enough to test a client end to end without spending credits,
and can be told to misbehave in named ways to prove a contract harness notices.

Start it::

    python -m aimlapi_veo_sandbox --port 0 --profile live     # prints base URL and key
    with run_server(SandboxConfig(generation_seconds=0)) as sandbox:   # in tests and tools
        httpx.get(f"{sandbox.base_url}/_sandbox/stats")
    app = create_app(SandboxConfig(clock=fake_clock))        # in-process, httpx.ASGITransport

Routes
    ``POST /v2/video/generations`` (the live profile also on the legacy path)
        Create, for every Veo model of the spec. Bearer auth. Body checked against its
        model's schema in the merged spec (the generated package's openapi.json: the same
        patterns, enums and required inputs); unknown fields are ignored; a bad field gets 400
        ``{"statusCode": 400, "message": ["<field> ..."], "error": "Bad Request"}`` (the spec's
        ErrorResponse); success is 200 ``{"id": "<uuid4>:<model>", "status": "queued"}`` (live:
        ``"waiting"``). The live profile also takes ``duration`` as a numeric string ("5") and
        a ``null`` optional field as absent. The video is a real MP4 of the requested length and
        aspect, at ``video_width`` x ``video_height`` for 720p and 1.5 times that for 1080p; a
        model without an image (or an image Pillow cannot read) renders the prompt.
    ``GET /v2/video/generations?generation_id=`` (the live profile also on the legacy path
    ``/v2/generate/video/google/generation``, which the docs say still works)
        Fetch. 400 without a non-blank parameter, 404 for an unknown id. Status moves with the
        injected clock: ``queued`` for ``queued_fraction`` of ``generation_seconds``, then
        ``generating``, then ``completed`` (or ``error`` if the prompt contains
        ``error_trigger``). A completed answer carries ``video.url``, a signed CDN link.
        Another method on the path is a 405 naming GET and POST.
    ``GET /v2/logs``
        The usage log as aimlapi publishes it (``logs.py``): every create received, with its
        ``client_request_id`` and ``inference_id``; ``period`` or ``start``+``end``, ``model``,
        ``status``, ``limit``, ``offset``, validated and paged as the docs say.
    ``GET|HEAD /cdn/<token>/<file>?Expires=&Signature=``
        The CDN. No API key; 403 (XML body saying why) for a missing, bad or expired
        signature; ``Range`` gives 206 or 416. A fetch after expiry hands out a fresh link.
    ``GET /_sandbox/stats``, ``GET /_sandbox/blob?size=N``
        Sandbox-only, no auth: the counters as JSON; a signed link to an N-byte file of
        known content (``blobs.blob_chunks``) for download benchmarks.

Profiles
    ``spec``: answers hold exactly the fields of the spec's Generation (nullable ones
    as null): ``video: {url}``, ``meta.usage.credits_used``, ``error: {name, message}``.
    ``live``: what API-NOTES says the live service does: in-progress statuses ``waiting``,
    ``active``, ``queued``, ``generating``, ``processing`` in turn (``queued_fraction`` unused);
    ``video: {url, content_type, file_name, file_size}``; ``meta.usage.tokens_used``; absent
    fields left out; a failed job says ``error`` or ``failed`` (seeded coin toss).

Tracing (``tracing.py``)
    A valid ``X-Client-Request-Id`` (1-128 of ``A-Za-z0-9._:-``) is echoed and logged, any
    other silently dropped; every API answer carries ``x-inference-id`` (the generation id on
    a create and its fetches); JSON answers carry ``x-aimlapi-credits-used`` and
    ``x-aimlapi-usd-spent`` (a create's price; 0 on polls and refusals).

Faults and limits
    ``fault_rate`` applies to create, fetch and the CDN: a JSON 500, 502, 503 (with
    ``Retry-After: 1``), or a dropped connection (headers and a partial body, then the socket
    closes; in-process the caller sees ``SimulatedConnectionDropError``). On create the fault
    is drawn *before* the body is read and the job stored, so a faulted create made nothing.
    Auth (401) and the rate limit (429 + ``Retry-After``) are checked before faults; the
    ``/_sandbox/`` routes never fault and are never limited. ``create_faults`` names faults for
    the first creates, in order: ``store_then_drop`` (stored and logged, then the connection
    drops: a lost answer to a paid create) and ``drop_before_body`` (nothing received).

Deviations (``SandboxConfig.deviations``; see also ``DEVIATIONS``)
    ``unknown_status``
        In-progress answers (create and fetch) say ``"processing"``, outside the spec's enum.
    ``missing_required_field``
        Fetch answers leave out the required ``status``.
    ``wrong_field_type``
        ``id`` is a JSON integer (a per-app counter) in create and fetch answers; fetching
        with that integer as ``generation_id`` works, so a lenient client can still poll.
    ``server_error``
        Create answers 500 to valid input, after validation and before storing anything.
    ``auth_ignored``
        API routes accept a missing or wrong key.
    ``undocumented_status_code``
        Create answers 201 instead of 200.
    ``suspended_status``
        Past the queued share, in-progress answers say ``"suspended"`` (no client knows it).
    ``missing_video_url``
        Completed fetch answers carry ``video`` without its required ``url``.
    ``negative_seed_error``
        Create answers 500 to a valid body whose ``seed`` is negative (nothing stored).
    ``fetch_text_plain``
        Successful fetch answers say ``Content-Type: text/plain`` (the JSON body unchanged).
    ``image_url_unchecked``
        Create takes any non-empty string as an image (``"not a url"`` too): an invalid create
        is accepted, as a paid one would be.

Drifts (``drifts.DRIFTS``, also deviations): what the live service might do that no client
    was told about, to judge the contract harness and the wrapper against each other. Fetch
    answers: ``succeeded_status``, ``fetch_other_id``, ``videos_list``, ``gs_url``,
    ``completed_error``, ``file_size_kib``, ``retry_after_ms``, ``id_unfetchable_at_first``,
    ``fetch_429_bare``; create answers: ``create_location``, ``create_envelope``; the CDN:
    ``cdn_truncated``, ``cdn_html``, ``cdn_webm``, ``cdn_gzip``. Each row of ``drifts.py``
    says what it does.

Video
    A real MP4 (H.264, yuv420p, 24 fps, exactly ``duration * fps`` frames): a slow zoom over
    the submitted image, cross-fading to ``tail_image_url`` over the last second. 640x360 for
    16:9 and 360x640 for 9:16 (the real service renders 1280x720) so that 2 cores encode 8 s
    in under a second. ``data:`` images are decoded; an http(s) image is fetched only from a
    loopback host, anything else (or anything unreadable) becomes a placeholder gradient with
    the prompt on it. Encoding happens off the event loop, once per distinct input (jobs keep no
    pixels in memory): on the first CDN request, or, in the live profile (whose answers carry
    ``file_size``), on the first completed fetch.
"""

import importlib
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .app import create_app
    from .cli import main
    from .config import DEVIATIONS, Profile, SandboxConfig
    from .errors import SimulatedConnectionDropError
    from .server import RunningSandbox, run_server, serve
    from .stats import SandboxStats

# Importing the package needs none of the "sandbox" extra (starlette, uvicorn, av, pillow):
# `run` can then say what is missing instead of a raw ModuleNotFoundError, and each public
# name is imported from its module on first use (PEP 562).
_MODULES: dict[str, str] = {
    "create_app": ".app",
    "main": ".cli",
    "DEVIATIONS": ".config",
    "Profile": ".config",
    "SandboxConfig": ".config",
    "SimulatedConnectionDropError": ".errors",
    "RunningSandbox": ".server",
    "run_server": ".server",
    "serve": ".server",
    "SandboxStats": ".stats",
}
MISSING_EXTRA = (
    "error: the sandbox needs the 'sandbox' extra ({name} is missing): "
    "pip install 'aimlapi-veo[sandbox]'"
)


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def run(argv: Sequence[str] | None = None, prog: str = "python -m aimlapi_veo_sandbox") -> int:
    """The sandbox's command line, for `python -m aimlapi_veo_sandbox` and `veo sandbox`:
    serves until Ctrl-C (exit 0); without the extra, one line saying how to install it."""
    try:
        cli = importlib.import_module(".cli", __name__)
    except ModuleNotFoundError as exc:
        print(MISSING_EXTRA.format(name=(exc.name or "?").split(".")[0]), file=sys.stderr)
        return 1
    try:
        code: int = cli.main(argv, prog)
    except KeyboardInterrupt:  # Ctrl-C is how a sandbox stops
        return 0
    return code


__all__ = [
    "DEVIATIONS",
    "Profile",
    "RunningSandbox",
    "SandboxConfig",
    "SandboxStats",
    "SimulatedConnectionDropError",
    "create_app",
    "main",
    "run",
    "run_server",
    "serve",
]
