"""The harness is tested: against a sandbox told to misbehave, it must report each misbehaviour,
by name, with the right verdict for the generated client and the wrapper; against the sandbox's
spec profile it must report nothing. A harness that cannot fail is worth nothing.

Each deviation is run twice, through the probe and through schemathesis (stateless cases, then
the create -> fetch state machine), so that either half going blind fails a test here.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from aimlapi_veo_sandbox import run_server
from contract_tests.drift import JSON_NAME, MD_NAME, Report
from contract_tests.fuzz import ContractRun, create_then_fetch_machine, fuzz_operations
from contract_tests.guard import UNLIMITED, Guard
from contract_tests.probe import Probe
from contract_tests.sandboxes import sandbox_config
from contract_tests.settings import RunSettings
from contract_tests.spec import SPEC_PATH

SCHEMA = schemathesis.openapi.from_path(SPEC_PATH).exclude(operation_id="list_logs")  # see target
POLL = 0.5  # with 5 s jobs on the fake clock: ten polls, two per live in-progress status


class FakeClock:
    """The sandbox's time; the probe's sleep advances it, so polling takes no real time."""

    def __init__(self) -> None:
        self.now = 1000.0
        self._lock = threading.Lock()

    def __call__(self) -> float:
        with self._lock:
            return self.now

    def advance(self, seconds: float) -> None:
        with self._lock:
            self.now += seconds


@dataclass(frozen=True)
class Expected:
    """A discrepancy the report must hold: kind, operation, text its where/value contain, and
    whether it breaks the generated client and the wrapper (and at which step of the flow)."""

    kind: str
    operation: str
    named: str
    breaks_generated_client: bool
    breaks_wrapper: bool
    step: str = ""  # the wrapper's step that breaks: "create", "wait" or "download"


DEVIATIONS: dict[str, list[Expected]] = {
    "unknown_status": [
        Expected("undocumented_status_value", "create_generation", "processing", False, False),
        Expected("undocumented_status_value", "fetch_generation", "processing", False, False),
    ],
    "missing_required_field": [
        Expected("missing_required_field", "fetch_generation", "/status", True, True, "wait"),
    ],
    "wrong_field_type": [
        Expected("wrong_field_type", "create_generation", "/id integer", True, True, "create"),
        Expected("wrong_field_type", "fetch_generation", "/id integer", True, True, "wait"),
    ],
    "server_error": [Expected("server_error", "create_generation", "500", False, True, "create")],
    "auth_ignored": [
        Expected("auth_not_enforced", "create_generation", "no key", False, False),
        Expected("auth_not_enforced", "fetch_generation", "no key", False, False),
    ],
    "undocumented_status_code": [
        Expected("undocumented_status_code", "create_generation", "201", True, True, "create"),
    ],
    # Seen only by following the jobs to their end (and downloading the video).
    "suspended_status": [
        Expected("undocumented_status_value", "fetch_generation", "suspended", False, False),
    ],
    "missing_video_url": [
        Expected("missing_required_field", "fetch_generation", "/video/url", True, True, "wait"),
    ],
    "negative_seed_error": [
        Expected("server_error", "create_generation", "500", False, True, "create"),
    ],
    "fetch_text_plain": [
        Expected("wrong_content_type", "fetch_generation", "text/plain", False, False),
    ],
    "image_url_unchecked": [
        Expected("invalid_input_accepted", "create_generation", "", False, False),
    ],
}
LIVE_PROFILE = [
    *(
        Expected("undocumented_status_value", "fetch_generation", status, False, False)
        for status in ("waiting", "active", "processing", "failed")
    ),
    Expected("undocumented_status_value", "create_generation", "waiting", False, False),
    *(
        Expected("undocumented_field", "fetch_generation", f"/video/{name}", False, False)
        for name in ("content_type", "file_name", "file_size")
    ),
    Expected("invalid_input_accepted", "create_generation", '"duration": "5"', False, False),
]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


MakeRun = Callable[..., ContractRun]


@pytest.fixture
def make_run(clock: FakeClock) -> Iterator[MakeRun]:
    """Builds ContractRuns against fresh sandboxes (SandboxConfig overrides), stops them after."""
    with ExitStack() as stack:

        def make(**overrides: Any) -> ContractRun:
            config = sandbox_config(clock=clock, generation_seconds=5.0, **overrides)
            sandbox = stack.enter_context(run_server(config))
            run_settings = RunSettings(
                base_url=sandbox.base_url,
                api_key=sandbox.api_key,
                live=False,
                max_generations=UNLIMITED,
                poll_interval=POLL,
                poll_timeout=60,
                failing_prompt="FAIL",
            )
            guard = Guard(sandbox.api_key, charges=False, sleep=clock.advance, clock=clock)
            report = Report(sandbox.base_url, secrets=(sandbox.api_key,))
            return ContractRun(run_settings, guard, report)

        yield make


def probe(run: ContractRun, clock: FakeClock) -> Report:
    Probe(run.settings, run.guard, run.report.add, sleep=clock.advance, clock=clock).run()
    return run.report


def fuzz(run: ContractRun, clock: FakeClock) -> Report:
    # Derandomized: the sandbox is seeded and its clock fake, so every run sends the same cases
    # and a deviation is found every time or never (and then this test says so).
    fuzz_operations(SCHEMA, run, max_examples=15, derandomize=True)
    machine = create_then_fetch_machine(SCHEMA, run, fail=False)
    quick = settings(
        max_examples=5, stateful_step_count=3, deadline=None, database=None, derandomize=True
    )
    machine.run(settings=settings(quick, suppress_health_check=list(HealthCheck)))
    run.follow(sleep=clock.advance, clock=clock)  # every job the cases made, to its end
    return run.report


def assert_reported(report: Report, expected: list[Expected], tmp_path: Path) -> None:
    """Each expected discrepancy is in the report, named, with its verdicts, in both files."""
    json_path, md_path = report.write(tmp_path)
    written = json.loads(json_path.read_text(encoding="utf-8"))["discrepancies"]
    markdown = md_path.read_text(encoding="utf-8")
    for item in expected:
        matches = [
            d
            for d in written
            if d["kind"] == item.kind
            and d["operation"] == item.operation
            and item.named in f"{d['where']} {d['value']}"
        ]
        assert matches, (
            f"{item} not reported; got {[(d['kind'], d['operation'], d['where'], d['value']) for d in written]}"
        )
        found = matches[0]
        assert found["generated_client"]["breaks"] is item.breaks_generated_client, found[
            "generated_client"
        ]
        assert found["wrapper"]["breaks"] is item.breaks_wrapper, found["wrapper"]
        assert found["wrapper"]["step"] == item.step, found["wrapper"]
        assert item.kind in markdown
        if item.step:
            assert f"breaks {item.step}" in markdown


@pytest.mark.parametrize("deviation", sorted(DEVIATIONS))
def test_the_probe_names_each_injected_deviation(
    deviation: str, clock: FakeClock, tmp_path: Path, make_run: MakeRun
) -> None:
    """One deviation switched on in the sandbox: the probe's report names it, with verdicts."""
    run = make_run(deviations={deviation})
    assert_reported(probe(run, clock), DEVIATIONS[deviation], tmp_path)


