"""schemathesis against the target: every operation, positive and negative, then create -> fetch.

Cases come from spec/openapi.json (examples, coverage and fuzzing phases); each goes through
`ContractRun.exercise` (key, pacing, paid-request cap, checks, report). CONTRACT_MAX_EXAMPLES
sets the fuzzing examples per operation (default 25 against the sandbox, 10 live).
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis import GenerationMode

from contract_tests.fuzz import Case, ContractRun, create_then_fetch_machine
from contract_tests.guard import budget_shares
from contract_tests.settings import wants_live
from contract_tests.spec import SPEC_PATH

LIVE = wants_live()
MAX_EXAMPLES = int(os.environ.get("CONTRACT_MAX_EXAMPLES", "10" if LIVE else "25"))
# Live: no shrinking (it re-sends requests) and no example database (no replay of old cases).
PHASES = (
    (Phase.explicit, Phase.generate)
    if LIVE
    else (Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink)
)
SETTINGS = settings(
    deadline=None,
    phases=PHASES,
    database=None if LIVE else settings().database,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)

# The usage logs (list_logs) are the reconcile work's to exercise: their query parameters are
# plain strings, whose negative cases a query string cannot tell from valid ones.
SCHEMA = schemathesis.openapi.from_path(SPEC_PATH).exclude(operation_id="list_logs")
SCHEMA.config.generation.update(
    modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE], max_examples=MAX_EXAMPLES
)
# The stateful phase follows links from accepted creates: valid ones only (the stateless cases
# above send the invalid ones), so that each create it pays for makes a job to follow.
STATEFUL_SCHEMA = schemathesis.openapi.from_path(SPEC_PATH)
STATEFUL_SCHEMA.config.generation.update(modes=[GenerationMode.POSITIVE], max_examples=MAX_EXAMPLES)


@SCHEMA.parametrize()
@SETTINGS
def test_each_operation_answers_as_the_spec_says(case: Case, contract_run: ContractRun) -> None:
    """Valid input gets a documented answer, invalid input and missing keys are refused."""
    with contract_run.guard.phase("stateless"):
        problems = contract_run.exercise(case)
    assert not problems, "\n".join(problems)


def test_create_then_fetch_through_the_openapi_link(contract_run: ContractRun) -> None:
    """Stateful: the id create returns can be fetched (link FetchGeneration), answers conform."""
    run = contract_run
    with run.guard.phase("stateful"):
        if run.settings.live and run.guard.remaining < 1:
            cap = run.settings.max_generations
            why = (
                "an invalid create was accepted (and charged) earlier, so no create is sent"
                if run.guard.unplanned
                else f"its share of CONTRACT_MAX_GENERATIONS={cap} is "
                f"{budget_shares(cap)['stateful']} ({run.guard.paid} paid in all before it)"
            )
            run.report.notes.append(f"stateful create -> fetch not run: {why}")
            pytest.skip(f"stateful create -> fetch needs a paid create: {why}")
        machine = create_then_fetch_machine(STATEFUL_SCHEMA, run, fail=True)
        examples = min(MAX_EXAMPLES, run.guard.remaining) if run.settings.live else MAX_EXAMPLES
        machine.run(
            settings=settings(SETTINGS, max_examples=max(1, examples), stateful_step_count=4)
        )
        if run.settings.live and run.guard.remaining < 1:
            run.report.notes.append(
                "stateful create -> fetch used its share of the paid creates; later creates "
                "were not sent"
            )


@pytest.mark.follow_up
def test_every_paid_job_is_followed_to_its_end(contract_run: ContractRun) -> None:
    """Each job a schemathesis case made (the probe follows its own) is fetched until it ends,
    every answer checked, and its video downloaded and checked."""
    problems = contract_run.follow()
    assert not problems, "\n".join(problems)
