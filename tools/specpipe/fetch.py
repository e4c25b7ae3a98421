"""Put the locked upstream files into `spec/upstream/`, verified by sha256.

Source (`specpipe.gitsource.open_source`): the git repository `SPEC_UPSTREAM` when set; else a
mirror folder laid out as `{ref}/{path}` (env `SPEC_MIRROR`; default
`../shared/upstream/aimlapi/api-docs` beside the checkout when it exists, since the development
machines have no internet); else the upstream git repository on GitHub. Every file is read and verified before any is replaced,
so a bad digest or a missing file leaves `spec/upstream/` exactly as it was.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Callable
from pathlib import Path

from specpipe.layout import LAYOUT
from specpipe.lock import UPSTREAM_DIR, LockedFile, read_lock, read_watch

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


def read_source(locked: LockedFile, mirror: Path) -> bytes:
    """The file's bytes from a mirror folder laid out as `{ref}/{path}`."""
    source = mirror / locked.ref / locked.path
    if not mirror.is_dir():
        raise FetchError(f"mirror folder {mirror} does not exist (set SPEC_MIRROR or unset it)")
    if not source.is_file():
        raise NotFoundError(f"{locked.name}: not in the mirror at {source} (404 upstream?)")
    return source.read_bytes()


def verify(locked: LockedFile, body: bytes) -> None:
    actual = hashlib.sha256(body).hexdigest()
    if actual != locked.sha256:
        raise FetchError(
            f"{locked.name}: sha256 mismatch at ref {locked.ref}: "
            f"expected {locked.sha256}, got {actual}; nothing was overwritten"
        )


def fetch_all(files: list[LockedFile], read: Callable[[str, str], bytes], dest: Path) -> None:
    """`read(ref, path)` is a source's reader; nothing is replaced unless every file verifies."""
    bodies = {}
    for locked in files:
        body = read(locked.ref, locked.path)
        verify(locked, body)
        bodies[locked.name] = body
    dest.mkdir(parents=True, exist_ok=True)
    for name, body in bodies.items():
        partial = dest / f"{name}.part"
        partial.write_bytes(body)
        partial.replace(dest / name)


def main() -> int:
    from specpipe.gitsource import open_source  # noqa: PLC0415 (gitsource imports this module)
    from specpipe.revisions import RevisionError  # noqa: PLC0415

    files = read_lock()
    with open_source(read_watch()) as source:
        try:
            fetch_all(files, source.read, UPSTREAM_DIR)
        except (FetchError, RevisionError) as exc:
            print(f"spec fetch failed: {exc}", file=sys.stderr)
            return 1
        for locked in files:
            print(
                f"{locked.name}: {locked.ref[:12]} ({locked.date}) sha256 ok, from {source.label}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
