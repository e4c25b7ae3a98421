"""Helpers for the sandbox tests: test images, and an in-process client on a fake clock."""

from __future__ import annotations

import base64
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import av
import httpx
from PIL import Image
from starlette.applications import Starlette
from support import FakeClock

from aimlapi_veo_sandbox.state import SandboxState
from aimlapi_veo_sandbox.stats import SandboxStats

CREATE = FETCH = "/v2/video/generations"  # the spec's create (POST) and fetch (GET)
LEGACY = "/v2/generate/video/google/generation"  # served by the live profile only
PATHS = (CREATE, LEGACY)
MODEL = "veo2/image-to-video"
#: Marks a field to leave out of a request body.
OMIT: Any = object()


def image_uri(color: tuple[int, int, int] = (200, 30, 30), size: tuple[int, int] = (64, 48)) -> str:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def body(**fields: Any) -> dict[str, Any]:
    """A valid create body with `fields` changed; OMIT removes one."""
    base: dict[str, Any] = {
        "model": MODEL,
        "prompt": "a red square drifts",
        "image_url": image_uri(),
    }
    base.update(fields)
    return {name: value for name, value in base.items() if value is not OMIT}


@dataclass
class Harness:
    app: Starlette
    client: httpx.AsyncClient
    clock: FakeClock

    @property
    def state(self) -> SandboxState:
        state: SandboxState = self.app.state.sandbox
        return state

    @property
    def stats(self) -> SandboxStats:
        return self.state.stats

    async def create(self, path: str = CREATE, **fields: Any) -> httpx.Response:
        return await self.client.post(path, json=body(**fields))

    async def fetch(self, generation_id: object, path: str = FETCH) -> httpx.Response:
        return await self.client.get(path, params={"generation_id": str(generation_id)})

    async def finish(self, **fields: Any) -> dict[str, Any]:
        """Creates a job, lets its generation time pass, returns the terminal fetch answer."""
        created = await self.create(**fields)
        assert created.status_code == 200, created.text
        self.clock.advance(self.state.config.generation_seconds + 0.01)
        answer = await self.fetch(created.json()["id"])
        assert answer.status_code == 200, answer.text
        result: dict[str, Any] = answer.json()
        return result


#: The `make_sandbox` fixture: SandboxConfig overrides in, a ready Harness out.
MakeSandbox = Callable[..., Harness]


def video_facts(data: bytes) -> tuple[int, int, int, float]:
    """(width, height, frames, seconds) of an MP4, read by actually decoding it."""
    with av.open(io.BytesIO(data), "r") as container:
        stream = container.streams.video[0]
        frames = len(list(container.decode(stream)))
        seconds = (container.duration or 0) / 1_000_000
        return stream.width, stream.height, frames, seconds


def frame_colors(data: bytes) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Mean RGB of the first and the last frame."""
    with av.open(io.BytesIO(data), "r") as container:
        # PyAV's stub leaves to_image unannotated; it returns a PIL image.
        images = [frame.to_image() for frame in container.decode(video=0)]  # type: ignore[no-untyped-call]
    first, last = images[0], images[-1]
    return _mean(first), _mean(last)


def _mean(image: Image.Image) -> tuple[int, ...]:
    small = image.convert("RGB").resize((1, 1), Image.Resampling.BOX)
    pixel = small.getpixel((0, 0))
    assert isinstance(pixel, tuple)
    return tuple(int(channel) for channel in pixel)
