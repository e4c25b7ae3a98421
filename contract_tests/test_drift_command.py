"""`python -m contract_tests.drift` and `make contract-live`, run the way a user runs them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from aimlapi_veo_sandbox import RunningSandbox, run_server
from contract_tests.drift import JSON_NAME, MD_NAME, Report, main
from contract_tests.findings import Discrepancy, make_exchange
from contract_tests.sandboxes import run_live_suite, sandbox_config

FAST = ["--poll-interval", "0.02", "--min-interval", "0"]


def run_against(sandbox: RunningSandbox, folder: Path, *extra: str) -> int:
    """The command, as a user runs it, against `sandbox`, writing its report into `folder`."""
    argv = ["--base-url", sandbox.base_url, "--api-key", sandbox.api_key, *extra, *FAST]
    return main([*argv, "--report-dir", str(folder)])


def report_at(folder: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((folder / JSON_NAME).read_text(encoding="utf-8"))
    return data


def test_the_command_writes_an_empty_report_for_the_spec_profile(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Exit 0, both files written, nothing found, the cost printed."""
    with run_server(sandbox_config(generation_seconds=0.1)) as sandbox:
        status = run_against(sandbox, tmp_path, "--max-generations", "1")
    out = capsys.readouterr().out
    assert status == 0
    assert report_at(tmp_path)["summary"] == {
        "discrepancies": 0,
        "break_generated_client": 0,
        "break_wrapper": 0,
        "kinds": [],
    }
    assert (tmp_path / MD_NAME).is_file()
    assert "1 paid create request(s) (cap CONTRACT_MAX_GENERATIONS=1)" in out


def test_the_command_exits_1_when_a_discrepancy_breaks_a_client(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A missing required field breaks both clients: the command says so and fails."""
    config = sandbox_config(generation_seconds=0.1, deviations={"missing_required_field"})
    with run_server(config) as sandbox:
        status = run_against(sandbox, tmp_path, "--max-generations", "1")
    assert status == 1
    assert "missing_required_field" in report_at(tmp_path)["summary"]["kinds"]
    assert "1 break a client" in capsys.readouterr().out


def test_the_command_without_a_key_says_how_to_run_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Exit 2 and a message naming the variables, no request sent."""
    monkeypatch.delenv("AIMLAPI_API_KEY", raising=False)
    assert main(["--base-url", "http://127.0.0.1:9"]) == 2
    assert "AIMLAPI_API_KEY" in capsys.readouterr().err


def test_free_only_runs_say_what_they_could_not_check(tmp_path: Path) -> None:
    """CONTRACT_MAX_GENERATIONS=0: no paid request, and the report says what went unchecked."""
    with run_server(sandbox_config()) as sandbox:
        status = run_against(sandbox, tmp_path)
        assert sandbox.stats.jobs_created == 0
    assert status == 0
    assert "went unchecked" in " ".join(report_at(tmp_path)["not_covered"])


def test_the_same_discrepancy_seen_twice_is_one_entry_counted_twice() -> None:
    """Deduplicated by kind, operation, where and value; sources are merged."""
    exchange = make_exchange("GET", "https://x.test/v2/video/generations", {}, None, 200, {}, b"{}")
    report = Report("t")
    for source in ("probe", "schemathesis:x"):
        report.add(
            [
                Discrepancy(
                    "undocumented_field", "fetch_generation", "/x", "d", exchange, source=source
                )
            ]
        )
    (only,) = report.discrepancies
    assert only.occurrences == 2
    assert only.to_json()["sources"] == ["probe", "schemathesis:x"]


@pytest.mark.slow
def test_make_contract_live_without_a_key_skips_and_says_how(tmp_path: Path) -> None:
    """No key: every test skips with the how-to, nothing is sent, the run does not fail."""
    result = run_live_suite({"AIMLAPI_BASE_URL": "http://127.0.0.1:9"}, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "skipped" in result.stdout
    assert "no AIMLAPI_API_KEY" in result.stdout
    assert "make contract-live" in result.stdout
