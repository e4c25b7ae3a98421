"""Parameters: added, removed, required flag, and their schemas.

Each parameter becomes a keyword argument of the generated function, so removing one breaks
every call that passes it (a TypeError), and a new required one breaks every call that doesn't.
"""

from __future__ import annotations

from collections.abc import Iterator

from specpipe.diff_model import BREAKING, NON_BREAKING, Change
from specpipe.diff_operations import Operation
from specpipe.diff_refs import JsonObj, Resolver
from specpipe.diff_schema import compare_schema
from specpipe.diff_site import parameter_site

Params = dict[tuple[str, str], JsonObj]


def check_parameters(
    old: Operation, new: Operation, old_res: Resolver, new_res: Resolver
) -> Iterator[Change]:
    before, after = effective_parameters(old, old_res), effective_parameters(new, new_res)
    for where, name in sorted(before.keys() | after.keys()):
        old_param, new_param = before.get((where, name)), after.get((where, name))
        location = f"parameters.{where}.{name}"
        noun = f"{where} parameter `{name}`"
        if new_param is None:
            reason = "the generated function loses this argument; calls that pass it fail"
            message = f"{noun} removed"
            yield Change(
                "request-parameter-removed", BREAKING, new.label, location, message, reason
            )
        elif old_param is None:
            yield _added(new.label, location, noun, required=_required(new_param))
        else:
            if _required(old_param) != _required(new_param):
                yield _required_changed(new.label, location, noun, _required(new_param))
            site = parameter_site(new.label, where, name, old_res, new_res)
            yield from compare_schema(site, old_param.get("schema"), new_param.get("schema"))


def effective_parameters(op: Operation, resolver: Resolver) -> Params:
    """Path-level parameters, overridden by operation-level ones with the same `in` and name."""
    found: Params = {}
    for raw in [*_as_list(op.path_item.get("parameters")), *_as_list(op.node.get("parameters"))]:
        param, _ = resolver.deref(raw)
        where, name = param.get("in"), param.get("name")
        if isinstance(where, str) and isinstance(name, str):
            found[(where, name)] = param
    return found


def _as_list(value: object) -> list[object]:
    return value if isinstance(value, list) else []


def _required(param: JsonObj) -> bool:
    return param.get("in") == "path" or param.get("required") is True


def _added(operation: str, location: str, noun: str, *, required: bool) -> Change:
    if required:
        reason = "calls that do not pass it are rejected; the function gains a required argument"
        return Change(
            "new-required-request-parameter",
            BREAKING,
            operation,
            location,
            f"required {noun} added",
            reason,
        )
    reason = "it is optional, so existing calls keep working"
    return Change(
        "new-optional-request-parameter",
        NON_BREAKING,
        operation,
        location,
        f"optional {noun} added",
        reason,
    )


def _required_changed(operation: str, location: str, noun: str, required: bool) -> Change:
    if required:
        reason = "calls that omit it are now rejected; the generated argument loses its default"
        return Change(
            "request-parameter-became-required",
            BREAKING,
            operation,
            location,
            f"{noun} became required",
            reason,
        )
    return Change(
        "request-parameter-became-optional",
        NON_BREAKING,
        operation,
        location,
        f"{noun} became optional",
        "calls that pass it keep working",
    )
