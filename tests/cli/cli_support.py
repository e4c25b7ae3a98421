"""Running `veo` in-process (typer's CliRunner): what each CLI test module shares."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from aimlapi_veo_cli import app

SECRET = "sk-cli-test-5e9d2a71"
FAST = ("--poll-interval", "0.05")


class Run:
    def __init__(self, *args: str) -> None:
        result = CliRunner().invoke(app, list(args))
        self.code, self.stdout, self.stderr = result.exit_code, result.stdout, result.stderr
        assert SECRET not in self.stdout + self.stderr, "the key was printed"

    @property
    def lines(self) -> list[str]:
        return self.stdout.splitlines()


def generate(image: Path, *extra: str) -> Run:
    return Run("generate", "--image", str(image), "--prompt", "a green field", *FAST, *extra)
