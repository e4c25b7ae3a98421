"""What the harness records: one request/response exchange, and one discrepancy it shows.

An `Exchange` is stored already redacted: the key never reaches a report, a log or an
exception message. Every discrepancy kind the harness can name is listed in `KINDS`.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from typing import Any
from urllib.parse import urlsplit

#: Every discrepancy kind, with what it means. Reports and tests use these names.
KINDS: dict[str, str] = {
    "undocumented_status_value": "a `status` value the spec's enum does not list",
    "undocumented_enum_value": "a value outside the enum the spec gives for that field",
    "missing_required_field": "a field the spec marks required is absent",
    "wrong_field_type": "a field has another JSON type than the spec says (null included)",
    "undocumented_field": "a field the spec does not describe",
    "schema_violation": "the answer breaks the schema in another way (format, bounds, ...)",
    "undocumented_status_code": "a success status code the spec does not document",
    "server_error": "a 5xx answer",
    "auth_not_enforced": "a request without a valid key was not refused with 401/403",
    "invalid_input_accepted": "a request the spec says is invalid was accepted (and may be paid)",
    "valid_input_rejected": "a request the spec says is valid was refused with a 4xx",
    "wrong_content_type": "the answer is not the media type the spec documents",
    "not_json": "a documented JSON answer whose body does not parse as JSON",
    "created_generation_unavailable": "fetching the id create returned did not find it",
    "video_download_problem": "a completed generation's video.url did not give a downloadable "
    "video (status, content type, Content-Length or the bytes themselves)",
    "missing_required_header": "an answer lacks a header the spec requires on it",
    "breaks_flow": "the wrapper's create -> wait -> download, replayed on a paid job's real "
    "answers, fails, hangs past the job's expected window or saves a wrong file, and no other "
    "kind found in those answers says why",
    "handled_by_wrapper": "replayed on a paid job's real answers, the wrapper's flow works but "
    "had to work around something (its warning says what)",
    "check_failed": "a schemathesis check failed in a way no other kind describes",
}

_REDACTED = "<redacted>"
_KEPT_RESPONSE_HEADERS = (
    "content-type",
    "content-length",
    "retry-after",
    "www-authenticate",
    "allow",
    "location",
    "content-encoding",
    "x-inference-id",  # request tracing (docs/capabilities/request-tracing-and-cost.md)
    "x-client-request-id",
)
_MAX_TEXT = 2000


@dataclass(frozen=True)
class Exchange:
    """One request and its answer, as a report shows them (key redacted, bodies decoded)."""

    method: str
    url: str
    request_headers: dict[str, str]
    request_body: Any
    status_code: int
    response_headers: dict[str, str]
    response_body: Any

    @property
    def path(self) -> str:
        return urlsplit(self.url).path

    @property
    def had_key(self) -> bool:
        return "authorization" in self.request_headers

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def make_exchange(
    method: str,
    url: str,
    request_headers: dict[str, str],
    request_body: bytes | None,
    status_code: int,
    response_headers: dict[str, str],
    response_body: bytes,
    secrets: tuple[str, ...] = (),
) -> Exchange:
    """An Exchange from raw parts, with Authorization and every known secret redacted."""
    headers = {k.lower(): v for k, v in request_headers.items()}
    if "authorization" in headers:
        scheme = headers["authorization"].partition(" ")[0] or "?"
        headers["authorization"] = f"{scheme} {_REDACTED}"
    kept = {
        k.lower(): v for k, v in response_headers.items() if k.lower() in _KEPT_RESPONSE_HEADERS
    }
    exchange = Exchange(
        method=method.upper(),
        url=url,
        request_headers={
            k: v for k, v in headers.items() if k in ("authorization", "content-type")
        },
        request_body=decode_body(request_body),
        status_code=status_code,
        response_headers=kept,
        response_body=decode_body(response_body),
    )
    return redact(exchange, secrets)


def decode_body(raw: bytes | None) -> Any:
    """JSON when it parses, else (truncated) text, else None."""
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        text = raw.decode("utf-8", errors="replace")
        return text if len(text) <= _MAX_TEXT else text[:_MAX_TEXT] + "..."


def redact(exchange: Exchange, secrets: tuple[str, ...]) -> Exchange:
    """Replaces every occurrence of each secret anywhere in the exchange (URLs and bodies too)."""
    secrets = tuple(s for s in secrets if s)
    if not secrets:
        return exchange
    text = json.dumps(exchange.to_json())
    for secret in secrets:
        text = text.replace(json.dumps(secret)[1:-1], _REDACTED)
    return Exchange(**json.loads(text))


@dataclass(frozen=True)
class Impact:
    """Whether one consumer of the API breaks on a discrepancy, and what trying it showed."""

    breaks: bool | None  # None: not assessed (say why in evidence)
    evidence: str
    step: str = ""  # the step that broke: "create", "wait", "download" (wrapper) or the operation


NOT_ASSESSED = Impact(None, "not assessed")


@dataclass(frozen=True)
class Discrepancy:
    """One way the API departed from the spec, with one example exchange that shows it."""

    kind: str
    operation: str  # operationId, or "METHOD /path" for a route the spec does not have
    where: str  # JSON pointer into the answer, or "" when it is about the whole exchange
    detail: str
    exchange: Exchange
    source: str = "probe"  # "probe", or "schemathesis:<check>"
    value: str = ""  # the offending value, when it tells two findings of one kind apart
    generated_client: Impact = NOT_ASSESSED
    wrapper: Impact = NOT_ASSESSED
    occurrences: int = 1
    sources: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown discrepancy kind {self.kind!r}; known: {sorted(KINDS)}")

    @property
    def key(self) -> tuple[str, str, str, str]:
        """Two findings with the same key are the same discrepancy seen twice."""
        return (self.kind, self.operation, self.where, self.value)

    def with_impacts(self, generated_client: Impact, wrapper: Impact) -> Discrepancy:
        return replace(self, generated_client=generated_client, wrapper=wrapper)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["sources"] = sorted({self.source, *self.sources})
        del data["source"]
        data["description"] = KINDS[self.kind]
        return data
