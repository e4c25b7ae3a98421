"""The folders keep their roles: the library and the sandbox know nothing of each other, and
the library knows nothing of its presenter (the CLI)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "wrapper"


def imported_packages(package: str) -> set[str]:
    """Top-level names of every module imported anywhere in `package` (lazy imports too)."""
    names: set[str] = set()
    for path in (SRC / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [
        ("aimlapi_veo", {"aimlapi_veo_sandbox", "aimlapi_veo_cli", "typer", "rich"}),
        ("aimlapi_veo_sandbox", {"aimlapi_veo", "aimlapi_veo_cli", "aimlapi_veo_api"}),
    ],
)
def test_a_package_imports_nothing_of_the_roles_beside_it(
    package: str, forbidden: set[str]
) -> None:
    assert imported_packages(package) & forbidden == set()


def test_the_walk_sees_imports() -> None:
    """The check above can fail: the CLI does import both the library and the sandbox."""
    assert {"aimlapi_veo", "aimlapi_veo_sandbox"} <= imported_packages("aimlapi_veo_cli")
