"""`make spec-update`: moving the lock, on temp copies of spec/ and generated/, never the checkout.

Each test copies the repository's spec/ and generated/ into tmp_path and points `update()` at
that copy (`root=`); sources are the real mirror, a mirror with a doctored index.json beside
the real files (a git upstream is in test_upstream_git.py).
"""

from __future__ import annotations

import hashlib
import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from specpipe.diff_model import Change
from specpipe.drift import PREAMBLE, Entry, prepend
from specpipe.fetch import default_mirror
from specpipe.generate import GenerateError
from specpipe.layout import REPO_ROOT
from specpipe.lock import LockedFile, read_lock
from specpipe.normalize import Report
from specpipe.repairs import Repair
from specpipe.revisions import MirrorSource
from specpipe.update import UpdateError, install, main, repair_notes, update

MIRROR = default_mirror()
needs_mirror = pytest.mark.skipif(
    MIRROR is None or not (MIRROR / "index.json").is_file(), reason="no upstream mirror"
)
CREATE, FETCH = "Veo2-Image-to-Video.json", "veo3-pair.json"
DIRECTORY = "docs/api-references/video-models/Google"
LOCKED_CREATE = "b86ca5c111f9ab05c3814fca49c211d04fae3f80"
LOCKED_FETCH = "65877514623fe70ae636f7369281863ece69f21f"
OLDEST_FETCH = "b9057a234da6a479776ed410a28537c263f0c8ad"  # 2025-06-10: no shared response schema
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


def doctored_mirror(tmp_path: Path, revisions: list[dict[str, Any]]) -> MirrorSource:
    """The real mirror's files (linked) under an index.json with `revisions` appended;
    a revision's `bodies` maps a file name to the bytes to publish there."""
    assert MIRROR is not None
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    for child in MIRROR.iterdir():
        if child.name != "index.json":
            (mirror / child.name).symlink_to(child)
    index = json.loads((MIRROR / "index.json").read_text(encoding="utf-8"))
    for revision in revisions:
        bodies = revision.pop("bodies", {})
        for name, body in bodies.items():
            target = mirror / revision["ref"] / DIRECTORY / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(body)
        revision.setdefault("files", {})
        for name, body in bodies.items():
            revision["files"][name] = {"sha256": hashlib.sha256(body).hexdigest()}
        index["revisions"].append(revision)
    (mirror / "index.json").write_text(json.dumps(index), encoding="utf-8")
    return MirrorSource(mirror)


def published(ref: str, name: str) -> bytes:
    assert MIRROR is not None
    return (MIRROR / ref / DIRECTORY / name).read_bytes()


# --- the round trip ----------------------------------------------------------------------------


@needs_mirror
@pytest.mark.usefixtures("live")
@pytest.mark.parametrize("older", ["2025-06-10", "2025-12-10", "2026-01-16"])
def test_update_to_an_older_revision_and_back_restores_every_byte(repo: Path, older: str) -> None:
    """REF=<older> then REF=latest leaves lock, upstream/, openapi.json and generated/ as they were."""
    before = snapshot(repo, OUTPUTS)
    lines: list[str] = []
    down = update(older, root=repo, today=TODAY, say=lines.append)
    assert down.changed
    assert snapshot(repo, OUTPUTS) != before
    assert {f.date for f in read_lock(repo / "spec" / "spec.lock.json")} <= {older, "2025-12-23"}
    up = update("latest", root=repo, today=TODAY, say=lines.append)
    assert up.after == down.before
    assert snapshot(repo, OUTPUTS) == before
    drift = (repo / "spec" / "DRIFT.md").read_text(encoding="utf-8")
    assert drift.index("REF=latest") < drift.index(f"REF={older}") < drift.index("## Baseline")


@needs_mirror
def test_going_back_reports_corrections_that_no_longer_apply(repo: Path) -> None:
    """Before the create path moved, the create-path corrections match nothing: said, not fatal."""
    outcome = update("2025-11-20", root=repo, today=TODAY, say=lambda _: None)
    stale = [n for n in outcome.notes if n.startswith("correction no longer applies")]
    assert len(stale) == 10  # 6 on the create operation, 4 on its errors and input constraints
    assert all("/v2/video/generations" in n for n in stale)
    assert any(n.startswith("repair newly needed: enum-without-type") for n in outcome.notes)
    entry = (repo / "spec" / "DRIFT.md").read_text(encoding="utf-8")
    assert "## 2026-09-01: `make spec-update REF=2025-11-20`" in entry
    assert "`spec/openapi.json`: 12 changes: 2 breaking, 0 may break, 10 non-breaking." in entry
    assert "| `api-path-moved` |" in entry


@needs_mirror
def test_coming_forward_reports_repairs_upstream_made_unnecessary(repo: Path) -> None:
    """A generic repair that fired on the previous lock but not on the new one is named."""
    update("2025-11-20", root=repo, today=TODAY, say=lambda _: None)
    outcome = update("latest", root=repo, today=TODAY, say=lambda _: None)
    assert any(
        n.startswith("repair no longer needed (upstream fixed it): enum-without-type")
        for n in outcome.notes
    )
    assert outcome.warnings == [
        "veo3-pair.json: absent upstream since 2026-01-09; "
        "taking its last revision 65877514 (2025-12-23)"
    ]


