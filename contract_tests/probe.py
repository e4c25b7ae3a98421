"""A fixed, cheap sequence of requests that shows how a target departs from the spec.

Free requests first, each of which the API must refuse (so none can be charged): no key, a
wrong key, an unknown id, a missing parameter, and create bodies broken one field at a time.
Then, only as far as `CONTRACT_MAX_GENERATIONS` allows, paid ones: a valid create polled to
its end (every status it passes through is checked), the vendor's own `"duration": "5"`
(invalid per the spec, accepted by the live service), and creates with a failing prompt.
Every answer goes through `classify`; the caller collects the discrepancies.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from .classify import Intent, classify
from .findings import Discrepancy, Exchange, make_exchange
from .guard import BudgetExhaustedError, Guard, GuardedTransport
from .settings import RunSettings
from .spec import operation

UNKNOWN_ID = "00000000-0000-4000-8000-000000000000:veo2/image-to-video"
WRONG_KEY = "contract-tests-wrong-key"
TERMINAL = frozenset({"completed", "error", "failed", "expired", "cancelled"})
PROMPT = "The camera slowly pushes in; a light wind moves the leaves."

Record = Callable[[list[Discrepancy]], object]


def valid_body(settings: RunSettings, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "model": "veo2/image-to-video",
        "prompt": PROMPT,
        "image_url": settings.image_url,
        "duration": 5,
        "aspect_ratio": "16:9",
    }
    body.update(changes)
    return {k: v for k, v in body.items() if v is not _DROP}


_DROP = object()

#: Create bodies broken in one field each: (what is wrong, the change).
BROKEN_BODIES: tuple[tuple[str, dict[str, Any]], ...] = (
    ("no model", {"model": _DROP}),
    ("no prompt", {"prompt": _DROP}),
    ("no image_url", {"image_url": _DROP}),
    ("model 'veo2/no-such-model'", {"model": "veo2/no-such-model"}),
    ("duration 9", {"duration": 9}),
    ("duration 'five'", {"duration": "five"}),
    ("aspect_ratio '4:3'", {"aspect_ratio": "4:3"}),
    ("image_url 'not a url'", {"image_url": "not a url"}),
    ("seed 'x'", {"seed": "x"}),
    ("enhance_prompt 'yes'", {"enhance_prompt": "yes"}),
)


@dataclass
class ProbeSummary:
    """What the probe did, for the report: what it covered and what it could not."""

    steps: list[str] = field(default_factory=list)
    statuses_seen: list[str] = field(default_factory=list)
    generations: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


class Probe:
    def __init__(
        self,
        settings: RunSettings,
        guard: Guard,
        record: Record,
        *,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        say: Callable[[str], None] = lambda _: None,
    ) -> None:
        self.settings, self.guard, self.record = settings, guard, record
        self.sleep, self.clock, self.say = sleep, clock, say
        self.summary = ProbeSummary()
        self.client = httpx.Client(
            base_url=settings.base_url,
            transport=GuardedTransport(guard, transport),
            timeout=httpx.Timeout(60.0, connect=10.0),
        )

    def run(self) -> ProbeSummary:
        try:
            self._free_requests()
            self._paid_requests()
        finally:
            self.client.close()
        return self.summary

    # free ----------------------------------------------------------------------------------
    def _free_requests(self) -> None:
        fetch, create = operation("fetch_generation").path, operation("create_generation").path
        known = {"generation_id": UNKNOWN_ID}
        self._send("fetch without a key", "GET", fetch, Intent.REJECT_AUTH, key=None, query=known)
        self._send(
            "fetch with a wrong key", "GET", fetch, Intent.REJECT_AUTH, key=WRONG_KEY, query=known
        )
        # Invalid bodies, so that a create that slips past auth still cannot be charged.
        never_paid = "an invalid body, so it can never be charged"
        self._send(
            f"create without a key ({never_paid})",
            "POST",
            create,
            Intent.REJECT_AUTH,
            key=None,
            body={},
        )
        self._send(
            f"create with a wrong key ({never_paid})",
            "POST",
            create,
            Intent.REJECT_AUTH,
            key=WRONG_KEY,
            body={},
        )
        self._send("fetch an id that does not exist", "GET", fetch, Intent.EITHER, query=known)
        self._send("fetch without generation_id", "GET", fetch, Intent.REJECT_INPUT, query={})
        for what, change in BROKEN_BODIES:
            body = valid_body(self.settings, **change)
            self._send(f"create with {what}", "POST", create, Intent.REJECT_INPUT, body=body)

    # paid ----------------------------------------------------------------------------------
    def _paid_requests(self) -> None:
        plan = self._paid_plan()
        if self.guard.remaining < 1:
            self.summary.skipped.append(
                "no generation was created (CONTRACT_MAX_GENERATIONS=0), so create's success "
                "answer and every fetch answer that carries a generation went unchecked"
            )
            return
        for label, body, intent in plan:
            if self.guard.remaining < 1:
                self.summary.skipped.append(f"{label}: not sent, the paid-request cap is reached")
                continue
            generation_id = self._create(label, body, intent)
            if generation_id is not None:
                self._poll(generation_id, label)

    def _paid_plan(self) -> list[tuple[str, dict[str, Any], Intent]]:
        plan = [
            ("a valid create", valid_body(self.settings), Intent.ACCEPT),
            (
                'create with "duration": "5" (the vendor example\'s string)',
                valid_body(self.settings, duration="5"),
                Intent.REJECT_INPUT,
            ),
        ]
        failing = self.settings.failing_prompt
        if failing:
            plan += [
                (
                    f"a create that should fail (#{n})",
                    valid_body(self.settings, prompt=f"{failing} {PROMPT}"),
                    Intent.ACCEPT,
                )
                for n in (1, 2, 3)
            ]
        return plan

    def _create(self, label: str, body: dict[str, Any], intent: Intent) -> str | None:
        path = operation("create_generation").path
        try:
            if intent is Intent.REJECT_INPUT:
                with self.guard.planned_charge():
                    exchange = self._send(label, "POST", path, intent, body=body)
            else:
                exchange = self._send(label, "POST", path, intent, body=body)
        except BudgetExhaustedError as exc:
            self.summary.skipped.append(f"{label}: not sent: {exc}")
            return None
        if exchange is None or not 200 <= exchange.status_code < 300:
            return None
        generation_id = _id_of(exchange.response_body)
        if generation_id is not None:
            self.summary.generations.append(generation_id)
        return generation_id

    def _poll(self, generation_id: str, label: str) -> None:
        """Fetches until a terminal status (or no readable status, or the timeout)."""
        path = operation("fetch_generation").path
        deadline = self.clock() + self.settings.poll_timeout
        last: str | None = None
        while True:
            exchange = self._send(
                f"poll {label}",
                "GET",
                path,
                Intent.ACCEPT,
                query={"generation_id": generation_id},
                refused_kind="created_generation_unavailable",
            )
            status = _status_of(exchange)
            if status is not None and status not in self.summary.statuses_seen:
                self.summary.statuses_seen.append(status)
            if status != last:
                self.say(f"  poll {label}: status {status!r}")
                last = status
            if status is None or status in TERMINAL:
                return
            if self.clock() >= deadline:
                self.summary.skipped.append(
                    f"poll {label}: gave up after {self.settings.poll_timeout:g} s"
                )
                return
            self.sleep(self.settings.poll_interval)

    # one request ---------------------------------------------------------------------------
    def _send(
        self,
        label: str,
        method: str,
        path: str,
        intent: Intent,
        *,
        key: str | None = "",
        query: dict[str, str] | None = None,
        body: Any = None,
        refused_kind: str = "valid_input_rejected",
    ) -> Exchange | None:
        api_key = self.settings.api_key if key == "" else key
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        content = None if body is None else json.dumps(body).encode()
        if content is not None:
            headers["Content-Type"] = "application/json"
        try:
            response = self.client.request(
                method, path, params=query, headers=headers, content=content
            )
        except BudgetExhaustedError as exc:
            if intent is Intent.ACCEPT:
                raise
            self.summary.skipped.append(f"{label}: not sent: {exc}")
            return None
        except httpx.TransportError as exc:
            self.summary.skipped.append(f"{label}: {type(exc).__name__}: {exc}")
            return None
        exchange = make_exchange(
            method,
            str(response.request.url),
            dict(response.request.headers),
            content,
            response.status_code,
            dict(response.headers),
            response.content,
            secrets=(self.settings.api_key,),
        )
        self.summary.steps.append(f"{label}: {response.status_code}")
        if not label.startswith("poll "):  # polls speak when the status changes (_poll)
            self.say(f"  {label}: HTTP {response.status_code}")
        self.record(classify(exchange, intent, label=label, refused_kind=refused_kind))
        return exchange


def _id_of(body: Any) -> str | None:
    """The id to poll with; an integer id (a wrong type) is followed anyway, as text."""
    value = body.get("id") if isinstance(body, dict) else None
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    return str(value)


def _status_of(exchange: Exchange | None) -> str | None:
    if exchange is None or not 200 <= exchange.status_code < 300:
        return None
    body = exchange.response_body
    status = body.get("status") if isinstance(body, dict) else None
    return status if isinstance(status, str) else None
