"""Saving a video: a `.part` file that survives retries, resumes with Range, and becomes the
final file only once it is the video. Shared by the sync and async clients, which only
stream the bytes; nothing here does I/O over the network.

What is accepted (`PartFile.complete`):
- complete by HTTP: as many bytes as Content-Length / Content-Range announced (a body sent with a
  Content-Encoding is decoded, as HTTP says; its length counts the encoded bytes, so there the
  boxes below decide, and it is never resumed: ranges too would count encoded bytes);
- an MP4 by its bytes (`mp4_problem`): an `ftyp` box first with a brand of the MP4 family,
  top-level boxes that tile the file exactly (a cut-short file ends inside one), and a `moov`;
- `file_size`, when the API gave one and it is plausible (within 2x of what arrived; further
  off it is in another unit or wrong, and is only logged).
Anything else raises, saying what arrived (type, size, first bytes); the part is kept for
inspection and a later run starts it over unless it begins like an MP4.

A resumed request carries `If-Range` with the validator (ETag, else Last-Modified) of the answer
that started the file, kept beside it in `<part>.validator` so a later process has it too:
if the bytes changed on the server, it answers 200 with the whole new file and the part restarts.
A 206 whose validator differs from ours also restarts. Without a validator, only the sizes
(Content-Range, Content-Length, `file_size`) can catch a change.

With a journal, the part file is its lease holder's alone: its name carries the writer and the
lease's token (`<name>.<pid>@<host>.t<token>.part`), so a worker that was paused and lost the
job writes only its own file, never the new owner's. A part whose writer is certainly gone (a
dead process of this host) is adopted by renaming it, so a killed download still resumes. A
part that vanished or changed under us (another size or file) starts over from byte 0.
`complete()` gives the part's size and sha256: what is recorded as saved is what this owner
wrote, and only then is it moved into place (`commit()`). The digest is taken from the bytes
as they are written, in a thread beside the download (hashing releases the GIL: it overlaps
the wait for the next bytes); a part this process did not write whole from byte 0 (a resumed
or already complete one) is read back instead. Without a journal nothing records the digest,
so none is computed (`hashed=False`).
"""

from __future__ import annotations

import glob
import hashlib
import logging
import os
import re
import socket
import struct
import threading
from pathlib import Path
from queue import Queue
from typing import BinaryIO

import httpx

from aimlapi_veo.errors import DownloadError
from aimlapi_veo.journal.base import file_digest, owner_alive

CONTENT_RANGE = re.compile(r"bytes (?:(\d+)-\d+|\*)/(\d+|\*)")
EXPIRED = frozenset({403, 410})  # a signed URL past its time: fetch the generation again
RETRYABLE = frozenset({408, 429, 500, 502, 503, 504})
# ISO/IEC 14496-12/14 brands (and the Apple/DASH/3GPP variants of the same file format) that a
# player opens as MP4. WebM, HEIF, an HTML page: not in it.
MP4_BRANDS = frozenset(
    {"isom", "iso2", "iso3", "iso4", "iso5", "iso6", "iso8", "iso9", "mp41", "mp42", "mp71",
     "avc1", "M4V ", "M4A ", "dash", "msnv", "3gp4", "3gp5", "3gp6", "3g2a"}
)  # fmt: skip
MAX_BOXES = 10_000  # top-level boxes walked before the file is called malformed
HASH_BACKLOG = 16  # chunks (httpx reads 64 KiB at a time) written but not yet hashed
log = logging.getLogger("aimlapi_veo")


class RetryableDownloadError(Exception):
    """This attempt failed in a way another attempt may not (a 5xx, a short body)."""


class RejectedDownloadError(RetryableDownloadError):
    """The answer arrived whole but is not the video; a second such answer with the same
    cause ends the download (sending the same request again gets the same bytes)."""


