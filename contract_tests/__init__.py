"""Contract tests: spec/openapi.json <-> generated client <-> wrapper <-> a running API.

Modules (test files aside):

- `spec`: the spec as data: operations, response schemas, OpenAPI 3.0 validation.
- `spec_fixtures`: `spec_response(...)`, mocked answers that must match the spec (for respx).
- `guard`: the paid-request budget and the polite pacer every request to a target goes through.
- `classify`: one request/response exchange -> the discrepancies it shows against the spec.
- `impact`: whether a discrepancy breaks the generated client or the wrapper, found by trying.
- `probe`: a fixed, cheap sequence of requests against a base URL.
- `drift`: the report (`contract-report.json` + `.md`) and `python -m contract_tests.drift`.
- `target`: which API a run talks to (a sandbox, or `AIMLAPI_BASE_URL` + `AIMLAPI_API_KEY`).
"""
