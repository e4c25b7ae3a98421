"""Contract tests: spec/openapi.json <-> generated client <-> wrapper <-> a running API.

Test files (``pytest contract_tests``; ``make contract``):

- ``test_spec_codegen.py``, ``test_spec_properties.py``: every operation has its generated
  function, every schema property its model field and type; hundreds of schema-drawn answers
  parse and round-trip, schema-drawn bodies built through the models validate.
- ``test_generated_client_wire.py``, ``test_wrapper_wire.py``: respx at the transport; both
  clients send what the spec says; every mocked answer is checked against the spec.
- ``target/``: schemathesis (positive, negative, auth, stateful create -> fetch) and the drift
  probe, against a sandbox on a free loopback port, or with CONTRACT_TARGET=live against
  AIMLAPI_BASE_URL (``make contract-live``).
- ``test_harness.py``, ``test_guard.py``, ``test_drift_command.py``: the harness itself fails
  on each injected deviation, holds the paid-request cap, and redacts the key;
  ``test_drifts.py``: for every drift the sandbox can make, the harness fails exactly where
  the wrapper's own ``generate`` does; ``test_contract_live.py``: ``make contract-live``'s
  suite against drifted, spec and live sandboxes (slow).

Modules:

- ``spec``: the spec as data.
- ``spec_fixtures``: ``spec_response``/``drifted_response``/``assert_spec_request`` for respx.
- ``strategies``, ``model_types``, ``operation_map``: values from schemas; model and function
  shape checks against the spec.
- ``findings``, ``classify``, ``impact``: one exchange -> named discrepancies -> whether each
  breaks the generated client or the wrapper's create -> wait -> download, and at which step
  (found by replaying real answers into them: a followed job's whole journey, see ``follow``).
- ``guard``, ``settings``, ``probe``, ``fuzz``, ``follow``: who pays (and each phase's share),
  who waits, which target, what is sent, and every paid job followed to its end.
- ``drift``: the report (``contract-report.json`` + ``.md``) and ``python -m contract_tests.drift``.
"""
