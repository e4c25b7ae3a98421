"""The guard: no paid create past the cap, whoever sends it; pacing; 429s waited out."""

from __future__ import annotations

import json

import httpx
import pytest

from contract_tests.guard import BudgetExhaustedError, Guard, GuardedTransport, budget_shares
from contract_tests.settings import MissingKeyError, is_loopback, live_settings

KEY = "k-1"
BASE = "https://api.test"
VALID = {"model": "veo2/image-to-video", "prompt": "p", "image_url": "https://x.test/i.png"}


class Clock:
    def __init__(self) -> None:
        self.now, self.sleeps = 0.0, list[float]()

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def client(guard: Guard, status: int = 200, headers: dict[str, str] | None = None) -> httpx.Client:
    answer = httpx.MockTransport(
        lambda _: httpx.Response(status, headers=headers, json={"id": "x", "status": "queued"})
    )
    return httpx.Client(base_url=BASE, transport=GuardedTransport(guard, answer))


def create(http: httpx.Client, body: object, key: str | None = KEY) -> httpx.Response:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    return http.post("/v2/video/generations", content=json.dumps(body), headers=headers)


def test_a_chargeable_create_past_the_cap_is_not_sent() -> None:
    """Cap 1: the first valid create goes out, the second raises before anything is sent."""
    guard = Guard(KEY, cap=1)
    with client(guard) as http:
        create(http, VALID)
        with pytest.raises(BudgetExhaustedError, match="CONTRACT_MAX_GENERATIONS=1"):
            create(http, VALID)
    assert (guard.paid, guard.requests_sent) == (1, 1)


def test_cap_zero_still_allows_requests_the_api_must_refuse() -> None:
    """Invalid bodies, missing keys and fetches are free, so they go out with cap 0."""
    guard = Guard(KEY, cap=0)
    with client(guard, status=400) as http:
        create(http, {"model": "veo2/image-to-video"})
        create(http, VALID, key=None)
        http.get("/v2/generate/video/google/generation", params={"generation_id": "x"})
    assert (guard.requests_sent, guard.paid) == (3, 0)


def test_after_an_invalid_create_is_charged_no_create_is_sent_at_all() -> None:
    """The API accepted what it had to refuse: the overrun stops at that one request."""
    guard = Guard(KEY, cap=0)
    with client(guard, status=200) as http:
        create(
            http, {"model": "veo2/image-to-video", "prompt": "p", "image_url": "x", "duration": "5"}
        )
        with pytest.raises(BudgetExhaustedError, match="no further create"):
            create(http, {"model": "nope"})
    assert (guard.paid, guard.unplanned) == (1, 1)
    assert "1 of them invalid requests the API accepted" in guard.summary()


def test_a_planned_charge_is_counted_against_the_cap() -> None:
    """planned_charge lets one known-lenient create through, and only within the cap."""
    guard = Guard(KEY, cap=1)
    with client(guard) as http:
        with guard.planned_charge():
            create(http, {**VALID, "duration": "5"})
        assert (guard.paid, guard.unplanned) == (1, 0)
        with pytest.raises(BudgetExhaustedError), guard.planned_charge():
            create(http, {**VALID, "duration": "5"})


def test_a_sandbox_guard_refuses_nothing() -> None:
    """charges=False: the harness's own sandbox costs nothing, so nothing is held back."""
    guard = Guard(KEY, cap=0, charges=False)
    with client(guard) as http:
        for _ in range(3):
            create(http, VALID)
    assert guard.paid == 3


def test_requests_are_spaced_by_the_minimum_interval() -> None:
    """Politeness: at least min_interval between two requests, on the injected clock."""
    clock = Clock()
    guard = Guard(KEY, min_interval=1.0, sleep=clock.sleep, clock=clock)
    with client(guard, status=404) as http:
        for _ in range(3):
            http.get("/v2/generate/video/google/generation", params={"generation_id": "x"})
    assert clock.sleeps == [1.0, 1.0]


def test_a_429_is_waited_out_for_its_retry_after_then_given_up() -> None:
    """Retry-After is honoured (capped); after the retries the 429 itself is returned."""
    clock = Clock()
    guard = Guard(KEY, retries_on_429=2, max_retry_after=5, sleep=clock.sleep, clock=clock)
    with client(guard, status=429, headers={"Retry-After": "30"}) as http:
        response = http.get("/v2/generate/video/google/generation", params={"generation_id": "x"})
    assert response.status_code == 429
    assert clock.sleeps == [5, 5]
    assert guard.requests_sent == 3


def test_live_settings_need_a_key_and_say_how_to_run() -> None:
    """Without AIMLAPI_API_KEY the live run cannot start, and the message says what to do."""
    with pytest.raises(MissingKeyError, match="make contract-live"):
        live_settings({})


@pytest.mark.parametrize(
    ("url", "interval", "poll"),
    [
        ("https://api.aimlapi.com", 1.0, 10.0),
        ("http://127.0.0.1:8000", 0.0, 0.2),
        ("http://localhost:1", 0.0, 0.2),
    ],
)
def test_live_settings_are_polite_to_remote_hosts_only(
    url: str, interval: float, poll: float
) -> None:
    """A remote service gets 1 s between requests and 10 s between polls; loopback none of that."""
    settings = live_settings({"AIMLAPI_API_KEY": "k", "AIMLAPI_BASE_URL": url})
    assert (settings.min_interval, settings.poll_interval, settings.max_generations) == (
        interval,
        poll,
        0,
    )
    assert is_loopback(url) is (interval == 0.0)


def test_a_post_to_the_fetch_path_counts_as_a_create() -> None:
    """The vendor's page creates on the fetch path, and the service answers there: guarded too."""
    guard = Guard(KEY, cap=0)
    with client(guard) as http:
        headers = {"Authorization": f"Bearer {KEY}"}
        with pytest.raises(BudgetExhaustedError):
            http.post(
                "/v2/generate/video/google/generation", content=json.dumps(VALID), headers=headers
            )
    assert guard.requests_sent == 0


@pytest.mark.parametrize(
    ("total", "shares"),
    [
        (0, {"probe": 0, "stateless": 0, "stateful": 0}),
        (1, {"probe": 1, "stateless": 0, "stateful": 0}),
        (2, {"probe": 1, "stateless": 0, "stateful": 1}),
        (5, {"probe": 3, "stateless": 1, "stateful": 1}),
        (8, {"probe": 6, "stateless": 1, "stateful": 1}),
    ],
)
def test_the_budget_is_shared_so_every_phase_gets_its_turn(
    total: int, shares: dict[str, int]
) -> None:
    """The README's numbers: from 3 on every phase has a paid create; the shares add up."""
    assert budget_shares(total) == shares
    assert sum(shares.values()) == total


def test_a_phase_spends_only_its_share_and_leaves_the_rest_to_the_next() -> None:
    """Probe share 1 of 3: its second create is refused; the stateful phase still has its own."""
    guard = Guard(KEY, cap=3, shares={"probe": 1, "stateless": 1, "stateful": 1})
    with client(guard) as http:
        with guard.phase("probe"):
            create(http, VALID)
            with pytest.raises(BudgetExhaustedError, match="the probe phase's share is 1"):
                create(http, VALID)
        with guard.phase("stateful"):
            assert guard.remaining == 1
            create(http, VALID)
            assert guard.remaining == 0
        http.get("/v2/generate/video/google/generation", params={"generation_id": "x"})
    assert guard.paid == 2
    assert "probe 1 of 1, stateless 0 of 1, stateful 1 of 1" in guard.summary()
