"""Maintainer tooling: fetch the pinned upstream spec, normalize it, generate the client.

Modules: `lock` (what is pinned), `fetch` (bytes from upstream or a mirror, sha256-verified),
`overlay` (OpenAPI Overlay 1.0), `repairs` (generic fixes of upstream defect classes),
`normalize` (merge + prune + corrections), `generate` (openapi-python-client + ruff),
`matrix` (the whole upstream history), `diff` (breaking-change report).
"""

from pathlib import Path

SPEC_DIR = Path(__file__).resolve().parent.parent
REPO_ROOT = SPEC_DIR.parent
