"""create(): what is sent, what is journaled, and when it may be sent again."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from support import BASE, ID, KEY, PNG, Driver, FakeAPI, generation

from aimlapi_veo import (
    AsyncVeoClient,
    BadRequestError,
    Journal,
    RateLimitError,
    VeoClient,
)
from aimlapi_veo._core import CREATE_REFUSED_DEADLINE
from aimlapi_veo.wire import USER_AGENT


def test_create_sends_the_spec_request(client: Driver, api: FakeAPI) -> None:
    """One POST to the spec's path, bearer key, JSON body with the image inlined and sniffed."""
    created = client.create(PNG, "a cat yawns", duration=8, aspect_ratio="9:16", seed=7)
    (request,) = api.requests
    assert (request.method, request.url.path) == ("POST", "/v2/video/generations")
    assert request.headers["authorization"] == f"Bearer {KEY}"
    assert request.headers["user-agent"] == USER_AGENT
    body = json.loads(request.content)
    assert body["image_url"].startswith("data:image/png;base64,")
    assert {k: body[k] for k in ("model", "prompt", "duration", "aspect_ratio", "seed")} == {
        "model": "veo2/image-to-video",
        "prompt": "a cat yawns",
        "duration": 8,
        "aspect_ratio": "9:16",
        "seed": 7,
    }
    assert (created.id, created.status.value) == (ID, "queued")


@pytest.mark.parametrize(
    "first",
    [
        httpx.ConnectError("refused"),
        httpx.Response(429, headers={"Retry-After": "7"}, json={"message": "slow down"}),
    ],
    ids=["connection-refused", "429"],
)
def test_create_is_retried_when_the_first_attempt_certainly_created_nothing(
    client: Driver, api: FakeAPI, first: httpx.Response | Exception
) -> None:
    """Refused connections and 429 answers create nothing, so a second POST cannot pay twice;
    after a 429 the retry waits as long as the server's Retry-After says."""
    api.creates = [first, httpx.Response(200, json=generation())]
    assert client.create(PNG, "p").id == ID
    assert len(api.sent("POST")) == 2
    if isinstance(first, httpx.Response):
        assert client.clock.sleeps == [7.0]


def test_persistent_429_raises_rate_limit_error_with_the_hint(
    make_driver: type, api: FakeAPI
) -> None:
    """A 429 created nothing: the create is sent again, past max_attempts, until its deadline
    (never sleeping past it); then the caller gets the status, message and Retry-After."""
    api.creates = [
        httpx.Response(
            429,
            headers={"Retry-After": "3", "x-request-id": "req-1"},
            json={"message": "slow down"},
        )
    ]
    client = make_driver()
    with pytest.raises(RateLimitError) as caught:
        client.create(PNG, "p")
    assert (caught.value.status_code, caught.value.retry_after, caught.value.request_id) == (
        429,
        3.0,
        "req-1",
    )
    assert len(api.sent("POST")) > client.client.retry.max_attempts
    assert sum(client.clock.sleeps) == pytest.approx(CREATE_REFUSED_DEADLINE)


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_a_create_interrupted_while_waiting_out_a_429_is_not_unknown(
    api: FakeAPI, tmp_path: Path, kind: str
) -> None:
    """An interruption (Ctrl-C, a cancelled task) between two attempts of a create whose last
    answer was 429 drops the intent: nothing was created, so nothing is "unknown"."""
    api.creates = [httpx.Response(429, headers={"Retry-After": "3"}, json={"message": "slow"})]
    journal = Journal(tmp_path / "journal.sqlite3")
    options: dict[str, Any] = {"base_url": BASE, "journal": journal}
    options["transport"] = httpx.MockTransport(api)
    stop = KeyboardInterrupt if kind == "sync" else asyncio.CancelledError

    def sleep(seconds: float) -> None:
        raise stop

    async def asleep(seconds: float) -> None:
        raise stop

    def create() -> None:
        if kind == "sync":
            with VeoClient(KEY, sleep=sleep, **options) as client:
                client.create(PNG, "p")
            return

        async def run() -> None:
            async with AsyncVeoClient(KEY, sleep=asleep, **options) as client:
                await client.create(PNG, "p")

        asyncio.run(run())

    with pytest.raises(stop) as caught:
        create()
    assert "nothing was created" in "".join(caught.value.__notes__)
    assert journal.jobs() == []
    journal.close()


@pytest.mark.parametrize("value", ["nan", "inf", "-1", "soon", "1e3"])
def test_a_retry_after_that_is_no_wait_is_ignored_and_a_429_never_unknown(
    client: Driver, api: FakeAPI, value: str
) -> None:
    """Retry-After: nan (or inf, negative, junk) is not a wait: the backoff applies instead,
    and the create succeeds without a job journaled as "unknown"."""
    api.creates = [
        httpx.Response(429, headers={"Retry-After": value}, json={"message": "slow"}),
        httpx.Response(200, json=generation()),
    ]
    assert client.create(PNG, "p").id == ID
    assert 0 < client.clock.sleeps[0] <= client.client.retry.initial_delay
    assert [job.status for job in client.client.journal.jobs()] == ["queued"]


def test_bad_request_carries_the_servers_message(client: Driver, api: FakeAPI) -> None:
    """400 answers become BadRequestError with the server's own words."""
    api.creates = [
        httpx.Response(
            400,
            json={
                "statusCode": 400,
                "message": ["image_url must be a URL"],
                "error": "Bad Request",
            },
        )
    ]
    with pytest.raises(BadRequestError, match="image_url must be a URL"):
        client.create(PNG, "p")


def test_gathered_creates_are_answered_as_they_go_not_in_one_burst(tmp_path: Path) -> None:
    """Creates wait for a turn before their intent is journaled: 200 gathered creates never
    have more than MAX_IN_FLIGHT intents journaled and unanswered, so the first answers come
    in while later creates have not started (not all after every intent is written)."""
    from aimlapi_veo.async_client import MAX_IN_FLIGHT  # noqa: PLC0415

    unanswered: list[int] = []
    numbers = iter(range(1_000_000))

    async def answer(request: httpx.Request) -> httpx.Response:
        unanswered.append(sum(job.status == "creating" for job in journal.jobs()))
        await asyncio.sleep(0.001)
        return httpx.Response(200, json=generation(id=f"gen-{next(numbers)}"))

    async def main() -> None:
        async with AsyncVeoClient(
            KEY, base_url=BASE, journal=journal, transport=httpx.MockTransport(answer)
        ) as client:
            await asyncio.gather(*(client.create(PNG, f"job {n}") for n in range(200)))

    journal = Journal(tmp_path / "journal.sqlite3")
    asyncio.run(main())
    assert len(unanswered) == 200
    assert max(unanswered) <= MAX_IN_FLIGHT < 200
    assert sum(job.status == "queued" for job in journal.jobs()) == 200
    journal.close()
