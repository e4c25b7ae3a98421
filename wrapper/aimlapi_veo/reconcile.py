"""Reconciliation: what became of a create whose answer never came, asked of the API's own
usage log (`GET /v2/logs`, aimlapi/api-docs logs-v2.json, 2026-08-19).

Every create carries `X-Client-Request-Id` = its intent id (`intent-<32 hex>`, inside the
documented alphabet and length), written to the journal before the body leaves. A create of
unknown outcome (its process died, the connection broke, a 5xx) is looked up by that id, in a
window around its intent time, page by page:

- **found**: a row with our id. Its `inference_id` is the generation id (the docs: for an
  async generation "the same id that submit returned as generation_id"); the job goes on to
  wait and download, and is never created again. A `succeeded` row wins over `failed` ones
  (attempts refused with 429 carry the same id). Only `failed` rows: the API says the create
  failed and charged nothing; the job is journaled failed, as a failed generation is.
- **not received**: no row, and the settle period has passed since the intent. The API's own
  record says nothing arrived, so nothing was made or charged: a batch creates the row again.
- **unknown** otherwise: not found yet (look again once settled), or the log could not be read
  (unreachable, 401/403, 404 where the feature is absent, an answer not shaped as published).
  Nothing is guessed.

The settle period (default 900 s; `AIMLAPI_VEO_SETTLE_SECONDS`, `--settle`) must outlast the
create itself and the log's own lag: a create may be retried on 429 for up to 540 s
(`_core.CREATE_REFUSED_DEADLINE`), and the log comes from an "analytics pipeline"
whose delay the docs do not state (the live contract run measures it). Too short a period pays
twice for a create that did arrive; too long only delays a retry, so it errs long.

The model filter narrows the search to the model the create named; because the docs say
neither how a video model is spelled in the log nor more than "matched exactly", a miss is
confirmed without the filter before anything is concluded.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from aimlapi_veo.errors import InvalidInputError

SETTLE_ENV = "AIMLAPI_VEO_SETTLE_SECONDS"
DEFAULT_SETTLE = 900.0
#: How far the API's clock may be from ours: Kerberos's default tolerance, doubled.
CLOCK_MARGIN = 600.0
#: The longest a create can be in flight after its intent: its lease (429 retries included).
IN_FLIGHT = 600.0
PAGE = 100  # the largest page the API gives
Outcome = Literal["found", "not received", "unknown", "skipped"]


@dataclass(frozen=True)
class ReconcileResult:
    """What reconciliation made of one create of unknown outcome (an intent)."""

    intent: str
    outcome: Outcome
    generation_id: str | None = None  # when found
    detail: str = ""


@dataclass(frozen=True)
class Found:
    """The log row of our create: its inference (= generation) id, its outcome and cost."""

    inference_id: str
    succeeded: bool
    credits: int | None
    usd: float | None


def settle_seconds(value: float | None = None) -> float:
    """The settle period: `value`, else $AIMLAPI_VEO_SETTLE_SECONDS, else 900 s."""
    text = os.environ.get(SETTLE_ENV, "").strip() if value is None else str(value)
    try:
        seconds = float(text) if text else DEFAULT_SETTLE
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds < 92 * 86_400:
        raise InvalidInputError(f"the settle period must be a number of seconds >= 0, not {text!r}")
    return seconds


def queries(intent_at: float, model: str | None) -> list[dict[str, Any]]:
    """The /v2/logs queries for a create made at `intent_at` (unix), in the order to ask them:
    with the model filter, then (only if that found nothing) without it."""
    window = {
        "start": iso(intent_at - CLOCK_MARGIN),
        "end": iso(intent_at + IN_FLIGHT + CLOCK_MARGIN),
        "limit": PAGE,
    }
    filtered = [{**window, "model": model}] if model else []
    return [*filtered, window]


def found_in(rows: Iterable[Mapping[str, Any]], client_request_id: str) -> Found | None:
    """Our create among log rows (a succeeded row first); None when it is not there. A null
    client_request_id is "not supplied", never a match (usage-logs.md)."""
    ours = [row for row in rows if row.get("client_request_id") == client_request_id]
    ours.sort(key=lambda row: row.get("status") != "succeeded")
    if not ours:
        return None
    row = ours[0]
    cost = row.get("cost")
    credits, usd = (
        (cost.get("credits"), cost.get("usd")) if isinstance(cost, Mapping) else (None, None)
    )
    return Found(
        str(row["inference_id"]),
        row.get("status") == "succeeded",
        credits if isinstance(credits, int) and not isinstance(credits, bool) else None,
        float(usd) if isinstance(usd, int | float) and not isinstance(usd, bool) else None,
    )


def settled(intent_at: float, now: float, settle: float) -> bool:
    return now - intent_at >= settle


def iso(unix: float) -> str:
    """ISO-8601 in UTC, as the log's `start`/`end` take it and as people read it."""
    return datetime.fromtimestamp(unix, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
