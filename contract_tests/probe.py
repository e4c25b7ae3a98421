"""A fixed, cheap sequence of requests that shows how a target departs from the spec.

Free requests first, each of which the API must refuse (so none can be charged): no key, a
wrong key, an unknown id, a missing parameter, create bodies broken one field at a time, and
for each Veo model a create with a duration that model does not take.
Then, only as far as `CONTRACT_MAX_GENERATIONS` (or the probe's share of it) allows, paid
ones: a valid create, a valid create with a negative seed, the vendor's own `"duration": "5"`
(invalid per the spec, accepted by the live service), and creates with a failing prompt.

Every job the API accepted, including an invalid create it should have refused, is then
followed to its end (`follow`): every status it passes through and its video download are
checked. An accepted invalid create stops further creates (the guard), never the following.
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
from .follow import Follower
from .guard import BudgetExhaustedError, Guard, GuardedTransport
from .settings import RunSettings
from .spec import operation

UNKNOWN_ID = "00000000-0000-4000-8000-000000000000:veo2/image-to-video"
WRONG_KEY = "contract-tests-wrong-key"
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


def model_probes(settings: RunSettings) -> list[tuple[str, dict[str, Any]]]:
    """Per Veo model, a create valid but for a duration that model does not take: each model's
    own validation is seen, and none of them can be charged."""
    media = {"image_url": settings.image_url, "last_image_url": settings.image_url}
    media |= {"image_urls": [settings.image_url], "video_url": settings.image_url}
    schema = operation("create_generation").request_schema or {}
    probes = []
    for branch in schema.get("oneOf", []):
        props = branch["properties"]
        inputs = {n: media[n] for n in branch.get("required", []) if n in media}
        duration = max(props["duration"]["enum"]) + 1
        body = {"model": props["model"]["enum"][0], "prompt": PROMPT, **inputs}
        probes.append((f"{body['model']} with duration {duration}", {**body, "duration": duration}))
    return probes


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
        self.say = say
        self.summary = ProbeSummary()
        self.client = httpx.Client(
            base_url=settings.base_url,
            transport=GuardedTransport(guard, transport),
            timeout=httpx.Timeout(60.0, connect=10.0),
        )
        self.follower = Follower(
            settings, guard, record, transport=transport, sleep=sleep, clock=clock, say=say
        )

    def run(self) -> ProbeSummary:
        try:
            self._free_requests()
            self._paid_requests()
            self._follow()
        finally:
            self.client.close()
            self.follower.close()
        return self.summary

    def _follow(self) -> None:
        """Every job the API accepted, to its end: statuses, answers and the video download."""
        jobs = self.follower.run()
        self.summary.generations = [job.generation_id for job in jobs]
        self.summary.statuses_seen = self.follower.statuses_seen
        self.summary.skipped += self.follower.notes
        for job in jobs:
            self.summary.steps.append(
                f"follow {job.label}: {' -> '.join(job.statuses) or '-'} ({job.outcome}"
                f"{', video downloaded' if job.downloaded else ''})"
            )

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
        for what, body in model_probes(self.settings):
            self._send(f"create for {what}", "POST", create, Intent.REJECT_INPUT, body=body)

    # paid ----------------------------------------------------------------------------------
    def _paid_requests(self) -> None:
        if self.guard.remaining < 1:
            self.summary.skipped.append(
                "no generation was created by the probe (CONTRACT_MAX_GENERATIONS, or the "
                "probe's share of it, is 0), so create's success answer went unchecked here"
            )
            return
        for label, body, intent in self._paid_plan():
            if self.guard.remaining < 1:
                self.summary.skipped.append(f"{label}: not sent, the paid-request cap is reached")
                continue
            self._create(label, body, intent)

    def _paid_plan(self) -> list[tuple[str, dict[str, Any], Intent]]:
        plan = [
            ("a valid create", valid_body(self.settings), Intent.ACCEPT),
            ("a valid create with seed -1", valid_body(self.settings, seed=-1), Intent.ACCEPT),
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

    def _create(self, label: str, body: dict[str, Any], intent: Intent) -> None:
        path = operation("create_generation").path
        try:
            if intent is Intent.REJECT_INPUT:
                with self.guard.planned_charge():
                    self._send(label, "POST", path, intent, body=body)
            else:
                self._send(label, "POST", path, intent, body=body)
        except BudgetExhaustedError as exc:
            self.summary.skipped.append(f"{label}: not sent: {exc}")

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
        self.say(f"  {label}: HTTP {response.status_code}")
        self.record(classify(exchange, intent, label=label))
        self.follower.add_from(exchange, label)  # accepted (paid): followed, even if invalid
        return exchange
