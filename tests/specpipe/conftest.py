"""Small inline OpenAPI documents for the pipeline tests."""

from __future__ import annotations

from typing import Any

import pytest

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
