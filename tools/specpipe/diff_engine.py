"""Compare two OpenAPI 3.0 documents operation by operation."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from specpipe.diff_model import BREAKING, NON_BREAKING, Change, SpecError, sort_changes
from specpipe.diff_naming import check_naming
from specpipe.diff_operations import Operation, operations, pair_operations
from specpipe.diff_params import check_parameters
from specpipe.diff_refs import JsonObj, Resolver
from specpipe.diff_request import check_request_body
from specpipe.diff_responses import check_responses
from specpipe.diff_security import check_security


def diff_specs(old: Any, new: Any) -> list[Change]:
    """Every change from `old` to `new`, classified and sorted. Raises SpecError on bad input."""
    old_doc, new_doc = _document(old, "old"), _document(new, "new")
    old_res, new_res = Resolver(old_doc, "old"), Resolver(new_doc, "new")
    old_ops, new_ops = operations(old_doc, old_res), operations(new_doc, new_res)
    pairing = pair_operations(old_ops, new_ops, old_res, new_res)
    new_paths = {op.path for op in new_ops.values()}
    changes = [_removed(op, op.path in new_paths) for op in pairing.removed]
    changes += [_added(op) for op in pairing.added]
    for before, after in pairing.pairs:
        changes += _compare(before, after, (old_doc, new_doc), (old_res, new_res))
    return sort_changes(changes)


def _document(doc: Any, side: str) -> JsonObj:
    if not isinstance(doc, dict):
        raise SpecError(side, "not a JSON object")
    if "openapi" not in doc and "paths" not in doc:
        raise SpecError(side, "not an OpenAPI document (no `openapi` or `paths`)")
    for key in ("paths", "components"):
        if not isinstance(doc.get(key, {}), dict):
            raise SpecError(side, f"`{key}` is not an object")
    return doc


def _compare(
    old: Operation,
    new: Operation,
    docs: tuple[JsonObj, JsonObj],
    resolvers: tuple[Resolver, Resolver],
) -> Iterator[Change]:
    if (old.path, old.method) != (new.path, new.method):
        yield _moved(old, new)
    yield from check_naming(old, new)
    yield from check_parameters(old, new, *resolvers)
    yield from check_request_body(old, new, *resolvers)
    yield from check_responses(old, new, *resolvers)
    yield from check_security(old, new, *docs)


def _moved(old: Operation, new: Operation) -> Change:
    return Change(
        "api-path-moved",
        BREAKING,
        new.label,
        new.location,
        f"operation moved from {old.label} to {new.label}",
        f"calls to {old.path} fail: the old path is gone and the client must be regenerated",
    )


def _removed(op: Operation, path_still_there: bool) -> Change:
    scope = "api" if path_still_there else "api-path"
    deprecated = op.node.get("deprecated") is True
    rule = f"{scope}-removed-{'with' if deprecated else 'without'}-deprecation"
    reason = "the generated function disappears and calls to it fail"
    if deprecated:
        reason = "it was deprecated first, but the generated function still disappears"
    return Change(rule, BREAKING, op.label, op.location, f"operation {op.label} removed", reason)


def _added(op: Operation) -> Change:
    reason = "a new operation; nothing existing changes"
    return Change(
        "endpoint-added", NON_BREAKING, op.label, op.location, f"operation {op.label} added", reason
    )
