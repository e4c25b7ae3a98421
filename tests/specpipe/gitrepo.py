"""A local git repository standing in for upstream.

`build_family` makes it from the repository's own spec/upstream/ (no mirror needed): the files
the lock pins, at their upstream paths, arrive over three dated commits as they did upstream
(the Veo2 pair; the universal fetch replacing veo3-pair.json; the family and the logs), then a
commit touching only a README, as upstream's HEAD does. `build_from_mirror` makes it from a
mirror's revisions instead. The repository serves blob-less clones as GitHub does.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path


def git(repo: Path, *args: str, date: str | None = None) -> str:
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(repo.parent)}
    if date is not None:
        env |= {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    env |= {"GIT_AUTHOR_NAME": "upstream", "GIT_AUTHOR_EMAIL": "docs@example.invalid"}
    env |= {"GIT_COMMITTER_NAME": "upstream", "GIT_COMMITTER_EMAIL": "docs@example.invalid"}
    done = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, env=env, check=True
    )
    return done.stdout.strip()


def init(repo: Path) -> None:
    """An empty upstream that serves partial clones, with its README."""
    repo.mkdir(parents=True)
    git(repo, "init", "--quiet", "--initial-branch=main")
    git(repo, "config", "uploadpack.allowFilter", "true")
    git(repo, "config", "uploadpack.allowAnySHA1InWant", "true")
    (repo / "README.md").write_text("AI/ML API docs\n", encoding="utf-8")


def build_from_mirror(mirror: Path, repo: Path) -> dict[str, str]:
    """The repository at `repo`; returns each mirror ref -> the commit standing for it."""
    index = json.loads((mirror / "index.json").read_text(encoding="utf-8"))
    directory = index["directory"]
    init(repo)
    commits = {}
    for revision in index["revisions"]:
        when = f"{revision['date']}T12:00:00+0000"
        if not revision["ref"].startswith("refs/"):
            for name, entry in revision["files"].items():
                target = repo / directory / name
                if entry is None:
                    target.unlink(missing_ok=True)
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(mirror / revision["ref"] / directory / name, target)
        else:
            with (repo / "README.md").open("a", encoding="utf-8") as readme:
                readme.write(f"updated {revision['date']}\n")
        git(repo, "add", "--all")
        git(repo, "commit", "--quiet", "--allow-empty", "-m", f"docs {revision['date']}", date=when)
        commits[revision["ref"]] = git(repo, "rev-parse", "HEAD")
    return commits


def commit_change(repo: Path, path: str, old: str, new: str, date: str) -> str:
    """Replace `old` by `new` in one file and commit it; the new commit."""
    target = repo / path
    text = target.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    git(repo, "commit", "--quiet", "-am", f"docs change {date}", date=f"{date}T12:00:00+0000")
    return git(repo, "rev-parse", "HEAD")


def build_family(spec: Path, repo: Path) -> list[str]:
    """The stand-in from spec/ (lock and upstream/); returns its commits, oldest first."""
    lock = json.loads((spec / "spec.lock.json").read_text(encoding="utf-8"))
    paths = [entry["path"] for entry in lock["files"]]
    google = "docs/api-references/video-models/Google"
    first = [p for p in paths if p.endswith("Veo2-Image-to-Video.json")]
    fetch = [p for p in paths if p.endswith("universal-video-fetch.json")]
    stages: list[tuple[str, list[str], dict[str, str]]] = [
        ("2025-12-23", first, {f"{google}/veo3-pair.json": '{"openapi": "3.0.0"}\n'}),
        ("2026-01-09", fetch, {f"{google}/veo3-pair.json": ""}),
        ("2026-08-19", paths, {f"{google}/veo2-text-to-video.json": '{"ignored": true}\n'}),
        ("2026-08-21", [], {"README.md": "AI/ML API docs, moved on\n"}),
    ]
    init(repo)
    commits = []
    for day, taken, written in stages:
        for path in taken:
            (repo / path).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(spec / "upstream" / Path(path).name, repo / path)
        for path, text in written.items():  # an empty text deletes the file
            (repo / path).parent.mkdir(parents=True, exist_ok=True)
            if text:
                (repo / path).write_text(text, encoding="utf-8")
            else:
                (repo / path).unlink()
        git(repo, "add", "--all")
        git(repo, "commit", "--quiet", "-m", f"docs {day}", date=f"{day}T12:00:00+0000")
        commits.append(git(repo, "rev-parse", "HEAD"))
    return commits
