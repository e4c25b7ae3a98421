"""Generate the low-level client from `spec/openapi.json` with openapi-python-client, then
tidy it with ruff; both at the versions pinned in pyproject.toml, since the bytes depend on them.

`python -m specpipe.generate` rewrites `generated/aimlapi_veo_api/`;
`python -m specpipe.generate --check` regenerates into a temp dir and fails, naming each file,
on any byte of difference.
"""

from __future__ import annotations

import argparse
import filecmp
import shutil
import subprocess
import sys
import tempfile
from importlib.metadata import version
from pathlib import Path

from specpipe.layout import LAYOUT, PACKAGE, REPO_ROOT

GENERATED_DIR = LAYOUT.generated_root
PINNED = {"openapi-python-client": "0.29.1", "ruff": "0.17.6"}
BIN = Path(sys.executable).parent


class GenerateError(Exception):
    """The generator or ruff failed, or is not the pinned version."""


def check_pins() -> None:
    for name, pinned in PINNED.items():
        installed = version(name)
        if installed != pinned:
            raise GenerateError(
                f"{name} {installed} is installed, {pinned} is pinned: run `make install`"
            )


def run(args: list[str], cwd: Path) -> None:
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=False)  # noqa: S603 (our own pinned tools)
    if result.returncode != 0 or "Error(s) encountered" in result.stdout + result.stderr:
        raise GenerateError(f"{Path(args[0]).name} failed:\n{result.stdout}{result.stderr}")


def generate(spec: Path, out_package: Path) -> None:
    """Write the generated package to `out_package` (created; must not exist)."""
    check_pins()
    run(
        [
            str(BIN / "openapi-python-client"),
            "generate",
            "--path",
            str(spec),
            "--meta",
            "none",
            "--output-path",
            str(out_package),
            "--config",
            str(LAYOUT.generator_config),
            "--custom-template-path",
            str(LAYOUT.templates),
        ],
        cwd=out_package.parent,
    )
    ruff_config = str(LAYOUT.ruff_config)
    run(
        [
            str(BIN / "ruff"),
            "check",
            ".",
            "--fix-only",
            "--quiet",
            "--no-cache",
            "--config",
            ruff_config,
        ],
        cwd=out_package,
    )
    run(
        [str(BIN / "ruff"), "format", ".", "--quiet", "--no-cache", "--config", ruff_config],
        cwd=out_package,
    )
    # PEP 561: the package is fully annotated; `--meta none` leaves the marker out.
    (out_package / "py.typed").write_text("", encoding="utf-8")
    # The spec itself, for what the classes cannot say: each model's rules and the API's
    # defaults (aimlapi_veo.models validates before a paid create, `veo models` lists them).
    shutil.copyfile(spec, out_package / "openapi.json")


def differences(expected: Path, actual: Path) -> list[str]:
    """Relative paths that differ between two trees, with how."""
    found = []
    comparison = filecmp.dircmp(expected, actual, ignore=["__pycache__"])
    found += [f"{name}: missing from generated/" for name in comparison.left_only]
    found += [
        f"{name}: in generated/ but not produced by the generator" for name in comparison.right_only
    ]
    for name in comparison.common_files:
        if (expected / name).read_bytes() != (actual / name).read_bytes():
            found.append(f"{name}: content differs")
    for name in comparison.common_dirs:
        found += [f"{name}/{d}" for d in differences(expected / name, actual / name)]
    return sorted(found)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="fail if generated/ is not what the spec makes"
    )
    parser.add_argument("--spec", type=Path, default=LAYOUT.openapi)
    parser.add_argument(
        "--out", type=Path, default=GENERATED_DIR, help="folder to hold the package"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / PACKAGE
        try:
            generate(args.spec, fresh)
        except GenerateError as exc:
            print(f"generate failed: {exc}", file=sys.stderr)
            return 1
        target = args.out / PACKAGE
        if args.check:
            found = differences(fresh, target) if target.is_dir() else [f"{target} does not exist"]
            for line in found:
                print(f"generated/{PACKAGE}/{line}", file=sys.stderr)
            if found:
                print("generated/ is stale or hand-edited: run `make generate`", file=sys.stderr)
                return 1
            print(f"generated/{PACKAGE} matches spec/openapi.json byte for byte")
            return 0
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(fresh, target)
    files = sum(1 for p in target.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    print(f"wrote {target.relative_to(REPO_ROOT)} ({files} files)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
