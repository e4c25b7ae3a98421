"""Upstream as a git repository, without the mirror: `make spec-check` and `make spec-update`.

The stand-in upstream is a local git repository built once per session from the mirror's
revisions (`gitrepo.py`); a test that needs upstream to move clones it and commits. The make
targets run for real on a copy of the repository (tools, spec, generated, src, Makefile), with
SPEC_UPSTREAM pointing at the stand-in and no mirror; nothing leaves the machine.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from gitrepo import build_from_mirror, commit_change, git
from specpipe.fetch import default_mirror
from specpipe.gitsource import GitSource, UnreachableError
from specpipe.layout import REPO_ROOT
from specpipe.lock import read_lock

MIRROR = default_mirror()
pytestmark = pytest.mark.skipif(
    MIRROR is None or not (MIRROR / "index.json").is_file(),
    reason="no upstream mirror to build from",
)
CREATE_PATH = "docs/api-references/video-models/Google/Veo2-Image-to-Video.json"
FETCH_PATH = "docs/api-references/video-models/Google/veo3-pair.json"
SQUARE = (
    '"16:9",\n                      "9:16"',
    '"16:9",\n                      "9:16",\n                      "1:1"',
)


@pytest.fixture(scope="session")
def upstream(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """The mirror's 16 revisions as commits (slowish: built once)."""
    assert MIRROR is not None
    repo = tmp_path_factory.mktemp("upstream") / "api-docs"
    return repo, build_from_mirror(MIRROR, repo)


@pytest.fixture
def moved_upstream(upstream: tuple[Path, dict[str, str]], tmp_path: Path) -> tuple[Path, str]:
    """A clone of the stand-in with one new commit: the create file gains aspect ratio 1:1."""
    clone = tmp_path / "api-docs"
    subprocess.run(
        ["git", "clone", "--quiet", str(upstream[0]), str(clone)], check=True, capture_output=True
    )
    git(clone, "config", "uploadpack.allowFilter", "true")
    git(clone, "config", "uploadpack.allowAnySHA1InWant", "true")
    return clone, commit_change(clone, CREATE_PATH, *SQUARE, date="2026-09-01")


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


def test_unmoved_upstream_is_up_to_date(
    checkout: Path, upstream: tuple[Path, dict[str, str]]
) -> None:
    """The 16 revisions hold the locked bytes: exit 0, naming the commit the files are at."""
    repo, commits = upstream
    done = make(checkout, "spec-check", repo.as_uri())
    assert done.returncode == 0, done.stdout + done.stderr
    newest = commits["b86ca5c111f9ab05c3814fca49c211d04fae3f80"]
    assert f"up to date at latest: {newest[:8]} (2026-05-06)" in done.stdout


def test_unreachable_upstream_exits_2_saying_so(checkout: Path, tmp_path: Path) -> None:
    done = make(checkout, "spec-check", (tmp_path / "no-such-repo").as_uri())
    assert status(done) == 2
    assert "cannot be reached" in done.stderr
    assert "drift unknown" in done.stderr


