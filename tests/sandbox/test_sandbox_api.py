"""Create and fetch: auth, validation, lifecycle, both paths."""

from __future__ import annotations

from typing import Any

import pytest
from sandbox_support import GOOGLE, OMIT, PATHS, Harness, MakeSandbox, body

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("authorization", [None, "Bearer wrong-key", "Basic sandbox-key"])
async def test_api_refuses_missing_or_wrong_key(
    sandbox: Harness, path: str, authorization: str | None
) -> None:
    """Create and fetch answer 401 (NestJS shape) unless the right bearer key is sent."""
    headers = {} if authorization is None else {"Authorization": authorization}
    sandbox.client.headers.pop("Authorization")
    created = await sandbox.client.post(path, json=body(), headers=headers)
    fetched = await sandbox.client.get(path, params={"generation_id": "x"}, headers=headers)
    for answer in (created, fetched):
        assert answer.status_code == 401
        assert answer.json() == {
            "statusCode": 401,
            "message": "Unauthorized",
            "error": "Unauthorized",
        }
    assert sandbox.stats.jobs_created == 0
    assert sandbox.stats.unauthorized == 2


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("model", OMIT),
        ("model", "veo3/image-to-video"),
        ("prompt", OMIT),
        ("prompt", "   "),
        ("prompt", 42),
        ("image_url", OMIT),
        ("image_url", "ftp://example.com/a.png"),
        ("image_url", "data:image/png;base64,not-base64!"),
        ("image_url", "data:image/png;base64,aGVsbG8="),
        ("tail_image_url", "not a url"),
        ("duration", 4),
        ("duration", "5"),
        ("duration", 5.5),
        ("duration", True),
        ("aspect_ratio", "1:1"),
        ("negative_prompt", 1),
        ("seed", "12"),
        ("seed", True),
        ("enhance_prompt", "yes"),
    ],
)
async def test_create_rejects_bad_field_naming_it(sandbox: Harness, field: str, value: Any) -> None:
    """A bad or missing field gets 400 with a message and `field` naming it; nothing is stored."""
    answer = await sandbox.create(**{field: value})
    assert answer.status_code == 400
    error = answer.json()
    assert error["statusCode"] == 400
    assert error["error"] == "Bad Request"
    assert error["field"] == field
    assert field in error["message"]
    assert sandbox.stats.jobs_created == 0


@pytest.mark.parametrize("raw", [b"{not json", b"[1, 2]", b'"text"'])
async def test_create_rejects_a_body_that_is_not_a_json_object(
    sandbox: Harness, raw: bytes
) -> None:
    """Malformed JSON, or JSON that is not an object, is a 400."""
    answer = await sandbox.client.post(
        GOOGLE, content=raw, headers={"Content-Type": "application/json"}
    )
    assert answer.status_code == 400
    assert answer.json()["statusCode"] == 400


async def test_create_accepts_every_optional_field_and_ignores_unknown_ones(
    sandbox: Harness,
) -> None:
    """All spec'd fields plus an unknown one: 200 and a queued job with a model-suffixed id."""
    answer = await sandbox.create(
        duration=8,
        aspect_ratio="9:16",
        negative_prompt="blur",
        seed=3,
        enhance_prompt=False,
        tail_image_url="https://example.com/last.png",
        unknown_field={"anything": 1},
    )
    assert answer.status_code == 200
    created = answer.json()
    assert created["status"] == "queued"
    assert created["id"].endswith(":veo2/image-to-video")
    assert sandbox.stats.jobs_created == 1


@pytest.mark.parametrize("create_path", PATHS)
@pytest.mark.parametrize("fetch_path", PATHS)
async def test_job_moves_from_queued_to_generating_to_completed(
    sandbox: Harness, create_path: str, fetch_path: str
) -> None:
    """The status follows the injected clock, on whichever path pair the client uses."""
    job_id = (await sandbox.create(create_path, duration=6)).json()["id"]

    async def status() -> str:
        answer = await sandbox.fetch(job_id, fetch_path)
        assert answer.status_code == 200
        value: str = answer.json()["status"]
        return value

    assert await status() == "queued"
    sandbox.clock.advance(1.5)
    assert await status() == "generating"
    sandbox.clock.advance(3.4)
    assert await status() == "generating"
    sandbox.clock.advance(0.2)
    assert await status() == "completed"


async def test_completed_answer_carries_video_duration_and_credits(sandbox: Harness) -> None:
    """Spec profile: video {url, duration}, top-level duration, meta.usage.credits_used."""
    done = await sandbox.finish(duration=7)
    assert done["status"] == "completed"
    assert done["video"]["url"].startswith("http://sandbox.test/cdn/")
    assert done["video"]["duration"] == 7
    assert done["duration"] == 7
    assert done["error"] is None
    assert done["meta"]["usage"]["credits_used"] > 0


async def test_prompt_with_error_trigger_ends_in_error(make_sandbox: MakeSandbox) -> None:
    """A prompt containing the trigger word ends in `error` with {name, message}, no video."""
    sandbox = make_sandbox(error_trigger="BOOM")
    done = await sandbox.finish(prompt="please BOOM now")
    assert done["status"] == "error"
    assert done["video"] is None
    assert set(done["error"]) == {"name", "message"}
    assert "BOOM" in done["error"]["message"]
    assert sandbox.stats.videos_rendered == 0


async def test_fetch_unknown_id_is_404(sandbox: Harness) -> None:
    """An id the sandbox never issued gets the NestJS 404 body."""
    answer = await sandbox.fetch("00000000-0000-4000-8000-000000000000:veo2/image-to-video")
    assert answer.status_code == 404
    assert answer.json() == {
        "statusCode": 404,
        "message": "Generation not found",
        "error": "Not Found",
    }


async def test_fetch_without_generation_id_is_400(sandbox: Harness) -> None:
    """The query parameter is required and named in the error."""
    answer = await sandbox.client.get(GOOGLE)
    assert answer.status_code == 400
    assert answer.json()["field"] == "generation_id"


async def test_unknown_route_and_method_answer_json(sandbox: Harness) -> None:
    """Routing errors look like the gateway's: JSON 404 'Cannot GET /x', JSON 405."""
    missing = await sandbox.client.get("/v2/nothing")
    assert missing.status_code == 404
    assert missing.json()["message"] == "Cannot GET /v2/nothing"
    wrong_method = await sandbox.client.delete(GOOGLE)
    assert wrong_method.status_code == 405
    assert wrong_method.json()["statusCode"] == 405


async def test_seeded_sandboxes_issue_the_same_ids(make_sandbox: MakeSandbox) -> None:
    """With the same seed, two sandboxes hand out the same job ids."""
    first = await make_sandbox(seed=11).create()
    second = await make_sandbox(seed=11).create()
    assert first.json()["id"] == second.json()["id"]
