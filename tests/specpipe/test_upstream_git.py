"""Upstream as a git repository: `make spec-check` and `make spec-update` on the Veo family.

The stand-in upstream is a local git repository built once per session from the repository's
own spec/upstream/ (`gitrepo.build_family`: no mirror, nothing from outside the repository); a
test that needs upstream to move clones it and commits. The make targets run for real on a copy
of the repository (tools, spec, generated, wrapper, Makefile), with SPEC_UPSTREAM pointing at
the stand-in; nothing leaves the machine.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from gitrepo import build_family, commit_change, git
from specpipe.gitsource import GitSource, UnreachableError
from specpipe.layout import REPO_ROOT
from specpipe.lock import read_lock, read_watch

GOOGLE = "docs/api-references/video-models/Google"
VEO3 = f"{GOOGLE}/veo3.json"
SQUARE = ('"16:9",\n', '"16:9",\n                      "1:1",\n')
WATCH = read_watch(REPO_ROOT / "spec" / "spec.lock.json")


@pytest.fixture(scope="session")
def upstream(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """The family's history as four commits (built once)."""
    repo = tmp_path_factory.mktemp("upstream") / "api-docs"
    return repo, build_family(REPO_ROOT / "spec", repo)


@pytest.fixture
def moved_upstream(upstream: tuple[Path, list[str]], tmp_path: Path) -> tuple[Path, str]:
    """A clone of the stand-in with one new commit: veo3.json gains aspect ratio 1:1, a new
    model appears (veo4.json), google/veo-3.0-fast's file is deleted."""
    clone = tmp_path / "api-docs"
    subprocess.run(
        ["git", "clone", "--quiet", str(upstream[0]), str(clone)], check=True, capture_output=True
    )
    git(clone, "config", "uploadpack.allowFilter", "true")
    git(clone, "config", "uploadpack.allowAnySHA1InWant", "true")
    text = (clone / VEO3).read_text(encoding="utf-8")
    (clone / GOOGLE / "veo4.json").write_text(text.replace("google/veo3", "google/veo4"))
    (clone / GOOGLE / "veo-3.0-fast.json").unlink()
    git(clone, "add", "--all")
    return clone, commit_change(clone, VEO3, *SQUARE, date="2026-09-01")


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """What the make targets need of the repository, copied; the venv shared by a link."""
    root = tmp_path / "checkout"
    ignore = shutil.ignore_patterns("__pycache__", ".mypy_cache")
    for part in ("tools", "spec", "generated", "wrapper"):
        shutil.copytree(REPO_ROOT / part, root / part, ignore=ignore)
    for name in ("Makefile", "pyproject.toml", "constraints.txt"):
        shutil.copy2(REPO_ROOT / name, root / name)
    (root / ".venv").symlink_to(REPO_ROOT / ".venv")
    return root


def make(root: Path, target: str, upstream_url: str) -> subprocess.CompletedProcess[str]:
    """`make TARGET` in the copy: its own tools first on the path, no mirror, SPEC_UPSTREAM set."""
    env = {k: v for k, v in os.environ.items() if k not in ("SPEC_MIRROR", "PYTHONPATH")}
    env["SPEC_UPSTREAM"] = upstream_url
    env["PYTHONPATH"] = os.pathsep.join(str(root / p) for p in ("tools", "wrapper", "generated"))
    return subprocess.run(
        ["make", "--no-print-directory", "-o", ".venv/.installed", "-C", str(root), target],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )


def status(done: subprocess.CompletedProcess[str]) -> int:
    """The command's own exit status: GNU make exits 2 on any failure and prints the recipe's
    status as `Error N`."""
    if done.returncode == 0:
        return 0
    found = re.search(r"\] Error (\d+)$", done.stderr.strip())
    assert found, done.stderr
    return int(found.group(1))


def test_unmoved_upstream_is_up_to_date(checkout: Path, upstream: tuple[Path, list[str]]) -> None:
    """The stand-in holds the locked bytes: exit 0, naming the newest commit touching them
    (the README-only commit after it is skipped)."""
    repo, commits = upstream
    done = make(checkout, "spec-check", repo.as_uri())
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"up to date at latest: {commits[2][:8]} (2026-08-19)" in done.stdout


def test_unreachable_upstream_exits_2_saying_so(checkout: Path, tmp_path: Path) -> None:
    done = make(checkout, "spec-check", (tmp_path / "no-such-repo").as_uri())
    assert status(done) == 2
    assert "cannot be reached" in done.stderr
    assert "drift unknown" in done.stderr