def test_moved_upstream_is_checked_updated_regenerated_and_then_current(
    checkout: Path, moved_upstream: tuple[Path, str]
) -> None:
    """The acceptance path of issue 13, step by step, on the copy."""
    repo, commit = moved_upstream
    lock_before = (checkout / "spec" / "spec.lock.json").read_bytes()
    drift_before = (checkout / "spec" / "DRIFT.md").read_text(encoding="utf-8")

    check = make(checkout, "spec-check", repo.as_uri())
    assert status(check) == 1, check.stdout + check.stderr
    assert f"upstream moved: latest: {commit[:8]} (2026-09-01)" in check.stdout
    assert "Veo2-Image-to-Video.json: CHANGED" in check.stdout
    assert 'enum value "1:1" added to request property `aspect_ratio`' in check.stdout
    assert (checkout / "spec" / "spec.lock.json").read_bytes() == lock_before  # touched nothing

    update = make(checkout, "spec-update", repo.as_uri())
    assert update.returncode == 0, update.stdout + update.stderr
    create, fetch = read_lock(checkout / "spec" / "spec.lock.json")
    assert (create.ref, create.date) == (commit, "2026-09-01")
    assert fetch.sha256 == json.loads(lock_before)["files"][1]["sha256"]  # deleted: kept
    assert "veo3-pair.json: absent upstream since 2026-01-09" in update.stdout
    drift = (checkout / "spec" / "DRIFT.md").read_text(encoding="utf-8")
    assert drift.endswith(drift_before.partition("\n## ")[2])  # earlier entries kept as they were
    assert drift.index("`make spec-update REF=latest`") < drift.index(
        drift_before.split("\n## ")[1]
    )
    assert '"1:1"' in (checkout / "spec" / "openapi.json").read_text(encoding="utf-8")
    models = checkout / "generated" / "aimlapi_veo_api" / "models" / "aspect_ratio.py"
    assert '"1:1"' in models.read_text(encoding="utf-8")

    regenerated = make(checkout, "check-generated", repo.as_uri())
    assert regenerated.returncode == 0, regenerated.stdout + regenerated.stderr

    again = make(checkout, "spec-check", repo.as_uri())
    assert again.returncode == 0, again.stdout + again.stderr
    assert f"up to date at latest: {commit[:8]}" in again.stdout


@pytest.mark.parametrize(
    ("ref", "mirror_ref"),
    [
        ("2025-12-15", "0a008cf36a116805a81fdc21f6d876c9b536658a"),  # newest at or before a day
        ("2025-12-10", "0a008cf36a116805a81fdc21f6d876c9b536658a"),
        ("main", "b86ca5c111f9ab05c3814fca49c211d04fae3f80"),  # the README commit is skipped
    ],
)
def test_refs_resolve_to_the_newest_commit_touching_a_locked_file(
    upstream: tuple[Path, dict[str, str]], tmp_path: Path, ref: str, mirror_ref: str
) -> None:
    repo, commits = upstream
    source = GitSource(repo.as_uri(), [CREATE_PATH, FETCH_PATH], tmp_path)
    revisions, target = source.history(ref)
    assert target.ref == commits[mirror_ref]
    assert len(revisions) == 1 + list(commits).index(mirror_ref)


def test_a_commit_prefix_resolves_and_a_deleted_file_is_absent_there(
    upstream: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    repo, commits = upstream
    deleted = commits["5b54cc0e96c868c6e42a6c0dfcc128d67ae02086"]  # 2026-01-09: veo3-pair.json gone
    source = GitSource(repo.as_uri(), [CREATE_PATH, FETCH_PATH], tmp_path)
    _, target = source.history(deleted[:10])
    assert (target.ref, target.date) == (deleted, "2026-01-09")
    assert target.files["veo3-pair.json"] is None
    assert target.files["Veo2-Image-to-Video.json"] is not None


def test_an_unknown_ref_is_refused_naming_what_is_accepted(
    upstream: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    source = GitSource(upstream[0].as_uri(), [CREATE_PATH], tmp_path)
    with pytest.raises(Exception, match=r"is not `latest`, a branch \(main\), a date"):
        source.history("no-such-thing")


def test_unreachable_is_its_own_error(tmp_path: Path) -> None:
    source = GitSource((tmp_path / "absent").as_uri(), [CREATE_PATH], tmp_path)
    with pytest.raises(UnreachableError, match="cannot be reached"):
        source.history("latest")


def test_only_the_locked_files_contents_are_fetched(
    upstream: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    """A blob-less clone: reading the create file at one commit fetches that blob, no other."""
    repo, _ = upstream
    source = GitSource(repo.as_uri(), [CREATE_PATH, FETCH_PATH], tmp_path)
    _, target = source.history("latest")
    source.read(target.ref, CREATE_PATH)
    clone = f"--git-dir={tmp_path / 'upstream.git'}"
    missing = subprocess.run(
        ["git", clone, "rev-list", "--objects", "--all", "--missing=print"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    absent = [line for line in missing.splitlines() if line.startswith("?")]
    assert len(absent) > 10  # every other revision's contents stayed upstream
