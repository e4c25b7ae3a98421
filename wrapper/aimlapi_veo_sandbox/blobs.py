"""Big files of known content for download benchmarks, written lazily and never held in memory."""

from __future__ import annotations

import os
import random
from collections.abc import Iterator
from pathlib import Path

# A prime-length block, so no power-of-two offset mistake in a resumed download goes unnoticed.
_BLOCK = random.Random(65521).randbytes(65521)  # noqa: S311 - test data, not a secret
_CHUNK_BLOCKS = 16


def mp4_head(size: int) -> bytes:
    """The first 32 bytes of a `size`-byte MP4 a client accepts (ftyp isom, an empty moov, the
    header of an mdat holding the rest): a benchmark's download goes through the same checks
    as a video's."""
    mdat = (size - 24).to_bytes(4, "big") + b"mdat"
    return b"\x00\x00\x00\x10ftypisom\x00\x00\x02\x00" + b"\x00\x00\x00\x08moov" + mdat


def blob_chunks(size: int) -> Iterator[bytes]:
    """The content of a `size`-byte blob: `mp4_head(size)` (when it fits), then byte i is
    `_BLOCK[i % len(_BLOCK)]`."""
    head = mp4_head(size) if size >= 32 else b""
    if head:
        yield head
    chunk = _BLOCK * _CHUNK_BLOCKS
    remaining = size - len(head)
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
