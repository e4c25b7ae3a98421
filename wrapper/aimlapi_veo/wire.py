"""The wire: everything between the wrapper's arguments and what httpx sends or receives.

- Requests: friendly arguments are checked against the spec's types before anything is sent
  (the allowed values come from the generated enums, not from here), then described by the
  generated modules (`_get_kwargs`: method, path, query, JSON body); nothing here builds a URL
  or a body.
- Answers are parsed by the generated modules (`_build_response`). The wrapper sends requests
  itself so that it holds the raw answer: the id of a paid generation is journaled even if
  parsing fails, and error statuses are mapped with their bodies.
- httpx exceptions are translated here, and only here, into the errors of `aimlapi_veo.errors`
  (HTTPX_ERRORS: every httpx exception class, each one mapped).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING, Any, Literal, Protocol
from urllib.parse import unquote

import httpx

from aimlapi_veo import __version__
from aimlapi_veo.errors import (
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    CreateOutcomeUnknownError,
    InternalServerError,
    InvalidInputError,
    MalformedResponseError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
    VeoError,
    redact,
    secret_forms,
)
from aimlapi_veo.generation import Generation
from aimlapi_veo.images import ImageInput, to_image_url
from aimlapi_veo.models import LEGACY_MODEL, MEDIA, check
from aimlapi_veo.models import get as get_model
from aimlapi_veo.retry import NOT_SENT, parse_retry_after

# The generated package (its attrs models and client) is imported by the functions that build
# or parse, on the first request: `from aimlapi_veo import VeoClient` then costs little more
# than httpx (bench/startup.py). The checks before a paid create are the same, only later loaded.
if TYPE_CHECKING:
    from aimlapi_veo_api import AuthenticatedClient
    from aimlapi_veo_api.models import Generation as ApiGeneration

# Veo2 image-to-video's values, as `create(image, prompt, ...)` types them (the generated
# Veo2ImageToVideo class's; tests/library/test_surface.py keeps them equal).
DurationSeconds = Literal[5, 6, 7, 8]
AspectRatioValue = Literal["16:9", "9:16"]


class VideoRequest(Protocol):
    """A generated per-model request class (`aimlapi_veo_api.models.Veo31I2V`, ...): typed
    per model. A plain mapping (`{"model": ..., "prompt": ...}`, the CLI's and batch rows'
    form) is taken too, checked only at run time."""

    @property
    def model(self) -> str: ...

    def to_dict(self) -> dict[str, Any]: ...


# requests ------------------------------------------------------------------------------------


def check_text(value: object, field: str, *, required: bool) -> str | None:
    if value is None and not required:
        return None
    if not isinstance(value, str) or (required and not value.strip()):
        raise InvalidInputError(f"{field} must be a non-empty string")
    return value


def build_request(
    image: ImageInput | VideoRequest | Mapping[str, Any],
    prompt: str | None = None,
    *,
    tail_image: ImageInput | None = None,
    duration: int | str | None = None,
    aspect_ratio: str | None = None,
    negative_prompt: str | None = None,
    seed: int | None = None,
    enhance_prompt: bool | None = None,
) -> dict[str, Any]:
    """The JSON body: the fields the user set plus `model`, local media inlined, checked
    against the model's schema (InvalidInputError naming the field and what it takes)."""
    if isinstance(image, Mapping) or hasattr(image, "to_dict"):
        fields = (prompt, tail_image, duration, aspect_ratio, negative_prompt, seed, enhance_prompt)
        if any(value is not None for value in fields):
            raise InvalidInputError("give a request object alone: its fields say everything")
        given = dict(image) if isinstance(image, Mapping) else image.to_dict()
        body = {name: _inline(name, value) for name, value in given.items()}
    else:
        check_text(prompt, "prompt", required=True)
        body = {
            "model": LEGACY_MODEL,
            "prompt": prompt,
            "image_url": to_image_url(image, "image"),
            "tail_image_url": None
            if tail_image is None
            else to_image_url(tail_image, "tail_image"),
            "duration": duration,
            "aspect_ratio": aspect_ratio,
            "negative_prompt": negative_prompt,
            "seed": seed,
            "enhance_prompt": enhance_prompt,
        }
    check_text(body.get("prompt"), "prompt", required=True)
    return check(body)


def _inline(name: str, value: Any) -> Any:
    """Media fields as the API takes them: URLs as given, local data as a data: URI."""
    if value is None or name not in MEDIA:
        return value
    if isinstance(value, list | tuple):
        return [to_image_url(item, name) for item in value]
    return to_image_url(value, name, video=name == "video_url")


# answers and errors --------------------------------------------------------------------------

USER_AGENT = f"aimlapi-veo/{__version__}"
STATUS_ERRORS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


