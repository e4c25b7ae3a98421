"""Each generic repair, on the smallest document that has its defect."""

from __future__ import annotations

from typing import Any

import pytest
from specpipe.repairs import repair_document

BODY = "POST /x request application/json"


@pytest.mark.parametrize(
    ("schema", "expected", "name"),
    [
        ({"enum": ["a", "b"]}, {"enum": ["a", "b"], "type": "string"}, "enum-without-type"),
        ({"enum": [5, 6]}, {"enum": [5, 6], "type": "integer"}, "enum-without-type"),
        ({"properties": {}}, {"properties": {}, "type": "object"}, "untyped-schema"),
        ({"items": {"type": "string"}}, {"items": {"type": "string"}, "type": "array"},
         "untyped-schema"),
        ({"nullable": True, "description": "d"}, {"description": "d"}, "untyped-schema"),
        ({"type": "integer", "enum": [5, 6], "default": "5"},
         {"type": "integer", "enum": [5, 6], "default": 5}, "default-type-mismatch"),
        ({"type": "integer", "enum": [5, 6], "default": "9"}, {"type": "integer", "enum": [5, 6]},
         "default-type-mismatch"),
        ({"type": "boolean", "default": "true"}, {"type": "boolean", "default": True},
         "default-type-mismatch"),
        ({"type": "string", "default": 5}, {"type": "string", "default": "5"},
         "default-type-mismatch"),
        ({"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a", "b"]},
         {"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]},
         "required-not-in-properties"),
    ],
)  # fmt: skip
def test_schema_repair_mends_the_defect_and_names_it(
    make_doc: Any, schema: dict[str, Any], expected: dict[str, Any], name: str
) -> None:
    """The schema is mended in place and the report names the repair and where it was applied."""
    document = make_doc(request_schema={"type": "object", "properties": {"f": schema}})
    repairs = repair_document(document)
    assert (
        document["paths"]["/x"]["post"]["requestBody"]["content"]["application/json"]["schema"][
            "properties"
        ]["f"]
        == expected
    )
    assert [(r.name, r.location) for r in repairs] == [(name, f"{BODY}.properties.f")]


def test_missing_response_description_gets_the_http_phrase(make_doc: Any) -> None:
    """OpenAPI 3.0 requires a response description; the 201's phrase is used."""
    document = make_doc()
    document["paths"]["/x"]["post"]["responses"] = {"201": {}}
    repairs = repair_document(document)
    assert document["paths"]["/x"]["post"]["responses"]["201"] == {"description": "Created"}
    assert [str(r) for r in repairs] == [
        "missing-response-description at POST /x response 201: added 'Created'"
    ]


def test_http_security_scheme_loses_fields_of_other_scheme_types(make_doc: Any) -> None:
    """`in` belongs to apiKey schemes; on an http scheme it makes the document invalid."""
    document = make_doc()
    document["components"] = {
        "securitySchemes": {"k": {"type": "http", "scheme": "bearer", "in": "header"}}
    }
    repairs = repair_document(document)
    assert document["components"]["securitySchemes"]["k"] == {"type": "http", "scheme": "bearer"}
    assert repairs[0].name == "security-scheme-extra-field"


def test_a_sound_document_needs_no_repair(make_doc: Any) -> None:
    """No repair fires on a document without defects, so reports carry no noise."""
    document = make_doc(
        request_schema={"type": "object", "properties": {"d": {"type": "integer", "default": 5}}}
    )
    assert repair_document(document) == []
