"""classify(): each kind of discrepancy, from a hand-made exchange (the sandbox has no deviation
for some of them), and nothing at all for a conforming one."""

from __future__ import annotations

import json
from typing import Any

import pytest

from contract_tests.classify import Intent, classify
from contract_tests.findings import Exchange, make_exchange
from contract_tests.spec_fixtures import generation

FETCH = "https://api.test/v2/video/generations?generation_id=x"
CREATE = "https://api.test/v2/video/generations"
JSON = {"content-type": "application/json"}


def exchange(
    url: str = FETCH,
    status: int = 200,
    body: Any = None,
    headers: dict[str, str] | None = None,
    key: bool = True,
) -> Exchange:
    method = "POST" if url == CREATE else "GET"
    raw = (
        body
        if isinstance(body, bytes)
        else json.dumps(generation() if body is None else body).encode()
    )
    sent = {"Authorization": "Bearer k"} if key else {}
    return make_exchange(
        method, url, sent, None, status, JSON if headers is None else headers, raw, ("k",)
    )


@pytest.mark.parametrize(
    ("made", "intent", "kind", "where", "value"),
    [
        (exchange(body={**generation(), "status": None}), Intent.ACCEPT,
         "wrong_field_type", "/status", "null"),
        (exchange(body={**generation(), "id": 5}), Intent.ACCEPT, "wrong_field_type", "/id", "integer"),
        (exchange(body=generation("completed", video={"url": "no scheme"})), Intent.ACCEPT,
         "schema_violation", "/video/url", "format"),
        (exchange(body=generation("error", error={"name": "E"})), Intent.ACCEPT,
         "missing_required_field", "/error/message", ""),
        (exchange(headers={"content-type": "text/html"}), Intent.ACCEPT,
         "wrong_content_type", "", "text/html"),
        (exchange(body=b"<html>busy</html>"), Intent.ACCEPT, "not_json", "", ""),
        (exchange(CREATE, 400, {"statusCode": 400, "message": "m"}), Intent.ACCEPT,
         "valid_input_rejected", "", "400"),
        (exchange(CREATE, 200), Intent.REJECT_INPUT, "invalid_input_accepted", "", ""),
        (exchange(status=404, body={"statusCode": 404, "message": "m"}, key=False), Intent.REJECT_AUTH,
         "auth_not_enforced", "", "no key"),
        (exchange(status=502, body={"statusCode": 502, "message": "m"}), Intent.EITHER,
         "server_error", "", "502"),
        (exchange(CREATE, 202), Intent.ACCEPT, "undocumented_status_code", "", "202"),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)  # fmt: skip
def test_each_kind_is_named_where_it_happens(
    made: Exchange, intent: Intent, kind: str, where: str, value: str
) -> None:
    """The kind, the JSON pointer and the offending value identify the discrepancy."""
    found = {(d.kind, d.where, d.value) for d in classify(made, intent)}
    assert (kind, where, value) in found, found


def test_a_created_generation_that_cannot_be_fetched_has_its_own_name() -> None:
    """The probe polls the id create gave it: a 404 there is not an ordinary refusal."""
    found = classify(
        exchange(status=404, body={"statusCode": 404, "message": "m"}),
        Intent.ACCEPT,
        refused_kind="created_generation_unavailable",
    )
    assert [d.kind for d in found] == ["created_generation_unavailable"]


@pytest.mark.parametrize(
    ("made", "intent"),
    [
        (exchange(body=generation("completed")), Intent.ACCEPT),
        (exchange(CREATE, 200, generation()), Intent.ACCEPT),
        (exchange(status=404, body={"statusCode": 404, "message": "m"}), Intent.EITHER),
        (exchange(CREATE, 400, {"statusCode": 400, "message": "m"}), Intent.REJECT_INPUT),
        (
            exchange(status=401, body={"statusCode": 401, "message": "m"}, key=False),
            Intent.REJECT_AUTH,
        ),
        (
            exchange(
                status=429,
                body={"statusCode": 429, "message": "m"},
                headers={**JSON, "retry-after": "1"},
                key=False,
            ),
            Intent.REJECT_AUTH,
        ),
    ],
)
def test_a_conforming_exchange_shows_nothing(made: Exchange, intent: Intent) -> None:
    """Documented answers, and the refusals the intent calls for, are not drift."""
    assert classify(made, intent) == []