@functools.cache
def parser_client() -> AuthenticatedClient:
    """Only used to hand the generated parser its settings; it never sends anything."""
    from aimlapi_veo_api import AuthenticatedClient  # noqa: PLC0415 (start-up time)

    return AuthenticatedClient(
        base_url="http://unused.invalid", token="", raise_on_unexpected_status=False
    )


def create_request(body: dict[str, Any], base_url: str, api_key: str) -> dict[str, Any]:
    """The create, described by the generated module from the model's generated class."""
    from aimlapi_veo_api.api.default import create_generation  # noqa: PLC0415 (start-up time)

    request = get_model(body["model"]).request_class().from_dict(body)
    return _with_auth(create_generation._get_kwargs(body=request), base_url, api_key)


def fetch_request(generation_id: str, base_url: str, api_key: str) -> dict[str, Any]:
    from aimlapi_veo_api.api.default import fetch_generation  # noqa: PLC0415 (start-up time)

    return _with_auth(fetch_generation._get_kwargs(generation_id=generation_id), base_url, api_key)


def with_client_request_id(request: dict[str, Any], client_request_id: str) -> dict[str, Any]:
    """The create request carrying our id for it: the API stores it and lists it in its usage
    log, which is how a create whose answer was lost is found again (reconcile.py)."""
    return {**request, "headers": {**request["headers"], "X-Client-Request-Id": client_request_id}}


def _with_auth(kwargs: dict[str, Any], base_url: str, api_key: str) -> dict[str, Any]:
    kwargs["url"] = base_url.rstrip("/") + kwargs["url"]
    kwargs["headers"] = {
        **kwargs.get("headers", {}),
        "Authorization": f"Bearer {api_key}",
        "User-Agent": USER_AGENT,
    }
    return kwargs


def logs_request(params: dict[str, Any], base_url: str, api_key: str) -> dict[str, Any]:
    """`GET /v2/logs` (service-endpoints/logs-v2.json), described by the generated module."""
    from aimlapi_veo_api.api.default import list_logs  # noqa: PLC0415 (start-up time)

    return _with_auth(list_logs._get_kwargs(**params), base_url, api_key)


@dataclass(frozen=True)
class LogsPage:
    rows: list[dict[str, Any]]
    has_more: bool


# What reading an answer that does not match the spec raises (bad JSON, missing or mistyped fields).
UNREADABLE = (
    json.JSONDecodeError,
    UnicodeDecodeError,
    KeyError,
    TypeError,
    ValueError,
    AttributeError,
)


def parse_logs(response: httpx.Response) -> LogsPage:
    """A /v2/logs page, read by the generated parser, the fields reconciliation reads checked
    (MalformedResponseError otherwise: a log that cannot be read proves nothing)."""
    try:
        return _logs_page(response)
    except UNREADABLE as exc:
        raise MalformedResponseError(
            f"the usage log's answer (HTTP {response.status_code}) does not match logs-v2.json "
            f"({type(exc).__name__}: {exc})"
        ) from None


def _logs_page(response: httpx.Response) -> LogsPage:
    from aimlapi_veo_api.api.default import list_logs  # noqa: PLC0415 (start-up time)

    parsed = list_logs._build_response(client=parser_client(), response=response).parsed
    if parsed is None:
        raise TypeError("no page in it")
    rows = [item.to_dict() for item in parsed.data]
    for row in rows:
        ids = (row["inference_id"], row["client_request_id"])
        if not isinstance(ids[0], str) or not isinstance(ids[1], str | None):
            raise TypeError("inference_id or client_request_id has the wrong type")
    if not isinstance(parsed.pagination.has_more, bool):
        raise TypeError("pagination.has_more is not a boolean")
    return LogsPage(rows, parsed.pagination.has_more)


@dataclass(frozen=True)
class Trace:
    """What an answer's headers say about the call (request-tracing-and-cost.md)."""

    inference_id: str | None
    credits_used: int | None
    usd_spent: float | None


def trace_of(response: httpx.Response) -> Trace:
    """x-inference-id and the cost headers; a missing or unreadable one is None."""
    credits = response.headers.get("x-aimlapi-credits-used", "").strip()
    usd = response.headers.get("x-aimlapi-usd-spent", "").strip()
    return Trace(
        response.headers.get("x-inference-id") or None,
        int(credits) if credits.isdigit() else None,
        _number(usd),
    )


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if value >= 0 and value != float("inf") else None


def raw_id(response: httpx.Response) -> str | None:
    """The generation id wherever the answer names it, read without trusting the rest of it:
    its `id` (text or a number), that of a one-level envelope (`{"data": {"id": ...}}`), or
    a `Location` header's `generation_id` or last path segment. A paid job is never lost
    for the shape of the answer that named it."""
    try:
        data = response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        data = None
    found = _id_in(data)
    if found is None and isinstance(data, dict):
        inner = [found for value in data.values() if (found := _id_in(value))]
        found = inner[0] if len(inner) == 1 else None
    return found or _id_in_location(response.headers.get("location"))


