"""The generated client on the wire (respx at the transport): it sends what the spec says.

Every mocked answer is built by `spec_fixtures`, so it is itself checked against the spec.
Sync and async call styles share each test.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from typing import Any

import httpx
import pytest
import respx
from aimlapi_veo_api.api.default import create_generation, fetch_generation
from aimlapi_veo_api.client import AuthenticatedClient
from aimlapi_veo_api.models import Generation, GenerationStatus, Veo2ImageToVideo
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aimlapi_veo.models import Model, models
from contract_tests.model_types import build_model
from contract_tests.spec import operation, validation_errors
from contract_tests.spec_fixtures import (
    EXAMPLE_ID,
    assert_spec_request,
    drifted_response,
    generation,
    spec_response,
)
from contract_tests.strategies import json_values

BASE_URL = "https://api.test"
KEY = "test-key-123"
CREATE_URL = f"{BASE_URL}/v2/video/generations"
FETCH_URL = CREATE_URL
WIRE_EXAMPLES = settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

Call = Callable[..., Any]


def _sync(module: Any) -> Call:
    return module.sync_detailed  # type: ignore[no-any-return]


def _async(module: Any) -> Call:
    def call(**kwargs: Any) -> Any:
        return asyncio.run(module.asyncio_detailed(**kwargs))

    return call


STYLES = pytest.mark.parametrize("style", [_sync, _async], ids=["sync", "async"])


def client() -> AuthenticatedClient:
    return AuthenticatedClient(base_url=BASE_URL, token=KEY)


@STYLES
def test_create_posts_the_spec_body_with_the_bearer_key(style: Callable[[Any], Call]) -> None:
    """POST /v2/video/generations, Authorization: Bearer <key>, JSON body as the spec lists it."""
    body = Veo2ImageToVideo(
        prompt="a hedgehog in the snow",
        image_url="https://example.com/hedgehog.png",
        duration=8,
        aspect_ratio="9:16",
        seed=42,
    )
    with respx.mock(assert_all_called=True) as mock:
        route = mock.post(CREATE_URL).mock(
            return_value=spec_response(200, generation(), "create_generation")
        )
        response = style(create_generation)(client=client(), body=body)
    sent = assert_spec_request(route.calls.last.request, "create_generation", api_key=KEY)
    assert sent == {
        "model": "veo2/image-to-video",
        "prompt": "a hedgehog in the snow",
        "image_url": "https://example.com/hedgehog.png",
        "duration": 8,
        "aspect_ratio": "9:16",
        "seed": 42,
    }  # enhance_prompt (default true) is the API's to apply: never sent unasked
    assert response.parsed == Generation.from_dict(generation())


@STYLES
def test_fetch_gets_the_generation_by_query_parameter(style: Callable[[Any], Call]) -> None:
    """GET /v2/video/generations?generation_id=<id> with the bearer key, no body."""
    with respx.mock(assert_all_called=True) as mock:
        route = mock.get(FETCH_URL).mock(return_value=spec_response(200, generation("completed")))
        response = style(fetch_generation)(client=client(), generation_id=EXAMPLE_ID)
    request = route.calls.last.request
    assert assert_spec_request(request, "fetch_generation", api_key=KEY) is None
    assert request.url.params["generation_id"] == EXAMPLE_ID
    assert response.parsed.status is GenerationStatus.COMPLETED
    assert response.parsed.video.url.startswith("https://")


@pytest.mark.parametrize("model", models().values(), ids=lambda m: m.id)
def test_every_body_the_models_can_build_is_sent_as_the_spec_says(model: Model) -> None:
    """Schema-drawn bodies of each model, built through its class, reach the wire valid and
    unchanged."""
    schema = model.schema
    shared = client()  # one client: building an SSL context per example costs more than the test

    @settings(WIRE_EXAMPLES, max_examples=5)
    @given(json_values(schema))
    def check(data: dict[str, Any]) -> None:
        with respx.mock() as mock:
            route = mock.post(CREATE_URL).mock(
                return_value=spec_response(200, generation(), "create_generation")
            )
            create_generation.sync_detailed(
                client=shared, body=build_model(model.request_class(), data)
            )
        sent = assert_spec_request(route.calls.last.request, "create_generation", api_key=KEY)
        assert data.items() <= sent.items()

    check()


def test_every_generation_id_reaches_the_query_intact() -> None:
    """Ids with ':', '/', spaces or any other text the spec allows (not blank) are encoded,
    not mangled or dropped."""
    shared = client()
    schema = operation("fetch_generation").parameters[0]["schema"]
    allowed = st.text(min_size=1).filter(lambda s: "\x00" not in s)

    @WIRE_EXAMPLES
    @given(allowed.filter(lambda s: not validation_errors(schema, s)) | st.just(EXAMPLE_ID))
    def check(generation_id: str) -> None:
        with respx.mock() as mock:
            route = mock.get(FETCH_URL).mock(return_value=spec_response(200, generation()))
            fetch_generation.sync_detailed(client=shared, generation_id=generation_id)
        request = route.calls.last.request
        assert_spec_request(request, "fetch_generation", api_key=KEY)
        assert request.url.params["generation_id"] == generation_id

    check()


@pytest.mark.parametrize(
    ("body", "drift"),
    [
        (generation("waiting"), {"undocumented_status_value"}),
        (
            generation(
                "completed",
                video={
                    "url": "https://cdn.test/o.mp4",
                    "content_type": "video/mp4",
                    "file_size": 9,
                },
            ),
            {"undocumented_field"},
        ),
    ],
    ids=["unknown status", "extra video fields"],
)
def test_the_generated_client_reads_the_known_live_drift(
    body: dict[str, Any], drift: set[str]
) -> None:
    """Open enums and additional_properties keep what the spec does not list, untouched."""
    with respx.mock() as mock:
        mock.get(FETCH_URL).mock(return_value=drifted_response(200, body, drift=drift))
        parsed = fetch_generation.sync(client=client(), generation_id=EXAMPLE_ID)
    assert parsed is not None
    assert parsed.to_dict() == body


# The fixtures themselves: a fixture that cannot refuse drift would let tests drift unnoticed.


@pytest.mark.parametrize(
    ("status_code", "body", "named"),
    [
        (200, generation("waiting"), "undocumented_status_value"),
        (200, {"id": EXAMPLE_ID}, "missing_required_field"),
        (200, generation(id=7), "wrong_field_type"),
        (
            200,
            generation(video={"url": "https://x.test/o.mp4", "file_name": "o.mp4"}),
            "undocumented_field",
        ),
        (201, generation(), "documents [200, 400, 401, 404, 429], not 201"),
        (404, {"statusCode": 404}, "missing_required_field"),
        (500, {"statusCode": 500, "message": "oops"}, "use error_response()"),
    ],
)
def test_spec_response_refuses_an_answer_the_spec_does_not_document(
    status_code: int, body: dict[str, Any], named: str
) -> None:
    """Each kind of drift is refused where the fixture is built, naming what is wrong."""
    with pytest.raises(AssertionError, match=re.escape(named)):
        spec_response(status_code, body)


def test_drifted_response_insists_on_exactly_the_named_drift() -> None:
    """Naming too little or too much drift is refused as well."""
    with pytest.raises(AssertionError, match="departs by \\['undocumented_status_value'\\]"):
        drifted_response(200, generation("waiting"), drift={"undocumented_field"})
    with pytest.raises(AssertionError, match="departs by \\[\\]"):
        drifted_response(200, generation(), drift={"undocumented_field"})


AUTH = {"Authorization": f"Bearer {KEY}"}


OTHER_KEY = {"Authorization": "Bearer other"}


@pytest.mark.parametrize(
    ("request_", "named"),
    [
        (httpx.Request("POST", CREATE_URL, json={"model": "veo2/image-to-video"}, headers=AUTH),
         "'prompt' is a required"),
        (httpx.Request("POST", f"{BASE_URL}/v2/generate/video/google/generation", json={}),
         "the spec says POST /v2/video/generations"),
        (httpx.Request("GET", FETCH_URL, params={"id": "x"}, headers=AUTH), "'id' is not in the spec"),
        (httpx.Request("GET", FETCH_URL, params={"generation_id": "x"}), "no bearer key"),
        (httpx.Request("GET", FETCH_URL, params={"generation_id": "x"}, headers=OTHER_KEY),
         "not the expected one"),
    ],
    ids=["body", "path", "query", "no key", "wrong key"],
)  # fmt: skip
def test_assert_spec_request_names_what_a_request_got_wrong(
    request_: httpx.Request, named: str
) -> None:
    """The request check fails on a wrong body, path, query, or a missing or wrong key."""
    operation_id = "create_generation" if request_.method == "POST" else "fetch_generation"
    with pytest.raises(AssertionError, match=re.escape(named)):
        assert_spec_request(request_, operation_id, api_key=KEY)
