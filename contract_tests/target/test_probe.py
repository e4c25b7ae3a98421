"""The drift probe against the target: free requests, then paid ones within the cap."""

from __future__ import annotations

from contract_tests.findings import Discrepancy
from contract_tests.fuzz import ContractRun
from contract_tests.probe import Probe


def test_the_probe_finds_no_drift_that_matters(contract_run: ContractRun) -> None:
    """Sandbox: no discrepancy at all. Live: none that breaks the generated client or the wrapper.
    The probe's paid jobs (an invalid create the API accepted too) are followed to their end."""
    found: list[Discrepancy] = []

    def record(items: list[Discrepancy]) -> None:
        found.extend(items)
        contract_run.report.add(items)

    with contract_run.guard.phase("probe"):
        summary = Probe(contract_run.settings, contract_run.guard, record).run()
    contract_run.report.notes.extend(summary.skipped)
    assert summary.steps, "the probe sent nothing"
    problems = contract_run.verdict(found)
    assert not problems, "\n".join(problems)
