"""Security requirements of one operation pair, and the schemes they name.

An operation's `security` is a list of alternatives; a caller satisfies one. The generated
client asks for an `AuthenticatedClient` when the operation requires security and accepts either
client otherwise, so going from no requirement to one breaks callers, and the reverse does not.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from specpipe.diff_model import BREAKING, NON_BREAKING, Change, Severity
from specpipe.diff_operations import Operation
from specpipe.diff_refs import JsonObj

Alternative = tuple[tuple[str, tuple[str, ...]], ...]  # scheme name -> sorted scopes


def check_security(
    old: Operation, new: Operation, old_doc: JsonObj, new_doc: JsonObj
) -> Iterator[Change]:
    before, after = _alternatives(old, old_doc), _alternatives(new, new_doc)
    for alt in sorted(before - after):
        yield _removed(new, alt, open_after=_anonymous(after))
    for alt in sorted(after - before):
        yield _added(new, alt, newly_closed=_anonymous(before) and not _anonymous(after))
    yield from _schemes(new, _names(before) & _names(after), old_doc, new_doc)


def _removed(op: Operation, alt: Alternative, *, open_after: bool) -> Change:
    message = f"{_show(alt)} removed"
    if open_after:
        reason = "no credentials are required any more; authenticated calls keep working"
        return _change("api-security-removed", NON_BREAKING, op, message, reason)
    reason = "callers that authenticate this way must switch to a remaining scheme"
    return _change("api-security-removed", BREAKING, op, message, reason)


def _added(op: Operation, alt: Alternative, *, newly_closed: bool) -> Change:
    message = f"{_show(alt)} added"
    if newly_closed:
        reason = "calls without credentials are now rejected; functions need an AuthenticatedClient"
        return _change("api-security-added", BREAKING, op, message, reason)
    reason = "one more way to authenticate; existing credentials still work"
    return _change("api-security-added", NON_BREAKING, op, message, reason)


def _alternatives(op: Operation, doc: JsonObj) -> set[Alternative]:
    """The operation's own `security`, else the document's; each requirement canonicalised."""
    raw = op.node["security"] if "security" in op.node else doc.get("security")
    requirements = raw if isinstance(raw, list) else []
    return {_alternative(r) for r in requirements if isinstance(r, dict)}


def _alternative(requirement: dict[str, Any]) -> Alternative:
    scopes = {str(name): tuple(sorted(map(str, v or []))) for name, v in requirement.items()}
    return tuple(sorted(scopes.items()))


def _anonymous(alternatives: set[Alternative]) -> bool:
    """No requirement at all, or an empty `{}` alternative: calls without credentials pass."""
    return not alternatives or () in alternatives


def _names(alternatives: set[Alternative]) -> set[str]:
    return {name for alt in alternatives for name, _ in alt}


def _show(alt: Alternative) -> str:
    if not alt:
        return "anonymous access"
    parts = [f"{name}[{', '.join(scopes)}]" if scopes else name for name, scopes in alt]
    return "security requirement " + " + ".join(parts)


def _change(rule: str, severity: Severity, op: Operation, message: str, reason: str) -> Change:
    return Change(rule, severity, op.label, "security", message, reason)


def _schemes(
    op: Operation, names: set[str], old_doc: JsonObj, new_doc: JsonObj
) -> Iterator[Change]:
    for name in sorted(names):
        before, after = _scheme(old_doc, name), _scheme(new_doc, name)
        if before != after:
            yield Change(
                "api-security-scheme-changed",
                BREAKING,
                op.label,
                f"components.securitySchemes.{name}",
                f"security scheme `{name}` changed from {_compact(before)} to {_compact(after)}",
                "callers must send different credentials, or send them differently",
            )


def _compact(scheme: dict[str, Any]) -> str:
    return json.dumps(scheme, sort_keys=True, separators=(",", ":"))


def _scheme(doc: JsonObj, name: str) -> dict[str, Any]:
    """The parts of a scheme that decide what a caller sends (not descriptions or bearerFormat)."""
    schemes = doc.get("components", {}).get("securitySchemes")
    scheme = schemes.get(name) if isinstance(schemes, dict) else None
    if not isinstance(scheme, dict):
        return {}
    kind = scheme.get("type")
    keys = {"apiKey": ("in", "name"), "http": ("scheme",), "oauth2": ("flows",)}.get(str(kind), ())
    picked = {"type": kind, **{k: scheme.get(k) for k in keys if k in scheme}}
    if kind == "openIdConnect":
        picked["openIdConnectUrl"] = scheme.get("openIdConnectUrl")
    http_scheme = picked.get("scheme")
    if isinstance(http_scheme, str):
        picked["scheme"] = http_scheme.lower()  # RFC 7235: auth schemes are case-insensitive
    return picked