# --- files gone upstream -----------------------------------------------------------------------


@needs_mirror
def test_file_absent_upstream_keeps_its_last_revision_loudly(repo: Path) -> None:
    """At latest, veo3-pair.json is 404: the lock keeps 65877514, and the summary says so."""
    before = snapshot(repo)
    lines: list[str] = []
    outcome = update("latest", root=repo, today=TODAY, say=lines.append)
    assert not outcome.changed
    assert (
        "WARNING: veo3-pair.json: absent upstream since 2026-01-09; keeping 65877514 (2025-12-23)"
        in lines
    )
    assert snapshot(repo) == before


@needs_mirror
def test_revision_before_a_file_existed_is_refused(repo: Path) -> None:
    """Before 2025-06-10 there was no fetch file: the update would drop fetch, so it refuses."""
    before = snapshot(repo)
    with pytest.raises(UpdateError, match=r"veo3-pair.json does not exist at or before f2964331"):
        update("2025-04-25", root=repo, say=lambda _: None)
    assert snapshot(repo) == before


@needs_mirror
def test_a_branch_cannot_be_pinned(repo: Path) -> None:
    """refs/heads/main moves; the lock only takes commits, and the message names `latest`."""
    with pytest.raises(UpdateError, match=r"refs/heads/main is a branch.*REF=latest"):
        update("refs/heads/main", root=repo, say=lambda _: None)


# --- nothing changes when something is wrong ---------------------------------------------------


@needs_mirror
def test_sha256_mismatch_changes_nothing(repo: Path, tmp_path: Path) -> None:
    """A file whose bytes do not match index.json is refused before anything is written."""
    body = published(LOCKED_CREATE, CREATE)
    source = doctored_mirror(
        tmp_path,
        [{"ref": "f" * 40, "date": "2026-09-01", "bodies": {CREATE: body}}],
    )
    source.index["revisions"][-1]["files"][CREATE]["sha256"] = "0" * 64
    before = snapshot(repo)
    with pytest.raises(UpdateError, match=r"sha256 mismatch at ref f{40}: expected 0{64}"):
        update("f" * 7, root=repo, source=source, say=lambda _: None)
    assert snapshot(repo) == before


@needs_mirror
def test_revision_the_corrections_break_is_refused_naming_the_correction(
    repo: Path, tmp_path: Path
) -> None:
    """New create + a fetch file without the shared schema: the overlay's $ref dangles."""
    source = doctored_mirror(
        tmp_path,
        [
            {
                "ref": "e" * 40,
                "date": "2026-09-01",
                "bodies": {
                    CREATE: published(LOCKED_CREATE, CREATE),
                    FETCH: published(OLDEST_FETCH, FETCH),
                },
            }
        ],
    )
    before = snapshot(repo)
    with pytest.raises(UpdateError) as caught:
        update("latest", root=repo, source=source, say=lambda _: None)
    message = str(caught.value)
    assert "$ref #/components/schemas/Video.v2.PollVideoResponseDTO does not resolve" in message
    assert (
        "stops being valid with correction #6 "
        "(`$.paths['/v2/video/generations'].post.responses['200'].content['application/json']`)"
        in message
    )
    assert "correction no longer applies (matched nothing): `$.components" in message
    assert snapshot(repo) == before


@needs_mirror
def test_revision_invalid_without_corrections_is_refused(repo: Path, tmp_path: Path) -> None:
    """A defect no generic repair knows: refused, and the corrections are not blamed."""
    broken = json.loads(published(LOCKED_CREATE, CREATE))
    broken["paths"]["/v2/video/generations"]["post"]["responses"]["200"]["content"] = "oops"
    source = doctored_mirror(
        tmp_path,
        [{"ref": "d" * 40, "date": "2026-09-01", "bodies": {CREATE: json.dumps(broken).encode()}}],
    )
    before = snapshot(repo)
    with pytest.raises(UpdateError, match="invalid even without the project corrections"):
        update("d" * 40, root=repo, source=source, say=lambda _: None)
    assert snapshot(repo) == before


@needs_mirror
def test_revision_that_cannot_be_generated_changes_nothing(repo: Path) -> None:
    """A generator failure (here a stand-in for openapi-python-client refusing the spec) refuses
    the update; the half-built folder is removed and every output is as it was."""

    def refuses(spec: Path, out_package: Path) -> None:
        out_package.mkdir()
        (out_package / "half.py").write_text("")
        raise GenerateError(f"openapi-python-client failed on {spec.name}")

    before = snapshot(repo)
    with pytest.raises(UpdateError, match="cannot be generated: openapi-python-client failed"):
        update("2025-11-20", root=repo, say=lambda _: None, generator=refuses)
    assert snapshot(repo) == before
    assert not list(repo.glob(".spec-update-*"))


@needs_mirror
def test_refused_update_exits_1_saying_nothing_changed(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The command line turns a refusal into exit 1 and a message a maintainer can act on."""
    assert main(["--root", str(repo), "--ref", "2025-04-25"]) == 1
    assert "spec-update refused, nothing was changed: veo3-pair.json" in capsys.readouterr().err


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