def _id_in(data: object) -> str | None:
    value = data.get("id") if isinstance(data, dict) else None
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value if isinstance(value, str) and value.strip() else None


def _id_in_location(location: str | None) -> str | None:
    if not location:
        return None
    url = httpx.URL(location)
    named = url.params.get("generation_id") or url.params.get("id")
    raw_path = url.raw_path.decode("ascii").partition("?")[0]
    last = unquote(raw_path.rstrip("/").rsplit("/", 1)[-1])
    return named or (last if any(c.isdigit() for c in last) else None)


def redact_response(response: httpx.Response, api_key: str) -> httpx.Response:
    """The answer with every form of the key removed from its body and headers: every answer
    from the API passes here before anything reads it (the key must not reach an error, a
    log line, the terminal or the journal, even when a server echoes it)."""
    forms = secret_forms(api_key)  # once per answer: it is on every fetch's path
    if not any(
        form in part for part in (response.text, *response.headers.values()) for form in forms
    ):
        return response
    headers = [(name, redact(value, api_key)) for name, value in response.headers.items()]
    return httpx.Response(
        response.status_code,
        headers=headers,
        content=redact(response.text, api_key).encode(),
        request=response.request,
    )


def parse_generation(response: httpx.Response, *, create: bool, api_key: str) -> Generation:
    """The answer as a Generation, every field's type checked; MalformedResponseError naming
    the generation (when the answer carried an id) for anything else."""
    from aimlapi_veo_api.api.default import (  # noqa: PLC0415 (start-up time)
        create_generation,
        fetch_generation,
    )

    module: ModuleType = create_generation if create else fetch_generation
    try:
        parsed = module._build_response(client=parser_client(), response=response).parsed
        return _checked(Generation.from_api(_present(parsed)))
    except UNREADABLE as exc:
        snippet = redact(response.text[:200], api_key)
        about = raw_id(response)
        what = f"the answer about generation {about}" if about else "an answer"
        raise MalformedResponseError(
            f"{what} (HTTP {response.status_code}) does not match the spec "
            f"({type(exc).__name__}: {redact(str(exc), api_key)[:200]}): {snippet}"
        ) from None


# The generated parser casts rather than checks: each field's type is checked here.
FIELD_TYPES: dict[str, tuple[type, ...]] = {
    "id": (str,),
    "video_url": (str, type(None)),
    "content_type": (str, type(None)),
    "file_name": (str, type(None)),
    "file_size": (int, type(None)),
    "duration": (int, float, type(None)),
    "error_name": (str, type(None)),
    "error_message": (str, type(None)),
    "credits_used": (int, float, type(None)),
    "tokens_used": (int, float, type(None)),
}


def _checked(generation: Generation) -> Generation:
    for name, types in FIELD_TYPES.items():
        value = getattr(generation, name)
        if not isinstance(value, types) or isinstance(value, bool):
            raise TypeError(f"{name} is {type(value).__name__}")
    if not generation.id or not isinstance(generation.status.value, str):
        raise TypeError("id or status is empty or not a string")
    video = generation.raw.get("video")
    size = video.get("file_size") if isinstance(video, dict) else None
    if size is not None and (not isinstance(size, int) or isinstance(size, bool)):
        raise TypeError(f"video.file_size is {type(size).__name__}")
    return generation


def _present(parsed: Any) -> ApiGeneration:
    from aimlapi_veo_api.models import Generation as ApiGeneration  # noqa: PLC0415

    if not isinstance(parsed, ApiGeneration):  # None, or a documented error body
        raise TypeError("no generation in it")
    return parsed


def status_error(response: httpx.Response, api_key: str) -> APIStatusError:
    """The typed error for an error answer, with the server's own message and body fields."""
    try:
        body = response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        body = None
    message = response.text[:300] or response.reason_phrase
    messages: tuple[str, ...] = ()
    phrase: str | None = None
    if isinstance(body, dict):
        detail = body.get("message") or body.get("error") or body.get("detail")
        message = (
            "; ".join(map(str, detail)) if isinstance(detail, list) else str(detail or message)
        )
        messages, phrase = _error_fields(body)
    message = redact(message, api_key)
    messages = tuple(redact(text, api_key) for text in messages)
    phrase = None if phrase is None else redact(phrase, api_key)
    fields: dict[str, Any] = {"messages": messages, "error": phrase}
    request_id = response.headers.get("x-request-id") or response.headers.get("request-id")
    code = response.status_code
    if code == 429:
        retry_after = parse_retry_after(response.headers.get("retry-after"))
        return RateLimitError(code, message, request_id, retry_after, **fields)
    cls = STATUS_ERRORS.get(code, InternalServerError if code >= 500 else APIStatusError)
    return cls(code, message, request_id, **fields)


