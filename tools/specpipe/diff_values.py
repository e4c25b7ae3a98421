"""Rules about the values one schema admits: nullable, type, format, enum, default."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, Final

from specpipe.diff_constraints import check_constraints
from specpipe.diff_model import BREAKING, NON_BREAKING, Change
from specpipe.diff_refs import JsonObj, json_type, schema_type
from specpipe.diff_site import Site

# Formats openapi-python-client turns into a Python type other than str.
_TYPED_FORMATS: Final = {"date-time": "datetime", "date": "date", "uuid": "UUID", "binary": "File"}
_STRICT_ENUM_REASON: Final = "breaking for strict clients; tolerated by this client's open enums"


def check_values(site: Site, path: str, old: JsonObj, new: JsonObj) -> Iterator[Change]:
    """Every value-level rule; after a type change the type-bound ones are skipped."""
    yield from _nullable(site, path, old, new)
    yield from _default(site, path, old, new)
    old_type, new_type = schema_type(old), schema_type(new)
    if old_type != new_type:
        yield _type_changed(site, path, old_type, new, new_type)
        return
    yield from _format(site, path, old.get("format"), new.get("format"))
    yield from _enum(site, path, old.get("enum"), new.get("enum"))
    yield from check_constraints(site, path, old, new)


def show(value: Any) -> str:
    """A value as JSON, so `"5"` and `5` read differently."""
    return json.dumps(value, sort_keys=True)


def _nullable(site: Site, path: str, old: JsonObj, new: JsonObj) -> Iterator[Change]:
    was, now = old.get("nullable") is True, new.get("nullable") is True
    if was == now:
        return
    what = site.subject(path)
    if now:
        yield site.change(
            site.rule(path, "became-nullable"),
            site.pick(request=NON_BREAKING, response=BREAKING),
            path,
            f"{what} became nullable",
            "null is accepted in addition to everything accepted before"
            if site.direction == "request"
            else "the value may now be null, which a strict client that expects a value rejects",
        )
    else:
        yield site.change(
            site.rule(path, "became-not-nullable"),
            site.pick(request=BREAKING, response=NON_BREAKING),
            path,
            f"{what} became not nullable",
            "callers that send null are now rejected"
            if site.direction == "request"
            else "the value is never null now; code that handles null still works",
        )


def _type_name(type_: str | None) -> str:
    return type_ or "any (untyped)"


def _type_changed(
    site: Site, path: str, old_type: str | None, new: JsonObj, new_type: str | None
) -> Change:
    message = (
        f"{site.subject(path)} type changed from {_type_name(old_type)} to {_type_name(new_type)}"
    )
    if isinstance(new.get("enum"), list):
        message += f" (enum {', '.join(show(v) for v in new['enum'])})"
    if site.direction == "request" and (old_type, new_type) == ("integer", "number"):
        return site.change(
            site.rule(path, "type-generalized"),
            NON_BREAKING,
            path,
            message,
            "every integer callers send today is still a valid number",
        )
    reason = (
        "values callers send today no longer match; the generated model's field type changes"
        if site.direction == "request"
        else "the generated model parses the field as a different type, so code reading it breaks"
    )
    return site.change(site.rule(path, "type-changed"), BREAKING, path, message, reason)


def _format(site: Site, path: str, old: Any, new: Any) -> Iterator[Change]:
    if old == new:
        return
    message = f"{site.subject(path)} format changed from {old or 'none'} to {new or 'none'}"
    typed = [f"{f} is {_TYPED_FORMATS[f]}" for f in (old, new) if f in _TYPED_FORMATS]
    if typed:
        reason = f"the generated client maps {'; '.join(typed)}, so the field's Python type changes"
        yield site.change(site.rule(path, "format-changed"), BREAKING, path, message, reason)
        return
    reason = (
        "the generated client keeps a plain str either way; the server may validate differently"
    )
    yield site.change(site.rule(path, "format-changed"), NON_BREAKING, path, message, reason)


def _enum(site: Site, path: str, old: Any, new: Any) -> Iterator[Change]:
    has_old, has_new = isinstance(old, list), isinstance(new, list)
    if has_old and has_new:
        yield from _enum_values(site, path, old, new)
    elif has_new:
        yield site.change(
            site.rule(path, "became-enum"),
            site.pick(request=BREAKING, response=NON_BREAKING),
            path,
            f"{site.subject(path)} was restricted to the values {', '.join(show(v) for v in new)}",
            "values outside the list that callers send today are now rejected"
            if site.direction == "request"
            else "responses are restricted to values that were already possible",
        )
    elif has_old:
        yield site.change(
            site.rule(path, "enum-dropped"),
            site.pick(request=NON_BREAKING, response=BREAKING),
            path,
            f"{site.subject(path)} is no longer restricted to a list of values",
            "every value accepted before is still accepted"
            if site.direction == "request"
            else "any value may now arrive, not only the listed ones; strict clients break",
        )


def _enum_values(site: Site, path: str, old: list[Any], new: list[Any]) -> Iterator[Change]:
    old_keys, new_keys = {show(v) for v in old}, {show(v) for v in new}
    what = site.subject(path)
    for value in sorted(old_keys - new_keys):
        yield site.change(
            site.rule(path, "enum-value-removed"),
            site.pick(request=BREAKING, response=NON_BREAKING),
            path,
            f"enum value {value} removed from {what}",
            "callers that send this value are now rejected, and the generated enum loses it"
            if site.direction == "request"
            else "the server no longer sends this value; code handling it simply never sees it",
        )
    for value in sorted(new_keys - old_keys):
        yield site.change(
            site.rule(path, "enum-value-added"),
            site.pick(request=NON_BREAKING, response=BREAKING),
            path,
            f"enum value {value} added to {what}",
            "callers may send one more value; every old value still works"
            if site.direction == "request"
            else _STRICT_ENUM_REASON,
        )


def _default(site: Site, path: str, old: JsonObj, new: JsonObj) -> Iterator[Change]:
    """Request defaults only: they decide what a caller who omits the field gets."""
    if site.direction != "request" or ("default" not in old and "default" not in new):
        return
    if "default" in old and "default" in new and show(old["default"]) == show(new["default"]):
        return
    what, rule = site.subject(path), site.rule(path, "default-value")
    if "default" not in old:
        message = f"{what} gained the default {show(new['default'])}{_misfit(new)}"
        reason = "not breaking, but callers that omit it now get this value from the server"
        yield site.change(f"{rule}-added", NON_BREAKING, path, message, reason)
    elif "default" not in new:
        message = f"{what} lost its default {show(old['default'])}"
        reason = "not breaking, but callers that omit it no longer get a documented value"
        yield site.change(f"{rule}-removed", NON_BREAKING, path, message, reason)
    else:
        change = f"from {show(old['default'])} to {show(new['default'])}"
        message = f"{what} default changed {change}{_misfit(new)}"
        reason = "not breaking, but notable: callers that omit it now get a different value"
        yield site.change(f"{rule}-changed", NON_BREAKING, path, message, reason)


def _misfit(schema: JsonObj) -> str:
    """A note when a default does not match the declared type (upstream has `"5"` on an integer)."""
    declared, actual = schema_type(schema), json_type(schema.get("default"))
    fits = declared in (None, actual) or (declared, actual) == ("number", "integer")
    return "" if fits else f" (note: the default is a {actual}, not a valid {declared})"
