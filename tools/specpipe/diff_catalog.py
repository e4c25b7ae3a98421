"""Every rule id the diff can report, with what it means and its severity.

Schema rules come in families: the same check is filed under the part of the call it concerns
(`request-body-became-nullable`, `response-property-became-nullable`, ...). `RULES` spells out
every id; the tests check that each fixed rule and each family has a case of its own.
"""

from __future__ import annotations

from typing import Final

FIXED_RULES: Final[dict[str, str]] = {
    "endpoint-added": "operation added (non-breaking)",
    "api-path-removed-without-deprecation": "operation removed with its whole path (breaking)",
    "api-path-removed-with-deprecation": "deprecated operation removed with its path (breaking)",
    "api-removed-without-deprecation": "operation removed, path stays (breaking)",
    "api-removed-with-deprecation": "deprecated operation removed, path stays (breaking)",
    "api-path-moved": "operation moved to another path (breaking)",
    "api-operation-id-changed": "operationId changed: generated function renamed (breaking)",
    "api-operation-id-added": "operationId added: generated function renamed (breaking)",
    "api-operation-id-removed": "operationId removed: generated function renamed (breaking)",
    "api-tag-changed": "first tag changed: generated module moves (breaking)",
    "endpoint-deprecated": "operation deprecated (non-breaking)",
    "endpoint-reactivated": "operation no longer deprecated (non-breaking)",
    "new-required-request-parameter": "required parameter added (breaking)",
    "new-optional-request-parameter": "optional parameter added (non-breaking)",
    "request-parameter-removed": "parameter removed (breaking)",
    "request-parameter-became-required": "parameter became required (breaking)",
    "request-parameter-became-optional": "parameter became optional (non-breaking)",
    "request-body-added-required": "required request body added (breaking)",
    "request-body-added-optional": "optional request body added (non-breaking)",
    "request-body-removed": "request body removed (breaking)",
    "request-body-became-required": "request body became required (breaking)",
    "request-body-became-optional": "request body became optional (non-breaking)",
    "request-body-media-type-changed": "the one request media type replaced (breaking)",
    "request-body-media-type-added": "request media type added (non-breaking)",
    "request-body-media-type-removed": "request media type removed (breaking)",
    "request-body-schema-added": "request body gained a schema (breaking)",
    "request-body-schema-removed": "request body lost its schema (breaking)",
    "new-required-request-property": "required request field added (breaking)",
    "new-optional-request-property": "optional request field added (non-breaking)",
    "request-property-removed": "request field removed (breaking)",
    "request-property-became-required": "request field became required (breaking)",
    "request-property-became-optional": "request field became optional (non-breaking)",
    "response-success-status-changed": "the one success status replaced, 201 -> 200 (breaking)",
    "response-success-status-removed": "success status removed (breaking)",
    "response-success-status-added": "success status added (non-breaking)",
    "response-non-success-status-removed": "error status removed (non-breaking)",
    "response-non-success-status-added": "error status added (non-breaking)",
    "response-body-media-type-changed": "the one response media type replaced (breaking)",
    "response-body-media-type-added": "response media type added (non-breaking)",
    "response-body-media-type-removed": "response media type removed (breaking)",
    "response-body-schema-added": "response gained a schema (non-breaking)",
    "response-body-schema-removed": "response lost its schema (breaking)",
    "response-required-property-added": "required response field added (non-breaking)",
    "response-optional-property-added": "optional response field added (non-breaking)",
    "response-required-property-removed": "required response field removed (breaking)",
    "response-optional-property-removed": "optional response field removed (non-breaking)",
    "response-property-became-optional": "response field became optional (breaking)",
    "response-property-became-required": "response field became required (non-breaking)",
    "api-security-added": "security requirement added (breaking when none was required)",
    "api-security-removed": "security requirement removed (non-breaking when none remains)",
    "api-security-scheme-changed": "a used security scheme changed (breaking)",
}

# Rule id = prefix + "-" + suffix; the prefix says where the schema sits.
SCHEMA_PREFIXES: Final = (
    "request-body",
    "request-property",
    "request-parameter",
    "request-parameter-property",
    "response-body",
    "response-property",
)
SCHEMA_SUFFIXES: Final[dict[str, str]] = {
    "type-changed": "type changed (breaking)",
    "type-generalized": "request integer widened to number (non-breaking)",
    "format-changed": "format changed (breaking if the Python type changes)",
    "became-nullable": "became nullable (breaking in responses)",
    "became-not-nullable": "became not nullable (breaking in requests)",
    "became-enum": "restricted to an enum (breaking in requests)",
    "enum-dropped": "no longer an enum (breaking in responses)",
    "enum-value-added": "enum value added (breaking in responses, for strict clients)",
    "enum-value-removed": "enum value removed (breaking in requests)",
    "default-value-added": "request default added (non-breaking, notable)",
    "default-value-changed": "request default changed (non-breaking, notable)",
    "default-value-removed": "request default removed (non-breaking, notable)",
    "constraint-tightened": "bound or pattern tightened (breaking in requests)",
    "constraint-loosened": "bound or pattern loosened (breaking in responses)",
    "one-of-added": "oneOf variant added (breaking in responses)",
    "one-of-removed": "oneOf variant removed (breaking in requests)",
    "any-of-added": "anyOf variant added (breaking in responses)",
    "any-of-removed": "anyOf variant removed (breaking in requests)",
}
_REQUEST_ONLY: Final = {
    "type-generalized",
    "default-value-added",
    "default-value-changed",
    "default-value-removed",
}


def _schema_rules() -> set[str]:
    return {
        f"{prefix}-{suffix}"
        for prefix in SCHEMA_PREFIXES
        for suffix in SCHEMA_SUFFIXES
        if prefix.startswith("request") or suffix not in _REQUEST_ONLY
    }


RULES: Final[frozenset[str]] = frozenset(FIXED_RULES) | frozenset(_schema_rules())
