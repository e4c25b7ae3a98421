"""What the generated function is called and where it lives: operationId, first tag, deprecation.

openapi-python-client names each function after the operationId (or, without one, after method
and path) and files it in the module of the operation's first tag (`api/<tag>/`, `default` when
untagged). A change to either moves or renames code that callers import.
"""

from __future__ import annotations

from collections.abc import Iterator

from specpipe.diff_model import BREAKING, NON_BREAKING, Change
from specpipe.diff_operations import Operation

_RENAMED = "the generated function is named after the operationId, so callers of the old name break"


def check_naming(old: Operation, new: Operation) -> Iterator[Change]:
    yield from _operation_id(old, new)
    yield from _first_tag(old, new)
    yield from _deprecation(old, new)


def _operation_id(old: Operation, new: Operation) -> Iterator[Change]:
    before, after = old.operation_id, new.operation_id
    if before == after:
        return
    if before is None:
        rule, message = "api-operation-id-added", f"operationId `{after}` added"
    elif after is None:
        rule, message = "api-operation-id-removed", f"operationId `{before}` removed"
    else:
        rule, message = (
            "api-operation-id-changed",
            f"operationId changed from `{before}` to `{after}`",
        )
    yield Change(rule, BREAKING, new.label, "operationId", message, _RENAMED)


def _first_tag(old: Operation, new: Operation) -> Iterator[Change]:
    before, after = _tag(old), _tag(new)
    if before == after:
        return
    yield Change(
        "api-tag-changed",
        BREAKING,
        new.label,
        "tags",
        f"first tag changed from `{before}` to `{after}`",
        f"the generated client files functions by first tag, so the import moves from the "
        f"`{before}` package under api/ to the `{after}` one",
    )


def _tag(op: Operation) -> str:
    tags = op.node.get("tags")
    return str(tags[0]) if isinstance(tags, list) and tags else "default"


def _deprecation(old: Operation, new: Operation) -> Iterator[Change]:
    before, after = old.node.get("deprecated") is True, new.node.get("deprecated") is True
    if before == after:
        return
    if after:
        message, rule = "operation deprecated", "endpoint-deprecated"
        reason = "it still works; deprecation announces that it may be removed"
    else:
        message, rule = "operation no longer deprecated", "endpoint-reactivated"
        reason = "nothing changes for callers; the removal warning is withdrawn"
    yield Change(rule, NON_BREAKING, new.label, "deprecated", message, reason)
