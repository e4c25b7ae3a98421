"""Does a generated attrs model hold exactly what a schema describes, with the right types?

`schema_model_problems(schema, Model)` walks both side by side and lists every disagreement:
a property without a field (or the reverse), a type that is not the schema's, a required
property with a default, a default that is not the spec's, an enum with other values.
An empty list means the model is a faithful image of the schema.
"""

from __future__ import annotations

import builtins
import enum
import keyword
import re
import types
import typing
from typing import Any

import attrs
from aimlapi_veo_api import models
from aimlapi_veo_api import types as api_types
from aimlapi_veo_api.types import Unset

from .spec import Json

MODEL_NAMESPACE = {**vars(models), **vars(api_types)}
_SCALARS: dict[str, type] = {"string": str, "integer": int, "number": float, "boolean": bool}
_IGNORED_FIELDS = {"additional_properties"}


def field_name(prop: str, prefix: str = "field_", *, camel: bool = True) -> str:
    """The Python name openapi-python-client gives a property (see generator-config field_prefix):
    camelCase becomes snake_case (`statusCode` -> `status_code`), a non-identifier is prefixed.
    `camel=False` keeps the case: for keys drawn at random, where `aspectRatio` is an extra
    member and must not land in the `aspect_ratio` field."""
    snake = _CAMEL.sub("_", prop).lower() if camel and prop.isidentifier() else prop
    if snake in _RESERVED:  # the generator's rule: a builtin's name gets a trailing `_`
        return f"{snake}_"
    return snake if snake.isidentifier() and not keyword.iskeyword(snake) else f"{prefix}{snake}"


_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_RESERVED = (set(dir(builtins)) | {"self", "true", "false", "datetime"}) - {"id"}


def schema_model_problems(schema: Json, model: type, where: str = "") -> list[str]:
    """Every way `model` (an attrs class) departs from the object `schema`."""
    where = where or model.__name__
    properties: dict[str, Json] = schema.get("properties", {})
    required = set(schema.get("required", []))
    fields = {f.name: f for f in attrs.fields(model) if f.name not in _IGNORED_FIELDS}
    hints = typing.get_type_hints(model, localns=MODEL_NAMESPACE)
    known = {field_name(prop) for prop in properties}
    problems = [
        f"{where}: field {name} is not in the schema" for name in fields if name not in known
    ]
    for prop, prop_schema in properties.items():
        name = field_name(prop)
        if name not in fields:
            problems.append(f"{where}.{prop}: the schema has it, the model has no field {name}")
            continue
        field_where = f"{where}.{prop}"
        problems += _default_problems(prop_schema, fields[name], prop in required, field_where)
        problems += annotation_problems(prop_schema, hints[name], prop in required, field_where)
    return problems


def annotation_problems(schema: Json, annotation: Any, required: bool, where: str) -> list[str]:
    """Whether one field's annotation is `T`, `T | None` (nullable), `T | Unset` (optional)."""
    members = set(typing.get_args(annotation)) if _is_union(annotation) else {annotation}
    problems = []
    if (type(None) in members) != bool(schema.get("nullable")):
        problems.append(
            f"{where}: nullable is {schema.get('nullable', False)}, type is {annotation}"
        )
    if (Unset in members) == required:
        problems.append(f"{where}: required is {required}, type is {annotation}")
    rest = members - {type(None), Unset}
    if "oneOf" in schema:
        return problems + one_of_problems(schema["oneOf"], rest, where)
    if len(rest) != 1:
        return [*problems, f"{where}: expected one value type, found {sorted(map(str, rest))}"]
    return problems + value_type_problems(schema, rest.pop(), where)


def one_of_problems(branches: list[Json], members: set[Any], where: str) -> list[str]:
    """A `oneOf` is a union: one member type per branch, each faithful to its branch."""
    if len(members) != len(branches):
        return [f"{where}: {len(branches)} oneOf branches, union of {sorted(map(str, members))}"]
    problems = []
    for n, branch in enumerate(branches):
        if not any(not value_type_problems(branch, member, where) for member in members):
            problems.append(f"{where}: oneOf branch {n} ({branch}) has no member type in the union")
    return problems


def value_type_problems(schema: Json, value_type: Any, where: str) -> list[str]:
    kind = schema.get("type")
    if "enum" in schema:
        return _enum_problems(schema, value_type, where)
    if kind == "object" and "properties" in schema:
        if not attrs.has(value_type):
            return [f"{where}: an object schema, but the type is {value_type}"]
        return schema_model_problems(schema, value_type, f"{where}<{value_type.__name__}>")
    if kind == "array":
        if typing.get_origin(value_type) is not list:
            return [f"{where}: an array schema, but the type is {value_type}"]
        return value_type_problems(schema["items"], typing.get_args(value_type)[0], f"{where}[]")
    expected = _SCALARS.get(kind or "", dict)
    if value_type is not expected:
        return [f"{where}: schema type {kind!r} wants {expected.__name__}, model has {value_type}"]
    return []


