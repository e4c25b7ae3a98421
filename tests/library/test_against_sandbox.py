"""The wrapper against the real sandbox over loopback: the whole flow, with real time."""

from __future__ import annotations

import io
from pathlib import Path

import av
import pytest
from PIL import Image

from aimlapi_veo import Journal, VeoClient
from aimlapi_veo_sandbox import SandboxConfig, run_server


def real_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (320, 180), (200, 120, 40)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("duration", "aspect_ratio", "size"), [(5, "16:9", (640, 360)), (6, "9:16", (360, 640))]
)
def test_generate_makes_a_real_video_noticed_soon_after_completion(
    tmp_path: Path, duration: int, aspect_ratio: str, size: tuple[int, int]
) -> None:
    """The sandbox's poll hint lets the default schedule notice completion in two fetches (no
    wall-clock assertion: timing belongs to `make bench`), and the file is an MP4 of the asked
    length and shape."""
    with run_server(SandboxConfig(generation_seconds=1.5)) as sandbox:
        client = VeoClient(
            sandbox.api_key, base_url=sandbox.base_url, journal=Journal(tmp_path / "j.sqlite3")
        )
        with client:
            saved = client.generate(
                real_png(),
                "a slow zoom",
                tmp_path / "out.mp4",
                duration=duration,
                aspect_ratio=aspect_ratio,
            )
        stats = sandbox.stats
    assert stats.jobs_created == 1
    assert stats.fetches <= 2
    assert stats.cdn_requests_with_authorization == 0
    with av.open(str(saved)) as container:
        stream = container.streams.video[0]
        assert (stream.codec_context.width, stream.codec_context.height) == size
        assert container.duration is not None
        assert container.duration / av.time_base == pytest.approx(duration, abs=0.2)
