"""Every Veo model through one client: typed per model, checked per model, minimal on the wire."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from aimlapi_veo_api.models import Veo31I2V, Veo31T2V
from support import BASE, PNG, Driver, FakeAPI, mypy_strict

from aimlapi_veo import InvalidInputError
from aimlapi_veo.batch import read_rows
from aimlapi_veo.models import Model, models

URL = "https://example.com/input.png"
VIDEO = "https://example.com/input.mp4"
MINIMAL_INPUTS = {"image_url": URL, "last_image_url": URL, "image_urls": [URL], "video_url": VIDEO}


def minimal(model: Model) -> dict[str, Any]:
    """{model, prompt, <required inputs>}: what a minimal create must send, nothing more."""
    body: dict[str, Any] = {"model": model.id, "prompt": "a hedgehog"}
    return body | {name: MINIMAL_INPUTS[name] for name in model.required if name != "prompt"}


def test_the_spec_has_the_whole_family() -> None:
    """17 models on one create, each with its generated class."""
    assert len(models()) >= 17
    assert all(model.request_class().__name__ == model.class_name for model in models().values())


@pytest.mark.parametrize("model", models().values(), ids=lambda m: m.id)
def test_a_minimal_create_sends_exactly_the_model_the_prompt_and_the_required_inputs(
    client: Driver, api: FakeAPI, model: Model
) -> None:
    """No default of the spec is sent (no duration, resolution, audio...): the API's to apply."""
    client.create(minimal(model))
    (sent,) = api.sent("POST")
    assert str(sent.url) == f"{BASE}/v2/video/generations"
    assert json.loads(sent.content) == minimal(model)


def test_a_typed_request_is_sent_as_set_and_fetched_on_the_universal_path(
    client: Driver, api: FakeAPI
) -> None:
    """The generated class is the request; a local image is inlined; fetch is GET ?generation_id."""
    created = client.create(Veo31I2V(prompt="p", image_url=PNG, duration=4, resolution="720p"))  # type: ignore[arg-type]
    body = json.loads(api.sent("POST")[0].content)
    assert body["image_url"].startswith("data:image/png;base64,")
    assert {k: body[k] for k in ("model", "duration", "resolution")} == {
        "model": "google/veo-3.1-i2v",
        "duration": 4,
        "resolution": "720p",
    }
    client.get(created.id)
    (fetch,) = api.sent("GET")
    assert fetch.url.path == "/v2/video/generations"
    assert fetch.url.params["generation_id"] == created.id


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"model": "veo2", "prompt": "p", "resolution": "720p"}, "veo2 does not take resolution"),
        ({"model": "google/veo-3.1-t2v", "prompt": "p", "duration": 5}, "one of 4, 6, 8"),
        ({"model": "google/veo-3.1-i2v", "prompt": "p"}, "google/veo-3.1-i2v needs image_url"),
        (
            {
                "model": "google/veo-3.1-reference-to-video",
                "prompt": "p",
                "image_urls": [URL],
                "aspect_ratio": "16:9",
            },
            "does not take aspect_ratio",
        ),
        ({"model": "google/veo-3.0-fast", "prompt": "p", "resolution": "720p"}, "720P, 1080P"),
        ({"model": "veo4", "prompt": "p"}, "unknown model 'veo4'"),
    ],
)
def test_the_same_mistakes_without_a_type_checker_are_refused_before_sending(
    client: Driver, api: FakeAPI, body: dict[str, Any], message: str
) -> None:
    """Checked against the model's schema in the spec: InvalidInputError, nothing sent."""
    with pytest.raises(InvalidInputError, match=message):
        client.create(body)
    assert api.requests == []


def test_a_typed_request_with_a_wrong_value_is_refused_at_run_time_too(
    client: Driver, api: FakeAPI
) -> None:
    """Literal types are only hints: duration=5 on 3.1 still fails before anything is sent."""
    with pytest.raises(InvalidInputError, match="duration must be one of 4, 6, 8"):
        client.create(Veo31T2V(prompt="p", duration=5))  # type: ignore[arg-type]
    assert api.requests == []