class PartFile:
    """`<path>.part`, written from where the last attempt stopped."""

    def __init__(
        self, path: Path, generation_id: str, token: int = 0, *, hashed: bool = True
    ) -> None:
        self.path = path
        self.hashed = hashed
        writer = f".{os.getpid()}@{socket.gethostname()}.t{token}" if token else ""
        self.part = path.with_name(f"{path.name}{writer}.part")
        self.generation_id = generation_id
        self.validator_file = self.part.with_name(self.part.name + ".validator")
        if token and not self.part.exists():
            self._adopt()
        # A part that does not begin like an MP4 (a kept error page) is started over.
        self.offset = self.part.stat().st_size if _starts_mp4(self.part) else 0
        self.validator = self._read_validator() if self.offset else None
        self.total: int | None = None
        self.content_type = ""
        self._file: BinaryIO | None = None
        self._hasher: Hasher | None = None
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
        # identity: byte counts and ranges then mean the file's bytes, not a compressed form.
        headers = {"Accept-Encoding": "identity"}
        if not self.offset:
            return headers
        headers["Range"] = f"bytes={self.offset}-"
        if self.validator:
            headers["If-Range"] = self.validator
        return headers

    def begin(self, response: httpx.Response) -> bool:
        """Get ready to write this answer's body; True if the file is already complete."""
        status = response.status_code
        self.content_type = response.headers.get("content-type", "")
        if status in (200, 206) and _encoding(response) not in ("", "identity"):
            return self._begin_encoded(response)
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

    def _begin_encoded(self, response: httpx.Response) -> bool:
        """A body encoded although identity was asked: decoded whole from byte 0 (lengths and
        ranges count its encoded bytes, so its boxes decide, and it cannot be resumed)."""
        log.warning(
            "the video of %s came %s-encoded although identity was asked: decoded as HTTP "
            "says and judged by its boxes; not resumable",
            self.generation_id,
            _encoding(response),
        )
        self.total = None
        self._open(0)
        self._keep_validator(None)
        if response.status_code == 206:  # an encoded slice cannot be decoded on its own
            raise RetryableDownloadError("an encoded range: starting over")
        return False

    def _open(self, offset: int) -> None:
        self.close()
        self.part.parent.mkdir(parents=True, exist_ok=True)
        self._file = self.part.open("r+b" if offset and self.part.exists() else "wb")
        if offset:  # a fresh file is empty already; truncating it makes ext4 flush on close
            self._file.truncate(offset)
        self._file.seek(offset)
        self.offset = offset
        self._hasher = Hasher() if offset == 0 and self.hashed else None

    def write(self, chunk: bytes) -> None:
        if self._file is None:
            raise RuntimeError("begin() first")
        self._file.write(chunk)
        self.offset += len(chunk)
        if self._hasher is not None:
            self._hasher.update(chunk)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
            self._seen = self._identity()
        if self._hasher is not None:
            self._hasher.finish()

    def complete(self, expected_size: int | None) -> tuple[int, str]:
        """Accept the part as the video (see the module's docstring): its (size, sha256) (the
        digest is "" when not `hashed`). `commit()` then moves it into place."""
        self.close()
        if self.total is not None and self.offset < self.total:
            raise RetryableDownloadError(
                f"got {self.offset} of {self.total} bytes (Content-Length)"
            )
        if self.total is not None and self.offset > self.total:
            self._open(0)
            raise RetryableDownloadError(
                f"got {self.offset} bytes, Content-Length says {self.total}: starting over"
            )
        if not self.part.exists():
            self.offset = 0
            raise RetryableDownloadError("the part file vanished: starting over")
        problem = mp4_problem(self.part) or self._size_problem(expected_size)
        if problem:
            raise RejectedDownloadError(f"{problem}; what arrived: {self.arrived()}")
        hasher, self._hasher = self._hasher, None
        written = hasher.finish() if hasher is not None else None
        try:
            if not self.hashed:
                digest = ""
            elif written is not None and written[0] == self.offset:
                digest = written[1]
            else:
                digest = file_digest(self.part)[1]
        except FileNotFoundError:
            self.offset = 0
            raise RetryableDownloadError("the part file vanished: starting over") from None
        if self._identity() != self._seen:  # changed since we closed it: not what we wrote
            self.offset = 0
            raise RetryableDownloadError("the part file changed under us: starting over")
        return self.offset, digest

    def commit(self) -> Path:
        """Move the accepted part into place; other owners' parts of this file go."""
        self.part.replace(self.path)
        pattern = glob.escape(self.path.name) + ".*part*"
        for leftover in self.path.parent.glob(pattern):
            if leftover.name.endswith((".part", ".part.validator")):
                leftover.unlink(missing_ok=True)
        return self.path

    def _size_problem(self, expected: int | None) -> str | None:
        """`file_size` disagreeing with a whole MP4: a problem when plausible, else logged."""
        if expected is None or expected == self.offset:
            return None
        if self.offset / 2 <= expected <= self.offset * 2:
            return f"file_size says {expected} bytes, {self.offset} arrived"
        log.warning(
            "the video of %s is a whole MP4 of %d bytes; its file_size %d is not plausible "
            "(another unit?) and was not used",
            self.generation_id,
            self.offset,
            expected,
        )
        return None

    def arrived(self) -> str:
        """What the part holds, for an error a person can act on: type, size, first bytes."""
        head = _head(self.part, 24)
        kind = self.content_type or "no Content-Type"
        return f"{kind}, {self.offset} bytes, starting {head!r}; kept in {self.part}"

    def _keep_validator(self, validator: str | None) -> None:
        self.validator = validator
        if validator:
            self.validator_file.write_text(validator, encoding="utf-8")
        else:
            self.validator_file.unlink(missing_ok=True)


