"""Request tracing on the target, for free: a refused create's X-Client-Request-Id is echoed
and listed in GET /v2/logs; how long the listing took is reported (contract_tests/tracing.py)."""

from __future__ import annotations

import os

import pytest

from contract_tests.fuzz import ContractRun
from contract_tests.tracing import check_tracing

#: How long to wait for the usage log to list the refused create (CONTRACT_LOGS_TIMEOUT).
LOGS_TIMEOUT = float(os.environ.get("CONTRACT_LOGS_TIMEOUT", "900"))


def test_a_refused_create_is_echoed_and_listed_in_the_usage_log(contract_run: ContractRun) -> None:
    with contract_run.guard.phase("probe"):
        tracing = check_tracing(contract_run.settings, contract_run.guard, timeout=LOGS_TIMEOUT)
    contract_run.report.notes.append(tracing.note())
    if tracing.not_sent is not None:
        pytest.skip(tracing.note())
    assert not tracing.problems, "; ".join(tracing.problems)
    assert tracing.row is not None
    assert tracing.row["client_request_id"] == tracing.client_request_id
