"""`make spec-update`: moving the lock, on temp copies of spec/ and generated/, never the checkout.

Each test copies the repository's spec/ and generated/ into tmp_path and points `update()` at
that copy (`root=`); the source is a stand-in upstream git repository built from spec/upstream/
(`gitrepo.build_family`), moved on by a test where it needs to.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from gitrepo import build_family, commit_change, git
from specpipe.diff_model import Change
from specpipe.drift import PREAMBLE, Entry, prepend
from specpipe.generate import GenerateError
from specpipe.gitsource import GitSource
from specpipe.layout import REPO_ROOT
from specpipe.lock import LockedFile, read_watch
from specpipe.normalize import Report
from specpipe.repairs import Repair
from specpipe.update import UpdateError, install, main, repair_notes, update

CREATE = "Veo2-Image-to-Video.json"
GOOGLE = "docs/api-references/video-models/Google"
LOGS = "docs/api-references/service-endpoints/logs-v2.json"
TODAY = date(2026, 9, 1)
# What `make spec-update` writes; DRIFT.md is checked separately, since every update adds to it.
OUTPUTS = ("spec/spec.lock.json", "spec/upstream", "spec/openapi.json", "generated")


def snapshot(root: Path, parts: tuple[str, ...] = (*OUTPUTS, "spec/DRIFT.md")) -> dict[str, bytes]:
    """Every byte an update may write, by path relative to `root`."""
    found = {}
    for part in parts:
        base = root / part
        files = [base] if base.is_file() else sorted(base.rglob("*"))
        for path in files:
            if path.is_file() and "__pycache__" not in path.parts:
                found[str(path.relative_to(root))] = path.read_bytes()
    return found


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A copy of the checkout's spec/ and generated/ to update in place of the real ones."""
    root = tmp_path / "repo"
    ignore = shutil.ignore_patterns("__pycache__", "tests", "specpipe")
    shutil.copytree(REPO_ROOT / "spec", root / "spec", ignore=ignore)
    shutil.copytree(REPO_ROOT / "generated", root / "generated", ignore=ignore)
    return root


@pytest.fixture
def live() -> Any:
    """The checkout's own outputs before the test; the test must leave them byte for byte."""
    before = snapshot(REPO_ROOT)
    yield
    assert snapshot(REPO_ROOT) == before, "a test modified the live checkout"


@pytest.fixture
def upstream(tmp_path: Path) -> tuple[Path, list[str]]:
    """A stand-in upstream built from spec/upstream/ (gitrepo.build_family)."""
    repo = tmp_path / "api-docs"
    return repo, build_family(REPO_ROOT / "spec", repo)


def source(upstream: tuple[Path, list[str]], tmp_path: Path) -> GitSource:
    return GitSource(
        upstream[0].as_uri(), read_watch(REPO_ROOT / "spec" / "spec.lock.json"), tmp_path / "clone"
    )


def moved(upstream: tuple[Path, list[str]], path: str, old: str, new: str) -> str:
    """Upstream moves on: `old` becomes `new` in one file; the new commit."""
    return commit_change(upstream[0], path, old, new, date="2026-09-01")


# --- the round trip ----------------------------------------------------------------------------


@pytest.mark.usefixtures("live")
def test_update_to_a_newer_revision_and_back_restores_every_byte(
    repo: Path, upstream: tuple[Path, list[str]], tmp_path: Path
) -> None:
    """REF=<commit> then REF=latest then REF=<commit> again: lock, upstream/, openapi.json and
    generated/ as they were."""
    pinned = upstream[1][2]
    update(pinned, root=repo, source=source(upstream, tmp_path), today=TODAY, say=print)
    before = snapshot(repo, OUTPUTS)
    moved(upstream, f"{GOOGLE}/veo3.json", '"16:9",\n', '"16:9",\n "1:1",\n')
    up = update("latest", root=repo, source=source(upstream, tmp_path / "b"), say=print)
    assert up.changed
    assert snapshot(repo, OUTPUTS) != before
    down = update(pinned, root=repo, source=source(upstream, tmp_path / "c"), say=print)
    assert down.after == up.before
    assert snapshot(repo, OUTPUTS) == before


# --- files gone upstream -----------------------------------------------------------------------


def test_a_watched_path_deleted_upstream_keeps_its_last_revision_loudly(
    repo: Path, upstream: tuple[Path, list[str]], tmp_path: Path
) -> None:
    """logs-v2.json deleted: the lock keeps its last revision, and the summary says so."""
    git(upstream[0], "rm", "--quiet", LOGS)
    git(upstream[0], "commit", "--quiet", "-m", "gone", date="2026-09-01T12:00:00+0000")
    lines: list[str] = []
    outcome = update("latest", root=repo, source=source(upstream, tmp_path), say=lines.append)
    assert any(
        line.startswith("WARNING: logs-v2.json: absent upstream since 2026-09-01;")
        for line in lines
    )
    assert LOGS in {f.path for f in outcome.after}


