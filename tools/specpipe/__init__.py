"""Maintainer tooling: fetch the pinned upstream spec, normalize it, generate the client.

Modules: `layout` (where every file is), `lock` (what is pinned), `fetch` (bytes from upstream or a mirror, sha256-verified),
`overlay` (OpenAPI Overlay 1.0), `repairs` (generic fixes of upstream defect classes),
`normalize` (merge + prune + corrections), `generate` (openapi-python-client + ruff),
`matrix` (the whole upstream history), `diff` + `diff_*` (breaking-change report),
`specdiff_cli` (`make spec-diff`, `make spec-history`), `update` + `update_plan` + `revisions` +
`drift` (`make spec-update`: move the lock, regenerate, write spec/DRIFT.md).
"""
