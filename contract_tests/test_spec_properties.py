"""Spec <-> generated models, by example: hundreds of schema-drawn values per schema.

Responses: every value the response schema admits parses with the generated model, keeps the
annotated types, and round-trips (`to_dict(from_dict(x)) == x`, extra members included).
Requests: every body the request schema admits can be built through the model's constructor,
and what the model then serializes validates against the request schema.
"""

from __future__ import annotations

import enum
import typing
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings

from contract_tests.model_types import MODEL_NAMESPACE, field_name, runtime_type_problems
from contract_tests.operation_map import request_model, response_model
from contract_tests.spec import Json, Operation, operations, validation_errors
from contract_tests.strategies import json_values
from contract_tests.test_spec_codegen import RESPONSES

# Enough to matter (each schema has nullable, optional and extra members to combine), small
# enough that both schemas take a few seconds on a CI runner.
EXAMPLES = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
REQUESTS = [op for op in sorted(operations().values(), key=str) if op.request_schema]


@pytest.mark.parametrize(("op", "status"), RESPONSES, ids=str)
def test_every_response_the_schema_admits_parses_and_round_trips(
    op: Operation, status: int
) -> None:
    """from_dict never raises on a valid answer, types hold, and to_dict gives the answer back."""
    schema = op.response_schema(status)
    assert schema is not None
    model: Any = response_model(op, status)

    @EXAMPLES
    @given(json_values(schema))
    def check(answer: Json) -> None:
        assert validation_errors(schema, answer) == []  # the strategy itself stays honest
        parsed = model.from_dict(answer)
        assert runtime_type_problems(parsed) == []
        assert parsed.to_dict() == answer

    check()


@pytest.mark.parametrize("op", REQUESTS, ids=str)
def test_every_request_body_built_through_the_model_validates(op: Operation) -> None:
    """Constructor -> to_dict() gives a body the spec accepts, with the spec's defaults filled in."""
    schema = op.request_schema
    assert schema is not None
    model: Any = request_model(op)
    defaults = {
        name: prop["default"] for name, prop in schema["properties"].items() if "default" in prop
    }

    @EXAMPLES
    @given(json_values(schema))
    def check(body: Json) -> None:
        sent = build(model, body).to_dict()
        assert validation_errors(schema, sent) == []
        assert sent == {**defaults, **body}

    check()


def build(model: Any, data: Json) -> Any:
    """A model instance made through its constructor (typed values), not through from_dict."""
    hints = typing.get_type_hints(model, localns=MODEL_NAMESPACE)
    names = {field_name(key): key for key in data}
    fields = {f.name for f in attrs.fields(model)} - {"additional_properties"}
    instance = model(
        **{name: typed(hints[name], data[key]) for name, key in names.items() if name in fields}
    )
    for name, key in names.items():
        if name not in fields:
            instance[key] = data[key]
    return instance


def typed(annotation: Any, value: Any) -> Any:
    """`value` as the field's own type: enum values become members, objects become models."""
    members = typing.get_args(annotation) or (annotation,)
    for member in members:
        if isinstance(member, type) and issubclass(member, enum.Enum) and value is not None:
            return member(value)
        if attrs.has(member) and isinstance(value, dict):
            return build(member, value)
    return value
