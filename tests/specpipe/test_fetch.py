"""Fetching the locked files: verified before anything is replaced."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from specpipe.fetch import FetchError, fetch_all
from specpipe.lock import LockedFile
from specpipe.revisions import MirrorSource

PATH = "docs/x/spec.json"


def locked(body: bytes, ref: str = "abc") -> LockedFile:
    return LockedFile("create", "o/r", PATH, ref, "2026-01-01", hashlib.sha256(body).hexdigest())


def mirror_with(tmp_path: Path, body: bytes, ref: str = "abc") -> Path:
    target = tmp_path / "mirror" / ref / PATH
    target.parent.mkdir(parents=True)
    target.write_bytes(body)
    return tmp_path / "mirror"


def test_verified_file_lands_in_place(tmp_path: Path) -> None:
    """A file whose digest matches the lock is written byte for byte."""
    mirror = mirror_with(tmp_path, b"{}")
    fetch_all([locked(b"{}")], MirrorSource(mirror).read, tmp_path / "up")
    assert (tmp_path / "up" / "spec.json").read_bytes() == b"{}"


def test_digest_mismatch_names_both_digests_and_overwrites_nothing(tmp_path: Path) -> None:
    """A tampered or moved file is refused, and the previous copy is left as it was."""
    mirror = mirror_with(tmp_path, b"tampered")
    (tmp_path / "up").mkdir()
    (tmp_path / "up" / "spec.json").write_bytes(b"old")
    expected = locked(b"{}")
    actual = hashlib.sha256(b"tampered").hexdigest()
    with pytest.raises(FetchError, match=f"expected {expected.sha256}, got {actual}"):
        fetch_all([expected], MirrorSource(mirror).read, tmp_path / "up")
    assert (tmp_path / "up" / "spec.json").read_bytes() == b"old"


def test_one_bad_file_stops_the_others_from_landing(tmp_path: Path) -> None:
    """Files are replaced only once all are verified, so the set never mixes revisions."""
    mirror = mirror_with(tmp_path, b"{}")
    missing = LockedFile("fetch", "o/r", "docs/x/gone.json", "abc", "2026-01-01", "0" * 64)
    with pytest.raises(FetchError, match=r"gone\.json: not in the mirror"):
        fetch_all([locked(b"{}"), missing], MirrorSource(mirror).read, tmp_path / "up")
    assert not (tmp_path / "up").exists()


def test_missing_mirror_says_what_was_tried(tmp_path: Path) -> None:
    """A mirror path that does not exist is named in the error."""
    with pytest.raises(FetchError, match=r"mirror folder .*nowhere does not exist"):
        fetch_all([locked(b"{}")], MirrorSource(tmp_path / "nowhere").read, tmp_path / "up")
