"""The CLI with the newest typer, click and rich a user's `pip install` would pick today, not
only with the versions constraints.txt pins (typer 0.29 changed how --help renders flags).
Installs them from PyPI into a throwaway folder placed ahead of the pinned ones: `make
check-newest` runs it, `make test` does not (it would reach the package index)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.index  # not slow: `pytest -m slow` must not reach the index either
NEWEST = ("typer", "click", "rich")


@pytest.fixture(scope="module")
def newest(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("newest")
    subprocess.run(
        [
            sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
            "--upgrade", "--target", str(folder), *NEWEST,
        ],
        check=True,
        timeout=50,
    )  # fmt: skip
    return {**os.environ, "PYTHONPATH": str(folder), "NO_COLOR": "1", "COLUMNS": "100"}


def veo(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "aimlapi_veo_cli", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=30,
    )


def test_the_newest_releases_are_the_ones_used(newest: dict[str, str]) -> None:
    code = "import typer, click, rich; print(typer.__file__, click.__file__, rich.__file__)"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=newest, check=True
    )
    assert all(path.startswith(newest["PYTHONPATH"]) for path in done.stdout.split())


@pytest.mark.parametrize("command", [[], ["generate"], ["jobs"], ["batch"]])
def test_help_renders_flags_as_flags(newest: dict[str, str], command: list[str]) -> None:
    """`--debug`, `--help` and the other flags take no value: no `<bool>` after them."""
    done = veo(newest, *command, "--help")
    assert done.returncode == 0, done.stderr
    assert "<bool>" not in done.stdout
    assert "--debug " in done.stdout
    assert "--help " in done.stdout


def test_a_command_runs(newest: dict[str, str], tmp_path: Path) -> None:
    done = veo(newest, "jobs", "--json", "--journal", str(tmp_path / "none.sqlite3"))
    assert (done.returncode, done.stdout.strip()) == (0, "[]"), done.stderr


def test_veo_sandbox_still_hands_everything_to_the_sandbox(newest: dict[str, str]) -> None:
    done = veo(newest, "sandbox", "--help")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage: veo sandbox")
    assert "--deviation" in done.stdout
