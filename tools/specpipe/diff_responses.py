"""The responses of one operation pair: status codes, media types, schemas.

Only documented status codes are parsed by the generated client (anything else is returned
unparsed, or raises `UnexpectedStatus` when `raise_on_unexpected_status` is on), so a success
status that disappears or changes (`201` -> `200`) breaks every caller.
"""

from __future__ import annotations

from collections.abc import Iterator

from specpipe.diff_content import check_content
from specpipe.diff_model import BREAKING, NON_BREAKING, Change, Severity
from specpipe.diff_operations import Operation
from specpipe.diff_refs import JsonObj, Resolver
from specpipe.diff_site import body_site

_UNPARSED = "the generated client only parses documented statuses; a {} now comes back unparsed"


def check_responses(
    old: Operation, new: Operation, old_res: Resolver, new_res: Resolver
) -> Iterator[Change]:
    before, after = _responses(old, old_res), _responses(new, new_res)
    pairs = [(code, code) for code in sorted(before.keys() & after.keys())]
    gone, fresh = sorted(before.keys() - after.keys()), sorted(after.keys() - before.keys())
    gone_ok, fresh_ok = [c for c in gone if _success(c)], [c for c in fresh if _success(c)]
    if len(gone_ok) == 1 and len(fresh_ok) == 1:
        yield _status_changed(new.label, gone_ok[0], fresh_ok[0])
        pairs.append((gone_ok[0], fresh_ok[0]))
        gone.remove(gone_ok[0])
        fresh.remove(fresh_ok[0])
    yield from (_status_removed(new.label, code) for code in gone)
    yield from (_status_added(new.label, code) for code in fresh)
    for old_code, new_code in pairs:
        site = body_site(new.label, "response", f"responses.{new_code}", old_res, new_res)
        yield from check_content(
            site, before[old_code].get("content"), after[new_code].get("content")
        )


def _responses(op: Operation, resolver: Resolver) -> dict[str, JsonObj]:
    raw = op.node.get("responses")
    if not isinstance(raw, dict):
        return {}
    return {str(code): resolver.deref(response)[0] for code, response in raw.items()}


def _success(code: str) -> bool:
    return code.startswith("2")


def _status_changed(operation: str, old: str, new: str) -> Change:
    return Change(
        "response-success-status-changed",
        BREAKING,
        operation,
        f"responses.{new}",
        f"success status changed from {old} to {new}",
        _UNPARSED.format(new) + f" where {old} was expected",
    )


def _status_removed(operation: str, code: str) -> Change:
    kind = "success" if _success(code) else "non-success"
    reason = (
        "callers that rely on this success response no longer get it parsed"
        if _success(code)
        else "the error body is no longer parsed into a model; callers see it unparsed"
    )
    severity: Severity = BREAKING if _success(code) else NON_BREAKING
    message = f"{kind} response {code} removed"
    return Change(
        f"response-{kind}-status-removed", severity, operation, f"responses.{code}", message, reason
    )


def _status_added(operation: str, code: str) -> Change:
    kind = "success" if _success(code) else "non-success"
    reason = "a newly documented status; the generated client now parses it"
    message = f"{kind} response {code} added"
    return Change(
        f"response-{kind}-status-added",
        NON_BREAKING,
        operation,
        f"responses.{code}",
        message,
        reason,
    )
