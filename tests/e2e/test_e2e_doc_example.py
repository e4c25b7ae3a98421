"""The documentation page's own Python example (doc_example.py), pointed at the sandbox."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from e2e_support import Veo

from aimlapi_veo_sandbox import RunningSandbox

pytestmark = pytest.mark.slow
EXAMPLE = Path(__file__).with_name("doc_example.py")


def test_the_documented_python_example_runs_to_completed(
    start_sandbox: Callable[..., RunningSandbox], make_veo: Callable[[RunningSandbox], Veo]
) -> None:
    """The page's example, as published, creates a job and reads it back as completed.

    The live profile, because the example sends duration "5" as a string (the spec's integer
    would refuse it) and polls the Google path; the job is done at once, because the example
    sleeps 10 s between polls and reads the live `processing` status as finished.
    """
    sandbox = start_sandbox(profile="live", generation_seconds=0)
    veo = make_veo(sandbox)
    done = subprocess.run(  # noqa: PLW1510
        [sys.executable, str(EXAMPLE)],
        env=veo.env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "Generation ID:   " in done.stdout
    assert "Status: completed" in done.stdout
    assert "'status': 'completed'" in done.stdout
    assert sandbox.stats.jobs_created == 1
    assert sandbox.stats.requests["POST /v2/generate/video/google/generation"] == 1
