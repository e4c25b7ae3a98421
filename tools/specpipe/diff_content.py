"""Media types of a request body or response, and the schema under each.

A single media type replaced by another (`application/json` -> `text/plain`) is one change,
and the two schemas are still compared, rather than a removal plus an unrelated addition.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from specpipe.diff_model import BREAKING, NON_BREAKING, Change
from specpipe.diff_schema import compare_schema
from specpipe.diff_site import Site


def check_content(site: Site, old: Any, new: Any) -> Iterator[Change]:
    """`site` is the body's site (root rule `request-body` or `response-body`)."""
    before = old if isinstance(old, dict) else {}
    after = new if isinstance(new, dict) else {}
    gone, fresh = sorted(before.keys() - after.keys()), sorted(after.keys() - before.keys())
    matched = [(t, t) for t in sorted(before.keys() & after.keys())]
    if len(gone) == 1 and len(fresh) == 1:
        yield _media_type_changed(site, gone[0], fresh[0])
        matched.append((gone[0], fresh[0]))
    else:
        # A body that appears or vanishes whole is reported as its schema doing so.
        for media_type in gone:
            whole = not after and _schema_of(before[media_type]) is not None
            yield (_schema_gone if whole else _media_type_removed)(site, media_type)
        for media_type in fresh:
            whole = not before and _schema_of(after[media_type]) is not None
            yield (_schema_added if whole else _media_type_added)(site, media_type)
    for old_type, new_type in matched:
        yield from _schemas(
            site, new_type, _schema_of(before[old_type]), _schema_of(after[new_type])
        )


def _schema_of(media: Any) -> Any:
    return media.get("schema") if isinstance(media, dict) else None


def _schemas(site: Site, media_type: str, old: Any, new: Any) -> Iterator[Change]:
    if old is None and new is not None:
        yield _schema_added(site, media_type)
    elif new is None and old is not None:
        yield _schema_gone(site, media_type)
    elif old is not None:
        yield from compare_schema(site, old, new)


def _schema_added(site: Site, media_type: str) -> Change:
    return site.change(
        site.rule("", "schema-added"),
        site.pick(request=BREAKING, response=NON_BREAKING),
        "",
        f"{site.root_noun} now declares a schema ({media_type})",
        "a free-form body is now constrained, and the generated argument's type changes"
        if site.direction == "request"
        else "the generated client now parses the body into a model instead of leaving it raw",
    )


def _schema_gone(site: Site, media_type: str) -> Change:
    return site.change(
        site.rule("", "schema-removed"),
        BREAKING,
        "",
        f"{site.root_noun} no longer declares a schema ({media_type})",
        "the generated argument loses its model type"
        if site.direction == "request"
        else "the generated client stops parsing the body, so code reading the model breaks",
    )


def _media_type_changed(site: Site, old: str, new: str) -> Change:
    return site.change(
        f"{site.root_rule}-media-type-changed",
        BREAKING,
        "",
        f"{site.root_noun} media type changed from {old} to {new}",
        f"callers must now send {new}; bodies sent as {old} are rejected"
        if site.direction == "request"
        else f"the server now answers in {new}; code that parses {old} breaks",
    )


def _media_type_removed(site: Site, media_type: str) -> Change:
    return site.change(
        f"{site.root_rule}-media-type-removed",
        BREAKING,
        "",
        f"{site.root_noun} media type {media_type} removed",
        "callers that send it are rejected"
        if site.direction == "request"
        else "clients that only read this media type get a body they do not parse",
    )


def _media_type_added(site: Site, media_type: str) -> Change:
    return site.change(
        f"{site.root_rule}-media-type-added",
        NON_BREAKING,
        "",
        f"{site.root_noun} media type {media_type} added",
        "one more encoding is accepted; the old ones still work"
        if site.direction == "request"
        else "an additional encoding; clients keep asking for the one they know",
    )