#: Deviations schemathesis's cases do not reliably provoke: its negative image_url values are
#: mostly empty or not strings, which even the lenient sandbox refuses; the probe's 'not a url'
#: finds it every time.
PROBE_ONLY = {"image_url_unchecked"}


@pytest.mark.parametrize("deviation", sorted(set(DEVIATIONS) - PROBE_ONLY))
def test_schemathesis_names_each_injected_deviation(
    deviation: str, clock: FakeClock, tmp_path: Path, make_run: MakeRun
) -> None:
    """The same, through schemathesis alone (cases, built-in checks, the state machine, and
    the follow-up of every job the cases made)."""
    run = make_run(deviations={deviation})
    report = fuzz(run, clock)
    assert_reported(report, DEVIATIONS[deviation], tmp_path)
    assert any(
        source.startswith(("schemathesis", "follow"))
        for d in report.discrepancies
        for source in (d.source, *d.sources)
    )
    assert not any(d.source == "probe" for d in report.discrepancies)


def test_the_probe_names_every_known_live_deviation(
    clock: FakeClock, tmp_path: Path, make_run: MakeRun
) -> None:
    """Against the live profile (what API-NOTES says the service does), every known deviation."""
    run = make_run(profile="live", seed=1)
    report = probe(run, clock)
    assert_reported(report, LIVE_PROFILE, tmp_path)
    assert not report.breaking(), "the live service's known drift breaks neither client"


