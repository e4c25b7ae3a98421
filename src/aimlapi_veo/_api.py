"""The boundary with the generated client and with httpx.

Requests are described by the generated modules (`_get_kwargs`: method, path, query, JSON body)
and answers parsed by them (`_build_response`); nothing here builds a URL or a body. The wrapper
sends the request itself so that it holds the raw answer: the id of a paid generation is
journaled even if parsing fails, and error statuses are mapped with their bodies. httpx
exceptions are translated here, and only here, into the errors of `aimlapi_veo.errors`.
"""

from __future__ import annotations

import json
from types import ModuleType
from typing import Any

import httpx
from aimlapi_veo_api import AuthenticatedClient
from aimlapi_veo_api.api.default import create_generation, fetch_generation
from aimlapi_veo_api.models import CreateGenerationRequest

from aimlapi_veo import __version__
from aimlapi_veo.errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    CreateOutcomeUnknownError,
    InternalServerError,
    MalformedResponseError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
    redact,
)
from aimlapi_veo.generation import Generation
from aimlapi_veo.retry import NOT_SENT, parse_retry_after

USER_AGENT = f"aimlapi-veo/{__version__}"
STATUS_ERRORS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}
# Only used to hand the generated parser its settings; it never sends anything.
PARSER_CLIENT = AuthenticatedClient(
    base_url="http://unused.invalid", token="", raise_on_unexpected_status=False
)


def create_request(body: CreateGenerationRequest, base_url: str, api_key: str) -> dict[str, Any]:
    return _with_auth(create_generation._get_kwargs(body=body), base_url, api_key)


def fetch_request(generation_id: str, base_url: str, api_key: str) -> dict[str, Any]:
    return _with_auth(fetch_generation._get_kwargs(generation_id=generation_id), base_url, api_key)


def _with_auth(kwargs: dict[str, Any], base_url: str, api_key: str) -> dict[str, Any]:
    kwargs["url"] = base_url.rstrip("/") + kwargs["url"]
    kwargs["headers"] = {
        **kwargs.get("headers", {}),
        "Authorization": f"Bearer {api_key}",
        "User-Agent": USER_AGENT,
    }
    return kwargs


def raw_id(response: httpx.Response) -> str | None:
    """The generation id in an answer, read without trusting the rest of it."""
    try:
        data = response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None
    value = data.get("id") if isinstance(data, dict) else None
    return value if isinstance(value, str) and value else None


def parse_generation(response: httpx.Response, *, create: bool, api_key: str) -> Generation:
    module: ModuleType = create_generation if create else fetch_generation
    try:
        parsed = module._build_response(client=PARSER_CLIENT, response=response).parsed
    except (
        json.JSONDecodeError,
        UnicodeDecodeError,
        KeyError,
        TypeError,
        ValueError,
        AttributeError,
    ) as exc:
        snippet = redact(response.text[:200], api_key)
        raise MalformedResponseError(
            f"HTTP {response.status_code} answer does not match the spec ({exc!r}): {snippet}"
        ) from exc
    if parsed is None:
        raise MalformedResponseError(f"HTTP {response.status_code} answer has no generation in it")
    return Generation.from_api(parsed)


def status_error(response: httpx.Response, api_key: str) -> APIStatusError:
    """The typed error for an error answer, with the server's own message."""
    try:
        body = response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        body = None
    message = response.text[:300] or response.reason_phrase
    if isinstance(body, dict):
        detail = body.get("message") or body.get("error") or body.get("detail")
        message = (
            "; ".join(map(str, detail)) if isinstance(detail, list) else str(detail or message)
        )
    message = redact(message, api_key)
    request_id = response.headers.get("x-request-id") or response.headers.get("request-id")
    code = response.status_code
    if code == 429:
        return RateLimitError(
            code, message, request_id, parse_retry_after(response.headers.get("retry-after"))
        )
    cls = STATUS_ERRORS.get(code, InternalServerError if code >= 500 else APIStatusError)
    return cls(code, message, request_id)


def transport_error(exc: Exception, *, create: bool) -> Exception:
    """An httpx exception as one of ours. On create, anything but 'never connected' means the
    request may have been received: the outcome is unknown, and must not be resent."""
    if create and not isinstance(exc, NOT_SENT):
        return CreateOutcomeUnknownError(type(exc).__name__)
    if isinstance(exc, httpx.TimeoutException):
        return APITimeoutError(
            f"request timed out ({type(exc).__name__}); the API may be slow or unreachable"
        )
    return APIConnectionError(
        f"could not reach the API ({type(exc).__name__}: {exc}); check the base URL and network"
    )
