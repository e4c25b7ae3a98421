"""The wrapper on the wire (respx at the transport): VeoClient and AsyncVeoClient send what the
spec says, read what the spec (and the live service's known drift) answers, and never send the
key anywhere but the API. Every mocked answer is built by `spec_fixtures`, so it is checked
against spec/openapi.json where it is made.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aimlapi_veo import AsyncVeoClient, GenerationStatus, RetryPolicy, VeoClient
from aimlapi_veo.errors import BadRequestError, NotFoundError, RateLimitError
from contract_tests.impact import VIDEO
from contract_tests.spec_fixtures import (
    EXAMPLE_ID,
    EXAMPLE_VIDEO_URL,
    assert_spec_request,
    drifted_response,
    generation,
    spec_response,
)

BASE_URL = "https://api.test"
KEY = "sk-wrapper-test-5151"
CREATE_URL = f"{BASE_URL}/v2/video/generations"
FETCH_URL = f"{BASE_URL}/v2/video/generations"
IMAGE_URL = "https://example.com/hedgehog.png"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)


class Twin:
    """One wrapper client, sync or async, called the same way from a test."""

    def __init__(self, kind: str) -> None:
        self.loop = asyncio.new_event_loop() if kind == "async" else None
        options: dict[str, Any] = {"base_url": BASE_URL, "journal": False}
        if self.loop is None:
            self.client: Any = VeoClient(KEY, sleep=lambda _: None, **options)
        else:
            self.client = AsyncVeoClient(KEY, sleep=_no_wait, **options)

    def __getattr__(self, name: str) -> Any:
        method = getattr(self.client, name)
        if self.loop is None:
            return method
        loop = self.loop
        return lambda *args, **kwargs: loop.run_until_complete(method(*args, **kwargs))

    def close(self) -> None:
        if self.loop is None:
            self.client.close()
        else:
            self.loop.run_until_complete(self.client.close())
            self.loop.close()


async def _no_wait(_: float) -> None:
    return None


def queued() -> httpx.Response:
    """The spec's create answer: a queued generation."""
    return spec_response(200, generation(), "create_generation")


@pytest.fixture(params=["sync", "async"])
def twin(request: pytest.FixtureRequest) -> Iterator[Twin]:
    client = Twin(request.param)
    yield client
    client.close()


def test_create_sends_the_spec_request(twin: Twin) -> None:
    """create(): POST, bearer key, a body the request schema accepts, values as given."""
    with respx.mock(assert_all_called=True) as mock:
        route = mock.post(CREATE_URL).mock(return_value=queued())
        created = twin.create(IMAGE_URL, "a hedgehog", duration=8, aspect_ratio="9:16", seed=3)
    body = assert_spec_request(route.calls.last.request, "create_generation", api_key=KEY)
    assert body == {
        "model": "veo2/image-to-video",
        "prompt": "a hedgehog",
        "image_url": IMAGE_URL,
        "duration": 8,
        "aspect_ratio": "9:16",
        "seed": 3,
    }
    assert created.id == EXAMPLE_ID
    assert created.status is GenerationStatus.QUEUED


def test_a_local_image_is_sent_as_a_data_uri_the_spec_accepts(twin: Twin, tmp_path: Path) -> None:
    """image_url is `format: uri`; a local file goes as a data: URI, which is one."""
    image = tmp_path / "frame.png"
    image.write_bytes(PNG)
    with respx.mock() as mock:
        route = mock.post(CREATE_URL).mock(return_value=queued())
        twin.create(image, "a still frame")
    body = assert_spec_request(route.calls.last.request, "create_generation", api_key=KEY)
    assert body["image_url"].startswith("data:image/png;base64,")


def test_get_sends_the_spec_fetch(twin: Twin) -> None:
    """get(): GET with generation_id in the query, the key, no body; a completed answer is read."""
    with respx.mock() as mock:
        route = mock.get(FETCH_URL).mock(return_value=spec_response(200, generation("completed")))
        fetched = twin.get(EXAMPLE_ID)
    request = route.calls.last.request
    assert assert_spec_request(request, "fetch_generation", api_key=KEY) is None
    assert request.url.params["generation_id"] == EXAMPLE_ID
    assert fetched.succeeded
    assert fetched.video_url == EXAMPLE_VIDEO_URL


