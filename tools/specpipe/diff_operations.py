"""Find the operations of two documents and pair them: same, moved, added or removed.

An operation "moved" when it left its old path and one with the same operationId, or the same
method and the same request body shape (media types, property names, required names), appeared
at another path. Upstream did exactly that: `POST /v2/generate/video/google/generation` became
`POST /v2/video/generations` with a new operationId and a slightly different body schema, so the
body is matched by shape, not by equality.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from specpipe.diff_refs import JsonObj, Resolver

METHODS: Final = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


@dataclass(frozen=True)
class Operation:
    path: str
    method: str
    node: JsonObj
    path_item: JsonObj

    @property
    def label(self) -> str:
        return f"{self.method.upper()} {self.path}"

    @property
    def location(self) -> str:
        return f"paths.{self.path}.{self.method}"

    @property
    def operation_id(self) -> str | None:
        value = self.node.get("operationId")
        return value if isinstance(value, str) and value else None


@dataclass(frozen=True)
class Pairing:
    """Operations of the old and new document, matched up."""

    pairs: list[tuple[Operation, Operation]]
    removed: list[Operation]
    added: list[Operation]


def operations(doc: JsonObj, resolver: Resolver) -> dict[tuple[str, str], Operation]:
    found = {}
    for path, raw_item in sorted(doc.get("paths", {}).items()):
        item, _ = resolver.deref(raw_item)
        for method in METHODS:
            if isinstance(item.get(method), dict):
                found[(path, method)] = Operation(path, method, item[method], item)
    return found


def pair_operations(
    old: dict[tuple[str, str], Operation],
    new: dict[tuple[str, str], Operation],
    old_res: Resolver,
    new_res: Resolver,
) -> Pairing:
    pairs = [(old[key], new[key]) for key in sorted(old.keys() & new.keys())]
    gone = [old[key] for key in sorted(old.keys() - new.keys())]
    fresh = [new[key] for key in sorted(new.keys() - old.keys())]
    for same in (_same_id, lambda a, b: _same_body(a, b, old_res, new_res)):
        for before in list(gone):
            after = next((op for op in fresh if same(before, op)), None)
            if after is not None:
                pairs.append((before, after))
                gone.remove(before)
                fresh.remove(after)
    return Pairing(pairs, gone, fresh)


def _same_id(old: Operation, new: Operation) -> bool:
    return old.operation_id is not None and old.operation_id == new.operation_id


def _same_body(old: Operation, new: Operation, old_res: Resolver, new_res: Resolver) -> bool:
    if old.method != new.method:
        return False
    shape = body_shape(old, old_res)
    return shape is not None and shape == body_shape(new, new_res)


def body_shape(op: Operation, resolver: Resolver) -> tuple[Any, ...] | None:
    """Media types with the property and required names of each; None without a body."""
    body, _ = resolver.deref(op.node.get("requestBody"))
    content = body.get("content")
    if not isinstance(content, dict) or not content:
        return None
    shape = []
    for media_type, media in sorted(content.items()):
        schema = resolver.schema(media.get("schema") if isinstance(media, dict) else None).node
        props = schema.get("properties")
        names = sorted(props) if isinstance(props, dict) else []
        required = schema.get("required")
        shape.append((media_type, names, sorted(required) if isinstance(required, list) else []))
    # Two bodies without named fields (a bare string, a file) say nothing about identity.
    return tuple(shape) if any(names for _, names, _ in shape) else None
