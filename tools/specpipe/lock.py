"""The lock file: which upstream revision of each spec file the project is built from."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from specpipe.layout import LAYOUT

LOCK_PATH = LAYOUT.lock
UPSTREAM_DIR = LAYOUT.upstream
URL_TEMPLATE = "https://raw.githubusercontent.com/{repository}/{ref}/{path}"


@dataclass(frozen=True)
class LockedFile:
    """One upstream file, pinned by commit and digest."""

    role: str  # "create" or "fetch": which operation the project takes from it
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


def read_lock(path: Path = LOCK_PATH) -> list[LockedFile]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [LockedFile(**entry) for entry in data["files"]]


def write_lock(files: list[LockedFile], path: Path = LOCK_PATH) -> None:
    data = {"files": [asdict(f) for f in files]}
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
