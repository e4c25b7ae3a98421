"""`aimlapi_veo.spec_usage` says exactly what the wrapper sends and reads, proved on the wire code.

The spec diff trusts this declaration to raise a change to breaking; if the wrapper starts
sending or reading another field, or stops, these tests fail until the declaration follows.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from support import ID, KEY, PNG

from aimlapi_veo.errors import MalformedResponseError
from aimlapi_veo.models import models
from aimlapi_veo.spec_usage import READ, SENT_BODY, SENT_QUERY, USAGE
from aimlapi_veo.wire import build_request, create_request, fetch_request, parse_generation

# Every field an answer may carry that the spec or the CDN documents, plus one nobody reads.
FULL: dict[str, Any] = {
    "id": ID,
    "status": "completed",
    "model": "veo2/image-to-video",  # unread: the declaration must not list it
    "duration": 8,
    "video": {
        "url": "https://cdn.example/v.mp4",
        "duration": 6,
        "content_type": "video/mp4",
        "file_name": "v.mp4",
        "file_size": 1234,
    },
    "error": {"name": "E", "message": "m"},
    "meta": {"usage": {"credits_used": 1.5, "tokens_used": 10}},
}
# Fields the schema requires where their object is present.
REQUIRED_WITH = {"video": ("url",), "error": ("name", "message")}


def leaves(node: dict[str, Any], prefix: str = "") -> Iterator[str]:
    for key, value in node.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            yield from leaves(value, f"{path}.")
        else:
            yield path


def put(answer: dict[str, Any], path: str) -> None:
    """Copy FULL's value at `path` into `answer`, creating the objects on the way."""
    *parents, last = path.split(".")
    source, target = FULL, answer
    for key in parents:
        source, target = source[key], target.setdefault(key, {})
    target[last] = source[last]


def minimal(path: str, *, keep: bool) -> dict[str, Any]:
    """id and status, plus `path` (when `keep`) with the fields its object requires."""
    answer: dict[str, Any] = {"id": FULL["id"], "status": FULL["status"]}
    top = path.split(".", maxsplit=1)[0]
    for required in REQUIRED_WITH.get(top, ()) if "." in path else ():
        put(answer, f"{top}.{required}")
    if keep:
        put(answer, path)
    else:  # a required field of an object that is present: its object stays, without it
        *parents, last = path.split(".")
        node = answer
        for key in parents:
            node = node.setdefault(key, {})
        node.pop(last, None)
    return answer


def reads(path: str) -> bool:
    """Removing the field changes what the wrapper returns (or makes it refuse the answer)."""

    def parse(answer: dict[str, Any]) -> Any:
        try:
            return parse_generation(httpx.Response(200, json=answer), create=False, api_key=KEY)
        except MalformedResponseError:
            return "refused"
        except AttributeError:  # an `error` without `name` escapes unmapped (reported upstream)
            return "crashed"

    return bool(parse(minimal(path, keep=True)) != parse(minimal(path, keep=False)))


def test_the_declared_answer_fields_are_exactly_those_the_wrapper_reads() -> None:
    assert {path for path in leaves(FULL) if reads(path)} == set(READ)


def test_the_declared_request_fields_are_exactly_those_the_wrapper_can_send() -> None:
    body = build_request(
        image=PNG,
        prompt="a hedgehog",
        tail_image=PNG,
        duration=6,
        aspect_ratio="16:9",
        negative_prompt="blur",
        seed=7,
        enhance_prompt=False,
    )
    sent = json.loads(httpx.Request(**create_request(body, "http://api.invalid", KEY)).content)
    assert set(sent) <= set(SENT_BODY)
    # A request object sends any field its model has: every model's fields, together.
    assert set(SENT_BODY) == {field for m in models().values() for field in m.schema["properties"]}
    fetch = httpx.Request(**fetch_request(ID, "http://api.invalid", KEY))
    assert set(fetch.url.params) == set(SENT_QUERY)


@pytest.mark.parametrize(("method", "prefix"), [("POST", "requestBody."), ("GET", "parameters.")])
def test_usage_names_each_operation_by_its_method(method: str, prefix: str) -> None:
    """The diff finds an operation's fields by HTTP method: create is the POST, fetch the GET."""
    assert {u for u in USAGE[method] if not u.startswith("responses.2xx.")} == {
        u for u in USAGE[method] if u.startswith(prefix)
    }
    assert {u.removeprefix("responses.2xx.") for u in USAGE[method] if u.startswith("resp")} == set(
        READ
    )
