"""Generic repairs: fixes for classes of upstream defects, so that any revision goes through.

Each repair is a function over one schema (or one response) that mends it in place and says
what it did. Every repair applied is reported by name and location, so nothing is silent.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

Json = dict[str, Any]
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "object": (dict,),
    "array": (list,),
}


@dataclass(frozen=True)
class Repair:
    name: str
    location: str
    detail: str

    def __str__(self) -> str:
        return f"{self.name} at {self.location}: {self.detail}"


def has_type(value: object, schema_type: str) -> bool:
    if isinstance(value, bool) and schema_type in ("integer", "number"):
        return False
    return isinstance(value, JSON_TYPES.get(schema_type, (object,)))


def infer_type(values: list[Any]) -> str | None:
    for name in ("boolean", "integer", "number", "string"):
        if values and all(has_type(v, name) for v in values):
            return name
    return None


def coerce(value: object, schema_type: str) -> object | None:
    """`value` as `schema_type` when that loses nothing ("5" -> 5), else None."""
    text = str(value)
    candidates: dict[str, Callable[[str], object]] = {
        "integer": int,
        "number": float,
        "string": str,
        "boolean": {"true": True, "false": False}.__getitem__,
    }
    try:
        converted = candidates[schema_type](text)
    except (KeyError, ValueError):
        return None
    return converted if str(converted).lower() == text.lower() else None


def enum_without_type(schema: Json, where: str) -> list[Repair]:
    if "enum" not in schema or "type" in schema or "$ref" in schema:
        return []
    inferred = infer_type(schema["enum"])
    if inferred is None:
        return []
    schema["type"] = inferred
    return [Repair("enum-without-type", where, f"type {inferred} inferred from the enum values")]


def untyped_schema(schema: Json, where: str) -> list[Repair]:
    if "type" in schema or any(k in schema for k in ("$ref", "allOf", "anyOf", "oneOf", "enum")):
        return []
    if "properties" in schema:
        schema["type"] = "object"
        return [Repair("untyped-schema", where, "type object inferred from its properties")]
    if "items" in schema:
        schema["type"] = "array"
        return [Repair("untyped-schema", where, "type array inferred from its items")]
    if schema.pop("nullable", None) is not None:
        # OAS 3.0: nullable without a type means nothing; the schema already accepts anything.
        return [Repair("untyped-schema", where, "`nullable` without `type` removed (any value)")]
    return []


def default_type_mismatch(schema: Json, where: str) -> list[Repair]:
    schema_type = schema.get("type")
    if "default" not in schema or not isinstance(schema_type, str):
        return []
    default = schema["default"]
    if default is None or has_type(default, schema_type):
        return []
    converted = coerce(default, schema_type)
    if converted is not None and converted in schema.get("enum", [converted]):
        schema["default"] = converted
        return [Repair("default-type-mismatch", where, f"default {default!r} -> {converted!r}")]
    del schema["default"]
    return [
        Repair(
            "default-type-mismatch", where, f"default {default!r} is not a {schema_type}: removed"
        )
    ]


def required_not_in_properties(schema: Json, where: str) -> list[Repair]:
    properties = schema.get("properties")
    required = schema.get("required")
    if not isinstance(properties, dict) or not isinstance(required, list):
        return []
    unknown = [name for name in required if name not in properties]
    if not unknown:
        return []
    schema["required"] = [name for name in required if name in properties]
    if not schema["required"]:
        del schema["required"]
    return [Repair("required-not-in-properties", where, f"dropped {unknown} from required")]


SCHEMA_REPAIRS = (
    enum_without_type,
    untyped_schema,
    default_type_mismatch,
    required_not_in_properties,
)


def mapping(value: object) -> Json:
    """`value` if it is an object, else empty: malformed parts are left for validation to name."""
    return value if isinstance(value, dict) else {}


def subschemas(schema: Json, where: str) -> Iterator[tuple[Json, str]]:
    """Every schema nested in `schema`, depth first, with its location."""
    yield schema, where
    for name, child in schema.get("properties", {}).items():
        yield from subschemas(child, f"{where}.properties.{name}")
    for key in ("items", "additionalProperties", "not"):
        if isinstance(schema.get(key), dict):
            yield from subschemas(schema[key], f"{where}.{key}")
    for key in ("allOf", "anyOf", "oneOf"):
        for index, child in enumerate(schema.get(key, [])):
            yield from subschemas(child, f"{where}.{key}[{index}]")


def document_schemas(document: Json) -> Iterator[tuple[Json, str]]:
    for path, item in document.get("paths", {}).items():
        for method in HTTP_METHODS:
            operation = item.get(method)
            if not isinstance(operation, dict):
                continue
            where = f"{method.upper()} {path}"
            for param in operation.get("parameters", []):
                if "schema" in param:
                    yield from subschemas(param["schema"], f"{where} parameter {param.get('name')}")
            for media, content in mapping(
                mapping(operation.get("requestBody")).get("content")
            ).items():
                if "schema" in mapping(content):
                    yield from subschemas(content["schema"], f"{where} request {media}")
            for status, response in mapping(operation.get("responses")).items():
                for media, content in mapping(mapping(response).get("content")).items():
                    if "schema" in mapping(content):
                        yield from subschemas(content["schema"], f"{where} {status} {media}")
    for name, schema in document.get("components", {}).get("schemas", {}).items():
        yield from subschemas(schema, f"#/components/schemas/{name}")


def missing_response_description(document: Json) -> list[Repair]:
    repairs = []
    for path, item in document.get("paths", {}).items():
        for method in HTTP_METHODS:
            for status, response in mapping(mapping(item.get(method)).get("responses")).items():
                if (
                    not isinstance(response, dict)
                    or "$ref" in response
                    or "description" in response
                ):
                    continue
                phrase = HTTPStatus(int(status)).phrase if status.isdigit() else "Response"
                response["description"] = phrase
                where = f"{method.upper()} {path} response {status}"
                repairs.append(Repair("missing-response-description", where, f"added {phrase!r}"))
    return repairs


SCHEME_FIELDS = {
    "http": {"type", "description", "scheme", "bearerFormat"},
    "apiKey": {"type", "description", "name", "in"},
    "oauth2": {"type", "description", "flows"},
    "openIdConnect": {"type", "description", "openIdConnectUrl"},
}


def security_scheme_extra_fields(document: Json) -> list[Repair]:
    """Drop fields that belong to another kind of scheme (e.g. `in` on an http bearer scheme)."""
    repairs = []
    for name, scheme in document.get("components", {}).get("securitySchemes", {}).items():
        allowed = SCHEME_FIELDS.get(scheme.get("type"), set(scheme))
        extra = sorted(k for k in scheme if k not in allowed and not k.startswith("x-"))
        for key in extra:
            del scheme[key]
        if extra:
            where = f"#/components/securitySchemes/{name}"
            repairs.append(
                Repair(
                    "security-scheme-extra-field",
                    where,
                    f"removed {extra} (not for type {scheme['type']})",
                )
            )
    return repairs


def repair_document(document: Json) -> list[Repair]:
    """Mend every known defect class in place; return what was done, in document order."""
    repairs = missing_response_description(document) + security_scheme_extra_fields(document)
    for schema, where in document_schemas(document):
        for repair in SCHEMA_REPAIRS:
            repairs.extend(repair(schema, where))
    return repairs
