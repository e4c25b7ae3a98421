"""Fixtures for the sandbox tests: every app gets a fake clock and is closed afterwards."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from sandbox_support import Harness, MakeSandbox
from support import FakeClock

from aimlapi_veo_sandbox import SandboxConfig, create_app


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def make_sandbox(anyio_backend: str, clock: FakeClock) -> AsyncIterator[MakeSandbox]:
    """Builds in-process sandboxes from SandboxConfig overrides (seeded, fake clock, small video)."""
    made: list[Harness] = []

    def make(**overrides: Any) -> Harness:
        # Tiny frames keep the many renders fast; the video tests ask for the real size.
        defaults = {"clock": clock, "seed": 7, "video_width": 96, "video_height": 54}
        config = SandboxConfig(**{**defaults, **overrides})
        app = create_app(config)
        client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app),
            base_url="http://sandbox.test",
            headers={"Authorization": f"Bearer {config.api_key}"},
        )
        made.append(Harness(app, client, clock))
        return made[-1]

    yield make
    for harness in made:
        await harness.client.aclose()
        harness.state.close()


@pytest.fixture
def sandbox(make_sandbox: MakeSandbox) -> Harness:
    return make_sandbox()
