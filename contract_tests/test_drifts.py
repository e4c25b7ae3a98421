"""The acceptance of the harness and of the wrapper, together: for every drift the sandbox
can make (its `drifts` table, and the six-way list's unlisted status, integer id and 500 on
valid input), the harness fails exactly when the wrapper's own create -> wait -> download
fails, names the step, and reports the drift even when nothing breaks; and the wrapper never
returns without a whole MP4, never loses a paid id, never waits past the job's expected
window plus its margin.

Each drift gets a sandbox of its own on a fake clock: the probe runs against it (free
requests, paid creates, every job followed and replayed), then `generate` (what `veo generate`
presents) against the same sandbox.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aimlapi_veo import GenerationFailedError, VeoClient, VeoError
from aimlapi_veo.download import mp4_problem
from aimlapi_veo.hooks import WaitUpdate
from aimlapi_veo_sandbox import run_server
from aimlapi_veo_sandbox.drifts import DRIFTS
from contract_tests.drift import Report
from contract_tests.guard import UNLIMITED, Guard
from contract_tests.probe import Probe
from contract_tests.sandboxes import sandbox_config
from contract_tests.settings import RunSettings
from contract_tests.test_harness import FakeClock

#: drift -> (the step of create -> wait -> download it breaks, "" for none; words the report
#: must hold about it)
TABLE: dict[str, tuple[str, str]] = {
    "cdn_truncated": ("download", "cut short"),
    "cdn_html": ("download", "not an MP4"),
    "cdn_webm": ("download", "not an MP4"),
    "cdn_gzip": ("", "gzip-encoded"),
    "succeeded_status": ("", "succeeded"),
    "fetch_other_id": ("wait", "about another one"),
    "videos_list": ("download", "videos"),
    "gs_url": ("download", "gs://"),
    "completed_error": ("", "carries an error and no video"),
    "file_size_kib": ("", "not plausible"),
    "retry_after_ms": ("", "Retry-After '3000'"),
    "create_location": ("create", "202"),
    "create_envelope": ("create", "/data"),
    "id_unfetchable_at_first": ("", "created_generation_unavailable"),
    "fetch_429_bare": ("", "Retry-After"),
    "suspended_status": ("", "suspended"),
    "wrong_field_type": ("create", "integer"),
    "server_error": ("create", "500"),
}


STEPS = ["create", "wait", "download"]


def test_the_table_holds_every_drift() -> None:
    assert set(DRIFTS) <= set(TABLE)


def harness(base_url: str, api_key: str, clock: FakeClock) -> Report:
    """What `make contract-live`'s probe finds and judges, on the fake clock."""
    settings = RunSettings(
        base_url=base_url,
        api_key=api_key,
        live=True,
        max_generations=UNLIMITED,
        poll_interval=0.5,
        poll_timeout=120,
        failing_prompt="FAIL",
    )
    guard = Guard(api_key, charges=False, sleep=clock.advance, clock=clock)
    report = Report(base_url, secrets=(api_key,))
    Probe(settings, guard, report.add, sleep=clock.advance, clock=clock).run()
    return report


def generate(base_url: str, api_key: str, clock: FakeClock, folder: Path) -> tuple[str, str]:
    """The wrapper's own run: (the step it failed at or "", what it raised or saved)."""
    reached = {"create"}

    def waited(update: WaitUpdate) -> None:
        if update.generation is not None and update.generation.succeeded:
            reached.add("download")

    with VeoClient(
        api_key,
        base_url=base_url,
        journal=folder / "journal.sqlite3",
        sleep=clock.advance,
        clock=clock,
    ) as client:
        try:
            saved = client.generate(
                "http://127.0.0.1/i.png",
                "a cat",
                folder / "out.mp4",
                on_created=lambda _: reached.add("wait"),
                on_update=waited,
            )
        except GenerationFailedError as exc:
            return "", f"failed: {exc}"
        except VeoError as exc:
            step = next(s for s in ("download", "wait", "create") if s in reached)
            return step, f"{type(exc).__name__}: {exc}"
    problem = mp4_problem(saved)
    return ("download", problem) if problem else ("", f"saved {saved.stat().st_size} bytes")


@pytest.mark.parametrize("drift", sorted(TABLE))
def test_the_harness_fails_exactly_when_the_wrapper_would(drift: str, tmp_path: Path) -> None:
    step, words = TABLE[drift]
    clock = FakeClock()
    config = sandbox_config(clock=clock, generation_seconds=5.0, deviations={drift})
    with run_server(config) as sandbox:
        report = harness(sandbox.base_url, sandbox.api_key, clock)
        made_before, started = sandbox.stats.jobs_created, clock()
        failed_at, said = generate(sandbox.base_url, sandbox.api_key, clock, tmp_path)
        made = sandbox.stats.jobs_created - made_before
    text = json.dumps(report.to_json())
    broken = {d.wrapper.step for d in report.breaking()}
    assert words in text, f"{drift} not named: {[d.key for d in report.discrepancies]}"
    # The first step it breaks is the one named (an integer id breaks the wait too, later).
    first = min(broken, key=STEPS.index) if broken else ""
    assert first == step, [d.wrapper for d in report.breaking()]
    assert failed_at == step, said
    # No paid id lost: each job the sandbox made for generate is in the journal, by its id.
    journal = VeoClient("k", journal=tmp_path / "journal.sqlite3").journal
    assert journal is not None
    assert len([job for job in journal.jobs() if job.id]) >= made
    # No wait past the job's expected window plus its margin (5-s video: 50 s; 2x + 60 s).
    assert clock() - started <= 2 * 50 + 60 + 60, said
