"""The public surface is what others code against; the config refuses nonsense."""

from __future__ import annotations

from pathlib import Path

import pytest

import aimlapi_veo_sandbox as sandbox
from aimlapi_veo_sandbox import DEVIATIONS, SandboxConfig, SandboxStats
from aimlapi_veo_sandbox.cli import main


def test_public_names_are_exactly_these() -> None:
    """Renaming or dropping a public name breaks this test before it breaks a user."""
    assert sorted(sandbox.__all__) == [
        "DEVIATIONS",
        "Profile",
        "RunningSandbox",
        "SandboxConfig",
        "SandboxStats",
        "SimulatedConnectionDropError",
        "create_app",
        "main",
        "run",
        "run_server",
        "serve",
    ]


def test_every_deviation_is_documented_in_the_package_docstring() -> None:
    """The module docstring lists each deviation by name."""
    assert sandbox.__doc__ is not None
    for name in DEVIATIONS:
        assert f"``{name}``" in sandbox.__doc__


def test_default_config_matches_the_brief() -> None:
    """The defaults others rely on."""
    config = SandboxConfig()
    assert config.api_key == "sandbox-key"
    assert config.profile == "spec"
    assert config.generation_seconds == 5.0
    assert config.url_ttl == 600.0
    assert config.fault_rate == 0.0
    assert config.rate_limit_per_second is None
    assert config.error_trigger == "FAIL"
    assert config.deviations == frozenset()


@pytest.mark.parametrize(
    "bad",
    [
        {"profile": "staging"},
        {"fault_rate": 1.5},
        {"generation_seconds": -1},
        {"queued_fraction": 2},
        {"url_ttl": 0},
        {"rate_limit_per_second": 0},
        {"video_width": 641},
        {"api_key": ""},
        {"cdn_rate": 0},  # it would never send a byte
    ],
)
def test_config_refuses_out_of_range_settings(bad: dict[str, object]) -> None:
    """Each bad setting raises ValueError naming the field."""
    with pytest.raises(ValueError, match=next(iter(bad))):
        SandboxConfig(**bad)  # type: ignore[arg-type]


def test_stats_snapshot_is_plain_json() -> None:
    """as_dict() holds only JSON types, requests as a plain dict."""
    stats = SandboxStats()
    stats.requests["GET /x"] += 2
    snapshot = stats.as_dict()
    assert snapshot["requests"] == {"GET /x": 2}
    assert type(snapshot["requests"]) is dict
    assert "_lock" not in snapshot


def test_write_sample_writes_the_repositorys_sample_image(tmp_path: Path) -> None:
    """`veo sandbox --write-sample PATH`: the quickstart's image, from a wheel in any folder;
    the same bytes as demo/sample.png (the copy shipped in the package must not drift)."""
    target = tmp_path / "sample.png"
    assert main(["--write-sample", str(target)]) == 0
    assert target.read_bytes() == (Path(__file__).parents[2] / "demo" / "sample.png").read_bytes()
