"""schemathesis cases against a target, through the guard, into the report.

`ContractRun.exercise(case)` is what every schemathesis test does with one case: send it
(with the key, paced, within the paid budget), classify the exchange against the spec, run
schemathesis's relevant built-in checks, record everything in the report, and say whether the
case fails the run. Every create the target accepted is handed to the run's `Follower`;
`ContractRun.follow()` then fetches each such job to its end and downloads its video. The
pytest tests (`contract_tests/target/`), the stateful machine and the harness's own tests
(`test_harness.py`) all go through it.

Checks: not_a_server_error, status_code_conformance, content_type_conformance,
response_schema_conformance, response_headers_conformance, negative_data_rejection,
positive_data_acceptance, ignored_auth, missing_required_header, use_after_free,
ensure_resource_availability. Left out: unsupported_method, because the live service answers
on more methods and paths than the spec lists (the "universal" endpoint), which no client
relies on; the sandbox's spec profile is held to it by `tests/sandbox/test_sandbox_spec_exact.py`
(schemathesis's own CLI with `--checks all`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

import requests
import schemathesis.checks
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import APIOperation, BaseSchema, GenerationMode
from schemathesis import Case as GenericCase
from schemathesis.core.failures import FailureGroup
from schemathesis.core.result import Ok
from schemathesis.core.transport import Response

from .classify import BODY_KINDS, Intent, classify
from .drift import Report, describe
from .findings import Discrepancy, Exchange, make_exchange
from .follow import Follower
from .guard import BudgetExhaustedError, Guard, guarded_session, header_text
from .settings import RunSettings
from .spec import find_operation, validation_errors

Case = GenericCase[APIOperation[Any, Any, Any, Any]]

CHECK_NAMES = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
    "response_headers_conformance",
    "negative_data_rejection",
    "positive_data_acceptance",
    "ignored_auth",
    "missing_required_header",
    "use_after_free",
    "ensure_resource_availability",
)
CHECKS = [getattr(schemathesis.checks, name) for name in CHECK_NAMES]
#: The kind a failed built-in check stands for, when `classify` did not already name it.
CHECK_KINDS = {
    "not_a_server_error": "server_error",
    "status_code_conformance": "undocumented_status_code",
    "content_type_conformance": "wrong_content_type",
    "response_schema_conformance": "schema_violation",
    "response_headers_conformance": "schema_violation",
    "negative_data_rejection": "invalid_input_accepted",
    "positive_data_acceptance": "valid_input_rejected",
    "ignored_auth": "auth_not_enforced",
    "missing_required_header": "auth_not_enforced",  # the only required header is the key
    "ensure_resource_availability": "created_generation_unavailable",
}


@dataclass
class ContractRun:
    settings: RunSettings
    guard: Guard
    report: Report
    session: requests.Session = field(init=False)
    follower: Follower = field(init=False)
    cases: int = 0
    not_sent: int = 0

    def __post_init__(self) -> None:
        self.session = guarded_session(self.guard)
        self.follower = Follower(self.settings, self.guard, self.report.add)

    def follow(self, **overrides: Any) -> list[str]:
        """Follows every job the cases made to its end; returns why that fails the run.

        `overrides` replaces the follower's sleep/clock (tests on a fake clock)."""
        for name, value in overrides.items():
            setattr(self.follower, name, value)
        found: list[Discrepancy] = []

        def record(items: list[Discrepancy]) -> None:
            found.extend(items)
            self.report.add(items)

        self.follower.record = record
        try:
            self.follower.run()
        finally:
            self.follower.record = self.report.add
        self.report.notes += [n for n in self.follower.notes if n not in self.report.notes]
        return self.verdict(found)

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.settings.api_key}"}

    def call_kwargs(self) -> dict[str, Any]:
        return {"base_url": self.settings.base_url, "session": self.session, "headers": self.auth}

    def exercise(self, case: Case) -> list[str]:
        """Sends one case and checks it; returns why it fails the run (empty: it passes)."""
        try:
            response = case.call(**self.call_kwargs())
        except BudgetExhaustedError:
            self.not_sent += 1  # a paid create past the cap: the case is simply not tried
            return []
        return self.check(case, response)

    def check(self, case: Case, response: Response, recorder: Any = None) -> list[str]:
        """Classifies and checks one answer; records it; returns why it fails the run."""
        self.cases += 1
        exchange = exchange_of(response, self.settings.api_key)
        found = classify(exchange, self.intent(exchange), source="schemathesis")
        self.follower.add_from(exchange, "a schemathesis case")
        failures = self._failures(case, response, recorder)
        named = {d.kind for d in found}
        found += [d for d in self._from_failures(failures, exchange) if not _said(d.kind, named)]
        self.report.add(found)
        return self.verdict(found)

    def verdict(self, found: list[Discrepancy]) -> list[str]:
        """Sandbox runs fail on any discrepancy; live runs only on ones that break the
        wrapper's create -> wait -> download (each said with the step it breaks and why)."""
        assessed = [self.report.assessed(d) for d in found]
        if not self.settings.strict:
            assessed = [d for d in assessed if d.wrapper.breaks]
        return [describe(d) for d in assessed]

    def intent(self, exchange: Exchange) -> Intent:
        """What the request, as sent, should provoke: decided from the request itself."""
        op = find_operation(exchange.method, exchange.path)
        if op is None:
            return Intent.EITHER
        if exchange.request_headers.get("authorization") != "Bearer <redacted>":
            return Intent.REJECT_AUTH
        if not _valid_request(op, exchange, _query(exchange)):
            return Intent.REJECT_INPUT
        if op.operation_id == "fetch_generation":
            return Intent.EITHER  # a drawn generation_id names no generation: 404 is right
        return Intent.ACCEPT

    def _failures(self, case: Case, response: Response, recorder: Any) -> list[Any]:
        try:
            case.validate_response(
                response,
                checks=CHECKS,
                headers=self.auth,
                transport_kwargs=self.call_kwargs(),
                recorder=recorder,
            )
        except FailureGroup as group:
            return list(group.exceptions)
        except BudgetExhaustedError:
            return []  # a check wanted to re-send a paid create past the cap
        return []

    def _from_failures(self, failures: Iterable[Any], exchange: Exchange) -> list[Discrepancy]:
        found = []
        for failure in failures:
            check = (_checks_of(failure) or ("",))[0]
            kind = CHECK_KINDS.get(check, "check_failed")
            title = str(getattr(failure, "title", type(failure).__name__))
            message = str(getattr(failure, "message", "")).replace(
                self.settings.api_key, "<redacted>"
            )
            op = find_operation(exchange.method, exchange.path)
            found.append(
                Discrepancy(
                    kind,
                    op.operation_id if op else f"{exchange.method} {exchange.path}",
                    "",
                    f"{title}: {message}".strip(": "),
                    exchange,
                    source=f"schemathesis:{check or type(failure).__name__}",
                    value=_auth_value(title) if kind == "auth_not_enforced" else title,
                )
            )
        return found