class Hasher:
    """sha256 of the bytes given to `update`, computed in a thread of its own. At most
    HASH_BACKLOG chunks wait for it: a download faster than the hash waits for it rather than
    holding the file in memory (measured, 100 MiB over loopback with no bound: up to 28 MiB)."""

    def __init__(self) -> None:
        self._chunks: Queue[bytes | None] = Queue(HASH_BACKLOG)
        self._sha = hashlib.sha256()
        self._size = 0
        self._thread = threading.Thread(target=self._run, name="veo-sha256", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (chunk := self._chunks.get()) is not None:
            self._sha.update(chunk)
            self._size += len(chunk)

    def update(self, chunk: bytes) -> None:
        self._chunks.put(chunk)

    def finish(self) -> tuple[int, str]:
        """(bytes hashed, sha256 hex), once every byte given is hashed; the thread ends."""
        if self._thread.is_alive():
            self._chunks.put(None)
            self._thread.join()
        return self._size, self._sha.hexdigest()


def _validator(response: httpx.Response) -> str | None:
    """What If-Range can send back: a strong ETag, else Last-Modified."""
    etag: str | None = response.headers.get("etag")
    if etag and not etag.startswith("W/"):
        return etag
    modified: str | None = response.headers.get("last-modified")
    return modified


def _encoding(response: httpx.Response) -> str:
    encoding: str = response.headers.get("content-encoding", "identity").strip().lower()
    return encoding


def _head(path: Path, size: int) -> bytes:
    try:
        with path.open("rb") as file:
            return file.read(size)
    except OSError:
        return b""


def _starts_mp4(path: Path) -> bool:
    head = _head(path, 12)
    return len(head) == 12 and head[4:8] == b"ftyp" and head[8:12].decode("latin-1") in MP4_BRANDS


def mp4_problem(path: Path) -> str | None:
    """Why the file is not a whole MP4, or None: an `ftyp` box first whose major or a
    compatible brand is of the MP4 family, top-level boxes that end exactly at the end of the
    file, and a `moov` box among them."""
    size = path.stat().st_size
    seen: list[str] = []
    with path.open("rb") as file:
        offset = 0
        while offset < size and len(seen) < MAX_BOXES:
            file.seek(offset)
            kind, length, body = _box(file.read(16), size - offset)
            if not seen and kind != "ftyp":
                return "not an MP4 (it does not begin with an 'ftyp' box)"
            if length is None or offset + length > size:
                return f"cut short: the file ends inside its {kind!r} box at byte {offset}"
            if kind == "ftyp" and not seen and not _brands(file, offset, length) & MP4_BRANDS:
                return f"not an MP4 (its 'ftyp' names no MP4 brand: {body!r})"
            seen.append(kind)
            offset += length
    if offset != size:
        return f"not an MP4 (more than {MAX_BOXES} top-level boxes)"
    return None if "moov" in seen else "not a playable MP4 (no 'moov' box)"


def _box(header: bytes, room: int) -> tuple[str, int | None, bytes]:
    """(type, total length or None when unreadable, the bytes after the type)."""
    if len(header) < 8:
        return "?", None, b""
    length, kind = struct.unpack(">I", header[:4])[0], header[4:8].decode("latin-1")
    if length == 1:  # a 64-bit size follows
        length = struct.unpack(">Q", header[8:16])[0] if len(header) >= 16 else 0
    elif length == 0:  # to the end of the file
        length = room
    return kind, (length if length >= 8 else None), header[8:16]


def _brands(file: BinaryIO, offset: int, length: int) -> set[str]:
    file.seek(offset + 8)
    data = file.read(min(length, 256) - 8)
    return {data[i : i + 4].decode("latin-1") for i in range(0, len(data) - 3, 4) if i != 4}
