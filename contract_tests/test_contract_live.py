"""`make contract-live` itself, pointed at sandboxes on loopback: the acceptance of the harness.

Three sandboxes on free ports, and against each what `make contract-live` runs (pytest on
contract_tests/target with CONTRACT_TARGET=live) in a subprocess, with the README's budget
(CONTRACT_MAX_GENERATIONS=5; 8 with a failing prompt). The three runs overlap (they mostly
wait on polls); each test then reads the output and report of one:

- a server drifting in six ways fails the run, and the report names each drift with the step
  of create -> wait -> download it breaks (or that it breaks none);
- the spec profile passes with an empty report, every phase having made its paid create;
- the live profile passes, and its report holds what that profile imitates and nothing else.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any

import pytest

from aimlapi_veo_sandbox import run_server
from contract_tests.sandboxes import sandbox_config, start_live_suite

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


@dataclass(frozen=True)
class LiveRun:
    returncode: int
    stdout: str
    report: dict[str, Any]
    report_text: str
    api_key: str
    jobs_created: int


#: name -> (sandbox settings, the run's environment beyond base URL and key)
RUNS: dict[str, tuple[dict[str, Any], dict[str, str]]] = {
    "six-way": ({"generation_seconds": 0.5, "deviations": set(SIX_WAY)}, {}),
    "spec": ({"profile": "spec", "generation_seconds": 0.5}, {}),
    # Long enough, polled often enough, to see each of the five live in-progress statuses.
    "live": (
        {"profile": "live", "generation_seconds": 1.5},
        {
            "CONTRACT_MAX_GENERATIONS": "8",
            "CONTRACT_FAILING_PROMPT": "FAIL",
            "CONTRACT_POLL_INTERVAL": "0.1",
        },
    ),
}


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, LiveRun]]:
    """The three `make contract-live` runs, side by side, each against its own sandbox."""
    with ExitStack() as stack:
        started = {}
        for name, (config, env) in RUNS.items():
            sandbox = stack.enter_context(run_server(sandbox_config(seed=1, **config)))
            folder = tmp_path_factory.mktemp(name)
            settings = {
                "AIMLAPI_BASE_URL": sandbox.base_url,
                "AIMLAPI_API_KEY": sandbox.api_key,
                "CONTRACT_MAX_GENERATIONS": "5",
                "CONTRACT_MAX_EXAMPLES": "3",  # the default 10 only takes longer
                **env,
            }
            started[name] = (sandbox, folder, start_live_suite(settings, folder))
            stack.callback(_stop, started[name][2])
        done = {}
        for name, (sandbox, folder, process) in started.items():
            stdout, _ = process.communicate(timeout=600)
            text = (folder / "contract-report.json").read_text(encoding="utf-8")
            done[name] = LiveRun(
                process.returncode,
                stdout,
                json.loads(text),
                text,
                sandbox.api_key,
                sandbox.stats.jobs_created,
            )
        yield done


def _stop(process: subprocess.Popen[str]) -> None:
    """A run that overran its timeout is not left behind."""
    if process.poll() is None:
        process.kill()
        process.wait()


def named(report: dict[str, Any], kind: str, operation: str, text: str) -> list[dict[str, Any]]:
    return [
        d
        for d in report["discrepancies"]
        if d["kind"] == kind
        and d["operation"] == operation
        and text in f"{d['where']} {d['value']}"
    ]


def test_a_server_drifting_six_ways_fails_naming_each_drift_and_the_step_it_breaks(
    runs: dict[str, LiveRun],
) -> None:
    run = runs["six-way"]
    assert run.returncode == 1, run.stdout[-3000:]
    found = {name: named(run.report, *what[:3]) for name, what in SIX_WAY.items()}
    assert all(found.values()), {name: bool(items) for name, items in found.items()}
    for name, (kind, operation, _, step) in SIX_WAY.items():
        for item in found[name]:
            assert item["wrapper"]["step"] == step, (name, item["wrapper"])
            said = f"breaks the wrapper at {step}" if step else "breaks no step"
            assert f"{kind} ({operation} " in run.stdout
            assert said in run.stdout
    # The run failed for what breaks the flow, and said so in the failing tests' messages.
    assert "breaks the wrapper at wait" in run.stdout
    assert "breaks the wrapper at create" in run.stdout


def test_the_spec_profile_passes_with_an_empty_report_and_every_phase_run(
    runs: dict[str, LiveRun],
) -> None:
    run = runs["spec"]
    assert run.returncode == 0, run.stdout[-3000:]
    assert run.report["discrepancies"] == []
    # The README's numbers: every phase gets (and spends) its share of the paid creates.
    for phase in ("probe 2 of 3", "stateless 1 of 1", "stateful 1 of 1"):
        assert phase in run.report["cost"], run.report["cost"]


def test_the_live_profile_passes_reporting_what_it_imitates(runs: dict[str, LiveRun]) -> None:
    run = runs["live"]
    assert run.returncode == 0, run.stdout[-3000:]
    assert {d["kind"] for d in run.report["discrepancies"]} <= LIVE_KINDS
    for status in ("waiting", "active", "processing", "failed"):
        assert named(run.report, "undocumented_status_value", "fetch_generation", status)
    for field in ("content_type", "file_name", "file_size"):
        assert named(run.report, "undocumented_field", "fetch_generation", f"/video/{field}")
    assert named(run.report, "invalid_input_accepted", "create_generation", '"duration": "5"')
    assert not [d for d in run.report["discrepancies"] if d["wrapper"]["breaks"]]
    assert run.jobs_created <= 8, "the paid-request cap held"
    assert run.api_key not in run.report_text