def _error_fields(body: dict[str, Any]) -> tuple[tuple[str, ...], str | None]:
    """`message` (one or a list) and `error` of the spec's ErrorResponse, read by its model."""
    from aimlapi_veo_api.models import ErrorResponse  # noqa: PLC0415 (start-up time)

    try:
        parsed = ErrorResponse.from_dict(body)
    except (KeyError, TypeError, ValueError):
        return (), None  # not the documented shape: the message above is all there is
    raw = parsed.message if isinstance(parsed.message, list) else [parsed.message]
    phrase = parsed.error if isinstance(parsed.error, str) else None
    return tuple(str(text) for text in raw), phrase


# Every httpx exception class, by name, with what it becomes here: (our class, message). The
# lookup walks the class's MRO, and tests/library/test_httpx_boundary.py fails on an httpx class
# missing from this table, so a new httpx exception cannot slip through unmapped.
Rule = tuple[type[VeoError], str]
NOT_VALID: Rule = (
    InvalidInputError,
    "{url} is not a URL the client can send to ({error}); nothing was sent: check the base URL",
)
TIMED_OUT: Rule = (
    APITimeoutError,
    "{url} did not answer in time ({kind}); it may be slow or unreachable",
)
UNREACHABLE: Rule = (
    APIConnectionError,
    "could not reach {url} ({kind}: {error}); check the base URL and the network",
)
UNDECODABLE: Rule = (
    MalformedResponseError,
    "the answer from {url} could not be decoded ({kind}: {error})",
)
MISUSE: Rule = (APIError, "{kind} at {url}: {error} (a bug in aimlapi-veo: please report it)")
HTTPX_ERRORS: dict[type[Exception], Rule] = {
    httpx.InvalidURL: NOT_VALID,
    httpx.UnsupportedProtocol: NOT_VALID,
    httpx.TimeoutException: TIMED_OUT,
    httpx.ConnectTimeout: TIMED_OUT,
    httpx.ReadTimeout: TIMED_OUT,
    httpx.WriteTimeout: TIMED_OUT,
    httpx.PoolTimeout: TIMED_OUT,
    httpx.RequestError: UNREACHABLE,
    httpx.TransportError: UNREACHABLE,
    httpx.NetworkError: UNREACHABLE,
    httpx.ConnectError: UNREACHABLE,
    httpx.ReadError: UNREACHABLE,
    httpx.WriteError: UNREACHABLE,
    httpx.CloseError: UNREACHABLE,
    httpx.ProtocolError: UNREACHABLE,
    httpx.LocalProtocolError: UNREACHABLE,
    httpx.RemoteProtocolError: UNREACHABLE,
    httpx.ProxyError: UNREACHABLE,
    httpx.TooManyRedirects: UNREACHABLE,
    httpx.DecodingError: UNDECODABLE,
    httpx.HTTPError: MISUSE,
    httpx.HTTPStatusError: MISUSE,  # raise_for_status() is never called; mapped all the same
    httpx.CookieConflict: MISUSE,
    httpx.StreamError: MISUSE,
    httpx.StreamConsumed: MISUSE,
    httpx.StreamClosed: MISUSE,
    httpx.ResponseNotRead: MISUSE,
    httpx.RequestNotRead: MISUSE,
}
# What `_send` catches: all of the above (InvalidURL, CookieConflict and StreamError are not
# HTTPError subclasses).
HTTPX_EXCEPTIONS = tuple(HTTPX_ERRORS)
# Refused while the request was being built or before a connection was made: nothing was sent,
# and sending again cannot help.
NOT_SENDABLE = (httpx.InvalidURL, httpx.UnsupportedProtocol)


def _url(exc: Exception) -> str:
    try:
        request: httpx.Request = exc.request  # type: ignore[attr-defined]
    except (AttributeError, RuntimeError):  # httpx raises RuntimeError when none was set
        return "the API"
    return str(request.url.copy_with(query=None))


def transport_error(exc: Exception, *, create: bool) -> VeoError:
    """An httpx exception as one of ours. On create, anything but 'never connected' means the
    request may have been received: the outcome is unknown, and must not be resent."""
    if create and not isinstance(exc, NOT_SENT + NOT_SENDABLE):
        return CreateOutcomeUnknownError(f"no answer came back ({type(exc).__name__})")
    cls, template = next(HTTPX_ERRORS[kind] for kind in type(exc).__mro__ if kind in HTTPX_ERRORS)
    return cls(template.format(url=_url(exc), kind=type(exc).__name__, error=exc))
