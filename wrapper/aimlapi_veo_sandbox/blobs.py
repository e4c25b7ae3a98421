"""Big files of known content for download benchmarks, written lazily and never held in memory."""

from __future__ import annotations

import os
import random
from collections.abc import Iterator
from pathlib import Path

# A prime-length block, so no power-of-two offset mistake in a resumed download goes unnoticed.
_BLOCK = random.Random(65521).randbytes(65521)  # noqa: S311 - test data, not a secret
_CHUNK_BLOCKS = 16


def blob_chunks(size: int) -> Iterator[bytes]:
    """The content of a `size`-byte blob: byte i is `_BLOCK[i % len(_BLOCK)]`."""
    chunk = _BLOCK * _CHUNK_BLOCKS
    remaining = size
    while remaining > 0:
        piece = chunk[: min(remaining, len(chunk))]
        yield piece
        remaining -= len(piece)


def write_blob(path: Path, size: int) -> None:
    """Writes the blob to `path` atomically (a concurrent downloader never sees half of it)."""
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    with partial.open("wb") as out:
        for piece in blob_chunks(size):
            out.write(piece)
    partial.replace(path)