def exchange_of(response: Response, api_key: str) -> Exchange:
    request = response.request
    body = request.body.encode() if isinstance(request.body, str) else request.body
    headers = {name: ", ".join(values) for name, values in response.headers.items()}
    return make_exchange(
        request.method or "GET",
        request.url or "",
        {name: header_text(value) for name, value in request.headers.items()},
        body if isinstance(body, bytes) else None,
        response.status_code,
        headers,
        response.content,
        secrets=(api_key,),
    )


def _valid_request(op: Any, exchange: Exchange, query: dict[str, list[str]]) -> bool:
    for param in op.parameters:
        values = query.get(param["name"], [])
        if param.get("required") and not values:
            return False
        if any(validation_errors(param["schema"], v) for v in values):
            return False
    schema = op.request_schema
    if schema is None:
        return True
    if exchange.request_headers.get("content-type", "").split(";")[0] != "application/json":
        return False
    return exchange.request_body is not None and not validation_errors(
        schema, exchange.request_body
    )


def _said(kind: str, named: set[str]) -> bool:
    """Whether `classify` already named what a failed check stands for, more precisely."""
    if kind == "schema_violation":  # classify names each departure from the schema
        return bool(named & BODY_KINDS)
    return kind in named


def _checks_of(failure: Any) -> tuple[str, ...]:
    return tuple(getattr(failure, "checks", ()) or ())


def _auth_value(title: str) -> str:
    return "a wrong key" if "invalid" in title.lower() else "no key"


def _query(exchange: Exchange) -> dict[str, list[str]]:
    return parse_qs(urlsplit(exchange.url).query, keep_blank_values=True)


def create_then_fetch_machine(schema: BaseSchema, run: ContractRun, *, fail: bool) -> type[Any]:
    """schemathesis's state machine for the spec's links (create -> FetchGeneration -> fetch),
    sending through `run`. With `fail`, a step that fails the run fails the machine.

    A create past the paid-request cap is not sent: the step gets a stand-in 402 answer, which
    no link follows and no check judges. (Raising would stop the run, and Hypothesis's replay
    of it, at different steps, which it rightly reports as a flaky strategy.)
    """
    unsent: set[int] = set()

    class CreateThenFetch(schema.as_state_machine()):  # type: ignore[misc]
        def get_call_kwargs(self, case: Case) -> dict[str, Any]:
            return run.call_kwargs()

        def call(self, case: Case, **kwargs: Any) -> Response:
            try:
                return case.call(**kwargs)
            except BudgetExhaustedError:
                run.not_sent += 1
                stand_in = _not_sent(case, run.settings.base_url)
                unsent.add(id(stand_in))
                return stand_in

        def validate_response(self, response: Response, case: Case, *_: Any, **__: Any) -> None:
            if id(response) in unsent:
                return
            problems = run.check(case, response, recorder=self.recorder)
            assert not (fail and problems), "\n".join(problems)

    return CreateThenFetch


def _not_sent(case: Case, base_url: str) -> Response:
    """The answer a step gets when the guard kept its create from being sent."""
    request = requests.Request(case.method, base_url + case.formatted_path).prepare()
    return Response(
        status_code=402,
        headers={},
        content=b"",
        request=request,
        elapsed=0.0,
        verify=True,
        message="not sent: the paid-request cap is reached",
    )


def fuzz_operations(
    schema: BaseSchema, run: ContractRun, *, max_examples: int, derandomize: bool = False
) -> None:
    """Every operation, positive and negative cases, through `run` (records, never fails).

    The harness's own tests use this to prove it reports what a deviating sandbox does; the
    suite proper uses schemathesis's pytest integration instead, which adds its coverage phase.
    """
    for result in schema.get_all_operations():
        if not isinstance(result, Ok):
            raise result.err()
        operation = result.ok()
        strategy = st.one_of(
            [operation.as_strategy(generation_mode=mode) for mode in GenerationMode]
        )

        @settings(
            max_examples=max_examples,
            derandomize=derandomize,
            database=None,
            deadline=None,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(strategy)
        def exercise(case: Case) -> None:
            run.exercise(case)

        exercise()
