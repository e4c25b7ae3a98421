"""Request tracing, cost headers and GET /v2/logs, as aimlapi's published docs describe them."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from openapi_schema_validator import OAS30Validator
from sandbox_support import MakeSandbox, body
from support import FakeClock

from aimlapi_veo_sandbox import SimulatedConnectionDropError

pytestmark = pytest.mark.anyio
LOGS = "/v2/logs"
SPEC = json.loads((Path(__file__).parents[2] / "spec" / "openapi.json").read_text(encoding="utf-8"))
LOGS_SCHEMA = SPEC["paths"][LOGS]["get"]["responses"]["200"]["content"]["application/json"][
    "schema"
]


async def _create(sandbox: Any, client_id: str | None = None, **fields: Any) -> httpx.Response:
    headers = {} if client_id is None else {"X-Client-Request-Id": client_id}
    response: httpx.Response = await sandbox.client.post(
        "/v2/video/generations", json=body(**fields), headers=headers
    )
    return response


async def _logs(sandbox: Any, **params: Any) -> httpx.Response:
    response: httpx.Response = await sandbox.client.get(LOGS, params={"period": "24h", **params})
    return response


@pytest.mark.parametrize(
    ("sent", "echoed"),
    [
        ("intent-0123456789abcdef", "intent-0123456789abcdef"),
        ("A.b_c:d-9", "A.b_c:d-9"),
        ("x" * 128, "x" * 128),
        ("x" * 129, None),
        ("has space", None),
        ("slash/no", None),
        ("", None),
    ],
)
async def test_a_client_request_id_is_echoed_only_when_valid(
    make_sandbox: MakeSandbox, sent: str, echoed: str | None
) -> None:
    """1-128 of A-Za-z0-9._:- is echoed and logged; anything else is silently dropped."""
    sandbox = make_sandbox()
    answer = await _create(sandbox, sent)
    assert answer.status_code == 200
    assert answer.headers.get("x-client-request-id") == echoed
    rows = (await _logs(sandbox)).json()["data"]
    assert [row["client_request_id"] for row in rows] == [echoed]


async def test_create_and_fetch_carry_the_generation_id_as_inference_id(
    make_sandbox: MakeSandbox,
) -> None:
    """x-inference-id is the generation id on the create and on its polls; the create's
    answer carries its price, a poll costs nothing."""
    sandbox = make_sandbox()
    created = await _create(sandbox, "c-1")
    generation_id = created.json()["id"]
    assert created.headers["x-inference-id"] == generation_id
    assert int(created.headers["x-aimlapi-credits-used"]) > 0
    assert float(created.headers["x-aimlapi-usd-spent"]) > 0
    polled = await sandbox.fetch(generation_id)
    assert polled.headers["x-inference-id"] == generation_id
    assert polled.headers["x-aimlapi-credits-used"] == "0"
    assert "x-inference-id" not in (await sandbox.fetch("not-an-id")).headers


async def test_a_refused_create_is_logged_failed_with_cost_zero(make_sandbox: MakeSandbox) -> None:
    """A 400 still gets an inference id, and shows in the log as failed, cost 0."""
    sandbox = make_sandbox()
    refused = await _create(sandbox, "refused-1", prompt="   ")
    assert refused.status_code == 400
    assert refused.headers["x-aimlapi-credits-used"] == "0"
    [row] = (await _logs(sandbox)).json()["data"]
    assert row["client_request_id"] == "refused-1"
    assert row["inference_id"] == refused.headers["x-inference-id"]
    assert (row["status"], row["cost"]) == ("failed", {"usd": 0.0, "credits": 0})


async def test_a_job_is_charged_in_the_log_once_completed(
    make_sandbox: MakeSandbox, clock: FakeClock
) -> None:
    sandbox = make_sandbox()
    created = await _create(sandbox, "paid-1")
    [row] = (await _logs(sandbox)).json()["data"]
    assert (row["status"], row["cost"]["credits"]) == ("succeeded", 0)
    clock.advance(sandbox.state.config.generation_seconds + 1)
    [row] = (await _logs(sandbox)).json()["data"]
    assert row["inference_id"] == created.json()["id"]
    assert row["cost"]["credits"] == int(created.headers["x-aimlapi-credits-used"])
    assert row["model"] == "veo2/image-to-video"


async def test_store_then_drop_logs_the_create_it_never_answered(
    make_sandbox: MakeSandbox,
) -> None:
    """The job exists and is logged under the caller's id; the answer never arrives."""
    sandbox = make_sandbox(create_faults=("store_then_drop",))
    with pytest.raises(SimulatedConnectionDropError):
        await _create(sandbox, "lost-1")
    assert sandbox.stats.jobs_created == 1
    [row] = (await _logs(sandbox)).json()["data"]
    assert row["client_request_id"] == "lost-1"
    assert (await sandbox.fetch(row["inference_id"])).status_code == 200
    assert (await _create(sandbox, "next")).status_code == 200  # only the first create faults


