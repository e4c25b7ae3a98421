"""Every rule the diff reports, as data: one row per (rule, case, direction).

Columns: `id | case | direction | level | message | reason`.

- `id` follows oasdiff's where one exists. `{site}` stands for where a schema sits:
  `request-body`, `request-property`, `request-parameter`, `request-parameter-property`,
  `response-body` or `response-property`, so one row covers a family of ids.
- `case` tells apart rows of one id that differ in level (a format that changes the Python type,
  a security requirement on an operation that had none); empty for most.
- `direction`: `request`, `response` or `any`: the same edit means opposite things on the two
  sides of a call (a new enum value is harmless in a request, a surprise in a response).
- `level` follows oasdiff's ERR / WARN / INFO: `breaking` (callers of the generated client
  break), `may-break` (strict clients may break, or it depends on what the code reads),
  `non-breaking`. A may-break change on a field the wrapper reads or sends (`aimlapi_veo.
  spec_usage`) is raised to breaking by the engine.
- `message` and `reason` are `str.format` templates; `{what}` names the schema (`request
  property \\`duration\\``), `{op}` the operation; other fields are the engine's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

Level = Literal["breaking", "may-break", "non-breaking"]
LEVELS: Final[tuple[Level, ...]] = ("breaking", "may-break", "non-breaking")  # worst first
SITES: Final = (
    "request-body",
    "request-property",
    "request-parameter",
    "request-parameter-property",
    "response-body",
    "response-property",
)

_TABLE = """
endpoint-added | | any | non-breaking | operation {op} added | a new operation; nothing existing changes
api-path-removed-without-deprecation | | any | breaking | operation {op} removed | the generated function disappears and calls to it fail
api-path-removed-with-deprecation | | any | breaking | operation {op} removed | it was deprecated first, but the generated function still disappears
api-removed-without-deprecation | | any | breaking | operation {op} removed | the generated function disappears and calls to it fail
api-removed-with-deprecation | | any | breaking | operation {op} removed | it was deprecated first, but the generated function still disappears
api-path-moved | | any | breaking | operation moved from {old} to {op} | calls to {old_path} fail: the old path is gone and the client must be regenerated
api-operation-id-changed | | any | breaking | operationId changed from `{old}` to `{new}` | the generated function is named after the operationId, so callers of the old name break
api-operation-id-added | | any | breaking | operationId `{new}` added | the generated function is named after the operationId, so callers of the old name break
api-operation-id-removed | | any | breaking | operationId `{old}` removed | the generated function is named after the operationId, so callers of the old name break
api-tag-changed | | any | breaking | first tag changed from `{old}` to `{new}` | the generated client files functions by first tag, so the import moves from the `{old}` package under api/ to the `{new}` one
endpoint-deprecated | | any | non-breaking | operation deprecated | it still works; deprecation announces that it may be removed
endpoint-reactivated | | any | non-breaking | operation no longer deprecated | nothing changes for callers; the removal warning is withdrawn
new-required-request-parameter | | request | breaking | required {what} added | calls that do not pass it are rejected; the function gains a required argument
new-optional-request-parameter | | request | non-breaking | optional {what} added | it is optional, so existing calls keep working
request-parameter-removed | | request | breaking | {what} removed | the generated function loses this argument; calls that pass it fail
request-parameter-became-required | | request | breaking | {what} became required | calls that omit it are now rejected; the generated argument loses its default
request-parameter-became-optional | | request | non-breaking | {what} became optional | calls that pass it keep working
request-body-added-required | | request | breaking | required request body added | the generated function gains a required body
request-body-added-optional | | request | non-breaking | optional request body added | the generated function gains an optional body
request-body-removed | | request | breaking | request body removed | the generated function loses its body argument, so calls that pass one fail
request-body-became-required | | request | breaking | request body became required | calls that send no body are now rejected
request-body-became-optional | | request | non-breaking | request body became optional | calls that send a body keep working
response-success-status-changed | | response | breaking | success status changed from {old} to {new} | the generated client only parses documented statuses; a {new} now comes back unparsed where {old} was expected
response-success-status-removed | | response | breaking | success response {code} removed | callers that rely on this success response no longer get it parsed
response-non-success-status-removed | | response | non-breaking | non-success response {code} removed | the error body is no longer parsed into a model; callers see it unparsed
response-success-status-added | | response | non-breaking | success response {code} added | a newly documented status; the generated client now parses it
response-non-success-status-added | | response | non-breaking | non-success response {code} added | a newly documented status; the generated client now parses it
{site}-media-type-changed | | request | breaking | {what} media type changed from {old} to {new} | callers must now send {new}; bodies sent as {old} are rejected
{site}-media-type-changed | | response | breaking | {what} media type changed from {old} to {new} | the server now answers in {new}; code that parses {old} breaks
{site}-media-type-added | | request | non-breaking | {what} media type {new} added | one more encoding is accepted; the old ones still work
{site}-media-type-added | | response | non-breaking | {what} media type {new} added | an additional encoding; clients keep asking for the one they know
{site}-media-type-removed | | request | breaking | {what} media type {old} removed | callers that send it are rejected
{site}-media-type-removed | | response | breaking | {what} media type {old} removed | clients that only read this media type get a body they do not parse
{site}-schema-added | | request | breaking | {what} now declares a schema ({new}) | a free-form body is now constrained, and the generated argument's type changes
{site}-schema-added | | response | non-breaking | {what} now declares a schema ({new}) | the generated client now parses the body into a model instead of leaving it raw
{site}-schema-removed | | request | breaking | {what} no longer declares a schema ({old}) | the generated argument loses its model type
{site}-schema-removed | | response | breaking | {what} no longer declares a schema ({old}) | the generated client stops parsing the body, so code reading the model breaks
new-required-request-property | | request | breaking | required {what} added | calls that do not send it are rejected; the generated model gains a required field
new-optional-request-property | | request | non-breaking | optional {what} added | it is optional, so existing calls keep working
request-property-removed | | request | breaking | {kind} {what} removed | the generated model loses the field, so code that sets it breaks
request-model-added | | request | non-breaking | model `{model}` added | a new request class; requests for the other models are unchanged
request-model-removed | | request | breaking | model `{model}` removed | its generated request class disappears, and requests naming it are refused
response-required-property-added | | response | non-breaking | required {what} added | clients ignore fields they do not know; the generated model gains an attribute
response-optional-property-added | | response | non-breaking | optional {what} added | clients ignore fields they do not know; the generated model gains an attribute
response-required-property-removed | | response | breaking | required {what} removed | code that reads it breaks: responses and the generated model no longer carry it
response-optional-property-removed | | response | may-break | optional {what} removed | code that reads it never gets it again; readers that only handle its absence keep working
request-property-became-required | | request | breaking | {what} became required | calls that omit it are now rejected; the generated model requires it
request-property-became-optional | | request | non-breaking | {what} became optional | calls that send it keep working
response-property-became-required | | response | non-breaking | {what} became required | it is always present now; code that handled its absence still works
response-property-became-optional | | response | breaking | {what} became optional | code that expects it may find it missing; a strict client rejects such a response
{site}-became-nullable | | request | non-breaking | {what} became nullable | null is accepted in addition to everything accepted before
{site}-became-nullable | | response | breaking | {what} became nullable | the value may now be null, which a strict client that expects a value rejects
{site}-became-not-nullable | | request | breaking | {what} became not nullable | callers that send null are now rejected
{site}-became-not-nullable | | response | non-breaking | {what} became not nullable | the value is never null now; code that handles null still works
{site}-type-changed | | request | breaking | {what} type changed from {old} to {new} | values callers send today no longer match; the generated model's field type changes
{site}-type-changed | | response | breaking | {what} type changed from {old} to {new} | the generated model parses the field as a different type, so code reading it breaks
{site}-type-generalized | | request | non-breaking | {what} type changed from {old} to {new} | every integer callers send today is still a valid number
{site}-format-changed | typed | any | breaking | {what} format changed from {old} to {new} | the generated client maps {typed}, so the field's Python type changes
{site}-format-changed | | any | non-breaking | {what} format changed from {old} to {new} | the generated client keeps a plain str either way; the server may validate differently
{site}-became-enum | | request | breaking | {what} was restricted to the values {new} | values outside the list that callers send today are now rejected
{site}-became-enum | | response | non-breaking | {what} was restricted to the values {new} | responses are restricted to values that were already possible
{site}-enum-dropped | | request | non-breaking | {what} is no longer restricted to a list of values | every value accepted before is still accepted
{site}-enum-dropped | | response | may-break | {what} is no longer restricted to a list of values | any value may now arrive, not only the listed ones; strict clients break
{site}-enum-value-added | | request | non-breaking | enum value {value} added to {what} | callers may send one more value; every old value still works
{site}-enum-value-added | | response | may-break | enum value {value} added to {what} | breaking for strict clients; tolerated by this client's open enums
{site}-enum-value-removed | | request | breaking | enum value {value} removed from {what} | callers that send this value are now rejected, and the generated enum loses it
{site}-enum-value-removed | | response | non-breaking | enum value {value} removed from {what} | the server no longer sends this value; code handling it simply never sees it
{site}-default-value-added | | request | non-breaking | {what} gained the default {new}{misfit} | not breaking, but callers that omit it now get this value from the server
{site}-default-value-changed | | request | non-breaking | {what} default changed from {old} to {new}{misfit} | not breaking, but notable: callers that omit it now get a different value
{site}-default-value-removed | | request | non-breaking | {what} lost its default {old} | not breaking, but callers that omit it no longer get a documented value
{site}-constraint-tightened | | request | breaking | {what} {keyword} changed from {old} to {new} | values callers could send before may now be rejected
{site}-constraint-tightened | | response | non-breaking | {what} {keyword} changed from {old} to {new} | responses stay within what clients accepted before
{site}-constraint-loosened | | request | non-breaking | {what} {keyword} changed from {old} to {new} | everything accepted before is still accepted
{site}-constraint-loosened | | response | may-break | {what} {keyword} changed from {old} to {new} | the server may now return values outside the old bounds, which strict clients reject
{site}-description-changed | | any | non-breaking | {what} description reworded | documentation only: what is sent and received is unchanged
api-security-added | closing | any | breaking | {new} added | calls without credentials are now rejected; functions need an AuthenticatedClient
api-security-added | | any | non-breaking | {new} added | one more way to authenticate; existing credentials still work
api-security-removed | open | any | non-breaking | {old} removed | no credentials are required any more; authenticated calls keep working
api-security-removed | | any | breaking | {old} removed | callers that authenticate this way must switch to a remaining scheme
api-security-scheme-changed | | any | breaking | security scheme `{name}` changed from {old} to {new} | callers must send different credentials, or send them differently
"""


@dataclass(frozen=True)
class Rule:
    id: str
    case: str
    direction: str
    level: Level
    message: str
    reason: str


def _parse(table: str) -> dict[tuple[str, str, str], Rule]:
    rules = {}
    for line in table.strip().splitlines():
        rule = Rule(*(cell.strip() for cell in line.split("|")))  # type: ignore[arg-type]
        assert rule.level in LEVELS, line
        rules[(rule.id, rule.case, rule.direction)] = rule
    return rules


RULES: Final = _parse(_TABLE)


def lookup(rule_id: str, case: str, direction: str) -> Rule:
    """The row for a rule on one side of the call (rows for `any` serve both sides)."""
    return RULES.get((rule_id, case, direction)) or RULES[(rule_id, case, "any")]


def rule_ids() -> frozenset[str]:
    """Every id the diff can report, `{site}` families spelled out for their direction."""
    return frozenset(
        rule.id.format(site=site)
        for rule in RULES.values()
        for site in (SITES if "{site}" in rule.id else ("",))
        if not site or rule.direction == "any" or site.startswith(rule.direction)
    )
