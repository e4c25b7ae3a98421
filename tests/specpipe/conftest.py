"""Small inline OpenAPI documents for the pipeline tests."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

# The upstream history the pipeline's tests read: trimmed revisions committed beside the tests
# (tests/fixtures/trim_upstream.py), so a plain clone runs them all. Set before the test modules
# read it at import; SPEC_MIRROR already set (a full mirror) wins.
FIXTURE_MIRROR = Path(__file__).resolve().parents[1] / "fixtures" / "upstream"
os.environ.setdefault("SPEC_MIRROR", str(FIXTURE_MIRROR))

Json = dict[str, Any]


def operation_doc(request_schema: Json | None = None, response: Json | None = None) -> Json:
    """A one-operation document; the caller mutates what the test is about."""
    operation: Json = {
        "operationId": "create",
        "responses": {"200": response or {"description": "OK"}},
    }
    if request_schema is not None:
        operation["requestBody"] = {"content": {"application/json": {"schema": request_schema}}}
    return {
        "openapi": "3.0.0",
        "info": {"title": "t", "version": "1"},
        "paths": {"/x": {"post": operation}},
    }


@pytest.fixture
def make_doc() -> Any:
    return operation_doc