async def test_drop_before_body_neither_stores_nor_logs(make_sandbox: MakeSandbox) -> None:
    sandbox = make_sandbox(create_faults=("drop_before_body",))
    with pytest.raises(SimulatedConnectionDropError):
        await _create(sandbox, "never-1")
    assert sandbox.stats.jobs_created == 0
    assert (await _logs(sandbox)).json()["data"] == []


async def test_logs_page_newest_first_with_exact_pagination(make_sandbox: MakeSandbox) -> None:
    sandbox = make_sandbox()
    for number in range(5):
        await _create(sandbox, f"row-{number}")
    pages = [(await _logs(sandbox, limit=2, offset=offset)).json() for offset in (0, 2, 4)]
    ids = [row["client_request_id"] for page in pages for row in page["data"]]
    assert ids == [f"row-{number}" for number in (4, 3, 2, 1, 0)]
    assert [page["pagination"]["has_more"] for page in pages] == [True, True, False]
    assert pages[2]["pagination"] == {"limit": 2, "offset": 4, "total": 5, "has_more": False}
    beyond = (await _logs(sandbox, offset=9)).json()
    assert (beyond["data"], beyond["pagination"]["has_more"]) == ([], False)


async def test_logs_filter_by_model_status_and_window(
    make_sandbox: MakeSandbox, clock: FakeClock
) -> None:
    """model is exact and repeatable (a comma list matches nothing); status repeats; the
    window is start..end, UTC when no offset is given."""
    sandbox = make_sandbox()
    await _create(sandbox, "ok-1")
    await _create(sandbox, "bad-1", prompt=" ")
    model = "veo2/image-to-video"

    async def ids(**params: Any) -> list[str]:
        found = (await sandbox.client.get(LOGS, params=params)).json()["data"]
        return [row["client_request_id"] for row in found]

    assert await ids(period="1h", model=model) == ["bad-1", "ok-1"]
    assert await ids(period="1h", model=f"{model},x") == []
    assert await ids(period="1h", status="failed") == ["bad-1"]
    assert await ids(period="1h", status=["failed", "succeeded"]) == ["bad-1", "ok-1"]
    now = sandbox.state.signer.unix_now()

    def iso(unix: float) -> str:
        return datetime.fromtimestamp(unix, UTC).replace(tzinfo=None).isoformat()

    assert await ids(start=iso(now - 60), end=iso(now + 60)) == ["bad-1", "ok-1"]
    assert await ids(start=iso(now + 1), end=iso(now + 60)) == []
    clock.advance(7200)
    assert await ids(period="1h") == []


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"period": "24h", "start": "2026-07-01T00:00:00Z", "end": "2026-07-02T00:00:00Z"},
        {"start": "2026-07-01T00:00:00Z"},
        {"period": "0h"},
        {"period": "24"},
        {"period": "93d"},
        {"start": "yesterday", "end": "2026-07-02T00:00:00Z"},
        {"start": "2026-07-02T00:00:00Z", "end": "2026-07-01T00:00:00Z"},
        {"start": "2026-01-01T00:00:00Z", "end": "2026-07-01T00:00:00Z"},
        {"period": "24h", "status": "succeeded,failed"},
        {"period": "24h", "limit": "0"},
        {"period": "24h", "limit": "101"},
        {"period": "24h", "limit": "ten"},
        {"period": "24h", "offset": "-1"},
        {"period": "24h", "model": [f"m{n}" for n in range(51)]},
    ],
)
async def test_logs_refuse_what_the_docs_call_invalid(
    make_sandbox: MakeSandbox, params: dict[str, Any]
) -> None:
    answer = await make_sandbox().client.get(LOGS, params=params)
    assert answer.status_code == 400, answer.text
    assert answer.json()["statusCode"] == 400


async def test_logs_need_the_key_and_refuse_another_keys_prefix(make_sandbox: MakeSandbox) -> None:
    sandbox = make_sandbox()
    assert (await _logs(sandbox, key_prefix="sandbox")).status_code == 200
    assert (await _logs(sandbox, key_prefix="someone-else")).status_code == 403
    anonymous = await sandbox.client.get(
        LOGS, params={"period": "1h"}, headers={"Authorization": ""}
    )
    assert anonymous.status_code == 401


async def test_every_logs_page_is_what_the_spec_says(
    make_sandbox: MakeSandbox, clock: FakeClock
) -> None:
    """Rows of every kind (refused, in progress, charged, failed generation), every page,
    valid against spec/openapi.json's schema for GET /v2/logs (every required field, types)."""
    sandbox = make_sandbox()
    await _create(sandbox, "a", prompt=" ")
    await _create(sandbox, "b")
    await _create(sandbox, None, prompt="please FAIL")
    clock.advance(sandbox.state.config.generation_seconds + 1)
    await _create(sandbox, "c")
    validator = OAS30Validator({**LOGS_SCHEMA, "components": SPEC["components"]})
    for offset in (0, 2):
        page = (await _logs(sandbox, limit=2, offset=offset)).json()
        validator.validate(page)
        assert len(page["data"]) == 2
