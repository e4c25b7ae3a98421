"""The spec profile answers exactly the spec's shape; the live profile answers like the live API."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import jsonschema  # type: ignore[import-untyped]  # no stubs installed; test-only use
import pytest
from sandbox_support import Harness, MakeSandbox

pytestmark = pytest.mark.anyio

#: Generation from spec/openapi.json, with OpenAPI 3.0 `nullable` written as
#: JSON Schema type lists, and closed (additionalProperties false) to catch extra fields.
GENERATION_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "status"],
    "properties": {
        "id": {"type": "string"},
        "status": {"enum": ["queued", "generating", "completed", "error"]},
        "video": {
            "type": ["object", "null"],
            "additionalProperties": False,
            "required": ["url"],
            "properties": {"url": {"type": "string"}},
        },
        "error": {
            "type": ["object", "null"],
            "required": ["name", "message"],
            "properties": {"name": {"type": "string"}, "message": {"type": "string"}},
        },
        "meta": {
            "type": ["object", "null"],
            "properties": {
                "usage": {
                    "type": ["object", "null"],
                    "properties": {
                        "credits_used": {"type": "number"},
                        "tokens_used": {"type": "number"},
                    },
                }
            },
        },
    },
}


async def test_spec_profile_answers_conform_to_the_response_schema(sandbox: Harness) -> None:
    """Every answer of a job's life, and of a failing job, validates against the schema."""
    created = await sandbox.create()
    answers = [created.json()]
    for step in (0.0, 2.0, 4.0):
        sandbox.clock.advance(step)
        answers.append((await sandbox.fetch(created.json()["id"])).json())
    answers.append(await sandbox.finish(prompt="this will FAIL"))
    for answer in answers:
        jsonschema.validate(answer, GENERATION_SCHEMA)
    statuses = [answer["status"] for answer in answers]
    assert statuses == ["queued", "queued", "generating", "completed", "error"]
    url = urlsplit(answers[3]["video"]["url"])
    assert url.scheme == "http"
    assert url.netloc


async def test_live_profile_walks_through_the_live_statuses(make_sandbox: MakeSandbox) -> None:
    """waiting, active, queued, generating, processing, then completed."""
    sandbox = make_sandbox(profile="live", generation_seconds=10)
    created = (await sandbox.create()).json()
    seen = [created["status"]]
    for _ in range(6):
        sandbox.clock.advance(2.0)
        seen.append((await sandbox.fetch(created["id"])).json()["status"])
    assert seen == [
        "waiting",
        "active",
        "queued",
        "generating",
        "processing",
        "completed",
        "completed",
    ]


async def test_live_profile_completed_video_carries_file_facts(make_sandbox: MakeSandbox) -> None:
    """content_type, file_name, file_size (the real size), tokens_used; no null padding."""
    sandbox = make_sandbox(profile="live")
    done = await sandbox.finish()
    video = done["video"]
    assert video["content_type"] == "video/mp4"
    assert video["file_name"] == "output.mp4"
    downloaded = await sandbox.client.get(video["url"])
    assert video["file_size"] == len(downloaded.content)
    assert done["meta"]["usage"]["tokens_used"] > 0
    assert "error" not in done


async def test_live_profile_failures_say_error_or_failed(make_sandbox: MakeSandbox) -> None:
    """A failed job's status is `error` or `failed`, always with {name, message}."""
    sandbox = make_sandbox(profile="live")
    statuses = set()
    for _ in range(8):
        done = await sandbox.finish(prompt="FAIL please")
        statuses.add(done["status"])
        assert set(done["error"]) == {"name", "message"}
    assert statuses == {"error", "failed"}
