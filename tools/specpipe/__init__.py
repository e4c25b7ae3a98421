"""Maintainer tooling: fetch the pinned upstream spec, normalize it, generate the client.

Modules: `layout` (where every file is), `lock` (what is pinned), `fetch` (bytes from a source,
sha256-verified), `revisions` (the mirror's index), `gitsource` (upstream as a git repository),
`overlay` (OpenAPI Overlay 1.0), `repairs` (generic fixes of upstream defect classes),
`normalize` (merge + prune + corrections), `generate` (openapi-python-client + ruff),
`matrix` (the whole upstream history), `diff_rules` (every rule as data), `diff_engine` (the one
walk), `diff_model` + `diff_render` (records and reports), `diff` (`make spec-diff`, `make
spec-history`), `update` + `update_plan` + `drift` (`make spec-update`: move the lock, regenerate,
write spec/DRIFT.md), `check` (`make spec-check`), `prbody` (the weekly pull request's body).
"""
