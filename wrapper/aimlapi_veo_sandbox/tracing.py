"""Request tracing and cost headers, as aimlapi's docs describe them
(docs/capabilities/request-tracing-and-cost.md, 2026-08-19):

- `X-Client-Request-Id`: 1-128 characters of `A-Z a-z 0-9 . _ : -`, echoed as
  `x-client-request-id`; any other value is silently dropped (the request still runs).
- `x-inference-id` on every API answer: for a create the generation id, for a fetch the id
  polled (left out when it does not look like an id the sandbox could have issued).
- `x-aimlapi-credits-used` (an integer) and `x-aimlapi-usd-spent` on JSON answers: a create's
  price on its answer, 0 on everything else (a poll is free, a refused request is not billed).
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response

from .errors import DroppedConnectionResponse

CLIENT_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
#: The made-up exchange rate: the docs' example row says 500000 credits cost 0.25 USD.
CREDITS_PER_USD = 2_000_000
_ISSUED = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(:.+)?")


def client_request_id(request: Request) -> str | None:
    """The caller's own id when it is valid; None when absent or dropped."""
    value = request.headers.get("x-client-request-id")
    return value if value is not None and CLIENT_REQUEST_ID.fullmatch(value) else None


def new_inference_id() -> str:
    """An inference id for an answer that made no job (a refused or faulted request)."""
    return str(uuid.uuid4())


def looks_issued(generation_id: str) -> bool:
    return _ISSUED.fullmatch(generation_id) is not None


def usd(credits: int) -> float:
    return credits / CREDITS_PER_USD


@dataclass(frozen=True)
class Trace:
    """What one API request's answer must carry."""

    inference_id: str | None
    client_request_id: str | None

    def stamp(self, response: Response, credits: int = 0) -> Response:
        if isinstance(response, DroppedConnectionResponse):
            return response  # an answer that never arrives tells nothing
        if self.inference_id is not None:
            response.headers["x-inference-id"] = self.inference_id
        if self.client_request_id is not None:
            response.headers["x-client-request-id"] = self.client_request_id
        if (response.media_type or "").startswith("application/json"):
            response.headers["x-aimlapi-credits-used"] = str(credits)
            response.headers["x-aimlapi-usd-spent"] = f"{usd(credits):.9f}"
        return response
