"""Where every file the spec tooling reads or writes lives: one object, so that the tools run
from the repository root (or anywhere) and a test can point them at a copy of the repository."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "aimlapi_veo_api"


@dataclass(frozen=True)
class Layout:
    """The spec data below one repository root (a temp copy in tests)."""

    root: Path

    @property
    def spec(self) -> Path:
        return self.root / "spec"

    @property
    def lock(self) -> Path:
        return self.spec / "spec.lock.json"

    @property
    def upstream(self) -> Path:
        return self.spec / "upstream"

    @property
    def openapi(self) -> Path:
        return self.spec / "openapi.json"

    @property
    def overlay(self) -> Path:
        return self.spec / "corrections.overlay.yaml"

    @property
    def drift(self) -> Path:
        return self.spec / "DRIFT.md"

    @property
    def history(self) -> Path:
        return self.spec / "HISTORY.md"

    @property
    def generator_config(self) -> Path:
        return self.spec / "generator-config.yaml"

    @property
    def templates(self) -> Path:
        return self.spec / "templates"

    @property
    def ruff_config(self) -> Path:
        return self.spec / "ruff-generated.toml"

    @property
    def generated_root(self) -> Path:
        return self.root / "generated"

    @property
    def generated(self) -> Path:
        return self.generated_root / PACKAGE

    @property
    def default_mirror(self) -> Path:
        """The offline copy of upstream beside the checkout (../shared/upstream/...)."""
        return self.root.parent / "shared" / "upstream" / "aimlapi" / "api-docs"


LAYOUT = Layout(REPO_ROOT)
