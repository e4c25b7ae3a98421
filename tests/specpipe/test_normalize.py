"""The normalizer on the real locked files and on small documents."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from openapi_spec_validator import validate
from specpipe.normalize import (
    OUTPUT_PATH,
    NormalizeError,
    Report,
    dumps,
    load_json,
    load_overlay,
    merge,
    normalize,
    prune,
    upstream_documents,
)


def test_committed_spec_is_exactly_what_the_normalizer_makes() -> None:
    """spec/openapi.json cannot drift from spec/upstream/ + corrections: run `make normalize`."""
    create, fetch = upstream_documents()
    document, _ = normalize(create, fetch, load_overlay())
    assert OUTPUT_PATH.read_text(encoding="utf-8") == dumps(document)


def test_committed_spec_is_valid_openapi() -> None:
    """openapi-spec-validator accepts the document the client is generated from."""
    validate(json.loads(OUTPUT_PATH.read_text(encoding="utf-8")))


def test_every_correction_applies_and_every_repair_is_reported() -> None:
    """On the locked revision no correction is stale, and the two upstream defects are named."""
    create, fetch = upstream_documents()
    _, report = normalize(create, fetch, load_overlay())
    assert all(action.matches for action in report.corrections)
    assert {r.name for r in report.repairs} == {
        "missing-response-description",
        "default-type-mismatch",
    }


def test_merged_spec_holds_the_two_operations_and_only_what_they_reach() -> None:
    """The 2.2 MB fetch file's 255 gateway schemas prune down to the one the operations use,
    plus the error body the corrections document."""
    document = json.loads(OUTPUT_PATH.read_text(encoding="utf-8"))
    operations = {(m, p) for p, item in document["paths"].items() for m in item}
    assert operations == {
        ("post", "/v2/video/generations"),
        ("get", "/v2/generate/video/google/generation"),
    }
    assert sorted(document["components"]["schemas"]) == [
        "ErrorResponse",
        "Video.v2.PollVideoResponseDTO",
    ]
    assert "x-codeSamples" not in json.dumps(document)


def test_prune_follows_references_transitively(make_doc: Any) -> None:
    """A schema reached only through another schema is kept; an unreached one is dropped."""
    document = make_doc(request_schema={"$ref": "#/components/schemas/A"})
    document["components"] = {
        "schemas": {
            "A": {"$ref": "#/components/schemas/B"},
            "B": {"type": "string"},
            "C": {"type": "string"},
        }
    }
    assert prune(document) == 1
    assert set(document["components"]["schemas"]) == {"A", "B"}


def test_merge_keeps_both_copies_of_a_component_that_differs(make_doc: Any) -> None:
    """Two files may carry different schemas under one name: the fetch file's copy is renamed."""
    create = make_doc(
        response={
            "description": "OK",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/G"}}},
        }
    )
    create["components"] = {"schemas": {"G": {"type": "string"}}}
    fetch = copy.deepcopy(create)
    fetch["paths"] = {"/y": {"get": fetch["paths"]["/x"].pop("post")}}
    fetch["components"]["schemas"]["G"] = {"type": "integer"}
    report = Report()
    merged = merge(create, fetch, report)
    assert merged["components"]["schemas"] == {
        "G": {"type": "string"},
        "G.fetch": {"type": "integer"},
    }
    assert "G.fetch" in json.dumps(merged["paths"]["/y"])
    assert "fetch's copy kept as G.fetch" in report.notes[0]


def test_both_files_defining_one_operation_is_an_error(make_doc: Any) -> None:
    """Two definitions of POST /x cannot be merged silently."""
    with pytest.raises(NormalizeError, match="both files define POST /x"):
        merge(make_doc(), make_doc(), Report())


def test_upstream_json_that_does_not_parse_names_the_place(tmp_path: Path) -> None:
    """Broken JSON is reported with file, line and column."""
    broken = tmp_path / "spec.json"
    broken.write_text('{\n  "openapi": \n}', encoding="utf-8")
    with pytest.raises(NormalizeError, match=r"spec.json is not JSON: .* line 3, column 1"):
        load_json(broken)


def test_a_spec_no_repair_can_fix_is_refused_with_its_location(make_doc: Any) -> None:
    """A defect outside the known classes fails validation with the place it is at."""
    document = make_doc()
    document["paths"]["/x"]["post"]["responses"]["200"]["content"] = "not an object"
    with pytest.raises(NormalizeError, match=r"at paths/(~1x|/x)/post/responses/200"):
        normalize(document, None, None)
