"""Every request the harness sends to a target goes through one `Guard`: money and manners.

Money. A create request the API accepts is paid for. The guard looks at each create request
itself, whoever sends it (the probe, schemathesis, or a check that re-sends a request):

- a *chargeable* create (spec-valid body, the right key) is sent only while fewer than `cap`
  creates have been accepted; past that it raises `BudgetExhaustedError` instead of sending;
- any other create is one the API must refuse, so it is free; but once the API has accepted
  (and charged) one of those, no further create is sent at all. The overrun is at most one
  request, and that request is itself a reported discrepancy (`invalid_input_accepted`);
- `with guard.planned_charge():` lets the probe send one create it knows may be charged
  although the spec calls it invalid (the vendor's own `"duration": "5"`), within the cap;
- with `shares` (a live pytest run: `budget_shares`), each phase (`with guard.phase("probe")`)
  may spend only its own share of the cap, so no phase starves the next.

Fetches and downloads are free: the guard paces them but never refuses one, so every job a run
paid for can be followed to its end (`follow`).

Manners. At least `min_interval` seconds between two requests, and a 429 is waited out (its
`Retry-After`, at most `max_retry_after`) and retried, up to `retries_on_429` times.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx
import requests
from requests.adapters import HTTPAdapter

from .spec import operation, validation_errors

UNLIMITED = 10**9
_PLANNED: ContextVar[bool] = ContextVar("planned_charge", default=False)
PHASES = ("probe", "stateless", "stateful")


def budget_shares(total: int) -> dict[str, int]:
    """How CONTRACT_MAX_GENERATIONS is split in a live pytest run: one paid create for the
    stateful create -> fetch phase from 2 on, one for schemathesis's stateless cases from 3
    on, the rest for the probe (a valid create, a negative seed, the vendor's `"5"`, then
    failing prompts). 5 gives 3/1/1; 8 gives the probe its whole plan with a failing prompt."""
    stateful = 1 if total >= 2 else 0
    stateless = 1 if total >= 3 else 0
    return {
        "probe": max(0, total - stateful - stateless),
        "stateless": stateless,
        "stateful": stateful,
    }


class BudgetExhaustedError(RuntimeError):
    """A create that may be charged was about to be sent past CONTRACT_MAX_GENERATIONS."""


@dataclass
class Guard:
    api_key: str
    cap: int = 0
    charges: bool = True  # False for a sandbox the harness started: nothing is refused there
    min_interval: float = 0.0
    retries_on_429: int = 3
    max_retry_after: float = 60.0
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    requests_sent: int = 0
    creates_sent: int = 0
    paid: int = 0  # creates the API accepted (2xx): what the run cost
    unplanned: int = 0  # of those, creates the spec calls invalid or unauthenticated
    shares: dict[str, int] | None = None  # paid creates per phase (None: one pool for all)
    _phase: str | None = None
    _phase_paid: dict[str, int] = field(default_factory=dict)
    _last: float | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def remaining(self) -> int:
        """Paid creates still allowed now: within the cap and, in a phase, within its share."""
        if not self.charges:
            return UNLIMITED
        left = max(0, self.cap - self.paid)
        if self.shares is not None and self._phase is not None:
            share = self.shares.get(self._phase, 0) - self._phase_paid.get(self._phase, 0)
            left = min(left, max(0, share))
        return left

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        """Creates sent inside are counted against (and limited by) this phase's share."""
        previous, self._phase = self._phase, name
        try:
            yield
        finally:
            self._phase = previous

    def summary(self) -> str:
        extra = (
            f", {self.unplanned} of them invalid requests the API accepted"
            if self.unplanned
            else ""
        )
        if self.shares is not None:
            spent = ", ".join(
                f"{name} {self._phase_paid.get(name, 0)} of {share}"
                for name, share in self.shares.items()
            )
            extra += f"; by phase: {spent}"
        return (
            f"{self.paid} paid create request(s) (cap CONTRACT_MAX_GENERATIONS={self.cap}{extra}); "
            f"{self.requests_sent} request(s) in all"
        )

    @contextmanager
    def planned_charge(self) -> Iterator[None]:
        """One create the caller knows may be charged, although the spec calls it invalid."""
        if self.charges and self.remaining < 1:
            raise BudgetExhaustedError(self._refusal())
        token = _PLANNED.set(True)
        try:
            yield
        finally:
            _PLANNED.reset(token)

    def chargeable(
        self, method: str, url: str, headers: Mapping[str, str], body: bytes | None
    ) -> bool:
        """Whether this request is a create the API should accept (and charge for)."""
        if not self._is_create(method, url):
            return False
        sent = {k.lower(): v for k, v in headers.items()}
        if sent.get("authorization", "").strip() != f"Bearer {self.api_key}":
            return False
        schema = operation("create_generation").request_schema
        try:
            payload = json.loads(body or b"null")
        except ValueError:
            return False
        return schema is not None and not validation_errors(schema, payload)

    def before(self, method: str, url: str, headers: Mapping[str, str], body: bytes | None) -> None:
        """Refuses a create that the budget does not allow; then waits for our turn."""
        if self._is_create(method, url):
            self._admit_create(self.chargeable(method, url, headers, body))
        with self._lock:
            if self._last is not None and self.min_interval > 0:
                wait = self._last + self.min_interval - self.clock()
                if wait > 0:
                    self.sleep(wait)
            self._last = self.clock()
            self.requests_sent += 1

    def after(self, method: str, url: str, status: int, chargeable: bool) -> None:
        if self._is_create(method, url) and 200 <= status < 300:
            with self._lock:
                self.paid += 1
                if self._phase is not None:
                    self._phase_paid[self._phase] = self._phase_paid.get(self._phase, 0) + 1
                if not chargeable and not _PLANNED.get():
                    self.unplanned += 1

    def retry_delay(self, status: int, headers: Mapping[str, str], attempt: int) -> float | None:
        """Seconds to wait before retrying a 429, or None to give up and return it."""
        if status != 429 or attempt >= self.retries_on_429:
            return None
        raw = {k.lower(): v for k, v in headers.items()}.get("retry-after", "")
        delay = float(raw) if raw.replace(".", "", 1).isdigit() else 2.0**attempt
        return min(delay, self.max_retry_after)

    def _admit_create(self, chargeable: bool) -> None:
        with self._lock:
            if self.charges and self.unplanned:
                raise BudgetExhaustedError(
                    "the API accepted (and charged) a create the spec calls invalid; "
                    "no further create is sent in this run"
                )
            if self.charges and (chargeable or _PLANNED.get()) and self.remaining < 1:
                raise BudgetExhaustedError(self._refusal())
            self.creates_sent += 1

    def _refusal(self) -> str:
        share = ""
        if self.shares is not None and self._phase is not None:
            used = self._phase_paid.get(self._phase, 0)
            share = f"; the {self._phase} phase's share is {self.shares.get(self._phase, 0)}"
            share += f" and it made {used}"
        return (
            f"CONTRACT_MAX_GENERATIONS={self.cap} paid create request(s) allowed and {self.paid} "
            f"made{share}; raise it to let the harness create more generations (each one is "
            "charged)"
        )

    @staticmethod
    def _is_create(method: str, url: str) -> bool:
        # The vendor's documentation page creates with a POST to the *fetch* path, and the
        # service (like the sandbox) answers it: a POST to either path may be a paid create.
        paths = (operation("create_generation").path, operation("fetch_generation").path)
        return method.upper() == "POST" and urlsplit(url).path.endswith(paths)


