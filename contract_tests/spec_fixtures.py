"""Mocked answers and request checks for respx tests, held to spec/openapi.json.

A fixture that drifts from the spec fails where it is built, not months later against the
live API. Use from any test (the wrapper's too)::

    from contract_tests.spec_fixtures import generation, spec_response, assert_spec_request

    respx_mock.get(...).mock(return_value=spec_response(200, generation("completed")))
    route = respx_mock.post(...).mock(return_value=spec_response(200, generation(), "create_generation"))
    body = assert_spec_request(route.calls.last.request, "create_generation", api_key="k")

`spec_response` refuses any answer that is not exactly what the spec documents (status code,
schema, and no fields the spec does not name). Tests of how a client copes with the live
service's known drift use `drifted_response(..., drift={"undocumented_status_value"})`, which
refuses a body unless it departs from the spec in exactly the named ways, and
`error_response(...)` for the error answers the spec does not document at all.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import parse_qs

import httpx

from .classify import Intent, classify
from .findings import make_exchange
from .spec import Json, operation, validation_errors

EXAMPLE_ID = "9bf4e6f6-1b1c-4a5e-9d8e-3f1f6b1c2d3e:veo2/image-to-video"
EXAMPLE_VIDEO_URL = "https://cdn.aimlapi.com/generations/veo2/output.mp4"


class FixtureDriftError(AssertionError):
    """A mocked answer or a recorded request that the spec does not allow."""


def generation(status: str = "queued", **fields: Any) -> Json:
    """A Generation body the spec allows: completed ones get a video, error ones an error."""
    body: Json = {"id": EXAMPLE_ID, "status": status}
    if status == "completed":
        body["video"] = {"url": EXAMPLE_VIDEO_URL, "duration": 5}
        body["meta"] = {"usage": {"credits_used": 525000}}
    if status == "error":
        body["error"] = {"name": "GenerationError", "message": "The generation failed."}
    body.update(fields)
    return body


def spec_response(
    status_code: int,
    body: Json,
    operation_id: str = "fetch_generation",
    headers: Mapping[str, str] | None = None,
) -> httpx.Response:
    """An answer the spec documents for `operation_id`, exactly; else FixtureDriftError."""
    documented = operation(operation_id).documented_statuses
    if status_code not in documented:
        raise FixtureDriftError(
            f"{operation_id} documents {sorted(documented)}, not {status_code}: use "
            "error_response() for an error, drifted_response() for undocumented success"
        )
    kinds = _drift_kinds(status_code, body, operation_id, headers or {})
    if kinds:
        raise FixtureDriftError(f"mocked {operation_id} answer departs from the spec: {kinds}")
    return httpx.Response(status_code, json=body, headers=headers)


def drifted_response(
    status_code: int,
    body: Json,
    operation_id: str = "fetch_generation",
    *,
    drift: Iterable[str],
    headers: Mapping[str, str] | None = None,
) -> httpx.Response:
    """An answer that departs from the spec in exactly the named ways (findings.KINDS)."""
    expected = set(drift)
    found = {kind for kind, _ in _drift_kinds(status_code, body, operation_id)}
    if found != expected:
        raise FixtureDriftError(
            f"mocked {operation_id} answer should depart from the spec by {sorted(expected)}, "
            f"departs by {sorted(found)}"
        )
    return httpx.Response(status_code, json=body, headers=headers)


def error_response(
    status_code: int, message: str = "", headers: Mapping[str, str] | None = None
) -> httpx.Response:
    """An error answer shaped like the gateway's (`statusCode`, `message`, `error`).

    The spec documents no error answers, so only 4xx and 5xx are allowed here: a success code
    the spec does not list is drift, and must be built with `drifted_response`.
    """
    if not 400 <= status_code < 600:
        raise FixtureDriftError(f"error_response is for 4xx/5xx, not {status_code}")
    phrase = httpx.codes.get_reason_phrase(status_code)
    body = {"statusCode": status_code, "message": message or phrase, "error": phrase}
    return httpx.Response(status_code, json=body, headers=headers)


def _drift_kinds(
    status_code: int, body: Json, operation_id: str, headers: Mapping[str, str] | None = None
) -> list[tuple[str, str]]:
    op = operation(operation_id)
    raw = json.dumps(body).encode()
    exchange = make_exchange(
        op.method,
        f"https://fixture.invalid{op.path}",
        {},
        None,
        status_code,
        {"content-type": "application/json", **(headers or {})},
        raw,
    )
    return sorted({(d.kind, d.where) for d in classify(exchange, Intent.EITHER)})


def assert_spec_request(
    request: httpx.Request, operation_id: str, *, api_key: str | None = None
) -> Any:
    """Checks a request a client sent against the spec; returns its JSON body (or None).

    Method, path, query parameters (names, required ones present, nothing else), the bearer
    key when the operation requires one, and the JSON body against the request schema.
    """
    op = operation(operation_id)
    problems = []
    if request.method != op.method or request.url.path != op.path:
        problems.append(f"sent {request.method} {request.url.path}, the spec says {op}")
    problems += _query_problems(request, op.parameters)
    if op.requires_auth:
        sent = request.headers.get("authorization", "")
        if not sent.startswith("Bearer ") or (api_key is not None and sent != f"Bearer {api_key}"):
            problems.append("no bearer key (or not the expected one) in Authorization")
    body = json.loads(request.content) if request.content else None
    problems += _body_problems(request, op.request_schema, body)
    if problems:
        raise FixtureDriftError(f"request to {operation_id} departs from the spec: {problems}")
    return body


def _query_problems(request: httpx.Request, parameters: list[Json]) -> list[str]:
    query = parse_qs(request.url.query.decode(), keep_blank_values=True)
    declared = {p["name"]: p for p in parameters if p["in"] == "query"}
    problems = [
        f"query parameter {name!r} is not in the spec" for name in query if name not in declared
    ]
    for name, param in declared.items():
        if param.get("required") and name not in query:
            problems.append(f"required query parameter {name!r} is missing")
        for value in query.get(name, []):
            problems += [
                f"query {name}: {e.message}" for e in validation_errors(param["schema"], value)
            ]
    return problems


def _body_problems(request: httpx.Request, schema: Json | None, body: Any) -> list[str]:
    if schema is None:
        return [] if body is None else ["a body was sent, the spec has none"]
    if request.headers.get("content-type", "").split(";")[0] != "application/json":
        return ["the body is not sent as application/json"]
    return [f"body: {e.message}" for e in validation_errors(schema, body)]
