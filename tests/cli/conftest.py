"""Fixtures of the CLI tests: a sandbox on a loopback port and the environment pointing at it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_support import SECRET
from PIL import Image

from aimlapi_veo_sandbox import RunningSandbox, SandboxConfig, run_server


@pytest.fixture(scope="module")
def sandbox() -> Iterator[RunningSandbox]:
    with run_server(SandboxConfig(api_key=SECRET, generation_seconds=0, seed=5)) as running:
        yield running


@pytest.fixture
def image(tmp_path: Path) -> Path:
    path = tmp_path / "frame.png"
    Image.new("RGB", (64, 36), (10, 120, 60)).save(path)
    return path


@pytest.fixture
def journal(tmp_path: Path) -> Path:
    return tmp_path / "journal.sqlite3"


@pytest.fixture
def env(sandbox: RunningSandbox, journal: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AIMLAPI_API_KEY", SECRET)
    monkeypatch.setenv("AIMLAPI_BASE_URL", sandbox.base_url)
    monkeypatch.setenv("AIMLAPI_VEO_JOURNAL", str(journal))
    monkeypatch.chdir(journal.parent)