def test_revision_before_a_watched_path_existed_is_refused(
    repo: Path, upstream: tuple[Path, list[str]], tmp_path: Path
) -> None:
    """Before 2026-08-19 there was no logs file: the update would drop list_logs, so it refuses."""
    before = snapshot(repo)
    with pytest.raises(UpdateError, match=r"logs-v2.json does not exist at or before"):
        update("2026-01-10", root=repo, source=source(upstream, tmp_path), say=lambda _: None)
    assert snapshot(repo) == before


# --- nothing changes when something is wrong ---------------------------------------------------


def test_revision_invalid_without_corrections_is_refused(
    repo: Path, upstream: tuple[Path, list[str]], tmp_path: Path
) -> None:
    """A defect no generic repair knows: refused, the corrections not blamed, nothing written."""
    moved(upstream, f"{GOOGLE}/{CREATE}", '"content": {', '"content": "oops", "x": {')
    before = snapshot(repo)
    with pytest.raises(UpdateError, match="invalid even without the project corrections"):
        update("latest", root=repo, source=source(upstream, tmp_path), say=lambda _: None)
    assert snapshot(repo) == before


def test_revision_that_cannot_be_generated_changes_nothing(
    repo: Path, upstream: tuple[Path, list[str]], tmp_path: Path
) -> None:
    """A generator failure (here a stand-in for openapi-python-client refusing the spec) refuses
    the update; the half-built folder is removed and every output is as it was."""

    def refuses(spec: Path, out_package: Path) -> None:
        out_package.mkdir()
        (out_package / "half.py").write_text("")
        raise GenerateError(f"openapi-python-client failed on {spec.name}")

    moved(upstream, f"{GOOGLE}/veo3.json", '"16:9",\n', '"16:9",\n "1:1",\n')
    before = snapshot(repo)
    with pytest.raises(UpdateError, match="cannot be generated: openapi-python-client failed"):
        update(
            "latest",
            root=repo,
            source=source(upstream, tmp_path),
            say=lambda _: None,
            generator=refuses,
        )
    assert snapshot(repo) == before
    assert not list(repo.glob(".spec-update-*"))


def test_refused_update_exits_1_saying_nothing_changed(
    repo: Path,
    upstream: tuple[Path, list[str]],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The command line turns a refusal into exit 1 and a message a maintainer can act on."""
    monkeypatch.setenv("SPEC_UPSTREAM", upstream[0].as_uri())
    assert main(["--root", str(repo), "--ref", "2026-01-10"]) == 1
    assert "spec-update refused, nothing was changed: logs-v2.json" in capsys.readouterr().err


def test_a_failed_move_puts_back_what_was_already_moved(tmp_path: Path) -> None:
    """install() is all or nothing: a move that fails undoes the ones before it."""
    (tmp_path / "a").write_text("old a")
    (tmp_path / "new-a").write_text("new a")
    moves = [(tmp_path / "new-a", tmp_path / "a"), (tmp_path / "missing", tmp_path / "b")]
    with pytest.raises(OSError, match="missing"):
        install(moves, tmp_path / "backups")
    assert (tmp_path / "a").read_text() == "old a"
    assert not (tmp_path / "b").exists()


# --- the report --------------------------------------------------------------------------------


def entry(day: int, ref: str) -> Entry:
    locked = LockedFile("create", "o/r", f"d/{CREATE}", "1" * 40, "2026-01-01", "0" * 64)
    change = Change("api-path-moved", "breaking", "POST /b", "paths./b.post", "moved", "why")
    return Entry(date(2026, 9, day), ref, [locked], [locked], [change], ["a note"])


def test_drift_entries_are_prepended_newest_first() -> None:
    """DRIFT.md reads like a changelog: preamble, then the newest entry first."""
    text = prepend(prepend(None, entry(1, "first")), entry(2, "second"))
    assert text.startswith(PREAMBLE)
    assert text.index("REF=second") < text.index("REF=first")
    assert "1 change: 1 breaking, 0 may break, 0 non-breaking." in text
    assert "### Breaking changes" in text
    assert "- a note" in text


@pytest.mark.parametrize(
    ("forward", "wording"),
    [(True, "upstream fixed it"), (False, "the older revision does not have the defect")],
)
def test_repairs_that_stop_firing_are_named(forward: bool, wording: str) -> None:
    """A repair the previous lock needed and the new one does not is reported, and new ones too."""
    gone, kept, new = (Repair(n, "here", "did") for n in ("gone", "kept", "new"))
    notes = repair_notes(Report(repairs=[gone, kept]), Report(repairs=[kept, new]), forward=forward)
    assert notes == [
        f"repair no longer needed ({wording}): gone at here: did",
        "repair newly needed: new at here: did",
    ]
