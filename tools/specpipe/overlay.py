"""Apply an OpenAPI Overlay 1.0 document: ordered actions, each a JSONPath target plus
`update` (deep merge into each matched object, append to a matched array) or `remove`."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

import jsonpath

Json = dict[str, Any]


class OverlayError(Exception):
    """The overlay is malformed, or one of its actions matched nothing."""


@dataclass(frozen=True)
class AppliedAction:
    target: str
    description: str
    matches: int


def deep_merge(target: Json, update: Json) -> None:
    for key, value in update.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            deep_merge(target[key], value)
        else:
            target[key] = copy.deepcopy(value)


def apply_action(document: Json, action: Json) -> int:
    matches = list(jsonpath.finditer(action["target"], document))
    for match in matches:
        if action.get("remove"):
            parent = match.parent.obj if match.parent else None
            if not isinstance(parent, dict | list):
                raise OverlayError(f"cannot remove the document root ({action['target']})")
            del parent[match.parts[-1]]  # type: ignore[arg-type]
        elif isinstance(match.obj, list):
            match.obj.append(copy.deepcopy(action["update"]))
        elif isinstance(match.obj, dict):
            deep_merge(match.obj, action["update"])
        else:
            raise OverlayError(f"{action['target']} matches a scalar; target its parent object")
    return len(matches)


def apply_overlay(document: Json, overlay: Json, *, strict: bool = True) -> list[AppliedAction]:
    """Apply in order. With `strict`, an action that matches nothing is an error: it means
    upstream changed under the correction, which a maintainer must look at."""
    if not str(overlay.get("overlay", "")).startswith("1.0"):
        raise OverlayError("not an Overlay 1.0 document (missing `overlay: 1.0.x`)")
    applied = []
    for index, action in enumerate(overlay.get("actions", [])):
        description = str(action.get("description", "")).strip()
        if "target" not in action or ("update" not in action and not action.get("remove")):
            raise OverlayError(f"action {index} needs a target and an update or remove")
        count = apply_action(document, action)
        if count == 0 and strict:
            raise OverlayError(f"action {index} matched nothing: {action['target']}")
        applied.append(AppliedAction(action["target"], description, count))
    return applied
