"""Bounds and patterns: tightening a request, or loosening a response, is breaking.

oasdiff spends about a hundred check ids on these (one per keyword, side and action); this
client neither enforces nor generates code from constraints, so two ids carry them all and the
message names the keyword.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Final, Literal

from specpipe.diff_model import BREAKING, NON_BREAKING, Change
from specpipe.diff_refs import JsonObj
from specpipe.diff_site import Site

Bound = Literal["upper", "lower", "other"]
_KEYWORDS: Final[dict[str, Bound]] = {
    "maximum": "upper",
    "exclusiveMaximum": "upper",
    "maxLength": "upper",
    "maxItems": "upper",
    "maxProperties": "upper",
    "minimum": "lower",
    "exclusiveMinimum": "lower",
    "minLength": "lower",
    "minItems": "lower",
    "minProperties": "lower",
    "uniqueItems": "other",
    "multipleOf": "other",
    "pattern": "other",
}


def check_constraints(site: Site, path: str, old: JsonObj, new: JsonObj) -> Iterator[Change]:
    for keyword, bound in _KEYWORDS.items():
        before, after = old.get(keyword), new.get(keyword)
        if before == after:
            continue
        tightened = _tightened(bound, before, after)
        message = f"{site.subject(path)} {keyword} changed from {_show(before)} to {_show(after)}"
        yield _constraint_change(site, path, tightened, message)


def _tightened(bound: Bound, before: Any, after: Any) -> bool:
    """True when the new value admits fewer values (or may: a changed pattern counts as tighter)."""
    if before is None or after is None:
        return after is not None and after is not False
    if isinstance(before, bool) or isinstance(after, bool):
        return bool(after) and not bool(before)
    if isinstance(before, int | float) and isinstance(after, int | float) and bound != "other":
        return after < before if bound == "upper" else after > before
    return True


def _constraint_change(site: Site, path: str, tightened: bool, message: str) -> Change:
    if tightened:
        severity = site.pick(request=BREAKING, response=NON_BREAKING)
        reason = (
            "values callers could send before may now be rejected"
            if site.direction == "request"
            else "responses stay within what clients accepted before"
        )
        return site.change(site.rule(path, "constraint-tightened"), severity, path, message, reason)
    severity = site.pick(request=NON_BREAKING, response=BREAKING)
    reason = (
        "everything accepted before is still accepted"
        if site.direction == "request"
        else "the server may now return values outside the old bounds, which strict clients reject"
    )
    return site.change(site.rule(path, "constraint-loosened"), severity, path, message, reason)


def _show(value: Any) -> str:
    return "none" if value is None else repr(value) if isinstance(value, str) else str(value)