class GuardedTransport(httpx.BaseTransport):
    """httpx transport that sends through a Guard (the probe's client)."""

    def __init__(
        self, guard: Guard, inner: httpx.BaseTransport | None = None, *, waits_out_429: bool = True
    ) -> None:
        self._guard = guard
        self._inner = inner or httpx.HTTPTransport()
        # The follower sees each 429 itself (its headers are evidence) and polls next round.
        self._attempts = guard.retries_on_429 + 1 if waits_out_429 else 1

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        url, body = str(request.url), request.read()
        chargeable = self._guard.chargeable(request.method, url, request.headers, body)
        for attempt in range(self._attempts):
            self._guard.before(request.method, url, request.headers, body)
            response = self._inner.handle_request(request)
            delay = self._guard.retry_delay(response.status_code, response.headers, attempt)
            if delay is None or attempt + 1 == self._attempts:
                break
            response.close()
            self._guard.sleep(delay)
        self._guard.after(request.method, url, response.status_code, chargeable)
        return response

    def close(self) -> None:
        self._inner.close()


class GuardedAdapter(HTTPAdapter):
    """requests adapter that sends through a Guard (schemathesis's session)."""

    def __init__(self, guard: Guard) -> None:
        super().__init__()
        self._guard = guard

    def send(
        self, request: requests.PreparedRequest, *args: Any, **kwargs: Any
    ) -> requests.Response:
        method, url = request.method or "GET", request.url or ""
        raw = request.body.encode() if isinstance(request.body, str) else request.body
        body = raw if isinstance(raw, bytes) else None
        headers = {name: header_text(value) for name, value in request.headers.items()}
        chargeable = self._guard.chargeable(method, url, headers, body)
        for attempt in range(self._guard.retries_on_429 + 1):
            self._guard.before(method, url, headers, body)
            response = super().send(request, *args, **kwargs)
            delay = self._guard.retry_delay(response.status_code, response.headers, attempt)
            if delay is None:
                break
            self._guard.sleep(delay)
        self._guard.after(method, url, response.status_code, chargeable)
        return response


def header_text(value: str | bytes) -> str:
    return value.decode("latin-1") if isinstance(value, bytes) else value


def guarded_session(guard: Guard) -> requests.Session:
    session = requests.Session()
    adapter = GuardedAdapter(guard)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session
