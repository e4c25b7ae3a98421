"""Turn the upstream spec files into the one document the client is generated from.

Steps, in order: merge the create and fetch documents; strip presentation noise; apply the
project corrections (an Overlay 1.0 file, `spec/corrections.overlay.yaml`); apply the generic
repairs; prune components to what the operations reach; validate. `spec/openapi.json` is
exactly what `normalize()` makes of `spec/upstream/`; a test holds the two together.
"""

from __future__ import annotations

import copy
import json
import sys
from collections.abc import Iterator
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
from specpipe.repairs import HTTP_METHODS, Repair, repair_document

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


def merge(create: Json, fetch: Json | None, report: Report) -> Json:
    """One document with the operations of both files; each file pruned to what its own
    operations reach first, so the gateway-wide components of full-size revisions fall away."""
    merged = copy.deepcopy(create)
    prune(merged)
    if fetch is None:
        report.notes.append("no fetch document at this revision: create-only client")
        return merged
    other = copy.deepcopy(fetch)
    prune(other)
    ours = merged.setdefault("components", {})
    for kind, members in other.get("components", {}).items():
        for name, value in members.items():
            existing = ours.setdefault(kind, {}).get(name)
            if existing is not None and existing != value:
                renamed = f"{name}.fetch"
                rename_refs(
                    other["paths"], f"#/components/{kind}/{name}", f"#/components/{kind}/{renamed}"
                )
                report.notes.append(
                    f"{kind} {name} differs between the files: fetch's copy kept as {renamed}"
                )
                name = renamed  # noqa: PLW2901 (the fetch file's copy lives on under its new name)
            ours[kind][name] = value
    for path, item in other.get("paths", {}).items():
        target = merged.setdefault("paths", {}).setdefault(path, {})
        for method, operation in item.items():
            if method in target:
                raise NormalizeError(f"both files define {method.upper()} {path}")
            target[method] = operation
    return merged


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
    create: Json, fetch: Json | None, overlay: Json | None, *, strict: bool = True
) -> tuple[Json, Report]:
    """The normalized document and a report of every repair and correction applied.

    `strict=False` lets a correction that matches nothing pass (reported as no longer
    applying): used when running over old revisions the corrections were not written for.
    """
    report = Report()
    document = merge(create, fetch, report)
    # Corrections may add schemas (the error body) to a revision whose operations reach none.
    document.setdefault("components", {}).setdefault("schemas", {})
    strip_noise(document)
    if overlay is not None:
        report.corrections = apply_overlay(document, overlay, strict=strict)
    report.repairs = repair_document(document)
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


def upstream_documents(upstream: Path = UPSTREAM_DIR) -> tuple[Json, Json | None]:
    roles = {locked.role: locked.name for locked in read_lock()}
    create = load_json(upstream / roles["create"])
    fetch = load_json(upstream / roles["fetch"]) if "fetch" in roles else None
    return create, fetch


def dumps(document: Json) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def main() -> int:
    try:
        create, fetch = upstream_documents()
        document, report = normalize(create, fetch, load_overlay())
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
