"""Sandboxes for the contract tests: fast, seeded, tiny frames (the "sandbox" extra); and the
command line `make contract-live` runs, to point at one."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from aimlapi_veo_sandbox import SandboxConfig

from .spec import REPO_ROOT


def sandbox_config(**overrides: Any) -> SandboxConfig:
    """Short jobs, tiny frames (a render takes milliseconds), seeded ids and failures."""
    defaults: dict[str, Any] = {
        "generation_seconds": 1.0,
        "video_width": 32,
        "video_height": 18,
        "seed": 7,
    }
    return SandboxConfig(**{**defaults, **overrides})


def run_live_suite(env: dict[str, str], report_dir: Path) -> subprocess.CompletedProcess[str]:
    """What `make contract-live` runs (pytest on contract_tests/target, CONTRACT_TARGET=live),
    in a subprocess with only `env` for AIMLAPI_*/CONTRACT_* settings, reporting to report_dir."""
    process = start_live_suite(env, report_dir)
    stdout, stderr = process.communicate(timeout=600)
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def start_live_suite(env: dict[str, str], report_dir: Path) -> subprocess.Popen[str]:
    """`run_live_suite`, started and not waited for (several runs can then overlap)."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("AIMLAPI_", "CONTRACT_", "PYTEST_"))
    }
    return subprocess.Popen(
        [sys.executable, "-m", "pytest", "contract_tests/target", "-p", "no:cacheprovider", "-rs"],
        cwd=REPO_ROOT,
        env={**clean, "CONTRACT_TARGET": "live", "CONTRACT_REPORT_DIR": str(report_dir), **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