def test_the_spec_profile_gives_an_empty_report(
    clock: FakeClock, tmp_path: Path, make_run: MakeRun
) -> None:
    """Against the spec profile both halves find nothing, and the report says so."""
    run = make_run()
    probe(run, clock)
    report = fuzz(run, clock)
    json_path, md_path = report.write(tmp_path)
    assert report.discrepancies == []
    assert json.loads(json_path.read_text(encoding="utf-8"))["summary"]["discrepancies"] == 0
    assert "No discrepancy" in md_path.read_text(encoding="utf-8")
    assert {p.name for p in tmp_path.iterdir()} == {JSON_NAME, MD_NAME}


def test_the_report_never_holds_the_key(
    clock: FakeClock, tmp_path: Path, make_run: MakeRun
) -> None:
    """Requests are recorded with the key redacted, in both files."""
    run = make_run(deviations={"auth_ignored"}, api_key="sk-secret-4242")
    json_path, md_path = probe(run, clock).write(tmp_path)
    for path in (json_path, md_path):
        text = path.read_text(encoding="utf-8")
        assert "sk-secret-4242" not in text
        assert "Bearer <redacted>" in text


def test_an_accepted_invalid_create_stops_creates_not_following(
    clock: FakeClock, tmp_path: Path
) -> None:
    """The probe's `image_url: 'not a url'` is accepted (and would be charged): no create is
    sent after it, but its job is followed to the end, so fetch-side drift is still named."""
    deviations = {"image_url_unchecked", "suspended_status", "missing_video_url"}
    config = sandbox_config(clock=clock, generation_seconds=5.0, deviations=deviations)
    with run_server(config) as sandbox:
        run_settings = RunSettings(
            base_url=sandbox.base_url,
            api_key=sandbox.api_key,
            live=True,
            max_generations=5,
            poll_interval=POLL,
            poll_timeout=60,
        )
        guard = Guard(sandbox.api_key, cap=5, sleep=clock.advance, clock=clock)
        report = Report(sandbox.base_url)
        summary = Probe(run_settings, guard, report.add, sleep=clock.advance, clock=clock).run()
        assert sandbox.stats.jobs_created == 1
    assert guard.unplanned == 1
    assert any("a valid create: not sent" in note for note in summary.skipped)
    assert summary.statuses_seen == ["queued", "suspended", "completed"]
    assert_reported(
        report,
        [
            Expected("invalid_input_accepted", "create_generation", "not a url", False, False),
            *DEVIATIONS["suspended_status"],
            *DEVIATIONS["missing_video_url"],
        ],
        tmp_path,
    )


def test_every_model_gets_a_free_probe_the_spec_refuses_only_for_its_duration() -> None:
    """One create per Veo model that no model can be charged for: each is valid for its model
    but for the duration, so a service that accepts it shows that model's validation."""
    from aimlapi_veo.models import models  # noqa: PLC0415 (the library's model table)
    from contract_tests.probe import model_probes  # noqa: PLC0415
    from contract_tests.spec import operation, validation_errors  # noqa: PLC0415

    settings = RunSettings("http://127.0.0.1:1", "k", live=False)
    probes = model_probes(settings)
    assert {body["model"] for _, body in probes} == set(models())
    schema = operation("create_generation").request_schema
    assert schema is not None
    for _, body in probes:
        assert [list(e.path) for e in validation_errors(schema, body)] == [["duration"]]