USER_SCRIPT = """\
from aimlapi_veo import VeoClient
from aimlapi_veo_api.models import (
    Veo2, Veo3, Veo31ExtendVideo, Veo31FirstLastImageToVideo, Veo31I2V, Veo31ReferenceToVideo,
    Veo31T2V,
)

with VeoClient(api_key="k", journal=False) as client:
    client.create(Veo31T2V(prompt="p", duration=4, resolution="720p", generate_audio=False))
    client.create(Veo31I2V(prompt="p", image_url="cat.png", provider="fal"))
    client.create(Veo31ReferenceToVideo(prompt="p", image_urls=["a.png", "b.png"]))
    client.create(Veo31ExtendVideo(prompt="p", video_url="clip.mp4", aspect_ratio="auto"))
    client.create(Veo31FirstLastImageToVideo(prompt="p", image_url="a.png", last_image_url="b.png"))
    client.generate(Veo3(prompt="p", resolution="1080P"), output="v.mp4")
    client.generate("cat.png", "The cat yawns", duration=6)
    client.create(Veo2(prompt="p", resolution="720p"))
    client.create(Veo31T2V(prompt="p", duration=5))
    client.create(Veo31I2V(prompt="p"))
    client.create(Veo31ReferenceToVideo(prompt="p", image_urls=["a.png"], aspect_ratio="16:9"))
"""
REJECTED = {
    15: 'Unexpected keyword argument "resolution" for "Veo2"',
    16: 'Argument "duration" to "Veo31T2V" has incompatible type "Literal[5]"',
    17: 'Missing positional argument "image_url" in call to "Veo31I2V"',
    18: 'Unexpected keyword argument "aspect_ratio" for "Veo31ReferenceToVideo"',
}


def test_mypy_strict_takes_valid_calls_for_each_model_and_rejects_what_a_model_does_not_take(
    tmp_path: Path,
) -> None:
    """Seven valid calls (six models and today's Veo2 image-to-video call) pass; `resolution`
    on Veo2, duration 5 on 3.1, no image on image-to-video, aspect_ratio on reference-to-video
    are errors on their lines."""
    script = tmp_path / "user.py"
    script.write_text(USER_SCRIPT, encoding="utf-8")
    said = mypy_strict(script)
    errors = [line for line in said.splitlines() if ": error:" in line]
    assert {int(line.split(":")[1]) for line in errors} == set(REJECTED), said
    for line, message in REJECTED.items():
        assert any(f":{line}:" in e and message in e for e in errors), (message, said)


def test_a_batch_row_names_its_model_and_is_checked_against_it(tmp_path: Path) -> None:
    """A row with `model` becomes that model's request; an option it does not take names
    the row before anything is sent."""
    rows = tmp_path / "rows.jsonl"
    good = {"model": "google/veo-3.1-t2v", "prompt": "p", "duration": 4, "generate_audio": "false"}
    rows.write_text(json.dumps(good) + "\n", encoding="utf-8")
    (row,) = read_rows(rows, tmp_path / "out")
    assert row.body() == {**good, "generate_audio": False}
    rows.write_text(json.dumps({**good, "tail_image": URL}) + "\n", encoding="utf-8")
    with pytest.raises(InvalidInputError, match=r"row 1: google/veo-3\.1-t2v does not take last"):
        read_rows(rows, tmp_path / "out")


def test_the_journal_keeps_each_models_length_and_no_inline_media(
    client: Driver, api: FakeAPI
) -> None:
    """A 3.1 create naming no duration is journaled as 8 s (its API default: polling expects
    it by that); reference images are kept as digests, not their Base64."""
    created = client.create(
        {"model": "google/veo-3.1-reference-to-video", "prompt": "p", "image_urls": [PNG, URL]}
    )
    job = client.journal.get(created.id)
    assert job.video_seconds == 8
    first, second = job.params["image_urls"]
    assert first.startswith("sha256:")
    assert second == URL
