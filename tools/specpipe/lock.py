"""The lock file: which upstream files the project is built from, and at which revision.

`watch` says what to take: a path, or a glob over one folder (`*veo*.json` in Google/: every
Veo model's spec, matched without regard to case), with a role (`create`, `fetch`, `logs`), the
files a glob must not take (each with why) and the retired file a watched one succeeds.
`files` is what `make spec-update` found for them at one revision: each pinned by commit and
sha256, in the order the normalizer merges them.
"""

from __future__ import annotations

import fnmatch
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from specpipe.layout import LAYOUT

LOCK_PATH = LAYOUT.lock
UPSTREAM_DIR = LAYOUT.upstream
URL_TEMPLATE = "https://raw.githubusercontent.com/{repository}/{ref}/{path}"


@dataclass(frozen=True)
class LockedFile:
    """One upstream file, pinned by commit and digest."""

    role: str  # which operation the project takes from it: create, fetch or logs
    repository: str
    path: str
    ref: str
    date: str
    sha256: str

    @property
    def name(self) -> str:
        return Path(self.path).name

    @property
    def url(self) -> str:
        return URL_TEMPLATE.format(repository=self.repository, ref=self.ref, path=self.path)


@dataclass(frozen=True)
class Watch:
    """What the lock follows upstream: one path, or every file a glob matches in its folder."""

    role: str
    pattern: str
    ignore: dict[str, str] = field(default_factory=dict)  # file name -> why it is not taken
    replaces: str | None = None  # the retired file this one succeeds

    @property
    def is_glob(self) -> bool:
        return any(c in self.pattern for c in "*?[")

    @property
    def pathspec(self) -> str:
        """The pattern as git reads it."""
        return f":(glob,icase){self.pattern}" if self.is_glob else self.pattern

    @property
    def folder(self) -> str:
        return str(Path(self.pattern).parent)

    def matches(self, path: str) -> bool:
        if not self.is_glob:
            return path == self.pattern
        return (
            str(Path(path).parent) == self.folder
            and fnmatch.fnmatch(path.lower(), self.pattern.lower())
            and Path(path).name not in self.ignore
        )


def read_lock(path: Path = LOCK_PATH) -> list[LockedFile]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [LockedFile(**entry) for entry in data["files"]]


def read_watch(path: Path = LOCK_PATH) -> list[Watch]:
    """What the lock follows; a lock without `watch` follows exactly the files it pins."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if "watch" not in data:
        return [Watch(f["role"], f["path"]) for f in data["files"]]
    return [Watch(**entry) for entry in data["watch"]]


def write_lock(files: list[LockedFile], watch: list[Watch], path: Path = LOCK_PATH) -> None:
    data = {
        "watch": [{k: v for k, v in asdict(w).items() if v} for w in watch],
        "files": [asdict(f) for f in files],
    }
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
