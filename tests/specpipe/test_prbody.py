"""The weekly pull request, dry-run: the workflow's own command renders the body, and it holds
the lock move, the breaking rows, every change by level and the test results."""

from __future__ import annotations

import copy
import json
import re
import shlex
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml
from specpipe.layout import LAYOUT, REPO_ROOT
from specpipe.lock import read_lock, read_watch, write_lock
from specpipe.prbody import main

WORKFLOW = REPO_ROOT / ".github" / "workflows" / "contract.yml"
CREATE = "/v2/video/generations"
PR_FILES = {
    "spec/spec.lock.json",
    "spec/upstream/**",
    "spec/openapi.json",
    "spec/DRIFT.md",
    "generated/**",
}


def job() -> dict[str, Any]:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    upstream: dict[str, Any] = workflow["jobs"]["upstream-spec"]
    return upstream


def step(name_part: str) -> dict[str, Any]:
    return next(s for s in job()["steps"] if name_part in s.get("name", ""))


def prbody_command(temp: Path) -> list[str]:
    """The arguments the workflow passes to `python -m specpipe.prbody`, $RUNNER_TEMP filled in."""
    script = step("render the pull request body")["run"].replace("\\\n", " ")
    line = next(line for line in script.splitlines() if "-m specpipe.prbody" in line)
    words = shlex.split(line.replace("$RUNNER_TEMP", str(temp)))
    arguments = words[words.index("specpipe.prbody") + 1 :]
    return [w.replace('"$test_status"', "0").replace("$test_status", "0") for w in arguments]


def test_the_workflow_renders_the_body_with_its_own_command(tmp_path: Path) -> None:
    """What the workflow runs after `make spec-update`, on files laid out as it lays them."""
    before = json.loads(LAYOUT.openapi.read_text(encoding="utf-8"))
    before["paths"]["/v2/generate/video/old"] = before["paths"].pop(CREATE)  # create moved since
    (tmp_path / "openapi.before.json").write_text(json.dumps(before), encoding="utf-8")
    shutil.copy(LAYOUT.lock, tmp_path / "lock.before.json")
    (tmp_path / "make-test.log").write_text("... 1234 passed in 180s\n", encoding="utf-8")
    assert main(prbody_command(tmp_path)) == 0
    body = (tmp_path / "pr-body.md").read_text(encoding="utf-8")
    assert "operation moved from POST /v2/generate/video/old to POST /v2/video/generations" in body
    assert "`make test` passed" in body
    assert step("open or update")["with"]["body-path"] == "${{ runner.temp }}/pr-body.md"


@pytest.fixture
def moved(tmp_path: Path) -> tuple[Path, list[str]]:
    """A checkout after `make spec-update`: `video` gone, a status added, the create file moved
    on; the files the workflow saved before it; a failing test log."""
    root = tmp_path / "repo"
    shutil.copytree(REPO_ROOT / "spec", root / "spec", ignore=shutil.ignore_patterns("upstream"))
    old = json.loads(LAYOUT.openapi.read_text(encoding="utf-8"))
    new = copy.deepcopy(old)
    answer = new["components"]["schemas"]["Generation"]["properties"]
    del answer["video"]
    answer["status"]["enum"].append("cancelled")
    (root / "spec" / "openapi.json").write_text(json.dumps(new), encoding="utf-8")
    create, *others = read_lock(LAYOUT.lock)
    write_lock(
        [replace(create, ref="c" * 40, date="2026-11-30"), *others],
        read_watch(LAYOUT.lock),
        root / "spec" / "spec.lock.json",
    )
    shutil.copy(LAYOUT.openapi, tmp_path / "before.json")
    shutil.copy(LAYOUT.lock, tmp_path / "before.lock.json")
    log = "\n".join(f"line {n}" for n in range(100)) + "\nFAILED tests/x.py::test_y\n"
    (tmp_path / "test.log").write_text(log, encoding="utf-8")
    args = [
        "--old-spec",
        str(tmp_path / "before.json"),
        "--old-lock",
        str(tmp_path / "before.lock.json"),
    ]
    args += ["--tests", str(tmp_path / "test.log"), "--test-status", "2", "--root", str(root)]
    return tmp_path, args


def test_the_body_holds_the_lock_move_breaking_rows_levels_and_tests(
    moved: tuple[Path, list[str]], capsys: pytest.CaptureFixture[str]
) -> None:
    _, args = moved
    assert main(args) == 0
    body = capsys.readouterr().out
    assert (
        "| create | `Veo2-Image-to-Video.json` | `935b91ee` 2026-08-19 | `cccccccc` 2026-11-30 |"
        in body
    )
    assert "| fetch | `universal-video-fetch.json` | `935b91ee` 2026-08-19 | unchanged |" in body
    breaking = body.split("### Breaking for this client")[1].split("### Every change")[0]
    assert re.search(r"- `POST /v2/video/generations` `responses\.200\.video`: optional", breaking)
    assert re.search(
        r"- `GET /v2/video/generations` `responses\.200\.status`: enum value \"cancelled\" added",
        breaking,
    )
    assert "#### Breaking changes" in body
    assert "`make test` FAILED (exit 2)" in body
    assert "FAILED tests/x.py::test_y" in body
    assert "line 39\n" not in body  # only the log's tail
    assert "### Reviewing" in body


def test_the_pull_request_is_one_branch_pinned_by_commit_holding_the_spec_files() -> None:
    pr = step("open or update")
    action, _, ref = pr["uses"].partition("@")
    assert action == "peter-evans/create-pull-request"
    assert re.fullmatch(r"[0-9a-f]{40}", ref)
    assert pr["with"]["branch"] == "spec/upstream-update"
    assert set(pr["with"]["add-paths"].split()) == PR_FILES
    assert job()["permissions"] == {"contents": "write", "pull-requests": "write"}
    assert "specpipe.check" in step("has upstream moved")["run"]
