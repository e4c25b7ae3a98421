"""OpenAPI Overlay 1.0 semantics as the normalizer applies them."""

from __future__ import annotations

from typing import Any

import pytest
from specpipe.overlay import OverlayError, apply_overlay


def overlay(*actions: dict[str, Any]) -> dict[str, Any]:
    return {"overlay": "1.0.0", "info": {"title": "t", "version": "1"}, "actions": list(actions)}


def test_update_merges_objects_deeply() -> None:
    """Keys in the update are merged in; keys it does not name are kept."""
    document = {"a": {"b": {"c": 1, "d": 2}}}
    apply_overlay(document, overlay({"target": "$.a", "update": {"b": {"c": 9}, "e": 3}}))
    assert document == {"a": {"b": {"c": 9, "d": 2}, "e": 3}}


def test_update_appends_to_a_targeted_array() -> None:
    """Overlay 1.0: an update whose target is an array adds the value to it."""
    document = {"a": [1]}
    apply_overlay(document, overlay({"target": "$.a", "update": 2}))
    assert document == {"a": [1, 2]}


def test_remove_deletes_every_match_and_counts_them() -> None:
    """Remove works through filters and wildcards; the report counts the matches."""
    document = {"p": {"x": {"drop": 1, "keep": 2}, "y": {"drop": 3}}}
    applied = apply_overlay(
        document, overlay({"target": "$.p.*.drop", "remove": True, "description": "why"})
    )
    assert document == {"p": {"x": {"keep": 2}, "y": {}}}
    assert (applied[0].matches, applied[0].description) == (2, "why")


def test_an_action_that_matches_nothing_is_an_error_when_strict() -> None:
    """Upstream moved under the correction: a maintainer must look, so strict mode stops."""
    with pytest.raises(OverlayError, match=r"action 0 matched nothing: \$.missing"):
        apply_overlay({}, overlay({"target": "$.missing", "update": {}}))
    assert (
        apply_overlay({}, overlay({"target": "$.missing", "update": {}}), strict=False)[0].matches
        == 0
    )


@pytest.mark.parametrize("bad", [{"actions": []}, overlay({"target": "$.a"})])
def test_malformed_overlays_are_refused(bad: dict[str, Any]) -> None:
    """A document that is not an Overlay 1.0, or an action with nothing to do, is refused."""
    with pytest.raises(OverlayError):
        apply_overlay({"a": {}}, bad)
