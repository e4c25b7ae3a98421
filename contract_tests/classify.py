"""One exchange against the spec: which discrepancies does it show?

The caller says what the request was meant to provoke (`Intent`): the documented answer, a
refusal of bad input, a refusal for a missing key, or "either" (a valid request for an id
that may not exist). Status codes are judged against that intent; any answer the spec
documents is then checked field by field against its schema.

The spec documents the error answers the service gives (400, 401, 404, 429, each with the
ErrorResponse body), which are checked like any other documented answer. A 5xx, or any code
the operation does not document, is drift whatever the intent.
"""

from __future__ import annotations

from collections.abc import Iterator
from enum import StrEnum
from typing import Any

from jsonschema.exceptions import ValidationError

from .findings import Discrepancy, Exchange
from .spec import Json, Operation, find_operation, undocumented_fields, validation_errors


class Intent(StrEnum):
    ACCEPT = "accept"  # valid, authorized, about something that exists: the documented answer
    EITHER = "either"  # valid and authorized, but may be refused for a reason the spec omits
    REJECT_INPUT = "reject_input"  # invalid per the spec: must be refused with a 4xx
    REJECT_AUTH = "reject_auth"  # no key or a wrong key: must be refused with 401 or 403


#: Kinds about the answer's body (the rest are about the exchange: status code, auth, input).
BODY_KINDS = frozenset(
    {
        "undocumented_status_value",
        "undocumented_enum_value",
        "missing_required_field",
        "wrong_field_type",
        "undocumented_field",
        "schema_violation",
        "wrong_content_type",
        "not_json",
    }
)
_JSON_TYPES = {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}


def classify(
    exchange: Exchange,
    intent: Intent,
    *,
    label: str = "",
    refused_kind: str = "valid_input_rejected",
    source: str = "probe",
) -> list[Discrepancy]:
    """Every discrepancy the exchange shows. `label` says what the request tried (for reports)."""
    op = find_operation(exchange.method, exchange.path)
    name = op.operation_id if op else f"{exchange.method} {exchange.path}"
    found = _status_findings(exchange, op, intent, label, refused_kind)
    if op is not None and exchange.status_code in op.documented_statuses:
        found += _body_findings(exchange, op)
    return [
        Discrepancy(kind, name, where, detail, exchange, source=source, value=value)
        for kind, where, value, detail in found
    ]


Finding = tuple[str, str, str, str]  # kind, where, value, detail


def _status_findings(
    exchange: Exchange, op: Operation | None, intent: Intent, label: str, refused_kind: str
) -> list[Finding]:
    code = exchange.status_code
    tried = f" ({label})" if label else ""
    documented = sorted(op.documented_statuses) if op else []
    found: list[Finding] = []
    if code >= 500:
        found.append(("server_error", "", str(code), f"answered {code}{tried}"))
    # A route the spec lacks may refuse (405 for an unlisted method is right); a success there
    # is drift. An operation of the spec must answer only with the codes it documents.
    if (200 <= code < 400 if op is None else code < 500) and code not in documented:
        detail = f"answered {code}; the spec documents {documented}{tried}"
        found.append(("undocumented_status_code", "", str(code), detail))
    refused = 400 <= code < 500 and code != 429  # a 429 says nothing about the request itself
    if intent is Intent.REJECT_AUTH and code < 500 and code not in (401, 403, 429):
        key = "a wrong key" if exchange.had_key else "no key"
        detail = f"a request with {key} was answered {code}, not 401/403{tried}"
        found.append(("auth_not_enforced", "", key, detail))
    elif intent is Intent.REJECT_INPUT and 200 <= code < 300:
        detail = f"invalid input was accepted with {code}{tried}"
        found.append(("invalid_input_accepted", "", label, detail))
    elif intent is Intent.ACCEPT and refused:
        found.append(
            (refused_kind, "", str(code), f"a valid request was refused with {code}{tried}")
        )
    return found


def _body_findings(exchange: Exchange, op: Operation) -> list[Finding]:
    code = exchange.status_code
    media = exchange.response_headers.get("content-type", "").split(";")[0].strip().lower()
    declared = op.raw["responses"].get(str(code), {}).get("headers", {})
    found: list[Finding] = [
        ("missing_required_header", "", name, f"the {code} answer has no {name} header")
        for name, header in declared.items()
        if header.get("required") and name.lower() not in exchange.response_headers
    ]
    if media not in op.response_media_types(code):
        expected = sorted(op.response_media_types(code))
        found.append(("wrong_content_type", "", media, f"content type {media!r}, not {expected}"))
    schema = op.response_schema(code)
    body = exchange.response_body
    if schema is None:
        return found
    if not isinstance(body, dict | list) and schema.get("type") in ("object", "array"):
        return [*found, ("not_json", "", "", f"the {code} body is not JSON: {body!r:.200}")]
    for error in validation_errors(schema, body):
        found += list(_schema_findings(error))
    for pointer in undocumented_fields(schema, body):
        value = _at(body, pointer)
        detail = f"{_dotted(pointer)} is not in the spec (value {value!r:.80})"
        found.append(("undocumented_field", pointer, "", detail))
    return found


def _schema_findings(error: ValidationError) -> Iterator[Finding]:
    pointer = "".join(f"/{part}" for part in error.absolute_path)
    instance: Any = error.instance
    if error.validator == "required":
        for name in [n for n in error.validator_value if n not in instance]:
            where = f"{pointer}/{name}"
            yield ("missing_required_field", where, "", f"required {_dotted(where)} is missing")
    elif error.validator == "enum":
        kind = "undocumented_status_value" if pointer == "/status" else "undocumented_enum_value"
        listed = ", ".join(map(str, error.validator_value))
        detail = f"{_dotted(pointer)} is {instance!r}, not one of {listed}"
        yield (kind, pointer, str(instance), detail)
    elif error.validator == "type":
        actual = json_type(instance)
        detail = f"{_dotted(pointer)} is {actual} {instance!r:.60}; the spec says {error.validator_value}"
        yield ("wrong_field_type", pointer, actual, detail)
    else:
        yield (
            "schema_violation",
            pointer,
            str(error.validator),
            f"{_dotted(pointer)}: {error.message}",
        )


def json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    return _JSON_TYPES.get(type(value), type(value).__name__)


def _at(document: Json, pointer: str) -> Any:
    node: Any = document
    for part in pointer.strip("/").split("/"):
        node = node[part]
    return node


def _dotted(pointer: str) -> str:
    return pointer.strip("/").replace("/", ".") or "the body"
