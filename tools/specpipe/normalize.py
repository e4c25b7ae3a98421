"""Turn the upstream spec files into the one document the client is generated from.

Steps, in order: merge the locked documents (the Veo family's creates into one operation with a
request schema per model, the fetch, the usage logs); strip presentation noise; apply the
project corrections (an Overlay 1.0 file, `spec/corrections.overlay.yaml`); apply the generic
repairs; keep request defaults from being sent; prune components to what the operations reach; validate. `spec/openapi.json` is
exactly what `normalize()` makes of `spec/upstream/`; a test holds the two together.
"""

from __future__ import annotations

import copy
import json
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError
from referencing.exceptions import Unresolvable

from specpipe.layout import LAYOUT
from specpipe.lock import UPSTREAM_DIR, read_lock
from specpipe.overlay import AppliedAction, apply_overlay
from specpipe.repairs import HTTP_METHODS, Repair, document_schemas, repair_document

Json = dict[str, Any]
OVERLAY_PATH = LAYOUT.overlay
OUTPUT_PATH = LAYOUT.openapi
NOISE_KEYS = frozenset({"tags", "x-codeSamples", "x-hideTryItPanel", "x-readme", "x-stoplight"})


class NormalizeError(Exception):
    """The upstream documents cannot be made into a valid spec; the message says where.

    `report` holds what was applied before the document was found invalid (None when the
    failure came earlier), so a caller can say which corrections matched what.
    """

    def __init__(self, message: str, report: Report | None = None) -> None:
        super().__init__(message)
        self.report = report


@dataclass
class Report:
    repairs: list[Repair] = field(default_factory=list)
    corrections: list[AppliedAction] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def lines(self) -> Iterator[str]:
        yield from (f"note: {note}" for note in self.notes)
        yield from (f"repair: {repair}" for repair in self.repairs)
        for action in self.corrections:
            summary = action.description.splitlines()[0] if action.description else ""
            state = f"{action.matches} match(es)" if action.matches else "NO LONGER APPLIES"
            yield f"correction: {action.target} [{state}] {summary}"


def strip_noise(node: Any) -> None:
    if isinstance(node, dict):
        for key in [k for k in node if k in NOISE_KEYS and not isinstance(node[k], dict)]:
            del node[key]
        for value in node.values():
            strip_noise(value)
    elif isinstance(node, list):
        for value in node:
            strip_noise(value)


