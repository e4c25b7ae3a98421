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
    document, _ = normalize(upstream_documents(), load_overlay())
    assert OUTPUT_PATH.read_text(encoding="utf-8") == dumps(document)


def test_committed_spec_is_valid_openapi() -> None:
    """openapi-spec-validator accepts the document the client is generated from."""
    validate(json.loads(OUTPUT_PATH.read_text(encoding="utf-8")))


def test_every_correction_applies_and_every_repair_is_reported() -> None:
    """On the locked revision no correction is stale, and the three upstream defects are named."""
    _, report = normalize(upstream_documents(), load_overlay())
    assert all(action.matches for action in report.corrections)
    assert {r.name for r in report.repairs} == {
        "missing-response-description",
        "default-type-mismatch",
        "security-scheme-extra-field",
    }


def test_merged_spec_holds_one_create_one_fetch_the_logs_and_a_class_per_model() -> None:
    """17 model files become one create whose request is a oneOf on `model`, each model's
    schema its own component; one fetch; the logs; nothing else reached."""
    document = json.loads(OUTPUT_PATH.read_text(encoding="utf-8"))
    operations = {
        (m, p): op["operationId"] for p, item in document["paths"].items() for m, op in item.items()
    }
    assert operations == {
        ("post", "/v2/video/generations"): "create_generation",
        ("get", "/v2/video/generations"): "fetch_generation",
        ("get", "/v2/logs"): "list_logs",
    }
    create = document["paths"]["/v2/video/generations"]["post"]
    body = create["requestBody"]["content"]["application/json"]["schema"]
    models = body["discriminator"]["mapping"]
    assert len(models) == len(body["oneOf"]) >= 17
    schemas = document["components"]["schemas"]
    assert sorted(set(schemas) - {ref.rsplit("/", 1)[1] for ref in models.values()}) == [
        "ErrorResponse",
        "Generation",
    ]
    assert "x-codeSamples" not in json.dumps(document)


def test_request_defaults_are_documented_never_sent() -> None:
    """No request field but `model` keeps a `default` (generated code would send it); the
    API's own default stays readable as x-api-default, an integer where the field is one."""
    document = json.loads(OUTPUT_PATH.read_text(encoding="utf-8"))
    for name, schema in document["components"]["schemas"].items():
        fields = schema.get("properties", {})
        if "model" not in fields:
            continue
        assert [f for f, prop in fields.items() if "default" in prop] == ["model"], name
        duration = fields.get("duration", {})
        assert duration.get("x-api-default", 8) in duration.get("enum", [8]), name


def test_each_model_keeps_its_own_resolution_spelling() -> None:
    """720P/1080P where upstream says so, 720p/1080p elsewhere: not one merged enum."""
    schemas = json.loads(OUTPUT_PATH.read_text(encoding="utf-8"))["components"]["schemas"]
    assert schemas["Veo3"]["properties"]["resolution"]["enum"] == ["720P", "1080P"]
    assert schemas["Veo31T2V"]["properties"]["resolution"]["enum"] == ["720p", "1080p"]


def test_model_files_merge_into_a_discriminated_oneof(make_doc: Any) -> None:
    """Two files' POST /x, each naming its model, become one operation with two classes."""
    one, two = (
        make_doc(
            request_schema={
                "type": "object",
                "title": model,
                "properties": {
                    "model": {"type": "string", "enum": [model]},
                    "duration": {"type": "integer", "enum": [4, 8], "default": "8"},
                },
            }
        )
        for model in ("google/veo-3.1-t2v", "veo2")
    )
    document, _ = normalize([one, two], None)
    body = document["paths"]["/x"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert body["discriminator"]["mapping"] == {
        "google/veo-3.1-t2v": "#/components/schemas/Veo31T2V",
        "veo2": "#/components/schemas/Veo2",
    }
    duration = document["components"]["schemas"]["Veo2"]["properties"]["duration"]
    assert duration == {"type": "integer", "enum": [4, 8], "x-api-default": 8}


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
    merged = merge([create, fetch], report)
    assert merged["components"]["schemas"] == {
        "G": {"type": "string"},
        "G.fetch": {"type": "integer"},
    }
    assert "G.fetch" in json.dumps(merged["paths"]["/y"])
    assert "the later copy kept as G.fetch" in report.notes[0]


def test_two_files_defining_one_operation_is_an_error(make_doc: Any) -> None:
    """Two definitions of POST /x that are not model variants cannot be merged silently."""
    with pytest.raises(NormalizeError, match="two files define POST /x, and not as variants"):
        merge([make_doc(), make_doc()], Report())


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
        normalize([document], None)
