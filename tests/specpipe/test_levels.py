"""Levels a maintainer of this client expects, on mutations of the real spec/openapi.json.

Each mutation is run through the one diff command line (`make spec-diff OLD=... NEW=...`), so
normalization, levels, the raise on what the wrapper uses and the exit status are all real.
With the default `--fail-on may-break`, exactly the mutations that remove, tighten, move or add
a response value exit 1.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from specpipe.diff import main
from specpipe.layout import LAYOUT

Json = dict[str, Any]
CREATE = FETCH = "/v2/video/generations"
POST, GET = f"POST {CREATE}", f"GET {FETCH}"
VEO2 = f"{POST} [veo2/image-to-video]"  # a request change is reported for the model it is in
ANSWER = "Generation"


def request(doc: Json) -> Json:
    return doc["components"]["schemas"]["Veo2ImageToVideo"]  # type: ignore[no-any-return]


def answer(doc: Json) -> Json:
    return doc["components"]["schemas"][ANSWER]  # type: ignore[no-any-return]


def drop_durations(doc: Json) -> None:
    request(doc)["properties"]["duration"]["enum"] = [5, 6]


def add_optional_field(doc: Json) -> None:
    request(doc)["properties"]["resolution"] = {"type": "string", "enum": ["720p", "1080p"]}


def require_duration(doc: Json) -> None:
    request(doc)["required"].append("duration")


def remove_video(doc: Json) -> None:
    del answer(doc)["properties"]["video"]


def add_status(doc: Json) -> None:
    answer(doc)["properties"]["status"]["enum"].append("cancelled")


def reword_prompt(doc: Json) -> None:
    request(doc)["properties"]["prompt"]["description"] = "What the video shows."


def move_create(doc: Json) -> None:
    doc["paths"]["/v3/video/generations"] = {"post": doc["paths"][CREATE].pop("post")}


Found = set[tuple[str, str, str | None, str]]
MUTATIONS: list[tuple[str, Callable[[Json], None], Found, int]] = [
    ("removed enum values", drop_durations,
     {("request-property-enum-value-removed", "breaking", VEO2, "requestBody.duration")}, 1),
    ("new optional request field", add_optional_field,
     {("new-optional-request-property", "non-breaking", VEO2, "requestBody.resolution")}, 0),
    ("field made required", require_duration,
     {("request-property-became-required", "breaking", VEO2, "requestBody.duration")}, 1),
    ("response field the wrapper reads removed", remove_video,
     {("response-optional-property-removed", "breaking", op, "responses.200.video")
      for op in (POST, GET)}, 1),
    ("status value added", add_status,
     {("response-property-enum-value-added", "breaking", op, "responses.200.status")
      for op in (POST, GET)}, 1),
    ("reworded description", reword_prompt,
     {("request-property-description-changed", "non-breaking", VEO2, "requestBody.prompt")}, 0),
    ("moved create path", move_create,
     {("api-path-moved", "breaking", "POST /v3/video/generations",
       "paths./v3/video/generations.post")}, 1),
]  # fmt: skip


def run(tmp_path: Path, old: Json, new: Json, *args: str) -> tuple[int, Json]:
    paths = []
    for name, doc in (("old.json", old), ("new.json", new)):
        (tmp_path / name).write_text(json.dumps(doc), encoding="utf-8")
        paths.append(str(tmp_path / name))
    status = main([*paths, "--format", "json", "--output", str(tmp_path / "report.json"), *args])
    return status, json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))


def spec() -> Json:
    document: Json = json.loads(LAYOUT.openapi.read_text(encoding="utf-8"))
    return document


@pytest.mark.parametrize(
    ("mutate", "expected", "status"),
    [pytest.param(m, e, s, id=name) for name, m, e, s in MUTATIONS],
)
def test_each_mutation_is_named_levelled_and_sets_the_exit_status(
    tmp_path: Path, mutate: Callable[[Json], None], expected: Found, status: int
) -> None:
    old = spec()
    new = copy.deepcopy(old)
    mutate(new)
    code, report = run(tmp_path, old, new)
    found = {(c["rule"], c["level"], c["operation"], c["location"]) for c in report["changes"]}
    assert found == expected
    assert code == status


def test_raised_changes_say_which_field_of_the_wrapper_they_touch(tmp_path: Path) -> None:
    new = spec()
    remove_video(new)
    _, report = run(tmp_path, spec(), new)
    assert all("this client uses `responses.2xx.video." in c["reason"] for c in report["changes"])


def test_a_response_value_the_wrapper_does_not_read_only_may_break(tmp_path: Path) -> None:
    """A new enum value on a response field this client ignores stays `may-break`: it fails the
    default --fail-on may-break, and passes --fail-on breaking."""
    old = spec()
    answer(old)["properties"]["quality"] = {"type": "string", "enum": ["sd", "hd"]}
    new = copy.deepcopy(old)
    answer(new)["properties"]["quality"]["enum"].append("4k")
    code, report = run(tmp_path, old, new)
    assert {c["level"] for c in report["changes"]} == {"may-break"}
    assert code == 1
    assert run(tmp_path, old, new, "--fail-on", "breaking")[0] == 0


def test_fail_on_breaking_still_fails_on_breaking(tmp_path: Path) -> None:
    new = spec()
    move_create(new)
    assert run(tmp_path, spec(), new, "--fail-on", "breaking")[0] == 1
