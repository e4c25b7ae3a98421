"""Lazy `$ref` resolution, so only what an operation reaches is ever read.

Upstream's full-size documents carry hundreds of components of which each operation reaches one;
resolving on demand keeps a diff of two 2 MB documents in the milliseconds. Every resolved schema
also reports the refs it passed through, which the schema walk uses as its cycle guard.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from specpipe.diff_model import SpecError

JsonObj = dict[str, Any]
_MAX_HOPS = 64


@dataclass(frozen=True)
class Resolved:
    """A schema with its `$ref` chain followed and `allOf` merged; `refs` are the refs followed."""

    node: JsonObj
    refs: frozenset[str]


class Resolver:
    """Follows local `$ref`s (`#/...`) inside one document."""

    def __init__(self, doc: JsonObj, side: str) -> None:
        self._doc = doc
        self._side = side

    def deref(self, node: Any) -> tuple[JsonObj, frozenset[str]]:
        """Follow a `$ref` chain to an object; a non-object (or missing node) becomes `{}`."""
        refs: set[str] = set()
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            if ref in refs or len(refs) > _MAX_HOPS:
                raise SpecError(self._side, f"$ref {ref!r} refers to itself")
            refs.add(ref)
            node = self.pointer(ref)
        return (node if isinstance(node, dict) else {}), frozenset(refs)

    def pointer(self, ref: str) -> Any:
        if not ref.startswith("#"):
            detail = f"$ref {ref!r} points outside the document; only local refs are supported"
            raise SpecError(self._side, detail)
        node: Any = self._doc
        for raw in ref[1:].split("/")[1:]:
            key = unquote(raw).replace("~1", "/").replace("~0", "~")
            if isinstance(node, list) and key.isdigit() and int(key) < len(node):
                node = node[int(key)]
            elif isinstance(node, dict) and key in node:
                node = node[key]
            else:
                raise SpecError(self._side, f"$ref {ref!r} does not resolve (no {key!r})")
        return node

    def schema(self, node: Any) -> Resolved:
        """The schema `node` stands for, with `allOf` parts merged into one object."""
        return self._flatten(node, frozenset())

    def _flatten(self, node: Any, seen: frozenset[str]) -> Resolved:
        target, refs = self.deref(node)
        refs |= seen
        parts = target.get("allOf")
        if not isinstance(parts, list) or not parts:
            return Resolved(target, refs)
        merged: JsonObj = {k: v for k, v in target.items() if k != "allOf"}
        for part in parts:
            if isinstance(part, dict) and part.get("$ref") in refs:
                continue  # an allOf that includes itself adds nothing new
            sub = self._flatten(part, refs)
            refs |= sub.refs
            _merge_into(merged, sub.node)
        return Resolved(merged, refs)


def _merge_into(merged: JsonObj, part: JsonObj) -> None:
    """allOf semantics, simplified: properties and required lists add up; other keys fill gaps."""
    for key, value in part.items():
        if key == "properties" and isinstance(value, dict):
            merged["properties"] = {**merged.get("properties", {}), **value}
        elif key == "required" and isinstance(value, list):
            merged["required"] = sorted({*merged.get("required", []), *value})
        else:
            merged.setdefault(key, value)


def schema_type(schema: JsonObj) -> str | None:
    """The JSON type a schema describes; a missing `type` is inferred; None means any value."""
    declared = schema.get("type")
    if isinstance(declared, str):
        return declared
    if "properties" in schema or "additionalProperties" in schema:
        return "object"
    if "items" in schema:
        return "array"
    values = schema.get("enum")
    if isinstance(values, list) and values:
        kinds = {json_type(v) for v in values if v is not None}
        if kinds == {"integer", "number"}:
            return "number"
        return kinds.pop() if len(kinds) == 1 else None
    return None


def json_type(value: Any) -> str:
    """The JSON Schema type name of a Python value decoded from JSON."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "null" if value is None else "object"
