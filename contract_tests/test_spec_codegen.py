"""Spec <-> generated code, structurally: one faithful function per operation, one field per property."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from aimlapi_veo_api.models import ErrorResponse, Generation, ListLogsResponse200

from aimlapi_veo.models import Model, models
from contract_tests.model_types import schema_model_problems
from contract_tests.operation_map import operation_problems, response_model, wire_problems
from contract_tests.spec import Json, Operation, operation, operations

OPERATIONS = sorted(operations().values(), key=str)
RESPONSES = [
    (op, status)
    for op in OPERATIONS
    for status in sorted(op.documented_statuses)
    if op.response_schema(status) is not None
]


def test_the_spec_has_the_operations_the_client_needs() -> None:
    """Guards the parametrized tests below against silently testing nothing."""
    assert {op.operation_id for op in OPERATIONS} == {
        "create_generation",
        "fetch_generation",
        "list_logs",
    }
    assert len(RESPONSES) == 10  # 200 for each; 400, 401, 429 for create and fetch; 404 for fetch


@pytest.mark.parametrize("op", OPERATIONS, ids=str)
def test_each_operation_has_a_generated_function_matching_the_spec(op: Operation) -> None:
    """Method, path, parameters, body model, auth and return type are what the spec gives."""
    assert operation_problems(op) == []


@pytest.mark.parametrize("model", models().values(), ids=lambda m: m.id)
def test_each_models_request_schema_maps_to_its_class_field_by_field(model: Model) -> None:
    """Every property is a field of the right type, required-ness and default; nothing else."""
    assert schema_model_problems(model.schema, model.request_class()) == []


@pytest.mark.parametrize(("op", "status"), RESPONSES, ids=str)
def test_each_response_schema_maps_to_a_model_field_by_field(op: Operation, status: int) -> None:
    """The model `sync()` returns holds exactly the schema's properties, nested ones included:
    a Generation for a success, the error body (ErrorResponse) for a refusal."""
    schema = op.response_schema(status)
    assert schema is not None
    model = ErrorResponse if status >= 400 else Generation
    if op.operation_id == "list_logs" and status < 400:
        model = ListLogsResponse200
    assert response_model(op, status) is model
    assert schema_model_problems(schema, model) == []


# The checks above pass on a faithful client. These prove that they would fail on an unfaithful
# one: each edits a copy of the spec the way drift would, and the checker must name the edit.


def _generation_schema() -> Json:
    schema = operation("fetch_generation").response_schema(200)
    assert schema is not None
    return copy.deepcopy(schema)


def _edit(schema: Json, path: str, value: Any) -> Json:
    *parents, last = path.split(".")
    node = schema
    for key in parents:
        node = node[key]
    node[last] = value
    return schema


@pytest.mark.parametrize(
    ("path", "value", "named"),
    [
        ("properties.file_size", {"type": "integer"}, "Generation.file_size"),
        ("properties.status.enum", ["queued", "completed", "waiting"], "Generation.status"),
        ("properties.id.type", "integer", "Generation.id"),
        ("properties.video.nullable", False, "Generation.video"),
        ("properties.video.properties.url.type", "integer", "GenerationVideo>.url"),
        ("required", ["id", "status", "meta"], "Generation.meta"),
        ("properties.meta.properties.usage.properties.tokens_used.type", "string", "tokens_used"),
    ],
)
def test_the_model_checker_names_a_schema_the_model_does_not_match(
    path: str, value: Any, named: str
) -> None:
    """A property added, an enum widened, a type or nullability changed: each is reported."""
    problems = schema_model_problems(_edit(_generation_schema(), path, value), Generation)
    assert problems
    assert all(named in problem for problem in problems), problems


def test_the_model_checker_names_a_field_the_schema_dropped() -> None:
    """A model field the schema no longer has is reported too."""
    schema = _generation_schema()
    del schema["properties"]["error"]
    assert schema_model_problems(schema, Generation) == [
        "Generation: field error is not in the schema"
    ]


def test_the_model_checker_names_a_default_that_differs_from_the_spec() -> None:
    """Defaults are part of the contract: the model must not invent or change one."""
    model = models()["google/veo-3.1-t2v"]
    edited = _edit(copy.deepcopy(model.schema), "properties.duration.default", 8)
    problems = schema_model_problems(edited, model.request_class())
    assert "Veo31T2V.duration: the spec's default is 8" in str(problems), problems


@pytest.mark.parametrize(
    ("edit", "named"),
    [
        ({"path": "/v2/video/generation"}, "sends post /v2/video/generations"),
        ({"method": "PUT"}, "sends post"),
    ],
)
def test_the_wire_checker_names_a_path_or_method_the_spec_does_not_have(
    edit: dict[str, str], named: str
) -> None:
    """If the spec moved the operation, the generated `_get_kwargs` would be caught sending the old one."""
    op = operation("create_generation")
    moved = Operation(
        op.operation_id, edit.get("method", op.method), edit.get("path", op.path), op.raw
    )
    kwargs = {"method": "post", "url": op.path, "json": {}}
    assert any(named in problem for problem in wire_problems(moved, "create", kwargs))


def test_the_operation_checker_names_a_parameter_the_function_lacks() -> None:
    """A query parameter added to the spec without regenerating is reported."""
    op = operation("fetch_generation")
    raw = copy.deepcopy(op.raw)
    raw["parameters"].append({"name": "verbose", "in": "query", "schema": {"type": "boolean"}})
    problems = operation_problems(Operation(op.operation_id, op.method, op.path, raw))
    assert any("verbose" in problem for problem in problems), problems
