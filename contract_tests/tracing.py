"""Request tracing against the target, for free: what reconciliation (aimlapi_veo/reconcile.py)
relies on, checked where it matters, on the service itself.

One create the API must refuse (a blank prompt: the spec's pattern forbids it, so it is never
charged) is sent with our own `X-Client-Request-Id`. Its answer must echo the id (and carry an
`x-inference-id`), and `GET /v2/logs` must come to list it with that `client_request_id`:
it is polled until it does, and how long that took is the run's evidence for the settle
period's default (900 s, `AIMLAPI_VEO_SETTLE_SECONDS`).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from .guard import BudgetExhaustedError, Guard, GuardedTransport
from .settings import RunSettings
from .spec import operation

LOGS_PATH = "/v2/logs"


@dataclass
class Tracing:
    """What the run saw; `problems` are what reconciliation could not rely on."""

    client_request_id: str
    refused_status: int | None = None
    echoed: str | None = None
    inference_id: str | None = None
    listed_after: float | None = None  # seconds from the answer to the log listing it
    row: dict[str, Any] | None = None
    problems: list[str] = field(default_factory=list)
    not_sent: str | None = None  # why the refused create was not sent (the guard said no)

    def note(self) -> str:
        if self.not_sent is not None:
            return f"tracing: not checked, the refused create was not sent ({self.not_sent})"
        listed = (
            f"listed in {LOGS_PATH} after {self.listed_after:.1f} s "
            f"(status {self.row.get('status') if self.row else '?'}, "
            f"cost {self.row.get('cost') if self.row else '?'})"
            if self.listed_after is not None
            else f"NOT listed in {LOGS_PATH}"
        )
        return (
            f"tracing: a refused create (HTTP {self.refused_status}) sent as "
            f"{self.client_request_id}: echoed {self.echoed == self.client_request_id}, "
            f"x-inference-id {'present' if self.inference_id else 'absent'}, {listed}"
        )


def check_tracing(
    settings: RunSettings,
    guard: Guard,
    *,
    timeout: float,
    interval: float = 2.0,
    transport: httpx.BaseTransport | None = None,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> Tracing:
    found = Tracing(f"contract-{uuid.uuid4().hex}")
    headers = {"Authorization": f"Bearer {settings.api_key}"}
    with httpx.Client(
        base_url=settings.base_url,
        transport=GuardedTransport(guard, transport),
        headers=headers,
        timeout=httpx.Timeout(60.0, connect=10.0),
    ) as client:
        try:
            answered = _refused_create(client, found, clock)
        except BudgetExhaustedError as exc:  # an earlier invalid create was accepted: no more
            found.not_sent = str(exc)
            return found
        while found.listed_after is None and clock() - answered < timeout:
            try:
                found.row = _listed(client, found.client_request_id)
            except httpx.HTTPStatusError as exc:
                found.problems.append(f"{LOGS_PATH} answered HTTP {exc.response.status_code}")
                return found
            if found.row is not None:
                found.listed_after = clock() - answered
            else:
                sleep(interval)
    if found.listed_after is None:
        found.problems.append(
            f"the refused create was not listed in {LOGS_PATH} within {timeout:.0f} s"
        )
    return found


def _refused_create(client: httpx.Client, found: Tracing, clock: Callable[[], float]) -> float:
    body = {"model": "veo2/image-to-video", "prompt": " ", "image_url": "https://example.com/a.png"}
    response = client.post(
        operation("create_generation").path,
        json=body,
        headers={"X-Client-Request-Id": found.client_request_id},
    )
    answered = clock()
    found.refused_status = response.status_code
    found.echoed = response.headers.get("x-client-request-id")
    found.inference_id = response.headers.get("x-inference-id")
    if response.is_success:
        found.problems.append("a create with a blank prompt was accepted (and may be charged)")
    if found.echoed != found.client_request_id:
        found.problems.append(
            f"X-Client-Request-Id was not echoed (x-client-request-id: {found.echoed!r})"
        )
    if found.inference_id is None:
        found.problems.append("the answer carries no x-inference-id")
    return answered


def _listed(client: httpx.Client, client_request_id: str) -> dict[str, Any] | None:
    """Our row in the last hour of the log (every page read), or None."""
    now = datetime.now(UTC)
    window: dict[str, Any] = {
        "start": (now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "end": (now + timedelta(minutes=10)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "status": "failed",
        "limit": 100,
    }
    offset = 0
    while True:
        page = client.get(LOGS_PATH, params={**window, "offset": offset})
        page.raise_for_status()
        data = page.json()
        rows = data["data"]
        ours = [row for row in rows if row.get("client_request_id") == client_request_id]
        if ours or not data["pagination"]["has_more"] or not rows:
            return ours[0] if ours else None
        offset += len(rows)
