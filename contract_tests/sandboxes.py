"""Sandboxes for the contract tests: fast, seeded, tiny frames (the "sandbox" extra)."""

from __future__ import annotations

from typing import Any

from aimlapi_veo_sandbox import SandboxConfig


def sandbox_config(**overrides: Any) -> SandboxConfig:
    """Short jobs, tiny frames (a render takes milliseconds), seeded ids and failures."""
    defaults: dict[str, Any] = {
        "generation_seconds": 1.0,
        "video_width": 32,
        "video_height": 18,
        "seed": 7,
    }
    return SandboxConfig(**{**defaults, **overrides})
