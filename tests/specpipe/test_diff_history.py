"""`make spec-diff` on the real upstream history: each known change, through the normalizer.

test_diff.py pins these changes on the raw files; here they go the way `make spec-diff` takes
them: a mirror revision is both locked files merged and put through the generic normalizer
(no project corrections), a file is normalized on its own. Also `make spec-history`'s report.
"""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from specpipe.diff import Change, Step, diff_specs, history, history_report, load_side, main
from specpipe.diff_rules import Level
from specpipe.fetch import default_mirror
from specpipe.layout import LAYOUT, REPO_ROOT
from specpipe.revisions import MirrorSource

B: Level = "breaking"
W: Level = "may-break"
N: Level = "non-breaking"
MIRROR = default_mirror()
pytestmark = pytest.mark.skipif(
    MIRROR is None or not (MIRROR / "index.json").is_file(), reason="no upstream mirror"
)
OLD_PATH, NEW_PATH = "/v2/generate/video/google/generation", "/v2/video/generations"
CREATE_FILE = "docs/api-references/video-models/Google/Veo2-Image-to-Video.json"


@cache
def normalized(side: str) -> Any:
    return load_side(side)[0]


@cache
def steps() -> list[Step]:
    """Every consecutive pair of mirror revisions, as `make spec-history` computes them."""
    assert MIRROR is not None
    return history(MirrorSource(MIRROR))


def spec_diff(old: str, new: str) -> list[Change]:
    """What `make spec-diff OLD=old NEW=new` compares."""
    return diff_specs(normalized(old), normalized(new))


def found(old: str, new: str) -> set[tuple[str, str, str | None, str]]:
    return {(c.rule, c.level, c.operation, c.location) for c in spec_diff(old, new)}


def published(ref: str) -> str:
    assert MIRROR is not None
    return str(MIRROR / ref / CREATE_FILE)


def test_duration_string_became_an_integer_enum() -> None:
    """2025-04-25: `duration` string -> integer enum 5-8, breaking callers that send "5"."""
    assert ("request-property-type-changed", B, f"POST {OLD_PATH}", "requestBody.duration") in (
        found("2025-03-18", "2025-04-25")
    )


def test_responses_gained_the_generation_schema() -> None:
    """2025-11-12: both responses gain a schema; create's success status moves 201 -> 200."""
    assert found("2025-09-29", "2025-11-12") == {
        ("response-success-status-changed", B, f"POST {OLD_PATH}", "responses.200"),
        ("response-body-schema-added", N, f"POST {OLD_PATH}", "responses.200"),
        ("response-body-schema-added", N, f"GET {OLD_PATH}", "responses.200"),
    }


def test_tokens_used_became_credits_used() -> None:
    """2025-12-10: create's usage reports credits_used instead of tokens_used (fetch unchanged)."""
    usage = f"POST {OLD_PATH}", "responses.200.meta.usage"
    assert found("2025-11-20", "2025-12-10") == {
        ("response-required-property-removed", B, usage[0], f"{usage[1]}.tokens_used"),
        ("response-required-property-added", N, usage[0], f"{usage[1]}.credits_used"),
    }


def test_create_moved_to_the_universal_endpoint_with_a_typed_error() -> None:
    """2025-12-23: create is POST /v2/video/generations, renamed; `error` becomes {name, message}."""
    changes = found("2025-12-10", "2025-12-23")
    create = f"POST {NEW_PATH}"
    assert {
        ("api-path-moved", B, create, f"paths.{NEW_PATH}.post"),
        ("api-operation-id-changed", B, create, "operationId"),
        ("response-property-type-changed", B, create, "responses.200.error"),
    } <= changes
    assert not any(rule.startswith(("endpoint-added", "api-path-removed")) for rule, *_ in changes)


def test_fetch_operation_disappears_with_veo3_pair() -> None:
    """2026-01-09: veo3-pair.json is 404 upstream, and with it the only fetch operation."""
    assert found("2025-12-23", "2026-01-09") == {
        ("api-path-removed-without-deprecation", B, f"GET {OLD_PATH}", f"paths.{OLD_PATH}.get")
    }


# (breaking, may break, non-breaking) per revision, against the one before; revisions with no
# change are left out. A difference here means upstream's history reads differently through the
# normalizer. Against the two-level engine: reworded descriptions are now reported (2025-07-24,
# -08-11, -09-29), and the optional `duration` and `video.duration` removed on 2025-12-23 are
# breaking, no longer non-breaking: oasdiff calls that WARN, and this wrapper reads both fields.
HISTORY = {
    "2025-04-25": (1, 0, 1),
    "2025-06-10": (0, 0, 1),
    "2025-07-24": (0, 0, 4),
    "2025-08-11": (1, 0, 5),
    "2025-09-29": (0, 0, 1),
    "2025-11-12": (1, 0, 2),
    "2025-12-10": (1, 0, 1),
    "2025-12-23": (6, 0, 2),
    "2026-01-09": (1, 0, 0),
}


