"""The two API operations, create and fetch, each served on both documented paths (live);
every answer carries the tracing and cost headers (tracing.py), every create received is
logged (logs.py)."""

from __future__ import annotations

import math
from functools import partial

import anyio.to_thread
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from . import drifts, logs
from .errors import DroppedConnectionResponse, bad_request, nest_error, not_found
from .jobs import Job, progress
from .payloads import create_answer, credits_of, fetch_answer
from .state import SandboxState, sandbox_of
from .tracing import Trace, client_request_id, looks_issued, new_inference_id
from .validation import ValidationFailure, not_blank, validate_create

CREATE_PATH = FETCH_PATH = "/v2/video/generations"  # the spec's create (POST) and fetch (GET)
LEGACY_PATH = "/v2/generate/video/google/generation"  # the docs say it still works (live only)
PATHS = (CREATE_PATH, LEGACY_PATH)


async def operation(request: Request) -> Response:
    """One route per path, so that a wrong method's 405 names both operations."""
    return await (fetch if request.method in ("GET", "HEAD") else create)(request)


async def create(request: Request) -> Response:
    state = sandbox_of(request)
    trace = Trace(new_inference_id(), client_request_id(request))
    refused = state.admit(request, f"POST {request.url.path}")
    # Faults strike before the body is read: the create never arrived, nothing is stored.
    refused = refused or state.faults.api_response()
    fault = None if refused is not None else state.create_fault()
    if fault == "drop_before_body":
        refused = DroppedConnectionResponse(b"", 64, "application/json")
    if refused is not None:
        return trace.stamp(refused)
    payload, answer = await _received(request, state)
    job = answer if isinstance(answer, Job) else None
    if job is not None:
        trace = Trace(job.id, trace.client_request_id)
    model = payload.get("model") if isinstance(payload, dict) else None
    logs.record(state, model, trace.inference_id or "", trace.client_request_id, job)
    if job is None:
        assert isinstance(answer, Response)
        return trace.stamp(answer)
    if fault == "store_then_drop":
        return DroppedConnectionResponse(b'{"id": "', 64, "application/json")
    status_code = 201 if "undocumented_status_code" in state.config.deviations else 200
    body = create_answer(job, state.first_status(), state.config)
    headers = poll_hint(state, job) or {}
    drifted = drifts.created(state.config, body, headers)
    response = drifted or JSONResponse(body, status_code=status_code, headers=headers)
    return trace.stamp(response, credits_of(job))


async def _received(request: Request, state: SandboxState) -> tuple[object, Job | Response]:
    """Reads and checks a create's body: (the payload, the stored job or the refusal)."""
    # The spec's body is application/json only; NestJS parses nothing else (the body stays
    # empty and fails validation), so a JSON text sent as text/plain is refused too.
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media != "application/json":
        return None, bad_request("request body must be sent as Content-Type: application/json")
    try:
        payload = await request.json()
    except ValueError:
        return None, bad_request("request body is not valid JSON")
    deviations = state.config.deviations
    check = partial(validate_create, check_images="image_url_unchecked" not in deviations)
    try:
        # Decoding a base64 image can take a while: keep it off the event loop.
        parsed = await anyio.to_thread.run_sync(check, payload, state.config.profile)
    except ValidationFailure as exc:
        return payload, bad_request(exc.message)
    negative_seed = parsed.seed is not None and parsed.seed < 0
    if "server_error" in deviations or ("negative_seed_error" in deviations and negative_seed):
        return payload, nest_error(500, "Internal server error")
    return payload, await state.store_job(parsed)


async def fetch(request: Request) -> Response:
    state = sandbox_of(request)
    generation_id = request.query_params.get("generation_id", "").strip()
    trace = Trace(generation_id if looks_issued(generation_id) else None, None)
    return trace.stamp(await _fetch(request, state))


async def _fetch(request: Request, state: SandboxState) -> Response:
    refused = state.admit(request, f"GET {request.url.path}")
    refused = refused or state.faults.api_response()
    if refused is not None:
        return refused
    generation_id = request.query_params.get("generation_id", "")
    if not not_blank(generation_id):
        return bad_request("generation_id should not be empty")
    generation_id = generation_id.strip()
    state.stats.fetches += 1
    by_number = "wrong_field_type" in state.config.deviations
    job = state.jobs.get(generation_id, by_number=by_number)
    if job is None:
        return not_found()
    status = state.status_of(job)
    link = None
    if status == "completed":
        link = await state.video_link(job, str(request.base_url).rstrip("/"))
    media_type = "text/plain" if "fetch_text_plain" in state.config.deviations else None
    body, headers = fetch_answer(job, status, link, state.config), poll_hint(state, job) or {}
    drifted = drifts.fetched(state.config, job, state.stats.fetches, body, headers)
    return drifted or JSONResponse(body, headers=headers, media_type=media_type)


def poll_hint(state: SandboxState, job: Job) -> dict[str, str] | None:
    """`Retry-After` on an in-progress answer: when to look again (see SandboxConfig.poll_hint)."""
    config = state.config
    done = progress(job, config.clock(), config)
    if not config.sends_poll_hint or done >= 1:
        return None
    return {"Retry-After": str(max(1, math.ceil((1 - done) * config.generation_seconds)))}
