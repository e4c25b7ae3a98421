"""spec/openapi.json as data: its operations, their schemas, and OpenAPI 3.0 validation.

Everything the harness knows about "what the API should do" comes from here, so that a change
to the spec changes every check at once.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import FormatChecker
from jsonschema.exceptions import ValidationError
from openapi_schema_validator import OAS30Validator, oas30_format_checker

REPO_ROOT = Path(__file__).resolve().parent.parent
SPEC_PATH = REPO_ROOT / "spec" / "openapi.json"

Json = dict[str, Any]


@dataclass(frozen=True)
class Operation:
    """One operation of the spec, with what a request and a response to it must look like."""

    operation_id: str
    method: str  # upper case
    path: str
    raw: Json

    @property
    def parameters(self) -> list[Json]:
        return list(self.raw.get("parameters", []))

    @property
    def request_schema(self) -> Json | None:
        body = self.raw.get("requestBody")
        if body is None:
            return None
        schema: Json = resolve(body["content"]["application/json"]["schema"])
        # Resolved, the oneOf's branches are inline; the discriminator's mapping still names
        # them by $ref. Each branch takes only its own `model`, so the oneOf alone decides.
        schema.pop("discriminator", None)
        return schema

    @property
    def documented_statuses(self) -> frozenset[int]:
        return frozenset(int(code) for code in self.raw["responses"] if code.isdigit())

    @property
    def requires_auth(self) -> bool:
        return bool(self.raw.get("security", load_spec().get("security", [])))

    def response_schema(self, status: int) -> Json | None:
        response = self.raw["responses"].get(str(status))
        if response is None:
            return None
        content = response.get("content", {}).get("application/json")
        schema: Json | None = None if content is None else resolve(content["schema"])
        return schema

    def response_media_types(self, status: int) -> frozenset[str]:
        response = self.raw["responses"].get(str(status), {})
        return frozenset(response.get("content", {}))

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


@cache
def load_spec() -> Json:
    spec: Json = json.loads(SPEC_PATH.read_text(encoding="utf-8"))
    return spec


def operations() -> dict[str, Operation]:
    """Every operation of the spec, by operationId."""
    found: dict[str, Operation] = {}
    for path, item in load_spec()["paths"].items():
        for method, raw in item.items():
            if method in {"get", "put", "post", "delete", "patch", "head", "options", "trace"}:
                found[raw["operationId"]] = Operation(raw["operationId"], method.upper(), path, raw)
    return found


def operation(operation_id: str) -> Operation:
    return operations()[operation_id]


def find_operation(method: str, path: str) -> Operation | None:
    """The operation a request to `method path` targets, if the spec has one."""
    for op in operations().values():
        if op.method == method.upper() and op.path == path:
            return op
    return None


# The docs say the legacy path still works; the vendor's page creates (POST) and fetches there.
LEGACY_PATH = "/v2/generate/video/google/generation"


def resolve(node: Any, root: Json | None = None) -> Any:
    """A copy of `node` with every local `$ref` replaced by what it points at.

    The spec has no recursive schemas (the normalizer prunes to what the operations reach), so
    plain substitution terminates; validators and walkers then need no reference resolver.
    """
    root = load_spec() if root is None else root
    if isinstance(node, list):
        return [resolve(item, root) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        target: Any = root
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        return resolve(target, root)
    return {key: resolve(value, root) for key, value in node.items()}


# OpenAPI says `format: uri` is an absolute URI; jsonschema checks it only with an optional
# package. A scheme is what separates an absolute URI from a bare path, and is what we check.
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:\S*$")


def _format_checker() -> FormatChecker:
    checker = FormatChecker()
    checker.checkers = dict(oas30_format_checker.checkers)
    checker.checks("uri")(lambda value: not isinstance(value, str) or bool(_URI.match(value)))
    return checker


FORMAT_CHECKER = _format_checker()


def validator(schema: Json) -> OAS30Validator:
    """An OpenAPI 3.0 validator (`nullable` understood) that also checks `format: uri`."""
    return OAS30Validator(schema, format_checker=FORMAT_CHECKER)


def validation_errors(schema: Json, instance: Any) -> list[ValidationError]:
    """Every way `instance` breaks `schema`, deepest first within each branch; for a oneOf of
    models, the errors of the branch the instance's `model` names (not "none matched")."""
    model = instance.get("model") if isinstance(instance, dict) else None
    schema = next((b for b in schema.get("oneOf", []) if _names(b, model)), schema)
    return sorted(validator(schema).iter_errors(instance), key=lambda e: list(e.absolute_path))


def _names(branch: Json, model: Any) -> bool:
    return model in branch.get("properties", {}).get("model", {}).get("enum", [])


def undocumented_fields(schema: Json, instance: Any, where: str = "") -> Iterator[str]:
    """JSON pointers of object members the schema does not name (extra fields).

    The spec leaves `additionalProperties` open, so validation accepts them; the harness still
    reports them, because a field the spec does not know is a field the models keep untyped.
    """
    if not isinstance(instance, Mapping) or schema.get("type") not in (None, "object"):
        return
    properties: Mapping[str, Json] = schema.get("properties", {})
    for key, value in instance.items():
        pointer = f"{where}/{key}"
        if key not in properties:
            yield pointer
        else:
            yield from undocumented_fields(properties[key], value, pointer)