def test_whole_history_through_the_normalizer() -> None:
    """All 16 revisions normalize, and each consecutive pair reports the pinned counts."""
    assert len(steps()) == 15
    tallies = {
        s.new.date: tuple(sum(c.level == level for c in s.changes) for level in (B, W, N))
        for s in steps()
        if s.changes
    }
    assert tallies == HISTORY


def test_committed_history_report_is_what_spec_history_writes() -> None:
    """spec/HISTORY.md cannot drift from the mirror and the diff: run `make spec-history`."""
    expected = history_report(steps(), "markdown")
    assert (LAYOUT.history).read_text(encoding="utf-8") == expected


# --- files rather than revisions -------------------------------------------------------------


def test_single_upstream_files_are_normalized_before_the_diff() -> None:
    """Two raw create files: the same duration change as between the revisions."""
    old = published("95c4aaff0b0ad2fc51e635385d043d4c96632c9d")
    new = published("f2964331c86abb37d116899a4517d65e983f1583")
    assert found(old, new) == found("2025-03-18", "2025-04-25")


def test_an_upstream_file_openapi_python_client_refuses_still_compares() -> None:
    """The newest create file lacks a response description; the generic repair adds it."""
    raw = published("b86ca5c111f9ab05c3814fca49c211d04fae3f80")
    document = normalized(raw)
    assert document["paths"][NEW_PATH]["post"]["responses"]["200"]["description"] == "OK"
    assert found(raw, raw) == set()


def test_a_normalized_document_is_taken_as_it_is() -> None:
    """spec/openapi.json goes through unchanged, so the diff against upstream is the corrections."""
    ours = str(LAYOUT.openapi)
    assert normalized(ours) == json.loads(Path(ours).read_text(encoding="utf-8"))
    renamed = {
        c.message
        for c in spec_diff(published("b86ca5c111f9ab05c3814fca49c211d04fae3f80"), ours)
        if c.rule == "api-operation-id-changed"
    }
    assert renamed == {"operationId changed from `_v2_video_generations` to `create_generation`"}


# --- the command line ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "code"),
    [("2025-12-23", "2026-01-09", 1), ("2026-01-16", "b86ca5c1", 0)],
)
def test_exit_status_says_whether_anything_breaks(
    old: str, new: str, code: int, capsys: pytest.CaptureFixture[str]
) -> None:
    """0: nothing at or above may-break; 1: such changes (the report is printed either way)."""
    assert main([old, new]) == code
    out = capsys.readouterr().out
    assert ("BREAKING" in out) == bool(code)


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_formats(fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    """FORMAT=text|markdown|json each name the removed fetch operation."""
    assert main(["2025-12-23", "2026-01-09", "--format", fmt]) == 1
    out = capsys.readouterr().out
    assert "api-path-removed-without-deprecation" in out
    if fmt == "json":
        assert json.loads(out)["summary"] == {"breaking": 1, "may-break": 0, "non-breaking": 0}
    if fmt == "markdown":
        assert out.startswith("# API changes: 2025-12-23 -> 2026-01-09")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nowhere.json", "2026-01-09"], "'nowhere.json' is not a file, and"),
        (["", ""], "give two documents"),
        (["2025", "2026-01-09"], "'2025' is not a revision in the index"),
        ([str(LAYOUT.generator_config), "2026-01-09"], "cannot read it as JSON"),
    ],
)
def test_bad_input_exits_2_naming_it(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A side that is neither a readable OpenAPI file nor a known revision is named."""
    assert main(args) == 2
    assert message in capsys.readouterr().err


def test_make_recipe_runs_from_the_repository_root() -> None:
    """As `make spec-diff` runs it: from the repo root, a relative path, PYTHONPATH=spec."""
    old = published("65877514623fe70ae636f7369281863ece69f21f")
    result = subprocess.run(
        [sys.executable, "-m", "specpipe.diff", old, "spec/openapi.json"],
        cwd=REPO_ROOT,
        env={**os.environ, "PYTHONPATH": "spec"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert "create_generation" in result.stdout
    assert "new: spec/openapi.json (0 generic repairs)" in result.stderr


def test_history_pairs_are_consecutive() -> None:
    """Each step starts where the one before it ended, oldest to newest."""
    assert all(a.new == b.old for a, b in itertools.pairwise(steps()))
