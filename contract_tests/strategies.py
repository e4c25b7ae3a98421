"""Hypothesis strategies for JSON values that a schema of spec/openapi.json admits.

schemathesis generates request data from OpenAPI schemas, with OpenAPI 3.0's `nullable`,
formats and extra members handled; it has no public call for "values of this schema" alone.
So each schema is put, through its public API, as the request body of a one-operation
document, and the drawn bodies are the values. The document is built here and never sent.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import schemathesis
from hypothesis import strategies as st

from .spec import Json


def json_values(schema: Json) -> st.SearchStrategy[Any]:
    """Values valid against `schema` (already `$ref`-free, see `spec.resolve`)."""
    return _cached(json.dumps(schema, sort_keys=True))


@cache
def _cached(schema_text: str) -> st.SearchStrategy[Any]:
    document = {
        "openapi": "3.0.0",
        "info": {"title": "values of one schema", "version": "1"},
        "paths": {
            "/values": {
                "post": {
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": json.loads(schema_text)}},
                    },
                    "responses": {"200": {"description": "unused"}},
                }
            }
        },
    }
    operation = schemathesis.openapi.from_dict(document)["/values"]["POST"]
    return operation.as_strategy().map(lambda case: case.body)
