"""Revisions of the upstream files: the mirror's `index.json` here, a git repository in `gitsource`.

A mirror (`SPEC_MIRROR`) knows every published revision, its date and each file's sha256 (`null`:
the file was absent upstream, HTTP 404). A git upstream gives the same from its history.

    source = MirrorSource(default_mirror())
    revision = find_revision(source.revisions(), "2025-11-20")     # date, ref, or ref prefix
    create, fetch = documents_at(source, revision, [locked.path for locked in read_lock()])
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from specpipe.fetch import FetchError, read_source, verify
from specpipe.lock import LockedFile

COMMIT = re.compile(r"[0-9a-f]{40}")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
MIN_PREFIX = 7


class RevisionError(Exception):
    """A revision cannot be found or read; the message says what to give instead."""


class Entry(Protocol):
    @property
    def sha256(self) -> str:
        """The file's digest at that revision."""


@dataclass(frozen=True)
class FileEntry:
    sha256: str


@dataclass(frozen=True)
class Revision:
    """One published revision: `files` maps a path to its entry, None when absent (404)."""

    ref: str
    date: str
    files: Mapping[str, Entry | None]

    @property
    def is_commit(self) -> bool:
        """A commit is immutable; a branch (`refs/heads/main`) moves, so a lock cannot pin it."""
        return COMMIT.fullmatch(self.ref) is not None

    @property
    def short(self) -> str:
        return self.ref[:8] if self.is_commit else self.ref


class Source(Protocol):
    @property
    def label(self) -> str:
        """Where the files come from, for messages."""

    @property
    def repository(self) -> str | None:
        """`owner/name` of the upstream repository, when the source says."""

    def revisions(self) -> list[Revision]:
        """Every revision, oldest first."""

    def read(self, ref: str, path: str) -> bytes:
        """The file's bytes at `ref`; `fetch.NotFoundError` when it does not exist there."""


def _locked(repository: str, ref: str, path: str) -> LockedFile:
    return LockedFile("", repository, path, ref, "", "")


class MirrorSource:
    """A folder laid out as `{ref}/{path}` with an `index.json` beside the refs."""

    def __init__(self, mirror: Path) -> None:
        self.mirror = mirror
        self.label = f"mirror {mirror}"
        self._index: dict[str, Any] | None = None

    @property
    def index(self) -> dict[str, Any]:
        if self._index is None:
            path = self.mirror / "index.json"
            try:
                self._index = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise RevisionError(f"cannot read the mirror's index {path}: {exc}") from exc
        return self._index

    @property
    def repository(self) -> str | None:
        return self.index.get("repository")

    def revisions(self) -> list[Revision]:
        found = [
            Revision(
                entry["ref"],
                entry["date"],
                {
                    f"{self.index['directory']}/{name}": FileEntry(file["sha256"]) if file else None
                    for name, file in entry["files"].items()
                },
            )
            for entry in self.index["revisions"]
        ]
        return sorted(found, key=lambda r: r.date)  # stable: the index's order breaks ties

    def read(self, ref: str, path: str) -> bytes:
        return read_source(_locked("", ref, path), self.mirror)


def find_revision(revisions: list[Revision], wanted: str) -> Revision:
    """The revision named by a full ref, a commit prefix (7+ characters) or a date."""
    if DATE.fullmatch(wanted):
        matches = [r for r in revisions if r.date == wanted]
    else:
        matches = [r for r in revisions if r.ref == wanted]
        if not matches and len(wanted) >= MIN_PREFIX:
            matches = [r for r in revisions if r.is_commit and r.ref.startswith(wanted)]
    if len(matches) == 1:
        return matches[0]
    known = ", ".join(f"{r.date} {r.short}" for r in revisions)
    why = "is ambiguous" if matches else "is not a revision in the index"
    raise RevisionError(f"{wanted!r} {why}; give a date, a ref or a ref prefix. Known: {known}")


def read_verified(source: Source, locked: LockedFile) -> bytes:
    """The locked file's bytes, checked against the lock's sha256."""
    body = source.read(locked.ref, locked.path)
    verify(locked, body)
    return body


def documents_at(
    source: Source, revision: Revision, paths: list[str]
) -> list[dict[str, Any] | None]:
    """Each file at `revision`, parsed (None where absent), sha256-checked with the index."""
    documents: list[dict[str, Any] | None] = []
    for path in paths:
        entry = revision.files.get(path)
        if entry is None:
            documents.append(None)
            continue
        locked = LockedFile("", "", path, revision.ref, revision.date, entry.sha256)
        try:
            body = read_verified(source, locked)
        except FetchError as exc:
            raise RevisionError(str(exc)) from exc
        documents.append(json.loads(body))
    return documents


__all__ = [
    "MirrorSource",
    "Revision",
    "RevisionError",
    "Source",
    "documents_at",
    "find_revision",
    "read_verified",
]