def _enum_problems(schema: Json, value_type: Any, where: str) -> list[str]:
    """A request enum is a Literal of its values, an answer's an (open) Enum class."""
    base = _SCALARS.get(schema.get("type", ""), object)
    if typing.get_origin(value_type) is typing.Literal:
        values = sorted(typing.get_args(value_type))
        wrong = [v for v in values if not isinstance(v, base)]
        problems = [f"{where}: enum values are {base.__name__}, {wrong} are not"] if wrong else []
        if values != sorted(schema["enum"]):
            problems.append(
                f"{where}: the schema lists {sorted(schema['enum'])}, the model {values}"
            )
        return problems
    if not (isinstance(value_type, type) and issubclass(value_type, enum.Enum)):
        return [f"{where}: an enum in the schema, {value_type} in the model"]
    problems = []
    if not issubclass(value_type, base):
        problems.append(f"{where}: enum values are {base.__name__}, {value_type} is not")
    values = sorted(member.value for member in value_type)
    if values != sorted(schema["enum"]):
        problems.append(f"{where}: the schema lists {sorted(schema['enum'])}, the model {values}")
    return problems


def _default_problems(schema: Json, field: Any, required: bool, where: str) -> list[str]:
    has_default = field.default is not attrs.NOTHING
    if required:  # a default only where the spec gives one (`model`: its one value)
        wrong = has_default and field.default != schema.get("default", attrs.NOTHING)
        return [f"{where}: required, but the model has a default"] if wrong else []
    if not has_default:
        return [f"{where}: optional, but the model field has no default"]
    expected = schema.get("default", api_types.UNSET)
    if "default" in schema and field.default != expected:
        return [f"{where}: the spec's default is {expected!r}, the model's {field.default!r}"]
    if "default" not in schema and not isinstance(field.default, Unset):
        return [f"{where}: the spec has no default, the model has {field.default!r}"]
    return []


def _is_union(annotation: Any) -> bool:
    return typing.get_origin(annotation) in (typing.Union, types.UnionType)


def runtime_type_problems(instance: Any, where: str = "") -> list[str]:
    """Fields of a parsed model whose value is not of the annotated type (attrs checks none).

    The generated `from_dict` copies scalars through unchecked, so `{"id": 7}` parses into a
    `Generation` whose `id` is an int although it is annotated `str`: no exception, but typed
    callers are misled. This is how the harness finds out.
    """
    cls = type(instance)
    where = where or cls.__name__
    hints = typing.get_type_hints(cls, localns=MODEL_NAMESPACE)
    problems = []
    for field in attrs.fields(cls):
        if field.name in _IGNORED_FIELDS:
            continue
        value = getattr(instance, field.name)
        annotation = hints[field.name]
        members = typing.get_args(annotation) if _is_union(annotation) else (annotation,)
        if not any(_is_instance(value, member) for member in members):
            shown = type(value).__name__
            problems.append(f"{where}.{field.name} is {shown} {value!r}, annotated {annotation}")
        elif attrs.has(type(value)):
            problems += runtime_type_problems(value, f"{where}.{field.name}")
    return problems


def _is_instance(value: Any, member: Any) -> bool:
    if member is type(None):
        return value is None
    if member is float:
        # JSON has one number type; an int where float is annotated is what Python allows too.
        return isinstance(value, int | float) and not isinstance(value, bool)
    if member in (int, str) and isinstance(value, bool):
        return False
    origin = typing.get_origin(member)
    if origin is typing.Literal:
        return value in typing.get_args(member)
    return isinstance(value, origin or member)


def build_model(model: Any, data: Json) -> Any:
    """A model instance made through its constructor (typed values), not through from_dict."""
    hints = typing.get_type_hints(model, localns=MODEL_NAMESPACE)
    names = {field_name(key, camel=False): key for key in data}
    fields = {f.name for f in attrs.fields(model)} - {"additional_properties"}
    instance = model(
        **{name: _typed(hints[name], data[key]) for name, key in names.items() if name in fields}
    )
    for name, key in names.items():
        if name not in fields:
            instance[key] = data[key]
    return instance


def _typed(annotation: Any, value: Any) -> Any:
    """`value` as the field's own type: enum values become members, objects become models."""
    members = typing.get_args(annotation) or (annotation,)
    for member in members:
        if isinstance(member, type) and issubclass(member, enum.Enum) and value is not None:
            return member(value)
        if attrs.has(member) and isinstance(value, dict):
            return build_model(member, value)
    return value
