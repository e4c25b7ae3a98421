"""Saving a video: a `.part` file that survives retries, resumes with Range, and becomes the
final file only once its size is right. Shared by the sync and async clients, which only
stream the bytes; nothing here does I/O over the network.

A resumed request carries `If-Range` with the validator (ETag, else Last-Modified) of the answer
that started the file, kept beside it in `<name>.part.validator` so a later process has it too:
if the bytes changed on the server, it answers 200 with the whole new file and the part restarts.
A 206 whose validator differs from ours also restarts. Without a validator, only the sizes
(Content-Range, Content-Length, `file_size`) can catch a change.

With a journal, the part file is its lease holder's alone: its name carries the writer and the
lease's token (`<name>.<pid>@<host>.t<token>.part`), so a worker that was paused and lost the
job writes only its own file, never the new owner's. A part whose writer is certainly gone (a
dead process of this host) is adopted by renaming it, so a killed download still resumes. A
part that vanished or changed under us (another size or file) starts over from byte 0. `complete()` reads the part back for its size and digest: what is recorded as
saved is what this owner wrote, and only then is it moved into place (`commit()`).
"""

from __future__ import annotations

import glob
import hashlib
import os
import re
import socket
from pathlib import Path
from typing import BinaryIO

import httpx

from aimlapi_veo.errors import DownloadError
from aimlapi_veo.journal.base import owner_alive

CONTENT_RANGE = re.compile(r"bytes (?:(\d+)-\d+|\*)/(\d+|\*)")
EXPIRED = frozenset({403, 410})  # a signed URL past its time: fetch the generation again
RETRYABLE = frozenset({408, 429, 500, 502, 503, 504})


class RetryableDownloadError(Exception):
    """This attempt failed in a way another attempt may not (a 5xx, a short body)."""


class PartFile:
    """`<path>.part`, written from where the last attempt stopped."""

    def __init__(self, path: Path, generation_id: str, token: int = 0) -> None:
        self.path = path
        writer = f".{os.getpid()}@{socket.gethostname()}.t{token}" if token else ""
        self.part = path.with_name(f"{path.name}{writer}.part")
        self.generation_id = generation_id
        self.validator_file = self.part.with_name(self.part.name + ".validator")
        if token and not self.part.exists():
            self._adopt()
        self.offset = self.part.stat().st_size if self.part.exists() else 0
        self.validator = self._read_validator() if self.offset else None
        self.total: int | None = None
        self._file: BinaryIO | None = None
        self._seen = self._identity()

    def _adopt(self) -> None:
        """Take over a part whose writer is gone (renamed: it cannot write into ours)."""
        mine = re.compile(re.escape(self.path.name) + r"(?:\.(\d+)@(.+)\.t\d+)?\.part")
        for found in sorted(self.path.parent.glob(glob.escape(self.path.name) + "*.part")):
            match = mine.fullmatch(found.name)
            if match and (match[1] is None or not owner_alive(f"{match[2]}:{match[1]}:")):
                try:
                    found.replace(self.part)
                    found.with_name(found.name + ".validator").replace(self.validator_file)
                except OSError:  # another taker was first, or the part has no validator
                    pass
                return

    def _identity(self) -> tuple[int, int] | None:
        try:
            stat = self.part.stat()
        except OSError:
            return None
        return stat.st_ino, stat.st_size

    def check_intact(self) -> None:
        """Before an attempt: a part that vanished or changed since we wrote it starts over."""
        if self.offset and self._identity() != self._seen:
            self.offset, self.validator = 0, None

    def _read_validator(self) -> str | None:
        try:
            return self.validator_file.read_text(encoding="utf-8").strip() or None
        except OSError:
            return None

    def request_headers(self) -> dict[str, str]:
        if not self.offset:
            return {}
        headers = {"Range": f"bytes={self.offset}-"}
        if self.validator:
            headers["If-Range"] = self.validator
        return headers

    def begin(self, response: httpx.Response) -> bool:
        """Get ready to write this answer's body; True if the file is already complete."""
        status = response.status_code
        if status == 416 and self.offset:
            match = CONTENT_RANGE.match(response.headers.get("content-range", ""))
            if match and match.group(2) == str(self.offset):
                self.total = self.offset
                return True
            self._open(0)
            raise RetryableDownloadError("range not satisfiable: starting over")
        if status in RETRYABLE:
            raise RetryableDownloadError(f"HTTP {status}")
        if status == 206:
            match = CONTENT_RANGE.match(response.headers.get("content-range", ""))
            start = int(match.group(1)) if match and match.group(1) else -1
            if start != self.offset:
                self._open(0)
                raise RetryableDownloadError("server resumed at the wrong byte: starting over")
            if self.validator and _validator(response) not in (None, self.validator):
                self._open(0)
                raise RetryableDownloadError("the video changed on the server: starting over")
            self.total = int(match.group(2)) if match and match.group(2).isdigit() else None
            self._open(self.offset)
            return False
        if status == 200:
            length = response.headers.get("content-length")
            self.total = int(length) if length and length.isdigit() else None
            self._open(0)
            self._keep_validator(_validator(response))
            return False
        raise DownloadError(self.generation_id, self.path, f"the video URL answered HTTP {status}")

    def _open(self, offset: int) -> None:
        self.close()
        self.part.parent.mkdir(parents=True, exist_ok=True)
        self._file = self.part.open("r+b" if offset and self.part.exists() else "wb")
        if offset:  # a fresh file is empty already; truncating it makes ext4 flush on close
            self._file.truncate(offset)
        self._file.seek(offset)
        self.offset = offset

    def write(self, chunk: bytes) -> None:
        if self._file is None:
            raise RuntimeError("begin() first")
        self._file.write(chunk)
        self.offset += len(chunk)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
            self._seen = self._identity()

    def complete(self, expected_size: int | None) -> tuple[int, str]:
        """Check the size against every figure given; (size, sha256) read back from the part."""
        self.close()
        for label, size in (("Content-Length", self.total), ("file_size", expected_size)):
            if size is not None and self.offset != size:
                if self.offset < size:
                    raise RetryableDownloadError(f"got {self.offset} of {size} bytes ({label})")
                self._open(0)
                raise RetryableDownloadError(
                    f"got {self.offset} bytes, {label} says {size}: starting over"
                )
        digest = hashlib.sha256()
        try:
            with self.part.open("rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
        except FileNotFoundError:
            self.offset = 0
            raise RetryableDownloadError("the part file vanished: starting over") from None
        if self._identity() != self._seen:  # changed while read: not what we wrote
            self.offset = 0
            raise RetryableDownloadError("the part file changed under us: starting over")
        return self.offset, digest.hexdigest()

    def commit(self) -> Path:
        """Move the checked part into place; other owners' parts of this file go."""
        self.part.replace(self.path)
        pattern = glob.escape(self.path.name) + ".*part*"
        for leftover in self.path.parent.glob(pattern):
            if leftover.name.endswith((".part", ".part.validator")):
                leftover.unlink(missing_ok=True)
        return self.path

    def _keep_validator(self, validator: str | None) -> None:
        self.validator = validator
        if validator:
            self.validator_file.write_text(validator, encoding="utf-8")
        else:
            self.validator_file.unlink(missing_ok=True)


def _validator(response: httpx.Response) -> str | None:
    """What If-Range can send back: a strong ETag, else Last-Modified."""
    etag: str | None = response.headers.get("etag")
    if etag and not etag.startswith("W/"):
        return etag
    modified: str | None = response.headers.get("last-modified")
    return modified
