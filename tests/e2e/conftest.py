"""Fixtures for the end-to-end tests: a sandbox per test on a free port, a `veo` runner
pointed at it, and a sample image."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from e2e_support import Veo
from PIL import Image

from aimlapi_veo_sandbox import RunningSandbox, SandboxConfig, run_server

#: Distinctive, so a test notices if any output ever shows it.
SECRET = "sk-e2e-7d1f0c2b9a-never-print-me"


@pytest.fixture
def sample_image(tmp_path: Path) -> Path:
    path = tmp_path / "sample.png"
    image = Image.new("RGB", (320, 180), (20, 90, 160))
    image.paste((240, 200, 40), (120, 60, 200, 120))
    image.save(path)
    return path


@pytest.fixture
def start_sandbox() -> Iterator[Callable[..., RunningSandbox]]:
    """Serves a sandbox with SandboxConfig overrides until the test ends."""
    with ExitStack() as stack:

        def start(**overrides: Any) -> RunningSandbox:
            settings: dict[str, Any] = {"api_key": SECRET, "generation_seconds": 1.0, "seed": 3}
            settings.update(overrides)
            return stack.enter_context(run_server(SandboxConfig(**settings)))

        yield start


@pytest.fixture
def make_veo(tmp_path: Path) -> Iterator[Callable[[RunningSandbox], Veo]]:
    workdir = tmp_path / "work"
    workdir.mkdir()
    made: list[Veo] = []

    def make(sandbox: RunningSandbox) -> Veo:
        made.append(Veo(sandbox.base_url, sandbox.api_key, workdir))
        return made[-1]

    yield make
    for veo in made:
        veo.stop_all()