def refs_in(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            yield node["$ref"]
        for value in node.values():
            yield from refs_in(value)
    elif isinstance(node, list):
        for value in node:
            yield from refs_in(value)


def rename_refs(node: Any, old: str, new: str) -> None:
    if isinstance(node, dict):
        if node.get("$ref") == old:
            node["$ref"] = new
        for value in node.values():
            rename_refs(value, old, new)
    elif isinstance(node, list):
        for value in node:
            rename_refs(value, old, new)


def reachable(document: Json) -> set[str]:
    """Every `#/components/...` reference reachable from the paths, transitively."""
    components = document.get("components", {})
    seen: set[str] = set()
    pending = list(refs_in(document.get("paths", {})))
    while pending:
        ref = pending.pop()
        if ref in seen or not ref.startswith("#/components/"):
            continue
        seen.add(ref)
        _, _, kind, name = ref.split("/", 3)
        pending.extend(refs_in(components.get(kind, {}).get(name)))
    return seen


def used_security_schemes(document: Json) -> set[str]:
    requirements = list(document.get("security", []))
    for item in document.get("paths", {}).values():
        for method in HTTP_METHODS:
            requirements.extend(item.get(method, {}).get("security", []))
    return {name for requirement in requirements for name in requirement}


def prune(document: Json) -> int:
    """Drop components nothing reaches; return how many were dropped."""
    keep = reachable(document)
    keep |= {f"#/components/securitySchemes/{n}" for n in used_security_schemes(document)}
    components = document.get("components", {})
    dropped = 0
    for kind in list(components):
        members = components[kind]
        for name in [n for n in members if f"#/components/{kind}/{n}" not in keep]:
            del members[name]
            dropped += 1
        if not members:
            del components[kind]
    if not components:
        document.pop("components", None)
    return dropped


def merge(documents: Sequence[Json], report: Report) -> Json:
    """One document with the operations of every file, each file pruned to what its own
    operations reach first (full-size revisions carry the whole gateway's components). Several
    files defining one create (`POST /v2/video/generations`, one file per model) become one
    operation whose request is a `oneOf` of the files' request schemas (`family`)."""
    if not documents:
        raise NormalizeError("no upstream document to normalize")
    merged = copy.deepcopy(documents[0])
    prune(merged)
    _own_security(merged)
    for document in documents[1:]:
        other = copy.deepcopy(document)
        prune(other)
        _own_security(other)
        _merge_components(merged, other, report)
        for path, item in other.get("paths", {}).items():
            target = merged.setdefault("paths", {}).setdefault(path, {})
            for method, operation in item.items():
                if method in target:
                    _join_variants(target[method], operation, f"{method.upper()} {path}", report)
                else:
                    target[method] = operation
    return merged


def _own_security(document: Json) -> None:
    """A file's top-level `security` moved onto its operations, where it still holds after
    the merge (the merged document's top level is the first file's)."""
    required = document.pop("security", None)
    for item in document.get("paths", {}).values():
        for method in HTTP_METHODS:
            if required is not None and method in item:
                item[method].setdefault("security", required)


def _merge_components(merged: Json, other: Json, report: Report) -> None:
    """Add `other`'s components; one that differs is kept twice, `other`'s copy renamed."""
    ours = merged.setdefault("components", {})
    for kind, members in other.get("components", {}).items():
        for name, value in members.items():
            existing = ours.setdefault(kind, {}).get(name)
            if existing is not None and existing != value:
                if kind == "securitySchemes":  # referenced by name, not by $ref: first wins
                    report.notes.append(f"{kind} {name} differs between the files: first kept")
                    continue
                renamed = f"{name}.fetch"
                rename_refs(
                    other["paths"], f"#/components/{kind}/{name}", f"#/components/{kind}/{renamed}"
                )
                report.notes.append(
                    f"{kind} {name} differs between the files: the later copy kept as {renamed}"
                )
                name = renamed  # noqa: PLW2901 (the later file's copy lives on under its new name)
            ours[kind][name] = value


def request_schema(operation: Json) -> Json | None:
    body = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
    schema = body.get("schema")
    return schema if isinstance(schema, dict) else None


def _join_variants(ours: Json, theirs: Json, where: str, report: Report) -> None:
    """Two files' copies of one operation: their request bodies become variants of a oneOf;
    anything else must be the same (else the first file's answer is kept and noted)."""
    mine, other = request_schema(ours), request_schema(theirs)
    if mine is None or other is None:
        raise NormalizeError(f"two files define {where}, and not as variants of one request")
    if "oneOf" not in mine:
        ours["requestBody"]["content"]["application/json"]["schema"] = mine = {"oneOf": [mine]}
    mine["oneOf"].append(other)
    if ours.get("responses") != theirs.get("responses"):
        report.notes.append(f"{where}: a file documents other answers; the first file's kept")


def model_of(schema: Json) -> str | None:
    """The one `model` a request schema accepts, if it names one."""
    values = schema.get("properties", {}).get("model", {}).get("enum", [])
    return values[0] if len(values) == 1 and isinstance(values[0], str) else None


def class_name(model: str) -> str:
    """`google/veo-3.1-t2v` -> `Veo31T2V`: the request schema's name, spelled as the generator
    spells a class (a letter after a digit capitalized), so both names are the same."""
    words = re.split(r"[^A-Za-z0-9]+", model.removeprefix("google/"))
    name = "".join(word[:1].upper() + word[1:] for word in words if word)
    return re.sub(r"(?<=[0-9])[a-z]", lambda letter: letter.group().upper(), name)


def family(document: Json, report: Report) -> None:
    """Every request variant that names its model becomes `components/schemas/<Model>` with
    `model` defaulting to that name (so the generated class needs only the user's fields), and
    the oneOf discriminates on `model`: one class per model, one create operation."""
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for item in document.get("paths", {}).values():
        for operation in item.values():
            variants = (request_schema(operation) or {}).get("oneOf", [])
            mapping = {}
            for index, variant in enumerate(variants):
                model = model_of(variant)
                if model is None or "$ref" in variant:
                    continue
                name = class_name(model)
                if name in schemas:
                    raise NormalizeError(f"two request schemas are named {name} ({model})")
                variant.pop("title", None)
                variant["properties"]["model"]["default"] = model
                schemas[name] = variant
                variants[index] = {"$ref": f"#/components/schemas/{name}"}
                mapping[model] = variants[index]["$ref"]
            if mapping:
                request_schema(operation)["discriminator"] = {  # type: ignore[index]
                    "propertyName": "model",
                    "mapping": mapping,
                }
                report.notes.append(f"{len(mapping)} models share one create operation")


def share_titled_schemas(document: Json, report: Report) -> None:
    """Inline schemas the corrections titled alike (create's and fetch's answer: one
    generation resource) become one component of that name, so one class parses both."""
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for schema, where in list(document_schemas(document)):
        title = schema.get("title")
        if not title or where.startswith("#/components") or "properties" not in schema:
            continue
        shared = schemas.setdefault(title, copy.deepcopy(schema))
        if shared != schema:
            report.notes.append(f"{where} differs from {title}: answered with {title} all the same")
        schema.clear()
        schema["$ref"] = f"#/components/schemas/{title}"


def unsend_request_defaults(document: Json, report: Report) -> None:
    """A request `default` becomes `x-api-default`: generated code sends a field's default,
    so a minimal request would buy durations, resolutions and audio the user never chose. The
    service applies its own defaults; the value stays documented (and read by the library)."""
    moved = 0
    for schema in document.get("components", {}).get("schemas", {}).values():
        if model_of(schema) is None:
            continue
        for name, prop in schema.get("properties", {}).items():
            if name != "model" and "default" in prop:
                prop["x-api-default"] = prop.pop("default")
                moved += 1
    if moved:
        report.notes.append(f"{moved} request default(s) kept as x-api-default, never sent")


def validation_error(document: Json) -> str | None:
    try:
        validate(document)
    except OpenAPIValidationError as exc:
        where = "/".join(str(p) for p in getattr(exc, "path", [])) or "document root"
        return f"{exc.message} (at {where})" if hasattr(exc, "message") else f"{exc} (at {where})"
    except Unresolvable as exc:
        # A $ref to nothing (e.g. a correction pointing at a component this revision lacks).
        ref = str(getattr(exc, "ref", exc))
        return f"$ref {'#' + ref if ref.startswith('/') else ref} does not resolve"
    return None


def normalize(
    documents: Sequence[Json], overlay: Json | None, *, strict: bool = True
) -> tuple[Json, Report]:
    """The normalized document and a report of every repair and correction applied.

    `strict=False` lets a correction that matches nothing pass (reported as no longer
    applying): used when running over old revisions the corrections were not written for.
    """
    report = Report()
    document = merge(documents, report)
    family(document, report)
    # Corrections may add schemas (the error body) to a revision whose operations reach none.
    document.setdefault("components", {}).setdefault("schemas", {})
    strip_noise(document)
    if overlay is not None:
        report.corrections = apply_overlay(document, overlay, strict=strict)
    report.repairs = repair_document(document)
    share_titled_schemas(document, report)
    unsend_request_defaults(document, report)
    dropped = prune(document)
    if dropped:
        report.notes.append(f"pruned {dropped} unreachable component(s)")
    error = validation_error(document)
    if error is not None:
        raise NormalizeError(f"not a valid OpenAPI document after repairs: {error}", report)
    return document, report


def load_json(path: Path) -> Json:
    try:
        data: Json = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise NormalizeError(f"{path} does not exist: run `make spec` first") from exc
    except json.JSONDecodeError as exc:
        raise NormalizeError(
            f"{path} is not JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        ) from exc
    return data


def load_overlay(path: Path = OVERLAY_PATH) -> Json:
    data: Json = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def upstream_documents(upstream: Path = UPSTREAM_DIR) -> list[Json]:
    """Every locked file, in the lock's order."""
    return [load_json(upstream / locked.name) for locked in read_lock()]


def dumps(document: Json) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def main() -> int:
    try:
        document, report = normalize(upstream_documents(), load_overlay())
    except Exception as exc:
        print(f"normalize failed: {exc}", file=sys.stderr)
        return 1
    for line in report.lines():
        print(line)
    OUTPUT_PATH.write_text(dumps(document), encoding="utf-8")
    print(f"wrote {OUTPUT_PATH.relative_to(LAYOUT.root)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
