"""The request body of one operation pair: present, required, media types, schema."""

from __future__ import annotations

from collections.abc import Iterator

from specpipe.diff_content import check_content
from specpipe.diff_model import BREAKING, NON_BREAKING, Change, Severity
from specpipe.diff_operations import Operation
from specpipe.diff_refs import Resolver
from specpipe.diff_site import body_site


def check_request_body(
    old: Operation, new: Operation, old_res: Resolver, new_res: Resolver
) -> Iterator[Change]:
    before, _ = old_res.deref(old.node.get("requestBody"))
    after, _ = new_res.deref(new.node.get("requestBody"))
    if not before and not after:
        return
    site = body_site(new.label, "request", "requestBody", old_res, new_res)
    now_required = after.get("required") is True
    if not before:
        kind = "required" if now_required else "optional"
        severity: Severity = BREAKING if now_required else NON_BREAKING
        message, reason = (
            f"{kind} request body added",
            f"the generated function gains a {kind} body",
        )
        yield site.change(f"request-body-added-{kind}", severity, "", message, reason)
    elif not after:
        reason = "the generated function loses its body argument, so calls that pass one fail"
        yield site.change("request-body-removed", BREAKING, "", "request body removed", reason)
    else:
        if (before.get("required") is True) != now_required:
            yield _body_required_changed(new.label, required=now_required)
        yield from check_content(site, before.get("content"), after.get("content"))


def _body_required_changed(operation: str, *, required: bool) -> Change:
    if required:
        message, reason = "request body became required", "calls that send no body are now rejected"
        return Change(
            "request-body-became-required", BREAKING, operation, "requestBody", message, reason
        )
    message, reason = "request body became optional", "calls that send a body keep working"
    return Change(
        "request-body-became-optional", NON_BREAKING, operation, "requestBody", message, reason
    )