def test_a_veo_spec_that_appears_changes_or_vanishes_is_reported_then_taken_in(
    checkout: Path, moved_upstream: tuple[Path, str]
) -> None:
    """spec-check names each file's fate and writes nothing; spec-update takes them in,
    regenerates (a class for the new model, none for the gone one), and is then current."""
    repo, commit = moved_upstream
    lock_before = (checkout / "spec" / "spec.lock.json").read_bytes()
    drift_before = (checkout / "spec" / "DRIFT.md").read_text(encoding="utf-8")

    check = make(checkout, "spec-check", repo.as_uri())
    assert status(check) == 1, check.stdout + check.stderr
    assert f"upstream moved: latest: {commit[:8]} (2026-09-01)" in check.stdout
    assert "veo4.json: NEW" in check.stdout
    assert "veo3.json: REPLACED (new bytes)" in check.stdout
    assert "veo-3.0-fast.json: absent upstream at" in check.stdout
    assert "model `google/veo4` added" in check.stdout
    assert "model `google/veo-3.0-fast` removed" in check.stdout
    assert 'enum value "1:1" added to request property `aspect_ratio`' in check.stdout
    assert (checkout / "spec" / "spec.lock.json").read_bytes() == lock_before  # touched nothing

    update = make(checkout, "spec-update", repo.as_uri())
    assert update.returncode == 0, update.stdout + update.stderr
    locked = {Path(f.path).name: f for f in read_lock(checkout / "spec" / "spec.lock.json")}
    assert "veo-3.0-fast.json" not in locked
    assert (locked["veo4.json"].ref, locked["veo4.json"].date) == (commit, "2026-09-01")
    assert not (checkout / "spec" / "upstream" / "veo-3.0-fast.json").exists()
    drift = (checkout / "spec" / "DRIFT.md").read_text(encoding="utf-8")
    assert drift.endswith(drift_before.partition("\n## ")[2])  # earlier entries kept as they were
    assert "| create | `veo4.json` | (new) |" in drift
    generated = checkout / "generated" / "aimlapi_veo_api" / "models"
    assert (generated / "veo_4.py").is_file()
    assert not (generated / "veo_30_fast.py").exists()

    regenerated = make(checkout, "check-generated", repo.as_uri())
    assert regenerated.returncode == 0, regenerated.stdout + regenerated.stderr

    again = make(checkout, "spec-check", repo.as_uri())
    assert again.returncode == 0, again.stdout + again.stderr
    assert f"up to date at latest: {commit[:8]}" in again.stdout


@pytest.mark.parametrize(("ref", "index"), [("2026-01-10", 1), ("2026-08-19", 2), ("main", 2)])
def test_refs_resolve_to_the_newest_commit_touching_a_watched_file(
    upstream: tuple[Path, list[str]], tmp_path: Path, ref: str, index: int
) -> None:
    repo, commits = upstream
    revisions, target = GitSource(repo.as_uri(), WATCH, tmp_path).history(ref)
    assert target.ref == commits[index]
    assert len(revisions) == index + 1


def test_a_glob_takes_the_family_and_leaves_out_what_it_ignores(
    upstream: tuple[Path, list[str]], tmp_path: Path
) -> None:
    """At the family's commit: every locked Veo spec; veo2-text-to-video.json is ignored, the
    deleted veo3-pair.json absent; a commit prefix resolves."""
    repo, commits = upstream
    _, target = GitSource(repo.as_uri(), WATCH, tmp_path).history(commits[2][:10])
    present = {path for path, entry in target.files.items() if entry is not None}
    assert present == {f.path for f in read_lock(REPO_ROOT / "spec" / "spec.lock.json")}


def test_an_unknown_ref_is_refused_naming_what_is_accepted(
    upstream: tuple[Path, list[str]], tmp_path: Path
) -> None:
    source = GitSource(upstream[0].as_uri(), WATCH, tmp_path)
    with pytest.raises(Exception, match=r"is not `latest`, a branch \(main\), a date"):
        source.history("no-such-thing")


def test_unreachable_is_its_own_error(tmp_path: Path) -> None:
    source = GitSource((tmp_path / "absent").as_uri(), WATCH, tmp_path)
    with pytest.raises(UnreachableError, match="cannot be reached"):
        source.history("latest")


def test_only_the_files_read_are_fetched(upstream: tuple[Path, list[str]], tmp_path: Path) -> None:
    """A blob-less clone: reading one file at one commit fetches that blob, no other."""
    repo, _ = upstream
    source = GitSource(repo.as_uri(), WATCH, tmp_path)
    _, target = source.history("latest")
    source.read(target.ref, VEO3)
    clone = f"--git-dir={tmp_path / 'upstream.git'}"
    missing = subprocess.run(
        ["git", clone, "rev-list", "--objects", "--all", "--missing=print"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    absent = [line for line in missing.splitlines() if line.startswith("?")]
    assert len(absent) > 10  # every other file's contents stayed upstream
