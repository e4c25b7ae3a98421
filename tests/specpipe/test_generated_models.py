"""The generated models: open response enums and round trips."""

from __future__ import annotations

from typing import Any

import pytest
from aimlapi_veo_api.models import Generation, GenerationStatus, Veo2ImageToVideo, Veo31T2V


def test_unknown_status_parses_and_keeps_its_value() -> None:
    """The live service sends `waiting`, which the spec does not list: it must not raise."""
    generation = Generation.from_dict({"id": "x", "status": "waiting"})
    assert generation.status.value == "waiting"
    assert str(generation.status) == "waiting"
    assert not generation.status.is_known
    assert generation.to_dict() == {"id": "x", "status": "waiting"}


def test_known_status_stays_a_typed_member() -> None:
    """Listed values parse to the enum members themselves."""
    generation = Generation.from_dict({"id": "x", "status": "completed"})
    assert generation.status is GenerationStatus.COMPLETED
    assert generation.status.is_known


def test_unknown_values_are_not_added_to_the_listed_members() -> None:
    """Tolerating one value does not widen the enum that validation reads."""
    GenerationStatus("processing")
    assert [m.value for m in GenerationStatus] == ["completed", "error", "generating", "queued"]


@pytest.mark.parametrize(
    "payload",
    [
        {"id": "a:veo2/image-to-video", "status": "queued"},
        {
            "id": "b",
            "status": "completed",
            "video": {"url": "https://cdn.example/o.mp4", "duration": 5, "file_size": 10},
            "duration": 5.0,
            "meta": {"usage": {"tokens_used": 120000}},
        },
        {
            "id": "c",
            "status": "error",
            "error": {"name": "E", "message": "m"},
            "video": None,
            "meta": None,
        },
        {"id": "d", "status": "completed", "meta": {"usage": {"credits_used": 1.5}}, "extra": [1]},
    ],
)
def test_generation_round_trips(payload: dict[str, Any]) -> None:
    """to_dict(from_dict(x)) == x, extra fields included."""
    assert Generation.from_dict(payload).to_dict() == payload


def test_request_serializes_the_spec_field_names() -> None:
    """The request model writes the JSON the spec describes, Literal values as they are."""
    request = Veo2ImageToVideo(prompt="p", image_url="https://x/i.png", duration=8)
    assert request.to_dict() == {
        "model": "veo2/image-to-video",
        "prompt": "p",
        "image_url": "https://x/i.png",
        "duration": 8,
    }


def test_a_minimal_request_sends_no_default() -> None:
    """The spec's defaults (duration 8, resolution 1080p, audio on, ...) are the API's to
    apply: the generated class sends only what was set, plus the model."""
    assert Veo31T2V(prompt="p").to_dict() == {"model": "google/veo-3.1-t2v", "prompt": "p"}
