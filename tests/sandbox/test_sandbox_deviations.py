"""Each named deviation departs from the spec in exactly the documented way."""

from __future__ import annotations

import pytest
from sandbox_support import Harness, MakeSandbox

from aimlapi_veo_sandbox import DEVIATIONS, SandboxConfig
from aimlapi_veo_sandbox.drifts import DRIFTS

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize(
    ("deviation", "first", "then"),
    [("unknown_status", "processing", "processing"), ("suspended_status", "queued", "suspended")],
)
async def test_a_status_deviation_replaces_the_in_progress_statuses(
    make_sandbox: MakeSandbox, deviation: str, first: str, then: str
) -> None:
    """unknown_status says `processing` from the create on; suspended_status is queued first,
    then `suspended` where `generating` was; the end is still `completed`."""
    sandbox = make_sandbox(deviations={deviation})
    created = (await sandbox.create()).json()
    assert created["status"] == first
    sandbox.clock.advance(2.0)
    assert (await sandbox.fetch(created["id"])).json()["status"] == then
    sandbox.clock.advance(4.0)
    assert (await sandbox.fetch(created["id"])).json()["status"] == "completed"


async def test_missing_required_field_drops_status(make_sandbox: MakeSandbox) -> None:
    """Fetch answers have no `status`."""
    sandbox = make_sandbox(deviations={"missing_required_field"})
    created = (await sandbox.create()).json()
    fetched = (await sandbox.fetch(created["id"])).json()
    assert "status" not in fetched
    assert fetched["id"] == created["id"]


async def test_wrong_field_type_sends_id_as_an_integer(make_sandbox: MakeSandbox) -> None:
    """`id` is a JSON integer, and polling with it still works."""
    sandbox = make_sandbox(deviations={"wrong_field_type"})
    created = (await sandbox.create()).json()
    assert type(created["id"]) is int
    fetched = await sandbox.fetch(created["id"])
    assert fetched.status_code == 200
    assert fetched.json()["id"] == created["id"]


async def test_server_error_answers_500_to_valid_create(make_sandbox: MakeSandbox) -> None:
    """Valid input gets 500 and stores nothing; invalid input still gets its 400."""
    sandbox = make_sandbox(deviations={"server_error"})
    answer = await sandbox.create()
    assert answer.status_code == 500
    assert answer.json()["statusCode"] == 500
    assert (await sandbox.create(duration=9)).status_code == 400
    assert sandbox.stats.jobs_created == 0


@pytest.mark.parametrize("authorization", [None, "Bearer not-the-key"])
async def test_auth_ignored_accepts_any_key(
    make_sandbox: MakeSandbox, authorization: str | None
) -> None:
    """Requests without the right key are served."""
    sandbox = make_sandbox(deviations={"auth_ignored"})
    sandbox.client.headers.pop("Authorization")
    if authorization is not None:
        sandbox.client.headers["Authorization"] = authorization
    created = await sandbox.create()
    assert created.status_code == 200
    assert (await sandbox.fetch(created.json()["id"])).status_code == 200


async def test_undocumented_status_code_creates_with_201(make_sandbox: MakeSandbox) -> None:
    """Create answers 201 with the usual body; the job exists."""
    sandbox = make_sandbox(deviations={"undocumented_status_code"})
    answer = await sandbox.create()
    assert answer.status_code == 201
    assert answer.json()["status"] == "queued"
    assert sandbox.stats.jobs_created == 1


async def test_missing_video_url_drops_the_url_from_completed_answers(
    make_sandbox: MakeSandbox,
) -> None:
    """The completed answer has a `video` object, but no `url` in it."""
    sandbox = make_sandbox(deviations={"missing_video_url"})
    done = await sandbox.finish()
    assert done["status"] == "completed"
    assert done["video"] == {}


async def test_negative_seed_error_answers_500_to_a_negative_seed(
    make_sandbox: MakeSandbox,
) -> None:
    """seed -1 gets 500 and stores nothing; seed 1 and no seed are served."""
    sandbox = make_sandbox(deviations={"negative_seed_error"})
    assert (await sandbox.create(seed=-1)).status_code == 500
    assert (await sandbox.create(seed=1)).status_code == 200
    assert (await sandbox.create()).status_code == 200
    assert sandbox.stats.jobs_created == 2


async def test_fetch_text_plain_labels_fetch_answers_as_text(make_sandbox: MakeSandbox) -> None:
    """Fetch says text/plain over the same JSON; create still says application/json."""
    sandbox = make_sandbox(deviations={"fetch_text_plain"})
    created = await sandbox.create()
    assert created.headers["content-type"] == "application/json"
    fetched = await sandbox.fetch(created.json()["id"])
    assert fetched.headers["content-type"].startswith("text/plain")
    assert fetched.json()["id"] == created.json()["id"]


async def test_image_url_unchecked_accepts_a_non_url(make_sandbox: MakeSandbox) -> None:
    """`not a url` is accepted (and rendered as a placeholder); an empty one is still a 400."""
    sandbox = make_sandbox(deviations={"image_url_unchecked"})
    assert (await sandbox.create(image_url="not a url")).status_code == 200
    assert (await sandbox.create(image_url="")).status_code == 400
    assert sandbox.stats.jobs_created == 1


async def test_without_deviations_the_spec_is_kept(sandbox: Harness) -> None:
    """The baseline the deviations are measured against."""
    created = await sandbox.create()
    assert created.status_code == 200
    assert isinstance(created.json()["id"], str)
    assert (await sandbox.fetch(created.json()["id"])).json()["status"] == "queued"


def test_every_documented_deviation_is_tested() -> None:
    """Adding a deviation without a test here fails."""
    tested = {
        "unknown_status",
        "missing_required_field",
        "wrong_field_type",
        "server_error",
        "auth_ignored",
        "undocumented_status_code",
        "suspended_status",
        "missing_video_url",
        "negative_seed_error",
        "fetch_text_plain",
        "image_url_unchecked",
    }
    # The drifts are each served, judged by the harness and run through the wrapper by
    # contract_tests/test_drifts.py, whose table must hold every one of them.
    assert set(DEVIATIONS) == tested | set(DRIFTS)


def test_unknown_deviation_is_refused() -> None:
    """A typo in a deviation name fails loudly, listing the known ones."""
    with pytest.raises(ValueError, match="unknown deviations"):
        SandboxConfig(deviations=frozenset({"unknwon_status"}))
