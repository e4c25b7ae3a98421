"""specpipe.diff: every rule on a hand-made pair, the real upstream history, renderers, CLI."""

from __future__ import annotations

import itertools
import json
import re
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from specpipe.diff import (
    Change,
    SpecError,
    diff_specs,
    main,
    summary,
    to_json,
    to_markdown,
    to_text,
)
from specpipe.diff_rules import RULES, SITES, Level, rule_ids
from specpipe.fetch import default_mirror

B: Level = "breaking"
W: Level = "may-break"
N: Level = "non-breaking"
JSON = "application/json"
OP = "POST /v1/things"


# --- a tiny spec builder ---------------------------------------------------------------------


def obj(props: dict[str, Any], *required: str, **extra: Any) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": props, **extra}
    if required:
        schema["required"] = list(required)
    return schema


STR = {"type": "string"}
INT = {"type": "integer"}


def op(
    *,
    body: Any = None,
    response: Any = None,
    status: str = "200",
    params: list[dict[str, Any]] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """An operation; `body`/`response` are schemas (None: no body / a response without one)."""
    reply: dict[str, Any] = {"description": "ok"}
    if response is not None:
        reply["content"] = {JSON: {"schema": response}}
    operation: dict[str, Any] = {"responses": {status: reply}, **extra}
    if body is not None:
        operation["requestBody"] = {"required": True, "content": {JSON: {"schema": body}}}
    if params is not None:
        operation["parameters"] = params
    return operation


def statuses(*codes: str) -> dict[str, Any]:
    """A responses map with these status codes, each with an empty description."""
    return {code: {"description": ""} for code in codes}


def doc(
    operation: dict[str, Any] | None = None,
    *,
    path: str = "/v1/things",
    method: str = "post",
    components: dict[str, Any] | None = None,
    security: list[dict[str, list[str]]] | None = None,
) -> dict[str, Any]:
    spec: dict[str, Any] = {"openapi": "3.0.0", "info": {"title": "t", "version": "1"}}
    spec["paths"] = {path: {method: operation}} if operation is not None else {}
    if components is not None:
        spec["components"] = components
    if security is not None:
        spec["security"] = security
    return spec


def body_pair(old: Any, new: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    return doc(op(body=old)), doc(op(body=new))


def response_pair(old: Any, new: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    return doc(op(response=old)), doc(op(response=new))


def param(
    name: str, *, where: str = "query", required: bool = False, **schema: Any
) -> dict[str, Any]:
    return {"name": name, "in": where, "required": required, "schema": schema or {"type": "string"}}


def found(old: Any, new: Any) -> set[tuple[str, str, str]]:
    return {(c.rule, c.level, c.location) for c in diff_specs(old, new)}


def body_doc(*media: str, schema: Any = STR, required: bool = False) -> dict[str, Any]:
    """An operation whose request body offers each of `media` (`schema` None: without one)."""
    body: dict[str, Any] = {
        "content": {m: {} if schema is None else {"schema": schema} for m in media}
    }
    if required:
        body["required"] = True
    return doc(op(requestBody=body))


def reply_doc(*media: str) -> dict[str, Any]:
    """An operation whose 200 answer offers each of `media`, a string schema each."""
    return doc(
        op(responses={"200": {"description": "", "content": {m: {"schema": STR} for m in media}}})
    )


BEARER: dict[str, Any] = {"securitySchemes": {"key": {"type": "http", "scheme": "bearer"}}}


# --- one hand-made pair per rule ---------------------------------------------------------------

Expected = set[tuple[str, str, str]]


def family(*models: str) -> dict[str, Any]:
    """A request that is a oneOf on `model`, one object schema per model."""
    return {
        "oneOf": [{"$ref": f"#/components/schemas/M{i}"} for i, _ in enumerate(models)],
        "discriminator": {
            "propertyName": "model",
            "mapping": {m: f"#/components/schemas/M{i}" for i, m in enumerate(models)},
        },
    }


def family_doc(*models: str) -> dict[str, Any]:
    schemas = {
        f"M{i}": {"type": "object", "properties": {"model": {"type": "string", "enum": [m]}}}
        for i, m in enumerate(models)
    }
    return doc(op(body=family(*models)), components={"schemas": schemas})


CASES: dict[str, tuple[tuple[dict[str, Any], dict[str, Any]], Expected]] = {
    # the model family
    "model added": (
        (family_doc("a", "b"), family_doc("a", "b", "c")),
        {("request-model-added", N, "requestBody")},
    ),
    "model removed": (
        (family_doc("a", "b", "c"), family_doc("a", "b")),
        {("request-model-removed", B, "requestBody")},
    ),
    # operations
    "endpoint added": ((doc(), doc(op())), {("endpoint-added", N, "paths./v1/things.post")}),
    "path removed": (
        (doc(op()), doc()),
        {("api-path-removed-without-deprecation", B, "paths./v1/things.post")},
    ),
    "deprecated path removed": (
        (doc(op(deprecated=True)), doc()),
        {("api-path-removed-with-deprecation", B, "paths./v1/things.post")},
    ),
    "method removed, path stays": (
        ({**doc(), "paths": {"/v1/things": {"post": op(), "get": op()}}}, doc(op(), method="get")),
        {("api-removed-without-deprecation", B, "paths./v1/things.post")},
    ),
    "deprecated method removed, path stays": (
        (
            {**doc(), "paths": {"/v1/things": {"post": op(deprecated=True), "get": op()}}},
            doc(op(), method="get"),
        ),
        {("api-removed-with-deprecation", B, "paths./v1/things.post")},
    ),
    "moved, same operationId": (
        (doc(op(operationId="make")), doc(op(operationId="make"), path="/v2/things")),
        {("api-path-moved", B, "paths./v2/things.post")},
    ),
    "moved, same body shape, new operationId": (
        (
            doc(op(operationId="a", body=obj({"x": STR}, "x"))),
            doc(op(operationId="b", body=obj({"x": INT}, "x")), path="/v2/things"),
        ),
        {
            ("api-path-moved", B, "paths./v2/things.post"),
            ("api-operation-id-changed", B, "operationId"),
            ("request-property-type-changed", B, "requestBody.x"),
        },
    ),
    "operationId changed": (
        (doc(op(operationId="a")), doc(op(operationId="b"))),
        {("api-operation-id-changed", B, "operationId")},
    ),
    "operationId added": (
        (doc(op()), doc(op(operationId="b"))),
        {("api-operation-id-added", B, "operationId")},
    ),
    "operationId removed": (
        (doc(op(operationId="a")), doc(op())),
        {("api-operation-id-removed", B, "operationId")},
    ),
    "first tag changed": (
        (doc(op(tags=["Google"])), doc(op())),
        {("api-tag-changed", B, "tags")},
    ),
    "deprecated": (
        (doc(op()), doc(op(deprecated=True))),
        {("endpoint-deprecated", N, "deprecated")},
    ),
    "reactivated": (
        (doc(op(deprecated=True)), doc(op())),
        {("endpoint-reactivated", N, "deprecated")},
    ),
    # parameters
    "required parameter added": (
        (doc(op(params=[])), doc(op(params=[param("id", required=True)]))),
        {("new-required-request-parameter", B, "parameters.query.id")},
    ),
    "optional parameter added": (
        (doc(op(params=[])), doc(op(params=[param("id")]))),
        {("new-optional-request-parameter", N, "parameters.query.id")},
    ),
    "parameter removed": (
        (doc(op(params=[param("id")])), doc(op(params=[]))),
        {("request-parameter-removed", B, "parameters.query.id")},
    ),
    "parameter became required": (
        (doc(op(params=[param("id")])), doc(op(params=[param("id", required=True)]))),
        {("request-parameter-became-required", B, "parameters.query.id")},
    ),
    "parameter became optional": (
        (doc(op(params=[param("id", required=True)])), doc(op(params=[param("id")]))),
        {("request-parameter-became-optional", N, "parameters.query.id")},
    ),
    "parameter type changed": (
        (doc(op(params=[param("n", type="string")])), doc(op(params=[param("n", type="integer")]))),
        {("request-parameter-type-changed", B, "parameters.query.n")},
    ),
    "parameter enum value removed": (
        (
            doc(op(params=[param("s", type="string", enum=["a", "b"])])),
            doc(op(params=[param("s", type="string", enum=["a"])])),
        ),
        {("request-parameter-enum-value-removed", B, "parameters.query.s")},
    ),
    "parameter object property removed": (
        (
            doc(op(params=[param("f", **obj({"a": STR, "b": STR}))])),
            doc(op(params=[param("f", **obj({"a": STR}))])),
        ),
        {("request-property-removed", B, "parameters.query.f.b")},
    ),
    "parameter property type changed": (
        (
            doc(op(params=[param("f", **obj({"a": STR}))])),
            doc(op(params=[param("f", **obj({"a": INT}))])),
        ),
        {("request-parameter-property-type-changed", B, "parameters.query.f.a")},
    ),
    # request body
    "required body added": (
        (doc(op()), doc(op(body=obj({"x": STR})))),
        {("request-body-added-required", B, "requestBody")},
    ),
    "optional body added": (
        (doc(op()), doc(op(requestBody={"content": {JSON: {"schema": obj({"x": STR})}}}))),
        {("request-body-added-optional", N, "requestBody")},
    ),
    "body removed": (
        (doc(op(body=obj({"x": STR}))), doc(op())),
        {("request-body-removed", B, "requestBody")},
    ),
    "body became required": (
        (body_doc(JSON), body_doc(JSON, required=True)),
        {("request-body-became-required", B, "requestBody")},
    ),
    "body became optional": (
        (body_doc(JSON, required=True), body_doc(JSON)),
        {("request-body-became-optional", N, "requestBody")},
    ),
    "body media type changed": (
        (body_doc(JSON), body_doc("text/plain")),
        {("request-body-media-type-changed", B, "requestBody")},
    ),
    "body media type added": (
        (body_doc(JSON), body_doc(JSON, "text/plain")),
        {("request-body-media-type-added", N, "requestBody")},
    ),
    "body media type removed": (
        (body_doc(JSON, "text/plain"), body_doc(JSON)),
        {("request-body-media-type-removed", B, "requestBody")},
    ),
    "body schema added": (
        (body_doc(JSON, schema=None), body_doc(JSON)),
        {("request-body-schema-added", B, "requestBody")},
    ),
    "body schema removed": (
        (body_doc(JSON), body_doc(JSON, schema=None)),
        {("request-body-schema-removed", B, "requestBody")},
    ),
    "whole body became nullable": (
        body_pair(obj({}), obj({}, nullable=True)),
        {("request-body-became-nullable", N, "requestBody")},
    ),
    "whole body type changed": (
        body_pair(obj({}), {"type": "array", "items": STR}),
        {("request-body-type-changed", B, "requestBody")},
    ),
    # request properties
    "required request property added": (
        body_pair(obj({}), obj({"x": STR}, "x")),
        {("new-required-request-property", B, "requestBody.x")},
    ),
    "optional request property added": (
        body_pair(obj({}), obj({"x": STR})),
        {("new-optional-request-property", N, "requestBody.x")},
    ),
    "request property removed": (
        body_pair(obj({"x": STR}), obj({})),
        {("request-property-removed", B, "requestBody.x")},
    ),
    "request property became required": (
        body_pair(obj({"x": STR}), obj({"x": STR}, "x")),
        {("request-property-became-required", B, "requestBody.x")},
    ),
    "request property became optional": (
        body_pair(obj({"x": STR}, "x"), obj({"x": STR})),
        {("request-property-became-optional", N, "requestBody.x")},
    ),
    "request property type changed (string to integer enum)": (
        body_pair(obj({"d": STR}), obj({"d": {"type": "integer", "enum": [5, 6]}})),
        {("request-property-type-changed", B, "requestBody.d")},
    ),
    "request property integer widened to number": (
        body_pair(obj({"d": INT}), obj({"d": {"type": "number"}})),
        {("request-property-type-generalized", N, "requestBody.d")},
    ),
    "request property format changed (str either way)": (
        body_pair(obj({"u": STR}), obj({"u": {"type": "string", "format": "uri"}})),
        {("request-property-format-changed", N, "requestBody.u")},
    ),
    "request property format changed (Python type changes)": (
        body_pair(obj({"t": STR}), obj({"t": {"type": "string", "format": "date-time"}})),
        {("request-property-format-changed", B, "requestBody.t")},
    ),
    "request enum value added": (
        body_pair(obj({"a": {"enum": ["x"]}}), obj({"a": {"enum": ["x", "y"]}})),
        {("request-property-enum-value-added", N, "requestBody.a")},
    ),
    "request enum value removed": (
        body_pair(obj({"a": {"enum": ["x", "auto"]}}), obj({"a": {"enum": ["x"]}})),
        {("request-property-enum-value-removed", B, "requestBody.a")},
    ),
    "request property became enum": (
        body_pair(obj({"a": STR}), obj({"a": {"type": "string", "enum": ["x"]}})),
        {("request-property-became-enum", B, "requestBody.a")},
    ),
    "request property enum dropped": (
        body_pair(obj({"a": {"type": "string", "enum": ["x"]}}), obj({"a": STR})),
        {("request-property-enum-dropped", N, "requestBody.a")},
    ),
    "request property description reworded": (
        body_pair(
            obj({"a": {**STR, "description": "A."}}), obj({"a": {**STR, "description": "B."}})
        ),
        {("request-property-description-changed", N, "requestBody.a")},
    ),
    "request default added": (
        body_pair(obj({"d": INT}), obj({"d": {"type": "integer", "default": 5}})),
        {("request-property-default-value-added", N, "requestBody.d")},
    ),
    "request default changed": (
        body_pair(obj({"d": {**INT, "default": 5}}), obj({"d": {**INT, "default": 6}})),
        {("request-property-default-value-changed", N, "requestBody.d")},
    ),
    "request default removed": (
        body_pair(obj({"d": {**INT, "default": 5}}), obj({"d": INT})),
        {("request-property-default-value-removed", N, "requestBody.d")},
    ),
    "request property became nullable": (
        body_pair(obj({"a": STR}), obj({"a": {**STR, "nullable": True}})),
        {("request-property-became-nullable", N, "requestBody.a")},
    ),
    "request property became not nullable": (
        body_pair(obj({"a": {**STR, "nullable": True}}), obj({"a": STR})),
        {("request-property-became-not-nullable", B, "requestBody.a")},
    ),
    "request maxLength lowered": (
        body_pair(obj({"a": {**STR, "maxLength": 9}}), obj({"a": {**STR, "maxLength": 5}})),
        {("request-property-constraint-tightened", B, "requestBody.a")},
    ),
    "request minimum removed": (
        body_pair(obj({"a": {**INT, "minimum": 1}}), obj({"a": INT})),
        {("request-property-constraint-loosened", N, "requestBody.a")},
    ),
    # responses: statuses and bodies
    "success status changed 201 to 200": (
        (doc(op(status="201")), doc(op(status="200"))),
        {("response-success-status-changed", B, "responses.200")},
    ),
    "success status removed": (
        (doc(op(responses=statuses("200", "202"))), doc(op(responses=statuses("200")))),
        {("response-success-status-removed", B, "responses.202")},
    ),
    "success status added": (
        (doc(op(responses=statuses("200"))), doc(op(responses=statuses("200", "202")))),
        {("response-success-status-added", N, "responses.202")},
    ),
    "error status removed": (
        (doc(op(responses=statuses("200", "400"))), doc(op(responses=statuses("200")))),
        {("response-non-success-status-removed", N, "responses.400")},
    ),
    "error status added": (
        (doc(op(responses=statuses("200"))), doc(op(responses=statuses("200", "default")))),
        {("response-non-success-status-added", N, "responses.default")},
    ),
    "response gained a schema": (
        response_pair(None, obj({"id": STR})),
        {("response-body-schema-added", N, "responses.200")},
    ),
    "response lost its schema": (
        response_pair(obj({"id": STR}), None),
        {("response-body-schema-removed", B, "responses.200")},
    ),
    "response media type changed": (
        (reply_doc(JSON), reply_doc("text/plain")),
        {("response-body-media-type-changed", B, "responses.200")},
    ),
    "response media type added": (
        (reply_doc(JSON), reply_doc(JSON, "text/csv")),
        {("response-body-media-type-added", N, "responses.200")},
    ),
    "response media type removed": (
        (reply_doc(JSON, "text/csv"), reply_doc(JSON)),
        {("response-body-media-type-removed", B, "responses.200")},
    ),
    "whole response became nullable": (
        response_pair(obj({}), obj({}, nullable=True)),
        {("response-body-became-nullable", B, "responses.200")},
    ),
    "whole response became not nullable": (
        response_pair(obj({}, nullable=True), obj({})),
        {("response-body-became-not-nullable", N, "responses.200")},
    ),
    # response properties
    "required response property added": (
        response_pair(obj({}), obj({"x": STR}, "x")),
        {("response-required-property-added", N, "responses.200.x")},
    ),
    "optional response property added": (
        response_pair(obj({}), obj({"x": STR})),
        {("response-optional-property-added", N, "responses.200.x")},
    ),
    "required response property removed": (
        response_pair(obj({"x": STR}, "x"), obj({})),
        {("response-required-property-removed", B, "responses.200.x")},
    ),
    "optional response property removed": (
        response_pair(obj({"x": STR}), obj({})),
        {("response-optional-property-removed", W, "responses.200.x")},
    ),
    "response property became optional": (
        response_pair(obj({"x": STR}, "x"), obj({"x": STR})),
        {("response-property-became-optional", B, "responses.200.x")},
    ),
    "response property became required": (
        response_pair(obj({"x": STR}), obj({"x": STR}, "x")),
        {("response-property-became-required", N, "responses.200.x")},
    ),
    "response property type changed (untyped to object)": (
        response_pair(
            obj({"error": {"nullable": True}}), obj({"error": obj({"name": STR}, nullable=True)})
        ),
        {("response-property-type-changed", B, "responses.200.error")},
    ),
    "response property became nullable": (
        response_pair(obj({"x": STR}), obj({"x": {**STR, "nullable": True}})),
        {("response-property-became-nullable", B, "responses.200.x")},
    ),
    "response property became not nullable": (
        response_pair(obj({"x": {**STR, "nullable": True}}), obj({"x": STR})),
        {("response-property-became-not-nullable", N, "responses.200.x")},
    ),
    "response enum value added": (
        response_pair(obj({"s": {"enum": ["a"]}}), obj({"s": {"enum": ["a", "b"]}})),
        {("response-property-enum-value-added", W, "responses.200.s")},
    ),
    "response enum value removed": (
        response_pair(obj({"s": {"enum": ["a", "b"]}}), obj({"s": {"enum": ["a"]}})),
        {("response-property-enum-value-removed", N, "responses.200.s")},
    ),
    "response property became enum": (
        response_pair(obj({"s": STR}), obj({"s": {**STR, "enum": ["a"]}})),
        {("response-property-became-enum", N, "responses.200.s")},
    ),
    "response property enum dropped": (
        response_pair(obj({"s": {**STR, "enum": ["a"]}}), obj({"s": STR})),
        {("response-property-enum-dropped", W, "responses.200.s")},
    ),
    "response property format changed": (
        response_pair(obj({"id": STR}), obj({"id": {**STR, "format": "uuid"}})),
        {("response-property-format-changed", B, "responses.200.id")},
    ),
    "response maxLength raised": (
        response_pair(obj({"s": {**STR, "maxLength": 5}}), obj({"s": {**STR, "maxLength": 9}})),
        {("response-property-constraint-loosened", W, "responses.200.s")},
    ),
    "response pattern added": (
        response_pair(obj({"s": STR}), obj({"s": {**STR, "pattern": "^a"}})),
        {("response-property-constraint-tightened", N, "responses.200.s")},
    ),
    # nesting
    "nested response property renamed": (
        response_pair(
            obj({"meta": obj({"usage": obj({"tokens_used": STR}, "tokens_used")})}),
            obj({"meta": obj({"usage": obj({"credits_used": STR}, "credits_used")})}),
        ),
        {
            ("response-required-property-removed", B, "responses.200.meta.usage.tokens_used"),
            ("response-required-property-added", N, "responses.200.meta.usage.credits_used"),
        },
    ),
    "array items compared": (
        body_pair(
            obj({"tags": {"type": "array", "items": STR}}),
            obj({"tags": {"type": "array", "items": INT}}),
        ),
        {("request-property-type-changed", B, "requestBody.tags[]")},
    ),
    # security
    "security requirement added": (
        (doc(op(), components=BEARER), doc(op(security=[{"key": []}]), components=BEARER)),
        {("api-security-added", B, "security")},
    ),
    "security alternative added": (
        (
            doc(op(security=[{"key": []}]), components=BEARER),
            doc(op(security=[{"key": []}, {"other": []}]), components=BEARER),
        ),
        {("api-security-added", N, "security")},
    ),
    "security requirement removed": (
        (doc(op(security=[{"key": []}]), components=BEARER), doc(op(), components=BEARER)),
        {("api-security-removed", N, "security")},
    ),
    "security requirement replaced": (
        (
            doc(op(security=[{"key": []}]), components=BEARER),
            doc(op(security=[{"other": []}]), components=BEARER),
        ),
        {("api-security-removed", B, "security"), ("api-security-added", N, "security")},
    ),
    "security scheme changed": (
        (
            doc(op(security=[{"key": []}]), components=BEARER),
            doc(
                op(security=[{"key": []}]),
                components={
                    "securitySchemes": {"key": {"type": "apiKey", "in": "header", "name": "X-Key"}}
                },
            ),
        ),
        {("api-security-scheme-changed", B, "components.securitySchemes.key")},
    ),
    # semantics around the rules
    "identical documents": (
        (doc(op(body=obj({"x": STR}, "x"), response=obj({"id": STR}), params=[param("q")])),) * 2,
        set(),
    ),
    "an untyped enum is its values' type (adding `type: string` changes nothing)": (
        body_pair(obj({"m": {"enum": ["veo2"]}}), obj({"m": {**STR, "enum": ["veo2"]}})),
        set(),
    ),
    "properties without a type make an object, still compared": (
        response_pair({"properties": {"a": STR}}, {"type": "object", "properties": {}}),
        {("response-optional-property-removed", W, "responses.200.a")},
    ),
    "document-level security counts for operations without their own": (
        (doc(op(), components=BEARER), doc(op(), security=[{"key": []}], components=BEARER)),
        {("api-security-added", B, "security")},
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_rule(case: str) -> None:
    """Each hand-made pair reports exactly the expected rules, severities and locations."""
    pair, expected = CASES[case]
    assert found(*pair) == expected


CASE_RULES = {(rule, level) for _, expected in CASES.values() for rule, level, _ in expected}


def test_cases_only_use_rules_of_the_table() -> None:
    """Every rule the cases expect is a row of the table."""
    assert {rule for rule, _ in CASE_RULES} <= rule_ids()


@pytest.mark.parametrize("row", sorted(RULES), ids="/".join)
def test_every_row_of_the_table_has_a_case(row: tuple[str, str, str]) -> None:
    """Each row (a fixed rule, or a family under at least one site) is pinned by a case at its
    level; a row for `any` side is pinned on either side."""
    rule = RULES[row]
    ids = {rule.id.format(site=site) for site in SITES} if "{site}" in rule.id else {rule.id}
    assert any((rule_id, rule.level) in CASE_RULES for rule_id in ids)


# --- semantics around the rules ------------------------------------------------------------------


def test_type_change_hides_changes_below_it() -> None:
    """After a type change, fields of the new object are not reported as separately added."""
    changes = diff_specs(*response_pair(obj({"e": {}}), obj({"e": obj({"name": STR}, "name")})))
    assert [c.rule for c in changes] == ["response-property-type-changed"]
    assert "from any (untyped) to object" in changes[0].message


def test_refs_are_followed_and_cycles_stop() -> None:
    """Local `$ref`s resolve; a recursive schema is walked once, finding the change inside."""

    ref = {"$ref": "#/components/schemas/Node"}

    def node(value: dict[str, Any]) -> dict[str, Any]:
        return {"schemas": {"Node": obj({"value": value, "next": ref})}}

    changes = diff_specs(
        doc(op(response=ref), components=node(STR)), doc(op(response=ref), components=node(INT))
    )
    assert [(c.rule, c.location) for c in changes] == [
        ("response-property-type-changed", "responses.200.value")
    ]


def test_parameter_refs_and_path_level_parameters() -> None:
    """Parameters given by `$ref` or on the path item are the operation's parameters too."""
    components = {"parameters": {"Id": param("id", required=True)}}
    old = doc(op(params=[{"$ref": "#/components/parameters/Id"}]), components=components)
    new = doc(op(params=[]), components=components)
    new["paths"]["/v1/things"]["parameters"] = [param("id")]
    assert found(old, new) == {("request-parameter-became-optional", N, "parameters.query.id")}


def test_request_body_ref() -> None:
    """A request body given by `$ref` is resolved."""
    body = {"required": True, "content": {JSON: {"schema": obj({"x": STR})}}}
    components = {"requestBodies": {"B": body}}
    old = doc(op(requestBody={"$ref": "#/components/requestBodies/B"}), components=components)
    assert found(old, doc(op(body=obj({})))) == {("request-property-removed", B, "requestBody.x")}


def test_moved_operation_is_compared_under_its_new_label() -> None:
    """Changes inside a moved operation are reported against its new path."""
    old = doc(op(operationId="make", body=obj({"x": STR})))
    new = doc(op(operationId="make", body=obj({"x": STR, "y": STR})), path="/v2/things")
    assert {(c.rule, c.operation) for c in diff_specs(old, new)} == {
        ("api-path-moved", "POST /v2/things"),
        ("new-optional-request-property", "POST /v2/things"),
    }


def test_bodies_without_named_fields_do_not_count_as_moves() -> None:
    """Two string bodies at different paths are a removal and an addition, not a move."""
    old, new = doc(op(body=STR)), doc(op(body=STR), path="/v2/things")
    assert {c.rule for c in diff_specs(old, new)} == {
        "api-path-removed-without-deprecation",
        "endpoint-added",
    }


def test_default_that_misfits_its_type_is_noted() -> None:
    """Upstream's `"default": "5"` on an integer is flagged in the message."""
    (change,) = diff_specs(*body_pair(obj({"d": INT}), obj({"d": {**INT, "default": "5"}})))
    assert change.message.endswith("(note: the default is a string, not a valid integer)")


def test_response_enum_reason_mentions_open_enums() -> None:
    """Added response enum values are breaking for strict clients but tolerated by this one."""
    (change,) = diff_specs(
        *response_pair(obj({"s": {"enum": ["a"]}}), obj({"s": {"enum": ["a", "b"]}}))
    )
    assert change.reason == "breaking for strict clients; tolerated by this client's open enums"


def test_output_is_sorted_and_deterministic() -> None:
    """Changes come sorted by operation, location, rule; the same input gives the same list."""
    old = doc(op(body=obj({"b": STR, "a": STR}), response=obj({"z": STR, "y": STR})))
    new = doc(op(body=obj({}), response=obj({})))
    changes = diff_specs(old, new)
    keys = [(c.operation or "", c.location, c.rule, c.message) for c in changes]
    assert keys == sorted(keys)
    assert changes == diff_specs(old, new)


MISSING_REF = doc(op(response={"$ref": "#/components/schemas/Gone"}))
EXTERNAL_REF = doc(op(response={"$ref": "other.json#/X"}))


@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [
        pytest.param([], doc(), "old document: not a JSON object", id="not-an-object"),
        pytest.param(
            doc(), {"info": {}}, "new document: not an OpenAPI document", id="not-openapi"
        ),
        pytest.param(
            doc(), {"paths": []}, "new document: `paths` is not an object", id="paths-not-object"
        ),
        pytest.param(MISSING_REF, MISSING_REF, "does not resolve", id="missing-ref"),
        pytest.param(EXTERNAL_REF, EXTERNAL_REF, "outside the document", id="external-ref"),
    ],
)
def test_bad_input_raises_spec_error(old: Any, new: Any, fragment: str) -> None:
    """Documents that cannot be compared raise SpecError saying why."""
    with pytest.raises(SpecError, match=fragment):
        diff_specs(old, new)


# --- renderers -----------------------------------------------------------------------------------

SAMPLE = [
    Change(
        "request-property-removed",
        B,
        OP,
        "requestBody.x",
        "request property `x` removed",
        "code breaks",
    ),
    Change("endpoint-added", N, "GET /v1/a|b", "paths./v1/a|b.get", "operation added", "new"),
]


def test_text_lists_breaking_first_with_reasons_and_summary() -> None:
    """Plain text: one block per change, breaking first, then a summary line."""
    text = to_text(list(reversed(SAMPLE)))
    assert text.index("BREAKING") < text.index("non-breaking")
    assert "why: code breaks" in text
    assert text.endswith("2 changes: 1 breaking, 0 may break, 1 non-breaking.\n")


def test_text_of_no_changes() -> None:
    """An empty diff renders as a single line."""
    assert to_text([]) == "No changes.\n"
    assert summary([]) == "no changes"


def test_markdown_has_title_sections_and_escaped_cells() -> None:
    """Markdown: title, one table per level, pipes escaped inside cells."""
    md = to_markdown(SAMPLE, "Upstream changes")
    assert md.startswith("# Upstream changes\n")
    assert "## Breaking changes" in md
    assert "## Non-breaking changes" in md
    assert "`GET /v1/a\\|b`" in md
    assert md.count("\n| `") == 2


def test_markdown_omits_empty_sections() -> None:
    """A section without changes is left out."""
    assert "## Breaking changes" not in to_markdown(SAMPLE[1:], "t")


def test_json_round_trips() -> None:
    """JSON: a summary plus every field of every change."""
    report = json.loads(to_json(SAMPLE))
    assert report["summary"] == {"breaking": 1, "may-break": 0, "non-breaking": 1}
    assert [Change(**c) for c in report["changes"]] == SAMPLE


# --- CLI ------------------------------------------------------------------------------------------


def write(tmp_path: Path, name: str, content: Any) -> str:
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else json.dumps(content))
    return str(path)


@pytest.mark.parametrize(
    ("old", "new", "code"),
    [
        pytest.param(doc(op()), doc(op()), 0, id="no-changes"),
        pytest.param(*body_pair(obj({}), obj({"x": STR})), 0, id="only-non-breaking"),
        pytest.param(*body_pair(obj({"x": STR}), obj({})), 1, id="breaking"),
    ],
)
def test_cli_exit_code(
    tmp_path: Path, old: Any, new: Any, code: int, capsys: pytest.CaptureFixture[str]
) -> None:
    """Exit 0 without breaking changes, 1 with."""
    assert main([write(tmp_path, "old.json", old), write(tmp_path, "new.json", new)]) == code
    assert capsys.readouterr().out


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_cli_formats(tmp_path: Path, fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Each format prints its renderer's output."""
    old, new = body_pair(obj({"x": STR}), obj({}))
    args = [
        write(tmp_path, "a.json", old),
        write(tmp_path, "b.json", new),
        "--format",
        fmt,
        "--title",
        "T",
    ]
    assert main(args) == 1
    changes = diff_specs(old, new)
    expected = {
        "text": to_text(changes),
        "markdown": to_markdown(changes, "T"),
        "json": to_json(changes),
    }
    assert capsys.readouterr().out == expected[fmt]


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        # with a mirror of upstream the path may be a revision; without one it cannot be
        pytest.param(None, "is not a file|no such file", id="missing"),
        pytest.param("{not json", "cannot read it as JSON", id="not-json"),
        pytest.param("[1, 2]", "not an OpenAPI document", id="not-an-object"),
        pytest.param({"info": {}}, "not an OpenAPI document", id="not-openapi"),
        pytest.param(MISSING_REF, "does not resolve", id="bad-ref"),
    ],
)
def test_cli_bad_input_exits_2_naming_the_file(
    tmp_path: Path, content: Any, fragment: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Unreadable or unusable input exits 2 with a message naming the file."""
    bad = str(tmp_path / "bad.json") if content is None else write(tmp_path, "bad.json", content)
    # A bad $ref only bites where the walk reaches it, so the good file shares the operation.
    good = write(tmp_path, "good.json", MISSING_REF if content is MISSING_REF else doc(op()))
    assert main([bad, good]) == 2
    err = capsys.readouterr().err
    assert re.search(fragment, err)
    assert "bad.json" in err


def test_cli_names_the_new_file_when_it_is_the_bad_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A SpecError about the newer document names that file, not the older one."""
    good, bad = write(tmp_path, "good.json", doc()), write(tmp_path, "bad.json", {"paths": []})
    assert main([good, bad]) == 2
    assert (
        capsys.readouterr().err
        == f"error: {bad}: not an OpenAPI document (no top-level `openapi`)\n"
    )


def test_cli_runs_as_module(tmp_path: Path) -> None:
    """`python -m specpipe.diff` works and reports the exit code."""
    old, new = body_pair(obj({"x": STR}), obj({}))
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "specpipe.diff",
            write(tmp_path, "o.json", old),
            write(tmp_path, "n.json", new),
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.returncode == 1, result.stderr
    assert "request-property-removed" in result.stdout


# --- the real upstream history --------------------------------------------------------------------

UPSTREAM = default_mirror() or Path("no mirror")
CREATE, FETCH = "Veo2-Image-to-Video.json", "veo3-pair.json"
OLD_PATH, NEW_PATH = "/v2/generate/video/google/generation", "/v2/video/generations"
needs_upstream = pytest.mark.skipif(not UPSTREAM.is_dir(), reason=f"{UPSTREAM} not available")


@cache
def revisions() -> tuple[tuple[str, str], ...]:
    """(date, ref) of every published revision, oldest first."""
    index = json.loads((UPSTREAM / "index.json").read_text())
    return tuple(sorted((r["date"], r["ref"]) for r in index["revisions"]))


@cache
def upstream(date: str, name: str) -> dict[str, Any]:
    """One file at the revision of `date`; a file absent upstream is an empty document."""
    ref = dict(revisions())[date]
    path = UPSTREAM / ref / "docs/api-references/video-models/Google" / name
    return json.loads(path.read_text()) if path.exists() else {"openapi": "3.0.0", "paths": {}}


def upstream_diff(old_date: str, new_date: str, name: str) -> list[Change]:
    return diff_specs(upstream(old_date, name), upstream(new_date, name))


def tally(changes: list[Change]) -> tuple[int, int, int]:
    return tuple(sum(c.level == level for c in changes) for level in (B, W, N))  # type: ignore[return-value]


@needs_upstream
def test_duration_string_to_integer_enum() -> None:
    """2025-04-25: `duration` went from a string to an integer enum, breaking callers."""
    changes = upstream_diff("2025-03-18", "2025-04-25", CREATE)
    duration = [c for c in changes if c.rule == "request-property-type-changed"]
    assert [(c.level, c.operation, c.location) for c in duration] == [
        (B, f"POST {OLD_PATH}", "requestBody.duration")
    ]
    assert "from string to integer (enum 5, 6, 7, 8)" in duration[0].message


@needs_upstream
@pytest.mark.parametrize(("name", "status_change"), [(CREATE, True), (FETCH, False)])
def test_responses_gain_a_schema(name: str, status_change: bool) -> None:
    """2025-11-12: create went 201 (no schema) -> 200 with one; fetch's 200 gained one."""
    found_now = {
        (c.rule, c.level, c.location) for c in upstream_diff("2025-09-29", "2025-11-12", name)
    }
    expected = {("response-body-schema-added", N, "responses.200")}
    if status_change:
        expected.add(("response-success-status-changed", B, "responses.200"))
    assert found_now == expected


@needs_upstream
def test_tokens_used_became_credits_used() -> None:
    """2025-12-10: `meta.usage.tokens_used` was replaced by `credits_used` (a breaking removal)."""
    changes = upstream_diff("2025-11-20", "2025-12-10", CREATE)
    assert {(c.rule, c.level, c.location) for c in changes} == {
        ("response-required-property-removed", B, "responses.200.meta.usage.tokens_used"),
        ("response-required-property-added", N, "responses.200.meta.usage.credits_used"),
    }


@needs_upstream
def test_create_moved_to_the_universal_endpoint() -> None:
    """2025-12-23: create moved to /v2/video/generations, with a new operationId and typed error."""
    changes = upstream_diff("2025-12-10", "2025-12-23", CREATE)
    by_rule = {c.rule: c for c in changes}
    moved = by_rule["api-path-moved"]
    assert (moved.level, moved.operation) == (B, f"POST {NEW_PATH}")
    assert OLD_PATH in moved.message
    assert by_rule["api-operation-id-changed"].level == B
    assert "_v2_video_generations" in by_rule["api-operation-id-changed"].message
    error = by_rule["response-property-type-changed"]
    assert (error.level, error.location) == (B, "responses.200.error")
    assert not any(c.rule.startswith(("endpoint-added", "api-path-removed")) for c in changes)


@needs_upstream
def test_fetch_operation_disappears_with_its_file() -> None:
    """2026-01-09: veo3-pair.json (the only fetch operation) is gone upstream."""
    changes = upstream_diff("2025-12-23", "2026-01-09", FETCH)
    assert [(c.rule, c.operation) for c in changes] == [
        ("api-path-removed-without-deprecation", f"GET {OLD_PATH}")
    ]


# (breaking, may break, non-breaking) per consecutive pair and file; pairs where a file is absent
# on both sides are left out. A change here means the diff's judgement of real history changed.
# Against the two-level engine: the same rules at the same places, except that reworded
# descriptions are now reported (non-breaking: 2025-07-24, -08-11, -09-29) and the two optional
# response fields removed on 2025-12-23 are `may break` (oasdiff's WARN), no longer non-breaking.
HISTORY: dict[tuple[str, str], tuple[int, int, int]] = {
    ("2025-04-25", CREATE): (1, 0, 1),
    ("2025-07-24", CREATE): (0, 0, 4),
    ("2025-08-11", CREATE): (1, 0, 5),
    ("2025-09-29", CREATE): (0, 0, 1),
    ("2025-11-12", CREATE): (1, 0, 1),
    ("2025-12-10", CREATE): (1, 0, 1),
    ("2025-12-23", CREATE): (4, 2, 2),
    ("2025-06-10", FETCH): (0, 0, 1),
    ("2025-11-12", FETCH): (0, 0, 1),
    ("2026-01-09", FETCH): (1, 0, 0),
}


@needs_upstream
def test_whole_history_tally() -> None:
    """Every consecutive pair of the published revisions reports the pinned counts."""
    dates = [date for date, _ in revisions()]
    assert len(dates) == 16
    tallies = {}
    for old_date, new_date in itertools.pairwise(dates):
        for name in (CREATE, FETCH):
            changes = upstream_diff(old_date, new_date, name)
            assert all(c.rule in rule_ids() for c in changes)
            if changes:
                tallies[(new_date, name)] = tally(changes)
    assert tallies == HISTORY
