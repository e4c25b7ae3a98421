"""`make contract-live` itself, pointed at sandboxes on loopback: the acceptance of the harness.

Each test serves a sandbox on a free port and runs what `make contract-live` runs (pytest on
contract_tests/target with CONTRACT_TARGET=live) in a subprocess, with the README's budget
(CONTRACT_MAX_GENERATIONS=5; 8 with a failing prompt), then reads the report it wrote:

- a server drifting in six ways fails the run, and the report names each drift with the step
  of create -> wait -> download it breaks (or that it breaks none);
- the spec profile passes with an empty report, every phase having made its paid create;
- the live profile passes, and its report holds what that profile imitates and nothing else.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from aimlapi_veo_sandbox import RunningSandbox, run_server
from contract_tests.sandboxes import run_live_suite, sandbox_config

pytestmark = pytest.mark.slow

#: The six drifts of the acceptance: sandbox deviation -> (kind, operation, text in where/value,
#: the wrapper's step that breaks, or "" when none does).
SIX_WAY: dict[str, tuple[str, str, str, str]] = {
    "suspended_status": ("undocumented_status_value", "fetch_generation", "suspended", ""),
    "missing_video_url": ("missing_required_field", "fetch_generation", "/video/url", "wait"),
    "wrong_field_type": ("wrong_field_type", "create_generation", "/id integer", "create"),
    "negative_seed_error": ("server_error", "create_generation", "500", "create"),
    "auth_ignored": ("auth_not_enforced", "create_generation", "no key", ""),
    "fetch_text_plain": ("wrong_content_type", "fetch_generation", "text/plain", ""),
}
#: What the live profile imitates (API-NOTES): nothing else may be reported against it.
LIVE_KINDS = {"undocumented_status_value", "undocumented_field", "invalid_input_accepted"}


def contract_live(
    sandbox: RunningSandbox, report_dir: Path, **env: str
) -> tuple[subprocess.CompletedProcess[str], dict[str, Any]]:
    """Runs the `make contract-live` suite against `sandbox`; returns it and its JSON report."""
    settings = {
        "AIMLAPI_BASE_URL": sandbox.base_url,
        "AIMLAPI_API_KEY": sandbox.api_key,
        "CONTRACT_MAX_GENERATIONS": "5",
        "CONTRACT_MAX_EXAMPLES": "3",  # the default 10 only takes longer
        **env,
    }
    done = run_live_suite(settings, report_dir)
    report = json.loads((report_dir / "contract-report.json").read_text(encoding="utf-8"))
    return done, report


def named(report: dict[str, Any], kind: str, operation: str, text: str) -> list[dict[str, Any]]:
    return [
        d
        for d in report["discrepancies"]
        if d["kind"] == kind
        and d["operation"] == operation
        and text in f"{d['where']} {d['value']}"
    ]


def test_a_server_drifting_six_ways_fails_naming_each_drift_and_the_step_it_breaks(
    tmp_path: Path,
) -> None:
    config = sandbox_config(generation_seconds=0.5, deviations=set(SIX_WAY), seed=1)
    with run_server(config) as sandbox:
        done, report = contract_live(sandbox, tmp_path)
    assert done.returncode == 1, done.stdout[-3000:]
    found = {name: named(report, *what[:3]) for name, what in SIX_WAY.items()}
    assert sum(bool(items) for items in found.values()) >= 5, found
    for name, (kind, operation, _, step) in SIX_WAY.items():
        for item in found[name]:
            assert item["wrapper"]["step"] == step, (name, item["wrapper"])
            said = f"breaks the wrapper at {step}" if step else "breaks no step"
            assert f"{kind} ({operation} " in done.stdout
            assert said in done.stdout
    # The run failed for what breaks the flow, and said so in the failing tests' messages.
    assert "breaks the wrapper at wait" in done.stdout
    assert "breaks the wrapper at create" in done.stdout


def test_the_spec_profile_passes_with_an_empty_report_and_every_phase_run(
    tmp_path: Path,
) -> None:
    with run_server(sandbox_config(profile="spec", generation_seconds=0.5, seed=1)) as sandbox:
        done, report = contract_live(sandbox, tmp_path)
    assert done.returncode == 0, done.stdout[-3000:]
    assert report["discrepancies"] == []
    # The README's numbers: every phase gets (and spends) its share of the paid creates.
    for phase in ("probe 2 of 3", "stateless 1 of 1", "stateful 1 of 1"):
        assert phase in report["cost"], report["cost"]


def test_the_live_profile_passes_reporting_what_it_imitates(tmp_path: Path) -> None:
    # Long enough, polled often enough, to see each of the five live in-progress statuses.
    config = sandbox_config(profile="live", generation_seconds=1.5, seed=1)
    with run_server(config) as sandbox:
        done, report = contract_live(
            sandbox,
            tmp_path,
            CONTRACT_MAX_GENERATIONS="8",
            CONTRACT_FAILING_PROMPT="FAIL",
            CONTRACT_POLL_INTERVAL="0.1",
        )
        created = sandbox.stats.jobs_created
    assert done.returncode == 0, done.stdout[-3000:]
    assert {d["kind"] for d in report["discrepancies"]} <= LIVE_KINDS
    for status in ("waiting", "active", "processing", "failed"):
        assert named(report, "undocumented_status_value", "fetch_generation", status)
    for field in ("content_type", "file_name", "file_size"):
        assert named(report, "undocumented_field", "fetch_generation", f"/video/{field}")
    assert named(report, "invalid_input_accepted", "create_generation", '"duration": "5"')
    assert not [d for d in report["discrepancies"] if d["wrapper"]["breaks"]]
    assert created <= 8, "the paid-request cap held"
    assert sandbox.api_key not in (tmp_path / "contract-report.json").read_text(encoding="utf-8")