def test_the_documented_error_answers_reach_the_wrappers_errors_with_their_fields(
    twin: Twin,
) -> None:
    """400 (a validation body: one message per field), 404 and 429 (with Retry-After), each
    an answer the spec documents, become typed errors carrying statusCode, messages, error."""
    invalid = {
        "statusCode": 400,
        "message": ["prompt should not be empty", "seed must be an integer number"],
        "error": "Bad Request",
    }
    missing = {"statusCode": 404, "message": "Generation not found", "error": "Not Found"}
    limited = {"statusCode": 429, "message": "ThrottlerException: Too Many Requests"}
    with respx.mock() as mock:
        mock.post(CREATE_URL).mock(return_value=spec_response(400, invalid, "create_generation"))
        mock.get(FETCH_URL).mock(
            side_effect=[
                spec_response(404, missing),
                spec_response(429, limited, headers={"Retry-After": "7"}),
            ]
        )
        with pytest.raises(BadRequestError) as refused:
            twin.create(IMAGE_URL, "a hedgehog")
        with pytest.raises(NotFoundError) as unknown:
            twin.get(EXAMPLE_ID)
        twin.client.retry = RetryPolicy(max_attempts=1)  # see the 429 itself, not a retry
        with pytest.raises(RateLimitError) as throttled:
            twin.get(EXAMPLE_ID)
    assert refused.value.status_code == 400
    assert refused.value.messages == tuple(invalid["message"])
    assert refused.value.error == "Bad Request"
    assert (unknown.value.messages, unknown.value.error) == (("Generation not found",), "Not Found")
    assert throttled.value.messages == ("ThrottlerException: Too Many Requests",)
    assert throttled.value.error is None
    assert throttled.value.retry_after == 7


def test_wait_polls_through_the_live_services_undocumented_statuses(twin: Twin) -> None:
    """waiting / active / processing (not in the spec) are polled through to completed."""
    answers = [
        drifted_response(200, generation(status), drift={"undocumented_status_value"})
        for status in ("waiting", "active", "processing")
    ] + [spec_response(200, generation("completed"))]
    with respx.mock() as mock:
        route = mock.get(FETCH_URL).mock(side_effect=answers)
        done = twin.wait(EXAMPLE_ID, timeout=600)
    assert done.succeeded
    assert route.call_count == 4
    for call in route.calls:
        assert_spec_request(call.request, "fetch_generation", api_key=KEY)


def test_extra_video_fields_of_the_live_service_are_read_not_refused(twin: Twin) -> None:
    """content_type / file_name / file_size (not in the spec) parse and are surfaced."""
    video = {
        "url": EXAMPLE_VIDEO_URL,
        "content_type": "video/mp4",
        "file_name": "o.mp4",
        "file_size": 6827705,
    }
    answer = drifted_response(
        200, generation("completed", video=video), drift={"undocumented_field"}
    )
    with respx.mock() as mock:
        mock.get(FETCH_URL).mock(return_value=answer)
        fetched = twin.get(EXAMPLE_ID)
    assert (fetched.content_type, fetched.file_name, fetched.file_size) == (
        "video/mp4",
        "o.mp4",
        6827705,
    )


def test_generate_sends_the_key_to_the_api_only(twin: Twin, tmp_path: Path) -> None:
    """create -> poll -> download: two spec requests with the key, then a CDN GET without it."""
    with respx.mock(assert_all_called=True) as mock:
        create = mock.post(CREATE_URL).mock(return_value=queued())
        fetch = mock.get(FETCH_URL).mock(return_value=spec_response(200, generation("completed")))
        cdn = mock.get(EXAMPLE_VIDEO_URL).mock(return_value=httpx.Response(200, content=VIDEO))
        saved = twin.generate(IMAGE_URL, "a hedgehog", tmp_path / "out.mp4", timeout=600)
    assert saved.read_bytes() == VIDEO
    assert_spec_request(create.calls.last.request, "create_generation", api_key=KEY)
    assert_spec_request(fetch.calls.last.request, "fetch_generation", api_key=KEY)
    assert "authorization" not in cdn.calls.last.request.headers


WRAPPER_ARGUMENTS = st.fixed_dictionaries(
    {"prompt": st.text(min_size=1).filter(str.strip)},
    optional={
        "duration": st.sampled_from([5, 6, 7, 8, "5", "8"]),
        "aspect_ratio": st.sampled_from(["16:9", "9:16"]),
        "tail_image": st.just("https://example.com/last.png"),
        "negative_prompt": st.text(),
        "seed": st.integers(min_value=-(2**63), max_value=2**63 - 1),
        "enhance_prompt": st.booleans(),
    },
)


def test_every_create_the_wrapper_accepts_is_sent_as_the_spec_says() -> None:
    """Whatever the wrapper lets through (numeric strings for duration included) is spec-valid."""
    # One client for all examples: each new one builds two SSL contexts, slower than the test.
    with VeoClient(KEY, base_url=BASE_URL, journal=False, sleep=lambda _: None) as client:

        @settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
        @given(WRAPPER_ARGUMENTS)
        def check(arguments: dict[str, Any]) -> None:
            with respx.mock() as mock:
                route = mock.post(CREATE_URL).mock(return_value=queued())
                client.create(IMAGE_URL, **arguments)
            body = assert_spec_request(route.calls.last.request, "create_generation", api_key=KEY)
            assert body["prompt"] == arguments["prompt"]
            if "duration" in arguments:
                assert body["duration"] == int(arguments["duration"])

        check()
