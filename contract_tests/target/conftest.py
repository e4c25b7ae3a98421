"""The target of the contract suite, the run that collects its findings, and the report.

One `ContractRun` per session: every test sends through its guard (paid-request cap split in
shares per phase, pacing) and records into its report, which is written when the session ends
and summarized at the bottom of pytest's output. Tests marked `follow_up` run last: they
follow every job the earlier tests paid for.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from aimlapi_veo_sandbox import run_server
from contract_tests.drift import Report, describe
from contract_tests.fuzz import ContractRun
from contract_tests.guard import UNLIMITED, Guard, budget_shares
from contract_tests.sandboxes import sandbox_config
from contract_tests.settings import (
    MissingKeyError,
    RunSettings,
    live_settings,
    report_dir,
    wants_live,
)

RUN = pytest.StashKey[ContractRun]()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "follow_up: runs after every other contract test")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=lambda item: item.get_closest_marker("follow_up") is not None)


@pytest.fixture(scope="session")
def contract_settings() -> Iterator[RunSettings]:
    if wants_live():
        try:
            yield live_settings()
        except MissingKeyError as exc:
            pytest.skip(str(exc))
        return
    with run_server(sandbox_config(profile="spec")) as sandbox:
        yield RunSettings(
            base_url=sandbox.base_url,
            api_key=sandbox.api_key,
            live=False,
            max_generations=UNLIMITED,
            poll_interval=0.05,
            poll_timeout=30,
            report_dir=report_dir(),
        )


@pytest.fixture(scope="session")
def contract_run(
    contract_settings: RunSettings, pytestconfig: pytest.Config
) -> Iterator[ContractRun]:
    settings = contract_settings
    guard = Guard(
        settings.api_key,
        cap=settings.max_generations,
        min_interval=settings.min_interval,
        shares=budget_shares(settings.max_generations) if settings.live else None,
    )
    target = settings.base_url if settings.live else f"sandbox, spec profile ({settings.base_url})"
    run = ContractRun(settings, guard, Report(target, secrets=(settings.api_key,)))
    pytestconfig.stash[RUN] = run
    yield run
    if run.not_sent:
        run.report.notes.append(
            f"{run.not_sent} schemathesis case(s) were not sent: paid creates past "
            f"CONTRACT_MAX_GENERATIONS={settings.max_generations}"
        )
    run.report.cost = (
        guard.summary()
        if settings.live
        else f"{guard.requests_sent} request(s), nothing paid (sandbox)"
    )
    run.report.write(settings.report_dir)


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, config: pytest.Config
) -> None:
    run = config.stash.get(RUN, None)
    if run is None:
        return
    report = run.report
    write = terminalreporter.write_line
    terminalreporter.section("contract drift report")
    write(f"target: {report.target}")
    write(f"{len(report.discrepancies)} discrepancies, {len(report.breaking())} break a client")
    for item in report.discrepancies:
        write(f"  - {describe(item)}"[:400])
    write(report.cost)
    write(f"report: {run.settings.report_dir / 'contract-report.md'} (and .json)")
