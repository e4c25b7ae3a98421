"""Put the locked upstream files into `spec/upstream/`, verified by sha256.

Source: the upstream URL, or a mirror folder laid out as `{ref}/{path}` (env `SPEC_MIRROR`;
default `../shared/upstream/aimlapi/api-docs` beside the checkout when it exists, since the
development machines have no internet). Every file is read and verified before any is replaced,
so a bad digest or a missing file leaves `spec/upstream/` exactly as it was.
"""

from __future__ import annotations

import hashlib
import os
import sys
import urllib.error
import urllib.request
from pathlib import Path

from specpipe.layout import LAYOUT
from specpipe.lock import UPSTREAM_DIR, LockedFile, read_lock

DEFAULT_MIRROR = LAYOUT.default_mirror


class FetchError(Exception):
    """A locked file could not be obtained or did not match its digest."""


class NotFoundError(FetchError):
    """The file does not exist at that ref (HTTP 404 upstream, or absent from the mirror)."""


def default_mirror() -> Path | None:
    configured = os.environ.get("SPEC_MIRROR")
    if configured:
        return Path(configured)
    return DEFAULT_MIRROR if DEFAULT_MIRROR.is_dir() else None


def read_source(locked: LockedFile, mirror: Path | None) -> bytes:
    """The file's bytes from the mirror when one is given, else from the upstream URL."""
    if mirror is not None:
        source = mirror / locked.ref / locked.path
        if not mirror.is_dir():
            raise FetchError(f"mirror folder {mirror} does not exist (set SPEC_MIRROR or unset it)")
        if not source.is_file():
            raise NotFoundError(f"{locked.name}: not in the mirror at {source} (404 upstream?)")
        return source.read_bytes()
    try:
        with urllib.request.urlopen(locked.url, timeout=30) as response:  # noqa: S310 (https URL from the lock)
            body: bytes = response.read()
            return body
    except urllib.error.HTTPError as exc:
        kind = NotFoundError if exc.code == 404 else FetchError
        raise kind(f"{locked.name}: HTTP {exc.code} from {locked.url}") from exc
    except (urllib.error.URLError, TimeoutError) as exc:
        raise FetchError(f"{locked.name}: cannot reach {locked.url} ({exc})") from exc


def verify(locked: LockedFile, body: bytes) -> None:
    actual = hashlib.sha256(body).hexdigest()
    if actual != locked.sha256:
        raise FetchError(
            f"{locked.name}: sha256 mismatch at ref {locked.ref}: "
            f"expected {locked.sha256}, got {actual}; nothing was overwritten"
        )


def fetch_all(files: list[LockedFile], mirror: Path | None, dest: Path = UPSTREAM_DIR) -> None:
    bodies = {}
    for locked in files:
        body = read_source(locked, mirror)
        verify(locked, body)
        bodies[locked.name] = body
    dest.mkdir(parents=True, exist_ok=True)
    for name, body in bodies.items():
        partial = dest / f"{name}.part"
        partial.write_bytes(body)
        partial.replace(dest / name)


def main() -> int:
    mirror = default_mirror()
    files = read_lock()
    try:
        fetch_all(files, mirror)
    except FetchError as exc:
        print(f"spec fetch failed: {exc}", file=sys.stderr)
        return 1
    where = f"mirror {mirror}" if mirror else "upstream"
    for locked in files:
        print(f"{locked.name}: {locked.ref[:12]} ({locked.date}) sha256 ok, from {where}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
