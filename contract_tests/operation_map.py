"""Does the generated client have, for each operation of the spec, the function the spec implies?

`operation_problems(op)` compares one spec operation with its generated module
(`aimlapi_veo_api.api.default.<operationId>`): the four call styles, their parameters (name,
type, required or not), the body model, the client type auth requires, the parsed return
type, and the method, path, query and body `_get_kwargs` puts on the wire.
"""

from __future__ import annotations

import importlib
import inspect
import typing
from types import ModuleType
from typing import Any

from aimlapi_veo_api.client import AuthenticatedClient, Client

from .model_types import (
    MODEL_NAMESPACE,
    annotation_problems,
    field_name,
    one_of_problems,
    schema_model_problems,
)
from .spec import Json, Operation, resolve

CALL_STYLES = ("sync", "sync_detailed", "asyncio", "asyncio_detailed")


def generated_module(op: Operation) -> ModuleType:
    return importlib.import_module(f"aimlapi_veo_api.api.default.{op.operation_id}")


def operation_problems(op: Operation) -> list[str]:
    try:
        module = generated_module(op)
    except ImportError as exc:
        return [f"{op.operation_id}: no generated module ({exc})"]
    missing = [name for name in CALL_STYLES if not callable(getattr(module, name, None))]
    if missing:
        return [f"{op.operation_id}: generated module lacks {missing}"]
    return (
        _signature_problems(op, module)
        + _return_problems(op)
        + wire_problems(op, module.__name__, module._get_kwargs(**sample_arguments(op)))
    )


def _signature_problems(op: Operation, module: ModuleType) -> list[str]:
    where = op.operation_id
    signatures = {inspect.signature(getattr(module, name)) for name in CALL_STYLES}
    if len({tuple(s.parameters) for s in signatures}) != 1:
        return [f"{where}: the four call styles take different parameters"]
    hints = typing.get_type_hints(module.sync_detailed, localns=MODEL_NAMESPACE)
    parameters = inspect.signature(module.sync_detailed).parameters
    expected = {"client", *(_param_name(p) for p in op.parameters)}
    expected |= {"body"} if op.request_schema is not None else set()
    problems = []
    if set(parameters) != expected:
        problems.append(
            f"{where}: parameters {sorted(parameters)}, spec implies {sorted(expected)}"
        )
    client_type = AuthenticatedClient if op.requires_auth else AuthenticatedClient | Client
    if hints.get("client") != client_type:
        problems.append(f"{where}: client is {hints.get('client')}, auth implies {client_type}")
    for param in op.parameters:
        name = _param_name(param)
        if name in hints:
            required = bool(param.get("required"))
            problems += annotation_problems(
                param["schema"], hints[name], required, f"{where}({name})"
            )
            has_default = parameters[name].default is not inspect.Parameter.empty
            if has_default == required:
                problems.append(f"{where}({name}): required is {required}, default {has_default}")
    if op.request_schema is not None and "body" in hints:  # one class per oneOf branch
        body = hints["body"]
        branches = [resolve(v) for v in op.request_schema.get("oneOf", [op.request_schema])]
        members = set(typing.get_args(body) or (body,))
        problems += one_of_problems(branches, members, f"{where}(body)")
    return problems


def _return_problems(op: Operation) -> list[str]:
    problems = []
    for status in sorted(op.documented_statuses):
        if op.response_schema(status) is None:
            continue
        try:
            response_model(op, status)
        except LookupError as exc:
            problems.append(str(exc))
    return problems


def wire_problems(op: Operation, where: str, kwargs: dict[str, Any]) -> list[str]:
    """What `_get_kwargs` would send, against the operation's method, path, query and body."""
    problems = []
    if kwargs["method"].upper() != op.method or kwargs["url"] != op.path:
        problems.append(f"{where}: sends {kwargs['method']} {kwargs['url']}, spec says {op}")
    query = {p["name"] for p in op.parameters if p["in"] == "query"}
    required = {p["name"] for p in op.parameters if p["in"] == "query" and p.get("required")}
    sent = set(kwargs.get("params", {}))
    if sent - query or required - sent:
        problems.append(f"{where}: query {sorted(sent)}, spec {sorted(query)} ({sorted(required)})")
    if ("json" in kwargs) != (op.request_schema is not None):
        problems.append(f"{where}: JSON body sent is {'json' in kwargs}, spec has a body")
    return problems


def sample_arguments(op: Operation) -> dict[str, Any]:
    """Minimal valid arguments for an operation's generated function (no client)."""
    hints = typing.get_type_hints(generated_module(op).sync_detailed, localns=MODEL_NAMESPACE)
    args: dict[str, Any] = {
        _param_name(p): minimal_value(p["schema"]) for p in op.parameters if p.get("required")
    }
    if op.request_schema is not None:  # a oneOf of models: the first model's class
        first = resolve(op.request_schema.get("oneOf", [op.request_schema])[0])
        body = hints["body"]
        cls = next(
            m for m in typing.get_args(body) or (body,) if not schema_model_problems(first, m)
        )
        args["body"] = cls.from_dict(minimal_value(first))
    return args


def minimal_value(schema: Json) -> Any:
    """The smallest value a schema admits: required members only, first enum values."""
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object":
        props = schema.get("properties", {})
        return {name: minimal_value(props[name]) for name in schema.get("required", [])}
    samples: dict[str, Any] = {"integer": 0, "number": 0.0, "boolean": False, "array": []}
    if kind == "string":
        return "https://example.invalid/image.png" if schema.get("format") == "uri" else "x"
    return samples.get(kind or "")


def _param_name(param: Json) -> str:
    return field_name(param["name"])


def response_model(op: Operation, status: int) -> type:
    """The generated class `sync()` parses a documented `status` answer into."""
    returned = typing.get_type_hints(generated_module(op).sync, localns=MODEL_NAMESPACE)["return"]
    schema = op.response_schema(status)
    for model in set(typing.get_args(returned)) - {type(None)}:
        if schema is not None and not schema_model_problems(schema, model):
            found: type = model
            return found
    raise LookupError(f"{op.operation_id}: no generated model for the {status} answer")
