"""Walk two schemas side by side: values here, then properties, array items and variants.

Recursive schemas are common in generated gateways (a node that contains nodes); the walk stops
when it meets a pair of `$ref` chains it is already inside, so each cycle is compared once.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from specpipe.diff_model import BREAKING, NON_BREAKING, Change, join_path
from specpipe.diff_refs import JsonObj, schema_type
from specpipe.diff_site import Site
from specpipe.diff_values import check_values

Seen = frozenset[tuple[frozenset[str], frozenset[str]]]


def compare_schema(
    site: Site, old_node: Any, new_node: Any, path: str = "", seen: Seen = frozenset()
) -> Iterator[Change]:
    old, new = site.old.schema(old_node), site.new.schema(new_node)
    key = (old.refs, new.refs)
    if key in seen and (old.refs or new.refs):
        return
    seen = seen | {key}
    yield from check_values(site, path, old.node, new.node)
    if schema_type(old.node) != schema_type(new.node):
        return  # a new type: what lies below is a different thing, not a change to it
    yield from _properties(site, path, old.node, new.node, seen)
    if "items" in old.node and "items" in new.node:
        yield from compare_schema(site, old.node["items"], new.node["items"], f"{path}[]", seen)
    for keyword in ("oneOf", "anyOf"):
        yield from _variants(site, path, keyword, old.node.get(keyword), new.node.get(keyword))


def _properties(site: Site, path: str, old: JsonObj, new: JsonObj, seen: Seen) -> Iterator[Change]:
    old_props, new_props = _props(old), _props(new)
    old_req, new_req = _required(old), _required(new)
    for name in sorted(old_props.keys() | new_props.keys()):
        sub = join_path(path, name)
        if name not in new_props:
            yield _removed(site, sub, required=name in old_req)
        elif name not in old_props:
            yield _added(site, sub, required=name in new_req)
        else:
            if (name in old_req) != (name in new_req):
                yield _required_changed(site, sub, required=name in new_req)
            yield from compare_schema(site, old_props[name], new_props[name], sub, seen)


def _props(schema: JsonObj) -> dict[str, Any]:
    props = schema.get("properties")
    return props if isinstance(props, dict) else {}


def _required(schema: JsonObj) -> set[str]:
    names = schema.get("required")
    return {n for n in names if isinstance(n, str)} if isinstance(names, list) else set()


def _added(site: Site, path: str, *, required: bool) -> Change:
    kind = "required" if required else "optional"
    message = f"{kind} {site.nested_noun} `{path}` added"
    if site.direction == "response":
        reason = "clients ignore fields they do not know; the generated model gains an attribute"
        return site.change(f"response-{kind}-property-added", NON_BREAKING, path, message, reason)
    if required:
        reason = (
            "calls that do not send it are rejected; the generated model gains a required field"
        )
        return site.change("new-required-request-property", BREAKING, path, message, reason)
    reason = "it is optional, so existing calls keep working"
    return site.change("new-optional-request-property", NON_BREAKING, path, message, reason)


def _removed(site: Site, path: str, *, required: bool) -> Change:
    kind = "required" if required else "optional"
    message = f"{kind} {site.nested_noun} `{path}` removed"
    if site.direction == "request":
        reason = "the generated model loses the field, so code that sets it breaks"
        return site.change("request-property-removed", BREAKING, path, message, reason)
    if required:
        reason = "code that reads it breaks: responses and the generated model no longer carry it"
        return site.change("response-required-property-removed", BREAKING, path, message, reason)
    reason = (
        "it was optional, so readers already handle its absence; reported so they stop using it"
    )
    return site.change("response-optional-property-removed", NON_BREAKING, path, message, reason)


def _required_changed(site: Site, path: str, *, required: bool) -> Change:
    now = "required" if required else "optional"
    message = f"{site.nested_noun} `{path}` became {now}"
    rule = f"{site.direction}-property-became-{now}"
    if site.direction == "request":
        if required:
            reason = "calls that omit it are now rejected; the generated model requires it"
            return site.change(rule, BREAKING, path, message, reason)
        return site.change(rule, NON_BREAKING, path, message, "calls that send it keep working")
    if required:
        reason = "it is always present now; code that handled its absence still works"
        return site.change(rule, NON_BREAKING, path, message, reason)
    reason = "code that expects it may find it missing; a strict client rejects such a response"
    return site.change(rule, BREAKING, path, message, reason)


def _variants(site: Site, path: str, keyword: str, old: Any, new: Any) -> Iterator[Change]:
    old_keys, new_keys = _variant_keys(old), _variant_keys(new)
    rule = site.rule(path, "one-of" if keyword == "oneOf" else "any-of")
    what = site.subject(path)
    for key in sorted(old_keys - new_keys):
        yield site.change(
            f"{rule}-removed",
            site.pick(request=BREAKING, response=NON_BREAKING),
            path,
            f"{keyword} variant {key} removed from {what}",
            "callers that send this shape are now rejected"
            if site.direction == "request"
            else "the server no longer returns this shape",
        )
    for key in sorted(new_keys - old_keys):
        yield site.change(
            f"{rule}-added",
            site.pick(request=NON_BREAKING, response=BREAKING),
            path,
            f"{keyword} variant {key} added to {what}",
            "callers may send one more shape"
            if site.direction == "request"
            else "the server may return a shape that strict clients cannot parse",
        )


def _variant_keys(variants: Any) -> set[str]:
    """A variant is known by its `$ref`, else by its JSON text (shortened for messages)."""
    if not isinstance(variants, list):
        return set()
    keys = set()
    for variant in variants:
        if isinstance(variant, dict) and isinstance(variant.get("$ref"), str):
            keys.add(variant["$ref"])
        else:
            text = json.dumps(variant, sort_keys=True)
            keys.add(text if len(text) <= 60 else text[:57] + "...")
    return keys
