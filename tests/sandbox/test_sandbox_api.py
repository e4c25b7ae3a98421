"""Create and fetch: auth, validation, lifecycle, both paths."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sandbox_support import CREATE, FETCH, LEGACY, OMIT, Harness, MakeSandbox, body

pytestmark = pytest.mark.anyio


#: (profile, create path, fetch path): the spec profile serves the spec's two operations; the
#: live profile also creates on the fetch path and fetches on the create path.
ROUTES = [("spec", CREATE, FETCH), ("live", LEGACY, LEGACY)]


@pytest.mark.parametrize(("profile", "create_path", "fetch_path"), ROUTES)
@pytest.mark.parametrize("authorization", [None, "Bearer wrong-key", "Basic sandbox-key"])
async def test_api_refuses_missing_or_wrong_key(
    make_sandbox: MakeSandbox,
    profile: str,
    create_path: str,
    fetch_path: str,
    authorization: str | None,
) -> None:
    """Create and fetch answer 401 (NestJS shape) unless the right bearer key is sent."""
    sandbox = make_sandbox(profile=profile)
    headers = {} if authorization is None else {"Authorization": authorization}
    sandbox.client.headers.pop("Authorization")
    created = await sandbox.client.post(create_path, json=body(), headers=headers)
    fetched = await sandbox.client.get(fetch_path, params={"generation_id": "x"}, headers=headers)
    for answer in (created, fetched):
        assert answer.status_code == 401
        assert answer.json() == {
            "statusCode": 401,
            "message": "Unauthorized",
            "error": "Unauthorized",
        }
    assert sandbox.stats.jobs_created == 0
    assert sandbox.stats.unauthorized == 2


async def test_the_spec_profile_serves_only_the_specs_operations(sandbox: Harness) -> None:
    """The legacy path is the live profile's; another method is a 405 naming the two."""
    assert (await sandbox.create(LEGACY)).status_code == 404
    wrong = await sandbox.client.put(CREATE, json={})
    assert wrong.status_code == 405
    assert set(wrong.headers["allow"].split(", ")) == {"GET", "HEAD", "POST"}


#: Per field, the values the spec calls invalid (a null optional field too).
BAD_VALUES: dict[str, tuple[Any, ...]] = {
    "model": (OMIT, "veo3/image-to-video"),
    "prompt": (OMIT, "", " \t\n", 42),
    "image_url": (OMIT, "ftp://example.com/a.png", "urn:isbn:0451450523",
                  "https://exa mple.com/a.png", "data:image/png;base64,not-base64!"),
    "tail_image_url": ("not a url", None),
    "duration": (4, "5", 5.5, True, None),
    "aspect_ratio": ("1:1", None),
    "negative_prompt": (1, None),
    "seed": ("12", True, 1.5, None),
    "enhance_prompt": ("yes", None),
}  # fmt: skip


@pytest.mark.parametrize(
    ("field", "value"), [(field, value) for field, values in BAD_VALUES.items() for value in values]
)
async def test_create_rejects_bad_field_naming_it(sandbox: Harness, field: str, value: Any) -> None:
    """What the spec calls invalid (a null optional field too) gets 400 with the spec's error
    body, its one message naming the field; nothing is stored."""
    answer = await sandbox.create(**{field: value})
    assert answer.status_code == 400
    error = answer.json()
    assert set(error) == {"statusCode", "message", "error"}
    assert error["statusCode"] == 400
    assert error["error"] == "Bad Request"
    assert len(error["message"]) == 1
    assert error["message"][0].startswith(field)
    assert sandbox.stats.jobs_created == 0


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("prompt", "\x1c"),  # not ASCII whitespace: the spec's pattern takes it
        ("seed", 1.0),  # JSON has one number type: 1.0 is the integer 1
        ("seed", -7),
        ("duration", 6.0),
        ("image_url", "http://0"),
        ("image_url", "data:image/png;base64,aGVsbG8="),  # well-formed, not an image
        ("negative_prompt", ""),
    ],
)
async def test_create_accepts_what_the_spec_calls_valid(
    sandbox: Harness, field: str, value: Any
) -> None:
    """Edge values the spec allows are accepted (an unreadable image becomes a placeholder)."""
    answer = await sandbox.create(**{field: value})
    assert answer.status_code == 200, answer.json()
    assert sandbox.stats.jobs_created == 1


