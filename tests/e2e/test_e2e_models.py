"""Every Veo model through the real `veo` command against a sandbox: a real MP4 each time."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from e2e_support import FAST, Veo, probe

from aimlapi_veo.models import Model, models
from aimlapi_veo_sandbox import RunningSandbox

pytestmark = pytest.mark.slow
SIZE = (64, 36)  # the sandbox's 720p stand-in; 1080p is 1.5 times as large


def inputs(model: Model, image: Path) -> list[str]:
    """The options for what the model requires: local images, a video URL (never fetched)."""
    options = {
        "image_url": ["--image", str(image)],
        "last_image_url": ["--last-image", str(image)],
        "image_urls": ["--reference-image", str(image), "--reference-image", str(image)],
        "video_url": ["--video", "https://example.com/clip.mp4"],
    }
    return [arg for name in model.required for arg in options.get(name, [])]


@pytest.mark.parametrize("model", models().values(), ids=lambda m: m.id)
def test_veo_generate_with_each_model_saves_an_mp4_of_the_requested_shape(
    start_sandbox: Callable[..., RunningSandbox],
    make_veo: Callable[[RunningSandbox], Veo],
    sample_image: Path,
    model: Model,
) -> None:
    """The shortest duration the model takes, portrait where it can be, 1080p where it has
    it: the saved file is an MP4 of that length, aspect and (scaled-down) resolution."""
    veo = make_veo(start_sandbox(video_width=SIZE[0], video_height=SIZE[1]))
    duration = min(model.fields["duration"]["enum"])
    args = ["generate", "--model", model.id, "--prompt", "a yellow box drifts"]
    args += ["--duration", str(duration), "--output", "v.mp4", *FAST, *inputs(model, sample_image)]
    portrait = "9:16" in model.fields.get("aspect_ratio", {}).get("enum", [])
    args += ["--aspect-ratio", "9:16"] if portrait else []
    high = [v for v in model.fields.get("resolution", {}).get("enum", []) if v.lower() == "1080p"]
    args += ["--resolution", high[0]] if high else []
    result = veo.run(*args, timeout=60)
    assert result.code == 0, result.stderr
    facts = probe(veo.workdir / "v.mp4")
    assert facts.seconds == pytest.approx(duration, abs=0.05)
    width, height = (96, 54) if high else SIZE
    assert (facts.width, facts.height) == ((height, width) if portrait else (width, height))
