"""`GET /v2/logs`, the usage log, exactly as aimlapi publishes it
(docs/api-references/service-endpoints/logs-v2.json and usage-logs.md, 2026-08-19).

Every create the sandbox *received* (its body was read) is a row, whatever became of it: a
refused one (400, the server_error deviation) as `failed` with cost 0, and one whose answer the
sandbox then dropped (the `store_then_drop` create fault) like any other. A create dropped
before its body was read (`drop_before_body`, or a random fault) never arrived: no row.
A stored job's row is `succeeded`, and is charged once the job reports `completed` (until then
its cost is 0); a job whose generation failed is `failed`, cost 0, as the docs say.

Parameters: `period` (`<n>h` / `<n>d`) or `start`+`end` (ISO-8601, UTC when no offset), never
both, window at most 92 days; `key_prefix` (a prefix of the sandbox key, else 403); `model`
(repeatable, exact, at most 50); `status` (repeatable, `succeeded`/`failed`); `limit` 1-100
(default 50); `offset` >= 0. Rows newest first, `pagination {limit, offset, total, has_more}`.
Polls are not logged: they are not inferences (and carry no client request id).
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from .errors import bad_request, nest_error
from .jobs import Job
from .payloads import credits_of
from .state import SandboxState, sandbox_of
from .tracing import usd

PATH = "/v2/logs"
MAX_WINDOW = timedelta(days=92)
MAX_MODELS = 50
STATUSES = ("succeeded", "failed")
_PERIOD = re.compile(r"([0-9]+)([hd])")


@dataclass(frozen=True)
class LogRow:
    """One create as received; its status and cost are read from its job when asked."""

    created: float  # unix time
    model: str
    inference_id: str
    client_request_id: str | None
    job: Job | None  # None: refused, nothing made
    request_id: str = ""

    def as_json(self, state: SandboxState) -> dict[str, Any]:
        status, credits = self.outcome(state)
        return {
            "created": _iso(self.created),
            "status": status,
            "origin": "api",
            "model": self.model,
            "cost": {"usd": usd(credits), "credits": credits},
            "tokens": {"input": 0, "output": 0, "total": 0},
            "request_id": self.request_id,
            "inference_id": self.inference_id,
            "client_request_id": self.client_request_id,
        }

    def outcome(self, state: SandboxState) -> tuple[str, int]:
        """(status, credits charged): a refused create or a failed generation is `failed`
        and free; an async video is charged once it reports completed."""
        if self.job is None:
            return "failed", 0
        status = state.status_of(self.job)
        if self.job.fails and status == self.job.failure_status:
            return "failed", 0
        return "succeeded", credits_of(self.job) if status == "completed" else 0


def record(
    state: SandboxState, model: object, inference_id: str, client_id: str | None, job: Job | None
) -> None:
    """Logs a received create (see the module docstring for which ones)."""
    row = LogRow(
        created=state.signer.unix_now(),
        model=model if isinstance(model, str) else "",
        inference_id=inference_id,
        client_request_id=client_id,
        job=job,
        request_id=f"req-{uuid.uuid4().hex[:16]}",
    )
    state.usage_log.append(row)


async def logs(request: Request) -> Response:
    state = sandbox_of(request)
    refused = state.admit(request, f"GET {request.url.path}")
    if refused is not None:
        return refused
    try:
        query = _Query.parse(request.query_params, state)
    except _Refused as exc:
        return exc.response
    rows = [row for row in reversed(state.usage_log) if query.keeps(row, state)]
    page = rows[query.offset : query.offset + query.limit]
    pagination = {
        "limit": query.limit,
        "offset": query.offset,
        "total": len(rows),
        "has_more": query.offset + len(page) < len(rows),
    }
    return JSONResponse({"data": [row.as_json(state) for row in page], "pagination": pagination})


class _Refused(Exception):  # noqa: N818 - a control-flow signal carrying its answer
    def __init__(self, response: JSONResponse) -> None:
        super().__init__()
        self.response = response


@dataclass(frozen=True)
class _Query:
    start: float
    end: float
    models: tuple[str, ...]
    statuses: tuple[str, ...]
    limit: int
    offset: int

    @classmethod
    def parse(cls, params: QueryParams, state: SandboxState) -> _Query:
        start, end = _window(params, state.signer.unix_now())
        _check_key_prefix(params.get("key_prefix"), state.config.api_key)
        models = tuple(params.getlist("model"))
        if len(models) > MAX_MODELS:
            raise _Refused(bad_request(f"model accepts at most {MAX_MODELS} values"))
        statuses = tuple(params.getlist("status"))
        if any(status not in STATUSES for status in statuses):
            raise _Refused(
                bad_request("each status must be one of the following values: succeeded, failed")
            )
        limit = _integer(params, "limit", 50, 1, 100)
        offset = _integer(params, "offset", 0, 0, None)
        return cls(start, end, models, statuses, limit, offset)

    def keeps(self, row: LogRow, state: SandboxState) -> bool:
        return (
            self.start <= row.created <= self.end
            and (not self.models or row.model in self.models)
            and (not self.statuses or row.outcome(state)[0] in self.statuses)
        )


def _window(params: QueryParams, now: float) -> tuple[float, float]:
    period, start, end = params.get("period"), params.get("start"), params.get("end")
    if period is not None and (start is not None or end is not None):
        raise _Refused(bad_request("provide either period or start and end, not both"))
    if period is not None:
        match = _PERIOD.fullmatch(period)
        if match is None or int(match[1]) == 0:
            raise _Refused(bad_request("period must be a positive integer followed by h or d"))
        unit = timedelta(hours=1) if match[2] == "h" else timedelta(days=1)
        span = unit * int(match[1])
        if span > MAX_WINDOW:
            raise _Refused(bad_request("the window must not exceed 92 days"))
        return now - span.total_seconds(), now
    if start is None or end is None:
        raise _Refused(bad_request("provide either period or both start and end"))
    begins, ends = _instant(start, "start"), _instant(end, "end")
    if ends < begins:
        raise _Refused(bad_request("end must not be earlier than start"))
    if ends - begins > MAX_WINDOW:
        raise _Refused(bad_request("the window must not exceed 92 days"))
    return begins.timestamp(), ends.timestamp()


def _instant(text: str, name: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise _Refused(bad_request(f"{name} must be an ISO-8601 date and time")) from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _check_key_prefix(prefix: str | None, api_key: str) -> None:
    # The sandbox has one regular key: its own prefix reports on it, any other is refused.
    if prefix is not None and not api_key.startswith(prefix):
        raise _Refused(nest_error(403, "a regular key can only list its own requests"))


def _integer(params: QueryParams, name: str, default: int, low: int, high: int | None) -> int:
    raw = params.get(name)
    if raw is None:
        return default
    bounds = f"from {low} to {high}" if high is not None else f"of at least {low}"
    if not re.fullmatch(r"[0-9]+", raw) or int(raw) < low or (high is not None and int(raw) > high):
        raise _Refused(bad_request(f"{name} must be an integer {bounds}"))
    return int(raw)


def _iso(unix: float) -> str:
    moment = datetime.fromtimestamp(unix, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
