from __future__ import annotations

import signal
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from support import Driver, FakeAPI

# Started in the background by a shell without job control, pytest inherits SIGINT ignored, and
# so would every `veo` it starts: the Ctrl-C tests would then wait for a process that ignores
# them. The processes the tests start get the default back.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)


@pytest.fixture(params=["sync", "async"])
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def api() -> FakeAPI:
    return FakeAPI()


@pytest.fixture
def make_driver(kind: str, api: FakeAPI, tmp_path: Path) -> Iterator[Callable[..., Driver]]:
    """Build the client under test (sync or async) against `api`; closed afterwards."""
    made: list[Driver] = []

    def make(**options: Any) -> Driver:
        made.append(Driver(kind, api, tmp_path, **options))
        return made[-1]

    yield make
    for driver in made:
        driver.close()


@pytest.fixture
def client(make_driver: Callable[..., Driver]) -> Driver:
    return make_driver()


@pytest.fixture(autouse=True)
def _no_env_config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Tests never read the developer's key or journal."""
    for name in ("AIMLAPI_API_KEY", "AIMLAPI_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AIMLAPI_VEO_JOURNAL", str(tmp_path / "env-journal.sqlite3"))