async def test_the_live_profile_differs_where_the_service_does(make_sandbox: MakeSandbox) -> None:
    """Live: a null optional field is left out and "5" is a duration; the spec refuses both."""
    live, spec = make_sandbox(profile="live"), make_sandbox()
    assert (await live.create(seed=None, duration="5")).status_code == 200
    assert (await spec.create(seed=None)).status_code == 400
    assert (await spec.create(duration="5")).status_code == 400


@pytest.mark.parametrize(
    ("raw", "content_type"),
    [
        (b"{not json", "application/json"),
        (b"[1, 2]", "application/json"),
        (b'"text"', "application/json"),
        (json.dumps(body()).encode(), None),
        (json.dumps(body()).encode(), "text/plain"),
        (json.dumps(body()).encode(), "application/x-www-form-urlencoded"),
    ],
)
async def test_create_refuses_a_body_that_is_not_a_json_object_sent_as_json(
    sandbox: Harness, raw: bytes, content_type: str | None
) -> None:
    """Malformed JSON, JSON that is not an object, or valid JSON under another type than the
    spec's application/json: a 400, nothing created."""
    headers = {} if content_type is None else {"Content-Type": content_type}
    answer = await sandbox.client.post(CREATE, content=raw, headers=headers)
    assert answer.status_code == 400
    assert answer.json()["statusCode"] == 400
    assert sandbox.stats.jobs_created == 0


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


@pytest.mark.parametrize(("profile", "create_path", "fetch_path"), ROUTES)
async def test_job_moves_from_queued_to_generating_to_completed(
    make_sandbox: MakeSandbox, profile: str, create_path: str, fetch_path: str
) -> None:
    """The status follows the injected clock, on whichever paths the profile serves."""
    sandbox = make_sandbox(profile=profile, queued_fraction=0.2)
    job_id = (await sandbox.create(create_path, duration=6)).json()["id"]
    live = profile == "live"

    async def status() -> str:
        answer = await sandbox.fetch(job_id, fetch_path)
        assert answer.status_code == 200
        value: str = answer.json()["status"]
        return value

    assert await status() == ("waiting" if live else "queued")
    sandbox.clock.advance(1.5)
    assert await status() == ("active" if live else "generating")
    sandbox.clock.advance(3.4)
    assert await status() == ("processing" if live else "generating")
    sandbox.clock.advance(0.2)
    assert await status() == "completed"


async def test_completed_answer_carries_the_video_and_credits(sandbox: Harness) -> None:
    """Spec profile: video {url} (the spec's Generation has no duration), meta.usage."""
    done = await sandbox.finish(duration=7)
    assert done["status"] == "completed"
    assert done["video"] == {"url": done["video"]["url"]}
    assert done["video"]["url"].startswith("http://sandbox.test/cdn/")
    assert "duration" not in done
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
    """The query parameter is required, non-blank, and named in the error."""
    for query in ({}, {"generation_id": ""}, {"generation_id": " \t"}):
        answer = await sandbox.client.get(FETCH, params=query)
        assert answer.status_code == 400
        assert answer.json()["message"] == ["generation_id should not be empty"]


async def test_unknown_route_and_method_answer_json(sandbox: Harness) -> None:
    """Routing errors look like the gateway's: JSON 404 'Cannot GET /x', JSON 405."""
    missing = await sandbox.client.get("/v2/nothing")
    assert missing.status_code == 404
    assert missing.json()["message"] == "Cannot GET /v2/nothing"
    wrong_method = await sandbox.client.delete(FETCH)
    assert wrong_method.status_code == 405
    assert wrong_method.json()["statusCode"] == 405


async def test_seeded_sandboxes_issue_the_same_ids(make_sandbox: MakeSandbox) -> None:
    """With the same seed, two sandboxes hand out the same job ids."""
    first = await make_sandbox(seed=11).create()
    second = await make_sandbox(seed=11).create()
    assert first.json()["id"] == second.json()["id"]
